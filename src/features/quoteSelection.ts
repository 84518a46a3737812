// Quote Selection in Draft: words selected in the source reader go into the draft the writer was last editing, as a
// quotation with its citation and paragraph locator ("quoted in" when the words are someone else's).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { draftTracker, type DraftTracker } from '../edge/drafts';
import { insertNow, type InsertionResult } from '../edge/insertion';
import { paragraphAtPosition, parseSourceUri } from '../edge/readerDocuments';
import { quotationFor, type Quotation } from '../core/quotations/passageQuotation';
import { hasText } from '../core/sources/readerText';

/** The quotation a selection in a reader document stands for; a message when it is not one. */
export function quotationFromSelection(sourcebook: Sourcebook, document: vscode.TextDocument, selection: vscode.Selection): Quotation | string {
  const source = parseSourceUri(document.uri);
  if (!source) return vscode.l10n.t('Select words in a source opened with Sourcebook (the Sources view, or "Sourcebook: Open Source"), then quote them.');
  const opened = sourcebook.library.source(source.key);
  if (opened && !hasText(opened)) return vscode.l10n.t('No text for this source: {0} is a reference only, so there are no words to quote. Cite it with Insert Citation.', source.key);
  let start = paragraphAtPosition(document, selection.start);
  let end = paragraphAtPosition(document, selection.end);
  // A selection may start or end on a blank line or a heading between paragraphs: move it to the nearest text.
  for (let line = selection.start.line + 1; !start && line <= selection.end.line; line++) start = paragraphAtPosition(document, new vscode.Position(line, 0));
  for (let line = selection.end.line - 1; !end && line >= selection.start.line; line--) {
    end = paragraphAtPosition(document, new vscode.Position(line, document.lineAt(line).text.length));
  }
  if (!start || !end) return vscode.l10n.t('Select words of a numbered paragraph to quote them.');
  if (selection.isEmpty) return quotationFor(sourcebook.library, source.key, start.paragraph) ?? vscode.l10n.t('That paragraph is no longer in the source.');
  if (start.paragraph === end.paragraph) {
    const quotation = quotationFor(sourcebook.library, source.key, start.paragraph, start.offset, end.offset);
    if (!quotation || !quotation.words.trim()) return vscode.l10n.t('Select words of a numbered paragraph to quote them.');
    return quotation;
  }
  const parts: string[] = [];
  for (let number = start.paragraph; number <= end.paragraph; number++) {
    const text = sourcebook.library.paragraph(source.key, number)?.text ?? '';
    const from = number === start.paragraph ? start.offset : 0;
    const to = number === end.paragraph ? end.offset : text.length;
    if (text.slice(from, to).trim()) parts.push(text.slice(from, to).trim());
  }
  return { words: parts.join(' '), cite: { key: source.key, paragraph: `${start.paragraph}-${end.paragraph}` } };
}

export class QuoteSelection {
  constructor(
    private readonly service: SourcebookService,
    private readonly tracker: DraftTracker,
  ) {}

  async run(): Promise<InsertionResult | undefined> {
    const reader = vscode.window.activeTextEditor;
    if (!reader) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select words in a source first.'));
      return undefined;
    }
    const sourcebook = await this.service.get();
    const quotation = quotationFromSelection(sourcebook, reader.document, reader.selection);
    if (typeof quotation === 'string') {
      void vscode.window.showWarningMessage(quotation);
      return undefined;
    }
    const draft = this.tracker.lastDraft;
    if (!draft) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open the draft to quote into (Markdown, LaTeX or plain text), then select the words in the source again.'));
      return undefined;
    }
    const editor = await this.tracker.editor();
    if (!editor) return undefined;
    return insertNow(sourcebook, editor, { items: [quotation.cite], quotation: quotation.words });
  }
}

export function registerQuoteSelection(context: vscode.ExtensionContext, service: SourcebookService): void {
  const command = new QuoteSelection(service, draftTracker(context));
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.quoteSelectionInDraft, () => command.run()));
}
