// From a name to its passages: Go to Definition / Peek on an entity name shows where the sources name it (in the
// reader documents); "Show Passages" picks one of those mentions; "Show Card" opens the entity's full card.
// From a citation to the passage: Go to Definition / Peek on a citation opens the cited paragraph in the reader,
// and the quoted words themselves when the citation follows a quotation found in that paragraph. A page citation of
// a PDF source opens the paragraphs on that printed page (core/cards/card.ts's resolveCitation finds them).
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import type { Mention, Source } from '../core/types';
import { mentionSnippet, pickText, resolveCitation } from '../core/cards/card';
import { sourceLabel } from '../core/sources/readerText';
import { findQuotations } from '../core/quotations/quotationFinder';
import type { FoundQuotation } from '../core/quotations/quotationFinder';
import { checkQuotation } from '../core/quotations/quotationCheck';
import type { SourceWordIndex } from '../core/quotations/sourceWordIndex';
import { whenIndexed } from '../edge/indexing';
import { CommandIds } from '../edge/commandIds';
import { draftSelector } from '../edge/settings';
import { draftFormat } from '../edge/citationSettings';
import { toRange } from '../edge/vscodeTypes';
import { READER_LANGUAGE, cardUri, openReaderDocument, readerRange } from '../edge/readerDocuments';
import { citationAtPosition } from '../edge/citationAtPosition';
import { commandEntity } from '../edge/commandEntity';

/**
 * Go to Definition / Peek: on a citation, the cited passages; on a name, its mentions; both in the reader documents
 * of the sources.
 */
export class EntityDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly service: SourcebookService) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[] | undefined> {
    const sourcebook = await this.service.get();
    if (document.languageId !== READER_LANGUAGE) {
      const cited = await this.citedPassages(sourcebook, document, position, token);
      if (cited && cited.length > 0) return cited;
    }
    const lineAt = (line: number) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
    const found = sourcebook.library.entityAtPosition(lineAt, { line: position.line, character: position.character });
    const ids = found?.match.entityId ? [found.match.entityId] : (found?.match.candidates ?? []);
    if (!found || ids.length === 0) return undefined;
    const origin = toRange(found.range);
    const links: vscode.LocationLink[] = [];
    await sourcebook.mentionsReady();
    if (token.isCancellationRequested) return undefined;
    for (const id of ids) {
      for (const { source, mentions } of sourcebook.library.sourcesMentioning(id)) {
        if (token.isCancellationRequested) return undefined;
        const reader = await openReaderDocument(this.service, source.meta.key);
        if (!reader) continue;
        for (const mention of mentions) {
          const target = readerRange(reader, mention.paragraph, mention.start, mention.end);
          if (!target) continue;
          const paragraph = readerRange(reader, mention.paragraph) ?? target;
          links.push({ originSelectionRange: origin, targetUri: reader.uri, targetRange: paragraph, targetSelectionRange: target });
        }
      }
    }
    return links;
  }

  /**
   * The passages the citation under the cursor points at: each cited paragraph (a range of paragraphs as one
   * target; the first paragraph when the citation gives none), narrowed to the quoted words when the citation
   * belongs to a quotation found there. Undefined when the cursor is on no citation or it names no known source.
   */
  private async citedPassages(
    sourcebook: Sourcebook,
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.LocationLink[] | undefined> {
    const cited = citationAtPosition(document, position);
    if (!cited) return undefined;
    const items = resolveCitation(sourcebook.library, cited.citation).filter((item) => item.key !== undefined);
    if (items.length === 0) return undefined;
    const quotation = quotationCitedAt(document, document.offsetAt(position));
    const links: vscode.LocationLink[] = [];
    for (const item of items) {
      if (token.isCancellationRequested) return undefined;
      const source = sourcebook.library.source(item.key!);
      const reader = source ? await openReaderDocument(this.service, source.meta.key) : undefined;
      if (!source || !reader) continue;
      // A paragraph the source does not have (the hover says so) still leads to the source: its first paragraph.
      const first = source.paragraphs[0]?.number ?? 1;
      const number = item.paragraph !== undefined && !item.problem ? item.paragraph : first;
      const last = item.paragraphEnd !== undefined && !item.problem ? item.paragraphEnd : number;
      const paragraph = readerRange(reader, number);
      if (!paragraph) continue;
      const end = readerRange(reader, last) ?? paragraph;
      const targetRange = paragraph.union(end);
      const index = quotation ? await whenIndexed(sourcebook, 'quotations', sourcebook.wordIndexReady(), 'editor') : undefined;
      const words = quotation && index ? quotedWords(index, source, quotation, number, item.paragraph === undefined ? undefined : last) : undefined;
      const quoted = words && readerRange(reader, words.paragraph, words.start, words.end);
      if (words && quoted) {
        // The paragraph that holds the words around them, for Peek.
        links.push({ originSelectionRange: cited.range, targetUri: reader.uri, targetRange: readerRange(reader, words.paragraph) ?? quoted, targetSelectionRange: quoted });
      } else {
        links.push({ originSelectionRange: cited.range, targetUri: reader.uri, targetRange, targetSelectionRange: paragraph });
      }
    }
    return links;
  }
}

