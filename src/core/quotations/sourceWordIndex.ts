// The words of every source paragraph, indexed for the quotation check: for every word (folded: case, diacritics,
// curly quotes and apostrophes) the paragraphs it occurs in, as one typed array. A paragraph's own words (their
// offsets, and a hash of each) are cut again from its text when a check looks at it, and the last few hundred are
// kept: a check looks at a handful of paragraphs, and the library's text is not held twice. Built once per library:
// the quotation checks of every draft and Go to Definition share it (see `Sourcebook.wordIndex`).
//
// Building makes next to no garbage (a 150 MB library is indexed while the writer types, and the collector's pauses
// are the host's): the text is folded code unit by code unit as it is read (the same folding as `fold`), a word is
// looked up by a hash of its folded units and compared in place (no string per word), and each paragraph's words go
// to a stream of word ids in large typed arrays, turned into the posting lists at the end (no array per word).

import type { PageSpan, Source } from '../types';
import { fold } from '../text/normalize';
import { vocabularyWords } from '../text/stringPool';
import { isWordCode } from '../text/sentences';
import { CitationTargets } from '../drafts/citationTargets';
import { runSteps, runStepsInSlices } from '../pauser';

/** A paragraph's words: their offsets in its text and a hash of each word's key (`wordHash`). */
export interface ParagraphWords {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
}

export interface IndexedParagraph {
  source: Source;
  number: number;
  text: string;
  /** A PDF source's paragraph: the printed page of each stretch of its text. */
  pages?: PageSpan[];
}

/** A sliced build yields after reading about this many characters (well under a millisecond's work). */
const CHARACTERS_A_TURN = 8192;

/** How many paragraphs' words are kept after a check looked at them. */
const KEPT_PARAGRAPHS = 256;

/** A paragraph longer than this many words is read up to here. */
const MAX_PARAGRAPH_WORDS = 1 << 20;

/** A word's key: folded, with any combining marks (decomposed accents) removed. */
export function wordKeyOf(folded: string, start: number, end: number): string {
  const word = folded.slice(start, end);
  return /[\u0300-\u036f]/.test(word) ? word.replace(/[\u0300-\u036f]/g, '') : word;
}

// --- Reading words without making strings -----------------------------------------------------------------

/** Each UTF-16 code unit folded as `fold` folds it (one unit to one unit), filled on first use. */
const foldedUnit = new Uint16Array(65536);
const foldedKnown = new Uint8Array(65536);

function foldCode(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (foldedKnown[code] === 0) {
    foldedUnit[code] = fold(String.fromCharCode(code)).charCodeAt(0);
    foldedKnown[code] = 1;
  }
  return foldedUnit[code];
}

const isCombiningMark = (code: number): boolean => code >= 0x300 && code <= 0x36f;
/** `isWordCode` of a folded unit (never A–Z), with the ASCII test inline: three times faster a character. */
const isWordUnit = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 128 && isWordCode(code));
const isApostrophe = (code: number): boolean => code === 39 || code === 0x2019 || code === 0x02bc;

/** One step of the word hash (FNV-1a over the key's code units). */
const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, 16777619);
const HASH_SEED = 0x811c9dc5 | 0;

/** A table slot's start for a hash: its bits mixed (murmur3's finaliser), as FNV's low bits alone cluster. */
function slotOf(hash: number, mask: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** The hash of a word's key (as `wordKeyOf` gives it), the same as the hash of the word read from a text. */
export function wordHash(key: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < key.length; i++) hash = hashStep(hash, key.charCodeAt(i));
  return hash;
}

/** Whether `text[start, end)`, folded and without combining marks, is `key` — compared in place. */
export function isWordKey(text: string, start: number, end: number, key: string): boolean {
  let k = 0;
  for (let i = start; i < end; i++) {
    const code = foldCode(text.charCodeAt(i));
    if (isCombiningMark(code)) continue;
    if (k >= key.length || key.charCodeAt(k) !== code) return false;
    k++;
  }
  return k === key.length;
}

/**
 * Cuts the words of `text` as `wordSpans(fold(text))` does — runs of letters and digits, an apostrophe inside a
 * word kept in it — folding unit by unit as it reads: each word's offsets and key hash go to `into` (grown as
 * needed), the first `max` words. Returns how many.
 */
