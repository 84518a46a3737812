// A snapshot of what costs most at a start, saved as bytes so that a restart takes it back instead of doing the work
// again (issue 19): the passage search index (passageSearch.ts), the quotation word index
// (quotations/sourceWordIndex.ts), and the writer's source files as parsed (sources/ownSourcesLoader.ts). Each part is
// there when it was built: a session that only checked quotations keeps its word index, one that neither searched nor
// checked keeps the parsed files.
//
// Layout (little-endian):
//   16 bytes   "SBIX", the format version, the header's length in bytes, a checksum of everything after these 16
//   header     JSON: the manifest (each source's key, the content hash its caller gave, its paragraph count and
//              characters), each index's slot keys (when it is there), the files (URI, mtime, size, content hash,
//              problems), and the table of sections (name, kind, offset, length); padded to 8 bytes
//   sections   the typed arrays, each at an offset a multiple of 8; each index's vocabulary as its words in UTF-8
//              one after another and their lengths; the files' parsed sources as records (sourceRecords.ts: the
//              paragraphs' texts in UTF-8 runs, not JSON), one after another, with the offset where each ends; the
//              names discovery found in each file's source (`fileSightings`: JSON, [truncated, source key, [[name,
//              0 person | 1 group, paragraph], …]] or null per file), so that a restart composes the discovered people and
//              groups before it finds the names in the sources, and finds them once; and where each entity is
//              named in each file's source (`fileMentions`: JSON, a names/keptMentions.ts row or null per file),
//              taken at a restart whose names have the same fingerprint
//
// On restore, the manifest is compared with the library as it is now: a source with the same key, content hash,
// paragraph count and characters is taken from the snapshot; a removed or changed source is removed (from the search
// index as `removeSource` removes one; from the word index, which is renumbered), and a changed or new source is
// indexed again and added. A file is taken back (`knownFiles`) only by its caller, who compares its mtime and size.
// Anything that does not hold together — another version, a wrong checksum, a truncated file, a length or a number
// out of bounds — makes the snapshot refused: the caller reads and builds as without one. A store that reads a range
// at a time (the desktop's file) gives the posting lists' sections buffers of their own, which the restored indexes
// keep (`OpenedSnapshot.readInSlices`); read whole (the browser), they are copied.
import type { CoreError, Source } from '../types';
import { PassageIndex } from './passageSearch';
import type { PassageIndexParts } from './passageSearch';
import { SourceWordIndex } from '../quotations/sourceWordIndex';
import type { SourceWordParts } from '../quotations/sourceWordIndex';
import { runSteps, runStepsInSlices } from '../pauser';
import { decodeSourceRecord, planSourceRecord } from './sourceRecords';
import type { PlannedRecord } from './sourceRecords';
import type { SourceSightings } from '../names/discoverEntities';
import { isMentionsRow } from '../names/mentionRows';
import type { MentionsRow } from '../names/mentionRows';

/** Raised whenever what is saved, or what it means, changes (the parser's paragraphs, the folding, the words). */
export const SNAPSHOT_VERSION = 4;

/** "SBIX" read as a little-endian 32-bit number. */
const MAGIC = 0x58494253;
const PRELUDE = 16;
/** 32-bit words checksummed between two pauses (4 MB: a few milliseconds). */
const CHECKSUM_RUN = 1024 * 1024;
/**
 * Bytes copied into a snapshot between two pauses (1 MB: about a millisecond, page faults of the new buffer included;
 * a pause within the shared slice costs nothing, so short runs only make the host's turn come sooner on a busy core).
 */
const COPY_RUN = 1024 * 1024;
/** 32-bit words checksummed between two pauses when a snapshot is taken (1 MB: about a millisecond). */
const WRITE_CHECKSUM_RUN = 256 * 1024;
/** Paragraphs counted for the manifest between two pauses. */
const MANIFEST_RUN = 20_000;
/** Paragraphs of the search index counted between two pauses when a snapshot is taken. */
const SLOTS_RUN = 262_144;
/** Vocabulary words encoded between two pauses when a snapshot is taken. */
const WORDS_RUN = 32_768;
/** Characters of JSON encoded between two pauses when the files' sightings and mentions are written. */
const JSON_RUN = 256 * 1024;

/** A source of the library, and a hash of what it was read from (its file's bytes); none: always indexed again. */
export interface LibrarySource {
  source: Source;
  hash?: string;
}

/**
 * Sections read into buffers of their own when the store can read a range at a time (`IndexSnapshotStore.reader`):
 * the search index's posting pool and the word index's lists, kept by the restored indexes as they are read (views,
 * not copies), so that a restore neither copies ~130 MB at 150 MB of text (the copies set off major collections)
 * nor keeps the whole file alive through them.
 */
const OWN_SECTIONS: readonly string[] = ['postingPool', 'wordPostings'];

