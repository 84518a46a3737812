// Run in a fresh process by bench/snapshotRows.ts (`--expose-gc`, a large heap): a library of about
// SOURCEBOOK_BENCH_MB of text with the realistic vocabulary (bench/synthetic.ts), then what a restart costs with and
// without a snapshot of the search and quotation indexes (src/core/search/indexSnapshot.ts):
// - the baseline: building both indexes, then the first search and the first quotation check of a 50,000-word draft;
// - a restart with the snapshot: reading its file, restoring, then the same first search and check;
// - a restart after 5 of the library's files changed and one was added: those are indexed again, the rest restored.
// - starts of the extension's kind from files on disk (the writer's files kept in the snapshot, or every file read),
//   in this process and, 2 of each alternating, in fresh processes (`--start kept|today <folder>`: a restart starts
//   without this process's gigabytes of generated text, whose major collections the in-process starts pay for).
// Also: hashing every file (what tells which changed), taking and writing the snapshot, its size, and the heap the
// restored indexes hold against the built ones. Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/snapshotLibrary.ts 150
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { OwnSourceFiles } from '../src/core/sources/ownSourcesLoader';
import { SharedPauser } from '../src/core/pauser';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { OpenedSnapshot, restoreIndexes, snapshotIndexes, snapshotIndexesInSlices } from '../src/core/search/indexSnapshot';
import { decodeSourceRecord, encodeSourceRecord } from '../src/core/search/sourceRecords';
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
  /** A start of the extension's own kind: the writer's files from disk, the library with its name mentions, the indexes. */
  start: {
    files: number;
    snapshotBytes: number;
    indexOnlyBytes: number;
    /** Today's start: every file read, hashed and parsed; the indexes restored from a snapshot of them alone. */
    today: { load: Timing; mentions: Timing; read: Timing; restore: Timing; search: Timing; check: Timing };
    /**
     * With the files kept: the snapshot read and checked, unchanged files taken from it, the sources set in the library
     * (`mentions`: their names to be found later), the indexes restored; `later`: the names found after the first
     * answers; `oneGo`: the names found before them instead, as the start did before (in the same run).
     */
    kept: { read: Timing; open: Timing; load: Timing; mentions: Timing; restore: Timing; search: Timing; check: Timing; taken: number; later: Timing; oneGo: Timing; sameMentions: boolean };
    /** The same after 5 files changed and one was added. */
    changed: { read: Timing; open: Timing; load: Timing; mentions: Timing; restore: Timing; search: Timing; check: Timing; taken: number; later: Timing; readAgain: number; indexed: number };
    same: { sources: boolean; search: boolean };
  };
  /** The longest pause of the event loop while the snapshot is opened and restored (ms): in one go, and in slices. */
  pause: { oneGo: number; sliced: number; slicedWall: number; oneGoCpu: number; slicedCpu: number };
  /** The same while the snapshot (indexes and files) is taken: in one go, and in slices of the shared budget. */
  takePause: { oneGo: number; sliced: number; slicedWall: number; oneGoCpu: number; slicedCpu: number };
  /**
   * Decoding every kept file, alternating in one process: the records of this format (sourceRecords.ts) and the UTF-8
   * JSON of the format before (SNAPSHOT_VERSION 2), each run's CPU; and the bytes of each.
   */
  decode: { records: number[]; json: number[]; recordBytes: number; jsonBytes: number; same: boolean };
  /** Starts in fresh processes, alternating (2 of each): with the files kept, and today's (every file read). */
  fresh: { kept: FreshStart[]; today: FreshStart[] };
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
  const restored = await timed(() => restoreIndexes(new Uint8Array(read.value.buffer, read.value.byteOffset, read.value.length), library).then((restored) => restored!));
  read.value = undefined as never;
  const restoredHeap = heapNow() - beforeRestore;
  const restoredAnswers = await firstAnswers(restored.value.passages!, restored.value.words!);
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
  const changedRestore = await timed(() => restoreIndexes(new Uint8Array(readAgain.value.buffer, readAgain.value.byteOffset, readAgain.value.length), changedLibrary).then((restored) => restored!));
  readAgain.value = undefined as never;
  const changedAnswers = await firstAnswers(changedRestore.value.passages!, changedRestore.value.words!);
  rmSync(folder, { recursive: true, force: true });

  log('a start of the extension’s kind: the files on disk …');
  const start = await startRows(files, bundled, vocab, query, draft.text);

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
    start: start.start,
    pause: start.pause,
    takePause: start.takePause,
    decode: start.decode,
    fresh: start.fresh,
  };
  console.log(JSON.stringify(figures));
}

