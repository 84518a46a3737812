// What a card says about a name or a citation, as Markdown with every corpus and draft text escaped. Command
// links are built from typed descriptors (command id + arguments), never pasted together from strings.
import type { Library } from '../library';
import type { CiteRef, FoundCitation } from '../drafts/draftReader';
import { CitationTargets } from '../drafts/citationTargets';
import type { AuthoredWork, Entity, EntityType, Mention, Paragraph, ParagraphRef, QuotedSpeech, Source } from '../types';
import { NO_TEXT_CARD, citedName, hasText, isUnsigned, sourceLabel, yearOf } from '../sources/readerText';
import { AUTHOR_ORIGIN, workParts } from '../names/authorEntities';
import { paragraphsOnPages } from '../pdf/pageLocator';

/** A link in a card that runs one of the extension's commands with these arguments. */
export interface CardLink {
  label: string;
  command: string;
  args: readonly unknown[];
  /** Shown when the pointer rests on the link. */
  tooltip?: string;
}

export const TYPE_LABELS: Record<EntityType, string> = {
  person: 'person',
  character: 'character in a film or book',
  group: 'group',
  place: 'place',
  event: 'event',
  work: 'work',
};

/** Plural headings for the sidebar's groups. */
export const TYPE_HEADINGS: Record<EntityType, string> = {
  person: 'People',
  character: 'Characters',
  group: 'Groups',
  place: 'Places',
  event: 'Events',
  work: 'Works',
};

/**
 * Text that Markdown shows exactly as written: every ASCII punctuation character is backslash-escaped (CommonMark
 * allows it for all of them), so no link, image, HTML tag, entity, emphasis or theme icon can form; runs of white
 * space (line breaks included) become one space, so no block structure can form either.
 */