/** A kept snapshot read a range at a time (a file on the desktop). */
export interface SnapshotReader {
  /** Its length in bytes. */
  readonly size: number;
  /** `length` bytes from `offset`, in a buffer of their own (nothing else is in it, nothing else holds it). */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Where a library's snapshot is kept between starts (src/edge/indexSnapshotStore.ts: the extension's storage). */
export interface IndexSnapshotStore {
  /** The snapshot's bytes, or undefined when there is none (or it cannot be read). */
  get(): Promise<Uint8Array | undefined>;
  /**
   * The snapshot to read a range at a time, when the store can (undefined: none kept, or read with `get`). The
   * snapshot opened so keeps its posting lists in buffers of their own (`OWN_SECTIONS`).
   */
  reader?(): Promise<SnapshotReader | undefined>;
  /** Replaces the snapshot; never throws (a snapshot not kept only means building again next time). */
  set(bytes: Uint8Array): Promise<void>;
}

/** A source file of the writer's as read and parsed, kept so that an unchanged file is not read again. */
export interface SnapshotFile {
  uri: string;
  /** The file's modification time (ms) and size (bytes) when it was read. */
  mtime: number;
  size: number;
  /** The content hash of its bytes (`OwnFile.hash`). */
  hash: string;
  /** Zero-based line of its `key:` field. */
  keyLine: number;
  /** What the reader found wrong in it (a source with warnings still loads). */
  problems: CoreError[];
  source: Source;
  /** What name discovery found in its source (src/core/names/discoverEntities.ts), when it has read it. */
  sightings?: SourceSightings;
  /** Where each entity is named in its source, with the fingerprint of the names found (names/keptMentions.ts). */
  mentions?: MentionsRow;
}

/** A kept file as a start sees it: its source is decoded only when it is taken (its mtime and size are the same). */
export interface KnownFile extends Omit<SnapshotFile, 'source' | 'mentions'> {
  /** The parsed source, or undefined when what was kept does not hold together (then the file is read). */
  source(): Source | undefined;
  /** Its mentions as kept, decoded when first asked for (every file's at once); undefined when none hold together. */
  mentions(): MentionsRow | undefined;
}

export interface ManifestEntry {
  key: string;
  hash: string;
  paragraphs: number;
  characters: number;
}

export interface RestoredIndexes {
  /** Each index when the snapshot holds it (the session that wrote it had built it). */
  passages?: PassageIndex;
  words?: SourceWordIndex;
  /** The library they were restored for, in its order: they hold exactly these sources. */
  sources: Source[];
  /** Keys of the sources taken from the snapshot. */
  reused: string[];
  /** Keys of the sources indexed again: new ones, changed ones, and those without a hash. */
  indexed: string[];
  /** Keys in the snapshot that the library no longer has. */
  removed: string[];
}

type SectionKind = 'u8' | 'i32';

interface FileEntry {
  uri: string;
  mtime: number;
  size: number;
  hash: string;
  keyLine: number;
  problems: CoreError[];
}

interface Header {
  manifest: ManifestEntry[];
  passages?: { slotKeys: Array<string | null> };
  words?: { slotKeys: string[] };
  files: FileEntry[];
  sections: Array<[name: string, kind: SectionKind, offset: number, length: number]>;
}

function charactersOf(source: Source): number {
  let characters = 0;
  for (const paragraph of source.paragraphs) characters += paragraph.text.length;
  return characters;
}

/** Whether the search index holds exactly the library's sources, each whole (none is still being added in slices). */
function* passagesInStep(parts: PassageIndexParts, library: readonly LibrarySource[], keys: ReadonlySet<string>): Generator<void, boolean> {
  const slotOf = new Map<string, number>();
  let live = 0;
  parts.slotKeys.forEach((key, slot) => {
    if (key === null) return;
    live++;
    slotOf.set(key, slot);
  });
  if (live !== keys.size || slotOf.size !== keys.size || ![...slotOf.keys()].every((key) => keys.has(key))) return false;
  yield;
  // Paragraphs per slot, a run of them per step (a large library has hundreds of thousands).
  const paragraphs = new Int32Array(parts.slotKeys.length);
  const slots = parts.paragraphSlots;
  for (let from = 0; from < slots.length; from += SLOTS_RUN) {
    const to = Math.min(slots.length, from + SLOTS_RUN);
    for (let i = from; i < to; i++) paragraphs[slots[i]]++;
    yield;
  }
  return library.every(({ source }) => paragraphs[slotOf.get(source.meta.key) ?? -1] === source.paragraphs.length);
}

/**
 * The indexes and files as bytes, with `library` (the sources the indexes were built from, each with its hash) as the
 * manifest. An index not given, or not built from exactly those sources (behind the library, or a source still being
 * added in slices), is left out; undefined when nothing is left to keep.
 */
export function snapshotIndexes(
  passages: PassageIndex | undefined,
  words: SourceWordIndex | undefined,
  library: readonly LibrarySource[],
  files: readonly SnapshotFile[] = [],
): Uint8Array | undefined {
  return runSteps(snapshotting(passages, words, library, files));
}