function cutWords(text: string, into: ParagraphWords, max: number): number {
  const to = text.length;
  let n = 0;
  let i = 0;
  while (i < to && n < max) {
    let code = foldCode(text.charCodeAt(i));
    if (!isWordUnit(code)) {
      i++;
      continue;
    }
    const start = i;
    let hash = isCombiningMark(code) ? HASH_SEED : hashStep(HASH_SEED, code);
    i++;
    while (i < to) {
      code = foldCode(text.charCodeAt(i));
      if (isWordUnit(code)) {
        if (!isCombiningMark(code)) hash = hashStep(hash, code);
        i++;
      } else if (isApostrophe(code) && i + 1 < to && isWordUnit(foldCode(text.charCodeAt(i + 1)))) {
        hash = hashStep(hash, code);
        const next = foldCode(text.charCodeAt(i + 1));
        if (!isCombiningMark(next)) hash = hashStep(hash, next);
        i += 2;
      } else break;
    }
    if (n === into.starts.length) grow(into);
    into.starts[n] = start;
    into.ends[n] = i;
    into.hashes[n] = hash;
    n++;
  }
  into.count = n;
  return n;
}

function grow(words: ParagraphWords): void {
  const size = Math.max(64, words.starts.length * 2);
  const larger = (old: Int32Array) => {
    const array = new Int32Array(size);
    array.set(old);
    return array;
  };
  words.starts = larger(words.starts);
  words.ends = larger(words.ends);
  words.hashes = larger(words.hashes);
}

const noWords = (): ParagraphWords => ({ count: 0, starts: new Int32Array(0), ends: new Int32Array(0), hashes: new Int32Array(0) });

/** The index's words by id, found by their hash in an open-addressed table (no string made to look one up). */
class Vocabulary {
  readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  /** id + 1 of the word in each slot; 0 for an empty slot. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.words.length;
  }

  /** The id of the word `text[start, end)` with key hash `hash`, or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] - 1;
      if (id < 0) return -1;
      if (this.hashes[id] === hash && isWordKey(text, start, end, this.words[id])) return id;
    }
  }

  /** The id of a word's key (as `wordKeyOf` gives it), or -1. */
  get(key: string): number {
    const hash = wordHash(key);
    const mask = this.slots.length - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] - 1;
      if (id < 0) return -1;
      if (this.hashes[id] === hash && this.words[id] === key) return id;
    }
  }

  /** Adds a word's key not yet here; returns its id. */
  add(key: string, hash = wordHash(key)): number {
    const id = this.words.length;
    this.words.push(key);
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hash;
    if (2 * (id + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = slotOf(this.hashes[id], mask);
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.words.length; id++) this.place(id);
  }
}

/** Postings written between two turns at the end of a build: about a millisecond's work (most are cache misses). */
const POSTINGS_A_TURN = 32_768;

/** Bytes in each block of a `PostingStream`: 4 MB. */
const STREAM_BLOCK = 1 << 22;

/**
 * The word ids of each paragraph in turn (each word once a paragraph), as varints in blocks of bytes — a word met
 * early, and so most often, takes one byte — with how many paragraphs hold each word: the posting lists, written
 * out in one typed array at the end without an array per word.
 */
class PostingStream {
  private readonly blocks: Uint8Array[] = [];
  /** Bytes used in each block before the current one. */
  private readonly used: number[] = [];
  private block = new Uint8Array(0);
  private at = 0;
  private length = 0;
  /** Per word id: how many paragraphs hold it, and the last paragraph (+ 1) that did. */
  private counts = new Int32Array(1024);
  private last = new Int32Array(1024);
  /** Per paragraph (from `first`): how many ids the stream holds up to its end. */
  private readonly ends: Int32Array;

  constructor(
    paragraphs: number,
    private readonly first: number,
  ) {
    this.ends = new Int32Array(paragraphs);
  }

  /** How many paragraphs hold word `id`. */
  countOf(id: number): number {
    return id < this.counts.length ? this.counts[id] : 0;
  }

