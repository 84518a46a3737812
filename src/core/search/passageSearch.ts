// Passage search for the "Insert Quotation…" quick pick: called on every keystroke as the query grows
// ("b", "br", … "bread and roses"), over the sentences and paragraphs of every source.
//
// How it works:
// - Every paragraph and every sentence is a passage: a few numbers in parallel typed arrays (paragraph, start, end,
//   kind, prescore); its text is read back from the source's paragraph when needed. Texts are compared folded
//   (`fold`: case, diacritics, curly quotes), so "Sian James" finds "Siân James"; offsets in the folded text are
//   offsets in the original. Only the paragraphs of a search's candidates are folded, and the last ones (2M
//   characters) kept for the next keystrokes, which look at the same candidates.
// - An inverted index maps each word to the passages that contain it (postingLists.ts: one byte per entry for
//   most); the words are kept sorted — a source's new words are sorted alone and merged in (at the end of its
//   slices, or at the next search), never the whole vocabulary sorted again — so the passages containing a word
//   that starts with a query word are a range of it (the last query word is usually half typed). Passages
//   containing every query word are found by counting, rarest word first; a word far commoner than the passages
//   left is looked for in their texts instead. The passages found not to hold the typed phrase are kept for the
//   next keystroke: a phrase that only grew cannot be in them either; so is the outcome of the counting steps, for a
//   keystroke whose rarest words are the same (stepCache.ts).
// - Only a few hundred of those candidates (best first by a cheap score) are ranked; when fewer than `limit`
//   passages contain every word, passages containing some of them (or a word one or two typing errors away) are
//   added, and fuse.js decides which of those still match — only for those that could still be shown: each gets a
//   ceiling from the fewest edits of each word (fuseFloor.ts), and fuse.js stops once the next ceiling is below
//   the `limit`-th hit sure to be listed. For plain ASCII words fuse.js's answer is computed as fuse.js computes it
//   (fuseScore.ts), each word's match and edits in a passage kept for the next keystrokes.
// - Ranking: the exact phrase > every word > fuzzy; within a class, fuse.js's score, then sentences before the
//   paragraph around them, then shorter texts. `PassageHit.score` is higher for better hits (3 > score > 0).
// - Sources can be added and removed one at a time (a writer's own sources change live); removed passages are
//   skipped, and the index is rebuilt when more than half of it is stale.
//
// The benchmark compares this with plain fuse.js over every passage (bench/baselines.ts).

import Fuse from 'fuse.js';
import type { Paragraph, PassageHit, Source } from '../types';
import { fold } from '../text/normalize';
import { vocabularyWords } from '../text/stringPool';
import { isWordCode, sentenceSpans, wordSpans } from '../text/sentences';
import { PostingLists } from './postingLists';
import { approximateTerm, fewestEdits } from './approximateMatch';
import { fuseScoreFloorOf } from './fuseFloor';
import { bitapPattern, bitapTerm, fuseMatch, fuseTermsSupported, fuseText } from './fuseScore';
import type { TermMatch } from './fuseScore';
import { LetterSets, hasPassage } from './letterSets';
import { PrefixSets } from './prefixSets';
import { StepCache } from './stepCache';
import { WalkCache, possibleOffers, walkCacheSwitch } from './walkCache';
import type { KeptWalk } from './walkCache';
import { WordTable, keyHash } from './wordTable';
import type { StepIndexState } from './stepCache';
import { foldedPhraseFinder, foldedWordStartFinder } from './foldedPhrase';
import type { PostingParts } from './postingLists';
import { runSteps, runStepsInSlices } from '../pauser';

export interface PassageSearchOptions {
  /** How many hits to return at most (default 20). */
  limit?: number;
}

/** A passage read back for ranking. */
interface Passage {
  source: string;
  paragraph: number;
  kind: 'sentence' | 'paragraph';
  /** Offset of the passage in its paragraph's text. */
  offset: number;
  text: string;
  folded: string;
}

const SENTENCE = 1;
const PARAGRAPH = 2;

/** An Int32Array twice as long (or `size` long), holding the same values. */
function grownBytes(array: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const larger = new Uint8Array(Math.max(size, array.length * 2, 1024));
  larger.set(array);
  return larger;
}

function grown(array: Int32Array, size = array.length * 2): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size);
  bigger.set(array.subarray(0, Math.min(array.length, size)));
  return bigger;
}

/** Every passage as a row of parallel typed arrays: 17 bytes a passage. */
class PassageTable {
  /** The passage's paragraph: its serial number in the index (`PassageIndex.paragraphSlots`). */
  paragraph = new Int32Array(1024);
  /** The passage's span in its paragraph's text. */
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  /** SENTENCE or PARAGRAPH. */
  kind = new Uint8Array(1024);
  /** The prescore before the match class (paragraphs after sentences, shorter first), or -1 once removed. */
  base = new Int32Array(1024);
  length = 0;

  push(paragraph: number, start: number, end: number, kind: number): number {
    const id = this.length++;
    if (id === this.kind.length) this.resize(id * 2);
    this.paragraph[id] = paragraph;
    this.start[id] = start;
    this.end[id] = end;
    this.kind[id] = kind;
    this.base[id] = (kind === PARAGRAPH ? 5e6 : 0) + Math.min(end - start, 4e6);
    return id;
  }

  /**
   * Makes room for `count` more passages without copying in `push`: when there is too little, the arrays are
   * doubled an array at a time, awaiting `pause` between them (a library built in slices: at 1 M passages one
   * doubling copies 17 MB in one go).
   */
  async reserveInSlices(count: number, pause: () => Promise<void>): Promise<void> {
    if (this.length + count <= this.kind.length) return;
    const size = Math.max(this.kind.length * 2, this.length + count);
    // Another source added in slices may push meanwhile (into the arrays as they are then, copied whole after).
    this.paragraph = grown(this.paragraph, Math.max(size, this.paragraph.length));
    await pause();
    this.start = grown(this.start, Math.max(size, this.start.length));
    await pause();
    this.end = grown(this.end, Math.max(size, this.end.length));
    await pause();
    this.base = grown(this.base, Math.max(size, this.base.length));
    await pause();
    const kind = new Uint8Array(Math.max(size, this.kind.length));
    kind.set(this.kind);
    this.kind = kind;
  }

  /** Gives back the unused end of the arrays. */
  trim(): void {
    if (this.kind.length > this.length + 1024) this.resize(this.length + 1024);
  }

  /**
   * `trim`, an array at a time, awaiting `pause` between them (a new index built in slices: at 150 MB the five
   * copies in one go held the host with the collection they set off). Nothing is pushed meanwhile.
   */
  async trimInSlices(pause: () => Promise<void>): Promise<void> {
    const size = this.length + 1024;
    if (this.kind.length <= size) return;
    this.paragraph = grown(this.paragraph, size);
    await pause();
    this.start = grown(this.start, size);
    await pause();
    this.end = grown(this.end, size);
    await pause();
    this.base = grown(this.base, size);
    await pause();
    this.kind = this.kind.slice(0, size);
  }

  private resize(size: number): void {
    this.paragraph = grown(this.paragraph, size);
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    this.base = grown(this.base, size);
    const kind = new Uint8Array(size);
    kind.set(this.kind.subarray(0, Math.min(this.kind.length, size)));
    this.kind = kind;
  }
}

/** A fuzzy term's work kept by passage (`PassageIndex.termMatchesOf`): fuse.js's match, and the fewest edits. */
interface KeptTerm {
  readonly matches: Map<number, TermMatch>;
  readonly edits: Map<number, number>;
}

interface Candidate {
  id: number;
  /** 0 = exact phrase, 1 = every word, 2 = fuzzy. */
  cls: number;
  prescore: number;
}

const DEFAULT_LIMIT = 20;
/** fuse.js's threshold for a fuzzy candidate's terms (the share of a term's letters that may be wrong). */
const FUSE_THRESHOLD = 0.4;
/** Most candidates handed to fuse.js per keystroke. */
const FUSE_CANDIDATES = 160;
/** Fuzzy candidates handed to fuse.js at a time, best ceiling first (`rank`). */
const FUSE_BATCH = 8;
/** A fuzzy candidate whose ceiling is this close to the lowest hit sure to be listed is still ranked (rounding). */
const CEILING_MARGIN = 1e-9;
/** A query word of two to four letters spanning this many postings is looked up in a bitmap of its prefix (prefixSets.ts). */
const PREFIX_SET_POSTINGS = 50_000;
/** Most prefix bitmaps kept, the least recently used dropped first (each one bit a passage: 140 KB at 150 MB of text, 1.1 M passages). */
const PREFIX_SETS = 96;
/** Prefix bitmaps made at the end of a build in slices and after a restore: those of the commonest two-letter prefixes. */
const COMMON_PREFIX_SETS = 32;
/** Most passages checked for the exact phrase per keystroke. */
const MAX_PHRASE_CHECKS = 6000;
/** Most vocabulary words compared for typing errors per query word. */
const MAX_FUZZY_WORDS = 4000;
const MAX_QUERY_WORDS = 12;
/** Fuzzy terms whose fuse.js matches and edits per passage are kept (`termMatchesOf`): at most `FUSE_CANDIDATES` passages a search. */
const TERM_MATCHES_KEPT = 16;
/** Most passages whose match (a few hundred bytes) or edits of one term are kept: at most about 4 MB in all. */
const TERM_MATCHES_PER_TERM = 1024;
/** Query words whose near words (`nearWords`) are kept. */
const NEAR_WORDS_KEPT = 64;
/** Most characters of folded paragraph text kept between searches (1–2 bytes each). */
const FOLDED_CHARACTERS = 1 << 21;
/**
 * A query word this many times commoner than the passages found so far is looked for in their texts rather than
 * along its posting list (reading a passage's text as it is, unfolded, costs about as much as this many postings).
 */
const TEXT_CHECK_RATIO = 64;
/** Sorting candidates by prescore: prescore × ORDER_SPAN + id (a prescore < 2²⁴, an id < 2²⁹: exact in a double). */
const ORDER_SPAN = 2 ** 29;
/** Passages found by the rarer query words a kept walk of a common one allows for (walkCache.ts). */
const WALK_MARGIN = 16384;
/** Passages taken for the rarest query word when even that is very common ("b", "s"). */
const MAX_FIRST_WORD_PASSAGES = 20000;

/** `PassageIndex.paragraphAscii`: a paragraph's text not read yet, all ASCII, or holding a unit outside ASCII. */
const ASCII_UNKNOWN = 0;
const ASCII_ONLY = 1;
const ASCII_NOT = 2;
const ANY_NON_ASCII = /[^\u0000-\u007f]/;