/** The files on disk (settled: written a day ago), read by the extension's loader; a start with and without them kept. */
async function startRows(files: string[], bundled: LibraryData, vocab: ReturnType<typeof realisticVocabulary>, query: string, draft: string) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sourcebook-start-'));
  const folder = path.join(root, 'library');
  mkdirSync(folder);
  const name = (i: number) => path.join(folder, `${String(i).padStart(5, '0')}.md`);
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  for (let i = 0; i < files.length; i++) {
    await writeFile(name(i), files[i]);
    await utimes(name(i), dayAgo, dayAgo);
  }
  const fs = new NodeFileSystem();
  const librarySources = async (own: OwnSourceFiles): Promise<LibrarySource[]> => {
    const hashes = own.hashes();
    const mine = own.resolve(new Set(bundled.sources.map((source) => source.meta.key))).sources;
    return [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
  };
  const withMentions = (library: readonly LibrarySource[]) => new Library({ ...bundled, sources: library.map((entry) => entry.source) });
  // As Sourcebook.setSourceInSlices sets them: at once, the names in them found later (Library.mentionsReady).
  const mentionsLater = (library: readonly LibrarySource[]) => {
    const later = new Library(bundled, { mentionsComputed: true });
    for (const entry of library) if (!later.source(entry.source.meta.key)) later.setSourceMentionsLater(entry.source);
    return later;
  };
  const mentionsSeen = (library: Library) => JSON.stringify(library.entities.map((entity) => [entity.id, entity.mentions]));
  const answers = async (restored: { passages?: PassageIndex; words?: SourceWordIndex }) => {
    const search = await timed(() => restored.passages!.search(query));
    const check = await timed(() => new QuotationChecker(restored.words!, { format: 'markdown' }).checkAll(draft));
    return { search, check };
  };

  // The first start ever: everything read and built, the snapshots written (with the files, and of the indexes alone).
  log('start: the first one, reading and building …');
  const first = new OwnSourceFiles(fs);
  await first.loadAll([folder]);
  const firstLibrary = await librarySources(first);
  const sources = firstLibrary.map((entry) => entry.source);
  let passages: PassageIndex | undefined = new PassageIndex(sources);
  let words: SourceWordIndex | undefined = new SourceWordIndex(sources);
  const builtSearch = JSON.stringify(passages.search(query));
  const withFiles = path.join(root, 'with-files.bin');
  const indexOnly = path.join(root, 'indexes.bin');
  const full = snapshotIndexes(passages, words, firstLibrary, first.snapshotFiles())!;
  await writeFile(withFiles, full);
  log('start: the longest pause while the snapshot is taken, in one go and in slices …');
  const takeOneGo = await pauseOf(async () => snapshotIndexes(passages, words, firstLibrary, first.snapshotFiles()));
  const takeSliced = await pauseOf(() => snapshotIndexesInSlices(passages, words, firstLibrary, first.snapshotFiles(), new SharedPauser(12).pause));
  log('start: decoding the kept files, records against the JSON before, alternating …');
  const decode = decodeRows(first.snapshotFiles().map((file) => file.source));
  const partial = snapshotIndexes(passages, words, firstLibrary)!;
  await writeFile(indexOnly, partial);
  const [snapshotBytes, indexOnlyBytes] = [full.length, partial.length];
  passages = undefined;
  words = undefined;

  log('start: today’s (every file read again) …');
  collect();
  const todayFiles = new OwnSourceFiles(fs);
  const todayLoad = await timed(() => todayFiles.loadAll([folder]));
  const todayLibrary = await librarySources(todayFiles);
  const todayMentions = await timed(() => withMentions(todayLibrary));
  const todayRead = await timed(() => readFile(indexOnly));
  const todayRestore = await timed(() => restoreIndexes(new Uint8Array(todayRead.value.buffer, todayRead.value.byteOffset, todayRead.value.length), todayLibrary));
  todayRead.value = undefined as never;
  const todayAnswers = await answers(todayRestore.value!);
  todayRestore.value = undefined;
  todayMentions.value = undefined as never;

  const keptStart = async () => {
    collect();
    const read = await timed(() => readFile(withFiles));
    const open = await timed(() => OpenedSnapshot.open(new Uint8Array(read.value.buffer, read.value.byteOffset, read.value.length))!);
    read.value = undefined as never;
    const own = new OwnSourceFiles(fs);
    const load = await timed(() => own.loadAll([folder], open.value.knownFiles()));
    const library = await librarySources(own);
    const mentions = await timed(() => mentionsLater(library));
    const restore = await timed(() => open.value.restore(library));
    const found = await answers(restore.value!);
    // After the first answers: the names in the sources, found (in one go here; in slices in the extension).
    const later = await timed(() => mentions.value.mentionsReady());
    return { read: read.time, open: open.time, load: load.time, mentions: mentions.time, restore: restore.time, search: found.search.time, check: found.check.time, taken: own.taken, later: later.time, own, library, named: mentions.value, restored: restore.value!, searched: found.search.value };
  };
  log('start: with the files kept …');
  const kept = await keptStart();
  log('start: in fresh processes, alternating: with the files kept, and today’s …');
  await writeFile(path.join(root, 'query.txt'), query);
  await writeFile(path.join(root, 'draft.txt'), draft);
  await writeFile(path.join(root, 'search.json'), builtSearch);
  const fresh: { kept: FreshStart[]; today: FreshStart[] } = { kept: [], today: [] };
  for (let round = 0; round < 2; round++) {
    fresh.kept.push(startInFreshProcess('kept', root));
    fresh.today.push(startInFreshProcess('today', root));
  }
  log('start: the names found before the first answers, as before …');
  collect();
  const namesFirst = await timed(() => withMentions(kept.library));
  const sameMentions = mentionsSeen(namesFirst.value) === mentionsSeen(kept.named);
  namesFirst.value = undefined as never;
  const reserved = new Set(bundled.sources.map((source) => source.meta.key));
  const same = { sources: JSON.stringify(kept.own.resolve(reserved).sources) === JSON.stringify(first.resolve(reserved).sources), search: JSON.stringify(kept.searched) === builtSearch };

  log('start: with the files kept, after 5 changed and one added …');
  const rng = new Random(777);
  const changedAt = [1, 2, 3, 4, 5].map((k) => Math.floor((k * files.length) / 6));
  for (const [k, at] of changedAt.entries()) {
    const key = /^key: (.*)$/m.exec(files[at])?.[1] ?? `changed${k}`;
    await writeFile(name(at), realisticSourceFile(rng, vocab, 95_000 + k, 'article').replace(/^key: .*$/m, `key: ${key}`));
    const hourAgo = new Date(Date.now() - 3600 * 1000);
    await utimes(name(at), hourAgo, hourAgo);
  }
  await writeFile(path.join(folder, 'zz-new.md'), realisticSourceFile(rng, vocab, 96_000, 'article'));
  const changed = await keptStart();

  log('start: the longest pause while the snapshot is opened and restored, in one go and in slices …');
  const library = await librarySources(changed.own);
  const bytes = new Uint8Array(await readFile(withFiles));
  const oneGo = await pauseOf(async () => OpenedSnapshot.open(bytes)!.restore(library));
  const slices = new SharedPauser(12);
  const sliced = await pauseOf(async () => (await OpenedSnapshot.openInSlices(bytes, slices.pause))!.restore(library, slices.pause));
  rmSync(root, { recursive: true, force: true });

  const pick = (run: typeof kept) => ({ read: run.read, open: run.open, load: run.load, mentions: run.mentions, restore: run.restore, search: run.search, check: run.check, taken: run.taken, later: run.later });
  return {
    start: {
      files: files.length,
      snapshotBytes,
      indexOnlyBytes,
      today: { load: todayLoad.time, mentions: todayMentions.time, read: todayRead.time, restore: todayRestore.time, search: todayAnswers.search.time, check: todayAnswers.check.time },
      kept: { ...pick(kept), oneGo: namesFirst.time, sameMentions },
      changed: { ...pick(changed), readAgain: changed.own.size - changed.taken, indexed: changed.restored.indexed.length },
      same,
    },
    pause: { oneGo: oneGo.max, sliced: sliced.max, slicedWall: sliced.wall, oneGoCpu: oneGo.maxCpu, slicedCpu: sliced.maxCpu },
    takePause: { oneGo: takeOneGo.max, sliced: takeSliced.max, slicedWall: takeSliced.wall, oneGoCpu: takeOneGo.maxCpu, slicedCpu: takeSliced.maxCpu },
    decode,
    fresh,
  };
}