  /** Word `id` is in paragraph `g`. */
  add(id: number, g: number): void {
    if (id >= this.counts.length) {
      const size = Math.max(id + 1, this.counts.length * 2);
      const counts = new Int32Array(size);
      counts.set(this.counts);
      this.counts = counts;
      const last = new Int32Array(size);
      last.set(this.last);
      this.last = last;
    }
    if (this.last[id] === g + 1) return;
    this.last[id] = g + 1;
    this.counts[id]++;
    if (this.at + 5 > this.block.length) {
      if (this.blocks.length > 0) this.used.push(this.at);
      this.block = new Uint8Array(STREAM_BLOCK);
      this.blocks.push(this.block);
      this.at = 0;
    }
    const block = this.block;
    let value = id;
    while (value >= 128) {
      block[this.at++] = (value & 127) | 128;
      value >>>= 7;
    }
    block[this.at++] = value;
    this.length++;
  }

  /** Paragraph `g`'s words are all added. */
  close(g: number): void {
    this.ends[g - this.first] = this.length;
  }

  /**
   * Writes each paragraph (in order) into the posting list of each of its words: `postings[next[id]++] = g`.
   * Each block is let go once read; yields after every `POSTINGS_A_TURN` postings written (each write lands somewhere
   * in a list of tens of megabytes, a cache miss: a turn every few thousand paragraphs held the host 60–140 ms).
   */
  *writeInto(postings: Int32Array, next: Int32Array): Generator<number> {
    const used = [...this.used, this.at];
    let b = 0;
    let block = this.blocks[0] ?? new Uint8Array(0);
    let at = 0;
    let read = 0;
    let turn = POSTINGS_A_TURN;
    for (let p = 0; p < this.ends.length; p++) {
      const g = this.first + p;
      for (const end = this.ends[p]; read < end; read++) {
        if (at >= used[b]) {
          this.blocks[b++] = new Uint8Array(0);
          block = this.blocks[b];
          at = 0;
        }
        let id = 0;
        let shift = 0;
        let byte: number;
        do {
          byte = block[at++];
          id |= (byte & 127) << shift;
          shift += 7;
        } while (byte & 128);
        postings[next[id]++] = g;
      }
      if (read >= turn) {
        turn = read + POSTINGS_A_TURN;
        yield 0;
      }
    }
    this.blocks.length = 0;
  }
}

/**
 * A few words' keys (a quotation's) with their vocabulary ids, found in a paragraph's words by hash and then
 * compared in place: the paragraph's words as ids, without looking each one up in the whole vocabulary.
 */
export class WordKeys {
  private readonly keys: string[] = [];
  private readonly ids: number[] = [];
  private readonly hashes: number[] = [];
  /** index + 1 in `keys` of the key in each slot; 0 for an empty slot. */
  private readonly slots: Int32Array;

  /** The words with an id (`id` ≥ 0: in some source); a key given twice counts once. */
  constructor(words: ReadonlyArray<{ key: string; id: number }>) {
    let size = 16;
    while (size < 2 * words.length) size *= 2;
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (const { key, id } of words) {
      if (id < 0) continue;
      const hash = wordHash(key);
      let slot = slotOf(hash, mask);
      let known = false;
      for (; this.slots[slot] !== 0 && !known; slot = (slot + 1) & mask) {
        const k = this.slots[slot] - 1;
        known = this.hashes[k] === hash && this.keys[k] === key;
      }
      if (known) continue;
      this.slots[slot] = this.keys.push(key);
      this.ids.push(id);
      this.hashes.push(hash);
    }
  }

  /**
   * The vocabulary ids of `words` (of paragraph `text`) where a word is one of these keys, -1 where it is none:
   * what `ids` of the paragraph would hold for the keys' words. Written into `into` (grown if too short).
   */
  idsIn(text: string, words: ParagraphWords, into: Int32Array): Int32Array {
    const ids = into.length >= words.count ? into : new Int32Array(Math.max(words.count, 2 * into.length));
    const mask = this.slots.length - 1;
    for (let j = 0; j < words.count; j++) {
      const hash = words.hashes[j];
      let id = -1;
      for (let slot = slotOf(hash, mask); this.slots[slot] !== 0; slot = (slot + 1) & mask) {
        const k = this.slots[slot] - 1;
        if (this.hashes[k] === hash && isWordKey(text, words.starts[j], words.ends[j], this.keys[k])) {
          id = this.ids[k];
          break;
        }
      }
      ids[j] = id;
    }
    return ids;
  }
}

