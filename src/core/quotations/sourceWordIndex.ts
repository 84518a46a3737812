// The words of every source paragraph, indexed for the quotation check: each paragraph cut into words (folded:
// case, diacritics, curly quotes and apostrophes), kept as vocabulary ids, and for every word the paragraphs it
// occurs in (typed arrays: about 16 bytes per word of the library, compact at 1,000 sources). Built once per
// library (1.2 s at 1,000 sources): the quotation checks of every draft and Go to Definition share it (see
// `Sourcebook.wordIndex`).

import type { PageSpan, Paragraph, Source } from '../types';
import { fold } from '../text/normalize';
import { wordSpans } from '../text/sentences';
import { CitationTargets } from '../drafts/citationTargets';

export interface IndexedParagraph {
  source: Source;
  number: number;
  text: string;
  /** The paragraph's words as vocabulary ids. */
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** A PDF source's paragraph: the printed page of each stretch of its text. */
  pages?: PageSpan[];
}

/** A paragraph longer than this many words is read up to here. */
const MAX_PARAGRAPH_WORDS = 1 << 20;

/** A word's key: folded, with any combining marks (decomposed accents) removed. */
export function wordKeyOf(folded: string, start: number, end: number): string {
  const word = folded.slice(start, end);
  return /[\u0300-\u036f]/.test(word) ? word.replace(/[\u0300-\u036f]/g, '') : word;
}

/**
 * Every word of every source paragraph, as vocabulary ids, with the paragraphs each word occurs in (compact typed
 * arrays: about 16 bytes per word of the library).
 */
export class SourceWordIndex {
  readonly paragraphs: IndexedParagraph[] = [];
  readonly sourcesByKey = new Map<string, Source>();
  private readonly vocabulary = new Map<string, number>();
  private readonly paragraphIndex = new Map<string, number>();
  /** Each source's paragraphs: indexes `[from, to)` into `paragraphs` (a source's paragraphs are added together). */
  private readonly sourceRanges = new Map<string, { from: number; to: number }>();
  private offsets: Int32Array;
  /** For each vocabulary id in turn, the paragraphs (indexes into `paragraphs`) holding the word, each once. */
  private postings: Int32Array;

  constructor(sources: readonly Source[]) {
    const lists: number[][] = [];
    for (const source of sources) {
      this.sourcesByKey.set(source.meta.key, source);
      const from = this.paragraphs.length;
      for (const paragraph of source.paragraphs) this.addParagraph(source, paragraph, lists);
      this.sourceRanges.set(source.meta.key, { from, to: this.paragraphs.length });
    }
    this.offsets = new Int32Array(lists.length + 1);
    let total = 0;
    for (let id = 0; id < lists.length; id++) {
      this.offsets[id] = total;
      total += lists[id].length;
    }
    this.offsets[lists.length] = total;
    this.postings = new Int32Array(total);
    for (let id = 0; id < lists.length; id++) this.postings.set(lists[id], this.offsets[id]);
  }

  private addParagraph(source: Source, { number, text, pages }: Paragraph, lists: number[][]): void {
    const g = this.paragraphs.length;
    const folded = fold(text);
    const spans = wordSpans(folded).slice(0, MAX_PARAGRAPH_WORDS);
    const ids = new Int32Array(spans.length);
    spans.forEach((span, i) => {
      const key = wordKeyOf(folded, span.start, span.end);
      let id = this.vocabulary.get(key);
      if (id === undefined) {
        id = lists.length;
        this.vocabulary.set(key, id);
        lists.push([]);
      }
      ids[i] = id;
      const list = lists[id];
      if (list[list.length - 1] !== g) list.push(g);
    });
    const starts = Int32Array.from(spans, (span) => span.start);
    const ends = Int32Array.from(spans, (span) => span.end);
    this.paragraphs.push(pages ? { source, number, text, ids, starts, ends, pages } : { source, number, text, ids, starts, ends });
    this.paragraphIndex.set(`${source.meta.key}\u0000${number}`, g);
  }

  private targets: CitationTargets | undefined;

  /** Which sources a citation names (drafts/citationTargets.ts), built once per index. */
  citationTargets(): CitationTargets {
    this.targets ??= new CitationTargets([...this.sourcesByKey.values()].map((source) => source.meta));
    return this.targets;
  }

  /** The paragraphs of source `key`: indexes `[from, to)` into `paragraphs`. */
  paragraphsOf(key: string): { from: number; to: number } | undefined {
    return this.sourceRanges.get(key);
  }

  paragraphAt(key: string, number: number): number | undefined {
    return this.paragraphIndex.get(`${key}\u0000${number}`);
  }

  private votes: Uint8Array | undefined;

  /** Per-paragraph vote counters for locating a quotation; left all zero after each use. */
  scratchVotes(): Uint8Array {
    this.votes ??= new Uint8Array(this.paragraphs.length);
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
