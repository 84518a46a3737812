// A library of about N MB on disk (bench/synthetic.ts's realistic vocabulary, settled: written a day ago) with its
// snapshots, the query and the draft: the folder `bench/snapshotLibrary.ts --start kept|today <root>` and
// bench/restoreAlternating.ts start from, made once so a restart can be measured (and profiled) again and again.
//
//   node --max-old-space-size=8192 --import tsx bench/prepStartRoot.ts 150 /tmp/start150
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { OwnSourceFiles } from '../src/core/sources/ownSourcesLoader';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { snapshotIndexes } from '../src/core/search/indexSnapshot';
import type { LibrarySource } from '../src/core/search/indexSnapshot';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { quotationDraft, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2]);
  const root = process.argv[3];
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  const files = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const folder = path.join(root, 'library');
  mkdirSync(folder, { recursive: true });
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  files.forEach((file, i) => {
    const name = path.join(folder, `${String(i).padStart(5, '0')}.md`);
    writeFileSync(name, file);
    utimesSync(name, dayAgo, dayAgo);
  });
  const parsed = files.map((file, i) => parseSource(file, `library/${i}.md`).source).filter((s): s is Source => s !== undefined);
  const quoted = parsed.filter((_, i) => i % Math.max(1, Math.floor(parsed.length / 150)) === 0);
  const draft = quotationDraft(quoted, vocab, 50_000, 200);
  const sample = quoted[0].paragraphs[Math.min(3, quoted[0].paragraphs.length - 1)].text;
  const query = sample.split(/\s+/).slice(2, 6).join(' ').toLowerCase();
  const own = new OwnSourceFiles(new NodeFileSystem());
  await own.loadAll([folder]);
  const hashes = own.hashes();
  const mine = own.resolve(new Set(bundled.sources.map((source) => source.meta.key))).sources;
  const library: LibrarySource[] = [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
  const sources = library.map((entry) => entry.source);
  const passages = new PassageIndex(sources);
  const words = new SourceWordIndex(sources);
  writeFileSync(path.join(root, 'with-files.bin'), snapshotIndexes(passages, words, library, own.snapshotFiles())!);
  writeFileSync(path.join(root, 'indexes.bin'), snapshotIndexes(passages, words, library)!);
  writeFileSync(path.join(root, 'query.txt'), query);
  writeFileSync(path.join(root, "draft.txt"), draft.text);
  writeFileSync(path.join(root, 'search.json'), JSON.stringify(passages.search(query)));
}
void main();
