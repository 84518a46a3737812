// Which sources a draft cites, and where: Pandoc `[@key, para. 4]`, LaTeX `\cite[para.~4]{a,b}` and Markdown
// footnotes `[^3]` whose note names a source (its author and, when the author wrote several, its title or year).
// Used to cite a source in its short form once it has been cited before, to list what a bibliography needs, and
// by the Markdown preview. Fixed patterns only: no regular expression is built from the draft's or a source's text.
import type { CiteItem, SourceMeta } from '../types';
import { maskDraft, type DraftFormat } from '../quotations/quotationFinder';
import { fold } from '../text/normalize';

/** One source cited in the draft, at the offset of the citation (for a footnote: of its reference `[^n]`). */
export interface CitedKey {
  key: string;
  offset: number;
}

const PANDOC_KEY = /(?<![\p{L}\p{N}_@.])-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/gu;
const LATEX_CITE = /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\s*\[[^\]\n]{0,200}\]){0,2}\s*\{([^}\n]{0,2000})\}/g;
const FOOTNOTE_REFERENCE = /\[\^([^\]\s]{1,100})\](?!:)/g;
const FOOTNOTE_DEFINITION = /^\[\^([^\]\s]{1,100})\]:[ \t]*(.*)$/gm;

/** A Pandoc key may end in punctuation that belongs to the sentence ("@crossan2025."). */
function trimKey(key: string, known: ReadonlySet<string>): string | undefined {
  let candidate = key;
  for (let i = 0; i < 3 && candidate.length > 0; i++) {
    if (known.has(candidate)) return candidate;
    if (!/[.:,;?]$/.test(candidate)) break;
    candidate = candidate.slice(0, -1);
  }
  return known.has(candidate) ? candidate : undefined;
}

/** The name a note would use for a source's first author: family name, or the literal ("Wikipedia contributors"). */
function authorName(meta: SourceMeta): string | undefined {
  const first = meta.author[0];
  const name = first?.family ?? first?.literal;
  return name ? fold(name) : undefined;
}

