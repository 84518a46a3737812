// Completion of citation keys: after `[@` (or `; @`) in Markdown and inside `\cite{…}` in LaTeX, the sources' keys
// with their formatted references in the chosen style.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { shortName } from '../core/search/citationQuery';
import { plainTitle } from '../core/sources/titles';
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

export class CitationCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly service: SourcebookService) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const lineBefore = document.lineAt(position.line).text.slice(Math.max(0, position.character - 500), position.character);
    const context = keyContext(lineBefore, draftFormat(document));
    if (!context) return undefined;
    const sourcebook = await this.service.get();
    const style = await citationStyleFor(sourcebook, document.uri);
    const start = position.character - (lineBefore.length - context.start);
    const range = new vscode.Range(position.line, start, position.line, position.character);
    return sourcebook.library.sources.map((source, index) => {
      const reference = style.ok ? sourcebook.citations.referenceSync(style.value.id, source.meta.key, 'text') : undefined;
      const title = plainTitle(source.meta.title);
      const text = reference?.ok ? reference.value : `${shortName(source.meta)}. ${title}.`;
      const item = new vscode.CompletionItem({ label: source.meta.key, description: shortName(source.meta) }, vscode.CompletionItemKind.Reference);
      item.range = range;
      item.insertText = source.meta.key;
      item.filterText = `${source.meta.key} ${shortName(source.meta)} ${title}`;
      item.sortText = String(index).padStart(4, '0');
      item.detail = text;
      // Plain text in the documentation: a title may hold Markdown or HTML, never rendered as such.
      item.documentation = `${text}\n\n${source.paragraphs.length} paragraphs`;
      return item;
    });
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
