// A restart with the writer's files kept in the snapshot, in one process, old code against this checkout's,
// alternating: each phase's CPU (read, open, files taken, indexes restored, first search, first quotation check) and
// the longest turn (CPU) of the event loop while the snapshot is opened and restored in slices of the shared budget.
// The old code is a copy of another commit's src (and test/unit/helpers), e.g. main's:
//
//   mkdir -p /tmp/old && git archive main src test/unit/helpers | tar -x -C /tmp/old && cp -r src/generated /tmp/old/src/
//   node --max-old-space-size=8192 --import tsx bench/prepStartRoot.ts 150 /tmp/start150
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/restoreAlternating.ts /tmp/start150 /tmp/old 4
//
// TRACE_STEPS=1 names each step of the restore that took over 30 ms of CPU between two pauses.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import * as NewSnap from '../src/core/search/indexSnapshot';
import * as NewOwn from '../src/core/sources/ownSourcesLoader';
import * as NewPauser from '../src/core/pauser';
import * as NewChecker from '../src/core/quotations/quotationChecker';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function cpu<T>(work: () => T | Promise<T>): Promise<[T, number]> { const c = cpuNow(); const v = await work(); return [v, cpuNow() - c]; }

async function pauseOf(work: () => Promise<unknown>): Promise<number> {
  let running = true; let lastCpu = cpuNow(); let max = 0;
  const turn = () => { const now = cpuNow(); max = Math.max(max, now - lastCpu); lastCpu = now; if (running) setImmediate(turn); };
  setImmediate(turn);
  await new Promise((r) => setTimeout(r, 5));
  max = 0;
  await work();
  await new Promise((r) => setImmediate(r));
  running = false;
  return max;
}

async function main(): Promise<void> {
  const root = process.argv[2];
  const OLD = path.resolve(process.argv[3], 'src/core');
  const rounds = Number(process.argv[4] ?? 3);
  const Old = {
    Snap: (await import(`${OLD}/search/indexSnapshot.ts`)) as typeof NewSnap,
    Own: (await import(`${OLD}/sources/ownSourcesLoader.ts`)) as typeof NewOwn,
    Pauser: (await import(`${OLD}/pauser.ts`)) as typeof NewPauser,
    Checker: (await import(`${OLD}/quotations/quotationChecker.ts`)) as typeof NewChecker,
  };
  const New = { Snap: NewSnap, Own: NewOwn, Pauser: NewPauser, Checker: NewChecker };
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const query = await readFile(path.join(root, 'query.txt'), 'utf8');
  const draft = await readFile(path.join(root, 'draft.txt'), 'utf8');
  const folder = path.join(root, 'library');
  const results: Record<string, Array<Record<string, number>>> = { old: [], new: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, M] of [['old', Old], ['new', New]] as const) {
      gc();
      const row: Record<string, number> = {};
      const [bytes, read] = await cpu(() => readFile(path.join(root, 'with-files.bin')));
      row.read = read;
      const [opened, open] = await cpu(() => M.Snap.OpenedSnapshot.open(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))!);
      row.open = open;
      const own = new M.Own.OwnSourceFiles(new NodeFileSystem());
      [, row.load] = await cpu(() => own.loadAll([folder], opened.knownFiles()));
      const hashes = own.hashes();
      const mine = own.resolve(new Set(bundled.sources.map((s) => s.meta.key))).sources;
      const library = [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
      const [restored, restore] = await cpu(() => opened.restore(library));
      row.restore = restore;
      [, row.search] = await cpu(() => restored!.passages!.search(query));
      [, row.check] = await cpu(() => new M.Checker.QuotationChecker(restored!.words!, { format: 'markdown' }).checkAll(draft));
      row.total = row.read + row.open + row.load + row.restore + row.search + row.check;
      const slices = new M.Pauser.SharedPauser(12);
      let last = cpuNow();
      const pause = async () => {
        const ms = cpuNow() - last;
        if (ms > 30 && process.env.TRACE_STEPS) process.stderr.write(`  STEP ${ms.toFixed(0)} ms ${new Error().stack?.split('\n').slice(2, 4).join(' | ').replace(/\/work\/wt-restore\/src\/core\//g, '')}\n`);
        await slices.pause();
        last = cpuNow();
      };
      row.longestPause = await pauseOf(async () => (await M.Snap.OpenedSnapshot.openInSlices(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), pause))!.restore(library, pause));
      for (const k of Object.keys(row)) row[k] = Math.round(row[k]);
      results[name].push(row);
      process.stderr.write(`${name} ${JSON.stringify(row)}  load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}\n`);
    }
  }
  console.log(JSON.stringify(results));
}
void main();