/** Every word of every source paragraph, with the paragraphs each word occurs in (a typed array: 4 bytes an entry). */
export class SourceWordIndex {
  readonly sourcesByKey = new Map<string, Source>();
  private readonly vocabulary = new Vocabulary();
  /** Per paragraph (global index `g`): its source's slot in `sources` and its index in that source's `paragraphs`. */
  private paragraphSource = new Int32Array(0);
  private paragraphIndex = new Int32Array(0);
  private readonly sources: Source[] = [];
  /** Each source's paragraphs: indexes `[from, to)` (a source's paragraphs are added together). */
  private readonly sourceRanges = new Map<string, { from: number; to: number }>();
  private offsets = new Int32Array(1);
  /** For each vocabulary id in turn, the paragraphs (global indexes) holding the word, each once. */
  private postings = new Int32Array(0);
  /** The words of the paragraphs looked at last, most recent last. */
  private readonly recentWords = new Map<number, ParagraphWords>();
  /** Where a paragraph's words are cut while building, and when a check looks at one not kept. */
  private readonly scratch = noWords();

  constructor(sources: readonly Source[]) {
    const steps = this.indexing(sources);
    while (!steps.next().done) {
      // Built in one go.
    }
  }

  /**
   * The index the constructor builds, built a few paragraphs at a time, awaiting `pause` after each few, so a library of
   * 150 MB never holds the host for long; `progress` hears how many sources are done after each.
   */
  static async inSlices(sources: readonly Source[], pause: () => Promise<void>, progress?: (done: number) => void): Promise<SourceWordIndex>;
  /** … or undefined as soon as `abandoned()` says the index is no longer wanted. */
  static async inSlices(sources: readonly Source[], pause: () => Promise<void>, progress: ((done: number) => void) | undefined, abandoned: () => boolean): Promise<SourceWordIndex | undefined>;
  static async inSlices(sources: readonly Source[], pause: () => Promise<void>, progress?: (done: number) => void, abandoned?: () => boolean): Promise<SourceWordIndex | undefined> {
    const index = new SourceWordIndex([]);
    for (const done of index.indexing(sources)) {
      if (done > 0) progress?.(done);
      await pause();
      if (abandoned?.()) return undefined;
    }
    return index;
  }

  /**
   * Builds the index; yields after every few thousand characters read (0: a turn costs a promise, and a turn a
   * paragraph was most of the garbage a sliced build made) and after each source (how many are done).
   */
  private *indexing(sources: readonly Source[]): Generator<number> {
    const count = sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
    this.paragraphSource = new Int32Array(count);
    this.paragraphIndex = new Int32Array(count);
    const stream = new PostingStream(count, 0);
    let g = 0;
    let read = 0;
    for (const source of sources) {
      this.sourcesByKey.set(source.meta.key, source);
      const slot = this.sources.length;
      this.sources.push(source);
      const from = g;
      for (let index = 0; index < source.paragraphs.length; index++) {
        this.paragraphSource[g] = slot;
        this.paragraphIndex[g] = index;
        const text = source.paragraphs[index].text;
        this.addWords(g, text, stream);
        g++;
        read += text.length;
        if (read >= CHARACTERS_A_TURN) {
          read = 0;
          yield 0;
        }
      }
      this.sourceRanges.set(source.meta.key, { from, to: g });
      yield this.sources.length;
    }
    const words = this.vocabulary.size;
    this.offsets = new Int32Array(words + 1);
    let total = 0;
    for (let id = 0; id < words; id++) {
      this.offsets[id] = total;
      total += stream.countOf(id);
    }
    this.offsets[words] = total;
    yield 0;
    this.postings = new Int32Array(total);
    yield* touched(this.postings);
    const next = this.offsets.slice(0, words);
    yield 0;
    yield* stream.writeInto(this.postings, next);
  }

