// Run in a fresh process by bench/run.ts (`--only=names`): issue 19's "no pause" for name discovery. A realistic
// library of SOURCEBOOK_NAMES_MB (3 by default) is parsed, then read for names as the extension reads it (one source at
// a time, 400 ms of reading each, a shared 12 ms slice budget on the host) twice in the same process: in the
// desktop's worker thread (dist/nameDiscovery.js when built, else the TypeScript entry through tsx), then on this
// thread in slices (the browser's way, and the desktop's before) — compromise's first load (dist/compromise.js) included
// in each. A 1 ms timer records how late it fires on this thread: its longest pause, and the longest during which
// this thread itself was busy. Prints one line of JSON.
//
//   node --expose-gc --import tsx bench/nameDiscovery.ts 3
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { loadNlp } from '../src/core/names/discoverEntities';
import type { Nlp } from '../src/core/names/discoverEntities';
import { InThreadNameReader } from '../src/core/names/nameReader';
import type { NameReader } from '../src/core/names/nameReader';
import { WorkerNameReader } from '../src/edge/nameReaders';
import { parseSource } from '../src/core/sources/sourceParser';
import { SharedPauser } from '../src/core/pauser';
import { INDEX_SLICE_MS } from '../src/core/sourcebook';
import type { Source } from '../src/core/types';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';
import { watchPauses } from './stats';

const IDLE_MS = 5000;
/** As src/features/ownSources.ts gives each source. */
const MS_PER_SOURCE = 400;

export interface NameDiscoveryRun {
  /** `idle`: the timer alone for a few seconds, nothing read (the machine's own noise: the baseline). */
  where: 'worker' | 'host' | 'idle';
  wallMs: number;
  /** The longest time the 1 ms timer waited beyond its interval on this thread, and the 99.9th percentile. */
  longestPauseMs: number;
  p999PauseMs: number;
  pausesOver50: number;
  /** The longest wait during which this thread used as much CPU itself (10 ms ticks): its own work or collector's. */
  longestBusyPauseMs: number;
  /** Garbage collections of this thread over 20 ms. */
  collectionsOver20Ms: number[];
  sightings: number;
  truncated: number;
}

export interface NameDiscoveryFigures {
  bytes: number;
  sources: number;
  worker: string;
  runs: NameDiscoveryRun[];
}

const ROOT = path.join(__dirname, '..');
const BUILT = path.join(ROOT, 'dist', 'nameDiscovery.js');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (message: string) => process.stderr.write(`  [names] ${message}\n`);

/** compromise as the extension host loads it: the built chunk dist/compromise.js (else through tsx). */
async function loadBuiltNlp(): Promise<Nlp> {
  const chunk = path.join(ROOT, 'dist', 'compromise.js');
  if (!fs.existsSync(chunk)) return loadNlp();
  const module = (await import(chunk)) as { default?: Nlp } & Nlp;
  return typeof module.default === 'function' ? module.default : module;
}

/**
 * This thread's own CPU time (Linux: /proc/self/task/<pid>/stat, in 10 ms ticks), so that a wait during which
 * this thread did nothing (the worker, or another process, had the core) is not counted as its pause.
 */
function threadCpuMs(): number {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function startWorker(): Worker {
  if (fs.existsSync(BUILT)) return new Worker(BUILT);
  const entry = path.join(ROOT, 'src', 'workers', 'nameDiscovery.ts');
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true });
}

async function measure(where: NameDiscoveryRun['where'], sources: readonly Source[]): Promise<NameDiscoveryRun> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const pause = new SharedPauser(INDEX_SLICE_MS).pause;
  const failures: string[] = [];
  const reader: NameReader | undefined =
    where === 'worker'
      ? new WorkerNameReader(startWorker, () => new InThreadNameReader(pause), { failed: (message) => failures.push(message) })
      : where === 'host'
        ? new InThreadNameReader(pause, undefined, loadBuiltNlp)
        : undefined;
  const watch = watchPauses(threadCpuMs);
  const started = performance.now();
  let sightings = 0;
  let truncated = 0;
  if (!reader) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  else {
    for (const source of sources) {
      await pause();
      const read = await reader.read(source, MS_PER_SOURCE);
      sightings += read.sightings.length;
      if (read.truncated) truncated++;
    }
  }
  const wallMs = performance.now() - started;
  const pauses = watch.stop();
  reader?.dispose();
  if (failures.length > 0) throw new Error(`the worker failed: ${failures.join('; ')}`);
  return { where, wallMs, ...pauses, sightings, truncated };
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? process.env.SOURCEBOOK_NAMES_MB ?? 3);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  log(`generating ${megabytes} MB of realistic sources …`);
  const plan = realisticLibrary(realisticVocabulary(vocabularyOf(bundled)), megabytes * 1_000_000);
  const sources = plan.files.map((file, i) => parseSource(file, `library/${i}.md`).source).filter((source): source is Source => source !== undefined);
  const runs: NameDiscoveryRun[] = [];
  // The worker first: this thread has not loaded compromise yet, as in the extension host.
  for (const where of ['idle', 'worker', 'host'] as const) {
    log(where === 'idle' ? `the timer alone for ${IDLE_MS / 1000} s …` : `reading ${sources.length} sources for names (${where === 'worker' ? 'worker thread' : 'this thread, in slices'}) …`);
    runs.push(await measure(where, sources));
  }
  const figures: NameDiscoveryFigures = { bytes: plan.bytes, sources: sources.length, worker: fs.existsSync(BUILT) ? 'dist/nameDiscovery.js' : 'src/workers/nameDiscovery.ts (tsx)', runs };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();