/**
 * `snapshotIndexes` taking turns: `pause` is awaited after each file's source is encoded, and between runs of the
 * copying and of the checksum. The indexes and files must not change meanwhile (the caller takes them as they are
 * now, and drops a snapshot overtaken by a change).
 */
export function snapshotIndexesInSlices(
  passages: PassageIndex | undefined,
  words: SourceWordIndex | undefined,
  library: readonly LibrarySource[],
  files: readonly SnapshotFile[],
  pause: () => Promise<void>,
): Promise<Uint8Array | undefined> {
  return runStepsInSlices(snapshotting(passages, words, library, files), pause);
}

function* snapshotting(
  passages: PassageIndex | undefined,
  words: SourceWordIndex | undefined,
  library: readonly LibrarySource[],
  files: readonly SnapshotFile[],
): Generator<void, Uint8Array | undefined> {
  const keys = new Set(library.map((entry) => entry.source.meta.key));
  const distinct = keys.size === library.length;
  const passageParts = passages && distinct ? passages.snapshotParts() : undefined;
  yield;
  const passageWords = passageParts !== undefined && (yield* passagesInStep(passageParts, library, keys)) ? yield* wordsAsBytes(passageParts.words) : undefined;
  const passagesKept = passageParts !== undefined && passageWords !== undefined;
  yield;
  const inStep = words && distinct && words.sourcesByKey.size === keys.size && library.every((entry) => words.sourcesByKey.get(entry.source.meta.key) === entry.source);
  const wordParts = inStep ? words.snapshotParts() : undefined;
  const wordWords = wordParts ? yield* wordsAsBytes(wordParts.words) : undefined;
  yield;
  if (!passagesKept && !wordWords && files.length === 0) return undefined;
  const manifest: ManifestEntry[] = [];
  if (passagesKept || wordWords) {
    let counted = 0;
    for (const { source, hash } of library) {
      if (hash === undefined) continue;
      manifest.push({ key: source.meta.key, hash, paragraphs: source.paragraphs.length, characters: charactersOf(source) });
      counted += source.paragraphs.length;
      if (counted >= MANIFEST_RUN) {
        counted = 0;
        yield;
      }
    }
  }
  // An array, or a run of byte arrays or records written one after another as one section (the posting pool's
  // chunks, the files' records).
  const arrays: Array<[string, Uint8Array | Int32Array | ReadonlyArray<Uint8Array | PlannedRecord>]> = [];
  if (passagesKept) {
    arrays.push(
      ['passageParagraph', passageParts.passageParagraph],
      ['passageStart', passageParts.passageStart],
      ['passageEnd', passageParts.passageEnd],
      ['passageKind', passageParts.passageKind],
      ['paragraphSlots', passageParts.paragraphSlots],
      ['paragraphIndexes', passageParts.paragraphIndexes],
      ['wordLists', passageParts.wordLists],
      ['postingPool', passageParts.postings.poolChunks ?? passageParts.postings.pool],
      ['postingLists', passageParts.postings.lists],
      ['postingLevels', passageParts.postings.levels],
      ['passageWordText', passageWords[0]],
      ['passageWordLengths', passageWords[1]],
    );
  }
  if (wordParts && wordWords) {
    arrays.push(
      ['paragraphSource', wordParts.paragraphSource],
      ['paragraphIndex', wordParts.paragraphIndex],
      ['wordOffsets', wordParts.offsets],
      ['wordPostings', wordParts.postings],
      ['wordText', wordWords[0]],
      ['wordLengths', wordWords[1]],
    );
  }
  if (files.length > 0) {
    // Each file's record (sourceRecords.ts) measured in a turn of its own, then written into its place, a turn each.
    const encoder = new TextEncoder();
    const records: PlannedRecord[] = [];
    const ends = new Int32Array(files.length);
    let at = 0;
    for (const [i, file] of files.entries()) {
      const record = planSourceRecord(file.source, encoder);
      records.push(record);
      ends[i] = at += record.byteLength;
      yield;
    }
    arrays.push(['sourceRecords', records], ['sourceRecordEnds', ends]);
    if (files.some((file) => file.sightings)) arrays.push(['fileSightings', yield* jsonRows(files, sightingsRow, encoder)]);
    if (files.some((file) => file.mentions)) arrays.push(['fileMentions', yield* jsonRows(files, (file) => file.mentions ?? null, encoder)]);
  }
  const sections: Header['sections'] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    const byteLength = piecesOf(array).reduce((sum, piece) => sum + piece.byteLength, 0);
    sections.push([name, array instanceof Int32Array ? 'i32' : 'u8', offset, array instanceof Int32Array ? array.length : byteLength]);
    offset += align(byteLength);
  }
  const header: Header = {
    manifest,
    ...(passagesKept ? { passages: { slotKeys: passageParts.slotKeys } } : {}),
    ...(wordParts && wordWords ? { words: { slotKeys: wordParts.slotKeys } } : {}),
    files: files.map(({ uri, mtime, size, hash, keyLine, problems }) => ({ uri, mtime, size, hash, keyLine, problems })),
    sections,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = PRELUDE + align(headerBytes.length);
  const bytes = new Uint8Array(start + offset);
  bytes.set(headerBytes, PRELUDE);
  for (const [i, [, array]] of arrays.entries()) {
    let into = start + sections[i][2];
    for (const piece of piecesOf(array)) {
      if (!(piece instanceof Uint8Array || piece instanceof Int32Array)) {
        piece.writeInto(bytes.subarray(into, into + piece.byteLength));
        into += piece.byteLength;
        yield;
        continue;
      }
      const from = new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength);
      for (let at = 0; at < from.length; at += COPY_RUN) {
        bytes.set(from.subarray(at, at + COPY_RUN), into + at);
        yield;
      }
      into += from.length;
    }
  }
  const prelude = new DataView(bytes.buffer);
  prelude.setUint32(0, MAGIC, true);
  prelude.setUint32(4, SNAPSHOT_VERSION, true);
  prelude.setUint32(8, headerBytes.length, true);
  const sum = new Checksum([{ at: 0, bytes }]);
  while (!sum.done) {
    sum.update(WRITE_CHECKSUM_RUN);
    yield;
  }
  prelude.setUint32(12, sum.digest(), true);
  return bytes;
}

