// Run in a fresh process by bench/run.ts (`--only=slicing`): issue 19's "no pause". A realistic library of
// SOURCEBOOK_SLICING_MB (30 by default) is parsed, then its two indexes (passage search, quotation words) are built
// in one go — the old way: the host is held for the whole build, which is the baseline's longest pause — and in
// slices (PassageIndex.inSlices, SourceWordIndex.inSlices, both at once on one SharedPauser, as
// Sourcebook.searchReady / wordIndexReady do), once per slice length, while a 1 ms timer records how late it fires: the longest pause of the event loop, garbage
// collections included, and perf_hooks every collection (how many, how many major, the longest, their sum;
// bench/restoreCollections.ts `watched`). Then as the desktop builds them: in a worker thread
// (src/workers/indexBuilding.ts, one worker for both, the texts sent in batches between slices) and restored from its
// parts in slices — the host's thread's own CPU (its scheduler counters on Linux) against the build in
// slices of 12 ms, which does all of it there. Prints one line of JSON.
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
import { cpuNow, mainThreadCpuNow, watchPauses } from './stats';
import { watched } from './restoreCollections';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { WorkerIndexBuilder } from '../src/edge/indexBuilders';

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
  /** The host's thread's own CPU meanwhile (its JavaScript, its share of collections, messages); NaN off Linux. */
  hostBusyMs: number;
  /** Every garbage collection meanwhile (perf_hooks 'gc' entries): how many, how many major, how many set off by external memory, the longest, their sum. */
  collections: { count: number; major: number; external: number; longest: number; longestMajor: number; sum: number };
}

type WorkerRun = Omit<SlicedRun, 'sliceMs'> & { failed?: string };

export interface SlicingFigures {
  bytes: number;
  sources: number;
  paragraphs: number;
  oneGo: { cpuMs: number; wallMs: number; searchMs: number; wordsMs: number };
  sliced: SlicedRun[];
  /** Built in a worker thread and restored in slices of 12 ms on the host's thread. */
  worker: WorkerRun;
  /** The same with the parts' buffers moved to the host's thread instead of shared with it. */
  workerMoved: WorkerRun;
}

/** The worker's entry as TypeScript through tsx (the extension starts the bundled dist/indexBuilding.js). */
function startWorker(): Worker {
  const entry = path.join(__dirname, '..', 'src', 'workers', 'indexBuilding.ts');
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true });
}

/** A worker building as the entry's, but answering with the parts' buffers moved (no shared memory). */
function startWorkerMovingParts(): Worker {
  const core = path.join(__dirname, '..', 'src', 'core', 'search', 'indexBuilding.ts');
  return new Worker(
    `require(${JSON.stringify(require.resolve('tsx/cjs'))});
     const { parentPort } = require('node:worker_threads');
     const { IndexBuildJob } = require(${JSON.stringify(core)});
     const job = new IndexBuildJob((answer, move) => parentPort.postMessage(answer, move), false);
     parentPort.on('message', (request) => job.receive(request));`,
    { eval: true },
  );
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
    const thread = mainThreadCpuNow();
    // Both at once, sharing the host's slices, as when a search and a quotation check both wait for them.
    const [built, collections] = await watched(() => Promise.all([PassageIndex.inSlices(sources, pause), SourceWordIndex.inSlices(sources, pause)]));
    [search, words] = built;
    const run = { cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall, collections, hostBusyMs: mainThreadCpuNow() - thread };
    // The collector's pauses are told a moment after they end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pauses = watch.stop();
    search = undefined;
    words = undefined;
    sliced.push({ sliceMs, ...run, ...pauses, yields });
  }
  log('in a worker thread …');
  const worker = await workerRun(sources, startWorker);
  // The same, the parts' buffers moved to this thread rather than shared (as before): V8 counts a moved buffer as this
  // heap's external memory.
  log('in a worker thread, the parts moved …');
  const workerMoved = await workerRun(sources, startWorkerMovingParts);
  void search;
  void words;
  const figures: SlicingFigures = { bytes: plan.bytes, sources: sources.length, paragraphs, oneGo, sliced, worker, workerMoved };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();

/** Both indexes built by workers `start` starts and restored in slices of 12 ms on this thread. */
async function workerRun(sources: Source[], start: () => Worker): Promise<WorkerRun> {
  await settle();
  const watch = watchPauses(cpuNow);
  let yields = 0;
  const slice = new SharedPauser(12).pause;
  const pause = async () => {
    const before = performance.now();
    await slice();
    if (performance.now() - before > 0.05) yields++;
  };
  let failed: string | undefined;
  let search: PassageIndex | undefined;
  let words: SourceWordIndex | undefined;
  const builder = new WorkerIndexBuilder(start, { failed: (message) => (failed = message) });
  const cpu = cpuNow();
  const wall = performance.now();
  const thread = mainThreadCpuNow();
  // As Sourcebook.searchReady and wordIndexReady do with a builder: both asked together, one worker, restored here.
  const [, collections] = await watched(
    () =>
      Promise.all([
        builder.passageParts(sources, pause, () => {}).then(async (parts) => {
          search = parts && (await PassageIndex.fromSnapshotPartsInSlices(parts, sources, pause));
          await search?.commonPrefixSetsInSlices(pause);
        }),
        builder.wordParts(sources, pause, () => {}).then(async (parts) => {
          words = parts && (await SourceWordIndex.fromSnapshotPartsInSlices(parts, sources, [], pause));
        }),
      ]),
    // No busy chain of turns: the host's thread then has only its own work, and the worker its core.
    { turns: false },
  );
  const run = { cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall, collections, hostBusyMs: mainThreadCpuNow() - thread };
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (!search || !words) failed ??= 'an index did not restore from the worker’s parts';
  return { ...run, ...watch.stop(), yields, ...(failed ? { failed } : {}) };
}
