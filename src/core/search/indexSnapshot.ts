// A snapshot of the two indexes that cost most at start — the passage search index (passageSearch.ts) and the
// quotation word index (quotations/sourceWordIndex.ts) — saved as bytes so that a restart restores them instead of
// building them again (issue 19). Both are typed arrays and a vocabulary, so a snapshot is those arrays laid end to
// end behind a JSON header.
//
// Layout (little-endian):
//   16 bytes   "SBIX", the format version, the header's length in bytes, a checksum of everything after these 16
//   header     JSON: the manifest (each source's key, the content hash its caller gave, its paragraph count and
//              characters), each index's slot keys and vocabulary, and the table of sections (name, kind, offset,
//              length); padded to 8 bytes
//   sections   the typed arrays, each at an offset a multiple of 8
//
// On restore, the manifest is compared with the library as it is now: a source with the same key, content hash,
// paragraph count and characters is taken from the snapshot; a removed or changed source is removed (from the search
// index as `removeSource` removes one; from the word index, which is renumbered), and a changed or new source is
// indexed again and added. Anything that does not
// hold together — another version, a wrong checksum, a truncated file, a length or a number out of bounds — makes
// `restoreIndexes` return undefined: the caller builds the indexes as without a snapshot.
import type { Source } from '../types';
import { PassageIndex } from './passageSearch';
import type { PassageIndexParts } from './passageSearch';
import { SourceWordIndex } from '../quotations/sourceWordIndex';
import type { SourceWordParts } from '../quotations/sourceWordIndex';

/** Raised whenever what is saved, or what it means, changes (the parser's paragraphs, the folding, the words). */
export const SNAPSHOT_VERSION = 1;

/** "SBIX" read as a little-endian 32-bit number. */
const MAGIC = 0x58494253;
const PRELUDE = 16;

/** A source of the library, and a hash of what it was read from (its file's bytes); none: always indexed again. */
export interface LibrarySource {
  source: Source;
  hash?: string;
}

/** Where a library's snapshot is kept between starts (src/edge/indexSnapshotStore.ts: the extension's storage). */
export interface IndexSnapshotStore {
  /** The snapshot's bytes, or undefined when there is none (or it cannot be read). */
  get(): Promise<Uint8Array | undefined>;
  /** Replaces the snapshot; never throws (a snapshot not kept only means building again next time). */
  set(bytes: Uint8Array): Promise<void>;
}

export interface ManifestEntry {
  key: string;
  hash: string;
  paragraphs: number;
  characters: number;
}

export interface RestoredIndexes {
  passages: PassageIndex;
  words: SourceWordIndex;
  /** Keys of the sources taken from the snapshot. */
  reused: string[];
  /** Keys of the sources indexed again: new ones, changed ones, and those without a hash. */
  indexed: string[];
  /** Keys in the snapshot that the library no longer has. */
  removed: string[];
}

type SectionKind = 'u8' | 'i32';

interface Header {
  manifest: ManifestEntry[];
  passages: { slotKeys: Array<string | null>; words: string[] };
  words: { slotKeys: string[]; words: string[] };
  sections: Array<[name: string, kind: SectionKind, offset: number, length: number]>;
}

function charactersOf(source: Source): number {
  let characters = 0;
  for (const paragraph of source.paragraphs) characters += paragraph.text.length;
  return characters;
}

/**
 * The two indexes as bytes, with `library` (the sources both were built from, each with its hash) as the manifest.
 * Undefined when the indexes were not built from exactly those sources (one of them is behind the library, or a
 * source is still being added to the search index in slices).
 */
