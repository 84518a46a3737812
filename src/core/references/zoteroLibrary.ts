// The writer's Zotero library as a reference set: each regular item a source, its key the citation key the writer
// knows, its facts from the item's CSL JSON (what Zotero itself gives a citation processor), its collections as
// folders. An item is reference-only unless one of its attachments is a Markdown, text or PDF file Sourcebook could
// read from disk: then its paragraphs are that file's (a PDF's knowing their printed pages; the item's facts stay).
//
// Keys, in this order:
// 1. the item's `citationKey` field (Better BibTeX, and Zotero from version 7.1), or a "Citation Key: …" line in
//    its Extra field (how Better BibTeX pins a key, and how Zotero keeps one it has no field for);
// 2. else a key made from the item: the first creator's family name, the year and the first word of the title
//    that is not an article or a preposition, folded to ASCII lower case — `warchus2014pride` — or, for an item
//    with no creator, the title's first two such words and the year (`allout1986`); "nd" stands for no date.
//    Items that would get the same key are ordered by their Zotero item key, the first keeping it and the others
//    taking `a`, `b`, … after it, so a key does not change from one read to the next unless the library does;
// 3. Zotero's own item key (`R8BNSN27`) only when neither gives anything a key may hold.
// A key two items pin (rule 1) goes to the first as Zotero lists them; the other is a problem, and keeps a key of
// rule 2 so it can still be cited.
import type { CoreError, Name, Paragraph, Source, SourceMeta } from '../types';
import { fold } from '../text/normalize';
import { KEY_PATTERN, splitParagraphs } from '../sources/sourceParser';
import type { ReferenceFolder, ReferenceSet } from './referenceSet';
import type { ZoteroObject, ZoteroRead } from './zoteroClient';
import { READABLE_TYPES } from './zoteroClient';

export const ZOTERO_ORIGIN = 'zotero';
export const ZOTERO_LABEL = 'your Zotero library';

/** CSL JSON variables the typed `SourceMeta` fields carry, or that are not Sourcebook's to pass on. */
const TYPED_CSL = new Set(['id', 'type', 'title', 'title-short', 'author', 'editor', 'issued', 'accessed', 'URL', 'container-title', 'publisher', 'note', 'citation-key']);
/** Words a made-up key skips at the start of a title. */
const SKIPPED = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'and', 'to', 'for', 'at', 'by', 'with', 'from', 'le', 'la', 'les', 'der', 'die', 'das']);

export interface ZoteroSetOptions {
  /** The text of each readable attachment, by its parent item's Zotero key (read by the caller from disk). */
  texts?: ReadonlyMap<string, string>;
  /** The paragraphs of each item's readable PDF attachment and where it is, by its parent item's Zotero key. */
  pdfs?: ReadonlyMap<string, { paragraphs: Paragraph[]; location: string }>;
  /** The set as last read: an unchanged entry keeps its `Source` object, so nothing recomputes for it. */
  previous?: ReferenceSet;
  /** Awaited every few items, so a library of thousands never blocks the editor. */
  pause?: () => Promise<void>;
}

/** The pinned citation key of an item's data: `citationKey`, or "Citation Key: …" in Extra. */
export function pinnedKey(data: Record<string, unknown> | undefined): string | undefined {
  const field = typeof data?.citationKey === 'string' ? data.citationKey.trim() : '';
  if (field) return field;
  const extra = typeof data?.extra === 'string' ? data.extra : '';
  for (const line of extra.split('\n')) {
    const found = /^citation[ -]key *: *(\S+)$/i.exec(line.trim());
    if (found) return found[1];
  }
  return undefined;
}

/** Letters and digits only, accents dropped, lower case: "Siân" → "sian". */
const keyPart = (text: string): string => fold(text).toLowerCase().replace(/[^a-z0-9]/g, '');

