// SourceMeta (our front matter) → CSL-JSON, the input every CSL processor and Zotero reads.
// Unknown facts stay absent: no field is ever set to undefined, null, NaN or an empty string.
import type { Name, SourceMeta } from '../types';

/** A CSL-JSON date: parts when the date is ISO 8601, `literal` for anything else the writer typed. */
export interface CslDate {
  'date-parts'?: number[][];
  literal?: string;
}

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** A CSL-JSON item (the fields Sourcebook writes itself, and any other a writer's library gives). */
export interface CslItem {
  [field: string]: unknown;
  id: string;
  type: string;
  title?: string;
  'title-short'?: string;
  author?: CslName[];
  editor?: CslName[];
  'container-title'?: string;
  publisher?: string;
  issued?: CslDate;
  accessed?: CslDate;
  URL?: string;
}

/** Item types defined by CSL 1.0.2 (and the 1.1 additions citeproc-js knows). */
export const CSL_TYPES: ReadonlySet<string> = new Set([
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast', 'chapter',
  'classic', 'collection', 'dataset', 'document', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'event',
  'figure', 'graphic', 'hearing', 'interview', 'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture',
  'musical_score', 'pamphlet', 'paper-conference', 'patent', 'performance', 'periodical', 'personal_communication',
  'post', 'post-weblog', 'regulation', 'report', 'review', 'review-book', 'software', 'song', 'speech', 'standard',
  'thesis', 'treaty', 'webpage',
]);

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Parses an ISO 8601 date as precise as it is known (`2025-02-15`, `2014-11`, `2015`). A date in another form is
 * kept as the writer wrote it (`literal`), so it prints as written instead of as nonsense; an empty one is absent.
 */
export function parseDate(value: unknown): CslDate | undefined {
  if (value instanceof Date) {
    // YAML turns an unquoted 2025-02-15 into a Date; keep the calendar day it names.
    if (Number.isNaN(value.getTime())) return undefined;
    return { 'date-parts': [[value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()]] };
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  // NaN and Infinity are no dates (a careless caller or `.nan` in YAML): absent, never printed as "NaN".
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) return { literal: text };
  const parts = [Number(match[1])];
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined) {
    if (month < 1 || month > 12) return { literal: text };
    parts.push(month);
    if (day !== undefined) {
      if (day < 1 || day > daysInMonth(parts[0], month)) return { literal: text };
      parts.push(day);
    }
  }
  return { 'date-parts': [parts] };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A non-empty trimmed string, or undefined for anything else (numbers are accepted and printed as written). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function cslName(name: Name): CslName | undefined {
  if (name === null || typeof name !== 'object') return undefined;
  const literal = text(name.literal);
  if (literal) return { literal };
  const family = text(name.family);
  const given = text(name.given);
  if (family && given) return { family, given };
  if (family) return { family };
  // A given name alone is a name known by one word ("Plato"): CSL prints it in full either way.
  if (given) return { literal: given };
  return undefined;
}

/** A title without CSL's rich-text markup (`<span class="nocase">`, `<i>`…): what the writer reads in lists. */
export function plainTitle(value: string): string {
  return value.replace(/<\/?(?:span|i|b|sup|sub)\b[^>]*>/g, '');
}

/**
 * The title as a library entry marks it up (`<span class="nocase">LGSM</span>`, what the writer protected in a .bib)
 * when it is the same words as `title`; else `title`.
 */
function richer(title: string, marked: unknown): string {
  return typeof marked === 'string' && plainTitle(marked) === title ? marked : title;
}

/** A site name such as "hippiehistorian.com" is not a title: styles must not capitalise it to "Hippiehistorian.Com". */
function protectCase(value: string): string {
  return /^[\w-]+(\.[\w-]+)+$/.test(value) ? `<span class="nocase">${value}</span>` : value;
}

/** What one style is given of a source beyond the facts themselves, where its CSL cannot decide alone (styles.ts). */
export interface CslItemOptions {
  /** Strip `https://` and `http://` from URLs (MLA 9 recommends it). */
  stripUrlScheme?: boolean;
  /**
   * Give the access date only for a text that changes (`changing: true`): APA 7 asks for a retrieval date only
   * then, and its CSL style, which cannot tell, prints one for every undated page.
   */
  accessedOnlyWhenChanging?: boolean;
}

/**
 * The CSL-JSON item for a source: every fact it has, so that each style prints what its manual asks (Cite Them
 * Right an access date on every online source; the Chicago Manual and MLA 9 one for an undated page). An unsigned
 * work has no `author` at all, so that every style puts its title first.
 */
export function toCslItem(meta: SourceMeta, options: CslItemOptions = {}): CslItem {
  const type = text(meta.type);
  const item: CslItem = { ...extraFields(meta.csl), id: String(meta.key), type: type && CSL_TYPES.has(type) ? type : 'document' };
  const title = text(meta.title);
  if (title) item.title = richer(title, meta.csl?.title);
  const shortTitle = text(meta.shortTitle);
  if (shortTitle) item['title-short'] = richer(shortTitle, meta.csl?.['title-short']);
  const authors = Array.isArray(meta.author) ? meta.author.map(cslName).filter((n): n is CslName => !!n) : [];
  if (authors.length > 0) item.author = authors;
  const editors = Array.isArray(meta.editor) ? meta.editor.map(cslName).filter((n): n is CslName => !!n) : [];
  if (editors.length > 0) item.editor = editors;
  const container = text(meta.container);
  if (container) item['container-title'] = protectCase(container);
  const publisher = text(meta.publisher);
  if (publisher) item.publisher = publisher;
  const issued = parseDate(meta.date);
  if (issued) item.issued = issued;
  const accessed = parseDate(meta.accessed);
  if (accessed && (!options.accessedOnlyWhenChanging || meta.changing === true)) item.accessed = accessed;
  const url = text(meta.url);
  if (url) item.URL = options.stripUrlScheme ? url.replace(/^https?:\/\//i, '') : url;
  return item;
}

/** Fields of `SourceMeta` itself: never taken from its `csl` extras, even when the fields above leave them absent. */
const OWN_FIELDS = new Set(['id', 'type', 'title', 'title-short', 'author', 'editor', 'container-title', 'publisher', 'issued', 'accessed', 'URL']);

/**
 * The further CSL-JSON fields of a library entry that are safe to give citeproc: strings, finite numbers, names
 * and dates as CSL-JSON writes them; anything else (an object a careless file holds, NaN) is left out.
 */
function extraFields(extras: Record<string, unknown> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (extras === null || typeof extras !== 'object') return fields;
  for (const [field, value] of Object.entries(extras)) {
    if (OWN_FIELDS.has(field)) continue;
    const plain = text(value);
    if (plain !== undefined) fields[field] = plain;
    else if (Array.isArray(value)) {
      const names = value.map((name) => cslName(name as Name)).filter((n): n is CslName => !!n);
      if (names.length > 0) fields[field] = names;
    } else if (value !== null && typeof value === 'object') {
      const date = value as CslDate;
      const parts = date['date-parts'];
      const validParts = Array.isArray(parts) && parts.length > 0 && parts.every((part) => Array.isArray(part) && part.length > 0 && part.every((n) => Number.isInteger(n)));
      if (validParts) fields[field] = { 'date-parts': parts };
      else if (text(date.literal)) fields[field] = { literal: text(date.literal) };
    }
  }
  return fields;
}

/** The sources as a CSL-JSON array (for Pandoc `--bibliography`, Zotero import), pretty-printed. */
export function exportCslJson(sources: readonly SourceMeta[]): string {
  // `<span class="nocase">` is CSL-JSON's own rich-text markup: Pandoc and Zotero read it too.
  const items = sources.map((meta) => toCslItem(meta));
  return `${JSON.stringify(items, null, 2)}\n`;
}
