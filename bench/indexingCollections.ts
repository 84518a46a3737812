// Issue 19, "no pause": the garbage collections while a realistic library is indexed in slices, old code against
// this checkout's, alternating in one process. A library of MB megabytes of text (bench/synthetic.ts) and a .bib of
// 5,000 references is loaded as the extension loads it (parsed sources, author entities, a Library with its name
// mentions: the heap a collection has to mark), then, per round, the old and the new code each build the passage
// index and the quotation word index at once in slices of one SharedPauser (as Sourcebook.searchReady and
// wordIndexReady do), with perf_hooks watching the collector (how many, how many major, the longest, the longest
// major, their sum), the event loop watched by a 1 ms timer (its longest wait, and the longest counting only this
// process's CPU in it) and by setImmediate turns (bench/restoreCollections.ts `watched`), the build's CPU, and the
// memory the two indexes keep (heap and array buffers after full collections, the indexes alive). The old code is a
// copy of another commit's src, e.g. main's:
//
//   mkdir -p /tmp/old && git archive main src | tar -x -C /tmp/old && cp -r src/generated /tmp/old/src/
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/indexingCollections.ts 150 /tmp/old 3
//
// ONLY=old or ONLY=new runs one side. Prints one line of JSON per build to stderr, all of them at the end to stdout.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import * as NewSearch from '../src/core/search/passageSearch';
import * as NewWords from '../src/core/quotations/sourceWordIndex';
import * as NewPauser from '../src/core/pauser';
import { parseSource } from '../src/core/sources/sourceParser';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { AuthorEntities } from '../src/core/names/authorEntities';
import type { Source } from '../src/core/types';
import { realisticBib, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';
import { cpuNow, settled, watched } from './restoreCollections';
import { watchPauses } from './stats';

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 30);
  const OLD = path.resolve(process.argv[3], 'src/core');
  const rounds = Number(process.argv[4] ?? 3);
  const only = process.env.ONLY;
  const code = {
    old: {
      Search: (await import(`${OLD}/search/passageSearch.ts`)) as typeof NewSearch,
      Words: (await import(`${OLD}/quotations/sourceWordIndex.ts`)) as typeof NewWords,
      Pauser: (await import(`${OLD}/pauser.ts`)) as typeof NewPauser,
    },
    new: { Search: NewSearch, Words: NewWords, Pauser: NewPauser },
  };
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  const { bib } = realisticBib(vocab, 5000);
  let files: string[] | undefined = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const parsed = files.map((text, i) => parseSource(text, `library/${i}.md`).source).filter((s): s is Source => s !== undefined);
  files = undefined;
  const references = (await loadReferenceFile(bib, 'library.bib')).sources;
  const all = [...bundled.sources, ...parsed, ...references];
  const library = new Library({ sources: all, entities: new AuthorEntities().compose(bundled.entities, bundled.ambiguous, all), ambiguous: bundled.ambiguous });
  const sources = library.sources;
  // Queries whose last word of two letters is read in a prefix bitmap made at the build's end ("th", "an", "wh").
  const queries = ['bread and roses', 'the miners', 'solidarity wi', 'the th', 'miners an', 'of wh', 'and a'];
  const results: Record<string, Array<Record<string, number>>> = { old: [], new: [] };
  let answers = '';
  for (let round = 0; round < rounds; round++) {
    for (const name of ['old', 'new'] as const) {
      if (only && only !== name) continue;
      await settled();
      const before = process.memoryUsage();
      const { Search, Words, Pauser } = code[name];
      const slices = new Pauser.SharedPauser(12).pause;
      const cpuBefore = cpuNow();
      const startedAt = performance.now();
      const timer = watchPauses(cpuNow);
      const [built, collections, longestTurnWall, longestTurnCpu] = await watched(() => Promise.all([Search.PassageIndex.inSlices(sources, slices), Words.SourceWordIndex.inSlices(sources, slices)]));
      const buildCpu = cpuNow() - cpuBefore;
      const endedAt = performance.now();
      const pauses = timer.stop();
      const answer = JSON.stringify([queries.map((query) => built[0].search(query)), built[1].paragraphCount]);
      if (answers && answer !== answers) throw new Error(`${name}: the indexes answer otherwise`);
      answers = answer;
      await settled();
      const after = process.memoryUsage();
      const figures: Record<string, number> = {
        buildCpu,
        longestPause: pauses.longestPauseMs,
        longestBusyPause: pauses.longestBusyPauseMs,
        pausesOver50: pauses.pausesOver50,
        longestTurnWall,
        longestTurnCpu,
        collections: collections.count,
        major: collections.major,
        longestCollection: collections.longest,
        longestMajor: collections.longestMajor,
        collectionsMs: collections.sum,
        keptHeapMB: (after.heapUsed - before.heapUsed) / 1e6,
        keptBuffersMB: (after.arrayBuffers - before.arrayBuffers) / 1e6,
        // When the build began and ended (ms since the process began: --trace-gc's clock, give or take).
        startedAt,
        endedAt,
      };
      for (const k of Object.keys(figures)) figures[k] = Math.round(figures[k] * 10) / 10;
      results[name].push(figures);
      process.stderr.write(`${name} ${JSON.stringify(figures)}  load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}\n`);
      void built;
    }
  }
  void library;
  console.log(JSON.stringify(results));
}

void main();