function containsWord(haystack: string, needle: string): boolean {
  if (!needle) return false;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = at === 0 ? ' ' : haystack[at - 1];
    const after = haystack[at + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

/**
 * The sources a footnote's text names, left to right: a source is named when its author's name appears; when
 * several sources share the author, the one whose title (or year) the note also gives.
 */
export function sourcesNamedInNote(note: string, sources: readonly SourceMeta[]): string[] {
  const folded = fold(note);
  const found: Array<{ key: string; at: number }> = [];
  const byAuthor = new Map<string, SourceMeta[]>();
  for (const meta of sources) {
    const name = authorName(meta);
    if (!name || !containsWord(folded, name)) continue;
    byAuthor.set(name, [...(byAuthor.get(name) ?? []), meta]);
  }
  for (const [name, metas] of byAuthor) {
    const at = folded.indexOf(name);
    if (metas.length === 1) {
      found.push({ key: metas[0].key, at });
      continue;
    }
    const byTitle = metas.filter((meta) => containsWord(folded, fold(meta.title).slice(0, 40).trim()));
    const byYear = metas.filter((meta) => meta.date && containsWord(folded, meta.date.slice(0, 4)));
    const chosen = byTitle.length > 0 ? byTitle : byYear;
    for (const meta of chosen) found.push({ key: meta.key, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.key);
}

/** Footnote definitions: label → the note's text (its first line). */
function footnoteNotes(text: string): Map<string, string> {
  const notes = new Map<string, string>();
  FOOTNOTE_DEFINITION.lastIndex = 0;
  for (let m = FOOTNOTE_DEFINITION.exec(text); m; m = FOOTNOTE_DEFINITION.exec(text)) notes.set(m[1], m[2]);
  return notes;
}

/**
 * Every citation of a known source in the draft, in the order they appear. Text inside HTML comments is skipped
 * (where Sourcebook keeps its own markers) and so is a bibliography written between Sourcebook's markers.
 */
export function citedKeys(text: string, sources: readonly SourceMeta[], format: DraftFormat = 'markdown'): CitedKey[] {
  const known = new Set(sources.map((meta) => meta.key));
  const masked = maskIgnored(text, format);
  const found: CitedKey[] = [];
  if (format !== 'latex') {
    PANDOC_KEY.lastIndex = 0;
    for (let m = PANDOC_KEY.exec(masked); m; m = PANDOC_KEY.exec(masked)) {
      const key = trimKey(m[1], known);
      if (key) found.push({ key, offset: m.index });
    }
    const notes = footnoteNotes(masked);
    FOOTNOTE_REFERENCE.lastIndex = 0;
    for (let m = FOOTNOTE_REFERENCE.exec(masked); m; m = FOOTNOTE_REFERENCE.exec(masked)) {
      const note = notes.get(m[1]);
      if (note === undefined) continue;
      for (const key of sourcesNamedInNote(note, sources)) found.push({ key, offset: m.index });
    }
  }
  if (format !== 'markdown') {
    LATEX_CITE.lastIndex = 0;
    for (let m = LATEX_CITE.exec(masked); m; m = LATEX_CITE.exec(masked)) {
      for (const part of m[1].split(',')) {
        const key = part.trim();
        if (known.has(key)) found.push({ key, offset: m.index });
      }
    }
  }
  if (format === 'plain') {
    // Plain text carries author-date citations; a source is cited where its author's name appears in parentheses.
    const parens = /\(([^()\n]{1,300})\)/g;
    for (let m = parens.exec(masked); m; m = parens.exec(masked)) {
      for (const key of sourcesNamedInNote(m[1], sources)) found.push({ key, offset: m.index });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
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

/** Blanks out HTML comments (Markdown) and `%` comments (LaTeX), keeping offsets. */
function maskIgnored(text: string, format: DraftFormat): string {
  const pattern = format === 'latex' ? /(?<!\\)%[^\n]*/g : /<!--[\s\S]*?(?:-->|$)/g;
  const blank = (part: string) => part.replace(/[^\n]/g, ' ');
  return blankBibliography(text, blank).replace(pattern, blank);
}

const BIBLIOGRAPHY_START = 'sourcebook:bibliography:start';
const BIBLIOGRAPHY_END = 'sourcebook:bibliography:end';

/**
 * Blanks what Sourcebook writes around an inserted bibliography (see bibliographyBlock.ts), whatever the format:
 * from the line of a start marker to the end of the line of the next end marker (or of the text). Found with
 * `indexOf`: the regular expression this replaces backtracked quadratically over a long line.
 */
function blankBibliography(text: string, blank: (part: string) => string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(BIBLIOGRAPHY_START, from);
    if (start < 0) break;
    const lineStart = Math.max(from, text.lastIndexOf('\n', start) + 1);
    const end = text.indexOf(BIBLIOGRAPHY_END, start + BIBLIOGRAPHY_START.length);
    const lineEnd = end < 0 ? -1 : text.indexOf('\n', end);
    const regionEnd = lineEnd < 0 ? text.length : lineEnd;
    out += text.slice(from, lineStart) + blank(text.slice(lineStart, regionEnd));
    from = regionEnd;
  }
  return out + text.slice(from);
}

// ---------------------------------------------------------------------------------------------------------------
// Pandoc citations, read back for the Markdown preview

export interface PandocCitation {
  /** Offsets of the bracketed citation in the text searched. */
  start: number;
  end: number;
  items: CiteItem[];
}

const LOCATOR = /^,?\s*(?:paras?\.?|paragraphs?|¶¶?)\s*(\d{1,6}(?:\s*[-–]{1,2}\s*\d{1,6})?)\s*$/i;

/**
 * Reads a bracketed Pandoc citation starting at `start` (`[@a, para. 3; Siân James, quoted in @b]`). Returns
 * undefined unless every part names a key and any text after it is a paragraph locator.
 */
export function parsePandocCitation(text: string, start: number): PandocCitation | undefined {
  if (text[start] !== '[') return undefined;
  const close = text.indexOf(']', start);
  if (close === -1 || close - start > 1000) return undefined;
  const inner = text.slice(start + 1, close);
  if (!inner.includes('@') || inner.startsWith('^')) return undefined;
  const items: CiteItem[] = [];
  for (const part of inner.split(';')) {
    const at = /(?:^|[\s\p{P}])-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/u.exec(part);
    if (!at) return undefined;
    let key = at[1];
    let rest = part.slice(at.index + at[0].length);
    while (/[.:]$/.test(key)) {
      rest = key.slice(-1) + rest;
      key = key.slice(0, -1);
    }
    const prefix = part.slice(0, at.index + (at[0].startsWith('@') || at[0].startsWith('-') ? 0 : 1)).trim();
    const item: CiteItem = { key };
    if (rest.trim()) {
      const locator = LOCATOR.exec(rest.trim());
      if (!locator) return undefined;
      item.paragraph = /^\d+$/.test(locator[1]) ? Number(locator[1]) : locator[1].replace(/\s*[-–]{1,2}\s*/, '-');
    }
    const speaker = /^(.*?),\s*(?:quoted in|as cited in|cited in)$/i.exec(prefix);
    if (speaker) item.speaker = speaker[1];
    else if (prefix && !/^qtd\. in$/i.test(prefix)) return undefined;
    items.push(item);
  }
  return { start, end: close + 1, items };
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

/** A bracketed Pandoc citation is at most this long; a longer bracket is prose, not a citation. */
const MAX_BRACKET_CHARS = 1000;
/** `\citetext{…}` (natbib) takes free text, not keys. */
const LATEX_FREE_TEXT = /^\\citetext\b/;

/**
 * Every citation key in the draft that is not in `knownKeys`, in order: keys in bracketed Pandoc citations
 * (`[@a, para. 3]`, `[see @a; @b]`, `[-@a]`) in Markdown and plain text, and keys of `\cite`-like commands in
 * LaTeX and plain text (as `citedKeys` reads them). Not read: HTML comments, LaTeX `%` comments, a bibliography
 * between Sourcebook's markers, front matter, code spans, fenced code blocks and verbatim environments, e-mail
 * addresses and footnote references `[^1]`. A bare `@name` outside brackets is not read either: Pandoc would take
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
    const masked = maskDraft(maskIgnored(text, format), format);
    const found: Array<{ key: string; start: number }> = [];
    if (format !== 'latex') {
      const brackets = citationBrackets(masked);
      let b = 0;
      PANDOC_KEY.lastIndex = 0;
      for (let m = PANDOC_KEY.exec(masked); m; m = PANDOC_KEY.exec(masked)) {
        while (b < brackets.length && brackets[b].end <= m.index) b++;
        const bracket = brackets[b];
        if (!bracket || bracket.start > m.index || m.index + m[0].length > bracket.end) continue;
        if (trimKey(m[1], known)) continue;
        let key = m[1];
        while (key.length > 0 && '.:,;?'.includes(key[key.length - 1])) key = key.slice(0, -1);
        if (key) found.push({ key, start: m.index + m[0].length - m[1].length });
      }
    }
    if (format !== 'markdown') {
      LATEX_CITE.lastIndex = 0;
      for (let m = LATEX_CITE.exec(masked); m; m = LATEX_CITE.exec(masked)) {
        if (LATEX_FREE_TEXT.test(m[0])) continue;
        let at = m.index + m[0].length - 1 - m[1].length;
        for (const part of m[1].split(',')) {
          const key = part.trim();
          const start = at + part.length - part.trimStart().length;
          at += part.length + 1;
          if (key && key !== '*' && !known.has(key)) found.push({ key, start });
        }
      }
    }
    found.sort((a, b) => a.start - b.start);
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

/**
 * The brackets that can hold a Pandoc citation, as `[start, end)` offsets: innermost `[…]` pairs within a
 * paragraph, not a footnote reference `[^1]` and not a link's text (`[…](…)`).
 */
function citationBrackets(text: string): Array<{ start: number; end: number }> {
  const brackets: Array<{ start: number; end: number }> = [];
  let open = -1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[') open = i;
    else if (ch === ']' && open >= 0) {
      if (text[open + 1] !== '^' && text[i + 1] !== '(' && text.slice(open, i).includes('@')) brackets.push({ start: open, end: i + 1 });
      open = -1;
    } else if (ch === '\n') {
      if (text.slice(lineStart, i).trim() === '') open = -1; // a blank line ends the paragraph
      lineStart = i + 1;
    }
    if (open >= 0 && i - open > MAX_BRACKET_CHARS) open = -1;
  }
  return brackets;
}
