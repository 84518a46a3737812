import * as vscode from 'vscode';
import { trackOffset, type TextChange } from '../core/text/offsetTracking';

/**
 * Remembers where the writer's cursors were when a picker opened, and follows them through any edits made
 * while it was open. `resolve()` gives the positions to insert at now, or undefined when the text around a
 * cursor was replaced (then the insertion is refused with a message, never put into moved words).
 */
export class TrackedInsertion implements vscode.Disposable {
  private readonly offsets: Array<number | undefined>;
  private readonly subscription: vscode.Disposable;
  private closed = false;

  constructor(readonly document: vscode.TextDocument, selections: readonly vscode.Selection[]) {
    this.offsets = selections.map((s) => document.offsetAt(s.active));
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.document) return;
        // VS Code reports one event's changes against the text before the event; applying them from the
        // last offset to the first keeps each one valid.
        const changes: TextChange[] = [...event.contentChanges]
          .sort((a, b) => b.rangeOffset - a.rangeOffset)
          .map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
        for (let i = 0; i < this.offsets.length; i++) {
          const offset = this.offsets[i];
          this.offsets[i] = offset === undefined ? undefined : trackOffset(offset, changes);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed === this.document) this.closed = true;
      }),
    );
  }

  /** Positions to insert at, or a message saying why the insertion cannot be made. */
  resolve(): { positions: vscode.Position[] } | { refused: string } {
    if (this.closed || this.document.isClosed) {
      return { refused: vscode.l10n.t('The draft was closed before the insertion could be made. Nothing was changed.') };
    }
    if (this.offsets.some((o) => o === undefined)) {
      return {
        refused: vscode.l10n.t('The text at the cursor changed while you were choosing, so nothing was inserted. Place the cursor again and retry.'),
      };
    }
    return { positions: this.offsets.map((o) => this.document.positionAt(o as number)) };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * One edit of the draft that undoes in a single step: text at each position, optional text at the end, and other
 * replacements that go with it (a LaTeX preamble's lines), none overlapping the positions. Text inserted at the same
 * place goes in that order: the positions' text first.
 */
export async function insertAsOneUndoStep(
  editor: vscode.TextEditor,
  positions: readonly vscode.Position[],
  textAt: (index: number) => string,
  append?: string,
  replacements: ReadonlyArray<{ range: vscode.Range; text: string }> = [],
): Promise<boolean> {
  const document = editor.document;
  const end = document.lineAt(document.lineCount - 1).range.end;
  return editor.edit(
    (builder) => {
      positions.forEach((position, index) => builder.insert(position, textAt(index)));
      for (const replacement of replacements) builder.replace(replacement.range, replacement.text);
      if (append) builder.insert(end, append);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
}

/** The editor showing a document, if any is visible; else opens it. */
export async function editorFor(document: vscode.TextDocument): Promise<vscode.TextEditor> {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  return visible ?? vscode.window.showTextDocument(document);
}
