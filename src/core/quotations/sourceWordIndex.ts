// The words of every source paragraph, indexed for the quotation check: for every word (folded: case, diacritics,
// curly quotes and apostrophes) the paragraphs it occurs in, as one typed array. A paragraph's own words (as
// vocabulary ids, with their offsets) are cut again from its text when a check looks at it, and the last few hundred
// are kept: a check looks at a handful of paragraphs, and the library's text is not held twice. Built once per
// library: the quotation checks of every draft and Go to Definition share it (see `Sourcebook.wordIndex`).

import type { PageSpan, Source } from '../types';
import { detached, fold } from '../text/normalize';
import { wordSpans } from '../text/sentences';
import { CitationTargets } from '../drafts/citationTargets';
import { runSteps, runStepsInSlices } from '../runSteps';

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

  // --- Snapshots (search/indexSnapshot.ts) -------------------------------------------------------------------

  /** The index as typed arrays and its words by id, for a snapshot. */
  snapshotParts(): SourceWordParts {
    const words = new Array<string>(this.vocabulary.size);
    for (const [word, id] of this.vocabulary) words[id] = word;
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
    // Each word's kept paragraphs, renumbered (a word in no kept paragraph is dropped); then the added sources' words.
    yield;
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
      restored.vocabulary.set(parts.words[id], idOf[id]);
    }
    if (restored.vocabulary.size !== keptOffsets.length) return undefined;
    keptOffsets.push(total);
    const lists: number[][] = Array.from({ length: keptOffsets.length - 1 }, () => []);
    for (let at = kept; at < count; at++) {
      restored.addWords(at, restored.sources[restored.paragraphSource[at]].paragraphs[restored.paragraphIndex[at]].text, lists);
      yield;
    }
    yield;
    restored.offsets = new Int32Array(lists.length + 1);
    restored.postings = new Int32Array(total + lists.reduce((sum, list) => sum + list.length, 0));
    yield;
    let at = 0;
    let copied = 0;
    for (let id = 0; id < lists.length; id++) {
      if (at - copied >= SNAPSHOT_RUN * 16) {
        copied = at;
        yield;
      }
      restored.offsets[id] = at;
      if (id < keptOffsets.length - 1) {
        restored.postings.set(keptPostings.subarray(keptOffsets[id], keptOffsets[id + 1]), at);
        at += keptOffsets[id + 1] - keptOffsets[id];
      }
      restored.postings.set(lists[id], at);
      at += lists[id].length;
    }
    restored.offsets[lists.length] = at;
    return restored;
  }
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
