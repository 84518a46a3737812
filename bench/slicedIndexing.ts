// Run in a fresh process by bench/run.ts (`--only=slicing`): issue 19's "no pause". A realistic library of
// SOURCEBOOK_SLICING_MB (30 by default) is parsed, then its two indexes (passage search, quotation words) are built
// in one go — the old way: the host is held for the whole build, which is the baseline's longest pause — and in
// slices (PassageIndex.inSlices, SourceWordIndex.inSlices, both at once on one SharedPauser, as
// Sourcebook.searchReady / wordIndexReady do), once per slice length, while a 1 ms timer records how late it fires: the longest pause of the event loop, garbage
// collections included, and perf_hooks every collection (how many, how many major, the longest, their sum;
// bench/restoreCollections.ts `watched`). Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/slicedIndexing.ts 30 12,30
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { parseSource } from '../src/core/sources/sourceParser';
import { SharedPauser } from '../src/core/pauser';
import type { Source } from '../src/core/types';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';
import { cpuNow, watchPauses } from './stats';
import { watched } from './restoreCollections';

export interface SlicedRun {
  sliceMs: number;
  cpuMs: number;
  wallMs: number;
  /** The longest time the 1 ms timer waited beyond its interval, and the 99.9th percentile of its waits. */
  longestPauseMs: number;
  p999PauseMs: number;
  /** The longest wait during which the process used as much CPU (its work or its collector's: not a wait for a core). */
  longestBusyPauseMs: number;
  /** Garbage collections that paused the thread for more than 20 ms. */
  collectionsOver20Ms: number[];
  pausesOver50: number;
  /** Turns given back to the event loop. */
  yields: number;
  /** Every garbage collection meanwhile (perf_hooks 'gc' entries): how many, how many major, the longest, their sum. */
  collections: { count: number; major: number; longest: number; longestMajor: number; sum: number };
}

export interface SlicingFigures {
  bytes: number;
  sources: number;
  paragraphs: number;
  oneGo: { cpuMs: number; wallMs: number; searchMs: number; wordsMs: number };
  sliced: SlicedRun[];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (message: string) => process.stderr.write(`  [slicing] ${message}\n`);

async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? process.env.SOURCEBOOK_SLICING_MB ?? 30);
  const slices = (process.argv[3] ?? '12,30').split(',').map(Number);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  log(`generating ${megabytes} MB of realistic sources …`);
  const plan = realisticLibrary(realisticVocabulary(vocabularyOf(bundled)), megabytes * 1_000_000);
  const sources: Source[] = [...bundled.sources, ...plan.files.map((file, i) => parseSource(file, `library/${i}.md`).source!).filter(Boolean)];
  plan.files.length = 0;
  const paragraphs = sources.reduce((sum, source) => sum + source.paragraphs.length, 0);

  log('one go …');
  await settle();
  let cpu = cpuNow();
  let wall = performance.now();
  let search: PassageIndex | undefined = new PassageIndex(sources);
  const searchMs = performance.now() - wall;
  let words: SourceWordIndex | undefined = new SourceWordIndex(sources);
  const oneGo = { cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall, searchMs, wordsMs: performance.now() - wall - searchMs };
  search = undefined;
  words = undefined;

  const sliced: SlicedRun[] = [];
  for (const sliceMs of slices) {
    log(`in slices of ${sliceMs} ms …`);
    await settle();
    const watch = watchPauses(cpuNow);
    let yields = 0;
    const slice = new SharedPauser(sliceMs).pause;
    const pause = async () => {
      const before = performance.now();
      await slice();
      if (performance.now() - before > 0.05) yields++;
    };
    cpu = cpuNow();
    wall = performance.now();
    // Both at once, sharing the host's slices, as when a search and a quotation check both wait for them.
    const [built, collections] = await watched(() => Promise.all([PassageIndex.inSlices(sources, pause), SourceWordIndex.inSlices(sources, pause)]));
    [search, words] = built;
    const run = { cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall, collections };
    // The collector's pauses are told a moment after they end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pauses = watch.stop();
    search = undefined;
    words = undefined;
    sliced.push({ sliceMs, ...run, ...pauses, yields });
  }
  void search;
  void words;
  const figures: SlicingFigures = { bytes: plan.bytes, sources: sources.length, paragraphs, oneGo, sliced };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();
