// Which documents are drafts (Markdown, LaTeX or plain text the writer is writing, not a source, an output pane or
// a diff), and the draft the writer was last editing, for commands run from a source or the sidebar.
import * as vscode from 'vscode';
import { editorFor } from './edits';
import { DRAFT_LANGUAGES } from './settings';

const NOT_DRAFT_SCHEMES = new Set(['sourcebook', 'output', 'git', 'vscode-scm', 'comment', 'debug', 'walkThrough', 'vscode-settings']);

/** A document Sourcebook inserts into: Markdown, LaTeX or plain text, not a source or an output pane. */
export function isDraft(document: vscode.TextDocument): boolean {
  return (DRAFT_LANGUAGES as readonly string[]).includes(document.languageId) && !NOT_DRAFT_SCHEMES.has(document.uri.scheme);
}

/** A document nothing may be written into: a source, an output pane, a read-only file system. */
export function isReadOnly(document: vscode.TextDocument): boolean {
  if (NOT_DRAFT_SCHEMES.has(document.uri.scheme)) return true;
  return vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;
}

/** Remembers the draft the writer was last editing, for commands run from a source or the sidebar. */
export class DraftTracker implements vscode.Disposable {
  private last: vscode.TextDocument | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    const remember = (editor: vscode.TextEditor | undefined) => {
      if (editor && isDraft(editor.document)) this.last = editor.document;
    };
    remember(vscode.window.activeTextEditor);
    this.subscription = vscode.Disposable.from(
      vscode.window.onDidChangeActiveTextEditor(remember),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.last) this.last = undefined;
      }),
    );
  }

  /** The active editor when it shows a draft, else the draft last edited (shown again), else undefined. */
  async editor(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active && isDraft(active.document)) return active;
    if (!this.last || this.last.isClosed) return undefined;
    return editorFor(this.last);
  }

  get lastDraft(): vscode.TextDocument | undefined {
    return this.last && !this.last.isClosed ? this.last : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

const trackers = new WeakMap<vscode.ExtensionContext, DraftTracker>();

/** The tracker of this extension's window, created once and shared by the commands that need it. */
export function draftTracker(context: vscode.ExtensionContext): DraftTracker {
  let tracker = trackers.get(context);
  if (!tracker) {
    tracker = new DraftTracker();
    trackers.set(context, tracker);
    context.subscriptions.push(tracker);
  }
  return tracker;
}
