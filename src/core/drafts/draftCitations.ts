// Which sources a draft cites, and where; Pandoc citations read back for the preview; citation keys no source has.
// The draft is read by the one reader (draftReader.ts) and a citation's sources found by the one rule
// (citationTargets.ts). Used to cite a source in its short form once it has been cited before, to list what a
// bibliography needs, to warn about a misspelt key, and by the Markdown preview.
import type { CiteItem, SourceMeta } from '../types';
import { readDraft, readLocator, readPandocBracket, type CiteLocator, type DraftFormat } from './draftReader';
import { CitationTargets } from './citationTargets';

/** One source cited in the draft, at the offset of the citation (for a footnote: of its reference `[^n]`). */
export interface CitedKey {
  key: string;
  offset: number;
}

/**
 * Every citation of a known source in the draft, in the order they appear: keys, author-date citations and notes
 * that name a source (a footnote's at its reference). What the reader does not read is not counted: comments,
 * code, front matter, and the bibliography Sourcebook wrote.
 */
export function citedKeys(text: string, sources: readonly SourceMeta[], format: DraftFormat = 'markdown'): CitedKey[] {
  const targets = new CitationTargets(sources);
  const found: CitedKey[] = [];
  for (const citation of readDraft(text, format).citations) {
    for (const cite of citation.cites) for (const key of targets.keysOf(cite)) found.push({ key, offset: citation.start });
  }
  return found;
}

/** The keys cited before `offset`, in order of first citation, each once. */
export function keysCitedBefore(cited: readonly CitedKey[], offset: number): string[] {
  const keys: string[] = [];
  for (const entry of cited) if (entry.offset < offset && !keys.includes(entry.key)) keys.push(entry.key);
  return keys;
}

/** Each cited key once, in order of first citation. */
export function uniqueKeys(cited: readonly CitedKey[]): string[] {
  return keysCitedBefore(cited, Number.POSITIVE_INFINITY);
}

// ---------------------------------------------------------------------------------------------------------------
// Pandoc citations, read back for the Markdown preview

/** A locator read from a draft, as a cite item takes it: `paragraph` ("3-4"), or `locator` and `label`. */
export function citeItemLocator(read: CiteLocator): Pick<CiteItem, 'paragraph' | 'locator' | 'label'> {
  if (read.paragraph !== undefined) return { paragraph: read.paragraphEnd === undefined ? read.paragraph : `${read.paragraph}-${read.paragraphEnd}` };
  if (read.locator !== undefined) return { locator: read.locator, ...(read.label ? { label: read.label } : {}) };
  return {};
}

export interface PandocCitation {
  /** Offsets of the bracketed citation in the text searched. */
  start: number;
  end: number;
  items: CiteItem[];
}

/**
 * Reads a bracketed Pandoc citation starting at `start` (`[@a, para. 3; Siân James, quoted in @b]`), as the draft
 * reader does. Returns undefined unless every part names a key and any text after it is a locator ("para. 4",
 * "p. 45", "chap. 3": what the preview can show as a formatted citation).
 */
export function parsePandocCitation(text: string, start: number): PandocCitation | undefined {
  const bracket = readPandocBracket(text, start);
  if (!bracket) return undefined;
  const items: CiteItem[] = [];
  for (const part of bracket.parts) {
    if (!part.key) return undefined;
    const item: CiteItem = { key: part.key.key };
    if (part.suffix.trim()) {
      const locator = readLocator(part.suffix);
      if (locator.length === 0 || part.suffix.slice(locator.length).trim() !== '') return undefined;
      Object.assign(item, citeItemLocator(locator));
    }
    const speaker = /^(.*?),\s*(?:quoted in|as cited in|cited in)$/i.exec(part.prefix);
    if (speaker) item.speaker = speaker[1];
    else if (part.prefix && !/^qtd\. in$/i.test(part.prefix)) return undefined;
    items.push(item);
  }
  return { start, end: bracket.end, items };
}

