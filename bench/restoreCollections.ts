// A restart's restore of the indexes in slices of the shared budget, old code against this checkout's, alternating in
// one process: the garbage collections it sets off (counted with perf_hooks: how many, how many major, the longest,
// their sum), the longest turn of the event loop (wall clock and CPU), the restore's CPU, and the memory the restored
// indexes keep (heap and array buffers after a full collection, the indexes alive). The old code reads the snapshot
// whole (`vscode.workspace.fs.readFile` as the host did); this checkout's reads it as the desktop's store does now
// (src/edge/snapshotFileReader.ts: a range at a time, the posting lists into buffers of their own) — set WHOLE=1 to
// read it whole with this checkout's code too. The old code is a copy of another commit's src, e.g. main's:
//
//   mkdir -p /tmp/old && git archive main src test/unit/helpers | tar -x -C /tmp/old && cp -r src/generated /tmp/old/src/
//   node --max-old-space-size=8192 --import tsx bench/prepStartRoot.ts 150 /tmp/start150
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/restoreCollections.ts /tmp/start150 /tmp/old 4
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import * as NewSnap from '../src/core/search/indexSnapshot';
import * as NewPauser from '../src/core/pauser';
import { OwnSourceFiles } from '../src/core/sources/ownSourcesLoader';
import { openFromStore } from '../src/core/search/snapshotKeeper';
import { openSnapshotFile } from '../src/edge/snapshotFileReader';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
export const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Full collections until the array buffers freed are given back, and their reports are delivered (not counted). */
export async function settled(): Promise<void> {
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Collections {
  count: number;
  major: number;
  /** Collections V8 started for the array buffers' memory outside the heap (their flags say "all external memory"). */
  external: number;
  longest: number;
  longestMajor: number;
  sum: number;
}

/**
 * The collections during `work`, and the longest turn of the event loop meanwhile (wall clock, CPU). The turns are
 * timed by a `setImmediate` chain that keeps the thread busy: `{ turns: false }` leaves it out (the thread's own CPU
 * is then its work's; both turn figures 0).
 */
export async function watched<T>(work: () => Promise<T>, { turns = true } = {}): Promise<[T, Collections, number, number]> {
  const seen: Collections = { count: 0, major: 0, external: 0, longest: 0, longestMajor: 0, sum: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind, flags = 0 } = (entry as unknown as { detail?: { kind?: number; flags?: number } }).detail ?? {};
      seen.count++;
      if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) seen.external++;
      seen.sum += entry.duration;
      seen.longest = Math.max(seen.longest, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        seen.major++;
        seen.longestMajor = Math.max(seen.longestMajor, entry.duration);
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let running = true;
  let lastWall = performance.now();
  let lastCpu = cpuNow();
  let wall = 0;
  let cpu = 0;
  const turn = (): void => {
    const nowWall = performance.now();
    const nowCpu = cpuNow();
    wall = Math.max(wall, nowWall - lastWall);
    cpu = Math.max(cpu, nowCpu - lastCpu);
    lastWall = nowWall;
    lastCpu = nowCpu;
    if (running) setImmediate(turn);
  };
  if (turns) setImmediate(turn);
  const value = await work();
  await new Promise((resolve) => setImmediate(resolve));
  running = false;
  // The observer is told of the last collections in a later turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return [value, seen, wall, cpu];
}

async function main(): Promise<void> {
  const root = process.argv[2];
  const OLD = path.resolve(process.argv[3], 'src/core');
  const rounds = Number(process.argv[4] ?? 3);
  const Old = {
    Snap: (await import(`${OLD}/search/indexSnapshot.ts`)) as typeof NewSnap,
    Pauser: (await import(`${OLD}/pauser.ts`)) as typeof NewPauser,
  };
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const query = await readFile(path.join(root, 'query.txt'), 'utf8');
  const file = path.join(root, 'with-files.bin');
  const own = new OwnSourceFiles(new NodeFileSystem());
  await own.loadAll([path.join(root, 'library')]);
  const hashes = own.hashes();
  const mine = own.resolve(new Set(bundled.sources.map((s) => s.meta.key))).sources;
  const library = [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
  const whole = process.env.WHOLE === '1';
  const results: Record<string, Array<Record<string, number>>> = { old: [], new: [] };
  let answers = '';
  const only = process.env.ONLY;
  for (let round = 0; round < rounds; round++) {
    for (const name of ['old', 'new'] as const) {
      if (only && only !== name) continue;
      await settled();
      const before = process.memoryUsage();
      const row = await restart(name, before);
      const answer = row.answer;
      if (answers && answer !== answers) throw new Error(`${name}: the first search answers otherwise`);
      answers = answer;
      results[name].push(row.figures);
      process.stderr.write(`${name} ${JSON.stringify(row.figures)}  load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}\n`);
    }
  }

  /** One restore, its figures, and its first search's answer (the indexes are kept only until it returns). */
  async function restart(name: 'old' | 'new', before: NodeJS.MemoryUsage): Promise<{ figures: Record<string, number>; answer: string }> {
    const slices = new (name === 'old' ? Old : { Pauser: NewPauser }).Pauser.SharedPauser(12);
    const cpuBefore = cpuNow();
    const [restored, collections, longestWall, longestCpu] = await watched(async () => {
      if (name === 'old' || whole) {
        const bytes = await readFile(file);
        const Snap = name === 'old' ? Old.Snap : NewSnap;
        const opened = await Snap.OpenedSnapshot.openInSlices(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), slices.pause);
        return opened!.restore(library, slices.pause);
      }
      const store = { get: () => readFile(file), set: async () => undefined, reader: () => openSnapshotFile(file) };
      return (await openFromStore(store, slices.pause))!.restore(library, slices.pause);
    });
    const restoreCpu = cpuNow() - cpuBefore;
    const answer = JSON.stringify(restored!.passages!.search(query));
    await settled();
    const after = process.memoryUsage();
    const figures: Record<string, number> = {
      restoreCpu,
      longestTurnWall: longestWall,
      longestTurnCpu: longestCpu,
      collections: collections.count,
      major: collections.major,
      longestCollection: collections.longest,
      longestMajor: collections.longestMajor,
      collectionsMs: collections.sum,
      keptHeapMB: (after.heapUsed - before.heapUsed) / 1e6,
      keptBuffersMB: (after.arrayBuffers - before.arrayBuffers) / 1e6,
    };
    for (const k of Object.keys(figures)) figures[k] = Math.round(figures[k] * 10) / 10;
    return { figures, answer };
  }
  console.log(JSON.stringify(results));
}
if (process.argv[1]?.endsWith('restoreCollections.ts')) void main();
