// The search and quotation indexes built in another thread (issue 19: no pause). At 150 MB of text the host's
// thread spent about 16 of its 42 s of CPU building them itself, in slices, while the window waited its turn for one
// of two cores. Where the platform has threads (src/edge/indexBuilders.ts starts src/workers/indexBuilding.ts), the
// sources' texts go to a worker a batch at a time between slices; the worker builds the index and answers with it
// as typed arrays — the parts a snapshot keeps (indexSnapshot.ts), its buffers moved, not copied — and the host
// restores it from them in slices, as after a restart. What passes between the threads, and each side's work, is
// here; the threads themselves are the edge's.
import type { Source } from '../types';
import { pauser } from '../pauser';
import { PassageIndex } from './passageSearch';
import type { PassageIndexParts } from './passageSearch';
import type { PostingParts } from './postingLists';
import { SourceWordIndex } from '../quotations/sourceWordIndex';
import type { SourceWordParts } from '../quotations/sourceWordIndex';

/** Which index a build makes: the passage index of search, or the word index of the quotation checks. */
export type BuiltIndex = 'search' | 'quotations';

/** A source as the builder reads it: its key and its paragraphs' texts, in order. */
export interface SourceTexts {
  key: string;
  texts: string[];
}

/** Host → builder: more sources (in the library's order), then which index to build over all of them. */
export type IndexBuildRequest = { sources: SourceTexts[] } | { build: BuiltIndex };

/** A passage index's parts without its vocabulary (sent before it, a run at a time: `words`). */
export type PassagePartsWithoutWords = Omit<PassageIndexParts, 'words' | 'postings' | 'passagesAreOwn'> & { postings: Omit<PostingParts, 'poolChunks' | 'poolIsOwn'> };

/** A word index's parts without its vocabulary. */
export type WordPartsWithoutWords = Omit<SourceWordParts, 'words' | 'postingsAreOwn'>;

/**
 * Builder → host, each about one index: how many sources are done; a run of its vocabulary (words joined by a line
 * break: a word key never holds one); then its parts, or why it failed. Builds asked of one job are answered in turn.
 */
export type IndexBuildAnswer =
  | { index: BuiltIndex; done: number }
  | { index: BuiltIndex; words: string }
  | { index: 'search'; passages: PassagePartsWithoutWords; wordCount: number }
  | { index: 'quotations'; quotations: WordPartsWithoutWords; wordCount: number }
  | { index: BuiltIndex; error: string };

/** Characters of text sent to the builder between two pauses (a message is copied on the host's thread). */
export const TEXT_BATCH_CHARACTERS = 1 << 19;

/** Words of a vocabulary in one answer: one `split` on the host, about a millisecond. */
const WORDS_PER_ANSWER = 1 << 15;

/** How long the builder works between two turns of its own event loop (it has nothing else to do). */
const BUILDER_SLICE_MS = 200;

