// One read of the writer's Zotero library, from the local API to a reference set (with the text of the attachments
// Sourcebook reads), and the copy of the last read kept for when Zotero is closed.
import type { CoreError, Paragraph, Result, Source } from '../types';
import { isPdfPath } from '../pdf/pdfAttachment';
import { ok } from '../types';
import type { ReferenceSet } from './referenceSet';
import { readZotero } from './zoteroClient';
import type { ZoteroFailure, ZoteroReadOptions } from './zoteroClient';
import { ZOTERO_LABEL, ZOTERO_ORIGIN, readableAttachment, zoteroReferenceSet } from './zoteroLibrary';

export interface ZoteroLoadOptions extends ZoteroReadOptions {
  /** The text of a file on disk (`file:` URL or path), or undefined when it cannot be read. */
  readText?: (location: string) => Promise<string | undefined>;
  /** The paragraphs of a PDF on disk (`file:` URL or path; read with `pdfAttachmentParagraphs`), or why not. */
  readPdf?: (location: string) => Promise<Result<Paragraph[]>>;
  previous?: ReferenceSet;
}

/** Reads the library into a reference set, or says why it could not (403, closed, cancelled, …). */
export async function loadZoteroLibrary(options: ZoteroLoadOptions): Promise<Result<ReferenceSet> | ZoteroFailure> {
  const read = await readZotero(options);
  if (!read.ok) return read;
  const texts = new Map<string, string>();
  const pdfs = new Map<string, { paragraphs: Paragraph[]; location: string }>();
  const problems: CoreError[] = [];
  for (const [parent, children] of read.value.children) {
    const location = readableAttachment(children);
    if (!location) continue;
    if (isPdfPath(location)) {
      if (!options.readPdf) continue;
      const paragraphs = await options.readPdf(location);
      if (paragraphs.ok) pdfs.set(parent, { paragraphs: paragraphs.value, location });
      else problems.push({ ...paragraphs, severity: 'warning', file: ZOTERO_ORIGIN, line: 0, message: `The PDF attachment of Zotero item ${parent} (${location}) is not read (${paragraphs.message.replace(/\.$/, '')}): the item is cited without its text.` });
      continue;
    }
    const text = await options.readText?.(location);
    if (text !== undefined) texts.set(parent, text);
  }
  const set = await zoteroReferenceSet(read.value, { texts, pdfs, previous: options.previous, pause: options.pause });
  return ok({ ...set, problems: [...set.problems, ...problems] });
}

/** The last library read, as kept in the extension's global storage. */
export interface ZoteroSnapshot {
  /** The address it was read from (`sourcebook.zotero.url`). */
  url: string;
  /** When, ISO 8601. */
  readAt: string;
  set: ReferenceSet;
}

const SNAPSHOT_VERSION = 1;

export function snapshotJson(snapshot: ZoteroSnapshot): string {
  return JSON.stringify({ version: SNAPSHOT_VERSION, ...snapshot });
}

/** A kept snapshot, or why it cannot be used (another version, not JSON, not a library). */
export function parseSnapshot(text: string): Result<ZoteroSnapshot> | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The kept copy of your Zotero library is not JSON; it is read again when Zotero answers.' };
  }
  const snapshot = value as Partial<ZoteroSnapshot> & { version?: number };
  const sources = snapshot?.set?.sources;
  if (snapshot?.version !== SNAPSHOT_VERSION || typeof snapshot.readAt !== 'string' || typeof snapshot.url !== 'string' || !Array.isArray(sources)) {
    return { ok: false, message: 'The kept copy of your Zotero library is from another version of Sourcebook; it is read again when Zotero answers.' };
  }
  const usable = sources.filter((source: Source) => typeof source?.meta?.key === 'string' && typeof source.meta.title === 'string' && Array.isArray(source.paragraphs));
  const set: ReferenceSet = { origin: ZOTERO_ORIGIN, label: ZOTERO_LABEL, sources: usable.map((source) => ({ ...source, origin: ZOTERO_ORIGIN, quotations: source.quotations ?? [] })), problems: [], folders: snapshot.set?.folders ?? [] };
  return ok({ url: snapshot.url, readAt: snapshot.readAt, set });
}

/** "14:02" — when the kept library was read, in the writer's time (or the date too, when not today). */
export function readTime(readAt: string, now = new Date()): string {
  const at = new Date(readAt);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return at.toDateString() === now.toDateString() ? time : `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')} ${time}`;
}
