// Run in a fresh process by bench/snapshotRows.ts (`--expose-gc`, a large heap): a library of about
// SOURCEBOOK_BENCH_MB of text with the realistic vocabulary (bench/synthetic.ts), then what a restart costs with and
// without a snapshot of the search and quotation indexes (src/core/search/indexSnapshot.ts):
// - the baseline: building both indexes, then the first search and the first quotation check of a 50,000-word draft;
// - a restart with the snapshot: reading its file, restoring, then the same first search and check;
// - a restart after 5 of the library's files changed and one was added: those are indexed again, the rest restored.
// Also: hashing every file (what tells which changed), taking and writing the snapshot, its size, and the heap the
// restored indexes hold against the built ones. Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/snapshotLibrary.ts 150
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { restoreIndexes, snapshotIndexes } from '../src/core/search/indexSnapshot';
import { contentHash } from '../src/core/text/contentHash';
import type { LibrarySource } from '../src/core/search/indexSnapshot';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { quotationDraft, realisticLibrary, realisticSourceFile, realisticVocabulary, vocabularyOf } from './synthetic';
import { Random } from './random';

export interface Timing {
  cpuMs: number;
  wallMs: number;
}

export interface SnapshotFigures {
  bytes: number;
  sources: number;
  passages: number;
  hash: Timing;
  build: { indexes: Timing; search: Timing; check: Timing };
  save: { snapshot: Timing; write: Timing; bytes: number };
  restore: { read: Timing; restore: Timing; search: Timing; check: Timing };
  changed: { files: number; indexed: number; reused: number; read: Timing; restore: Timing; search: Timing; check: Timing };
  heap: { built: number; restored: number };
  same: { search: boolean; check: boolean };
  query: string;
  draftWords: number;
  quotations: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function collect(): void {
  gc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
}

/** The heap and the typed arrays' buffers (outside the heap): what the indexes hold. */
function heapNow(): number {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function log(message: string): void {
  process.stderr.write(`  [snapshot] ${message}\n`);
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; time: Timing }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, time: { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall } };
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 150);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  log(`generating ${megabytes} MB of sources …`);
  const files = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);
  log('parsing …');
  const parsed = files.map((file, i) => parseSource(file, `library/${i}.md`).source).filter((s): s is Source => s !== undefined);
  const texts: Source[] = [...bundled.sources, ...parsed];
  const hashOf = async (file: string): Promise<string> => contentHash(new TextEncoder().encode(file));
  log('hashing every file …');
  const hashes = await timed(() => Promise.all(files.map(hashOf)));
  const bundledHashes = await Promise.all(bundled.sources.map((source) => contentHash(JSON.stringify(source.paragraphs))));
  const library: LibrarySource[] = texts.map((source, i) => ({ source, hash: i < bundled.sources.length ? bundledHashes[i] : hashes.value[i - bundled.sources.length] }));

  const quoted = parsed.filter((_, i) => i % Math.max(1, Math.floor(parsed.length / 150)) === 0);
  const draft = quotationDraft(quoted, vocab, 50_000, 200);
  const sample = quoted[0].paragraphs[Math.min(3, quoted[0].paragraphs.length - 1)].text;
  const query = sample.split(/\s+/).slice(2, 6).join(' ').toLowerCase();
  const firstAnswers = async (passages: PassageIndex, words: SourceWordIndex) => {
    collect();
    const search = await timed(() => passages.search(query));
    const check = await timed(() => new QuotationChecker(words, { format: 'markdown' }).checkAll(draft.text));
    return { search, check };
  };

  log('building the indexes (the baseline) …');
  const before = heapNow();
  collect();
  const built = await timed(() => ({ passages: new PassageIndex(texts), words: new SourceWordIndex(texts) }));
  const builtHeap = heapNow() - before;
  const builtAnswers = await firstAnswers(built.value.passages, built.value.words);

  log('taking and writing the snapshot …');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sourcebook-snapshot-'));
  const file = path.join(folder, 'indexes.bin');
  collect();
  const taken = await timed(() => snapshotIndexes(built.value.passages, built.value.words, library)!);
  const written = await timed(() => writeFile(file, taken.value));
  const snapshotBytes = taken.value.length;
  const passages = built.value.passages.size;
  const builtSearch = builtAnswers.search.value;
  const builtCheck = builtAnswers.check.value;
  built.value = undefined as never;
  taken.value = undefined as never;

  log('restoring …');
  const beforeRestore = heapNow();
  collect();
  const read = await timed(() => readFile(file));
  const restored = await timed(() => restoreIndexes(new Uint8Array(read.value.buffer, read.value.byteOffset, read.value.length), library)!);
  read.value = undefined as never;
  const restoredHeap = heapNow() - beforeRestore;
  const restoredAnswers = await firstAnswers(restored.value.passages, restored.value.words);
  const same = {
    search: JSON.stringify(restoredAnswers.search.value) === JSON.stringify(builtSearch),
    check: JSON.stringify(restoredAnswers.check.value.map((c) => [c.status, c.match?.source, c.match?.paragraph, c.citation])) ===
      JSON.stringify(builtCheck.map((c) => [c.status, c.match?.source, c.match?.paragraph, c.citation])),
  };
  restored.value = undefined as never;

  log('restoring after 5 files changed and one was added …');
  const rng = new Random(4242);
  const changedLibrary = library.slice();
  const changedAt = [1, 2, 3, 4, 5].map((k) => bundled.sources.length + Math.floor((k * parsed.length) / 6));
  const kinds = ['web', 'article', 'web', 'book', 'article'] as const;
  const newFiles: string[] = [];
  changedAt.forEach((at, k) => {
    const key = changedLibrary[at].source.meta.key;
    const file = realisticSourceFile(rng, vocab, 90_000 + k, kinds[k]).replace(/^key: .*$/m, `key: ${key}`);
    newFiles.push(file);
  });
  newFiles.push(realisticSourceFile(rng, vocab, 91_000, 'article'));
  collect();
  const changedRead = await timed(async () => {
    // What a start reads again: the changed and new files, parsed and hashed.
    const sources = newFiles.map((file, k) => parseSource(file, `library/changed-${k}.md`).source!);
    return Promise.all(sources.map(async (source, k) => ({ source, hash: await hashOf(newFiles[k]) })));
  });
  changedAt.forEach((at, k) => (changedLibrary[at] = changedRead.value[k]));
  changedLibrary.push(changedRead.value[5]);
  const readAgain = await timed(() => readFile(file));
  const changedRestore = await timed(() => restoreIndexes(new Uint8Array(readAgain.value.buffer, readAgain.value.byteOffset, readAgain.value.length), changedLibrary)!);
  readAgain.value = undefined as never;
  const changedAnswers = await firstAnswers(changedRestore.value.passages, changedRestore.value.words);
  rmSync(folder, { recursive: true, force: true });

  const figures: SnapshotFigures = {
    bytes,
    sources: texts.length,
    passages,
    hash: hashes.time,
    build: { indexes: built.time, search: builtAnswers.search.time, check: builtAnswers.check.time },
    save: { snapshot: taken.time, write: written.time, bytes: snapshotBytes },
    restore: { read: read.time, restore: restored.time, search: restoredAnswers.search.time, check: restoredAnswers.check.time },
    changed: {
      files: newFiles.length,
      indexed: changedRestore.value.indexed.length,
      reused: changedRestore.value.reused.length,
      read: { cpuMs: changedRead.time.cpuMs + readAgain.time.cpuMs, wallMs: changedRead.time.wallMs + readAgain.time.wallMs },
      restore: changedRestore.time,
      search: changedAnswers.search.time,
      check: changedAnswers.check.time,
    },
    heap: { built: builtHeap, restored: restoredHeap },
    same,
    query,
    draftWords: draft.text.split(/\s+/).length,
    quotations: draft.quotations,
  };
  console.log(JSON.stringify(figures));
}

void main();
