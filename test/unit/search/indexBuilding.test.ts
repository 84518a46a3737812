// The search and quotation indexes built in a worker thread (src/workers/indexBuilding.ts, started here as TypeScript
// through tsx; the integration suite's real extension host starts the bundled dist/indexBuilding.js):
// - the host's texts reach the worker in batches, and the index restored from the worker's parts answers every
//   search and every quotation check as the index built on the host does;
// - a Sourcebook given the builder answers the same, hears the worker's progress, and applies a change made while the
//   worker was building;
// - a worker that cannot start, stops, or answers with an error is told once, and the index is built on the host.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import type { IndexingProgress } from '../../../src/core/sourcebook';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { QuotationChecker } from '../../../src/core/quotations/quotationChecker';
import { onSharedMemory, textBatches } from '../../../src/core/search/indexBuilding';
import { WorkerIndexBuilder } from '../../../src/edge/indexBuilders';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { quotationDraft, sourceFiles, vocabularyOf } from '../../../bench/synthetic';
import { params, typedQuery } from '../helpers/fastCheck';
import { notesSource } from '../helpers/fixtures';
import { threadNiceValues } from '../helpers/threads';

const WORKER_ENTRY = path.join(__dirname, '..', '..', '..', 'src', 'workers', 'indexBuilding.ts');
const TSX = require.resolve('tsx/cjs');
const startWorker = (): Worker => new Worker(`require(${JSON.stringify(TSX)}); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const bundled = JSON.parse(corpusJson) as LibraryData;
const vocabulary = vocabularyOf(bundled);
const synthetic = sourceFiles(vocabulary, 60, 12_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!);
const sources: Source[] = [...bundled.sources, ...synthetic];
const texts = sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));
const query = typedQuery(texts);

function checks(index: SourceWordIndex, draft: string): unknown {
  return new QuotationChecker(index, { format: 'markdown' }).checkAll(draft);
}

/** The typed arrays in `value` (parts: plain objects and arrays holding them). */
function typedArrays(value: unknown): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(typedArrays);
  return value && typeof value === 'object' ? Object.values(value).flatMap(typedArrays) : [];
}

/** Asserts that every typed array of `parts` is on memory shared with the worker (none counted as this heap's). */
function assertShared(parts: unknown): void {
  const arrays = typedArrays(parts);
  assert.ok(arrays.length >= 4, `${arrays.length} typed arrays`);
  for (const array of arrays) assert.ok(array.buffer instanceof SharedArrayBuffer, `a ${array.constructor.name} of ${array.byteLength} bytes on a ${array.buffer.constructor.name}`);
}

function failures() {
  const told: string[] = [];
  return { told, events: { failed: (message: string) => told.push(message) } };
}

describe('indexes built in a worker thread', function () {
  this.timeout(60_000);

  it('sends the texts in batches of about the size asked, every paragraph once, in order', () => {
    const batches = [...textBatches(sources, 100_000)];
    assert.ok(batches.length >= 5, `${batches.length} batches`);
    for (const batch of batches.slice(0, -1)) {
      const size = batch.reduce((sum, source) => sum + source.texts.reduce((n, text) => n + text.length, 0), 0);
      const last = batch[batch.length - 1].texts.reduce((n, text) => n + text.length, 0);
      assert.ok(size >= 100_000 && size - last < 100_000, `a batch of ${size} characters`);
    }
    assert.deepEqual(
      batches.flat().map((source) => source.key),
      sources.map((source) => source.meta.key),
    );
    assert.deepEqual(
      batches.flat().flatMap((source) => source.texts),
      texts,
    );
  });

  it('copies parts onto shared memory: each buffer once, only the span its views cover, views that overlapped still overlapping', () => {
    const grown = new Int32Array(1_000).map((_, i) => i * 3);
    const bytes = new Uint8Array(64).map((_, i) => 255 - i);
    const parts = { head: grown.subarray(8, 20), tail: grown.subarray(16, 40), nested: [{ set: bytes }, { set: bytes.subarray(3, 9) }], count: 7, name: 'x' };
    const shared = onSharedMemory(parts);
    assert.deepEqual(shared, parts, 'the same values, kinds and lengths');
    assertShared(shared);
    // head and tail were views of one buffer: one shared copy of the 128 bytes they cover, not of its 4,000.
    assert.equal(shared.head.buffer, shared.tail.buffer);
    assert.equal(shared.head.buffer.byteLength, 40 * 4 - 8 * 4);
    shared.head[10] = -1;
    assert.equal(shared.tail[2], -1, 'a write through one view is seen through the other, as before');
    assert.equal(grown[18], 54, 'the original is not written');
    assert.equal(shared.nested[1].set.buffer, shared.nested[0].set.buffer);
    assert.equal(shared.nested[1].set.byteOffset, 3);
  });

  it('gives a search index that answers every search as the one built on the host', async () => {
    const { told, events } = failures();
    const done: number[] = [];
    const parts = await new WorkerIndexBuilder(startWorker, events).passageParts(sources, turn, (count) => done.push(count));
    assert.deepEqual(told, []);
    assert.ok(parts?.passagesAreOwn && parts.postings.poolIsOwn, 'the passages and postings are this thread’s to read in place');
    assertShared({ ...parts, words: [] });
    assert.equal(done[done.length - 1], sources.length);
    const restored = (await PassageIndex.fromSnapshotPartsInSlices(parts, sources, turn))!;
    assert.ok(restored, 'the parts hold together');
    const built = await PassageIndex.inSlices(sources, turn);
    // The worker's letter bitmaps came with the parts: the host need not make them.
    assert.ok(built.letterSetsKept > 20, `${built.letterSetsKept} letter bitmaps`);
    assert.equal(restored.letterSetsKept, built.letterSetsKept);
    fc.assert(
      fc.property(query, (typed) => {
        assert.deepEqual(restored.search(typed), built.search(typed));
      }),
      params(150),
    );
  });

  it('sends the bitmaps of the commonest prefixes it made, which the restored index keeps', async () => {
    // 60,000 sentences with words in "th": a prefix common enough for a build to make its bitmap.
    const paragraphs = Array.from({ length: 3_000 }, (_, p) => Array.from({ length: 20 }, (_, s) => `Thea thanked them ${p} ${s}.`).join(' '));
    const common = [notesSource('thanks', paragraphs)];
    const parts = await new WorkerIndexBuilder(startWorker).passageParts(common, turn, () => {});
    const restored = (await PassageIndex.fromSnapshotPartsInSlices(parts!, common, turn))!;
    const built = await PassageIndex.inSlices(common, turn);
    assert.ok(built.prefixSetsKept > 0, 'a build makes the commonest prefix bitmaps');
    assert.equal(restored.prefixSetsKept, built.prefixSetsKept);
    assert.deepEqual(restored.search('thea th'), built.search('thea th'));
  });

  it('gives a quotation word index whose checks are the host-built one’s, quotation for quotation', async () => {
    const { told, events } = failures();
    const parts = await new WorkerIndexBuilder(startWorker, events).wordParts(sources, turn, () => {});
    assert.deepEqual(told, []);
    assert.ok(parts?.postingsAreOwn, 'the postings are this thread’s to read in place');
    assertShared({ ...parts, words: [] });
    const restored = (await SourceWordIndex.fromSnapshotPartsInSlices(parts, sources, [], turn))!;
    const built = new SourceWordIndex(sources);
    let checked = 0;
    fc.assert(
      fc.property(fc.nat(10_000), (seed) => {
        const draft = quotationDraft(sources, vocabulary, 1_500, 12, seed).text;
        const found = checks(restored, draft) as unknown[];
        checked += found.length;
        assert.deepEqual(found, checks(built, draft));
      }),
      params(20),
    );
    assert.ok(checked > 0, 'the drafts held quotations to check');
  });

  it('lets a Sourcebook build both indexes in one worker, sent the texts once, telling its progress', async () => {
    const { told, events } = failures();
    let started = 0;
    const book = new Sourcebook(
      new Library({ ...bundled, sources }, { mentionsComputed: true }),
      new WorkerIndexBuilder(() => {
        started++;
        return startWorker();
      }, events),
    );
    const heard: IndexingProgress[] = [];
    book.onIndexingProgress((progress) => heard.push(progress));
    const [search, words] = await Promise.all([book.searchReady(turn), book.wordIndexReady(turn)]);
    assert.ok(book.indexed);
    assert.deepEqual(told, []);
    assert.equal(started, 1, 'one worker for both indexes');
    const oneGo = new Sourcebook(new Library({ ...bundled, sources }, { mentionsComputed: true }));
    for (const typed of ['miners', 'Hefin', 'lesbians and gays', 'Dai Donov']) assert.deepEqual(search.search(typed), oneGo.search.search(typed));
    const draft = quotationDraft(sources, vocabulary, 1_000, 8, 7).text;
    assert.deepEqual(checks(words, draft), checks(oneGo.wordIndex, draft));
    for (const index of ['search', 'quotations'] as const) {
      const last = heard.filter((progress) => progress.index === index).pop();
      assert.deepEqual(last, { index, done: sources.length, total: sources.length });
    }
  });

  it('applies a source added while the worker builds, and builds the word index again over it', async () => {
    const { told, events } = failures();
    const book = new Sourcebook(new Library({ ...bundled, sources }, { mentionsComputed: true }), new WorkerIndexBuilder(startWorker, events));
    const late = notesSource('late-arrival', ['Zephyrine quartermasters counted the collection buckets twice.']);
    const searched = book.searchReady(turn);
    const wordsBefore = book.wordIndexReady(turn);
    await turn();
    await book.setSourceInSlices(late, turn);
    const search = await searched;
    assert.equal(search.search('Zephyrine quartermasters')[0]?.source, 'late-arrival');
    await wordsBefore;
    const words = await book.wordIndexReady(turn);
    assert.ok(words.paragraphsOf('late-arrival'), 'the word index holds the source added meanwhile');
    assert.deepEqual(told, [], 'built in the worker, not on the host');
  });

  it('builds in a thread of the lowest priority, leaving the host’s own as it was, and ends it once answered', async function () {
    if (process.platform !== 'linux') this.skip(); // elsewhere a nice value is the whole process's: left alone
    const before = threadNiceValues();
    assert.equal(before.get(process.pid), 0, 'this process starts at the normal priority');
    let exited: Promise<unknown> | undefined;
    const lowered: Array<Array<[number, number]>> = [];
    const builder = new WorkerIndexBuilder(() => {
      const worker = startWorker();
      exited = once(worker, 'exit');
      return worker;
    });
    const parts = await builder.passageParts(sources, turn, () => lowered.push([...threadNiceValues()].filter(([tid, nice]) => nice !== (before.get(tid) ?? 0))));
    assert.ok(parts);
    assert.ok(lowered.length > 0, 'the worker told its progress');
    for (const threads of lowered) {
      assert.equal(threads.length, 1, `one thread lowered: ${JSON.stringify(threads)}`);
      assert.equal(threads[0][1], 19);
      assert.ok(!before.has(threads[0][0]), 'the lowered thread is the new worker’s, not one of the host’s');
    }
    assert.equal(threadNiceValues().get(process.pid), 0, 'the host’s own thread keeps its priority');
    await exited;
    assert.ok(![...threadNiceValues().values()].includes(19), 'the worker has ended once it answered');
  });

  it('tells once when a worker cannot start, and the Sourcebook builds the indexes on the host', async () => {
    const { told, events } = failures();
    let started = 0;
    const builder = new WorkerIndexBuilder(() => {
      started++;
      throw new Error('no threads here');
    }, events);
    const book = new Sourcebook(new Library(bundled, { mentionsComputed: true }), builder);
    const search = await book.searchReady(turn);
    await book.wordIndexReady(turn);
    assert.deepEqual(told, ['no threads here']);
    assert.equal(started, 1, 'not started again after it failed');
    assert.ok(search.search('Mark Ashton').length > 0);
  });

  it('tells once when a worker stops or answers with an error, and builds on the host', async () => {
    const answering = (answer: string) => `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => { if (m.build) parentPort.postMessage(${answer}); });`;
    const cases: Array<[string, RegExp]> = [
      ['process.exit(3)', /exit code 3/],
      [answering(`{ index: m.build, error: 'out of memory' }`), /out of memory/],
      [answering(`{ error: 'out of memory' }`), /out of memory/],
      // Parts whose vocabulary is not the count it gives.
      [answering(`{ index: m.build, passages: {}, wordCount: 3 }`), /did not hold together/],
    ];
    for (const [code, message] of cases) {
      const { told, events } = failures();
      const builder = new WorkerIndexBuilder(() => new Worker(code, { eval: true }), events);
      const book = new Sourcebook(new Library(bundled, { mentionsComputed: true }), builder);
      const search = await book.searchReady(turn);
      assert.equal(told.length, 1, told.join('; '));
      assert.match(told[0], message);
      assert.ok(search.search('Mark Ashton').length > 0);
      assert.equal(await builder.wordParts(sources, turn, () => {}), undefined, 'no worker is started after a failure');
    }
  });

  it('takes a worker that stops answering for stuck, and builds on the host', async () => {
    const { told, events } = failures();
    const builder = new WorkerIndexBuilder(() => new Worker(`require('node:worker_threads').parentPort.on('message', () => {});`, { eval: true }), events, 300);
    const book = new Sourcebook(new Library(bundled, { mentionsComputed: true }), builder);
    const search = await book.searchReady(turn);
    assert.deepEqual(told, ['it did not answer for 0.3 s']);
    assert.ok(search.search('Mark Ashton').length > 0);
  });
});
