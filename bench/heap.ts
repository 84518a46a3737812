// Run in a fresh process with --expose-gc by bench/run.ts: the heap the extension holds once 1,000 sources are
// loaded (library with name mentions, passage search index, quotation word index). Prints one line of JSON.
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { sourceFiles, vocabularyOf } from './synthetic';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function main(): void {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  let files: string[] | undefined = sourceFiles(vocabularyOf(bundled), 1000, 10_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const sources = files.map((file, i) => parseSource(file, `synthetic/${i}.md`).source).filter((s): s is Source => s !== undefined);
  files = undefined; // the extension keeps the parsed sources, not the files' text
  const library = new Library({ sources: [...bundled.sources, ...sources], entities: bundled.entities, ambiguous: bundled.ambiguous });
  const search = new PassageIndex(library.sources);
  search.search('bread and roses');
  const checker = new QuotationChecker(library.sources);
  checker.checkAll('“Bread and Roses” [@crossan2025, para. 20]');
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ heapBytes: after, deltaBytes: after - before, sources: library.sources.length, kept: [library, search, checker].length }));
}

main();
