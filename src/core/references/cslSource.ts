// A CSL-JSON item from the writer's library (a .bib, .json, .yaml or .ris entry, as its parser gives it) → a
// reference-only Source: the typed facts Sourcebook reads itself, and every other CSL field in `meta.csl` for
// citeproc. Nothing is guessed: a missing date stays missing ("n.d."), a missing URL absent.
import type { Name, Source, SourceMeta } from '../types';
import { CSL_TYPES, plainTitle, text } from '../citations/cslItem';

/** Fields read into SourceMeta itself (or dropped: citation-js's bookkeeping); the rest go to `meta.csl`. */
const TYPED_FIELDS = new Set([
  'id', 'citation-key', 'type', 'title', 'title-short', 'author', 'editor', 'container-title', 'issued', 'URL',
  'accessed', 'publisher', '_graph',
]);

/** An ISO 8601 date from a CSL date (`date-parts`, or `raw`/`literal` as written); undefined when there is none. */
export function isoFromCsl(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return text(value);
  const date = value as { 'date-parts'?: unknown; raw?: unknown; literal?: unknown };
  const parts = Array.isArray(date['date-parts']) ? date['date-parts'][0] : undefined;
  if (Array.isArray(parts) && parts.length > 0 && parts.every((part) => Number.isInteger(Number(part)))) {
    return parts.slice(0, 3).map((part, i) => String(Number(part)).padStart(i === 0 ? 4 : 2, '0')).join('-');
  }
  return text(date.raw) ?? text(date.literal);
}

/**
 * CSL names → Sourcebook's. `and others` (BibTeX's "et al.") names nobody and is left out; a name with a family
 * part only is an organisation or a one-word name (`{{Lesbians and Gays Support the Miners}}`): a literal, never
 * split or inverted. Particles are kept with the part they belong to ("van Gogh", "Ludwig van").
 */
export function namesFromCsl(value: unknown): Name[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names: Name[] = [];
  for (const entry of value) {
    if (entry === null || typeof entry !== 'object') continue;
    const name = entry as Record<string, unknown>;
    const literal = text(name.literal);
    const family = [text(name['non-dropping-particle']), text(name.family)].filter(Boolean).join(' ');
    const given = [text(name.given), text(name['dropping-particle'])].filter(Boolean).join(' ');
    if (literal) names.push({ literal });
    else if (family === 'others' && !given) continue;
    else if (family && given) names.push({ family, given });
    else if (family || given) names.push({ literal: family || given });
  }
  return names.length > 0 ? names : undefined;
}

/** The source for one CSL item of the file `origin`, its entry at zero-based `line`; undefined without a key. */
export function sourceFromCsl(item: Record<string, unknown>, origin: string, line: number): Source | undefined {
  const key = text(item['citation-key']) ?? text(item.id);
  if (!key) return undefined;
  const type = text(item.type);
  const meta: SourceMeta = { key, title: '', author: [], type: type && CSL_TYPES.has(type) ? type : 'document' };
  const csl: Record<string, unknown> = {};
  const title = text(item.title);
  if (title) {
    meta.title = plainTitle(title);
    if (meta.title !== title) csl.title = title; // the case protection, for citeproc (cslItem.ts)
  }
  const shortTitle = text(item['title-short']);
  if (shortTitle) {
    meta.shortTitle = plainTitle(shortTitle);
    if (meta.shortTitle !== shortTitle) csl['title-short'] = shortTitle;
  }
  meta.author = namesFromCsl(item.author) ?? [];
  const editor = namesFromCsl(item.editor);
  if (editor) meta.editor = editor;
  const container = text(item['container-title']);
  if (container) meta.container = plainTitle(container);
  const date = isoFromCsl(item.issued);
  if (date) meta.date = date;
  const url = text(item.URL);
  if (url) meta.url = url;
  const accessed = isoFromCsl(item.accessed);
  if (accessed) meta.accessed = accessed;
  const publisher = text(item.publisher);
  if (publisher) meta.publisher = publisher;
  for (const [field, value] of Object.entries(item)) if (!TYPED_FIELDS.has(field) && value !== undefined) csl[field] = value;
  if (Object.keys(csl).length > 0) meta.csl = csl;
  return { meta, paragraphs: [], quotations: [], origin, entryLine: line, referenceOnly: true };
}