/** The key rule 2 makes for an item, before two alike are told apart; empty when there is nothing to make one of. */
export function madeKey(data: Record<string, unknown> | undefined): string {
  const creators = Array.isArray(data?.creators) ? (data.creators as Array<Record<string, unknown>>) : [];
  const creator = creators.find((c) => ['author', 'director', 'editor'].includes(String(c.creatorType))) ?? creators[0];
  const name = keyPart(String(creator?.lastName ?? String(creator?.name ?? '').split(/\s+/)[0] ?? ''));
  const year = /\b(\d{4})\b/.exec(String(data?.date ?? ''))?.[1] ?? 'nd';
  const words = String(data?.title ?? '').split(/\s+/).map(keyPart).filter((word) => word && !SKIPPED.has(word));
  if (name) return `${name}${year}${words[0] ?? ''}`;
  return words.length > 0 && /^[a-z]/.test(words[0]) ? `${words.slice(0, 2).join('')}${year}` : '';
}

/** Each item's citation key, by its Zotero key, and the problems of pinned keys two items share. */
export async function citationKeys(items: readonly ZoteroObject[], pause?: () => Promise<void>): Promise<{ keys: Map<string, string>; problems: CoreError[] }> {
  const keys = new Map<string, string>();
  const problems: CoreError[] = [];
  const taken = new Set<string>();
  const unpinned: ZoteroObject[] = [];
  for (const item of items) {
    const pinned = pinnedKey(item.data);
    if (pinned && KEY_PATTERN.test(pinned) && !taken.has(pinned)) {
      keys.set(item.key, pinned);
      taken.add(pinned);
      continue;
    }
    if (pinned) {
      const why = taken.has(pinned) ? 'another item of your Zotero library has it too' : 'a key holds only letters, digits and _ - : .';
      problems.push({ ok: false, severity: 'warning', file: ZOTERO_ORIGIN, message: `The Zotero item “${String(item.data?.title ?? item.key)}” (${item.key}) pins the citation key \`${pinned}\`, but ${why}: it is cited by another key until you change it in Zotero.` });
    }
    unpinned.push(item);
  }
  const byMade = new Map<string, ZoteroObject[]>();
  for (const [i, item] of unpinned.entries()) {
    if (i % 100 === 99) await pause?.();
    const made = madeKey(item.data);
    byMade.set(made, [...(byMade.get(made) ?? []), item]);
  }
  for (const [made, alike] of [...byMade].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    alike.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let next = 0;
    for (const item of alike) {
      if (!made) {
        keys.set(item.key, item.key); // rule 3: nothing to make a key of
        continue;
      }
      let key = made;
      while (taken.has(key)) key = `${made}${letters(next++)}`;
      keys.set(item.key, key);
      taken.add(key);
    }
  }
  return { keys, problems };
}

/** 0 → "a", 25 → "z", 26 → "aa". */
function letters(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : `${letters(Math.floor(n / 26) - 1)}${letters(n % 26)}`;
}

/** The library as read, as one reference set. */
export async function zoteroReferenceSet(read: ZoteroRead, options: ZoteroSetOptions = {}): Promise<ReferenceSet> {
  const { keys, problems } = await citationKeys(read.items, options.pause);
  const previous = new Map((options.previous?.sources ?? []).map((source) => [source.meta.key, source]));
  const sources: Source[] = [];
  let count = 0;
  for (const item of read.items) {
    const source = toSource(item, keys.get(item.key) ?? item.key, options.texts?.get(item.key), options.pdfs?.get(item.key));
    const before = previous.get(source.meta.key);
    sources.push(before && sameSource(before, source) ? before : source);
    if (++count % 100 === 0) await options.pause?.();
  }
  return { origin: ZOTERO_ORIGIN, label: ZOTERO_LABEL, sources, problems, folders: zoteroFolders(read, keys) };
}

