// The one place that turns what the writer chose (sources, paragraphs, quoted words) into text for the current
// file — the form its language needs (Markdown footnote, Pandoc, LaTeX, plain), in the chosen style, the short
// form once a source was cited before — and inserts it at the tracked cursors as a single undo step.
import * as vscode from 'vscode';
import type { CiteItem } from '../core/types';
import type { Sourcebook } from '../core/sourcebook';
import type { DraftFormat } from '../core/drafts/draftReader';
import { citedKeys, keysCitedBefore, uniqueKeys, type CitedKey } from '../core/drafts/draftCitations';
import { footnoteDefinitionAppend, nextFootnoteLabel } from '../core/drafts/footnotes';
import { noteText, quotationText } from '../core/quotations/quotationText';
import { TrackedInsertion, editorFor, insertAsOneUndoStep } from './edits';
import { DRAFT_LANGUAGES, settings } from './settings';
import { activeStyle } from '../features/citationStyle';

/** What to insert: a citation of `items`, after the quoted `quotation` when there is one. */
export interface Insertion {
  items: CiteItem[];
  quotation?: string;
}

export interface InsertionResult {
  inserted: boolean;
  /** Why nothing was inserted, as told to the writer. */
  message?: string;
}

const NOT_DRAFT_SCHEMES = new Set(['sourcebook', 'output', 'git', 'vscode-scm', 'comment', 'debug', 'walkThrough', 'vscode-settings']);

/** A document Sourcebook inserts into: Markdown, LaTeX or plain text, not a source or an output pane. */
export function isDraft(document: vscode.TextDocument): boolean {
  return (DRAFT_LANGUAGES as readonly string[]).includes(document.languageId) && !NOT_DRAFT_SCHEMES.has(document.uri.scheme);
}

