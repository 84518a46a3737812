// Passage search for the "Insert Quotation…" quick pick: called on every keystroke as the query grows
// ("b", "br", … "bread and roses"), over the sentences and paragraphs of every source.
//
// How it works:
// - Every paragraph and every sentence is a passage. Texts are folded once (`fold`: case, diacritics, curly
//   quotes), so "Sian James" finds "Siân James" and offsets in the folded text are offsets in the original.
// - An inverted index maps each word to the passages that contain it; the words are kept sorted, so the
//   passages containing a word that starts with a query word are a range of it (the last query word is usually
//   half typed). Passages containing every query word are found by counting, rarest word first.
// - Only a few hundred of those candidates (best first by a cheap score) go to fuse.js, which ranks them; when
//   fewer than `limit` passages contain every word, passages containing some of them (or a word one or two
//   typing errors away) are added, and fuse.js decides which of those still match.
// - Ranking: the exact phrase > every word > fuzzy; within a class, fuse.js's score, then sentences before the
//   paragraph around them, then shorter texts. `PassageHit.score` is higher for better hits (3 > score > 0).
// - Sources can be added and removed one at a time (a writer's own sources change live); removed passages are
//   skipped, and the index is rebuilt when more than half of it is stale.
//
// The benchmark compares this with plain fuse.js over every passage (bench/baselines.ts).

import Fuse from 'fuse.js';
import type { Paragraph, PassageHit, Source } from '../types';
import { fold } from '../text/normalize';
import { isWordCode, sentenceSpans, wordSpans } from '../text/sentences';

export interface PassageSearchOptions {
  /** How many hits to return at most (default 20). */
  limit?: number;
}

interface Passage {
  source: string;
  paragraph: number;
  kind: 'sentence' | 'paragraph';
  /** Offset of the passage in its paragraph's text. */
  offset: number;
  text: string;
  folded: string;
  alive: boolean;
}

interface Candidate {
  id: number;
  /** 0 = exact phrase, 1 = every word, 2 = fuzzy. */
  cls: number;
  prescore: number;
}