/**
 * `[row, row, …]` of each file's row as JSON in UTF-8, as pieces written one after another (one section): a run of
 * rows is encoded between two pauses, never the whole array at once (the mentions of a large library are tens of MB).
 */
function* jsonRows(files: readonly SnapshotFile[], rowOf: (file: SnapshotFile) => unknown, encoder: InstanceType<typeof TextEncoder>): Generator<void, Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  let run: string[] = [];
  let characters = 0;
  for (const [i, file] of files.entries()) {
    const json = (i === 0 ? '[' : ',') + JSON.stringify(rowOf(file));
    run.push(json);
    characters += json.length;
    if (characters >= JSON_RUN) {
      pieces.push(encoder.encode(run.join('')));
      run = [];
      characters = 0;
      yield;
    }
  }
  run.push(files.length === 0 ? '[]' : ']');
  pieces.push(encoder.encode(run.join('')));
  yield;
  return pieces;
}

/** A section's arrays: itself, or the run of byte arrays or records written one after another as one section. */
function piecesOf(array: Uint8Array | Int32Array | ReadonlyArray<Uint8Array | PlannedRecord>): ReadonlyArray<Uint8Array | Int32Array | PlannedRecord> {
  return array instanceof Uint8Array || array instanceof Int32Array ? [array] : array;
}

/** A piece of a snapshot's bytes and where it starts in them. */
interface Piece {
  at: number;
  bytes: Uint8Array;
}

/** A snapshot whose checksum and header hold together: its files and its indexes can be taken back. */
export class OpenedSnapshot {
  private readonly sections = new Map<string, Uint8Array | Int32Array>();
  /** Sections read into a buffer of their own, not yet handed to an index (`adopt`). */
  private readonly own = new Set<string>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** The files' mentions rows once decoded (false: not yet). */
  private mentionRows: Array<MentionsRow | null> | undefined | false = false;

  private constructor(
    private readonly header: Header,
    pieces: readonly Piece[],
    start: number,
  ) {
    for (const [name, kind, offset, length] of header.sections) {
      const from = start + offset;
      const byteLength = length * (kind === 'u8' ? 1 : 4);
      const piece = pieces.find((p) => p.at <= from && from + byteLength <= p.at + p.bytes.length)!;
      const { buffer, byteOffset } = piece.bytes;
      const at = byteOffset + from - piece.at;
      this.sections.set(name, kind === 'u8' ? new Uint8Array(buffer, at, length) : new Int32Array(buffer, at, length));
      // A section alone in a piece read for it: its buffer holds nothing else.
      if (pieces.length > 1 && piece.at === from && piece.bytes.length === align(byteLength) && OWN_SECTIONS.includes(name)) this.own.add(name);
    }
  }

  /** The snapshot in `bytes`, checked in one go; undefined when it is not one of this version that holds together. */
  static open(bytes: Uint8Array): OpenedSnapshot | undefined {
    const sum = OpenedSnapshot.begin(bytes);
    if (!sum) return undefined;
    sum.checksum.update(sum.checksum.length);
    return OpenedSnapshot.finish([{ at: 0, bytes: sum.bytes }], sum.checksum);
  }

  /**
   * `open`, checking the checksum a run of `runWords` 32-bit words at a time and awaiting `pause` between runs: the
   * host keeps answering.
   */
  static async openInSlices(bytes: Uint8Array, pause: () => Promise<void>, runWords = CHECKSUM_RUN): Promise<OpenedSnapshot | undefined> {
    const sum = OpenedSnapshot.begin(bytes);
    if (!sum) return undefined;
    return OpenedSnapshot.checkInSlices([{ at: 0, bytes: sum.bytes }], sum.checksum, pause, runWords);
  }

