// Run in a fresh process with --expose-gc by bench/run.ts: the memory the extension holds once 1,000 sources are
// loaded (parsed sources, library with name mentions, passage search index, quotation word index), measured after
// each step. Memory is the V8 heap plus the backing stores of typed arrays (`arrayBuffers`: a typed array of more
// than 64 bytes keeps its data outside the heap, where `heapUsed` would not see it). Prints one line of JSON.
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { sourceFiles, vocabularyOf } from './synthetic';

export interface HeapFigures {
  /** Heap used at the end (V8 heap only, as before). */
  heapBytes: number;
  /** Heap and typed-array stores at the end, over the process before the synthetic sources were made. */
  deltaBytes: number;
  sources: number;
  /** UTF-8 bytes of every paragraph's text in the library (bundled and synthetic). */
  textBytes: number;
  /** Memory of the parsed synthetic sources (the files' text dropped): the floor any index sits on. */
  parsedBytes: number;
  libraryBytes: number;
  searchBytes: number;
  quotationBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Heap used plus typed-array backing stores, after a full collection. */
function memory(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function main(): void {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const start = memory();
  let files: string[] | undefined = sourceFiles(vocabularyOf(bundled), 1000, 10_000);
  const sources = files.map((file, i) => parseSource(file, `synthetic/${i}.md`).source).filter((s): s is Source => s !== undefined);
  files = undefined; // the extension keeps the parsed sources, not the files' text
  const parsed = memory();
  const library = new Library({ sources: [...bundled.sources, ...sources], entities: bundled.entities, ambiguous: bundled.ambiguous });
  const withLibrary = memory();
  const search = new PassageIndex(library.sources);
  search.search('bread and roses');
  const withSearch = memory();
  const checker = new QuotationChecker(library.sources);
  checker.checkAll('“Bread and Roses” [@crossan2025, para. 20]');
  const withQuotations = memory();
  const textBytes = library.sources.reduce((sum, source) => sum + source.paragraphs.reduce((n, p) => n + Buffer.byteLength(p.text), 0), 0);
  const figures: HeapFigures = {
    heapBytes: process.memoryUsage().heapUsed,
    deltaBytes: withQuotations - start,
    sources: library.sources.length,
    textBytes,
    // The parsed sources over the process before the files were made (the files themselves are dropped by then).
    parsedBytes: parsed - start,
    libraryBytes: withLibrary - parsed,
    searchBytes: withSearch - withLibrary,
    quotationBytes: withQuotations - withSearch,
  };
  console.log(JSON.stringify({ ...figures, kept: [library, search, checker].length }));
}

main();