  /** Paragraph `g`'s words into `stream` (a word seen for the first time joins the vocabulary). */
  private addWords(g: number, text: string, stream: PostingStream): void {
    const words = this.scratch;
    const n = cutWords(text, words, MAX_PARAGRAPH_WORDS);
    for (let i = 0; i < n; i++) {
      const start = words.starts[i];
      const end = words.ends[i];
      let id = this.vocabulary.find(text, start, end, words.hashes[i]);
      if (id < 0) id = this.vocabulary.add(vocabularyWords.shared(wordKeyOf(fold(text.slice(start, end)), 0, end - start)), words.hashes[i]);
      stream.add(id, g);
    }
    stream.close(g);
  }

  /** How many paragraphs there are (global indexes 0 … count − 1). */
  get paragraphCount(): number {
    return this.paragraphSource.length;
  }

  /** Paragraph `g` (a global index). */
  paragraph(g: number): IndexedParagraph {
    const source = this.sources[this.paragraphSource[g]];
    const { number, text, pages } = source.paragraphs[this.paragraphIndex[g]];
    return pages ? { source, number, text, pages } : { source, number, text };
  }

  /** The source key of paragraph `g` and its number there, without making the paragraph. */
  sourceKeyOf(g: number): string {
    return this.sources[this.paragraphSource[g]].meta.key;
  }

  /** The words of paragraph `g`, cut again from its text (the same cut as when indexing): kept for the last few. */
  words(g: number): ParagraphWords {
    const kept = this.recentWords.get(g);
    if (kept) {
      this.recentWords.delete(g);
      this.recentWords.set(g, kept);
      return kept;
    }
    const text = this.sources[this.paragraphSource[g]].paragraphs[this.paragraphIndex[g]].text;
    const n = cutWords(text, this.scratch, MAX_PARAGRAPH_WORDS);
    // One array for the three (a kept paragraph's words are one allocation outside the heap, not three).
    const all = new Int32Array(3 * n);
    all.set(this.scratch.starts.subarray(0, n), 0);
    all.set(this.scratch.ends.subarray(0, n), n);
    all.set(this.scratch.hashes.subarray(0, n), 2 * n);
    const words: ParagraphWords = { count: n, starts: all.subarray(0, n), ends: all.subarray(n, 2 * n), hashes: all.subarray(2 * n) };
    this.recentWords.set(g, words);
    if (this.recentWords.size > KEPT_PARAGRAPHS) this.recentWords.delete(this.recentWords.keys().next().value!);
    return words;
  }

  private targets: CitationTargets | undefined;

  /** Which sources a citation names (drafts/citationTargets.ts), built once per index. */
  citationTargets(): CitationTargets {
    this.targets ??= new CitationTargets([...this.sourcesByKey.values()].map((source) => source.meta));
    return this.targets;
  }

  /** The paragraphs of source `key`: global indexes `[from, to)`. */
  paragraphsOf(key: string): { from: number; to: number } | undefined {
    return this.sourceRanges.get(key);
  }

  /** The global index of paragraph `number` of source `key`. */
  paragraphAt(key: string, number: number): number | undefined {
    const range = this.sourceRanges.get(key);
    if (!range) return undefined;
    const paragraphs = this.sourcesByKey.get(key)!.paragraphs;
    if (paragraphs[number - 1]?.number === number) return range.from + number - 1;
    for (let index = paragraphs.length - 1; index >= 0; index--) if (paragraphs[index].number === number) return range.from + index;
    return undefined;
  }

  private votes: Uint8Array | undefined;

  /** Per-paragraph vote counters for locating a quotation; left all zero after each use. */
  scratchVotes(): Uint8Array {
    this.votes ??= new Uint8Array(this.paragraphCount);
    return this.votes;
  }

  /** The vocabulary id of a folded word, or -1 when no source has it. */
  wordId(key: string): number {
    return this.vocabulary.get(key);
  }

  /** How many paragraphs hold the word (of those `within`, when given). */
  count(id: number, within?: { from: number; to: number }): number {
    if (id < 0) return 0;
    return within ? this.paragraphsWith(id, within).length : this.offsets[id + 1] - this.offsets[id];
  }