  /**
   * `openInSlices` reading the snapshot a range at a time: its prelude and header first, to find where the sections
   * of `OWN_SECTIONS` are, then the bytes before, between and after them, and each of them into a buffer of its own,
   * which the restored index keeps as it is. Undefined when it is not one of this version that holds together.
   */
  static async readInSlices(reader: SnapshotReader, pause: () => Promise<void>, runWords = CHECKSUM_RUN): Promise<OpenedSnapshot | undefined> {
    const size = reader.size;
    if (size < PRELUDE || size % 8 !== 0) return undefined;
    const prelude = new DataView((await reader.read(0, PRELUDE)).slice().buffer);
    if (prelude.getUint32(0, true) !== MAGIC || prelude.getUint32(4, true) !== SNAPSHOT_VERSION) return undefined;
    const headerLength = prelude.getUint32(8, true);
    if (headerLength > size - PRELUDE) return undefined;
    // The header as read before the checksum is checked: it only says where to cut (a damaged one is refused below).
    const header = parseHeader(await reader.read(PRELUDE, headerLength));
    if (!header) return undefined;
    const start = PRELUDE + align(headerLength);
    const cuts: Array<[from: number, to: number]> = [];
    for (const [name, kind, offset, length] of header.sections) {
      const from = start + offset;
      const to = from + align(length * (kind === 'u8' ? 1 : 4));
      const placed = Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && offset % 8 === 0 && length > 0 && to <= size;
      if (OWN_SECTIONS.includes(name) && placed) cuts.push([from, to]);
    }
    cuts.sort((a, b) => a[0] - b[0]);
    const pieces: Piece[] = [];
    let at = 0;
    const readTo = async (to: number): Promise<void> => {
      if (to <= at) return;
      let bytes = await reader.read(at, to - at);
      if (bytes.length !== to - at) throw new Error(`read ${bytes.length} of ${to - at} bytes`);
      // Typed arrays need their offsets aligned.
      if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
      pieces.push({ at, bytes });
      at = to;
      await pause();
    };
    for (const [from, to] of cuts) {
      if (from < at) return undefined;
      await readTo(from);
      await readTo(to);
    }
    await readTo(size);
    return OpenedSnapshot.checkInSlices(pieces, new Checksum(pieces), pause, runWords);
  }

  private static async checkInSlices(pieces: readonly Piece[], checksum: Checksum, pause: () => Promise<void>, runWords: number): Promise<OpenedSnapshot | undefined> {
    const run = Math.max(2, runWords & ~1);
    while (!checksum.done) {
      checksum.update(run);
      await pause();
    }
    return OpenedSnapshot.finish(pieces, checksum);
  }

  private static begin(bytes: Uint8Array): { bytes: Uint8Array; checksum: Checksum } | undefined {
    if (bytes.length < PRELUDE || bytes.length % 8 !== 0) return undefined;
    // Typed arrays need their offsets aligned: a buffer read at an odd place is copied once.
    if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
    const prelude = new DataView(bytes.buffer, bytes.byteOffset, PRELUDE);
    if (prelude.getUint32(0, true) !== MAGIC || prelude.getUint32(4, true) !== SNAPSHOT_VERSION) return undefined;
    if (prelude.getUint32(8, true) > bytes.length - PRELUDE) return undefined;
    return { bytes, checksum: new Checksum([{ at: 0, bytes }]) };
  }