/** `isWordCode`, with the ASCII test inline (the imported test alone made cutting words three times slower a character). */
const isWordUnit = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 128 && isWordCode(code));

/** The index key of a word: folded, apostrophes and combining marks removed ("there’s" → "theres"). */
function wordKey(folded: string, start: number, end: number): string {
  let key = '';
  let plain = true;
  for (let i = start; i < end; i++) {
    const code = folded.charCodeAt(i);
    if (code === 39 || (code >= 0x300 && code <= 0x36f)) {
      plain = false;
      break;
    }
  }
  if (plain) return folded.slice(start, end);
  for (let i = start; i < end; i++) {
    const code = folded.charCodeAt(i);
    if (code !== 39 && !(code >= 0x300 && code <= 0x36f)) key += folded[i];
  }
  return key;
}

function lowerBound(words: readonly string[], target: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** Rows of `nearEnough`'s table, kept between calls. */
let nearRows = [new Int32Array(64), new Int32Array(64)];

/**
 * Whether `word` or its first `key.length` units are within `max` edits of `key` (the two `boundedEditDistance`s of
 * `nearWords`, one table: the start's distance is the last row's cell at its length). Lengths within `max` of
 * each other.
 */
export function nearEnough(key: string, word: string, max: number): boolean {
  const n = word.length;
  if (nearRows[0].length <= n) nearRows = [new Int32Array(2 * n + 1), new Int32Array(2 * n + 1)];
  let previous = nearRows[0];
  let current = nearRows[1];
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= key.length; i++) {
    current[0] = i;
    let rowMin = i;
    const code = key.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (code === word.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every later row is over `max` too, at the start's length as well.
    if (rowMin > max) return false;
    const row = previous;
    previous = current;
    current = row;
  }
  return previous[n] <= max || previous[Math.min(key.length, n)] <= max;
}

/** A small binary max-heap on `prescore` keeping the `capacity` lowest-prescore candidates. */
class BestCandidates {
  private readonly heap: Candidate[] = [];
  constructor(private readonly capacity: number) {}

  offer(candidate: Candidate): void {
    const heap = this.heap;
    if (heap.length < this.capacity) {
      heap.push(candidate);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent].prescore >= heap[i].prescore) break;
        [heap[parent], heap[i]] = [heap[i], heap[parent]];
        i = parent;
      }
      return;
    }
    if (candidate.prescore >= heap[0].prescore) return;
    heap[0] = candidate;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && heap[left].prescore > heap[largest].prescore) largest = left;
      if (right < heap.length && heap[right].prescore > heap[largest].prescore) largest = right;
      if (largest === i) break;
      [heap[largest], heap[i]] = [heap[i], heap[largest]];
      i = largest;
    }
  }

  /** Whether a candidate with this prescore would be kept (so none is allocated only to be dropped). */
  accepts(prescore: number): boolean {
    return this.heap.length < this.capacity || prescore < this.heap[0].prescore;
  }

  items(): Candidate[] {
    return this.heap;
  }
}

/** The folded query: its words (index keys, in order) and its text with white space collapsed. */
function parseQuery(query: string): { keys: string[]; phrase: string } {
  const folded = fold(query.length > 500 ? query.slice(0, 500) : query);
  const keys: string[] = [];
  for (const span of wordSpans(folded)) {
    const key = wordKey(folded, span.start, span.end);
    if (key.length > 0 && keys.length < MAX_QUERY_WORDS) keys.push(key);
  }
  const phrase = folded.trim().split(/\s+/).join(' ');
  return { keys, phrase };
}

/**
 * Whether a word of `folded[start, end)` (apostrophes inside words ignored) starts with `key`; a word cut at `start`
 * counts as a word there.
 */
function hasWordStartingWith(folded: string, key: string, start = 0, end = folded.length): boolean {
  const first = key[0];
  let from = start;
  for (let guard = 0; guard < 100000; guard++) {
    const at = folded.indexOf(first, from);
    if (at < 0 || at >= end) return false;
    if ((at === start || !isWordCode(folded.charCodeAt(at - 1))) && (key.length === 1 || wordKey(folded, at, Math.min(end, at + key.length + 8)).startsWith(key))) {
      return true;
    }
    from = at + 1;
  }
  return false;
}

/** Finds `phrase` in `text[start, end)` starting at a word boundary (or at `start`); -1 when absent. */
function phraseAt(text: string, phrase: string, start = 0, end = text.length): number {
  let from = start;
  for (let guard = 0; guard < 1000; guard++) {
    const at = text.indexOf(phrase, from);
    if (at < 0 || at + phrase.length > end) return -1;
    if (at === start || !isWordCode(text.charCodeAt(at - 1))) return at;
    from = at + 1;
  }
  return -1;
}

/** A passage index as typed arrays (`PassageIndex.snapshotParts`), for search/indexSnapshot.ts. */
export interface PassageIndexParts {
  /** Each slot's source key; null for a removed source's slot (its passages are skipped). */
  slotKeys: Array<string | null>;
  /** Per passage: its paragraph's serial number, its span in the paragraph's text, SENTENCE (1) or PARAGRAPH (2). */
  passageParagraph: Int32Array;
  passageStart: Int32Array;
  passageEnd: Int32Array;
  passageKind: Uint8Array;
  /** Per paragraph (serial number): its slot and its index in the slot's source's `paragraphs`. */
  paragraphSlots: Int32Array;
  paragraphIndexes: Int32Array;
  /** The vocabulary, sorted, and each word's posting list. */
  words: string[];
  wordLists: Int32Array;
  postings: PostingParts;
  /**
   * The four passage arrays are the index's own from now on (moved from a builder's thread): a restore takes them as
   * they are instead of copying them (~30 MB at 150 MB of text). Only when nothing else holds or writes them.
   */
  passagesAreOwn?: boolean;
  /**
   * The letter and prefix bitmaps the index had (`bitmapParts`), taken as they are by the restore: sent by a builder
   * in another thread (indexBuilding.ts), never kept in a snapshot.
   */
  bitmaps?: PassageBitmaps;
}

/** An index's letter and prefix bitmaps over its `passages` passages (`PassageIndex.bitmapParts`). */
export interface PassageBitmaps {
  passages: number;
  letters: Array<{ code: number; set: Uint8Array }>;
  prefixes: Array<{ prefix: string; set: Uint8Array }>;
}

export class PassageIndex {
  private passages = new PassageTable();
  /** The sources passages point into, by slot; a removed source keeps its slot until the next rebuild. */
  private slots: Source[] = [];
  private slotKeys: string[] = [];
  /** The slot of each source currently indexed (a new slot each time a source is added). */
  private slotByKey = new Map<string, number>();
  private sources = new Map<string, Source>();
  private postings = new PostingLists();
  /** Per first letter or digit, the passages with a word starting with it (for a one-letter query word). */
  private letters = new LetterSets();
  /** For the last few dense two-letter prefixes searched, the passages with a word starting with them. */
  private prefixes = new PrefixSets(PREFIX_SETS);
  /** Each word's posting list id, looked up in place in a paragraph's folded text as it is indexed (wordTable.ts). */
  private wordIds = new WordTable();
  /** The vocabulary, sorted, with each word's posting list id beside it. */
  private sortedWords: string[] = [];
  private sortedIds: Int32Array = new Int32Array(0);
  /** Words added since the vocabulary was last sorted: merged in before the next search. */
  private newWords: string[] = [];
  private deadCount = 0;
  /** Scratch per passage: how many query words were seen in it. Reset after every query. */
  private seen: Uint8Array = new Uint8Array(0);
  /** The last search's phrase and the passages (of that table) found not to hold it, for the next keystroke. */
  private lastPhrase: { phrase: string; table: PassageTable; missed: Set<number> } | undefined;
  /** The last search's intersection steps, for the next keystroke (stepCache.ts). */
  private readonly steps = new StepCache();
  /** The last few walks of a common word's postings by `someWordCandidates`, for the next keystrokes (walkCache.ts). */
  private readonly walks = new WalkCache();
  /** Scratch: a search's complete candidates as prescore × ORDER_SPAN + id (`everyWordCandidates`). */
  private orderScratch = new Float64Array(1024);
  /** Scratch: the passages a search's first step touched. */
  private touchedScratch: Int32Array = new Int32Array(1024);
  /** `nearWords` found for the last keys (of `nearVocabulary`), oldest first. */
  private readonly nearKept = new Map<string, number[]>();
  private nearVocabulary: string[] | undefined;
  /** The work on each recent fuzzy term in the passages ranked for it (`termMatchesOf`), and the index it was done on. */
  private readonly termMatchesKept = new Map<string, KeptTerm>();
  private termMatchState: StepIndexState | undefined;
  /** Scratch per passage for `someWordCandidates`: the query word that last counted it. Reset after every query. */
  private marks: Uint8Array = new Uint8Array(0);
  /**
   * The folded texts of the paragraphs whose passages recent searches looked at, by serial number: the keystrokes
   * of one query look at the same candidates again. At most `FOLDED_CHARACTERS` characters; the oldest go first.
   */
  private foldedParagraphs: Array<string | undefined> = [];
  /** Per paragraph indexed (by serial number): its source's slot, and its index in the source's `paragraphs`. */
  private paragraphSlots = new Int32Array(1024);
  private paragraphIndexes = new Int32Array(1024);
  private paragraphCount = 0;
  /**
   * Per paragraph indexed (by serial number), whether its text is all ASCII, found when the phrase check first reads
   * it (`holdsPhrase`): `ASCII_UNKNOWN`, `ASCII_ONLY` or `ASCII_NOT`.
   */
  private paragraphAscii = new Uint8Array(0);
  /** Per paragraph indexed (by serial number), its text once read (`paragraphText`). */
  private paragraphTexts: Array<string | undefined> = [];
  private foldedOrder: number[] = [];
  /** Where the live part of `foldedOrder` begins. */
  private foldedHead = 0;
  private foldedCharacters = 0;
  /** Counts rebuilds: a source being added in slices stops when the index was rebuilt meanwhile (with it whole). */
  private generation = 0;
  /** A rebuild in slices under way (`removeSource` with a pause). */
  private rebuildingInSlices: Promise<void> | undefined;

  constructor(sources: readonly Source[] = []) {
    for (const source of sources) this.indexSource(source);
    this.passages.trim();
    this.postings.trim();
    this.letters.trim(this.passages.length);
    this.vocabulary();
  }