  /** The paragraphs holding the word, in order (those `within`, when given: found by binary search). */
  paragraphsWith(id: number, within?: { from: number; to: number }): Int32Array {
    const all = this.postings.subarray(this.offsets[id], this.offsets[id + 1]);
    if (!within) return all;
    return all.subarray(firstAtLeast(all, within.from), firstAtLeast(all, within.to));
  }

  // --- Snapshots (search/indexSnapshot.ts) -------------------------------------------------------------------

  /** The index as typed arrays and its words by id, for a snapshot. */
  snapshotParts(): SourceWordParts {
    const words = [...this.vocabulary.words];
    return {
      slotKeys: this.sources.map((source) => source.meta.key),
      paragraphSource: this.paragraphSource,
      paragraphIndex: this.paragraphIndex,
      words,
      offsets: this.offsets,
      postings: this.postings,
    };
  }

  /**
   * An index restored from `parts`, with `sources[slot]` each slot's source (the same text as when the parts were
   * taken) or undefined to drop it, then the words of `added` indexed after them; undefined when the parts do not
   * hold together. It answers as `new SourceWordIndex([...kept sources, ...added])` does (word ids aside).
   */
  static fromSnapshotParts(parts: SourceWordParts, sources: ReadonlyArray<Source | undefined>, added: readonly Source[] = []): SourceWordIndex | undefined {
    return runSteps(SourceWordIndex.restoring(parts, sources, added));
  }

  /** `fromSnapshotParts` awaiting `pause` every few tens of thousands of postings, so the host keeps answering. */
  static fromSnapshotPartsInSlices(parts: SourceWordParts, sources: ReadonlyArray<Source | undefined>, added: readonly Source[], pause: () => Promise<void>): Promise<SourceWordIndex | undefined> {
    return runStepsInSlices(SourceWordIndex.restoring(parts, sources, added), pause);
  }

