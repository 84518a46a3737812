// Issue 19: what the heap of a loaded library is made of. Builds a realistic library of MB megabytes of text (books,
// articles, web captures: bench/synthetic.ts) and a .bib of 5,000 references, loaded as the extension loads it —
// parsed sources, the bibliography, author entities composed, a Library with its name mentions, then the passage
// index and the quotation word index built in slices — takes a heap snapshot of it (after a full collection, all
// of it alive) and summarises the snapshot: objects by kind and constructor, with their count and their own size
// (self size: a retained size needs the dominator tree, too costly at this scale), the biggest first. The number of
// objects and of their pointers is what a major collection's marking costs; their size is not.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/heapComposition.ts 30 [/tmp/heap30.heapsnapshot] [top]
//   node --max-old-space-size=8192 --import tsx bench/heapComposition.ts --summary /tmp/heap30.heapsnapshot [top]
//
// The first writes the snapshot and then summarises it in a fresh process (the library no longer in the heap); the
// second only summarises a snapshot. Prints a table per heap: kind/constructor, count, self MB.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { parseSource } from '../src/core/sources/sourceParser';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { AuthorEntities } from '../src/core/names/authorEntities';
import { SharedPauser } from '../src/core/pauser';
import type { Source } from '../src/core/types';
import { realisticBib, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Objects of a snapshot by kind and constructor (strings by kind): count and self size, the biggest groups first. */
export function summarise(file: string, top = 30): Array<{ group: string; count: number; selfMB: number }> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const edgeCountAt = fields.indexOf('edge_count');
  const edgeWidth = snapshot.snapshot.meta.edge_fields.length;
  const edgeTypes = snapshot.snapshot.meta.edge_types[0];
  const edgeTypeAt = snapshot.snapshot.meta.edge_fields.indexOf('type');
  const edgeNameAt = snapshot.snapshot.meta.edge_fields.indexOf('name_or_index');
  let edge = 0;
  const groups = new Map<string, { count: number; size: number }>();
  let count = 0;
  let size = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]];
    const own = snapshot.nodes[i + sizeAt];
    // Strings and code by kind; objects, arrays and closures by constructor.
    let name = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]].slice(0, 40)}` : type;
    // Plain objects by their properties (a paragraph, a mention, a span …).
    const edges = snapshot.nodes[i + edgeCountAt];
    if (name === 'object Object') {
      const props: string[] = [];
      for (let e = edge; e < edge + edges * edgeWidth; e += edgeWidth) {
        if (edgeTypes[snapshot.edges[e + edgeTypeAt]] === 'property') props.push(snapshot.strings[snapshot.edges[e + edgeNameAt]]);
      }
      name = `{${props.slice(0, 6).join(',')}}`;
    }
    edge += edges * edgeWidth;
    const group = groups.get(name) ?? { count: 0, size: 0 };
    group.count++;
    group.size += own;
    groups.set(name, group);
    count++;
    size += own;
  }
  const rows = [...groups].map(([group, { count, size }]) => ({ group, count, selfMB: Math.round(size / 1e5) / 10 }));
  rows.sort((a, b) => b.count - a.count);
  return [{ group: 'TOTAL', count, selfMB: Math.round(size / 1e5) / 10 }, ...rows.slice(0, top)];
}

async function main(): Promise<void> {
  if (process.argv[2] === '--summary') {
    console.log(JSON.stringify(summarise(process.argv[3], Number(process.argv[4] ?? 30))));
    return;
  }
  const megabytes = Number(process.argv[2] ?? 30);
  const file = process.argv[3] ?? `/tmp/heap${megabytes}.heapsnapshot`;
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  const { bib } = realisticBib(vocab, 5000);
  let files: string[] | undefined = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const parsed = files.map((text, i) => parseSource(text, `library/${i}.md`).source).filter((s): s is Source => s !== undefined);
  files = undefined;
  const references = (await loadReferenceFile(bib, 'library.bib')).sources;
  const all = [...bundled.sources, ...parsed, ...references];
  const entities = new AuthorEntities().compose(bundled.entities, bundled.ambiguous, all);
  const library = new Library({ sources: all, entities, ambiguous: bundled.ambiguous });
  const slices = new SharedPauser(12).pause;
  // INDEXES=none: the library alone; search or words: that index alone.
  const indexes = process.env.INDEXES ?? 'both';
  const search = indexes === 'both' || indexes === 'search' ? PassageIndex.inSlices(library.sources, slices) : undefined;
  const words = indexes === 'both' || indexes === 'words' ? SourceWordIndex.inSlices(library.sources, slices) : undefined;
  await Promise.all([search, words]);
  gc();
  gc();
  const usage = process.memoryUsage();
  process.stderr.write(`heapUsed ${(usage.heapUsed / 1e6).toFixed(1)} MB, arrayBuffers ${(usage.arrayBuffers / 1e6).toFixed(1)} MB; writing ${file} …\n`);
  v8.writeHeapSnapshot(file);
  void [library, search, words];
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', process.argv[1], '--summary', file, process.argv[4] ?? '30'], { maxBuffer: 1 << 26 });
  for (const row of JSON.parse(out.toString()) as Array<{ group: string; count: number; selfMB: number }>) console.log(`${String(row.count).padStart(10)} ${String(row.selfMB).padStart(9)} MB  ${row.group}`);
}

void main();
