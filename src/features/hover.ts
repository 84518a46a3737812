// Hover cards: on a name the index knows, its card; on a citation in the draft, the formatted reference and the
// cited paragraph. Only the hovered line and its neighbours are read: no document-wide work per hover.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import { renderSpeechCard, resolveCitation } from '../core/cards/card';
import { settings } from '../edge/settings';
import { toRange } from '../edge/vscodeTypes';
import { READER_LANGUAGE, paragraphAtPosition, readerRange } from '../edge/readerDocuments';
import { ambiguousCard, cardMarkdown, citationCard, entityCard, entityLinks } from '../edge/cards';
import { citationAtPosition } from '../edge/citationAtPosition';
import { CommandIds } from '../edge/commandIds';

export class HoverCardProvider implements vscode.HoverProvider {
  constructor(private readonly service: SourcebookService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const sourcebook = await this.service.get();
    if (token.isCancellationRequested) return undefined;
    if (document.languageId !== READER_LANGUAGE) {
      const cited = citationAtPosition(document, position);
      if (cited) {
        const items = resolveCitation(sourcebook.library, cited.citation);
        if (items.length > 0) return new vscode.Hover(cardMarkdown(await citationCard(sourcebook, items, document.uri)), cited.range);
      }
    }
    return (await this.nameHover(sourcebook, document, position)) ?? (document.languageId === READER_LANGUAGE ? this.speechHover(sourcebook, document, position) : undefined);
  }

  /** In the reader, on words the source quotes from someone else: who speaks them. */
  private speechHover(sourcebook: Sourcebook, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const at = paragraphAtPosition(document, position);
    if (!at) return undefined;
    const speech = sourcebook.library.source(at.key)?.quotations.find((q) => q.paragraph === at.paragraph && q.start <= at.offset && at.offset < q.end);
    if (!speech) return undefined;
    const range = readerRange(document, at.paragraph, speech.start, speech.end);
    const links = sourcebook.library.entity(speech.speaker, { mentions: false }) ? entityLinks(speech.speaker).filter((link) => link.command !== CommandIds.citeEntity) : [];
    return new vscode.Hover(cardMarkdown(renderSpeechCard(sourcebook.library, at.key, speech, links)), range);
  }

  private async nameHover(sourcebook: Sourcebook, document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const lineAt = (line: number) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
    const found = sourcebook.library.entityAtPosition(lineAt, { line: position.line, character: position.character });
    if (!found) return undefined;
    const range = toRange(found.range);
    if (found.match.entityId) {
      const card = await entityCard(sourcebook, found.match.entityId, { scope: document.uri });
      return card ? new vscode.Hover(cardMarkdown(card), range) : undefined;
    }
    if (found.match.candidates && found.match.candidates.length > 0) {
      const alias = document.getText(range);
      return new vscode.Hover(cardMarkdown(ambiguousCard(sourcebook, alias, found.match.candidates)), range);
    }
    return undefined;
  }
}

/** The documents that get cards: the languages in the settings, and the source reader. Empty when cards are off. */
function hoverSelector(): vscode.DocumentFilter[] {
  const current = settings();
  if (!current.hoverEnabled) return [];
  return [...current.hoverLanguages.map((language) => ({ language })), { language: READER_LANGUAGE }];
}

export function registerHoverCards(context: vscode.ExtensionContext, service: SourcebookService): void {
  const provider = new HoverCardProvider(service);
  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    const selector = hoverSelector();
    registration = selector.length > 0 ? vscode.languages.registerHoverProvider(selector, provider) : undefined;
  };
  register();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('sourcebook.hover')) register();
    }),
    { dispose: () => registration?.dispose() },
  );
}
