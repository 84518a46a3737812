// Completion of citation keys: after `[@` (or `; @`) in Markdown and inside `\cite{…}` in LaTeX, the sources' keys
// with their formatted references in the chosen style.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { keyCompletions, type KeyCompletion } from '../core/search/keyCompletion';
import type { DraftFormat } from '../core/drafts/draftReader';
import { citationStyleFor, draftFormat } from '../edge/citationSettings';

/** Where a key is being typed on this line (text before the cursor): the key's start and what is typed of it. */
export function keyContext(lineBefore: string, format: DraftFormat): { start: number; typed: string } | undefined {
  if (format === 'latex') {
    const match = /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]]*\]){0,2}\{((?:[^{}]*,)?\s*)([^,{}\s]*)$/.exec(lineBefore);
    return match ? { start: lineBefore.length - match[2].length, typed: match[2] } : undefined;
  }
  const match = /(?:^|[\s[;])-?@([\p{L}\p{N}_:.#$%&+?<>~/-]*)$/u.exec(lineBefore);
  if (!match) return undefined;
  // Only inside brackets: `[@`, `[see @`, `; @`, so an e-mail address or a handle in prose is left alone.
  const open = lineBefore.lastIndexOf('[');
  if (open === -1 || lineBefore.indexOf(']', open) !== -1) return undefined;
  return { start: lineBefore.length - match[1].length, typed: match[1] };
}

/** A completion item that knows its key, so its reference is formatted only when VS Code shows it. */
class KeyCompletionItem extends vscode.CompletionItem {
  constructor(
    readonly entry: KeyCompletion,
    readonly document: vscode.TextDocument,
  ) {
    super({ label: entry.key, description: entry.description }, vscode.CompletionItemKind.Reference);
  }
}

export class CitationCompletionProvider implements vscode.CompletionItemProvider<KeyCompletionItem> {
  constructor(private readonly service: SourcebookService) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList<KeyCompletionItem> | undefined> {
    const lineBefore = document.lineAt(position.line).text.slice(Math.max(0, position.character - 500), position.character);
    const context = keyContext(lineBefore, draftFormat(document));
    if (!context) return undefined;
    const sourcebook = await this.service.get();
    const start = position.character - (lineBefore.length - context.start);
    const range = new vscode.Range(position.line, start, position.line, position.character);
    const { entries, complete } = keyCompletions(sourcebook.library.sources, context.typed);
    const items = entries.map((entry) => {
      const item = new KeyCompletionItem(entry, document);
      item.range = range;
      item.insertText = entry.key;
      item.filterText = entry.filterText;
      item.sortText = entry.sortText;
      item.detail = entry.summary;
      // Plain text in the documentation: a title may hold Markdown or HTML, never rendered as such.
      item.documentation = `${entry.summary}\n\n${entry.extent}`;
      return item;
    });
    return new vscode.CompletionList(items, !complete);
  }

  /** The reference in the document's style, formatted for the item VS Code is about to show. */
  async resolveCompletionItem(item: KeyCompletionItem): Promise<KeyCompletionItem> {
    const sourcebook = await this.service.get();
    const style = await citationStyleFor(sourcebook, item.document.uri);
    const reference = style.ok ? sourcebook.citations.referenceSync(style.value.id, item.entry.key, 'text') : undefined;
    if (reference?.ok) {
      item.detail = reference.value;
      item.documentation = `${reference.value}\n\n${item.entry.extent}`;
    }
    return item;
  }
}

/** Keys after `[@` in Markdown and in `\cite{` in LaTeX. */
export function registerCitationCompletion(context: vscode.ExtensionContext, service: SourcebookService): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      [{ language: 'markdown' }, { language: 'latex' }],
      new CitationCompletionProvider(service),
      '@',
      '{',
      ',',
    ),
  );
}
