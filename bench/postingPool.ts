// Run in a fresh process by bench/run.ts (`--only=pool`): the search index's posting pool while a realistic library
// of SOURCEBOOK_POOL_MB (30 by default) is indexed in slices on the host's shared 12 ms budget (as
// PassageIndex.inSlices does), with the pool kept in chunks (src/core/search/postingLists.ts) and, as the baseline in
// the same run, the pool that grew by copying itself (bench/copyingPostingLists.ts). Measured: the longest single
// call to the pool's `allocate` (where it grows) and `trim`, and the event loop's longest pause while the index is
// built — as a 1 ms timer sees it, and its busy part (the CPU the process used meanwhile). Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/postingPool.ts 30
import { PerformanceObserver } from 'node:perf_hooks';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { PostingLists } from '../src/core/search/postingLists';
import { SharedPauser } from '../src/core/pauser';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { CopyingPostingLists } from './copyingPostingLists';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

export interface PoolRun {
  pool: 'chunks' | 'copying';
  /** The longest single `allocate` (a block for a list; the pool grows there) and the `trim` at the end. */
  longestAllocateMs: number;
  trimMs: number;
  longestPauseMs: number;
  longestBusyPauseMs: number;
  /** The longest garbage collection meanwhile (a block the pool's growth may set off, or not). */
  longestCollectionMs: number;
  /** Calls to `allocate` that took over 2 ms. */
  allocatesOver2Ms: number;
  wallMs: number;
  cpuMs: number;
}

export interface PoolFigures {
  bytes: number;
  sources: number;
  poolBytes: number;
  runs: PoolRun[];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (message: string) => process.stderr.write(`  [pool] ${message}\n`);

function cpuNow(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

interface Timed {
  longest: number;
  over2: number;
  trim: number;
}

/** Times every `allocate` and `trim` of a pool class (the same wrapper on both, so its cost is the same). */
function timed(pool: { prototype: object }, into: Timed): void {
  const proto = pool.prototype as { allocate(capacity: number): number; trim(): void };
  const allocate = proto.allocate;
  const trim = proto.trim;
  proto.allocate = function (this: unknown, capacity: number): number {
    const start = performance.now();
    const block = allocate.call(this, capacity);
    const ms = performance.now() - start;
    into.longest = Math.max(into.longest, ms);
    if (ms > 2) into.over2++;
    return block;
  };
  proto.trim = function (this: unknown): void {
    const start = performance.now();
    trim.call(this);
    into.trim = performance.now() - start;
  };
}

/** What `PassageIndex.inSlices` does, with `postings` as the index's pool. */
interface Inside {
  postings: { trim(): void; parts?(): { pool: Uint8Array } };
  passages: { trim(): void; length: number };
  letters: { trim(length: number): void };
  beginSource(source: Source): number;
  indexParagraph(slot: number, paragraph: number): void;
  vocabularyInSlices(pause: () => Promise<void>): Promise<void>;
}

async function build(sources: readonly Source[], postings: Inside['postings'], pause: () => Promise<void>): Promise<PassageIndex> {
  const index = new PassageIndex();
  const inside = index as unknown as Inside;
  inside.postings = postings;
  for (const source of sources) {
    const slot = inside.beginSource(source);
    for (let p = 0; p < source.paragraphs.length; p++) {
      inside.indexParagraph(slot, p);
      await pause();
    }
  }
  inside.passages.trim();
  inside.postings.trim();
  inside.letters.trim(inside.passages.length);
  await inside.vocabularyInSlices(pause);
  return index;
}

async function run(pool: PoolRun['pool'], sources: readonly Source[], times: Timed): Promise<{ run: PoolRun; poolBytes: number }> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
  times.longest = 0;
  times.trim = 0;
  times.over2 = 0;
  let collection = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collection = Math.max(collection, entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  let longest = 0;
  let busiest = 0;
  let last = performance.now();
  let lastCpu = cpuNow();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuNow();
    longest = Math.max(longest, now - last - 1);
    busiest = Math.max(busiest, Math.min(now - last - 1, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
  }, 1);
  const cpu = cpuNow();
  const wall = performance.now();
  const postings = pool === 'chunks' ? new PostingLists() : new CopyingPostingLists();
  const index = await build(sources, postings, new SharedPauser(12).pause);
  const figures = { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
  clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const poolBytes = postings.parts().pool.length;
  void index;
  return { run: { pool, longestAllocateMs: times.longest, trimMs: times.trim, longestPauseMs: longest, longestBusyPauseMs: busiest, longestCollectionMs: collection, allocatesOver2Ms: times.over2, ...figures }, poolBytes };
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? process.env.SOURCEBOOK_POOL_MB ?? 30);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  log(`generating ${megabytes} MB of realistic sources …`);
  const plan = realisticLibrary(realisticVocabulary(vocabularyOf(bundled)), megabytes * 1_000_000);
  const sources: Source[] = [...bundled.sources, ...plan.files.map((file, i) => parseSource(file, `library/${i}.md`).source!).filter(Boolean)];
  plan.files.length = 0;
  const times: Timed = { longest: 0, over2: 0, trim: 0 };
  timed(PostingLists, times);
  timed(CopyingPostingLists, times);
  const runs: PoolRun[] = [];
  let poolBytes = 0;
  // Each twice, alternating, so neither is always the one built on a fresher heap.
  for (const pool of ['copying', 'chunks', 'copying', 'chunks'] as const) {
    log(`${pool} …`);
    const result = await run(pool, sources, times);
    runs.push(result.run);
    poolBytes = result.poolBytes;
  }
  const figures: PoolFigures = { bytes: plan.bytes, sources: sources.length, poolBytes, runs };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();