function sameSource(a: Source, b: Source): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The collections as nested folders (in Zotero's order, which is by name), each with its items' keys. */
export function zoteroFolders(read: ZoteroRead, keys: ReadonlyMap<string, string>): ReferenceFolder[] {
  const byCollection = new Map<string, string[]>();
  for (const item of read.items) {
    const collections = Array.isArray(item.data?.collections) ? (item.data.collections as unknown[]) : [];
    for (const collection of collections) byCollection.set(String(collection), [...(byCollection.get(String(collection)) ?? []), keys.get(item.key) ?? item.key]);
  }
  const known = new Set(read.collections.map((collection) => collection.key));
  const childrenOf = (parent: string | undefined): ReferenceFolder[] =>
    read.collections
      .filter((collection) => {
        const up = collection.data?.parentCollection;
        const parentKey = typeof up === 'string' && known.has(up) ? up : undefined;
        return parentKey === parent;
      })
      .map((collection) => ({ name: String(collection.data?.name ?? collection.key), keys: byCollection.get(collection.key) ?? [], folders: childrenOf(collection.key) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  return childrenOf(undefined);
}

/** One item as a source: facts from its CSL JSON (its data where that is missing), paragraphs from its text. */
export function toSource(item: ZoteroObject, key: string, text?: string, pdf?: { paragraphs: Paragraph[]; location: string }): Source {
  const csl = cslOf(item);
  const data = item.data ?? {};
  const meta: SourceMeta = { key, title: str(csl.title) ?? str(data.title) ?? item.key, author: names(csl.author), type: str(csl.type) ?? 'document' };
  const editor = names(csl.editor);
  if (editor.length > 0) meta.editor = editor;
  const optional: Array<[keyof SourceMeta, string | undefined]> = [
    ['shortTitle', str(csl['title-short'])],
    ['container', str(csl['container-title'])],
    ['date', isoDate(csl.issued) ?? isoDate(data.date)],
    ['url', str(csl.URL)],
    ['accessed', isoDate(csl.accessed)],
    ['publisher', str(csl.publisher)],
  ];
  for (const [field, value] of optional) if (value) (meta as unknown as Record<string, unknown>)[field] = value;
  const rest = Object.fromEntries(Object.entries(csl).filter(([name, value]) => !TYPED_CSL.has(name) && value !== undefined && value !== ''));
  if (Object.keys(rest).length > 0) meta.csl = rest;
  if (pdf && pdf.paragraphs.length > 0) return { meta, paragraphs: pdf.paragraphs, quotations: [], origin: ZOTERO_ORIGIN, pdf: pdf.location };
  const paragraphs = text === undefined ? [] : splitParagraphs(bodyLines(text), 0);
  return paragraphs.length > 0
    ? { meta, paragraphs, quotations: [], origin: ZOTERO_ORIGIN }
    : { meta, paragraphs: [], quotations: [], origin: ZOTERO_ORIGIN, referenceOnly: true };
}

/** A text's lines without a leading front-matter block (a Markdown note's `---` … `---`), kept as blank lines. */
function bodyLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') return lines;
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return end === -1 ? lines : lines.map((line, i) => (i <= end ? '' : line));
}

/** The item's CSL JSON: the local API gives it as the export's text (an array of one), the web API as an object. */
function cslOf(item: ZoteroObject): Record<string, unknown> {
  let value = item.csljson;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      value = undefined;
    }
  }
  if (Array.isArray(value)) value = value[0];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function names(value: unknown): Name[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: Record<string, unknown>) => {
    const name: Name = {};
    if (str(entry?.family)) name.family = str(entry.family);
    if (str(entry?.given)) name.given = str(entry.given);
    if (str(entry?.literal)) name.literal = str(entry.literal);
    return Object.keys(name).length > 0 ? [name] : [];
  });
}

/** A CSL date (`{ "date-parts": [[2014, 11]] }`) or a Zotero date ("2014-11-03") as ISO 8601, as precise as given. */
function isoDate(value: unknown): string | undefined {
  let parts: unknown[] | undefined;
  if (typeof value === 'string') parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value)?.slice(1).filter(Boolean);
  else if (value && typeof value === 'object') parts = ((value as { 'date-parts'?: unknown[][] })['date-parts'] ?? [])[0];
  const numbers = (parts ?? []).map(Number).filter((part) => Number.isInteger(part) && part > 0);
  if (numbers.length === 0) return undefined;
  return numbers.slice(0, 3).map((part, i) => String(part).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

/** Where an item's readable attachment is on disk: a `file:` URL (stored files) or a path (linked files). */
export function readableAttachment(children: readonly ZoteroObject[] | undefined): string | undefined {
  for (const child of children ?? []) {
    const data = child.data ?? {};
    if (data.itemType !== 'attachment' || !READABLE_TYPES.includes(String(data.contentType))) continue;
    const enclosure = child.links?.enclosure?.href;
    if (enclosure?.startsWith('file:')) return enclosure;
    // A linked file's path; "attachments:…" is relative to the base directory only Zotero knows.
    if (typeof data.path === 'string' && data.path && !data.path.startsWith('attachments:')) return data.path;
  }
  return undefined;
}