  /** The work of `fromSnapshotParts`, yielding between runs of about `SNAPSHOT_RUN` items. */
  private static *restoring(parts: SourceWordParts, sources: ReadonlyArray<Source | undefined>, added: readonly Source[]): Generator<void, SourceWordIndex | undefined> {
    const slotCount = parts.slotKeys.length;
    const oldCount = parts.paragraphSource.length;
    const wordCount = parts.words.length;
    const { offsets, postings } = parts;
    if (sources.length !== slotCount || parts.paragraphIndex.length !== oldCount || offsets.length !== wordCount + 1) return undefined;
    if (offsets[0] !== 0 || offsets[wordCount] !== postings.length) return undefined;
    // A slot's paragraphs are consecutive, in order, and all there.
    const slotOf = new Int32Array(slotCount).fill(-1);
    const keptSources: Source[] = [];
    const restoredKeys = new Set<string>();
    for (let slot = 0; slot < slotCount; slot++) {
      const source = sources[slot];
      if (!source) continue;
      if (source.meta.key !== parts.slotKeys[slot] || restoredKeys.has(source.meta.key)) return undefined;
      restoredKeys.add(source.meta.key);
      slotOf[slot] = keptSources.push(source) - 1;
    }
    const paragraphs = new Int32Array(slotCount);
    for (let g = 0; g < oldCount; g++) {
      if (g % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      const slot = parts.paragraphSource[g];
      const first = g === 0 || slot !== parts.paragraphSource[g - 1];
      if (!(slot >= 0 && slot < slotCount) || (g > 0 && slot < parts.paragraphSource[g - 1])) return undefined;
      if (parts.paragraphIndex[g] !== (first ? 0 : parts.paragraphIndex[g - 1] + 1)) return undefined;
      paragraphs[slot]++;
    }
    for (let slot = 0; slot < slotCount; slot++) if (sources[slot] && sources[slot]!.paragraphs.length !== paragraphs[slot]) return undefined;
    const newG = new Int32Array(oldCount).fill(-1);
    let kept = 0;
    for (let g = 0; g < oldCount; g++) if (slotOf[parts.paragraphSource[g]] >= 0) newG[g] = kept++;
    const all = [...keptSources, ...added];
    const restored = new SourceWordIndex([]);
    const count = kept + added.reduce((sum, source) => sum + source.paragraphs.length, 0);
    restored.paragraphSource = new Int32Array(count);
    restored.paragraphIndex = new Int32Array(count);
    let g = 0;
    for (const source of all) {
      restored.sourcesByKey.set(source.meta.key, source);
      const slot = restored.sources.push(source) - 1;
      restored.sourceRanges.set(source.meta.key, { from: g, to: g + source.paragraphs.length });
      for (let index = 0; index < source.paragraphs.length; index++, g++) {
        restored.paragraphSource[g] = slot;
        restored.paragraphIndex[g] = index;
      }
    }
    yield;
    // Every paragraph kept, none added, every word in some paragraph (a restart where nothing changed): the words keep
    // their ids and the lists their numbers, checked and copied as they are.
    if (kept === oldCount && added.length === 0 && everyListFilled(offsets)) {
      return (yield* SourceWordIndex.restoringAsIs(restored, parts)) ? restored : undefined;
    }
    // Each word's kept paragraphs, renumbered (a word in no kept paragraph is dropped); then the added sources' words.
    const idOf = new Int32Array(wordCount).fill(-1);
    const keptPostings = new Int32Array(postings.length);
    yield;
    const keptOffsets: number[] = [];
    let total = 0;
    let run = 0;
    for (let id = 0; id < wordCount; id++) {
      const from = offsets[id];
      const to = offsets[id + 1];
      run += 1 + Math.max(0, to - from);
      if (run >= SNAPSHOT_RUN) {
        run = 0;
        yield;
      }
      if (!(from <= to && to <= postings.length) || typeof parts.words[id] !== 'string') return undefined;
      const start = total;
      let previous = -1;
      for (let k = from; k < to; k++) {
        const old = postings[k];
        if (!(old > previous && old < oldCount)) return undefined;
        previous = old;
        if (newG[old] >= 0) keptPostings[total++] = newG[old];
      }
      if (total === start) continue;
      idOf[id] = keptOffsets.push(start) - 1;
      // A word twice in the snapshot: the parts do not hold together.
      if (restored.vocabulary.get(parts.words[id]) >= 0) return undefined;
      restored.vocabulary.add(vocabularyWords.shared(parts.words[id]));
    }
    keptOffsets.push(total);
    const stream = new PostingStream(count - kept, kept);
    for (let at = kept; at < count; at++) {
      restored.addWords(at, restored.sources[restored.paragraphSource[at]].paragraphs[restored.paragraphIndex[at]].text, stream);
      yield;
    }
    yield;
    const words = restored.vocabulary.size;
    restored.offsets = new Int32Array(words + 1);
    const next = new Int32Array(words);
    let at = 0;
    for (let id = 0; id < words; id++) {
      if (id % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      restored.offsets[id] = at;
      if (id < keptOffsets.length - 1) at += keptOffsets[id + 1] - keptOffsets[id];
      next[id] = at;
      at += stream.countOf(id);
    }
    restored.offsets[words] = at;
    restored.postings = new Int32Array(at);
    yield;
    for (let id = 0; id < keptOffsets.length - 1; id++) {
      if (id % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      restored.postings.set(keptPostings.subarray(keptOffsets[id], keptOffsets[id + 1]), restored.offsets[id]);
    }
    for (const step of stream.writeInto(restored.postings, next)) {
      void step;
      yield;
    }
    return restored;
  }

  /**
   * `restoring` when every paragraph is kept and none added: each word's list checked (in order, each paragraph once,
   * none past the last) and the vocabulary made in one pass, then the lists copied as they are in runs; false when
   * the parts do not hold together.
   */
  private static *restoringAsIs(restored: SourceWordIndex, parts: SourceWordParts): Generator<void, boolean> {
    const { offsets, postings, words } = parts;
    const paragraphs = parts.paragraphSource.length;
    for (let first = 0; first < words.length; ) {
      // At most `SNAPSHOT_RUN` words a run: each joins the vocabulary below (a run of 262,144 rare words took 33 ms).
      const end = listsInOrder(offsets, postings, paragraphs, first, CHECK_RUN, SNAPSHOT_RUN);
      if (end < 0) return false;
      for (let id = first; id < end; id++) {
        // A word twice in the snapshot: the parts do not hold together.
        if (typeof words[id] !== 'string' || restored.vocabulary.get(words[id]) >= 0) return false;
        restored.vocabulary.add(words[id]);
      }
      first = end;
      yield;
    }
    restored.offsets = offsets.slice();
    if (parts.postingsAreOwn) {
      restored.postings = postings as Int32Array<ArrayBuffer>;
      return true;
    }
    restored.postings = new Int32Array(postings.length);
    for (let at = 0; at < postings.length; at += COPY_RUN) {
      yield;
      restored.postings.set(postings.subarray(at, Math.min(postings.length, at + COPY_RUN)), at);
    }
    return true;
  }
}

/** Postings (and words) checked between two pauses when a snapshot's lists are restored as they are. */
const CHECK_RUN = 262_144;

/**
 * Checks the lists of the words from `first` on (each in order, each paragraph once, none past the last) until about
 * `budget` postings and words are checked, or `mostWords` words; the word after the last one checked, or -1 when a
 * list does not hold together. A plain loop over local arrays, outside the restoring generator: 83 ms of CPU with the copy where the
 * generator's loop and copy took 107 ms (profiles at 150 MB).
 */
function listsInOrder(offsets: Int32Array, postings: Int32Array, paragraphs: number, first: number, budget: number, mostWords: number): number {
  const words = Math.min(offsets.length - 1, first + mostWords);
  let checked = 0;
  let id = first;
  for (; id < words && checked < budget; id++) {
    const from = offsets[id];
    const to = offsets[id + 1];
    if (!(from <= to && to <= postings.length)) return -1;
    let previous = -1;
    for (let k = from; k < to; k++) {
      const g = postings[k];
      if (!(g > previous && g < paragraphs)) return -1;
      previous = g;
    }
    checked += 1 + to - from;
  }
  return id;
}

/** Postings copied between two pauses when a snapshot's lists are restored as they are: 4 MB. */
const COPY_RUN = 1 << 20;

/** Entries of a new array touched between two turns (`touched`): 1 MB. */
const TOUCH_RUN = 1 << 18;

/**
 * Writes zeros over a new array in runs of `TOUCH_RUN` entries, yielding between: the system maps a large array's
 * memory on its first write, page by page, and the first postings written land all over it (tens of milliseconds
 * of page faults in one turn); written in order, in runs, it is a fraction of a millisecond a run.
 */
function* touched(array: Int32Array): Generator<number> {
  for (let at = 0; at < array.length; at += TOUCH_RUN) {
    array.fill(0, at, Math.min(array.length, at + TOUCH_RUN));
    yield 0;
  }
}

/** Whether no word's list is empty (`offsets` strictly increasing). */
function everyListFilled(offsets: Int32Array): boolean {
  for (let id = 0; id + 1 < offsets.length; id++) if (offsets[id + 1] <= offsets[id]) return false;
  return true;
}

/** Paragraphs or postings restored from a snapshot between two pauses. */
const SNAPSHOT_RUN = 16_384;

/** A quotation word index as typed arrays (`SourceWordIndex.snapshotParts`), for search/indexSnapshot.ts. */
export interface SourceWordParts {
  /** Each slot's source key. */
  slotKeys: string[];
  /** Per paragraph (global index): its slot and its index in the slot's source's `paragraphs`. */
  paragraphSource: Int32Array;
  paragraphIndex: Int32Array;
  /** The vocabulary by id. */
  words: string[];
  /** Word `id`'s paragraphs are `postings[offsets[id] … offsets[id + 1])`. */
  offsets: Int32Array;
  postings: Int32Array;
  /**
   * `postings` is in a buffer of its own that nothing else holds or writes (a snapshot's lists read into one): a
   * restore that keeps every list as it is reads them there instead of copying them (~70 MB of new memory at 150 MB
   * of text, which set off major collections).
   */
  postingsAreOwn?: boolean;
}

/** The first place in the sorted `list` holding a value of at least `value`. */
export function firstAtLeast(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