  private static finish(pieces: readonly Piece[], checksum: Checksum): OpenedSnapshot | undefined {
    const first = pieces[0].bytes;
    const prelude = new DataView(first.buffer, first.byteOffset, PRELUDE);
    if (prelude.getUint32(12, true) !== checksum.digest()) return undefined;
    const headerLength = prelude.getUint32(8, true);
    if (PRELUDE + headerLength > first.length) return undefined;
    const header = parseHeader(first.subarray(PRELUDE, PRELUDE + headerLength));
    if (!header) return undefined;
    const start = PRELUDE + align(headerLength);
    const last = pieces[pieces.length - 1];
    const total = last.at + last.bytes.length;
    for (const [, kind, offset, length] of header.sections) {
      const size = kind === 'u8' ? 1 : 4;
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) return undefined;
      const from = start + offset;
      if (from + length * size > total) return undefined;
      // (Pieces are cut only where a section begins or ends: a section across two means sections overlap.)
      if (!pieces.some((p) => p.at <= from && from + length * size <= p.at + p.bytes.length)) return undefined;
    }
    return new OpenedSnapshot(header, pieces, start);
  }

  /**
   * Whether section `name` is in a buffer of its own that no index has taken yet: the index that restores from it
   * takes it as it is (and writes into it). Once taken, the opened snapshot no longer has it, so another restore
   * from the same opened snapshot is refused rather than given lists another index writes into.
   */
  private adopt(name: string): boolean {
    if (!this.own.has(name)) return false;
    this.own.delete(name);
    this.sections.delete(name);
    return true;
  }

  /** Whether each index is in the snapshot. */
  get holds(): { passages: boolean; words: boolean } {
    return { passages: this.header.passages !== undefined, words: this.header.words !== undefined };
  }

  /** The files kept, by URI; each one's source is decoded when asked for. Empty when the files part does not hold together. */
  knownFiles(): Map<string, KnownFile> {
    const known = new Map<string, KnownFile>();
    const pool = this.u8('sourceRecords');
    const ends = this.i32('sourceRecordEnds');
    const files = this.header.files;
    if (files.length === 0 || !pool || !ends || ends.length !== files.length) return known;
    const sightings = this.fileSightings(files.length);
    files.forEach((file, i) => {
      const from = i === 0 ? 0 : ends[i - 1];
      const to = ends[i];
      const found = sightings?.[i];
      known.set(file.uri, {
        ...file,
        ...(found ? { sightings: found } : {}),
        source: () => (from >= 0 && from <= to && to <= pool.length ? this.decodeSource(pool.subarray(from, to), file.uri) : undefined),
        mentions: () => this.fileMentions(files.length)?.[i] ?? undefined,
      });
    });
    return known;
  }

  /** A part written as JSON, parsed; undefined when it is absent or does not parse. */
  private jsonPart(name: string): unknown {
    const bytes = this.u8(name);
    if (!bytes) return undefined;
    try {
      return JSON.parse(this.decoder.decode(bytes));
    } catch {
      return undefined;
    }
  }

  /** Every kept file's mentions row (null where none), decoded once; undefined when the part does not hold together. */
  private fileMentions(count: number): Array<MentionsRow | null> | undefined {
    if (this.mentionRows !== false) return this.mentionRows;
    this.mentionRows = undefined;
    const rows = this.jsonPart('fileMentions');
    if (!Array.isArray(rows) || rows.length !== count || !rows.every((row) => row === null || isMentionsRow(row))) return undefined;
    this.mentionRows = rows as Array<MentionsRow | null>;
    return this.mentionRows;
  }

  /**
   * What discovery found in each kept file (undefined where it had not read it), each sighting in the source as the
   * file was kept; none at all when the part does not hold together (discovery then reads the files again).
   */
  private fileSightings(count: number): Array<SourceSightings | undefined> | undefined {
    const rows = this.jsonPart('fileSightings');
    if (!Array.isArray(rows) || rows.length !== count) return undefined;
    const result: Array<SourceSightings | undefined> = [];
    for (const row of rows) {
      if (row === null) {
        result.push(undefined);
        continue;
      }
      const read = sightingsOfRow(row);
      if (!read) return undefined;
      result.push(read);
    }
    return result;
  }

  private decodeSource(bytes: Uint8Array, uri: string): Source | undefined {
    const source = decodeSourceRecord(bytes, this.decoder);
    return source && sourceOk(source, uri) ? source : undefined;
  }

  /**
   * The indexes for `library`, restored: unchanged sources from the snapshot, the others indexed again; undefined
   * when the parts do not hold together. An index the snapshot does not hold is absent (built as usual).
   */
  async restore(library: readonly LibrarySource[], pause: () => Promise<void> = async () => {}): Promise<RestoredIndexes | undefined> {
    const { header } = this;
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
    const restored: RestoredIndexes = {
      sources: library.map((entry) => entry.source),
      reused: [...unchanged.keys()],
      indexed: indexed.map((source) => source.meta.key),
      removed: [...known].filter((key) => !current.has(key)),
    };

    if (header.passages) {
      const [passageParagraph, passageStart, passageEnd, passageKind] = [this.i32('passageParagraph'), this.i32('passageStart'), this.i32('passageEnd'), this.u8('passageKind')];
      const [paragraphSlots, paragraphIndexes, wordLists] = [this.i32('paragraphSlots'), this.i32('paragraphIndexes'), this.i32('wordLists')];
      const [pool, lists, levels] = [this.u8('postingPool'), this.i32('postingLists'), this.u8('postingLevels')];
      const words = this.words('passageWordText', 'passageWordLengths');
      if (!passageParagraph || !passageStart || !passageEnd || !passageKind || !paragraphSlots || !paragraphIndexes || !wordLists || !pool || !lists || !levels || !words) return undefined;
      const poolIsOwn = this.adopt('postingPool');
      const passageParts: PassageIndexParts = {
        slotKeys: header.passages.slotKeys,
        passageParagraph,
        passageStart,
        passageEnd,
        passageKind,
        paragraphSlots,
        paragraphIndexes,
        words,
        wordLists,
        postings: { pool, lists, levels, poolIsOwn },
      };
      const passages = await PassageIndex.fromSnapshotPartsInSlices(passageParts, header.passages.slotKeys.map(slotSource), pause);
      if (!passages) return undefined;
      for (const source of indexed) await passages.addSourceInSlices(source, pause);
      restored.passages = passages;
      await pause();
    }

    if (header.words) {
      const [paragraphSource, paragraphIndex, offsets, postings] = [this.i32('paragraphSource'), this.i32('paragraphIndex'), this.i32('wordOffsets'), this.i32('wordPostings')];
      const vocabulary = this.words('wordText', 'wordLengths');
      if (!paragraphSource || !paragraphIndex || !offsets || !postings || !vocabulary) return undefined;
      const wordParts: SourceWordParts = { slotKeys: header.words.slotKeys, paragraphSource, paragraphIndex, words: vocabulary, offsets, postings, postingsAreOwn: this.adopt('wordPostings') };
      const words = await SourceWordIndex.fromSnapshotPartsInSlices(wordParts, header.words.slotKeys.map(slotSource), indexed, pause);
      if (!words) return undefined;
      restored.words = words;
    }
    return restored;
  }

  /** A vocabulary kept as `wordsAsBytes` keeps it, or undefined when it does not hold together. */
  private words(textName: string, lengthsName: string): string[] | undefined {
    const bytes = this.u8(textName);
    const lengths = this.i32(lengthsName);
    if (!bytes || !lengths) return undefined;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      return undefined;
    }
    const words = new Array<string>(lengths.length);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i];
      if (!(length >= 0 && at + length <= text.length)) return undefined;
      words[i] = text.slice(at, (at += length));
    }
    return at === text.length ? words : undefined;
  }

  private u8(name: string): Uint8Array | undefined {
    const array = this.sections.get(name);
    return array instanceof Uint8Array ? array : undefined;
  }

  private i32(name: string): Int32Array | undefined {
    const array = this.sections.get(name);
    return array instanceof Int32Array ? array : undefined;
  }
}

