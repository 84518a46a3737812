// Issue #19: a search index restored from a snapshot, with and without its common prefix bitmaps made on the shared
// budget once it is quiet (`PassageIndex.commonPrefixSetsInSlices`, what `Sourcebook.adoptIndexes` now schedules),
// alternating in one process. Each round: restore → first answer (CPU; the bitmaps are made only after it, so this
// must not grow), the bitmaps made in slices (CPU, longest slice), then the first pass over the bench's keystrokes
// (12 phrases typed letter by letter, as bench/scaleLibrary.ts; CPU). "old" is the restore as before: no bitmaps
// made, each keystroke making the one it needs. The second pass over them is there for comparison.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/restoredPrefixSets.ts 30 3
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { SharedPauser } from '../src/core/pauser';
import { PassageIndex } from '../src/core/search/passageSearch';
import { restoreIndexes, snapshotIndexes } from '../src/core/search/indexSnapshot';
import type { LibrarySource } from '../src/core/search/indexSnapshot';
import { parseSource } from '../src/core/sources/sourceParser';
import { wordSpans } from '../src/core/text/sentences';
import type { Source } from '../src/core/types';
import { Random } from './random';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function cpu<T>(work: () => T | Promise<T>): Promise<[T, number]> { const c = cpuNow(); const v = await work(); return [v, cpuNow() - c]; }

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 30);
  const rounds = Number(process.argv[3] ?? 3);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const files = realisticLibrary(realisticVocabulary(vocabularyOf(bundled)), megabytes * 1_000_000).files;
  const texts: Source[] = [...bundled.sources, ...files.map((file, i) => parseSource(file, `library/${i}.md`).source).filter((s): s is Source => s !== undefined)];
  const library: LibrarySource[] = texts.map((source) => ({ source, hash: source.meta.key }));
  const built = new PassageIndex(texts);
  const bytes = snapshotIndexes(built, undefined, library)!;
  const rng = new Random(19);
  const queries = ['bread and roses'];
  while (queries.length < 12) {
    const paragraph = rng.pick(rng.pick(texts).paragraphs);
    const spans = wordSpans(paragraph.text);
    if (spans.length < 8) continue;
    const length = rng.int(3, 5);
    const first = rng.int(0, spans.length - length);
    queries.push(paragraph.text.slice(spans[first].start, spans[first + length - 1].end).toLowerCase());
  }
  const keystrokes = queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)).filter((k) => !k.endsWith(' ')));
  const expected = keystrokes.map((q) => JSON.stringify(built.search(q)));
  process.stderr.write(`${megabytes} MB, ${built.size} passages, ${keystrokes.length} keystrokes, load ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
  const results: Record<string, Array<Record<string, number>>> = { old: [], new: [] };
  for (let round = 0; round < rounds; round++) {
    // Which goes first alternates too: a restore after the other's pays for collecting its garbage.
    for (const name of round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
      gc();
      const row: Record<string, number> = {};
      const [restored, restore] = await cpu(() => restoreIndexes(bytes, library));
      const index = restored!.passages!;
      [, row.firstAnswer] = await cpu(() => index.search(queries[0]));
      row.restoreToFirstAnswer = restore + row.firstAnswer;
      if (name === 'new') {
        const slices = new SharedPauser(12);
        let last = cpuNow();
        let longest = 0;
        [, row.bitmaps] = await cpu(() => index.commonPrefixSetsInSlices(async () => {
          longest = Math.max(longest, cpuNow() - last);
          await slices.pause();
          last = cpuNow();
        }));
        row.longestBitmapSlice = longest;
        row.bitmapsKept = index.prefixSetsKept;
      }
      let same = 0;
      [, row.firstPass] = await cpu(() => keystrokes.forEach((q, i) => (same += JSON.stringify(index.search(q)) === expected[i] ? 1 : 0)));
      row.sameAsBuilt = same;
      [, row.secondPass] = await cpu(() => keystrokes.forEach((q) => index.search(q)));
      for (const k of Object.keys(row)) row[k] = Math.round(row[k]);
      results[name].push(row);
      process.stderr.write(`${name} ${JSON.stringify(row)}\n`);
    }
  }
  console.log(JSON.stringify(results));
}
void main();
