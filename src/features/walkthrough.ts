// The first-run walkthrough's buttons: Open Sample Draft opens the sample essay (bundled, as an untitled Markdown
// document the writer may change freely) and, asked to, goes on with the walkthrough's step: show the card on a
// name, or place the cursor at the end and insert a quotation or a citation.
import * as vscode from 'vscode';
import sampleDraft from '../../sample/draft.md';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';

/** What the walkthrough asks for after opening the draft. */
export type SampleDraftStep = 'hover' | 'insertQuotation' | 'insertCitation';

export interface OpenSampleDraftArgs {
  then?: SampleDraftStep;
}

/** The name the hover step shows a card for. */
const HOVER_NAME = 'Siân James';
/** Where the citation step cites: the end of the sample's sentence about the film, which has no citation yet. */
const UNCITED_SENTENCE_END = 'told the story to a new audience';

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
        this.atUncitedSentence(editor);
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

  /**
   * The cursor in a new, empty paragraph before the draft's last one: the quotation is a paragraph of its own (under a
   * notes style its footnote's note goes at the end, after the prose).
   */
  private async atNewParagraph(editor: vscode.TextEditor): Promise<void> {
    const text = editor.document.getText();
    const lastBreak = text.trimEnd().lastIndexOf('\n\n');
    const at = editor.document.positionAt(lastBreak === -1 ? text.length : lastBreak + 2);
    await editor.edit((edit) => edit.insert(at, '\n\n'), { undoStopBefore: true, undoStopAfter: true });
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The cursor at the end of a sentence the sample leaves uncited, before its full stop. */
  private atUncitedSentence(editor: vscode.TextEditor): void {
    const offset = editor.document.getText().indexOf(UNCITED_SENTENCE_END);
    if (offset === -1) return;
    const at = editor.document.positionAt(offset + UNCITED_SENTENCE_END.length);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

export function registerWalkthrough(context: vscode.ExtensionContext, _service: SourcebookService): void {
  const draft = new SampleDraft();
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.openSampleDraft, (args?: OpenSampleDraftArgs) => draft.run(args)),
  );
}