const DEFAULT_LIMIT = 20;
/** Most candidates handed to fuse.js per keystroke. */
const FUSE_CANDIDATES = 160;
/** Most passages checked for the exact phrase per keystroke. */
const MAX_PHRASE_CHECKS = 6000;
/** Most vocabulary words compared for typing errors per query word. */
const MAX_FUZZY_WORDS = 4000;
const MAX_QUERY_WORDS = 12;
/** Passages taken for the rarest query word when even that is very common ("b", "s"). */
const MAX_FIRST_WORD_PASSAGES = 20000;

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
function boundedEditDistance(a: string, b: string, max: number): number {
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

/** A passage's prescore before its match class: paragraphs after sentences, shorter first. */
function baseScore(kind: 'sentence' | 'paragraph', length: number): number {
  return (kind === 'paragraph' ? 5e6 : 0) + Math.min(length, 4e6);
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

/** Whether a word of `folded` (apostrophes inside words ignored) starts with `key`. */
function hasWordStartingWith(folded: string, key: string): boolean {
  const first = key[0];
  let from = 0;
  for (let guard = 0; guard < 100000; guard++) {
    const at = folded.indexOf(first, from);
    if (at < 0) return false;
    if ((at === 0 || !isWordCode(folded.charCodeAt(at - 1))) && (key.length === 1 || wordKey(folded, at, Math.min(folded.length, at + key.length + 8)).startsWith(key))) {
      return true;
    }
    from = at + 1;
  }
  return false;
}

/** Finds `phrase` in `text` starting at a word boundary; -1 when absent. */
function phraseAt(text: string, phrase: string): number {
  let from = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return -1;
    if (at === 0 || !isWordCode(text.charCodeAt(at - 1))) return at;
    from = at + 1;
  }
  return -1;
}

export class PassageIndex {
  private passages: Passage[] = [];
  /**
   * Per passage: its prescore before the match class (paragraphs after sentences, shorter first), or -1 once
   * removed. Kept apart from the passage objects so a one-letter query over 100,000 passages reads one array
   * instead of chasing 100,000 objects and their strings.
   */
  private baseScores: number[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly sources = new Map<string, Source>();
  private readonly passagesBySource = new Map<string, number[]>();
  private sortedWords: string[] | undefined;
  /** `cumulative[i]` = number of postings of `sortedWords[0..i)`: an estimate of a prefix's passages. */
  private cumulative: Int32Array = new Int32Array(1);
  private deadCount = 0;
  /** Scratch per passage: how many query words were seen in it. Reset after every query. */
  private seen: Uint8Array = new Uint8Array(0);

  constructor(sources: readonly Source[] = []) {
    for (const source of sources) this.indexSource(source);
  }

  /** Passages (sentences and paragraphs) currently searchable. */
  get size(): number {
    return this.passages.length - this.deadCount;
  }

  /** Adds a source, replacing any source with the same key. */
  addSource(source: Source): void {
    if (this.sources.has(source.meta.key)) this.removeSource(source.meta.key);
    this.indexSource(source);
  }

  /** Removes the source with this key; false when there is none. */
  removeSource(key: string): boolean {
    const ids = this.passagesBySource.get(key);
    if (!ids) return false;
    for (const id of ids) {
      this.passages[id].alive = false;
      this.baseScores[id] = -1;
    }
    this.deadCount += ids.length;
    this.passagesBySource.delete(key);
    this.sources.delete(key);
    if (this.deadCount > this.passages.length / 2) this.rebuild();
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
      return { key, lo, hi, estimate: this.cumulative[hi] - this.cumulative[lo] };
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
    if (this.sources.has(key)) this.removeSource(key);
    const ids = this.beginSource(source);
    for (const paragraph of source.paragraphs) {
      // Removed, replaced, or indexed whole by a rebuild while this waited.
      if (this.passagesBySource.get(key) !== ids) return;
      this.indexParagraph(key, paragraph, ids);
      await pause();
    }
  }

  private indexSource(source: Source): void {
    const ids = this.beginSource(source);
    for (const paragraph of source.paragraphs) this.indexParagraph(source.meta.key, paragraph, ids);
  }

  /** Registers a source with no passages yet; returns its (growing) list of passage ids. */
  private beginSource(source: Source): number[] {
    const ids: number[] = [];
    this.sources.set(source.meta.key, source);
    this.passagesBySource.set(source.meta.key, ids);
    return ids;
  }

  private indexParagraph(key: string, paragraph: Paragraph, ids: number[]): void {
    const text = paragraph.text;
    const folded = fold(text);
    const sentences = sentenceSpans(text);
    const sentenceIds: number[] = [];
    for (const span of sentences) {
      const id = this.passages.length;
      this.passages.push({
        source: key,
        paragraph: paragraph.number,
        kind: 'sentence',
        offset: span.start,
        text: text.slice(span.start, span.end),
        folded: folded.slice(span.start, span.end),
        alive: true,
      });
      this.baseScores.push(baseScore('sentence', span.end - span.start));
      sentenceIds.push(id);
      ids.push(id);
    }
    let paragraphId = -1;
    if (sentences.length !== 1) {
      paragraphId = this.passages.length;
      this.passages.push({ source: key, paragraph: paragraph.number, kind: 'paragraph', offset: 0, text, folded, alive: true });
      this.baseScores.push(baseScore('paragraph', text.length));
      ids.push(paragraphId);
    }
    let s = 0;
    for (const span of wordSpans(folded)) {
      while (s < sentences.length && sentences[s].end <= span.start) s++;
      const word = wordKey(folded, span.start, span.end);
      if (word.length === 0) continue;
      let list = this.postings.get(word);
      if (!list) {
        list = [];
        this.postings.set(word, list);
      }
      const sentenceId = s < sentences.length && sentences[s].start <= span.start ? sentenceIds[s] : -1;
      if (sentenceId >= 0 && list[list.length - 1] !== sentenceId && list[list.length - 2] !== sentenceId) list.push(sentenceId);
      if (paragraphId >= 0 && list[list.length - 1] !== paragraphId && list[list.length - 2] !== paragraphId) list.push(paragraphId);
    }
    this.sortedWords = undefined;
  }

  private rebuild(): void {
    const sources = [...this.sources.values()];
    this.passages = [];
    this.baseScores = [];
    this.postings.clear();
    this.sources.clear();
    this.passagesBySource.clear();
    this.deadCount = 0;
    this.sortedWords = undefined;
    for (const source of sources) this.indexSource(source);
  }

  private vocabulary(): string[] {
    if (this.sortedWords) return this.sortedWords;
    const words = [...this.postings.keys()].sort();
    const cumulative = new Int32Array(words.length + 1);
    for (let i = 0; i < words.length; i++) cumulative[i + 1] = cumulative[i] + this.postings.get(words[i])!.length;
    this.sortedWords = words;
    this.cumulative = cumulative;
    return words;
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
    const words = this.sortedWords!;
    const order = [...ranges].sort((a, b) => a.estimate - b.estimate);
    const seen = this.seen;
    const touched: number[] = [];
    let alive = 0;
    order.forEach((range, t) => {
      if (t > 0 && range.key.length >= 2 && range.estimate > 8 * alive) {
        // A word far commoner than the candidates left (a half-typed "m"): check the candidates' texts instead
        // of walking the word's postings.
        alive = 0;
        for (const id of touched) {
          if (seen[id] !== t) continue;
          if (hasWordStartingWith(this.passages[id].folded, range.key)) {
            seen[id] = t + 1;
            alive++;
          }
        }
        return;
      }
      alive = 0;
      for (let w = range.lo; w < range.hi; w++) {
        const list = this.postings.get(words[w])!;
        for (let k = 0; k < list.length; k++) {
          const id = list[k];
          if (seen[id] !== t) continue;
          seen[id] = t + 1;
          alive++;
          if (t === 0) touched.push(id);
        }
        // A very common first word (one typed letter): enough candidates to rank; the rest would not show.
        if (t === 0 && touched.length >= MAX_FIRST_WORD_PASSAGES) break;
      }
    });
    // A one-word query: passages with the whole word rank as the "phrase".
    const EXACT = 200;
    if (!multiWord) {
      const range = ranges[0];
      if (range.lo < range.hi && words[range.lo] === range.key) {
        for (const id of this.postings.get(range.key)!) if (seen[id] === 1) seen[id] = EXACT;
      }
    }
    let count = 0;
    let phraseChecks = 0;
    const n = order.length;
    for (const id of touched) {
      const exact = seen[id] === EXACT;
      const complete = exact || seen[id] === n;
      seen[id] = 0;
      const base = this.baseScores[id];
      if (!complete || base < 0) continue;
      count++;
      let cls = 1;
      if (multiWord) {
        if (phraseChecks < MAX_PHRASE_CHECKS) {
          phraseChecks++;
          if (phraseAt(this.passages[id].folded, phrase) >= 0) cls = 0;
        }
      } else if (exact) cls = 0;
      const prescore = cls * 1e7 + base;
      if (best.accepts(prescore)) best.offer({ id, cls, prescore });
    }
    return { count, best: best.items() };
  }

  /** Passages containing some of the query words, or words close to them (typing errors): fuzzy candidates. */
  private someWordCandidates(ranges: Array<{ key: string; lo: number; hi: number; estimate: number }>, words: string[]): Candidate[] {
    const best = new BestCandidates(FUSE_CANDIDATES);
    const total = this.passages.length;
    const seen = this.seen;
    const touched: number[] = [];
    const informative = ranges.filter((range) => range.key.length >= 3 || ranges.length === 1);
    informative.forEach((range) => {
      let wordIndexes: number[] = [];
      if (range.estimate > 0 && range.estimate < total / 3) {
        for (let w = range.lo; w < range.hi; w++) wordIndexes.push(w);
      } else if (range.estimate === 0) {
        wordIndexes = this.nearWords(range.key, words);
      }
      const mark = new Set<number>();
      for (const w of wordIndexes) {
        for (const id of this.postings.get(words[w])!) {
          if (mark.has(id)) continue;
          mark.add(id);
          if (seen[id] === 0) touched.push(id);
          if (seen[id] < 255) seen[id]++;
        }
      }
    });
    for (const id of touched) {
      const matched = seen[id];
      seen[id] = 0;
      const base = this.baseScores[id];
      if (base < 0) continue;
      const prescore = (ranges.length - matched) * 1e7 + base;
      if (best.accepts(prescore)) best.offer({ id, cls: 2, prescore });
    }
    return best.items();
  }

  /** Indexes of vocabulary words within one or two edits of `key` sharing its first letter. */
  private nearWords(key: string, words: string[]): number[] {
    if (key.length < 3) return [];
    const maxEdits = key.length >= 7 ? 2 : 1;
    const lo = lowerBound(words, key[0]);
    const hi = Math.min(lowerBound(words, key[0] + '\uffff'), lo + MAX_FUZZY_WORDS);
    const found: number[] = [];
    for (let w = lo; w < hi; w++) {
      const word = words[w];
      if (Math.abs(word.length - key.length) > maxEdits) continue;
      // A half-typed last word: compare with the word's beginning too.
      const distance = Math.min(boundedEditDistance(key, word, maxEdits), boundedEditDistance(key, word.slice(0, key.length), maxEdits));
      if (distance <= maxEdits) found.push(w);
    }
    return found;
  }

  private rank(candidates: Candidate[], keys: string[], phrase: string, limit: number): PassageHit[] {
    if (candidates.length === 0) return [];
    // Fuzzy candidates: fuse.js decides which still match, and how well. Each query word is its own fuzzy term
    // (extended search, all terms required): short patterns keep fuse.js's bit-parallel matcher cheap.
    const fuzzyCandidates = candidates.filter((candidate) => candidate.cls === 2);
    const fuzzy = new Map<number, { score: number; indices: ReadonlyArray<readonly [number, number]> }>();
    if (fuzzyCandidates.length > 0) {
      const terms = keys.filter((key) => key.length >= 2);
      const fuse = new Fuse(
        fuzzyCandidates.map((candidate) => this.passages[candidate.id].folded),
        { includeScore: true, includeMatches: true, ignoreLocation: true, threshold: 0.4, minMatchCharLength: 2, shouldSort: false, useExtendedSearch: true },
      );
      for (const result of fuse.search((terms.length > 0 ? terms : keys).map((term) => term.slice(0, 32)).join(' '))) {
        fuzzy.set(fuzzyCandidates[result.refIndex].id, {
          score: result.score ?? 1,
          indices: (result.matches ?? []).flatMap((match) => match.indices),
        });
      }
    }
    type Ranked = { candidate: Candidate; passage: Passage; score: number; indices: ReadonlyArray<readonly [number, number]> };
    const ranked: Ranked[] = [];
    for (const candidate of candidates) {
      const passage = this.passages[candidate.id];
      let quality: number;
      let indices: ReadonlyArray<readonly [number, number]> = [];
      if (candidate.cls === 2) {
        const match = fuzzy.get(candidate.id);
        if (!match) continue;
        quality = 1 - match.score;
        indices = match.indices;
      } else {
        quality = closeness(passage.folded, keys, phrase, candidate.cls);
      }
      const kindBonus = passage.kind === 'sentence' ? 0.05 : 0;
      const shortness = 0.04 / (1 + passage.text.length / 200);
      const score = 2 - candidate.cls + quality * 0.9 + kindBonus + shortness;
      ranked.push({ candidate, passage, score, indices });
    }
    // A paragraph is not listed when one of its sentences matches as well.
    const bestSentenceClass = new Map<string, number>();
    for (const hit of ranked) {
      if (hit.passage.kind !== 'sentence') continue;
      const id = `${hit.passage.source}\u0000${hit.passage.paragraph}`;
      bestSentenceClass.set(id, Math.min(bestSentenceClass.get(id) ?? 3, hit.candidate.cls));
    }
    const kept = ranked.filter((hit) => {
      if (hit.passage.kind !== 'paragraph') return true;
      const sentenceClass = bestSentenceClass.get(`${hit.passage.source}\u0000${hit.passage.paragraph}`);
      return sentenceClass === undefined || sentenceClass > hit.candidate.cls;
    });
    kept.sort((a, b) => b.score - a.score || a.candidate.id - b.candidate.id);
    return kept.slice(0, limit).map((hit) => ({
      source: hit.passage.source,
      paragraph: hit.passage.paragraph,
      text: hit.passage.text,
      highlights: highlightsFor(hit.passage.folded, keys, phrase, hit.candidate.cls, hit.indices),
      score: Math.round(hit.score * 1e4) / 1e4,
      kind: hit.passage.kind,
      start: hit.passage.offset,
    }));
  }
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
