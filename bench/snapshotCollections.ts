// Taking a snapshot of a large library in slices of the shared budget, old code against this checkout's, alternating
// in one process: the garbage collections it sets off (perf_hooks: how many, how many major, the longest, their sum),
// the longest turn of the event loop (wall clock and CPU) and the CPU, over the same indexes and files; the two
// snapshots must be the same bytes. The indexes are restored from the root's snapshot (bench/prepStartRoot.ts); the
// old code is a copy of another commit's src (see bench/restoreCollections.ts):
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/snapshotCollections.ts /tmp/start150 /tmp/old 4
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import * as NewSnap from '../src/core/search/indexSnapshot';
import { SharedPauser } from '../src/core/pauser';
import { OwnSourceFiles } from '../src/core/sources/ownSourcesLoader';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';
import { cpuNow, settled, watched } from './restoreCollections';

async function main(): Promise<void> {
  const root = process.argv[2];
  const OLD = path.resolve(process.argv[3], 'src/core');
  const rounds = Number(process.argv[4] ?? 3);
  const Old = (await import(`${OLD}/search/indexSnapshot.ts`)) as typeof NewSnap;
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const own = new OwnSourceFiles(new NodeFileSystem());
  await own.loadAll([path.join(root, 'library')]);
  const hashes = own.hashes();
  const mine = own.resolve(new Set(bundled.sources.map((s) => s.meta.key))).sources;
  const library = [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
  const restored = (await NewSnap.OpenedSnapshot.open(new Uint8Array(await readFile(path.join(root, 'indexes.bin'))))!.restore(library))!;
  const files = own.snapshotFiles();
  const results: Record<string, Array<Record<string, number>>> = { old: [], new: [] };
  let taken: Uint8Array | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const name of ['old', 'new'] as const) {
      await settled();
      const Snap = name === 'old' ? Old : NewSnap;
      const slices = new SharedPauser(12);
      const cpuBefore = cpuNow();
      const [bytes, collections, longestWall, longestCpu] = await watched(() => Snap.snapshotIndexesInSlices(restored.passages, restored.words, library, files, slices.pause));
      const figures: Record<string, number> = {
        takeCpu: cpuNow() - cpuBefore,
        longestTurnWall: longestWall,
        longestTurnCpu: longestCpu,
        collections: collections.count,
        major: collections.major,
        longestCollection: collections.longest,
        longestMajor: collections.longestMajor,
        collectionsMs: collections.sum,
        megabytes: bytes!.length / 1e6,
      };
      if (taken && Buffer.compare(taken, bytes!) !== 0) throw new Error(`${name}: another snapshot`);
      taken = bytes;
      for (const k of Object.keys(figures)) figures[k] = Math.round(figures[k] * 10) / 10;
      results[name].push(figures);
      process.stderr.write(`${name} ${JSON.stringify(figures)}  load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}\n`);
    }
  }
  console.log(JSON.stringify(results));
}
void main();