/** One start in a process of its own: the phases' CPU and wall time (ms), and the sum. */
export interface FreshStart {
  phases: Record<string, Timing>;
  cpuMs: number;
  wallMs: number;
  taken: number;
  sameSearch: boolean;
}

/**
 * A start measured in a fresh process, as the extension host starts: without this process's heap of generated text,
 * whose major collections, set off by the snapshot's large buffers, the starts above pay for.
 */
function startInFreshProcess(kind: 'kept' | 'today', root: string): FreshStart {
  const args = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/snapshotLibrary.ts', '--start', kind, root];
  const out = execFileSync(process.execPath, args, { cwd: path.resolve(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as FreshStart;
}

/** The child of `startInFreshProcess`: one start, `kept` (files taken from the snapshot) or `today` (every file read). */
async function freshStart(kind: string, root: string): Promise<void> {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const query = readFileSync(path.join(root, 'query.txt'), 'utf8');
  const draft = readFileSync(path.join(root, 'draft.txt'), 'utf8');
  const folder = path.join(root, 'library');
  const own = new OwnSourceFiles(new NodeFileSystem());
  const phases: Record<string, Timing> = {};
  const phase = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const { value, time } = await timed(work);
    phases[name] = time;
    return value;
  };
  const librarySources = (): LibrarySource[] => {
    const hashes = own.hashes();
    const mine = own.resolve(new Set(bundled.sources.map((source) => source.meta.key))).sources;
    return [...bundled.sources.map((source) => ({ source, hash: `bundled:${source.meta.key}` })), ...mine.map((source) => ({ source, hash: hashes.get(source) }))];
  };
  let restored;
  if (kind === 'kept') {
    const read = await phase('read', () => readFile(path.join(root, 'with-files.bin')));
    const opened = await phase('open', () => OpenedSnapshot.open(new Uint8Array(read.buffer, read.byteOffset, read.length))!);
    await phase('load', () => own.loadAll([folder], opened.knownFiles()));
    const library = librarySources();
    await phase('mentions', () => {
      const later = new Library(bundled, { mentionsComputed: true });
      for (const entry of library) if (!later.source(entry.source.meta.key)) later.setSourceMentionsLater(entry.source);
      return later;
    });
    restored = await phase('restore', () => opened.restore(library));
  } else {
    await phase('load', () => own.loadAll([folder]));
    const library = librarySources();
    await phase('mentions', () => new Library({ ...bundled, sources: library.map((entry) => entry.source) }));
    const read = await phase('read', () => readFile(path.join(root, 'indexes.bin')));
    restored = await phase('restore', () => restoreIndexes(new Uint8Array(read.buffer, read.byteOffset, read.length), library));
  }
  const searched = await phase('search', () => restored!.passages!.search(query));
  await phase('check', () => new QuotationChecker(restored!.words!, { format: 'markdown' }).checkAll(draft));
  const times = Object.values(phases);
  const result: FreshStart = {
    phases,
    cpuMs: times.reduce((sum, t) => sum + t.cpuMs, 0),
    wallMs: times.reduce((sum, t) => sum + t.wallMs, 0),
    taken: own.taken,
    sameSearch: JSON.stringify(searched) === readFileSync(path.join(root, 'search.json'), 'utf8'),
  };
  console.log(JSON.stringify(result));
}

/**
 * The longest time between two turns of the event loop while `work` runs, seen by a chain of setImmediate: in wall
 * time, and in CPU time (the process's, between the same two turns: what a busy machine does not stretch).
 */
async function pauseOf(work: () => Promise<unknown>): Promise<{ max: number; maxCpu: number; wall: number }> {
  collect();
  let running = true;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let max = 0;
  let maxCpu = 0;
  const turn = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    max = Math.max(max, now - last);
    maxCpu = Math.max(maxCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  await new Promise((resolve) => setTimeout(resolve, 5));
  max = 0;
  maxCpu = 0;
  const wall = performance.now();
  await work();
  const took = performance.now() - wall;
  await new Promise((resolve) => setImmediate(resolve));
  running = false;
  return { max, maxCpu, wall: took };
}

/** Every kept file decoded from this format's records and from the JSON of the format before, alternating, 3 times each. */
function decodeRows(sources: Source[]): SnapshotFigures['decode'] {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const records = sources.map((source) => encodeSourceRecord(source, encoder));
  const json = sources.map((source) => encoder.encode(JSON.stringify(source)));
  const cpuOf = (work: () => unknown): number => {
    collect();
    const cpu = process.cpuUsage();
    work();
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  const figures: SnapshotFigures['decode'] = { records: [], json: [], recordBytes: 0, jsonBytes: 0, same: true };
  for (let round = 0; round < 3; round++) {
    let fromRecords: Array<Source | undefined> = [];
    let fromJson: Source[] = [];
    figures.json.push(cpuOf(() => (fromJson = json.map((bytes) => JSON.parse(decoder.decode(bytes)) as Source))));
    figures.records.push(cpuOf(() => (fromRecords = records.map((bytes) => decodeSourceRecord(bytes, decoder)))));
    if (round === 0) figures.same = JSON.stringify(fromRecords) === JSON.stringify(fromJson);
  }
  figures.recordBytes = records.reduce((sum, bytes) => sum + bytes.length, 0);
  figures.jsonBytes = json.reduce((sum, bytes) => sum + bytes.length, 0);
  return figures;
}

if (process.argv[2] === '--start') void freshStart(process.argv[3], process.argv[4]);
else void main();