/** The library's sources as the builder reads them, in batches of about `characters` characters. */
export function* textBatches(sources: readonly Source[], characters = TEXT_BATCH_CHARACTERS): Generator<SourceTexts[]> {
  let batch: SourceTexts[] = [];
  let size = 0;
  for (const source of sources) {
    const texts = source.paragraphs.map((paragraph) => paragraph.text);
    batch.push({ key: source.meta.key, texts });
    for (const text of texts) size += text.length;
    if (size >= characters) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The builder's side: takes the sources as they come, builds the index asked for over them, and answers through
 * `answer` (each buffer of the parts moved with it). One job per build.
 */
export class IndexBuildJob {
  private readonly sources: Source[] = [];
  /** The builds asked for, one after the other. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly answer: (answer: IndexBuildAnswer, move?: ArrayBuffer[]) => void,
    /**
     * Whether the parts go on memory shared with the host (`onSharedMemory`): where SharedArrayBuffer exists — in a
     * browser only when the page is cross-origin isolated; else each buffer is moved.
     */
    private readonly shareMemory = typeof SharedArrayBuffer === 'function',
  ) {}

  receive(request: IndexBuildRequest): void {
    if ('sources' in request) {
      for (const { key, texts } of request.sources) this.sources.push(readableSource(key, texts));
      return;
    }
    const index = request.build;
    this.queue = this.queue.then(() => this.build(index).catch((error: unknown) => this.answer({ index, error: error instanceof Error ? error.message : String(error) })));
  }

  private async build(index: BuiltIndex): Promise<void> {
    const total = this.sources.length;
    let told = -1;
    const progress = (done: number) => {
      const percent = Math.floor((100 * done) / Math.max(1, total));
      if (percent === told) return;
      told = percent;
      this.answer({ index, done });
    };
    const pause = pauser(BUILDER_SLICE_MS);
    if (index === 'search') {
      const built = await PassageIndex.inSlices(this.sources, pause, progress);
      const parts = built.snapshotParts();
      const bitmaps = built.bitmapParts();
      this.answerWords(index, parts.words);
      const pool = parts.postings.pool;
      const passages: PassagePartsWithoutWords = {
        slotKeys: parts.slotKeys,
        passageParagraph: parts.passageParagraph,
        passageStart: parts.passageStart,
        passageEnd: parts.passageEnd,
        passageKind: parts.passageKind,
        paragraphSlots: parts.paragraphSlots,
        paragraphIndexes: parts.paragraphIndexes,
        wordLists: parts.wordLists,
        postings: { pool, lists: parts.postings.lists, levels: parts.postings.levels },
        bitmaps,
      };
      this.answerParts({ index, passages, wordCount: parts.words.length });
      return;
    }
    const parts = (await SourceWordIndex.inSlices(this.sources, pause, progress)).snapshotParts();
    this.answerWords(index, parts.words);
    const quotations: WordPartsWithoutWords = {
      slotKeys: parts.slotKeys,
      paragraphSource: parts.paragraphSource,
      paragraphIndex: parts.paragraphIndex,
      offsets: parts.offsets,
      postings: parts.postings,
    };
    this.answerParts({ index, quotations, wordCount: parts.words.length });
  }

  /**
   * Answers with an index's parts, their typed arrays on memory shared with the host where the platform has it
   * (`onSharedMemory`), else their buffers moved.
   */
  private answerParts(answer: Extract<IndexBuildAnswer, { wordCount: number }>): void {
    if (this.shareMemory) this.answer(onSharedMemory(answer));
    else this.answer(answer, buffersOf(answer));
  }

  private answerWords(index: BuiltIndex, words: readonly string[]): void {
    for (let from = 0; from < words.length; from += WORDS_PER_ANSWER) this.answer({ index, words: words.slice(from, from + WORDS_PER_ANSWER).join('\n') });
  }
}

/** A source holding only what the indexes read: its key and its paragraphs' texts. */
function readableSource(key: string, texts: readonly string[]): Source {
  return {
    meta: { key, title: '', author: [], type: '' },
    paragraphs: texts.map((text, i) => ({ number: i + 1, text, line: 0, kind: 'text' as const })),
    quotations: [],
    origin: '',
  };
}

/** The typed arrays in `value` (an answer: plain objects and arrays holding them), each once. */
function typedArraysIn(value: unknown, found = new Set<ArrayBufferView>()): Set<ArrayBufferView> {
  if (ArrayBuffer.isView(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) typedArraysIn(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) typedArraysIn(item, found);
  return found;
}

/** The distinct buffers under the typed arrays in `value` (a buffer listed twice cannot be moved). */
function buffersOf(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const view of typedArraysIn(value)) if (view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  return [...buffers];
}

/** A typed array's constructor, as `new Kind(buffer, byteOffset, length)` takes it. */
type TypedArrayKind = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;

/**
 * `value` with each of its typed arrays copied onto a SharedArrayBuffer: views of one buffer onto one shared copy
 * of the span they cover (a grown array's unused tail stays behind), so views that overlapped still do. A buffer moved
 * to the host counts there as the heap's external memory, and the ~200 MB of a 150 MB library's parts arriving at once
 * made V8 run full, atomic collections on the host's thread for it (28–91 ms each, "external memory", in the real
 * extension host); memory shared between threads is not counted so (V8 accounts a shared backing store to no
 * isolate). The builder copies, on its own thread; once it is ended the host's arrays are the only ones.
 */
export function onSharedMemory<T>(value: T): T {
  const spans = new Map<ArrayBufferLike, { from: number; to: number }>();
  for (const view of typedArraysIn(value)) {
    const span = spans.get(view.buffer);
    const from = view.byteOffset - (view.byteOffset % 8);
    const to = view.byteOffset + view.byteLength;
    if (!span) spans.set(view.buffer, { from, to });
    else spans.set(view.buffer, { from: Math.min(span.from, from), to: Math.max(span.to, to) });
  }
  const copies = new Map<ArrayBufferLike, SharedArrayBuffer>();
  for (const [buffer, { from, to }] of spans) {
    const copy = new SharedArrayBuffer(to - from);
    new Uint8Array(copy).set(new Uint8Array(buffer, from, to - from));
    copies.set(buffer, copy);
  }
  const copied = (item: unknown): unknown => {
    if (ArrayBuffer.isView(item)) {
      const view = item as ArrayBufferView & { length: number };
      const Kind = view.constructor as TypedArrayKind;
      return new Kind(copies.get(view.buffer)!, view.byteOffset - spans.get(view.buffer)!.from, view.length);
    }
    if (Array.isArray(item)) return item.map(copied);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, copied(entry)]));
    return item;
  };
  return copied(value) as T;
}