  /**
   * The index the constructor builds, built a paragraph at a time, awaiting `pause` after each (and between the
   * steps of sorting the vocabulary), so a library of 150 MB never holds the host for long; `progress` hears how
   * many sources are done after each.
   */
  static async inSlices(sources: readonly Source[], pause: () => Promise<void>, progress?: (done: number) => void): Promise<PassageIndex> {
    const index = new PassageIndex();
    for (let i = 0; i < sources.length; i++) {
      const slot = index.beginSource(sources[i]);
      for (let p = 0; p < sources[i].paragraphs.length; p++) {
        await index.passages.reserveInSlices(mostPassages(sources[i].paragraphs[p].text), pause);
        index.indexParagraph(slot, p);
        await pause();
      }
      progress?.(i + 1);
    }
    await index.passages.trimInSlices(pause);
    index.postings.trim();
    await pause();
    await index.letters.trimInSlices(index.passages.length, pause);
    await pause();
    await index.vocabularyInSlices(pause);
    // The bitmaps of the commonest two-letter prefixes, so that no keystroke of the first searches makes them.
    await index.commonPrefixSets(pause);
    return index;
  }

  /**
   * Makes the bitmaps of the `COMMON_PREFIX_SETS` commonest two-letter prefixes spanning at least `PREFIX_SET_POSTINGS`
   * postings (prefixSets.ts), which a search would otherwise make at their first use (a walk of up to a million
   * postings, 5–10 ms at 150 MB), awaiting `pause` after each and every `SORT_RUN` words of the vocabulary read.
   */
  private async commonPrefixSets(pause: () => Promise<void>): Promise<void> {
    const words = this.vocabulary();
    const ids = this.sortedIds;
    const table = this.passages;
    const n = table.length;
    const generation = this.generation;
    // An index in use (one restored) may change between two pauses: its bitmaps are then made again when asked for.
    const current = () => this.generation === generation && this.passages === table && table.length === n && this.sortedIds === ids && this.newWords.length === 0;
    const ranges: Array<{ key: string; lo: number; hi: number; estimate: number }> = [];
    let read = 0;
    for (let lo = 0; lo < words.length; ) {
      if (words[lo].length < 2) {
        lo++;
        continue;
      }
      const key = words[lo].slice(0, 2);
      let hi = lo;
      let estimate = 0;
      for (; hi < words.length && words[hi].startsWith(key); hi++) estimate += this.postings.count(ids[hi]);
      if (estimate >= PREFIX_SET_POSTINGS) ranges.push({ key, lo, hi, estimate });
      read += hi - lo;
      lo = hi;
      if (read >= SORT_RUN) {
        read = 0;
        await pause();
        if (!current()) return;
      }
    }
    ranges.sort((a, b) => b.estimate - a.estimate || (a.key < b.key ? -1 : 1));
    // The commonest last: the least recently used, dropped first, are then the rarer ones. Each made in slices of
    // `PREFIX_SET_RUN` postings ("th" spans two million at 150 MB: 30–60 ms in one go).
    for (const range of ranges.slice(0, COMMON_PREFIX_SETS).reverse()) {
      // Made meanwhile by a search (kept, as most recently used).
      if (this.prefixes.has(range.key, table, n)) continue;
      const set = new Uint8Array((n >> 3) + 1);
      if (!(await this.markWords(ids, range.lo, range.hi, set, pause, current))) return;
      // Kept only when whole: until then a search makes its own, as before.
      this.prefixes.put(range.key, table, n, set);
      await pause();
      if (!current()) return;
    }
  }

  /**
   * For an index restored from a snapshot (whose bitmaps are not kept in it): makes the bitmaps of the commonest
   * two-letter prefixes, as a build in slices does at its end, and those of each first letter and digit (which a
   * build keeps as it goes), awaiting `pause` as it does. Searches meanwhile answer as before (a bitmap is used once
   * whole); a change of the index meanwhile stops it.
   */
  async commonPrefixSetsInSlices(pause: () => Promise<void>): Promise<void> {
    await this.commonPrefixSets(pause);
    await this.letterSetsInSlices(pause);
  }

  /**
   * Sets bit p of `set` for every passage p of the words `ids[lo..hi)`, awaiting `pause` after each `PREFIX_SET_RUN`
   * postings, a common word ("the": a million postings at 150 MB, 20–50 ms in one go) in runs of its own; false when
   * `current()` says the index changed meanwhile (the set is then to be dropped).
   */
  private async markWords(ids: ArrayLike<number>, lo: number, hi: number, set: Uint8Array, pause: () => Promise<void>, current: () => boolean): Promise<boolean> {
    let marked = 0;
    for (let w = lo; w < hi; w++) {
      const count = this.postings.count(ids[w]);
      if (count >= MARK_RUN) {
        const reader = this.postings.reader(ids[w]);
        while (this.postings.markBits(reader, set, MARK_RUN)) {
          await pause();
          if (!current()) return false;
        }
        marked = PREFIX_SET_RUN;
      } else {
        const list = this.postings.decode(ids[w]);
        for (let k = 0; k < count; k++) set[list[k] >> 3] |= 1 << (list[k] & 7);
        marked += count;
      }
      if (marked >= PREFIX_SET_RUN) {
        marked = 0;
        await pause();
        if (!current()) return false;
      }
    }
    return true;
  }

  /**
   * Makes the bitmap of each first letter and digit the index does not keep (a restored one), from the posting lists
   * in runs of `PREFIX_SET_RUN` postings, awaiting `pause` after each; which a one-letter query word would otherwise
   * make at its first use (all the postings of "s": 10–20 ms at 150 MB).
   */
  private async letterSetsInSlices(pause: () => Promise<void>): Promise<void> {
    const words = this.vocabulary();
    const ids = this.sortedIds;
    const table = this.passages;
    const n = table.length;
    const generation = this.generation;
    const current = () => this.generation === generation && this.passages === table && table.length === n && this.sortedIds === ids && this.newWords.length === 0;
    for (const letter of LETTERS) {
      const code = letter.charCodeAt(0);
      if (this.letters.get(code, n)) continue;
      const set = new Uint8Array(Math.max(1024, (n >> 3) + 1));
      if (!(await this.markWords(ids, lowerBound(words, letter), lowerBound(words, letter + '\uffff'), set, pause, current))) return;
      // Made meanwhile by a search: that one is kept.
      if (!this.letters.get(code, n)) this.letters.put(code, n, set);
      await pause();
      if (!current()) return;
    }
  }

  /** How many first letters and digits have their bitmap kept for the index as it is (for tests and the bench). */
  get letterSetsKept(): number {
    let kept = 0;
    for (const letter of LETTERS) if (this.letters.get(letter.charCodeAt(0), this.passages.length)) kept++;
    return kept;
  }

  /** How many prefix bitmaps are kept for the index as it is (for tests and the bench). */
  get prefixSetsKept(): number {
    return this.prefixes.keptFor(this.passages, this.passages.length);
  }

  /** Passages (sentences and paragraphs) currently searchable. */
  get size(): number {
    return this.passages.length - this.deadCount;
  }

  /**
   * Passages of removed sources still in the index, skipped by searches until the next rebuild (which comes once
   * they are over half). While there are some, how common a word is still counts them: the passages holding every
   * query word are found as in an index of the sources left, the ones sharing only some of the words may differ.
   */
  get skippedPassages(): number {
    return this.deadCount;
  }

  /** Adds a source, replacing any source with the same key. */
  addSource(source: Source): void {
    if (this.sources.has(source.meta.key)) this.removeSource(source.meta.key);
    this.indexSource(source);
  }

  /**
   * Removes the source with this key; false when there is none. Its passages are skipped from now on; once more
   * than half of the index is removed passages, it is rebuilt from the sources left: in one go, or with `pause`
   * in slices (awaiting `pause` as `inSlices` does), searches meanwhile answering from the index as it is, removed
   * passages skipped. `rebuilt()` tells when such a rebuild is done.
   */
  removeSource(key: string, options: { pause?: () => Promise<void> } = {}): boolean {
    if (!this.markRemoved(key)) return false;
    if (this.deadCount > this.passages.length / 2) {
      if (options.pause) void this.rebuildInSlices(options.pause);
      // A rebuild in slices under way takes this removal in when it ends.
      else if (!this.rebuildingInSlices) this.rebuild();
    }
    return true;
  }

  /** Whether a rebuild in slices is under way. */
  get rebuilding(): boolean {
    return this.rebuildingInSlices !== undefined;
  }

  /** Resolves when no rebuild in slices is under way (at once when none is). */
  rebuilt(): Promise<void> {
    return this.rebuildingInSlices ?? Promise.resolve();
  }

  /** Skips the source's passages from now on; false when there is no such source. */
  private markRemoved(key: string): boolean {
    const slot = this.slotByKey.get(key);
    if (slot === undefined) return false;
    const { paragraph, base, length } = this.passages;
    for (let id = 0; id < length; id++) {
      if (this.paragraphSlots[paragraph[id]] !== slot) continue;
      base[id] = -1;
      this.deadCount++;
    }
    this.slotByKey.delete(key);
    this.sources.delete(key);
    return true;
  }