/**
 * The indexes for `library`, restored from `bytes` in one go: unchanged sources from the snapshot, the others indexed
 * again. Undefined when the bytes are not a snapshot of this version that holds together.
 */
export async function restoreIndexes(bytes: Uint8Array, library: readonly LibrarySource[]): Promise<RestoredIndexes | undefined> {
  return OpenedSnapshot.open(bytes)?.restore(library);
}

/** `restoreIndexes` taking turns: `pause` is awaited between runs of the checksum and between the parts. */
export async function restoreIndexesInSlices(bytes: Uint8Array, library: readonly LibrarySource[], pause: () => Promise<void>): Promise<RestoredIndexes | undefined> {
  const opened = await OpenedSnapshot.openInSlices(bytes, pause);
  return opened?.restore(library, pause);
}

type SightingsRow = [truncated: 0 | 1, key: string, sightings: Array<[name: string, type: 0 | 1, paragraph: number]>] | null;

/** A file's sightings as kept: the source's key once, not in each sighting. */
function sightingsRow(file: SnapshotFile): SightingsRow {
  const read = file.sightings;
  const key = file.source.meta.key;
  if (!read || read.sightings.some((sighting) => sighting.source !== key)) return null;
  return [read.truncated ? 1 : 0, key, read.sightings.map((sighting) => [sighting.name, sighting.type === 'group' ? 1 : 0, sighting.paragraph])];
}

/** A kept row as the sightings it was made of, or undefined when it does not hold together. */
function sightingsOfRow(row: unknown): SourceSightings | undefined {
  if (!Array.isArray(row) || row.length !== 3 || (row[0] !== 0 && row[0] !== 1) || typeof row[1] !== 'string' || !Array.isArray(row[2])) return undefined;
  const source = row[1];
  const sightings: SourceSightings['sightings'] = [];
  for (const item of row[2] as unknown[]) {
    if (!Array.isArray(item) || item.length !== 3 || typeof item[0] !== 'string' || (item[1] !== 0 && item[1] !== 1) || !Number.isSafeInteger(item[2])) return undefined;
    sightings.push({ name: item[0], type: item[1] === 1 ? 'group' : 'person', source, paragraph: item[2] as number });
  }
  return { sightings, truncated: row[0] === 1 };
}