/** The markup of the draft: what quotation marks and block quotations look like in it. */
export function draftFormat(document: vscode.TextDocument): DraftFormat {
  if (document.languageId === 'latex' || document.languageId === 'tex') return 'latex';
  if (document.languageId === 'markdown') return 'markdown';
  return 'plain';
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

/** Cursors to insert at: after each selection (a selection is cited, not replaced). */
export function insertionPoints(editor: vscode.TextEditor): vscode.Selection[] {
  return editor.selections.map((s) => new vscode.Selection(s.end, s.end));
}

function isReadOnly(document: vscode.TextDocument): boolean {
  if (NOT_DRAFT_SCHEMES.has(document.uri.scheme)) return true;
  return vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;
}

function refuse(message: string): InsertionResult {
  void vscode.window.showWarningMessage(message);
  return { inserted: false, message };
}

/** A citation goes after a word with a space (a tie in LaTeX); a footnote reference goes straight after. */
function separatorBefore(previous: string, form: string): string {
  if (!previous || /\s|[([{]/.test(previous) || form === 'footnote') return '';
  return form === 'latex' ? '~' : ' ';
}

/**
 * Inserts `what` at the positions `tracked` has followed since the writer asked, as one undo step. Refuses, with
 * a message and without touching the draft, when the draft was closed, is read-only, or the text at a cursor
 * changed while the writer was choosing.
 */
export async function insertAtTracked(
  sourcebook: Sourcebook,
  tracked: TrackedInsertion,
  what: Insertion,
): Promise<InsertionResult> {
  const document = tracked.document;
  if (document.isClosed) return refuse(vscode.l10n.t('The draft was closed before the insertion could be made. Nothing was changed.'));
  if (isReadOnly(document)) {
    return refuse(vscode.l10n.t('{0} is read-only: open the draft you are writing and run the command there.', vscode.workspace.asRelativePath(document.uri)));
  }
  const current = settings(document.uri);
  const form = current.citationForm(document.languageId);
  const style = await activeStyle(sourcebook, document.uri);
  if (!style.ok) return refuse(style.message);
  let editor: vscode.TextEditor;
  try {
    editor = await editorFor(document);
  } catch {
    return refuse(vscode.l10n.t('The draft could not be shown, so nothing was inserted.'));
  }

  // From here to the edit nothing is awaited: the text the insertion is computed from is the text it goes into.
  const resolved = tracked.resolve();
  if ('refused' in resolved) return refuse(resolved.refused);
  const text = document.getText();
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const format = draftFormat(document);
  const cited: CitedKey[] = citedKeys(text, sourcebook.library.sources.map((s) => s.meta), format);
  const order = resolved.positions
    .map((position, index) => ({ position, index, offset: document.offsetAt(position) }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index);
  const positions = order.map((o) => o.position);
  const keys = what.items.map((item) => item.key);
  const texts: string[] = [];
  const notes: Array<{ label: string; text: string }> = [];
  const firstLabel = form === 'footnote' ? Number(nextFootnoteLabel(text)) : 0;
  const citedInDraft = uniqueKeys(cited);

  for (let i = 0; i < order.length; i++) {
    const { position, offset } = order[i];
    const before = keysCitedBefore(cited, offset);
    if (i > 0) for (const key of keys) if (!before.includes(key)) before.push(key);
    const citation = sourcebook.citations.citeSync({ style: style.value.id, items: what.items, form, citedBefore: before, cited: citedInDraft });
    if (!citation.ok) return refuse(citation.message);
    let reference = citation.value;
    if (form === 'footnote') {
      const label = String(firstLabel + i);
      reference = `[^${label}]`;
      notes.push({ label, text: noteText(citation.value) });
    }
    const line = document.lineAt(position.line).text;
    const lineBefore = line.slice(0, position.character);
    if (what.quotation !== undefined) {
      const quoted = quotationText({
        words: what.quotation,
        format,
        form: current.quotationForm,
        blockWords: current.blockQuotationWords,
        citation: reference,
        citationIsNoteReference: form === 'footnote',
        lineBefore,
        lineAfter: line.slice(position.character),
        eol,
      });
      texts.push(/^[\r\n]/.test(quoted) || quoted.startsWith('>') || quoted.startsWith('\\begin') ? quoted : separatorBefore(lineBefore.slice(-1), 'plain') + quoted);
    } else {
      texts.push(separatorBefore(lineBefore.slice(-1), form) + reference);
    }
  }

  // The notes go at the end of the draft as it will read after the insertions (one may be at its very end).
  let tail = text;
  for (let i = order.length - 1; i >= 0; i--) tail = tail.slice(0, order[i].offset) + texts[i] + tail.slice(order[i].offset);
  let append = '';
  for (const note of notes) {
    const definition = footnoteDefinitionAppend(tail, note.label, note.text);
    append += definition;
    tail += definition;
  }

  try {
    const done = await insertAsOneUndoStep(editor, positions, (i) => texts[i], append || undefined);
    if (!done) return refuse(vscode.l10n.t('The draft changed while the text was being inserted, so nothing was inserted. Run the command again.'));
    // Each cursor goes just after what was inserted at it (not after a footnote appended at the end).
    let shift = 0;
    editor.selections = order.map(({ offset }, i) => {
      shift += texts[i].length;
      const position = document.positionAt(offset + shift);
      return new vscode.Selection(position, position);
    });
  } catch (error) {
    return refuse(vscode.l10n.t('Nothing was inserted: {0}', error instanceof Error ? error.message : String(error)));
  }
  return { inserted: true };
}

/** As `insertAtTracked`, at the editor's cursors now (no picker in between). */
export async function insertNow(sourcebook: Sourcebook, editor: vscode.TextEditor, what: Insertion): Promise<InsertionResult> {
  const tracked = new TrackedInsertion(editor.document, insertionPoints(editor));
  try {
    return await insertAtTracked(sourcebook, tracked, what);
  } finally {
    tracked.dispose();
  }
}