  /** Passages matching the query, best first. Never throws; an empty or word-less query finds nothing. */
  search(query: string, options: PassageSearchOptions = {}): PassageHit[] {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 500));
    const { keys, phrase } = parseQuery(query);
    if (keys.length === 0 || this.size === 0) return [];
    const words = this.vocabulary();
    if (this.seen.length < this.passages.length) this.seen = new Uint8Array(this.passages.length + 1024);

    const ranges = keys.map((key) => {
      const lo = lowerBound(words, key);
      const hi = lowerBound(words, key + '\uffff');
      let estimate = 0;
      for (let w = lo; w < hi; w++) estimate += this.postings.count(this.sortedIds[w]);
      return { key, lo, hi, estimate };
    });
    const chosen = new Map<number, Candidate>();
    const allWords = this.everyWordCandidates(ranges, phrase, keys.length > 1);
    for (const candidate of allWords.best) chosen.set(candidate.id, candidate);
    if (allWords.count < limit) {
      for (const candidate of this.someWordCandidates(ranges, words)) {
        if (!chosen.has(candidate.id)) chosen.set(candidate.id, candidate);
      }
    }
    return this.rank([...chosen.values()], keys, phrase, limit);
  }

  // -------------------------------------------------------------------------------------------------------

  /**
   * Adds a source a paragraph at a time, awaiting `pause` after each, so a 300-page book never holds the host: a
   * search meanwhile finds the paragraphs indexed so far. Stops when the source is removed or replaced meanwhile.
   */
  async addSourceInSlices(source: Source, pause: () => Promise<void>): Promise<void> {
    const key = source.meta.key;
    if (this.sources.has(key)) this.removeSource(key, { pause });
    const slot = this.beginSource(source);
    const generation = this.generation;
    const current = (): boolean => this.generation === generation && this.slotByKey.get(key) === slot;
    for (let index = 0; index < source.paragraphs.length; index++) {
      await this.passages.reserveInSlices(mostPassages(source.paragraphs[index].text), pause);
      // Removed, replaced, or indexed whole by a rebuild while this waited.
      if (!current()) return;
      this.indexParagraph(slot, index);
      await pause();
    }
    // The source's new words go into the sorted vocabulary now, with the slices, rather than at the next search.
    if (current()) this.vocabulary();
  }

  private indexSource(source: Source): void {
    const slot = this.beginSource(source);
    for (let index = 0; index < source.paragraphs.length; index++) this.indexParagraph(slot, index);
  }

  /** Registers a source with no passages yet; returns its slot. */
  private beginSource(source: Source): number {
    const slot = this.slots.length;
    this.slots.push(source);
    this.slotKeys.push(source.meta.key);
    this.sources.set(source.meta.key, source);
    this.slotByKey.set(source.meta.key, slot);
    return slot;
  }

  private indexParagraph(slot: number, index: number): void {
    const text = this.slots[slot].paragraphs[index].text;
    const folded = fold(text);
    const sentences = sentenceSpans(text);
    const passages = this.passages;
    const serial = this.paragraphCount++;
    if (serial === this.paragraphSlots.length) {
      this.paragraphSlots = grown(this.paragraphSlots);
      this.paragraphIndexes = grown(this.paragraphIndexes);
    }
    this.paragraphSlots[serial] = slot;
    this.paragraphIndexes[serial] = index;
    const firstSentence = passages.length;
    const letters = this.letters;
    for (const span of sentences) passages.push(serial, span.start, span.end, SENTENCE);
    const paragraphId = sentences.length !== 1 ? passages.push(serial, 0, text.length, PARAGRAPH) : -1;
    const postings = this.postings;
    let s = 0;
    // The words of `folded` as `wordSpans` cuts them, read in place (no span object, no array per paragraph).
    const n = folded.length;
    let i = 0;
    while (i < n) {
      if (!isWordUnit(folded.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i++;
      while (i < n) {
        const code = folded.charCodeAt(i);
        if (isWordUnit(code)) i++;
        else if ((code === 39 || code === 0x2019 || code === 0x02bc) && i + 1 < n && isWordUnit(folded.charCodeAt(i + 1))) i += 2;
        else break;
      }
      while (s < sentences.length && sentences[s].end <= start) s++;
      // The word's key looked up where it is: a string is made only for a new word, to keep.
      const hash = keyHash(folded, start, i);
      let list = this.wordIds.find(folded, start, i, hash);
      if (list < 0) {
        const word = wordKey(folded, start, i);
        if (word.length === 0) continue;
        list = postings.addList();
        const kept = vocabularyWords.shared(word);
        this.wordIds.add(kept, list, hash);
        this.newWords.push(kept);
      }
      const sentenceId = s < sentences.length && sentences[s].start <= start ? firstSentence + s : -1;
      if (sentenceId >= 0 && !postings.endsWith(list, sentenceId)) postings.push(list, sentenceId);
      if (paragraphId >= 0 && !postings.endsWith(list, paragraphId)) postings.push(list, paragraphId);
      // The key's first unit (a word may begin with a combining mark, which its key leaves out, as apostrophes).
      let first = start;
      for (let code = folded.charCodeAt(first); code === 39 || (code >= 0x300 && code <= 0x36f); code = folded.charCodeAt(++first));
      const letter = folded.charCodeAt(first);
      if (letters.tracks(letter, firstSentence)) {
        if (sentenceId >= 0) letters.mark(letter, sentenceId);
        if (paragraphId >= 0) letters.mark(letter, paragraphId);
      }
    }
    letters.extend(firstSentence, passages.length);
  }

  /**
   * The passages holding a word that starts with the one-letter `key` (a–z, 0–9), made from the posting lists the
   * first time when the index was restored rather than built; undefined for another letter.
   */
  private letterSet(key: string): Uint8Array | undefined {
    const code = key.charCodeAt(0);
    if (code >= 128) return undefined;
    const n = this.passages.length;
    const kept = this.letters.get(code, n);
    if (kept) return kept;
    const words = this.sortedWords;
    const lo = lowerBound(words, key);
    const hi = lowerBound(words, key + '\uffff');
    return this.letters.fill(code, n, (mark) => {
      for (let w = lo; w < hi; w++) {
        const count = this.postings.count(this.sortedIds[w]);
        const list = this.postings.decode(this.sortedIds[w]);
        for (let k = 0; k < count; k++) mark(list[k]);
      }
    });
  }

  /**
   * For a one-letter `key`, its letter set; for one of two to four letters spanning at least `PREFIX_SET_POSTINGS`
   * postings ("gro" after "gis": 160,000), its prefix set (made on first use, prefixSets.ts); else undefined.
   */
  private prefixSet(range: { key: string; lo: number; hi: number; estimate: number }): Uint8Array | undefined {
    if (range.key.length === 1) return this.letterSet(range.key);
    if (range.key.length < 2 || range.key.length > 4 || range.estimate < PREFIX_SET_POSTINGS) return undefined;
    return this.prefixes.get(range.key, this.passages, this.passages.length, (mark) => {
      for (let w = range.lo; w < range.hi; w++) {
        const count = this.postings.count(this.sortedIds[w]);
        const list = this.postings.decode(this.sortedIds[w]);
        for (let k = 0; k < count; k++) mark(list[k]);
      }
    });
  }

  private rebuild(): void {
    this.adopt(new PassageIndex([...this.sources.values()]));
  }

  /** `rebuild` in slices, unless one is under way (which takes in the changes made meanwhile when it ends). */
  private rebuildInSlices(pause: () => Promise<void>): Promise<void> {
    this.rebuildingInSlices ??= this.compactInSlices(pause).finally(() => (this.rebuildingInSlices = undefined));
    return this.rebuildingInSlices;
  }

  /**
   * Builds a new index of the sources in slices while this one answers, brings it up to date with the sources
   * added, replaced and removed meanwhile, and takes its place between two searches.
   */
  private async compactInSlices(pause: () => Promise<void>): Promise<void> {
    while (this.deadCount > this.passages.length / 2) {
      const generation = this.generation;
      const fresh = await PassageIndex.inSlices([...this.sources.values()], pause);
      // Rebuilt in one go meanwhile (a snapshot's restore): that one is current.
      if (this.generation !== generation) return;
      for (let pending = true; pending; ) {
        for (const [key, source] of fresh.sources) if (this.sources.get(key) !== source) fresh.markRemoved(key);
        pending = false;
        for (const [key, source] of this.sources) {
          if (fresh.sources.get(key) === source) continue;
          pending = true;
          await fresh.addSourceInSlices(source, pause);
        }
      }
      this.adopt(fresh);
    }
  }

  /** Takes over `other`'s contents (a rebuild of this index); `other` is not used again. */
  private adopt(other: PassageIndex): void {
    this.passages = other.passages;
    this.slots = other.slots;
    this.slotKeys = other.slotKeys;
    this.slotByKey = other.slotByKey;
    this.sources = other.sources;
    this.postings = other.postings;
    this.letters = other.letters;
    // The bitmaps a rebuild in slices made at its end (those of this index are of passages it no longer has).
    this.prefixes = other.prefixes;
    this.wordIds = other.wordIds;
    this.sortedWords = other.sortedWords;
    this.sortedIds = other.sortedIds;
    this.newWords = other.newWords;
    this.deadCount = other.deadCount;
    this.lastPhrase = undefined;
    this.foldedParagraphs = other.foldedParagraphs;
    this.paragraphSlots = other.paragraphSlots;
    this.paragraphIndexes = other.paragraphIndexes;
    this.paragraphCount = other.paragraphCount;
    this.paragraphAscii = other.paragraphAscii;
    this.paragraphTexts = other.paragraphTexts;
    this.foldedOrder = other.foldedOrder;
    this.foldedHead = other.foldedHead;
    this.foldedCharacters = other.foldedCharacters;
    this.generation++;
  }

  /**
   * `vocabulary()` for a whole library's new words, in slices: runs of `SORT_RUN` words sorted one at a time, then
   * merged two by two, awaiting `pause` every `SORT_RUN` words (the same order as one sort: the words are distinct).
   * Only for a new index, whose vocabulary is all new words.
   */
  private async vocabularyInSlices(pause: () => Promise<void>): Promise<void> {
    let runs: string[][] = [];
    for (let i = 0; i < this.newWords.length; i += SORT_RUN) {
      runs.push(this.newWords.slice(i, i + SORT_RUN).sort());
      await pause();
    }
    this.newWords = [];
    while (runs.length > 1) {
      const merged: string[][] = [];
      for (let r = 0; r < runs.length; r += 2) merged.push(r + 1 < runs.length ? await mergeInSlices(runs[r], runs[r + 1], pause) : runs[r]);
      runs = merged;
    }
    // A new index: the sorted words are the whole vocabulary.
    const words = runs[0] ?? [];
    const ids = new Int32Array(words.length);
    for (let w = 0; w < words.length; w++) {
      ids[w] = this.wordIds.get(words[w]);
      if (w % SORT_RUN === SORT_RUN - 1) await pause();
    }
    this.sortedWords = words;
    this.sortedIds = ids;
  }

  /**
   * The sorted vocabulary. Words added since the last search are sorted by themselves and merged in: a book's
   * new words cost a merge, not a sort of every word again.
   */
  private vocabulary(): string[] {
    if (this.newWords.length === 0) return this.sortedWords;
    const added = this.newWords.sort();
    this.newWords = [];
    const old = this.sortedWords;
    const oldIds = this.sortedIds;
    const words = new Array<string>(old.length + added.length);
    const ids = new Int32Array(words.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < words.length; k++) {
      if (j >= added.length || (i < old.length && old[i] < added[j])) {
        words[k] = old[i];
        ids[k] = oldIds[i++];
      } else {
        words[k] = added[j];
        ids[k] = this.wordIds.get(added[j++]);
      }
    }
    this.sortedWords = words;
    this.sortedIds = ids;
    return words;
  }

  /** The passage's text (sliced from its paragraph's). */
  private textOf(id: number): string {
    const passages = this.passages;
    const text = this.paragraphOf(id).text;
    return passages.kind[id] & PARAGRAPH ? text : text.slice(passages.start[id], passages.end[id]);
  }

  /** The passage's folded text: sliced from its paragraph's. */
  private foldedOf(id: number): string {
    const folded = this.foldedParagraphOf(id);
    return this.passages.kind[id] & PARAGRAPH ? folded : folded.slice(this.passages.start[id], this.passages.end[id]);
  }

  /** The folded text of the passage's paragraph, folded once while recent searches look at it. */
  private foldedParagraphOf(id: number): string {
    const passages = this.passages;
    const serial = passages.paragraph[id];
    let folded = this.foldedParagraphs[serial];
    if (folded === undefined) {
      folded = fold(this.paragraphText(serial));
      this.foldedParagraphs[serial] = folded;
      this.foldedOrder.push(serial);
      this.foldedCharacters += folded.length;
      while (this.foldedCharacters > FOLDED_CHARACTERS && this.foldedOrder.length - this.foldedHead > 1) {
        // The oldest first; the array's front is cut off now and then (a shift per eviction copies it all).
        const oldest = this.foldedOrder[this.foldedHead++];
        if (this.foldedHead >= 4096 && this.foldedHead * 2 >= this.foldedOrder.length) {
          this.foldedOrder = this.foldedOrder.slice(this.foldedHead);
          this.foldedHead = 0;
        }
        this.foldedCharacters -= this.foldedParagraphs[oldest]!.length;
        this.foldedParagraphs[oldest] = undefined;
      }
    }
    return folded;
  }

  /**
   * The text of paragraph `serial`, kept by serial number once read: the phrase check reads thousands of candidates'
   * texts a keystroke, and each through its source and paragraph objects was a chain of reads far apart in memory.
   */
  private paragraphText(serial: number): string {
    const texts = this.paragraphTexts;
    let text = serial < texts.length ? texts[serial] : undefined;
    if (text === undefined) {
      // Kept dense (an array written far past its end would become a dictionary).
      while (texts.length < this.paragraphCount) texts.push(undefined);
      text = this.slots[this.paragraphSlots[serial]].paragraphs[this.paragraphIndexes[serial]].text;
      texts[serial] = text;
    }
    return text;
  }

  /** The source paragraph passage `id` is in (or is). */
  private paragraphOf(id: number): Paragraph {
    const serial = this.passages.paragraph[id];
    return this.slots[this.paragraphSlots[serial]].paragraphs[this.paragraphIndexes[serial]];
  }

  /** A passage read back for ranking. */
  private passageAt(id: number): Passage {
    const passages = this.passages;
    return {
      source: this.slotKeys[this.paragraphSlots[passages.paragraph[id]]],
      paragraph: this.paragraphOf(id).number,
      kind: passages.kind[id] & PARAGRAPH ? 'paragraph' : 'sentence',
      offset: passages.start[id],
      text: this.textOf(id),
      folded: this.foldedOf(id),
    };
  }

  /**
   * Passages containing a word starting with each query word. Returns how many there are and the best
   * `FUSE_CANDIDATES` of them by a cheap score (phrase first, sentences first, shorter first).
   */
  private everyWordCandidates(
    ranges: Array<{ key: string; lo: number; hi: number; estimate: number }>,
    phrase: string,
    multiWord: boolean,
  ): { count: number; best: Candidate[] } {
    const best = new BestCandidates(FUSE_CANDIDATES);
    if (ranges.some((range) => range.estimate === 0)) return { count: 0, best: [] };
    const words = this.sortedWords;
    const postings = this.postings;
    const order = [...ranges].sort((a, b) => a.estimate - b.estimate);
    const seen = this.seen;
    // The steps the last keystroke took first, when this one takes the same ("in" → "in m", "me from" → "me from f"):
    // their outcome is taken from it rather than walked again (stepCache.ts holds why it is the same).
    const resumed = this.steps.resume(order, seen, this.stepState());
    let touched: Int32Array = resumed?.touched ?? this.touchedScratch;
    let touchedCount = resumed?.count ?? 0;
    let alive = resumed?.alive ?? 0;
    const push = (id: number): void => {
      if (touchedCount === touched.length) {
        touched = grown(touched);
        this.touchedScratch = touched;
      }
      touched[touchedCount++] = id;
    };
    order.forEach((range, t) => {
      if (resumed && t < resumed.steps) return;
      const touchedLength = touchedCount;
      const letterSet = t > 0 && touchedLength < range.estimate ? this.prefixSet(range) : undefined;
      if (letterSet) {
        // A one-letter word ("me from f") or a common two-letter one ("me from fl"): each candidate left looked up
        // in the prefix's passages.
        alive = 0;
        for (let k = 0; k < touchedCount; k++) {
          const id = touched[k];
          if (seen[id] === t && hasPassage(letterSet, id)) {
            seen[id] = t + 1;
            alive++;
          }
        }
        return;
      }
      if (t > 0 && range.estimate > TEXT_CHECK_RATIO * alive) {
        // A word far commoner than the candidates left (a half-typed "m"): check the candidates' texts instead
        // of walking the word's postings.
        alive = 0;
        const inText = foldedWordStartFinder(range.key);
        for (let k = 0; k < touchedCount; k++) {
          const id = touched[k];
          // A removed source's passage is never a candidate: its text is not read.
          if (seen[id] !== t || this.passages.base[id] < 0) continue;
          if (this.holdsWordStartingWith(id, range.key, inText)) {
            seen[id] = t + 1;
            alive++;
          }
        }
        return;
      }
      const waiting = alive;
      alive = 0;
      for (let w = range.lo; w < range.hi; w++) {
        if (t > 0) {
          alive += postings.advance(this.sortedIds[w], seen, t, t + 1);
        } else {
          const count = postings.count(this.sortedIds[w]);
          const list = postings.decode(this.sortedIds[w]);
          for (let k = 0; k < count; k++) {
            const id = list[k];
            if (seen[id] !== 0) continue;
            seen[id] = 1;
            alive++;
            push(id);
          }
        }
        // A very common first word (one typed letter): enough candidates to rank; the rest would not show.
        if (t === 0 && touchedCount >= MAX_FIRST_WORD_PASSAGES) break;
        // Every candidate left has this word: the rest of the range changes nothing.
        if (t > 0 && alive === waiting) break;
      }
    });
    this.steps.keep(order, touched, touchedCount, seen, this.stepState());
    // A one-word query: passages with the whole word rank as the "phrase".
    const EXACT = 200;
    if (!multiWord) {
      const range = ranges[0];
      if (range.lo < range.hi && words[range.lo] === range.key) {
        const count = postings.count(this.sortedIds[range.lo]);
        const list = postings.decode(this.sortedIds[range.lo]);
        for (let k = 0; k < count; k++) if (seen[list[k]] === 1) seen[list[k]] = EXACT;
      }
    }
    let count = 0;
    let phraseChecks = 0;
    const n = order.length;
    // The query grew by a few letters ("me from f" → "me from fl"): a passage that did not hold the last phrase
    // cannot hold this one, which starts with it; only the others are read.
    const last = this.lastPhrase;
    const known = last && last.table === this.passages && phrase.startsWith(last.phrase) ? last.missed : undefined;
    const missed = new Set<number>();
    // The complete candidates of a phrase, as prescore × ORDER_SPAN + id (sorted by prescore, then id).
    if (multiWord && this.orderScratch.length < touchedCount) this.orderScratch = new Float64Array(Math.max(touchedCount, this.orderScratch.length * 2));
    const byPrescore = multiWord ? this.orderScratch : undefined;
    let complete = 0;
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k];
      const exact = seen[id] === EXACT;
      const whole = exact || seen[id] === n;
      seen[id] = 0;
      const base = this.passages.base[id];
      if (!whole || base < 0) continue;
      count++;
      if (byPrescore) byPrescore[complete++] = base * ORDER_SPAN + id;
      else {
        const cls = exact ? 0 : 1;
        const prescore = cls * 1e7 + base;
        if (best.accepts(prescore)) best.offer({ id, cls, prescore });
      }
    }
    if (byPrescore) {
      // The phrase is looked for in the shortest passages first (the order of the prescore within a class), a batch
      // of the shortest left at a time, and no further once the candidates hold `FUSE_CANDIDATES` passages with it
      // (none after those could be kept) or `MAX_PHRASE_CHECKS` were read (then the rest, longer than the
      // `FUSE_CANDIDATES` kept without the phrase, could not be kept either).
      let found = 0;
      const inText = foldedPhraseFinder(phrase);
      for (let from = 0; from < complete && found < FUSE_CANDIDATES && phraseChecks < MAX_PHRASE_CHECKS; ) {
        const batch = Math.min(complete - from, MAX_PHRASE_CHECKS - phraseChecks + FUSE_CANDIDATES);
        selectSmallest(byPrescore, from, complete, batch);
        byPrescore.subarray(from, from + batch).sort();
        const to = from + batch;
        for (; from < to && found < FUSE_CANDIDATES; from++) {
          const id = byPrescore[from] % ORDER_SPAN;
          let cls = 1;
          if (known?.has(id)) {
            missed.add(id);
            phraseChecks++;
          }
          else if (phraseChecks < MAX_PHRASE_CHECKS) {
            phraseChecks++;
            if (this.holdsPhrase(id, phrase, inText)) {
              cls = 0;
              found++;
            } else missed.add(id);
          }
          const prescore = cls * 1e7 + this.passages.base[id];
          if (best.accepts(prescore)) best.offer({ id, cls, prescore });
        }
      }
    }
    this.lastPhrase = multiWord ? { phrase, table: this.passages, missed } : undefined;
    return { count, best: best.items() };
  }

  /** What the step cache's outcomes hold for: this index as it is now. */
  private stepState(): StepIndexState {
    return { table: this.passages, postings: this.postings, vocabulary: this.sortedWords, passages: this.passages.length, removed: this.deadCount };
  }

  /** Whether a word of passage `id` starts with `key`; `inText` reads a paragraph not folded yet as it is. */
  private holdsWordStartingWith(id: number, key: string, inText: (text: string, start: number, end: number) => boolean): boolean {
    const passages = this.passages;
    const folded = this.foldedParagraphs[passages.paragraph[id]];
    if (folded !== undefined) return hasWordStartingWith(folded, key, passages.start[id], passages.end[id]);
    return inText(this.paragraphText(passages.paragraph[id]), passages.start[id], passages.end[id]);
  }

  /** Whether passage `id` holds `phrase` (folded) at a word's start. */
  private holdsPhrase(id: number, phrase: string, inText: (text: string, start: number, end: number, ascii: boolean) => boolean): boolean {
    const passages = this.passages;
    const start = passages.start[id];
    const end = passages.end[id];
    const serial = passages.paragraph[id];
    const folded = this.foldedParagraphs[serial];
    // The passage alone: `indexOf` would otherwise read on to its paragraph's end.
    if (folded !== undefined) return phraseAt(start === 0 && end === folded.length ? folded : folded.slice(start, end), phrase) >= 0;
    // A paragraph not folded yet: its text is read as it is (foldedPhrase.ts), without a folded copy; once, not
    // again for each of its passages and keystrokes, for a unit outside ASCII.
    const text = this.paragraphText(serial);
    if (serial >= this.paragraphAscii.length) this.paragraphAscii = grownBytes(this.paragraphAscii, Math.max(this.paragraphCount, serial + 1));
    let ascii = this.paragraphAscii[serial];
    if (ascii === ASCII_UNKNOWN) this.paragraphAscii[serial] = ascii = ANY_NON_ASCII.test(text) ? ASCII_NOT : ASCII_ONLY;
    return inText(text, start, end, ascii === ASCII_ONLY);
  }

  /** Passages containing some of the query words, or words close to them (typing errors): fuzzy candidates. */
  private someWordCandidates(ranges: Array<{ key: string; lo: number; hi: number; estimate: number }>, words: string[]): Candidate[] {
    const best = new BestCandidates(FUSE_CANDIDATES);
    const total = this.passages.length;
    const postings = this.postings;
    const seen = this.seen;
    const touched: number[] = [];
    const informative = ranges.filter((range) => range.key.length >= 3 || ranges.length === 1);
    // Rarest first, so that a word far commoner than the passages found so far ("with", "from") is looked for in
    // those passages' texts instead of along its whole posting list: a passage holding that common word and none
    // of the rarer ones is left out (fuse.js wants every word, so it would seldom match).
    const order = informative.map((range, r) => ({ range, r })).sort((a, b) => a.range.estimate - b.range.estimate || a.r - b.r);
    const marks = this.marks.length >= total ? this.marks : (this.marks = new Uint8Array(total + 1024));
    // The walk of the last word walked, taken from the walk cache (see below).
    let walked: KeptWalk | undefined;
    for (let o = 0; o < order.length; o++) {
      const { range, r } = order[o];
      if (range.estimate > 0 && range.estimate < total / 3 && touched.length >= FUSE_CANDIDATES && range.estimate > TEXT_CHECK_RATIO * touched.length) {
        const inText = foldedWordStartFinder(range.key);
        for (const id of touched) {
          if (this.passages.base[id] < 0) continue;
          if (this.holdsWordStartingWith(id, range.key, inText) && seen[id] < 255) seen[id]++;
        }
        continue;
      }
      let wordIndexes: number[] = [];
      if (range.estimate > 0 && range.estimate < total / 3) {
        for (let w = range.lo; w < range.hi; w++) wordIndexes.push(w);
      } else if (range.estimate === 0) {
        wordIndexes = this.nearWords(range.key, words);
      }
      // A walk no later word adds to (each one commoner than a third of the passages: skipped), after few passages
      // found: the kept walk tells which of those hold this word too, and which of the rest could be among the best
      // candidates (walkCache.ts); the rest, matching this word alone, are never offered.
      if (walkCacheSwitch.on && wordIndexes.length > 0 && touched.length <= WALK_MARGIN && order.slice(o + 1).every((later) => later.range.estimate >= total / 3)) {
        walked = this.keptWalk(range.key, wordIndexes);
        const member = walked.member;
        for (const id of touched) if ((member[id >> 3] & (1 << (id & 7))) !== 0 && seen[id] < 255) seen[id]++;
        break;
      }
      // Each passage counted once per query word (its words may be several of the range); marks[id] is the word.
      const mark = r + 1;
      for (const w of wordIndexes) {
        const count = postings.count(this.sortedIds[w]);
        const list = postings.decode(this.sortedIds[w]);
        for (let k = 0; k < count; k++) {
          const id = list[k];
          if (marks[id] === mark) continue;
          marks[id] = mark;
          if (seen[id] === 0) touched.push(id);
          if (seen[id] < 255) seen[id]++;
        }
      }
    }
    for (const id of touched) marks[id] = 0;
    for (const id of touched) {
      const matched = seen[id];
      const base = this.passages.base[id];
      if (base < 0) continue;
      const prescore = (ranges.length - matched) * 1e7 + base;
      if (best.accepts(prescore)) best.offer({ id, cls: 2, prescore });
    }
    // Then the passages holding the kept walk's word alone, in walk order, as the walk would have offered them.
    if (walked) {
      for (const id of walked.offers) {
        if (seen[id] !== 0) continue;
        const prescore = (ranges.length - 1) * 1e7 + this.passages.base[id];
        if (best.accepts(prescore)) best.offer({ id, cls: 2, prescore });
      }
    }
    for (const id of touched) seen[id] = 0;
    return best.items();
  }

  /** The walk of the postings of `wordIndexes` (those of query word `key`), kept for the index as it is (walkCache.ts). */
  private keptWalk(key: string, wordIndexes: number[]): KeptWalk {
    const state = this.stepState();
    const kept = this.walks.get(key, state);
    if (kept) return kept;
    const postings = this.postings;
    const member = new Uint8Array((this.passages.length >> 3) + 1);
    let total = 0;
    for (const w of wordIndexes) total += postings.count(this.sortedIds[w]);
    const order = new Int32Array(total);
    let n = 0;
    for (const w of wordIndexes) {
      const count = postings.count(this.sortedIds[w]);
      const list = postings.decode(this.sortedIds[w]);
      for (let k = 0; k < count; k++) {
        const id = list[k];
        const bit = 1 << (id & 7);
        if ((member[id >> 3] & bit) !== 0) continue;
        member[id >> 3] |= bit;
        order[n++] = id;
      }
    }
    const walk = { member, offers: possibleOffers(order, n, this.passages.base, FUSE_CANDIDATES, WALK_MARGIN) };
    this.walks.put(key, walk);
    return walk;
  }

  /**
   * Indexes of vocabulary words within one or two edits of `key` sharing its first letter; kept for the vocabulary as
   * it is (the words typed before the last are looked up again at every keystroke).
   */
  private nearWords(key: string, words: string[]): number[] {
    if (key.length < 3) return [];
    if (this.nearVocabulary !== words) {
      this.nearKept.clear();
      this.nearVocabulary = words;
    }
    let found = this.nearKept.get(key);
    if (found === undefined) {
      found = this.findNearWords(key, words);
      if (this.nearKept.size >= NEAR_WORDS_KEPT) this.nearKept.delete(this.nearKept.keys().next().value!);
      this.nearKept.set(key, found);
    }
    return found;
  }

  private findNearWords(key: string, words: string[]): number[] {
    const maxEdits = key.length >= 7 ? 2 : 1;
    const lo = lowerBound(words, key[0]);
    const hi = Math.min(lowerBound(words, key[0] + '\uffff'), lo + MAX_FUZZY_WORDS);
    const found: number[] = [];
    for (let w = lo; w < hi; w++) {
      const word = words[w];
      if (Math.abs(word.length - key.length) > maxEdits) continue;
      // A half-typed last word: compared with the word's beginning too.
      if (nearEnough(key, word, maxEdits)) found.push(w);
    }
    return found;
  }

  /**
   * The kept work of a fuzzy term, by passage (`rank`): its fuse.js match and its fewest edits, for this index as it
   * is now, the terms of the last few searches only (the words of a query being typed).
   */
  private termMatchesOf(term: string): KeptTerm {
    const state = this.stepState();
    const keptFor = this.termMatchState;
    if (!keptFor || keptFor.table !== state.table || keptFor.postings !== state.postings || keptFor.vocabulary !== state.vocabulary || keptFor.passages !== state.passages || keptFor.removed !== state.removed) {
      this.termMatchesKept.clear();
      this.termMatchState = state;
    }
    let kept = this.termMatchesKept.get(term);
    if (kept === undefined) {
      if (this.termMatchesKept.size >= TERM_MATCHES_KEPT) this.termMatchesKept.delete(this.termMatchesKept.keys().next().value!);
      kept = { matches: new Map(), edits: new Map() };
    } else this.termMatchesKept.delete(term);
    // The most recent last.
    this.termMatchesKept.set(term, kept);
    return kept;
  }

  private rank(candidates: Candidate[], keys: string[], phrase: string, limit: number): PassageHit[] {
    if (candidates.length === 0) return [];
    type Ranked = { candidate: Candidate; sentence: boolean; place: string; score: number; indices: ReadonlyArray<readonly [number, number]> };
    const passages = this.passages;
    const placeOf = (id: number): string => `${this.slotKeys[this.paragraphSlots[passages.paragraph[id]]]}\u0000${this.paragraphOf(id).number}`;
    const isSentence = (id: number): boolean => (passages.kind[id] & PARAGRAPH) === 0;
    const scoreOf = (id: number, cls: number, quality: number): number => {
      const kindBonus = isSentence(id) ? 0.05 : 0;
      const shortness = 0.04 / (1 + (passages.end[id] - passages.start[id]) / 200);
      return 2 - cls + quality * 0.9 + kindBonus + shortness;
    };
    const ranked: Ranked[] = [];
    // Passages holding every query word (classes 0 and 1): scored here.
    for (const candidate of candidates) {
      if (candidate.cls === 2) continue;
      const id = candidate.id;
      const score = scoreOf(id, candidate.cls, closeness(this.foldedOf(id), keys, phrase, candidate.cls));
      ranked.push({ candidate, sentence: isSentence(id), place: placeOf(id), score, indices: [] });
    }
    // The scores of hits sure to be listed, whatever fuse.js says of the fuzzy candidates: sentences, and paragraphs
    // none of whose sentences is a hit (a fuzzy sentence is in a worse class than these paragraphs: it cannot hide them).
    const sentencePlaces = new Map<string, number>();
    for (const hit of ranked) if (hit.sentence) sentencePlaces.set(hit.place, Math.min(sentencePlaces.get(hit.place) ?? 3, hit.candidate.cls));
    const listed: number[] = [];
    for (const hit of ranked) if (hit.sentence || !((sentencePlaces.get(hit.place) ?? 3) <= hit.candidate.cls)) listed.push(hit.score);
    // Fuzzy candidates: fuse.js decides which still match, and how well. Each query word is its own fuzzy term
    // (extended search, all terms required): short patterns keep fuse.js's bit-parallel matcher cheap.
    const terms = (keys.some((key) => key.length >= 2) ? keys.filter((key) => key.length >= 2) : keys).map((term) => term.slice(0, 32).toLowerCase());
    // Only the candidates fuse.js could accept (each term within its allowed edits somewhere; approximateMatch.ts),
    // each with the best score it could have (fuseFloor.ts: the fewest edits give a floor of fuse.js's score).
    const approximate = terms.map((term) => approximateTerm(term, FUSE_THRESHOLD));
    type Fuzzy = { candidate: Candidate; text: string; place: string; sentence: boolean; ceiling: number };
    const fuzzyCandidates: Fuzzy[] = [];
    // Each term's fewest edits in a passage kept for the next keystrokes, as its fuse.js match is (`termMatchesOf`).
    const termsKept = terms.map((term) => this.termMatchesOf(term));
    for (const candidate of candidates) {
      if (candidate.cls !== 2) continue;
      const id = candidate.id;
      const text = this.foldedOf(id);
      let lowered: string | undefined;
      const floor = fuseScoreFloorOf(text, approximate, (t) => {
        const kept = termsKept[t].edits;
        let edits = kept.get(id);
        if (edits === undefined) {
          edits = fewestEdits((lowered ??= text.toLowerCase()), approximate[t]!);
          if (kept.size >= TERM_MATCHES_PER_TERM) kept.clear();
          kept.set(id, edits);
        }
        return edits;
      });
      if (floor === undefined) continue;
      fuzzyCandidates.push({ candidate, text, place: placeOf(id), sentence: isSentence(id), ceiling: scoreOf(id, 2, 1 - floor) });
    }
    // fuse.js ranks the fuzzy candidates best ceiling first, a few at a time, until the next could not beat the
    // `limit`-th hit sure to be listed; a paragraph goes with its sentences (one of them matching hides it).
    fuzzyCandidates.sort((a, b) => b.ceiling - a.ceiling || a.candidate.id - b.candidate.id);
    const sentencesAt = new Map<string, Fuzzy[]>();
    for (const fuzzy of fuzzyCandidates) if (fuzzy.sentence) sentencesAt.set(fuzzy.place, [...(sentencesAt.get(fuzzy.place) ?? []), fuzzy]);
    const handed = new Set<number>();
    const patterns = fuseTermsSupported(terms) ? terms.map(bitapPattern) : undefined;
    const termMatches = patterns ? termsKept.map((kept) => kept.matches) : [];
    const lowestListed = (): number => (listed.length < limit ? -Infinity : listed.sort((a, b) => b - a)[limit - 1]);
    for (let next = 0; next < fuzzyCandidates.length; ) {
      if (fuzzyCandidates[next].ceiling < lowestListed() - CEILING_MARGIN) break;
      const batch: Fuzzy[] = [];
      for (; next < fuzzyCandidates.length && batch.length < FUSE_BATCH; next++) {
        const fuzzy = fuzzyCandidates[next];
        if (handed.has(fuzzy.candidate.id)) continue;
        for (const sentence of fuzzy.sentence ? [] : (sentencesAt.get(fuzzy.place) ?? [])) {
          if (handed.has(sentence.candidate.id)) continue;
          handed.add(sentence.candidate.id);
          batch.push(sentence);
        }
        handed.add(fuzzy.candidate.id);
        batch.push(fuzzy);
      }
      const found: Ranked[] = [];
      if (patterns) {
        // fuse.js's answer computed as it computes it (fuseScore.ts), each term's match in a passage kept for the
        // next keystrokes (the words typed before the last are the same terms).
        for (const { candidate, text, place, sentence } of batch) {
          let lowered: string | undefined;
          const match = fuseMatch(text, patterns.length, (t) => {
            const kept = termMatches[t];
            let termMatch = kept.get(candidate.id);
            if (termMatch === undefined) {
              termMatch = bitapTerm((lowered ??= fuseText(text)), patterns[t], FUSE_THRESHOLD, 2);
              if (kept.size >= TERM_MATCHES_PER_TERM) kept.clear();
              kept.set(candidate.id, termMatch);
            }
            return termMatch;
          });
          if (match) found.push({ candidate, sentence, place, score: scoreOf(candidate.id, 2, 1 - match.score), indices: match.indices });
        }
      } else {
        const fuse = new Fuse(
          batch.map((fuzzy) => fuzzy.text),
          { includeScore: true, includeMatches: true, ignoreLocation: true, threshold: FUSE_THRESHOLD, minMatchCharLength: 2, shouldSort: false, useExtendedSearch: true },
        );
        for (const result of fuse.search(terms.join(' '))) {
          const { candidate, place, sentence } = batch[result.refIndex];
          const score = scoreOf(candidate.id, 2, 1 - (result.score ?? 1));
          found.push({ candidate, sentence, place, score, indices: (result.matches ?? []).flatMap((match) => match.indices) });
        }
      }
      for (const hit of found) if (hit.sentence && !sentencePlaces.has(hit.place)) sentencePlaces.set(hit.place, 2);
      for (const hit of found) {
        ranked.push(hit);
        if (hit.sentence || !sentencePlaces.has(hit.place)) listed.push(hit.score);
      }
    }
    // A paragraph is not listed when one of its sentences matches as well.
    const bestSentenceClass = new Map<string, number>();
    for (const hit of ranked) {
      if (!hit.sentence) continue;
      bestSentenceClass.set(hit.place, Math.min(bestSentenceClass.get(hit.place) ?? 3, hit.candidate.cls));
    }
    const kept = ranked.filter((hit) => {
      if (hit.sentence) return true;
      const sentenceClass = bestSentenceClass.get(hit.place);
      return sentenceClass === undefined || sentenceClass > hit.candidate.cls;
    });
    kept.sort((a, b) => b.score - a.score || a.candidate.id - b.candidate.id);
    return kept.slice(0, limit).map((hit) => {
      const passage = this.passageAt(hit.candidate.id);
      return {
        source: passage.source,
        paragraph: passage.paragraph,
        text: passage.text,
        highlights: highlightsFor(passage.folded, keys, phrase, hit.candidate.cls, hit.indices),
        score: Math.round(hit.score * 1e4) / 1e4,
        kind: passage.kind,
        start: passage.offset,
      };
    });
  }

  // --- Snapshots (search/indexSnapshot.ts) -------------------------------------------------------------------

  /** The index as typed arrays and the sorted vocabulary, for a snapshot; a removed source's slot has no key. */
  snapshotParts(): PassageIndexParts {
    const words = this.vocabulary();
    const n = this.passages.length;
    const p = this.paragraphCount;
    return {
      slotKeys: this.slotKeys.map((key, slot) => (this.slotByKey.get(key) === slot ? key : null)),
      passageParagraph: this.passages.paragraph.subarray(0, n),
      passageStart: this.passages.start.subarray(0, n),
      passageEnd: this.passages.end.subarray(0, n),
      passageKind: this.passages.kind.subarray(0, n),
      paragraphSlots: this.paragraphSlots.subarray(0, p),
      paragraphIndexes: this.paragraphIndexes.subarray(0, p),
      words,
      wordLists: this.sortedIds,
      postings: this.postings.parts(),
    };
  }

  /** The letter and prefix bitmaps kept now (a build makes them), for a builder in another thread to send. */
  bitmapParts(): PassageBitmaps {
    const n = this.passages.length;
    return { passages: n, letters: this.letters.covering(n), prefixes: this.prefixes.kept(this.passages, n) };
  }

  /**
   * An index restored from `parts`, with `sources[slot]` the source of each slot (the same text as when the parts
   * were taken), or undefined when the source was removed or changed since; undefined when the parts do not hold
   * together. A slot without a source is removed as `removeSource` removes one (its passages skipped until the next
   * rebuild), so the index is the one built from the sources of the snapshot, then with those removed.
   */
  static fromSnapshotParts(parts: PassageIndexParts, sources: ReadonlyArray<Source | undefined>): PassageIndex | undefined {
    return runSteps(PassageIndex.restoring(parts, sources));
  }

  /** `fromSnapshotParts` awaiting `pause` every few tens of thousands of items, so the host keeps answering. */
  static fromSnapshotPartsInSlices(parts: PassageIndexParts, sources: ReadonlyArray<Source | undefined>, pause: () => Promise<void>): Promise<PassageIndex | undefined> {
    return runStepsInSlices(PassageIndex.restoring(parts, sources), pause);
  }

  /** The work of `fromSnapshotParts`, yielding between runs of `SNAPSHOT_RUN` items. */
  private static *restoring(parts: PassageIndexParts, sources: ReadonlyArray<Source | undefined>): Generator<void, PassageIndex | undefined> {
    const slotCount = parts.slotKeys.length;
    const n = parts.passageParagraph.length;
    const p = parts.paragraphSlots.length;
    const wordCount = parts.words.length;
    if (sources.length !== slotCount || parts.paragraphIndexes.length !== p || parts.wordLists.length !== wordCount) return undefined;
    if (parts.passageStart.length !== n || parts.passageEnd.length !== n || parts.passageKind.length !== n) return undefined;
    const live = new Set<string>();
    for (let slot = 0; slot < slotCount; slot++) {
      const source = sources[slot];
      if (!source) continue;
      if (source.meta.key !== parts.slotKeys[slot] || live.has(source.meta.key)) return undefined;
      live.add(source.meta.key);
    }
    const postings = yield* PostingLists.restoring(parts.postings);
    yield;
    if (!postings || postings.size !== wordCount) return undefined;
    // Every word once, sorted (the search's binary search relies on it), each with a list of its own.
    const listSeen = new Uint8Array(wordCount);
    for (let w = 0; w < wordCount; w++) {
      if (w % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      const list = parts.wordLists[w];
      if (typeof parts.words[w] !== 'string' || (w > 0 && !(parts.words[w - 1] < parts.words[w])) || !(list >= 0 && list < wordCount) || listSeen[list]) return undefined;
      listSeen[list] = 1;
    }
    // Each paragraph must be one of its source's; a removed slot's paragraphs all point to one empty stand-in (their
    // text length -1: their passages are dead).
    const textLength = new Int32Array(p);
    const paragraphIndexes = new Int32Array(Math.max(1024, p));
    const paragraphsPerSlot = new Int32Array(slotCount);
    for (let q = 0; q < p; q++) {
      if (q % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      const slot = parts.paragraphSlots[q];
      const index = parts.paragraphIndexes[q];
      if (!(slot >= 0 && slot < slotCount)) return undefined;
      paragraphsPerSlot[slot]++;
      const source = sources[slot];
      if (!source) {
        textLength[q] = -1;
        continue;
      }
      if (!(index >= 0 && index < source.paragraphs.length)) return undefined;
      textLength[q] = source.paragraphs[index].text.length;
      paragraphIndexes[q] = index;
    }
    // A source is indexed whole: a snapshot taken while one was added in slices is not restored.
    for (let slot = 0; slot < slotCount; slot++) if (sources[slot] && paragraphsPerSlot[slot] !== sources[slot]!.paragraphs.length) return undefined;
    const restored = new PassageIndex();
    const table = restored.passages;
    const capacity = Math.max(1024, n);
    if (parts.passagesAreOwn && n === capacity) {
      table.paragraph = parts.passageParagraph as Int32Array<ArrayBuffer>;
      table.start = parts.passageStart as Int32Array<ArrayBuffer>;
      table.end = parts.passageEnd as Int32Array<ArrayBuffer>;
      table.kind = parts.passageKind as Uint8Array<ArrayBuffer>;
    } else {
      table.paragraph = new Int32Array(capacity);
      yield* copyInSlices(table.paragraph, parts.passageParagraph);
      table.start = new Int32Array(capacity);
      yield* copyInSlices(table.start, parts.passageStart);
      table.end = new Int32Array(capacity);
      yield* copyInSlices(table.end, parts.passageEnd);
      table.kind = new Uint8Array(capacity);
      yield* copyInSlices(table.kind, parts.passageKind);
    }
    table.base = new Int32Array(capacity);
    table.length = n;
    let dead = 0;
    yield;
    for (let from = 0; from < n; from += PASSAGE_RUN) {
      const deadHere = passageBases(table, textLength, from, Math.min(n, from + PASSAGE_RUN));
      if (deadHere < 0) return undefined;
      dead += deadHere;
      yield;
    }
    restored.paragraphSlots = new Int32Array(Math.max(1024, p));
    yield* copyInSlices(restored.paragraphSlots, parts.paragraphSlots);
    restored.paragraphIndexes = paragraphIndexes;
    yield;
    restored.paragraphCount = p;
    for (let slot = 0; slot < slotCount; slot++) {
      const source = sources[slot];
      if (source) {
        restored.beginSource(source);
        continue;
      }
      // A removed source: its passages are skipped and their text never read; a stand-in holds the slot.
      const key = parts.slotKeys[slot] ?? '';
      const paragraphs = [{ number: 1, text: '', line: 0, kind: 'text' as const }];
      restored.slots.push({ meta: { key, title: '', author: [], type: 'removed' }, paragraphs, quotations: [], origin: '' });
      restored.slotKeys.push(key);
    }
    restored.deadCount = dead;
    restored.postings = postings;
    yield;
    restored.sortedWords = new Array<string>(wordCount);
    restored.sortedIds = new Int32Array(wordCount);
    yield* copyInSlices(restored.sortedIds, parts.wordLists);
    for (let w = 0; w < wordCount; w++) {
      if (w % SNAPSHOT_RUN === SNAPSHOT_RUN - 1) yield;
      // The quotation word index's restore takes the same strings from the pool.
      const word = vocabularyWords.shared(parts.words[w]);
      restored.sortedWords[w] = word;
      restored.wordIds.add(word, parts.wordLists[w]);
    }
    // Bitmaps over exactly these passages (a build's, sent with its parts) are kept as they are.
    if (parts.bitmaps?.passages === n && restored.deadCount === 0) {
      for (const { code, set } of parts.bitmaps.letters) restored.letters.put(code, n, set);
      for (const { prefix, set } of parts.bitmaps.prefixes) restored.prefixes.put(prefix, restored.passages, n, set);
    }
    if (restored.deadCount > restored.passages.length / 2) restored.rebuild();
    return restored;
  }
}

/** The most passages a paragraph of this text can make: its sentences (each at least one unit) and itself. */
function mostPassages(text: string): number {
  return text.length + 1;
}

/** Postings marked in a prefix bitmap made at the end of a build between two pauses. */
const PREFIX_SET_RUN = 200_000;
/**
 * A word with this many postings or more is marked in a prefix or letter bitmap in runs of this many (`markBits`),
 * awaiting the pause between them (which costs nothing while the slice lasts): its first run is read before V8
 * optimises the loop (200,000 postings took 30–50 ms so), later ones in a fraction of a millisecond.
 */
const MARK_RUN = 32_768;
/** The first units whose passages a bitmap is kept for (`letterSetsInSlices`). */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Items (passages, paragraphs, words) restored from a snapshot between two pauses. */
const SNAPSHOT_RUN = 16_384;

/** Passages checked, and their ranking bases set, between two pauses of a restore. */
const PASSAGE_RUN = 131_072;

/**
 * Checks the restored passages `from` to `to` (each in a paragraph, within its text, of a known kind) and sets their
 * ranking bases (-1: dead, its paragraph's source removed); the number of dead ones, or -1 when one does not hold
 * together. A plain loop over local arrays, outside the restoring generator: the generator took 103 ms of CPU at
 * 150 MB with the loop inside it, 42 with it here (profiles).
 */
function passageBases(table: PassageTable, textLength: Int32Array, from: number, to: number): number {
  const { paragraph, start: starts, end: ends, kind: kinds, base } = table;
  const p = textLength.length;
  let dead = 0;
  for (let id = from; id < to; id++) {
    const q = paragraph[id];
    if (!(q >= 0 && q < p)) return -1;
    const start = starts[id];
    const end = ends[id];
    const kind = kinds[id];
    if (!(start >= 0 && start <= end) || (kind !== SENTENCE && kind !== PARAGRAPH)) return -1;
    const length = textLength[q];
    if (length >= 0) {
      if (end > length) return -1;
      base[id] = (kind === PARAGRAPH ? 5e6 : 0) + Math.min(end - start, 4e6);
    } else {
      base[id] = -1;
      dead++;
    }
  }
  return dead;
}

/** Bytes of a typed array copied out of a snapshot between two pauses. */
const COPY_RUN_BYTES = 4 << 20;

/** Copies `from` into the start of `into`, yielding after every `COPY_RUN_BYTES`. */
function* copyInSlices(into: Int32Array | Uint8Array, from: Int32Array | Uint8Array): Generator<void, void> {
  const run = COPY_RUN_BYTES / from.BYTES_PER_ELEMENT;
  for (let at = 0; at < from.length; at += run) {
    if (at > 0) yield;
    into.set(from.subarray(at, Math.min(at + run, from.length)), at);
  }
}

/** How many vocabulary words are sorted, or merged, between two pauses. */
const SORT_RUN = 8192;

/** Moves the `k` smallest of `a[lo, hi)` (distinct numbers) to `a[lo, lo + k)`, in no order (Hoare's selection). */
function selectSmallest(a: Float64Array, lo: number, hi: number, k: number): void {
  if (k <= 0 || k >= hi - lo) return;
  const target = lo + k - 1;
  let left = lo;
  let right = hi - 1;
  while (right > left) {
    const x = a[left];
    const y = a[(left + right) >>> 1];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const swap = a[i];
        a[i++] = a[j];
        a[j--] = swap;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else return;
  }
}

/** Two sorted runs of distinct words merged, awaiting `pause` every `SORT_RUN` words. */
async function mergeInSlices(a: string[], b: string[], pause: () => Promise<void>): Promise<string[]> {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
    if (k % SORT_RUN === SORT_RUN - 1) await pause();
  }
  return out;
}