/**
 * Where the quotation's words are in `source`: within paragraphs `from`–`to` when the citation gives them, or
 * anywhere in the source when it gives none. The quotation check's own matching (ellipses, brackets, [sic]), on
 * the library's word index, which the quotation checks share.
 */
function quotedWords(index: SourceWordIndex, source: Source, quotation: FoundQuotation, from: number, to: number | undefined): { paragraph: number; start: number; end: number } | undefined {
  const { match } = checkQuotation(index, quotation, { source: source.meta.key });
  if (!match || match.source !== source.meta.key) return undefined;
  if (to !== undefined && (match.paragraph < from || match.paragraph > to)) return undefined;
  return { paragraph: match.paragraph, start: match.start, end: match.end };
}

/** The quotation whose citation covers `offset` in the draft, if there is one. */
function quotationCitedAt(document: vscode.TextDocument, offset: number): FoundQuotation | undefined {
  const quotations = findQuotations(document.getText(), { format: draftFormat(document) });
  return quotations.find((quotation) => quotation.citation && quotation.citation.start <= offset && offset <= quotation.citation.end);
}

interface PassageItem extends vscode.QuickPickItem {
  key: string;
  mention: Mention;
}

/**
 * "Show Passages": a quick pick of the passages that name the entity; the chosen one opens in the reader. A name
 * with one passage (one listed under an article's See also) opens straight at it.
 */
export async function showPassages(service: SourcebookService, arg: unknown): Promise<void> {
  const sourcebook = await service.get();
  const entity = commandEntity(sourcebook, arg);
  if (!entity) return;
  await sourcebook.mentionsReady();
  const items: PassageItem[] = [];
  for (const { source, mentions } of sourcebook.library.sourcesMentioning(entity.id)) {
    for (const mention of mentions) {
      const paragraph = sourcebook.library.paragraph(source.meta.key, mention.paragraph);
      if (!paragraph) continue;
      items.push({
        label: pickText(mentionSnippet(paragraph.text, mention)),
        description: pickText(`${sourceLabel(source.meta, 40)}, para. ${mention.paragraph}`),
        key: source.meta.key,
        mention,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sourcebook: no source names {0}.', entity.name));
    return;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, {
    title: pickText(vscode.l10n.t('Passages naming {0} ({1})', entity.name, items.length)),
    placeHolder: vscode.l10n.t('Type to filter; Enter opens the passage in the source reader'),
    matchOnDescription: true,
  });
  if (picked) await vscode.commands.executeCommand(CommandIds.openSource, picked.key, picked.mention.paragraph, { start: picked.mention.start, end: picked.mention.end });
}

/** "Show Card": the entity's full card (every fact, every passage) in the Markdown preview. */
export async function showEntityCard(service: SourcebookService, arg: unknown): Promise<vscode.Uri | undefined> {
  const entity = commandEntity(await service.get(), arg);
  if (!entity) return undefined;
  const uri = cardUri(entity.id, entity.name);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
  return uri;
}

export function registerEntityNavigation(context: vscode.ExtensionContext, service: SourcebookService): void {
  const selector: vscode.DocumentSelector = [...(draftSelector as vscode.DocumentFilter[]), { language: READER_LANGUAGE }];
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(selector, new EntityDefinitionProvider(service)),
    vscode.commands.registerCommand(CommandIds.showPassages, (arg: unknown) => showPassages(service, arg)),
    vscode.commands.registerCommand(CommandIds.showEntityCard, (arg: unknown) => showEntityCard(service, arg)),
  );
}