/** Whether a decoded source has the shape of one (the checksum already vouches for the bytes). */
function sourceOk(source: Source, uri: string): boolean {
  if (typeof source !== 'object' || source === null || source.origin !== uri || !Array.isArray(source.paragraphs) || !Array.isArray(source.quotations)) return false;
  const meta = source.meta as Partial<Source['meta']> | undefined;
  if (typeof meta !== 'object' || meta === null || typeof meta.key !== 'string' || typeof meta.title !== 'string' || typeof meta.type !== 'string' || !Array.isArray(meta.author)) return false;
  return source.paragraphs.every((paragraph) => typeof paragraph === 'object' && paragraph !== null && typeof paragraph.text === 'string' && Number.isSafeInteger(paragraph.number) && Number.isSafeInteger(paragraph.line));
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
  if (typeof header !== 'object' || header === null || !Array.isArray(header.manifest) || !Array.isArray(header.sections) || !Array.isArray(header.files)) return undefined;
  if (header.passages !== undefined && (typeof header.passages !== 'object' || header.passages === null || !strings(header.passages.slotKeys, true))) return undefined;
  if (header.words !== undefined && (typeof header.words !== 'object' || header.words === null || !strings(header.words.slotKeys))) return undefined;
  const entryOk = (entry: ManifestEntry): boolean =>
    typeof entry === 'object' && entry !== null && typeof entry.key === 'string' && typeof entry.hash === 'string' && Number.isSafeInteger(entry.paragraphs) && Number.isSafeInteger(entry.characters);
  const problemOk = (problem: CoreError): boolean => typeof problem === 'object' && problem !== null && typeof problem.message === 'string';
  const fileOk = (file: FileEntry): boolean =>
    typeof file === 'object' && file !== null && typeof file.uri === 'string' && typeof file.hash === 'string' && typeof file.mtime === 'number' && typeof file.size === 'number' &&
    Number.isSafeInteger(file.keyLine) && Array.isArray(file.problems) && file.problems.every(problemOk);
  const sectionOk = (row: unknown): boolean =>
    Array.isArray(row) && row.length === 4 && typeof row[0] === 'string' && (row[1] === 'u8' || row[1] === 'i32') && typeof row[2] === 'number' && typeof row[3] === 'number';
  if (!header.manifest.every(entryOk) || !header.files.every(fileOk) || !header.sections.every(sectionOk)) return undefined;
  return header as Header;
}

/**
 * A vocabulary as bytes: its words one after another in UTF-8, and each one's length (UTF-16 units) — decoded in one
 * call and cut, where a JSON array of a few hundred thousand words held the host tens of milliseconds each way.
 * Undefined when a word has a lone surrogate, which UTF-8 cannot carry (its index is then not kept).
 */
function* wordsAsBytes(words: readonly string[]): Generator<void, [Uint8Array[], Int32Array] | undefined> {
  const lengths = new Int32Array(words.length);
  const pieces: Uint8Array[] = [];
  const encoder = new TextEncoder();
  // A run of words joined and encoded between two pauses (words are whole in a run: a surrogate pair is never split).
  for (let from = 0; from < words.length; from += WORDS_RUN) {
    const run = words.slice(from, from + WORDS_RUN);
    for (let i = 0; i < run.length; i++) lengths[from + i] = run[i].length;
    const text = run.join('');
    if (/[\ud800-\udfff]/.test(text) && run.some((word) => /\p{Cs}/u.test(word))) return undefined;
    pieces.push(encoder.encode(text));
    yield;
  }
  return [pieces, lengths];
}

function align(length: number): number {
  return (length + 7) & ~7;
}

/**
 * A 32-bit checksum of everything after the prelude (whose length is a multiple of 8): two multiplicative lanes, taken
 * a run of words at a time (`update`), so that a large snapshot can be checked in slices.
 */
class Checksum {
  /** The words of each piece (the first from after the prelude); each but the last an even number of them. */
  private readonly segments: Int32Array[];
  readonly length: number;
  private a = 0x811c9dc5 | 0;
  private b = 0x2545f491;
  /** The segment being read, and the place in it. */
  private s = 0;
  private i = 0;
  private taken = 0;

  constructor(pieces: readonly Piece[]) {
    this.segments = pieces.map(({ at, bytes }) => {
      const skip = at === 0 ? PRELUDE : 0;
      return new Int32Array(bytes.buffer, bytes.byteOffset + skip, (bytes.length - skip) >>> 2);
    });
    this.length = this.segments.reduce((sum, words) => sum + words.length, 0);
  }

  get done(): boolean {
    return this.taken >= this.length;
  }

  /** Takes in up to `count` more words (an even number, but for the last run). */
  update(count: number): void {
    let left = count;
    while (left > 0 && this.s < this.segments.length) {
      const words = this.segments[this.s];
      const n = words.length;
      const end = Math.min(n, this.i + left);
      const lastSegment = this.s === this.segments.length - 1;
      let { a, b, i } = this;
      const from = i;
      for (; i + 1 < end; i += 2) {
        a = Math.imul(a ^ words[i], 0x01000193);
        b = Math.imul(b ^ words[i + 1], 0x5bd1e995);
        b ^= b >>> 15;
      }
      if (i < end && end === n && lastSegment) {
        a = Math.imul(a ^ words[i], 0x01000193);
        i++;
      }
      this.a = a;
      this.b = b;
      left -= i - from;
      this.taken += i - from;
      if (i >= n) {
        this.s++;
        this.i = 0;
      } else {
        this.i = i;
        if (i === from) break;
      }
    }
  }

  digest(): number {
    const a = this.a;
    return (Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ this.b ^ this.length) >>> 0;
  }
}
