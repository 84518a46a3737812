// Run in a fresh process by bench/scale.ts (`--expose-gc`, a large heap): builds a library of issue 19's scale —
// books of 100,000 words, journal articles and web captures, about SOURCEBOOK_BENCH_MB of text, plus a .bib of
// 5,000 references — with the corpus's vocabulary or the realistic one, and measures what building it costs (CPU
// per phase, heap held). With `--latency` it then measures what a writer waits for at that scale: search per
// keystroke, the quotation check of a 50,000-word draft, hover, and completion over the keys, each with its
// baseline. Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/scaleLibrary.ts realistic 150 [--latency] [--quick]
import { PerformanceObserver, constants } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import { arrayPerWordIndex } from './arrayPerWordIndex';
import { pauser } from '../src/core/pauser';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { findQuotations } from '../src/core/quotations/quotationFinder';
import { parseSource } from '../src/core/sources/sourceParser';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { AuthorEntities } from '../src/core/names/authorEntities';
import { keyCompletions } from '../src/core/search/keyCompletion';
import { fold } from '../src/core/text/normalize';
import { wordSpans } from '../src/core/text/sentences';
import type { Source } from '../src/core/types';
import { Random } from './random';
import { cpuNow, measure, samples, watchPauses } from './stats';
import type { Samples } from './stats';
import { namedDraft, quotationDraft, realisticBib, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';
import type { LibraryKind } from './synthetic';

export interface Phase {
  cpuMs: number;
  wallMs: number;
}

export interface ScaleFigures {
  vocabulary: 'corpus' | 'realistic';
  /** UTF-8 bytes of the generated source files. */
  bytes: number;
  counts: Record<LibraryKind, number>;
  words: number;
  distinctWords: number;
  references: number;
  referenceProblems: number;
  passages: number;
  phases: Record<'parse' | 'bibliography' | 'authors' | 'library' | 'search' | 'wordIndex', Phase>;
  /**
   * Heap held after each step, over the heap before the files were generated: `sources` is what the parsed sources
   * keep (their text included; the files are dropped once parsed, as the extension drops them).
   */
  heap: { sources: number; library: number; indexes: number; total: number; usedAtEnd: number };
  entities: number;
  /** The quotation word index's build: garbage and collector pauses, ours and the array-per-word baseline. */
  wordIndexGc?: { ours: BuildGc; baseline: BuildGc; oursSliced: BuildGc; baselineSliced: BuildGc };
  latency?: Latency;
}

/** What one build left for the garbage collector: bytes allocated on the V8 heap, collections and their pauses. */
export interface BuildGc {
  cpuMs: number;
  allocated: number;
  collections: number;
  major: number;
  longestPauseMs: number;
  pauseMs: number;
  /**
   * A sliced build's pauses of the event loop (bench/stats.ts `watchPauses`): the longest wait of a 1 ms timer, the
   * longest counting only the process's CPU in it, how many waits were over 50 ms; and the longest CPU time between
   * two of the build's yields (its finest slice: what a shared budget can cut it to).
   */
  eventLoop?: { longestMs: number; longestBusyMs: number; over50: number; longestStepMs: number };
}

/** Garbage collections that began while measured calls ran: main-thread pauses, and the major ones. */
export interface GcFigures {
  count: number;
  pauseMs: number;
  major: number;
  majorPauseMs: number;
}

export interface Latency {
  search: { gc: GcFigures; ours: Samples; scan: Samples; scanKeystrokes: number; queries: string[]; keystrokes: number; hits: number; foundOwn: number; slowest: Array<[string, number]> };
  check: { gc: GcFigures; ours: Samples; floor: Samples; words: number; quotations: number; altered: number; statuses: Record<string, number>; quotedSources: number };
  hover: { ours: Samples; bundled: Samples; positions: number; words: number; named: number };
  completion: { ours: Samples; keysOnly: Samples; first: Samples; keys: number; typed: number };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** A full collection, then time for V8's helper threads to finish sweeping (their CPU would count next). */
function collect(): void {
  gc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
}

function log(message: string): void {
  process.stderr.write(`  [${process.argv[2]}] ${message}\n`);
}

async function phase<T>(work: () => T | Promise<T>): Promise<{ value: T; phase: Phase }> {
  collect();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, phase: { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall } };
}

/**
 * Builds with the collector watched: bytes allocated on the heap (what the heap grew by, plus what each collection
 * freed: v8.GCProfiler's before/after figures) and every collection's main-thread pause (PerformanceObserver's 'gc'
 * entries). Starts from a full collection, as `phase` does.
 */
async function buildGc<T>(work: () => T | Promise<T>): Promise<{ value: T; gc: BuildGc }> {
  collect();
  const pauses: Array<{ duration: number; kind: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ duration: entry.duration, kind: (entry as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  });
  observer.observe({ entryTypes: ['gc'] });
  const profiler = new v8.GCProfiler();
  const usedBefore = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  const usedAfter = v8.getHeapStatistics().used_heap_size;
  const profile = profiler.stop() as { statistics: Array<{ beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }> };
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  const freed = profile.statistics.reduce((sum, one) => sum + one.beforeGC.heapStatistics.usedHeapSize - one.afterGC.heapStatistics.usedHeapSize, 0);
  const major = pauses.filter((entry) => entry.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
  return {
    value,
    gc: {
      cpuMs: (used.user + used.system) / 1000,
      allocated: usedAfter - usedBefore + freed,
      collections: pauses.length,
      major: major.length,
      longestPauseMs: pauses.reduce((most, entry) => Math.max(most, entry.duration), 0),
      pauseMs: pauses.reduce((sum, entry) => sum + entry.duration, 0),
    },
  };
}

/**
 * A build in slices of 12 ms (`pauser`) with the collector watched (`buildGc`) and the event loop too (`watchPauses`):
 * its longest pauses, and the longest CPU time between two of its yields.
 */
async function watchedSliced(build: (pause: () => Promise<void>) => Promise<unknown>): Promise<BuildGc> {
  const slices = pauser();
  let longestStepMs = 0;
  let stepStart = 0;
  const pause = async (): Promise<void> => {
    longestStepMs = Math.max(longestStepMs, cpuNow() - stepStart);
    await slices();
    stepStart = cpuNow();
  };
  let watch: ReturnType<typeof watchPauses> | undefined;
  const { gc } = await buildGc(() => {
    watch = watchPauses();
    stepStart = cpuNow();
    return build(pause);
  });
  const seen = watch!.stop();
  return { ...gc, eventLoop: { longestMs: seen.longestPauseMs, longestBusyMs: seen.longestBusyPauseMs, over50: seen.pausesOver50, longestStepMs } };
}

/**
 * Watches the garbage collector while measured calls run: `during` marks a measured call; `figures` (after the
 * event loop has delivered the entries) counts the collections that began inside one. The CPU samples count the
 * collector's helper threads too; this says how much of a miss is the heap's size rather than the work.
 */
class GcWatch {
  private readonly entries: Array<{ start: number; duration: number; kind: number }> = [];
  private readonly windows: Array<[number, number]> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.entries.push({ start: entry.startTime, duration: entry.duration, kind: (entry as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  during<T>(work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.windows.push([start, performance.now()]);
    }
  }

  async figures(): Promise<GcFigures> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    this.observer.disconnect();
    const inside = this.entries.filter((entry) => this.windows.some(([start, end]) => entry.start >= start && entry.start < end));
    const major = inside.filter((entry) => entry.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    const total = (list: typeof inside): number => list.reduce((sum, entry) => sum + entry.duration, 0);
    return { count: inside.length, pauseMs: total(inside), major: major.length, majorPauseMs: total(major) };
  }
}

/** Memory in use: the V8 heap and the typed arrays' backing stores, which live outside it (the indexes are mostly those). */
function heapNow(): number {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function main(): Promise<void> {
  const vocabulary = process.argv[2] === 'corpus' ? 'corpus' : 'realistic';
  const megabytes = Number(process.argv[3] ?? 150);
  const latency = process.argv.includes('--latency');
  const quick = process.argv.includes('--quick');
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const base = vocabularyOf(bundled);
  const vocab = vocabulary === 'realistic' ? realisticVocabulary(base) : base;

  const { bib, keys } = realisticBib(vocab, 5000);
  const before = heapNow();
  log(`generating ${megabytes} MB of sources …`);
  let files: string[] | undefined = realisticLibrary(vocab, megabytes * 1_000_000).files;
  let bytes = 0;
  let words = 0;
  const distinct = new Set<string>();
  const counts: Record<LibraryKind, number> = { book: 0, article: 0, web: 0 };
  for (const file of files) {
    bytes += Buffer.byteLength(file);
    counts[/^key: (book|article|web)/m.exec(file)?.[1] as LibraryKind]++;
    for (const word of file.slice(file.indexOf('\n---\n')).toLowerCase().match(/[\p{L}’'-]+/gu) ?? []) {
      words++;
      // A copy: the match is a slice that would keep the whole lower-cased file alive (and in the heap figures).
      if (!distinct.has(word)) distinct.add([...word].join(''));
    }
  }
  const distinctWords = distinct.size;
  distinct.clear();

  log('parsing …');
  const parse = await phase(() => {
    const parsed = (files ?? []).map((file, i) => parseSource(file, `library/${i}.md`).source);
    return parsed.filter((s): s is Source => s !== undefined);
  });
  files = undefined; // the extension keeps the parsed sources, not the files' text
  const texts = [...bundled.sources, ...parse.value];
  const afterSources = heapNow();

  log('bibliography, authors, library …');
  const bibliography = await phase(() => loadReferenceFile(bib, 'library.bib'));
  const all = [...texts, ...bibliography.value.sources];
  const authors = await phase(() => new AuthorEntities().compose(bundled.entities, bundled.ambiguous, all));
  const library = await phase(() => new Library({ sources: all, entities: authors.value, ambiguous: bundled.ambiguous }));
  const afterLibrary = heapNow();

  log('search and quotation indexes …');
  const search = await phase(() => new PassageIndex(library.value.sources));
  const wordIndex = await phase(() => new SourceWordIndex(library.value.sources));
  const afterIndexes = heapNow();
  let wordIndexGc: ScaleFigures['wordIndexGc'];
  if (latency) {
    // The word index built again with the collector watched, then the array-per-word build (the baseline), each
    // dropped after: the same heap around both.
    log('quotation word index: garbage of the build, ours and the baseline …');
    const sources = library.value.sources;
    const ours = (await buildGc(() => new SourceWordIndex(sources).paragraphCount)).gc;
    const baseline = (await buildGc(async () => (await arrayPerWordIndex(sources)).words)).gc;
    // … and in slices of 12 ms with a turn of the event loop between, as the extension host builds it, the event loop
    // watched.
    const oursSliced = await watchedSliced((pause) => SourceWordIndex.inSlices(sources, pause).then((index) => index.paragraphCount));
    const baselineSliced = await watchedSliced((pause) => arrayPerWordIndex(sources, pause).then((index) => index.words));
    wordIndexGc = { ours, baseline, oursSliced, baselineSliced };
  }

  const figures: ScaleFigures = {
    vocabulary,
    bytes,
    counts,
    words,
    distinctWords,
    references: bibliography.value.sources.length,
    referenceProblems: bibliography.value.problems.length,
    passages: search.value.size,
    phases: { parse: parse.phase, bibliography: bibliography.phase, authors: authors.phase, library: library.phase, search: search.phase, wordIndex: wordIndex.phase },
    heap: { sources: afterSources - before, library: afterLibrary - afterSources, indexes: afterIndexes - afterLibrary, total: afterIndexes - before, usedAtEnd: afterIndexes },
    entities: library.value.entities.length,
    ...(wordIndexGc ? { wordIndexGc } : {}),
  };
  if (latency) figures.latency = await measureLatency(quick, vocab, bundled, texts.slice(bundled.sources.length), keys, library.value, search.value, wordIndex.value);
  console.log(JSON.stringify(figures));
}

async function measureLatency(
  quick: boolean,
  vocab: ReturnType<typeof vocabularyOf>,
  bundled: LibraryData,
  texts: Source[],
  keys: string[],
  library: Library,
  index: PassageIndex,
  wordIndex: SourceWordIndex,
): Promise<Latency> {
  const reps = (full: number, fast: number): number => (quick ? fast : full);
  const rng = new Random(19);

  // Search: "bread and roses", then phrases of three to five words from random sentences of the library, typed
  // letter by letter as a writer types them into the quick pick.
  log('search per keystroke …');
  const queries = ['bread and roses'];
  const wanted: Array<{ key: string; paragraph: number } | undefined> = [undefined];
  while (queries.length < reps(12, 4)) {
    const source = rng.pick(texts);
    const paragraph = rng.pick(source.paragraphs);
    const spans = wordSpans(paragraph.text);
    if (spans.length < 8) continue;
    const length = rng.int(3, 5);
    const first = rng.int(0, spans.length - length);
    queries.push(paragraph.text.slice(spans[first].start, spans[first + length - 1].end).toLowerCase());
    wanted.push({ key: source.meta.key, paragraph: paragraph.number });
  }
  const typed = queries.map((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)).filter((k) => !k.endsWith(' ')));
  for (const keystrokes of typed) for (const q of keystrokes) index.search(q);
  const ours = samples();
  const searchGc = new GcWatch();
  const slowest = new Map<string, number>();
  let hits = 0;
  let foundOwn = 0;
  for (let round = 0; round < reps(3, 1); round++) {
    typed.forEach((keystrokes, k) => {
      for (const q of keystrokes) {
        const found = searchGc.during(() => measure(ours, () => index.search(q)));
        slowest.set(q, Math.max(slowest.get(q) ?? 0, ours.cpu[ours.cpu.length - 1]));
        if (round === 0 && q === queries[k]) {
          if (k === 0) hits = found.length;
          const own = wanted[k];
          if (own && found.some((hit) => hit.source === own.key && hit.paragraph === own.paragraph)) foundOwn++;
        }
      }
    });
  }
  // The baseline: no index, a scan of every paragraph's folded text for the typed words (folded once, beforehand).
  const folded = library.sources.flatMap((source) => source.paragraphs.map((p) => fold(p.text)));
  const scan = samples();
  const scanned = [...typed[0], ...typed[1]];
  for (const q of scanned) {
    const words = fold(q).split(/\s+/).filter(Boolean);
    measure(scan, () => {
      let n = 0;
      for (const text of folded) if (words.every((w) => text.includes(w))) n++;
      return n;
    });
  }
  folded.length = 0;
  const search = { gc: await searchGc.figures(), ours, scan, scanKeystrokes: scanned.length, queries, keystrokes: typed.flat().length, hits, foundOwn, slowest: [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 3) };

  // The quotation check of a 50,000-word draft quoting 200 times from sources spread over the library.
  log('quotation check …');
  const step = Math.max(1, Math.floor(texts.length / 150));
  const quoted = texts.filter((_, i) => i % step === 0);
  const draft = quotationDraft(quoted, vocab, 50_000, 200);
  // The word index keeps the words of the last 256 paragraphs a check looked at, and a full check of this draft
  // looks at about 215: two other drafts quoting other paragraphs are checked before each run (not timed), so that
  // each timed check cuts its paragraphs' words afresh, as the first check after opening a draft does.
  const others = [1, 2].map((k) => quotationDraft(quoted, vocab, 50_000, 200, 50_000 + k));
  const check = samples();
  const checkGc = new GcWatch();
  const statuses: Record<string, number> = {};
  for (let r = 0; r < reps(8, 3) + 1; r++) {
    for (const other of others) new QuotationChecker(wordIndex, { format: 'markdown' }).checkAll(other.text);
    const checker = new QuotationChecker(wordIndex, { format: 'markdown' });
    collect();
    const results = r > 0 ? checkGc.during(() => measure(check, () => checker.checkAll(draft.text))) : checker.checkAll(draft.text);
    if (r === 0) for (const result of results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  }
  const floor = samples();
  for (let r = 0; r < reps(8, 3); r++) measure(floor, () => findQuotations(draft.text, { format: 'markdown' }));
  const checkFigures = { gc: await checkGc.figures(), ours: check, floor, words: draft.text.split(/\s+/).length, quotations: draft.quotations, altered: draft.altered, statuses, quotedSources: quoted.length };

  // Hover over a draft naming people of the corpus and authors of the library.
  log('hover …');
  const authors = library.entities.filter((entity) => entity.works).map((entity) => entity.name);
  const lines = namedDraft(vocab, 20_000, 0.12).map((line, i) => (i % 3 === 0 && authors.length > 0 ? `${line} ${authors[(i * 7919) % authors.length]} wrote.` : line));
  const lineAt = (n: number): string | undefined => lines[n];
  const positions: Array<{ line: number; character: number }> = [];
  while (positions.length < reps(20_000, 3000)) {
    const line = rng.int(0, lines.length - 1);
    if (lines[line].length > 0) positions.push({ line, character: rng.int(0, lines[line].length - 1) });
  }
  const alone = new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true });
  for (const p of positions.slice(0, 2000)) {
    library.entityAtPosition(lineAt, p);
    alone.entityAtPosition(lineAt, p);
  }
  const hoverOurs = samples();
  const hoverBundled = samples();
  let named = 0;
  for (let block = 0; block < positions.length; block += 1000) {
    const slice = positions.slice(block, block + 1000);
    for (const p of slice) if (measure(hoverOurs, () => library.entityAtPosition(lineAt, p))) named++;
    for (const p of slice) measure(hoverBundled, () => alone.entityAtPosition(lineAt, p));
  }
  const hover = { ours: hoverOurs, bundled: hoverBundled, positions: positions.length, words: lines.join(' ').split(/\s+/).length, named };

  // Completion after `[@` over every key of the library (5,000 references and the texts' own keys): nothing typed,
  // then ten keys typed letter by letter.
  log('completion …');
  const sources = library.sources;
  const first = samples();
  measure(first, () => keyCompletions(sources));
  const requests: string[] = [''];
  for (let k = 0; k < 10; k++) {
    const key = rng.pick(keys);
    for (let i = 1; i <= Math.min(8, key.length); i++) requests.push(key.slice(0, i));
  }
  for (const q of requests) keyCompletions(sources, q);
  const completion = samples();
  const keysOnly = samples();
  for (let r = 0; r < reps(5, 2); r++) {
    for (const q of requests) measure(completion, () => keyCompletions(sources, q));
    for (let i = 0; i < requests.length; i++) measure(keysOnly, () => sources.map((source) => ({ label: source.meta.key })));
  }
  return { search, check: checkFigures, hover, completion: { ours: completion, keysOnly, first, keys: sources.length, typed: requests.length } };
}

void main();