/**
 * How good a passage containing every query word is, in [0, 1]: the phrase (or the words) early, and the words
 * close together.
 */
function closeness(folded: string, keys: string[], phrase: string, cls: number): number {
  if (cls === 0 && keys.length > 1) {
    const at = phraseAt(folded, phrase);
    return 0.5 + 0.5 / (1 + Math.max(0, at) / 200);
  }
  const first = new Array<number>(keys.length).fill(-1);
  let found = 0;
  let index = 0;
  for (const span of wordSpans(folded)) {
    const word = wordKey(folded, span.start, span.end);
    for (let k = 0; k < keys.length; k++) {
      if (first[k] < 0 && word.startsWith(keys[k])) {
        first[k] = index;
        found++;
      }
    }
    if (found === keys.length) break;
    index++;
    if (index > 5000) break;
  }
  const positions = first.filter((position) => position >= 0);
  if (positions.length === 0) return 0;
  const spread = Math.max(...positions) - Math.min(...positions) - (keys.length - 1);
  return 0.5 / (1 + Math.max(0, spread) / 4) + 0.5 / (1 + Math.min(...positions) / 30);
}

/** Offsets to highlight: the phrase, else the words starting with a query word, else fuse.js's matches. */
function highlightsFor(
  folded: string,
  keys: string[],
  phrase: string,
  cls: number,
  fuseIndices: ReadonlyArray<readonly [number, number]>,
): Array<[number, number]> {
  const highlights: Array<[number, number]> = [];
  if (cls === 0 && keys.length > 1) {
    let from = 0;
    for (let guard = 0; guard < 20; guard++) {
      const at = phraseAt(folded.slice(from), phrase);
      if (at < 0) break;
      highlights.push([from + at, from + at + phrase.length]);
      from = from + at + phrase.length;
    }
    if (highlights.length > 0) return highlights;
  }
  const longest = Math.max(...keys.map((key) => key.length));
  const useful = keys.filter((key) => key.length >= 3 || key.length === longest);
  for (const span of wordSpans(folded)) {
    const word = wordKey(folded, span.start, span.end);
    const matches = useful.some((key) => word.startsWith(key) || (cls === 2 && key.length >= 3 && boundedEditDistance(key, word, key.length >= 7 ? 2 : 1) <= (key.length >= 7 ? 2 : 1)));
    if (matches) highlights.push([span.start, span.end]);
    if (highlights.length >= 50) break;
  }
  if (highlights.length > 0 || cls <= 1) return highlights;
  for (const [start, end] of fuseIndices) {
    if (end + 1 - start >= 2) highlights.push([start, end + 1]);
    if (highlights.length >= 50) break;
  }
  return highlights;
}