export function snapshotIndexes(passages: PassageIndex, words: SourceWordIndex, library: readonly LibrarySource[]): Uint8Array | undefined {
  const passageParts = passages.snapshotParts();
  const wordParts = words.snapshotParts();
  const liveKeys = passageParts.slotKeys.filter((key): key is string => key !== null);
  const keys = new Set(library.map((entry) => entry.source.meta.key));
  if (keys.size !== library.length || liveKeys.length !== keys.size || wordParts.slotKeys.length !== keys.size) return undefined;
  if (!liveKeys.every((key) => keys.has(key)) || !library.every((entry) => words.sourcesByKey.get(entry.source.meta.key) === entry.source)) return undefined;
  // Every source's every paragraph in the search index: none is still being added in slices.
  const paragraphs = new Map<string, number>();
  for (const slot of passageParts.paragraphSlots) {
    const key = passageParts.slotKeys[slot];
    if (key !== null) paragraphs.set(key, (paragraphs.get(key) ?? 0) + 1);
  }
  if (!library.every(({ source }) => (paragraphs.get(source.meta.key) ?? 0) === source.paragraphs.length)) return undefined;
  const manifest: ManifestEntry[] = [];
  for (const { source, hash } of library) {
    if (hash !== undefined) manifest.push({ key: source.meta.key, hash, paragraphs: source.paragraphs.length, characters: charactersOf(source) });
  }
  const arrays: Array<[string, Uint8Array | Int32Array]> = [
    ['passageParagraph', passageParts.passageParagraph],
    ['passageStart', passageParts.passageStart],
    ['passageEnd', passageParts.passageEnd],
    ['passageKind', passageParts.passageKind],
    ['paragraphSlots', passageParts.paragraphSlots],
    ['paragraphIndexes', passageParts.paragraphIndexes],
    ['wordLists', passageParts.wordLists],
    ['postingPool', passageParts.postings.pool],
    ['postingLists', passageParts.postings.lists],
    ['postingLevels', passageParts.postings.levels],
    ['paragraphSource', wordParts.paragraphSource],
    ['paragraphIndex', wordParts.paragraphIndex],
    ['wordOffsets', wordParts.offsets],
    ['wordPostings', wordParts.postings],
  ];
  const sections: Header['sections'] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    sections.push([name, array instanceof Uint8Array ? 'u8' : 'i32', offset, array.length]);
    offset += align(array.byteLength);
  }
  const header: Header = {
    manifest,
    passages: { slotKeys: passageParts.slotKeys, words: passageParts.words },
    words: { slotKeys: wordParts.slotKeys, words: wordParts.words },
    sections,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = PRELUDE + align(headerBytes.length);
  const bytes = new Uint8Array(start + offset);
  bytes.set(headerBytes, PRELUDE);
  arrays.forEach(([, array], i) => bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), start + sections[i][2]));
  const prelude = new DataView(bytes.buffer);
  prelude.setUint32(0, MAGIC, true);
  prelude.setUint32(4, SNAPSHOT_VERSION, true);
  prelude.setUint32(8, headerBytes.length, true);
  prelude.setUint32(12, checksum(bytes), true);
  return bytes;
}

/**
 * The indexes for `library`, restored from `bytes`: unchanged sources from the snapshot, the others indexed again.
 * Undefined when the bytes are not a snapshot of this version that holds together.
 */