/**
 * The host's side of one build: gathers the answers as they come (the worker's messages arrive together, all handled
 * in one turn of the host's loop, so nothing is done with them then); once `complete`, `passages` or `quotations`
 * gives the parts, the vocabulary split a run per slice. The parts' buffers were moved to this thread: nothing else
 * holds them, so a restore reads them in place instead of copying them.
 */
export class BuiltParts {
  private readonly wordRuns: string[] = [];
  private built: Extract<IndexBuildAnswer, { passages: unknown } | { quotations: unknown }> | undefined;

  /** Takes a run of the vocabulary or the parts (progress and errors are the caller's). */
  add(answer: IndexBuildAnswer): void {
    if ('words' in answer) this.wordRuns.push(answer.words);
    else if ('passages' in answer || 'quotations' in answer) this.built = answer;
  }

  /** Whether the index's parts came. */
  get complete(): boolean {
    return this.built !== undefined;
  }

  /** The search index's parts, its vocabulary split awaiting `pause` after each run; undefined when they do not hold together. */
  async passages(pause: () => Promise<void>): Promise<PassageIndexParts | undefined> {
    const built = this.built;
    if (!built || !('passages' in built)) return undefined;
    const words = await this.words(built.wordCount, pause);
    return words && { ...built.passages, words, postings: { ...built.passages.postings, poolIsOwn: true }, passagesAreOwn: true };
  }

  /** The word index's parts, as `passages`. */
  async quotations(pause: () => Promise<void>): Promise<SourceWordParts | undefined> {
    const built = this.built;
    if (!built || !('quotations' in built)) return undefined;
    const words = await this.words(built.wordCount, pause);
    return words && { ...built.quotations, words, postingsAreOwn: true };
  }

  private async words(count: number, pause: () => Promise<void>): Promise<string[] | undefined> {
    const words: string[] = [];
    for (const run of this.wordRuns) {
      for (const word of run.split('\n')) words.push(word);
      await pause();
    }
    return words.length === count ? words : undefined;
  }
}

/**
 * Builds the indexes somewhere other than the host's thread: each method gives the index's parts built over
 * `sources` (in that order), sending their texts between awaits of `pause` and telling `progress` how many sources
 * are done; undefined when it cannot (the index is then built on the host's thread, in slices).
 */
export interface IndexBuilder {
  passageParts(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<PassageIndexParts | undefined>;
  wordParts(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<SourceWordParts | undefined>;
}