export function escapeMarkdownText(text: string): string {
  return String(text)
    .replace(/\s+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** Text for a quick pick, where `$(name)` would become an icon: a zero-width space keeps it as text. */
export function pickText(text: string): string {
  return String(text).replace(/\s+/g, ' ').replace(/\$\(/g, '$\u200B(');
}

/** `command:id?args` with the arguments as URI-encoded JSON; parentheses and quotes encoded too, so a link stays whole. */
export function commandUri(link: Pick<CardLink, 'command' | 'args'>): string {
  const args = encodeURIComponent(JSON.stringify(link.args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${link.command}?${args}`;
}

/** `[label](command:… "tooltip")`. */
export function markdownLink(link: CardLink): string {
  const tooltip = link.tooltip ? ` "${link.tooltip.replace(/["\\]/g, '').replace(/\s+/g, ' ')}"` : '';
  return `[${escapeMarkdownText(link.label)}](${commandUri(link)}${tooltip})`;
}

/** Cites a list of paragraphs as the writer's style would in running text ("(Byrne 2014, para. 16)"). */
export type CiteParagraphs = (refs: readonly ParagraphRef[]) => string;

/** "(Byrne 2014, para. 16; Crossan 2025, para. 4)": author-date without a style engine, for note styles. */
export function simpleCitation(library: Library, refs: readonly ParagraphRef[]): string {
  const parts = refs.map((ref) => {
    const meta = library.source(ref.source)?.meta;
    const who = meta ? `${citedName(meta)} ${yearOf(meta.date)}` : ref.source;
    return `${who}, para. ${ref.paragraph}`;
  });
  return parts.length > 0 ? `(${parts.join('; ')})` : '';
}

export interface FactLine {
  text: string;
  citation: string;
}

export interface EntityCardData {
  id: string;
  name: string;
  type: EntityType;
  description: string;
  facts: FactLine[];
  /** Facts left out of the card. */
  moreFacts: number;
  sourceCount: number;
  mentionCount: number;
  related: string[];
  /** The library's sources the entity wrote or edited. */
  works: WorkLine[];
}

/** A source an entity wrote or edited, as its card names it. */
export interface WorkLine extends AuthoredWork {
  title: string;
  /** The title is quoted (an article, a chapter); a book's stands alone, in italics. */
  quoted: boolean;
  container?: string;
  year: string;
  /** The source has text to open in the reader (a reference-only source has none). */
  hasText: boolean;
}

/** How many works a hover card lists before "n more in Show Card". */
const MAX_CARD_WORKS = 5;

/** What the card of entity `id` shows; undefined for an unknown id. */
export function entityCardData(library: Library, id: string, cite: CiteParagraphs, maxFacts = 3): EntityCardData | undefined {
  const entity = library.entity(id);
  if (!entity) return undefined;
  const known = (ref: ParagraphRef) => library.paragraph(ref.source, ref.paragraph) !== undefined;
  const facts = entity.facts.slice(0, maxFacts).map((fact) => ({ text: fact.text, citation: cite(fact.cites.filter(known)) }));
  const sources = library.sourcesMentioning(id);
  const works: WorkLine[] = [];
  for (const work of entity.works ?? []) {
    const source = library.source(work.key);
    if (source) works.push({ ...work, ...workParts(source.meta), hasText: hasText(source) });
  }
  return {
    id,
    name: entity.name,
    type: entity.type,
    // An author nobody described is described by the works, which the card lists with their links.
    description: entity.origin === AUTHOR_ORIGIN ? '' : entity.description,
    works,
    facts,
    moreFacts: Math.max(0, entity.facts.length - facts.length),
    sourceCount: sources.length,
    mentionCount: sources.reduce((sum, entry) => sum + entry.mentions.length, 0),
    related: entity.related.map((other) => library.entity(other, { mentions: false })?.name).filter((name): name is string => !!name),
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Author of “Pride and prejudice,” *Overland*, 2014" in Markdown, every text escaped. */
export function workMarkdown(work: WorkLine): string {
  const title = escapeMarkdownText(work.title);
  const parts = [work.quoted ? `“${title},”` : `*${title}*,`];
  if (work.container) parts.push(`*${escapeMarkdownText(work.container)}*,`);
  parts.push(escapeMarkdownText(work.year));
  return `${work.role === 'editor' ? 'Editor' : 'Author'} of ${parts.join(' ')}`;
}

/** The works of a card, each with its links (cite it, open it), at most `max` of them. */
function worksMarkdown(works: readonly WorkLine[], workLinks: (work: WorkLine) => readonly CardLink[], max: number): string | undefined {
  if (works.length === 0) return undefined;
  const line = (work: WorkLine) => {
    const links = workLinks(work).map(markdownLink).join(' · ');
    return `${workMarkdown(work)}${links ? ` — ${links}` : ''}`;
  };
  if (works.length === 1) return line(works[0]);
  const lines = works.slice(0, max).map((work) => `- ${line(work)}`);
  if (works.length > max) lines.push(`- *${plural(works.length - max, 'more work', 'more works')} in Show Card*`);
  return lines.join('\n');
}

/**
 * The card's Markdown: every text from the corpus escaped; only `links` (and each work's `workLinks`: cite it, open
 * it) are links.
 */
export function renderEntityCard(card: EntityCardData, links: readonly CardLink[], workLinks: (work: WorkLine) => readonly CardLink[] = () => [], maxWorks = MAX_CARD_WORKS): string {
  const out: string[] = [];
  out.push(`**${escapeMarkdownText(card.name)}** · *${escapeMarkdownText(TYPE_LABELS[card.type] ?? card.type)}*`);
  if (card.description) out.push(escapeMarkdownText(card.description));
  const works = worksMarkdown(card.works, workLinks, maxWorks);
  if (works) out.push(works);
  if (card.facts.length > 0) {
    const facts = card.facts.map((fact) => `- ${escapeMarkdownText(fact.text)}${fact.citation ? ` ${escapeMarkdownText(fact.citation)}` : ''}`);
    if (card.moreFacts > 0) facts.push(`- *${plural(card.moreFacts, 'more fact', 'more facts')} in Show Card*`);
    out.push(facts.join('\n'));
  }
  out.push(
    card.sourceCount === 0
      ? 'Not named in any source.'
      : `Named ${plural(card.mentionCount, 'time', 'times')} in ${plural(card.sourceCount, 'source', 'sources')}.`,
  );
  if (links.length > 0) out.push(links.map(markdownLink).join(' · '));
  return out.join('\n\n');
}

/** The card for words that name several entities: each candidate with its description, and what to do. */
export function renderAmbiguousCard(alias: string, candidates: readonly Entity[], linksFor: (entity: Entity) => CardLink[]): string {
  const out = [`**${escapeMarkdownText(alias)}** may name ${candidates.length === 1 ? 'this entity, but is too common a word to be sure' : `any of ${candidates.length} entities`}:`];
  const lines = candidates.map((entity) => {
    const links = linksFor(entity).map(markdownLink).join(' · ');
    return `- **${escapeMarkdownText(entity.name)}** (${escapeMarkdownText(TYPE_LABELS[entity.type] ?? entity.type)}): ${escapeMarkdownText(entity.description)}${links ? ` ${links}` : ''}`;
  });
  if (lines.length > 0) out.push(lines.join('\n'));
  out.push('Write the full name for a card.');
  return out.join('\n\n');
}

// -------------------------------------------------------------------------------------------------
// Citations in the draft

export interface CitedItem {
  /** The source cited, when found. */
  key?: string;
  paragraph?: number;
  paragraphEnd?: number;
  /** Why it could not be shown: unknown key, no such paragraph, a note that names no source. */
  problem?: string;
}

/** The rule for which sources a citation names, built once per version of a library. */
const targetsByLibrary = new WeakMap<Library, { version: number; targets: CitationTargets }>();

function targetsOf(library: Library): CitationTargets {
  const cached = targetsByLibrary.get(library);
  if (cached && cached.version === library.version) return cached.targets;
  const targets = new CitationTargets(library.sources.map((source) => source.meta));
  targetsByLibrary.set(library, { version: library.version, targets });
  return targets;
}

/** The sources and paragraphs a citation found in the draft points at. */
export function resolveCitation(library: Library, citation: FoundCitation): CitedItem[] {
  if (citation.form === 'footnote' && citation.cites.length === 0) {
    return [{ problem: `Footnote ${citation.text} has no note in this document.` }];
  }
  const items: CitedItem[] = [];
  for (const cite of citation.cites) items.push(...resolveCite(library, cite));
  return items;
}

function resolveCite(library: Library, cite: CiteRef): CitedItem[] {
  const where = { ...(cite.paragraph !== undefined ? { paragraph: cite.paragraph } : {}), ...(cite.paragraphEnd !== undefined ? { paragraphEnd: cite.paragraphEnd } : {}) };
  const keys = targetsOf(library).keysOf(cite);
  if (keys.length === 0) {
    if (cite.key !== undefined) return [{ problem: `No source has the key "${cite.key}".` }];
    if (cite.name !== undefined) return [{ problem: `No source by ${cite.name}${cite.year ? ` (${cite.year})` : ''} is in the library.` }];
    return [{ problem: 'The note names no source in the library, or an author of several without the title or year that says which.' }];
  }
  return keys.map((key) => {
    const source = library.source(key);
    const item: CitedItem = { key, ...where };
    if (source && hasText(source) && item.paragraph !== undefined && !library.paragraph(key, item.paragraph)) {
      item.problem = `${sourceLabel(source.meta)} has no paragraph ${item.paragraph} (it has ${source.paragraphs.length}).`;
    }
    // A page of a PDF source: the paragraphs on that printed page (pdf/pageLocator.ts).
    if (source && cite.label === 'page' && cite.locator && item.paragraph === undefined && source.paragraphs[0]?.pages) {
      const on = paragraphsOnPages(source.paragraphs, cite.locator);
      if (on) Object.assign(item, { paragraph: on.first, ...(on.last > on.first ? { paragraphEnd: on.last } : {}) });
      else item.problem = `${sourceLabel(source.meta)} has no page ${cite.locator} (its pages are ${pageRange(source.paragraphs)}).`;
    }
    return item;
  });
}

/** "201–224": the first and last printed page of a PDF source's paragraphs. */
function pageRange(paragraphs: readonly Paragraph[]): string {
  const first = paragraphs[0]?.pages?.[0]?.label ?? '';
  const lastSpans = paragraphs[paragraphs.length - 1]?.pages ?? [];
  const last = lastSpans[lastSpans.length - 1]?.label ?? first;
  return first === last ? first : `${first}–${last}`;
}

/** A passage shown in a card: at most `max` characters, cut at a word. */
export function excerpt(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max - 1);
  return `${flat.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

/**
 * The card of a citation: for each source cited, its formatted reference (`reference(key)`, already escaped
 * Markdown from the style engine, or undefined to fall back to a plain label) and the cited paragraph's text.
 */
export function renderCitationCard(
  library: Library,
  items: readonly CitedItem[],
  reference: (key: string) => string | undefined,
  linksFor: (item: CitedItem) => CardLink[],
): string {
  const out: string[] = [];
  for (const item of items) {
    const source = item.key !== undefined ? library.source(item.key) : undefined;
    if (!source) {
      out.push(`⚠ ${escapeMarkdownText(item.problem ?? 'Unknown source.')}`);
      continue;
    }
    out.push(reference(source.meta.key) ?? escapeMarkdownText(`${sourceLabel(source.meta, 200)}.`));
    if (!hasText(source)) {
      out.push(`*${escapeMarkdownText(NO_TEXT_CARD)}*`);
    } else if (item.problem) {
      out.push(`⚠ ${escapeMarkdownText(item.problem)}`);
    } else if (item.paragraph !== undefined) {
      const last = item.paragraphEnd !== undefined && item.paragraphEnd > item.paragraph ? Math.min(item.paragraphEnd, item.paragraph + 2) : item.paragraph;
      for (let number = item.paragraph; number <= last; number++) {
        const paragraph = library.paragraph(source.meta.key, number);
        if (paragraph) out.push(`> **\\[${number}\\]** ${escapeMarkdownText(excerpt(paragraph.text))}`);
      }
    } else {
      out.push('*No paragraph given: the citation points at the whole source.*');
    }
    const links = linksFor(item);
    if (links.length > 0) out.push(links.map(markdownLink).join(' · '));
  }
  return out.join('\n\n');
}

/** The words around a mention, the mention itself included: "…the miners, Mark Ashton and friends…". */
export function mentionSnippet(paragraphText: string, mention: Pick<Mention, 'start' | 'end'>, reach = 60, before = reach): string {
  const from = Math.max(0, mention.start - before);
  const to = Math.min(paragraphText.length, mention.end + reach);
  const head = from > 0 ? `…${paragraphText.slice(from, mention.start).replace(/^\S*\s/, '')}` : paragraphText.slice(0, mention.start);
  const tail = to < paragraphText.length ? `${paragraphText.slice(mention.end, to).replace(/\s\S*$/, '')}…` : paragraphText.slice(mention.end);
  return `${head}${paragraphText.slice(mention.start, mention.end)}${tail}`.replace(/\s+/g, ' ');
}

/**
 * How many passages the full card shows. A name in a large library can be mentioned thousands of times: the card
 * lists the first ones, source by source, and says how many more there are (Show Passages lists them all).
 */
const FULL_CARD_PASSAGES = 300;

/**
 * What entity `id`'s full card (`renderFullCard`) is made from, besides the citation style: its entry and every
 * mention's place as `text`, and the very `sources` it reads (each mention's, each work's, each fact's). Cards made
 * from equal inputs (`sameCardInputs`) are the same: an open card is rendered again only when its inputs changed, not
 * at each change of the library (5,000 references arriving rendered a card again each time, 21–25 ms). Undefined for
 * an unknown id. Only mentions already found count (`mentionsReady` before rendering).
 */
export interface FullCardInputs {
  text: string;
  sources: ReadonlyArray<Source | undefined>;
}

export function fullCardInputs(library: Library, id: string): FullCardInputs | undefined {
  const entity = library.entity(id);
  if (!entity) return undefined;
  const { mentions, ...entry } = entity;
  const lines = [JSON.stringify(entry), ...entity.related.map((other) => library.entity(other, { mentions: false })?.name ?? '')];
  const sources: Array<Source | undefined> = [];
  for (const work of entity.works ?? []) sources.push(library.source(work.key));
  for (const fact of entity.facts) for (const ref of fact.cites) sources.push(library.source(ref.source));
  let last: string | undefined;
  for (const mention of mentions) {
    if (mention.source !== last) sources.push(library.source(mention.source));
    last = mention.source;
    lines.push(`${mention.source}\t${mention.paragraph}\t${mention.start}\t${mention.end}\t${mention.text}`);
  }
  return { text: lines.join('\n'), sources };
}

/** Whether two cards' inputs are equal: the same text, and the very same sources (a source set again is another). */
export function sameCardInputs(a: FullCardInputs | undefined, b: FullCardInputs | undefined): boolean {
  if (!a || !b) return a === b;
  return a.text === b.text && a.sources.length === b.sources.length && a.sources.every((source, i) => source === b.sources[i]);
}

/** The full card of "Show Card", as a Markdown document: every fact, the related entries, the passages. */
export function renderFullCard(library: Library, id: string, cite: CiteParagraphs, maxPassages = FULL_CARD_PASSAGES): string | undefined {
  const data = entityCardData(library, id, cite, Number.MAX_SAFE_INTEGER);
  if (!data) return undefined;
  const out = [`# ${escapeMarkdownText(data.name)}`, `*${escapeMarkdownText(TYPE_LABELS[data.type] ?? data.type)}*`];
  if (data.description) out.push(escapeMarkdownText(data.description));
  if (data.works.length > 0) out.push('## Works', data.works.map((work) => `- ${workMarkdown(work)}`).join('\n'));
  if (data.facts.length > 0) {
    out.push('## Facts', data.facts.map((fact) => `- ${escapeMarkdownText(fact.text)}${fact.citation ? ` ${escapeMarkdownText(fact.citation)}` : ''}`).join('\n'));
  }
  if (data.related.length > 0) out.push('## Related', data.related.map(escapeMarkdownText).join(' · '));
  out.push(`## Passages (${plural(data.mentionCount, 'mention', 'mentions')} in ${plural(data.sourceCount, 'source', 'sources')})`);
  let left = maxPassages;
  let moreMentions = 0;
  let moreSources = 0;
  for (const { source, mentions } of library.sourcesMentioning(id)) {
    if (left <= 0) {
      moreMentions += mentions.length;
      moreSources++;
      continue;
    }
    out.push(`### ${escapeMarkdownText(sourceLabel(source.meta, 200))}`);
    const shown = mentions.slice(0, left);
    left -= shown.length;
    moreMentions += mentions.length - shown.length;
    const lines = shown.map((mention) => {
      const paragraph = library.paragraph(source.meta.key, mention.paragraph);
      return `- **\\[${mention.paragraph}\\]** ${escapeMarkdownText(paragraph ? mentionSnippet(paragraph.text, mention, 90) : mention.text)}`;
    });
    out.push(lines.join('\n'));
  }
  if (moreMentions > 0) {
    const where = moreSources > 0 ? ` (${plural(moreSources, 'more source', 'more sources')})` : '';
    out.push(`*The first ${maxPassages.toLocaleString('en')} are shown: ${plural(moreMentions, 'more mention', 'more mentions')}${where}. Show Passages on the name in a draft lists every one.*`);
  }
  return out.join('\n\n') + '\n';
}

/**
 * The card of words a source quotes from someone other than its author: who speaks, where the words come from,
 * and that a citation of them says "quoted in".
 */
export function renderSpeechCard(library: Library, key: string, speech: QuotedSpeech, links: readonly CardLink[]): string {
  const source = library.source(key);
  const speaker = library.entity(speech.speaker, { mentions: false })?.name ?? speech.speakerName;
  const out = [`Spoken by **${escapeMarkdownText(speaker)}**`];
  if (speech.origin) out.push(`From ${escapeMarkdownText(speech.origin)}.`);
  if (source) {
    out.push(
      `${escapeMarkdownText(isUnsigned(source.meta) ? 'The source' : citedName(source.meta))} quotes these words in paragraph ${speech.paragraph}: cite them as quoted in ${escapeMarkdownText(sourceLabel(source.meta, 80))}.`,
    );
  }
  if (links.length > 0) out.push(links.map(markdownLink).join(' · '));
  return out.join('\n\n');
}