// ---------------------------------------------------------------------------------------------------------------
// Citation keys no source has

/** A citation key in the draft that no source in the library has, with the known keys it may be a slip for. */
export interface UnknownCitationKey {
  /** The key as written, without `@` and without the sentence's punctuation after it. */
  key: string;
  /** Offsets of the key itself in the draft, end-exclusive. */
  start: number;
  end: number;
  /** Up to three known keys the writer may have meant, the likeliest first. */
  suggestions: string[];
}

/**
 * Every citation key in the draft that is not in `knownKeys`, in order: keys in bracketed Pandoc citations
 * (`[@a, para. 3]`, `[see @a; @b]`, `[-@a]`) in Markdown and plain text, and keys of `\cite`-like commands in
 * LaTeX and plain text, those in footnotes included, as the draft reader reads them. Not read: HTML comments,
 * LaTeX `%` comments, a bibliography between Sourcebook's markers, front matter, code spans, fenced code blocks and
 * verbatim environments, e-mail addresses, links and footnote references `[^1]`. A bare `@name` outside brackets is not read either: Pandoc would take
 * it as an in-text citation, but in prose it is far more often a social-media handle, and a warning on every
 * handle would teach the writer to ignore the warnings. With `suggestions: false` the likely keys are not looked
 * for (they cost a comparison with every known key; an editor asks for them only where a quick fix is wanted).
 * Never throws.
 */
export function unknownCitationKeys(
  text: string,
  knownKeys: Iterable<string>,
  format: DraftFormat = 'markdown',
  options: { suggestions?: boolean } = {},
): UnknownCitationKey[] {
  try {
    const known = knownKeys instanceof Set ? (knownKeys as ReadonlySet<string>) : new Set(knownKeys);
    const found = readDraft(text, format).keys.filter((written) => !known.has(written.key));
    const suggested = new Map<string, string[]>();
    let knownList: string[] | undefined;
    const suggest = options.suggestions ?? true;
    return found.map(({ key, start }) => {
      if (!suggest) return { key, start, end: start + key.length, suggestions: [] };
      let suggestions = suggested.get(key);
      if (!suggestions) {
        knownList ??= [...known];
        suggestions = suggestKeys(key, knownList);
        suggested.set(key, suggestions);
      }
      return { key, start, end: start + key.length, suggestions: [...suggestions] };
    });
  } catch {
    return [];
  }
}

/**
 * The known keys `key` may be a slip for, likeliest first, at most `max`: the same key in other capitals, then
 * keys a few typing slips away (a letter left out, added, changed, or two swapped: about one slip per four
 * characters, at most three).
 */
export function suggestKeys(key: string, knownKeys: Iterable<string>, max = 3): string[] {
  const lower = key.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
  const scored: Array<{ key: string; distance: number }> = [];
  let rows = new Int32Array(0);
  for (const candidate of knownKeys) {
    if (candidate === key || Math.abs(candidate.length - key.length) > limit) continue;
    const other = candidate.toLowerCase();
    if (rows.length < 3 * (other.length + 1)) rows = new Int32Array(3 * (other.length + 1) + 48);
    const distance = other === lower ? 0 : slips(lower, other, limit, rows);
    if (distance <= limit) scored.push({ key: candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return scored.slice(0, max).map((s) => s.key);
}

/**
 * The typing slips between `a` and `b` (optimal string alignment: insertions, deletions, substitutions and
 * swaps of neighbours), or `limit + 1` as soon as it is sure to be more than `limit`. `rows` is scratch space for
 * three rows of `b.length + 1` cells.
 */
function slips(a: string, b: string, limit: number, rows: Int32Array): number {
  const width = b.length + 1;
  let beforePrevious = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowBest = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost);
      if (i > 1 && j > 1 && cost === 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, rows[beforePrevious + j - 2] + 1);
      }
      rows[current + j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return rows[previous + b.length];
}
