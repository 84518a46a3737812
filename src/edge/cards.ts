// The cards shared by the hover, the sidebar's tooltips, the source reader and "Show Card": entity, ambiguous-word
// and citation cards as MarkdownStrings that trust only the extension's own hover commands. A card cites in the
// style of the document it is shown for (its folder's settings), or the workspace's when it is shown for none.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { CardLink, CiteParagraphs, CitedItem, WorkLine } from '../core/cards/card';
import { entityCardData, escapeMarkdownText, renderAmbiguousCard, renderCitationCard, renderEntityCard, simpleCitation } from '../core/cards/card';
import type { Entity, ParagraphRef, Source } from '../core/types';
import { hasText as sourceHasText } from '../core/sources/readerText';
import { CommandIds, HOVER_COMMANDS } from './commandIds';
import { citationStyleFor } from './citationSettings';

function hasText(source: Source | undefined): boolean {
  return source !== undefined && sourceHasText(source);
}

/** Markdown that renders corpus text as text and runs only Sourcebook's hover commands. */
export function cardMarkdown(value: string, trusted = true): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, false);
  markdown.supportHtml = false;
  markdown.isTrusted = trusted ? { enabledCommands: [...HOVER_COMMANDS] } : false;
  return markdown;
}

/** The links of an entity's card: insert a citation, show the passages, reveal in the sidebar. */
export function entityLinks(entityId: string): CardLink[] {
  return [
    { label: vscode.l10n.t('Insert citation'), command: CommandIds.citeEntity, args: [entityId], tooltip: vscode.l10n.t('Cite a source that names this, at the cursor') },
    { label: vscode.l10n.t('Show passages'), command: CommandIds.showPassages, args: [entityId], tooltip: vscode.l10n.t('Pick a passage that names this and open it in the reader') },
    { label: vscode.l10n.t('Reveal in sidebar'), command: CommandIds.revealEntity, args: [entityId], tooltip: vscode.l10n.t('Show this in the Sourcebook sidebar') },
  ];
}

/** The links of a work on an author's card: cite it, and open it in the reader when Sourcebook has its text. */
export function workLinks(work: WorkLine): CardLink[] {
  const cite: CardLink = { label: vscode.l10n.t('Cite'), command: CommandIds.citeEntity, args: [{ key: work.key }], tooltip: vscode.l10n.t('Insert a citation of this work at the cursor') };
  if (!work.hasText) return [cite];
  return [cite, { label: vscode.l10n.t('Open'), command: CommandIds.openSource, args: [work.key], tooltip: vscode.l10n.t('Open this work in the reader') }];
}

/**
 * The style the writer chose for `scope` (a document's URI; a custom .csl file included), loaded; undefined when it
 * cannot be used (cards then cite author-date).
 */
export async function chosenStyle(sourcebook: Sourcebook, scope?: vscode.Uri): Promise<{ id: string; inText: boolean } | undefined> {
  const style = await citationStyleFor(sourcebook, scope);
  return style.ok ? { id: style.value.id, inText: style.value.class === 'in-text' } : undefined;
}

/**
 * How a card cites paragraphs: the chosen style's own in-text citation ("(Byrne 2014, para. 16)"), or, for a note
 * style (whose citations are footnotes), a plain author-date form.
 */
export async function paragraphCiter(sourcebook: Sourcebook, scope?: vscode.Uri): Promise<CiteParagraphs> {
  const style = await chosenStyle(sourcebook, scope);
  return (refs: readonly ParagraphRef[]) => {
    if (refs.length === 0) return '';
    if (style?.inText) {
      const items = refs.map((ref) => ({ key: ref.source, paragraph: ref.paragraph }));
      const cited = sourcebook.citations.citeSync({ style: style.id, items, form: 'plain', output: 'text' });
      if (cited.ok) return cited.value;
    }
    return simpleCitation(sourcebook.library, refs);
  };
}

/** The hover card of entity `id` (undefined for an unknown id), citing in the style of the document at `scope`. */
export async function entityCard(sourcebook: Sourcebook, id: string, options: { links?: boolean; maxFacts?: number; scope?: vscode.Uri } = {}): Promise<string | undefined> {
  await sourcebook.mentionsReady();
  const data = entityCardData(sourcebook.library, id, await paragraphCiter(sourcebook, options.scope), options.maxFacts ?? 3);
  if (!data) return undefined;
  if (options.links === false) return renderEntityCard(data, []);
  // An author no source names: citing or showing passages would find nothing; the works' own links cite them.
  const links = data.sourceCount === 0 && data.works.length > 0 ? entityLinks(id).filter((link) => link.command === CommandIds.revealEntity) : entityLinks(id);
  return renderEntityCard(data, links, workLinks);
}

/** The card of a word that names several entities. */
export function ambiguousCard(sourcebook: Sourcebook, alias: string, candidateIds: readonly string[]): string {
  const candidates = candidateIds.map((id) => sourcebook.library.entity(id, { mentions: false })).filter((entity): entity is Entity => !!entity);
  return renderAmbiguousCard(alias, candidates, (entity) => entityLinks(entity.id).filter((link) => link.command !== CommandIds.citeEntity));
}

/** The card of a citation in the draft at `scope`: the reference in the draft's style and the cited paragraph's text. */
export async function citationCard(sourcebook: Sourcebook, items: readonly CitedItem[], scope?: vscode.Uri): Promise<string> {
  const style = await chosenStyle(sourcebook, scope);
  const reference = (key: string) => {
    if (!style) return undefined;
    const entry = sourcebook.citations.referenceSync(style.id, key, 'text');
    return entry.ok && entry.value ? escapeMarkdownText(entry.value) : undefined;
  };
  return renderCitationCard(sourcebook.library, items, reference, (item) =>
    item.key && !item.problem && hasText(sourcebook.library.source(item.key))
      ? [{ label: vscode.l10n.t('Open in reader'), command: CommandIds.openSource, args: item.paragraph !== undefined ? [item.key, item.paragraph] : [item.key], tooltip: vscode.l10n.t('Open the source at this paragraph') }]
      : [],
  );
}
