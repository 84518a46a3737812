// The words of every source paragraph, indexed for the quotation check: for every word (folded: case, diacritics,
// curly quotes and apostrophes) the paragraphs it occurs in, as one typed array. A paragraph's own words (as
// vocabulary ids, with their offsets) are cut again from its text when a check looks at it, and the last few hundred
// are kept: a check looks at a handful of paragraphs, and the library's text is not held twice. Built once per
// library: the quotation checks of every draft and Go to Definition share it (see `Sourcebook.wordIndex`).

import type { PageSpan, Source } from '../types';
import { detached, fold } from '../text/normalize';
import { wordSpans } from '../text/sentences';
import { CitationTargets } from '../drafts/citationTargets';

/** A paragraph's words: vocabulary ids and their offsets in its text. */
export interface ParagraphWords {
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
}

export interface IndexedParagraph extends ParagraphWords {
  source: Source;
  number: number;
  text: string;
  /** A PDF source's paragraph: the printed page of each stretch of its text. */
  pages?: PageSpan[];
}

/** How many paragraphs' words are kept after a check looked at them. */
const KEPT_PARAGRAPHS = 256;

/** A paragraph longer than this many words is read up to here. */
const MAX_PARAGRAPH_WORDS = 1 << 20;

/** A word's key: folded, with any combining marks (decomposed accents) removed. */
export function wordKeyOf(folded: string, start: number, end: number): string {
  const word = folded.slice(start, end);
  return /[\u0300-\u036f]/.test(word) ? word.replace(/[\u0300-\u036f]/g, '') : word;
}

/** Every word of every source paragraph, with the paragraphs each word occurs in (a typed array: 4 bytes an entry). */
export class SourceWordIndex {
  readonly sourcesByKey = new Map<string, Source>();
  private readonly vocabulary = new Map<string, number>();
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

  constructor(sources: readonly Source[]) {
    const steps = this.indexing(sources);
    while (!steps.next().done) {
      // Built in one go.
    }
  }

  /**
   * The index the constructor builds, built a paragraph at a time, awaiting `pause` after each, so a library of
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

  /** Builds the index; yields after each paragraph (0) and after each source (how many are done). */
  private *indexing(sources: readonly Source[]): Generator<number> {
    const count = sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
    this.paragraphSource = new Int32Array(count);
    this.paragraphIndex = new Int32Array(count);
    const lists: number[][] = [];
    let g = 0;
    for (const source of sources) {
      this.sourcesByKey.set(source.meta.key, source);
      const slot = this.sources.length;
      this.sources.push(source);
      const from = g;
      for (let index = 0; index < source.paragraphs.length; index++) {
        this.paragraphSource[g] = slot;
        this.paragraphIndex[g] = index;
        this.addWords(g, source.paragraphs[index].text, lists);
        g++;
        yield 0;
      }
      this.sourceRanges.set(source.meta.key, { from, to: g });
      yield this.sources.length;
    }
    this.offsets = new Int32Array(lists.length + 1);
    let total = 0;
    for (let id = 0; id < lists.length; id++) {
      this.offsets[id] = total;
      total += lists[id].length;
    }
    this.offsets[lists.length] = total;
    this.postings = new Int32Array(total);
    for (let id = 0; id < lists.length; id++) {
      this.postings.set(lists[id], this.offsets[id]);
      if (id % 8192 === 8191) yield 0;
    }
  }

  private addWords(g: number, text: string, lists: number[][]): void {
    const folded = fold(text);
    const spans = wordSpans(folded);
    const n = Math.min(spans.length, MAX_PARAGRAPH_WORDS);
    for (let i = 0; i < n; i++) {
      const key = wordKeyOf(folded, spans[i].start, spans[i].end);
      let id = this.vocabulary.get(key);
      if (id === undefined) {
        id = lists.length;
        this.vocabulary.set(detached(key), id);
        lists.push([]);
      }
      const list = lists[id];
      if (list[list.length - 1] !== g) list.push(g);
    }
  }

  /** How many paragraphs there are (global indexes 0 … count − 1). */
  get paragraphCount(): number {
    return this.paragraphSource.length;
  }

  /** Paragraph `g` (a global index) with its words, cut from its text on first use. */
  paragraph(g: number): IndexedParagraph {
    const source = this.sources[this.paragraphSource[g]];
    const { number, text, pages } = source.paragraphs[this.paragraphIndex[g]];
    const words = () => this.wordsOf(g, text);
    const paragraph = {
      source,
      number,
      text,
      get ids() {
        return words().ids;
      },
      get starts() {
        return words().starts;
      },
      get ends() {
        return words().ends;
      },
    };
    return pages ? Object.assign(paragraph, { pages }) : paragraph;
  }

  /** The words of paragraph `g`, cut again from its text (the same cut as when indexing): kept for the last few. */
  private wordsOf(g: number, text: string): ParagraphWords {
    const kept = this.recentWords.get(g);
    if (kept) {
      this.recentWords.delete(g);
      this.recentWords.set(g, kept);
      return kept;
    }
    const folded = fold(text);
    const spans = wordSpans(folded);
    const n = Math.min(spans.length, MAX_PARAGRAPH_WORDS);
    const words: ParagraphWords = { ids: new Int32Array(n), starts: new Int32Array(n), ends: new Int32Array(n) };
    for (let i = 0; i < n; i++) {
      const { start, end } = spans[i];
      words.ids[i] = this.vocabulary.get(wordKeyOf(folded, start, end)) ?? -1;
      words.starts[i] = start;
      words.ends[i] = end;
    }
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
    return this.vocabulary.get(key) ?? -1;
  }

  /** How many paragraphs hold the word (of those `within`, when given). */
  count(id: number, within?: { from: number; to: number }): number {
    return id < 0 ? 0 : this.paragraphsWith(id, within).length;
  }

  /** The paragraphs holding the word, in order (those `within`, when given: found by binary search). */
  paragraphsWith(id: number, within?: { from: number; to: number }): Int32Array {
    const all = this.postings.subarray(this.offsets[id], this.offsets[id + 1]);
    if (!within) return all;
    return all.subarray(firstAtLeast(all, within.from), firstAtLeast(all, within.to));
  }
}

/** The first place in the sorted `list` holding a value of at least `value`. */
function firstAtLeast(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