export function restoreIndexes(bytes: Uint8Array, library: readonly LibrarySource[]): RestoredIndexes | undefined {
  if (bytes.length < PRELUDE || bytes.length % 8 !== 0) return undefined;
  // Typed arrays need their offsets aligned: a buffer read at an odd place is copied once.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const prelude = new DataView(bytes.buffer, bytes.byteOffset, PRELUDE);
  if (prelude.getUint32(0, true) !== MAGIC || prelude.getUint32(4, true) !== SNAPSHOT_VERSION) return undefined;
  const headerLength = prelude.getUint32(8, true);
  if (headerLength > bytes.length - PRELUDE || prelude.getUint32(12, true) !== checksum(bytes)) return undefined;
  const header = parseHeader(bytes.subarray(PRELUDE, PRELUDE + headerLength));
  if (!header) return undefined;
  const start = PRELUDE + align(headerLength);
  const section = new Map<string, Uint8Array | Int32Array>();
  for (const [name, kind, offset, length] of header.sections) {
    const size = kind === 'u8' ? 1 : 4;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) return undefined;
    if (start + offset + length * size > bytes.length) return undefined;
    const at = bytes.byteOffset + start + offset;
    section.set(name, kind === 'u8' ? new Uint8Array(bytes.buffer, at, length) : new Int32Array(bytes.buffer, at, length));
  }
  const u8 = (name: string): Uint8Array | undefined => {
    const array = section.get(name);
    return array instanceof Uint8Array ? array : undefined;
  };
  const i32 = (name: string): Int32Array | undefined => {
    const array = section.get(name);
    return array instanceof Int32Array ? array : undefined;
  };

  // Which sources are as they were.
  const current = new Map(library.map((entry) => [entry.source.meta.key, entry]));
  const unchanged = new Map<string, Source>();
  for (const entry of header.manifest) {
    const now = current.get(entry.key);
    if (!now || now.hash === undefined || now.hash !== entry.hash) continue;
    if (now.source.paragraphs.length !== entry.paragraphs || charactersOf(now.source) !== entry.characters) continue;
    unchanged.set(entry.key, now.source);
  }
  const known = new Set(header.manifest.map((entry) => entry.key));
  const slotSource = (key: string | null): Source | undefined => (key === null ? undefined : unchanged.get(key));
  const indexed = library.filter((entry) => !unchanged.has(entry.source.meta.key)).map((entry) => entry.source);

  const [passageParagraph, passageStart, passageEnd, passageKind] = [i32('passageParagraph'), i32('passageStart'), i32('passageEnd'), u8('passageKind')];
  const [paragraphSlots, paragraphIndexes, wordLists] = [i32('paragraphSlots'), i32('paragraphIndexes'), i32('wordLists')];
  const [pool, lists, levels] = [u8('postingPool'), i32('postingLists'), u8('postingLevels')];
  if (!passageParagraph || !passageStart || !passageEnd || !passageKind || !paragraphSlots || !paragraphIndexes || !wordLists || !pool || !lists || !levels) return undefined;
  const passageParts: PassageIndexParts = {
    slotKeys: header.passages.slotKeys,
    passageParagraph,
    passageStart,
    passageEnd,
    passageKind,
    paragraphSlots,
    paragraphIndexes,
    words: header.passages.words,
    wordLists,
    postings: { pool, lists, levels },
  };
  const passages = PassageIndex.fromSnapshotParts(passageParts, header.passages.slotKeys.map(slotSource));
  if (!passages) return undefined;
  for (const source of indexed) passages.addSource(source);

  const [paragraphSource, paragraphIndex, offsets, postings] = [i32('paragraphSource'), i32('paragraphIndex'), i32('wordOffsets'), i32('wordPostings')];
  if (!paragraphSource || !paragraphIndex || !offsets || !postings) return undefined;
  const wordParts: SourceWordParts = { slotKeys: header.words.slotKeys, paragraphSource, paragraphIndex, words: header.words.words, offsets, postings };
  const words = SourceWordIndex.fromSnapshotParts(wordParts, header.words.slotKeys.map(slotSource), indexed);
  if (!words) return undefined;

  return {
    passages,
    words,
    reused: [...unchanged.keys()],
    indexed: indexed.map((source) => source.meta.key),
    removed: [...known].filter((key) => !current.has(key)),
  };
}

/** The header, or undefined when it is not JSON of the expected shape. */
function parseHeader(bytes: Uint8Array): Header | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const header = value as Partial<Header> | null;
  const strings = (list: unknown, nullable = false): boolean =>
    Array.isArray(list) && list.every((item) => typeof item === 'string' || (nullable && item === null));
  if (typeof header !== 'object' || header === null || !Array.isArray(header.manifest) || !Array.isArray(header.sections)) return undefined;
  if (!header.passages || !strings(header.passages.slotKeys, true) || !strings(header.passages.words)) return undefined;
  if (!header.words || !strings(header.words.slotKeys) || !strings(header.words.words)) return undefined;
  const entryOk = (entry: ManifestEntry): boolean =>
    typeof entry === 'object' && entry !== null && typeof entry.key === 'string' && typeof entry.hash === 'string' && Number.isSafeInteger(entry.paragraphs) && Number.isSafeInteger(entry.characters);
  const sectionOk = (row: unknown): boolean =>
    Array.isArray(row) && row.length === 4 && typeof row[0] === 'string' && (row[1] === 'u8' || row[1] === 'i32') && typeof row[2] === 'number' && typeof row[3] === 'number';
  if (!header.manifest.every(entryOk) || !header.sections.every(sectionOk)) return undefined;
  return header as Header;
}

function align(length: number): number {
  return (length + 7) & ~7;
}

/** A 32-bit checksum of everything after the prelude (whose length is a multiple of 8): two multiplicative lanes. */
function checksum(bytes: Uint8Array): number {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + PRELUDE, (bytes.length - PRELUDE) >>> 2);
  let a = 0x811c9dc5 | 0;
  let b = 0x2545f491;
  const n = words.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i + 1], 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (i < n) a = Math.imul(a ^ words[i], 0x01000193);
  return (Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ b ^ n) >>> 0;
}
