// The first-run walkthrough's buttons: Open Sample Draft opens the sample essay (bundled, as an untitled Markdown
// document the writer may change freely) and, asked to, goes on with the walkthrough's step: show the card on a
// name, or place the cursor at the end and insert a quotation or a citation.
import * as vscode from 'vscode';
import sampleDraft from '../../sample/draft.md';
import type { SourcebookService } from '../sourcebookService';
import { CommandIds } from '../commandIds';

/** What the walkthrough asks for after opening the draft. */
export type SampleDraftStep = 'hover' | 'insertQuotation' | 'insertCitation';

export interface OpenSampleDraftArgs {
  then?: SampleDraftStep;
}

/** The name the hover step shows a card for. */
const HOVER_NAME = 'Siân James';

export class SampleDraft {
  private document: vscode.TextDocument | undefined;

  constructor(private readonly text: string = sampleDraft) {}

  /** The sample draft, the same untitled document while it is open, a fresh one once it was closed. */
  async open(): Promise<vscode.TextEditor> {
    if (!this.document || this.document.isClosed) {
      this.document = await vscode.workspace.openTextDocument({ language: 'markdown', content: this.text });
    }
    return vscode.window.showTextDocument(this.document, { preview: false });
  }

  async run(args?: OpenSampleDraftArgs): Promise<void> {
    const editor = await this.open();
    switch (args?.then) {
      case 'hover':
        return this.showCard(editor);
      case 'insertQuotation':
        await this.atNewParagraph(editor);
        await vscode.commands.executeCommand(CommandIds.insertQuotation);
        return;
      case 'insertCitation':
        await this.atNewParagraph(editor);
        await vscode.commands.executeCommand(CommandIds.insertCitation);
        return;
      default: {
        const at = this.positionOf(editor.document, HOVER_NAME);
        if (at) editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
  }

  private positionOf(document: vscode.TextDocument, words: string): vscode.Position | undefined {
    const offset = document.getText().indexOf(words);
    return offset === -1 ? undefined : document.positionAt(offset + 1);
  }

  /** Rests the cursor on the name and shows its card, as the pointer would. */
  private async showCard(editor: vscode.TextEditor): Promise<void> {
    const at = this.positionOf(editor.document, HOVER_NAME);
    if (!at) return;
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
  }

  /** The cursor on an empty line of its own at the end of the draft, where the insertion goes. */
  private async atNewParagraph(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const end = document.lineAt(document.lineCount - 1);
    if (end.text.trim() !== '') {
      await editor.edit((edit) => edit.insert(end.range.end, '\n\n'), { undoStopBefore: true, undoStopAfter: true });
    }
    const last = document.lineAt(document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(last, last);
    editor.revealRange(new vscode.Range(last, last));
  }
}

export function registerWalkthrough(context: vscode.ExtensionContext, _service: SourcebookService): void {
  const draft = new SampleDraft();
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.openSampleDraft, (args?: OpenSampleDraftArgs) => draft.run(args)),
  );
}
