// Issue 19, "no pause": what a full collection of a loaded library costs with its paragraph texts packed (a few
// long strings per source, each text a slice: core/text/packedTexts.ts, as the parsers now make them) against a
// string of its own per paragraph (as they made them before), alternating in one process on the same library. A
// realistic library of MB megabytes (bench/synthetic.ts) and a .bib of 5,000 references is loaded as the extension
// loads it (parsed sources, author entities, a Library with its name mentions, the passage index and the quotation
// word index built in slices), then per round each layout is put in place and `gc()` (a full, atomic mark-compact
// collection: what a major collection's final pause becomes when the helper threads get no core) is timed 7 times.
// Run with --single-threaded-gc to leave the helper threads out altogether.
//
//   node --expose-gc [--single-threaded-gc] --max-old-space-size=8192 --import tsx bench/fullCollection.ts 150 [rounds]
import { readFileSync } from 'node:fs';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { parseSource } from '../src/core/sources/sourceParser';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { AuthorEntities } from '../src/core/names/authorEntities';
import { SharedPauser } from '../src/core/pauser';
import { packTexts } from '../src/core/text/packedTexts';
import type { Source } from '../src/core/types';
// (The name mentions are numbers now — names/mentionTable.ts — holding no strings of the texts: nothing to cut again.)
import { realisticBib, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

const gc = (globalThis as { gc?: () => void }).gc;

/** Each paragraph's text a fresh string of its own, as small as its units allow (the parsers' former `compactCopy`). */
function ownStrings(sources: readonly Source[]): void {
  for (const source of sources) for (const paragraph of source.paragraphs) paragraph.text = JSON.parse(JSON.stringify(paragraph.text)) as string;
}

/** Median and least time of 7 full collections, and the heap after them. */
function fullCollections(): { medianMs: number; leastMs: number; heapMB: number } {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    gc!();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[3] * 10) / 10, leastMs: Math.round(times[0] * 10) / 10, heapMB: Math.round(process.memoryUsage().heapUsed / 1e5) / 10 };
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const megabytes = Number(process.argv[2] ?? 30);
  const rounds = Number(process.argv[3] ?? 3);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  let vocab: ReturnType<typeof realisticVocabulary> | undefined = realisticVocabulary(vocabularyOf(bundled));
  const { bib } = realisticBib(vocab, 5000);
  let files: string[] | undefined = realisticLibrary(vocab, megabytes * 1_000_000).files;
  vocab = undefined;
  const parsed = files.map((text, i) => parseSource(text, `library/${i}.md`).source).filter((s): s is Source => s !== undefined);
  files = undefined;
  const references = (await loadReferenceFile(bib, 'library.bib')).sources;
  const all = [...bundled.sources, ...parsed, ...references];
  const library = new Library({ sources: all, entities: new AuthorEntities().compose(bundled.entities, bundled.ambiguous, all), ambiguous: bundled.ambiguous });
  const slices = new SharedPauser(12).pause;
  const indexes = await Promise.all([PassageIndex.inSlices(library.sources, slices), SourceWordIndex.inSlices(library.sources, slices)]);
  const paragraphs = parsed.reduce((sum, source) => sum + source.paragraphs.length, 0);
  const results: Record<string, Array<ReturnType<typeof fullCollections>>> = { ownStrings: [], packed: [] };
  for (let round = 0; round < rounds; round++) {
    ownStrings(parsed);
    fullCollections();
    results.ownStrings.push(fullCollections());
    for (const source of parsed) packTexts(source.paragraphs);
    fullCollections();
    results.packed.push(fullCollections());
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    process.stderr.write(`round ${round + 1}: own strings ${JSON.stringify(results.ownStrings[round])}, packed ${JSON.stringify(results.packed[round])}  load ${load}\n`);
  }
  void [library, indexes];
  console.log(JSON.stringify({ megabytes, paragraphs, ...results }));
}

void main();
