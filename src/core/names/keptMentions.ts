// Where each entity is named in the writer's source files, kept with them in the indexes' snapshot
// (search/indexSnapshot.ts) under a fingerprint of the names they were found with (Library.namesFingerprint: every
// entity's id, name and aliases, and the ambiguous words). At a restart whose entities, as composed before any name is
// found, have the same fingerprint, a file whose content hash is the one its mentions were kept with takes them
// instead of being read for names (Library.takeMentions); any other file is read as before. The matcher's rules are
// part of the snapshot's format: changing them raises SNAPSHOT_VERSION.
import type { Mention, Source } from '../types';
import type { Library } from '../library';
import type { KnownFile, SnapshotFile } from '../search/indexSnapshot';

/** A source's mentions as kept: the fingerprint, the entity ids named in it, and per mention [id, paragraph, start, end]. */
export type MentionsRow = [fingerprint: string, ids: string[], flat: number[]];

/** The mentions found in a source (entity id → mentions, as `Library.mentionsOf` gives them) as a row to keep. */
export function mentionsRow(fingerprint: string, mentions: ReadonlyMap<string, readonly Mention[]>): MentionsRow {
  const ids: string[] = [];
  const flat: number[] = [];
  for (const [id, list] of mentions) {
    if (list.length === 0) continue;
    const at = ids.push(id) - 1;
    for (const mention of list) flat.push(at, mention.paragraph, mention.start, mention.end);
  }
  return [fingerprint, ids, flat];
}

/** Whether a value read back has the shape of a row (its numbers are checked against the source when taken). */
export function isMentionsRow(row: unknown): row is MentionsRow {
  return Array.isArray(row) && row.length === 3 && typeof row[0] === 'string' && Array.isArray(row[1]) && (row[1] as unknown[]).every((id) => typeof id === 'string') &&
    Array.isArray(row[2]) && row[2].length % 4 === 0;
}

/** The mentions of a kept row in `source` (the very text they were found in), or undefined when one does not fit it. */
export function mentionsOfRow(row: MentionsRow, source: Source): Map<string, Mention[]> | undefined {
  const [, ids, flat] = row;
  const key = source.meta.key;
  const mentions = new Map<string, Mention[]>();
  for (let i = 0; i < flat.length; i += 4) {
    const [at, number, start, end] = [flat[i], flat[i + 1], flat[i + 2], flat[i + 3]];
    const id = ids[at];
    const paragraph = Number.isInteger(number) ? (source.paragraphs[number - 1]?.number === number ? source.paragraphs[number - 1] : source.paragraphs.find((p) => p.number === number)) : undefined;
    if (id === undefined || !paragraph || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > paragraph.text.length) return undefined;
    const list = mentions.get(id);
    const mention: Mention = { source: key, paragraph: number, start, end, text: paragraph.text.slice(start, end) };
    if (list) list.push(mention);
    else mentions.set(id, [mention]);
  }
  return mentions;
}

/**
 * A 64-bit fingerprint of a string (two 32-bit lanes and its length), as 20 hexadecimal digits: what tells two sets
 * of names apart without keeping them.
 */
export function fingerprintOf(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x2545f491 | 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 13;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}${(text.length & 0xffff).toString(16).padStart(4, '0')}`;
}

/** The files to keep, each with the mentions the library found in its source (that very source), under the names now. */
export function withMentions(files: readonly SnapshotFile[], library: Library): SnapshotFile[] {
  const fingerprint = library.namesFingerprint;
  return files.map((file) => {
    const key = file.source.meta.key;
    const found = library.source(key) === file.source ? library.mentionsOf(key) : undefined;
    return found ? { ...file, mentions: mentionsRow(fingerprint, found) } : file;
  });
}

/**
 * At a start, for `Library.takeMentions`: the kept mentions of each source loaded from a kept file whose content hash
 * is the one they were kept with. `fileOf` gives a file as loaded.
 */
export function keptMentions(
  known: ReadonlyMap<string, KnownFile> | undefined,
  fileOf: (uri: string) => { source?: Source; hash?: string } | undefined,
): Array<{ source: Source; fingerprint: string; mentions: () => Map<string, Mention[]> | undefined }> {
  const kept: Array<{ source: Source; fingerprint: string; mentions: () => Map<string, Mention[]> | undefined }> = [];
  for (const [uri, entry] of known ?? []) {
    const file = fileOf(uri);
    const source = file?.source;
    if (!source || file.hash !== entry.hash) continue;
    const row = entry.mentions();
    if (row) kept.push({ source, fingerprint: row[0], mentions: () => mentionsOfRow(row, source) });
  }
  return kept;
}
