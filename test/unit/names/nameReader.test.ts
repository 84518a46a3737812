import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadNlp, namesInSource } from '../../../src/core/names/discoverEntities';
import type { NameReadable, Nlp, SourceSightings } from '../../../src/core/names/discoverEntities';
import { InThreadNameReader, answerNameRequest, nameRequest } from '../../../src/core/names/nameReader';
import type { NameReader } from '../../../src/core/names/nameReader';
import { WorkerNameReader } from '../../../src/edge/nameReaders';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import type { Source } from '../../../src/core/types';
import { notesSource } from '../helpers/fixtures';
import { threadNiceValues } from '../helpers/threads';

/**
 * The worker's entry as TypeScript, through tsx (dist/nameDiscovery.js is the same file bundled: the integration
 * suite reads names with that one, in the real extension host).
 */
const WORKER_ENTRY = path.join(__dirname, '..', '..', '..', 'src', 'workers', 'nameDiscovery.ts');
const TSX = require.resolve('tsx/cjs');
const startWorker = (): Worker => new Worker(`require(${JSON.stringify(TSX)}); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true });

/** Long enough that no source here is cut short by the clock: what is compared is what is found. */
const NO_TIME_LIMIT = 120_000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const source = notesSource;

const interviews = source('interviews', [
  'Gwen Pritchard ran the soup kitchen in the welfare hall every morning of the strike.',
  'Later that winter Gwen Pritchard spoke at a rally organised by the Transport and General Workers Union.',
  'David Thomas drove the van to London once, and Mark Ashton’s letter thanked him.',
]);
const letters = source('letters', [
  'A letter from Gwen Pritchard thanked the Transport and General Workers Union for the food parcels.',
  'Mark Ashton replied the same week, and Mark Ashton’s reply was read aloud.',
]);

/** Reads each source in turn, as the extension does (one at a time). */
async function readAll(reader: NameReader, sources: readonly NameReadable[]): Promise<SourceSightings[]> {
  const read: SourceSightings[] = [];
  for (const item of sources) read.push(await reader.read(item, NO_TIME_LIMIT));
  return read;
}

function events() {
  const failures: string[] = [];
  const loaded: string[] = [];
  return { failures, loaded, events: { failed: (message: string) => failures.push(message), loaded: (where: 'worker' | 'host') => loaded.push(where) } };
}

describe('Reading names in a worker thread', function () {
  this.timeout(120_000);
  const sources: Source[] = [...bundledData().sources!, interviews, letters];
  let onThisThread: SourceSightings[];
  let nlp: Nlp;
  const readers: NameReader[] = [];

  before(async () => {
    nlp = await loadNlp();
    const inThread = new InThreadNameReader(turn);
    onThisThread = await readAll(inThread, sources);
  });

  afterEach(() => {
    for (const reader of readers.splice(0)) reader.dispose();
  });

  function workerReader(start: () => Worker = startWorker) {
    const told = events();
    const reader = new WorkerNameReader(start, () => new InThreadNameReader(turn, () => told.loaded.push('host')), told.events);
    readers.push(reader);
    return { reader, ...told };
  }

  it('finds the same people and organisations in each source, paragraph by paragraph, as reading on this thread', async () => {
    const { reader, failures, loaded } = workerReader();
    const inWorker = await readAll(reader, sources);
    assert.deepEqual(inWorker, onThisThread);
    // Something worth comparing: the bundled corpus names dozens of people and groups.
    const names = new Set(onThisThread.flatMap((read) => read.sightings.map((sighting) => sighting.name)));
    assert.ok(names.has('Gwen Pritchard') && names.has('Swansea Valleys Miners Support Group'), [...names].join(', '));
    assert.ok(names.size > 20, `${names.size} names`);
    assert.deepEqual(failures, []);
    assert.deepEqual(loaded, ['worker'], 'compromise was loaded in the worker, not here');
  });

  it('sends only the paragraphs within the characters read at most, and still says the source was read in part', () => {
    const long = source('long', Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: Gwen Pritchard wrote to the Transport and General Workers Union again. ${'The hall was cold. '.repeat(20)}`));
    const maxChars = 3_000;
    const request = nameRequest(1, long, NO_TIME_LIMIT, maxChars);
    assert.ok(request.paragraphs.length < 10, `${request.paragraphs.length} paragraphs sent`);
    const answer = answerNameRequest(nlp, request);
    assert.ok('read' in answer);
    assert.deepEqual(answer.read, namesInSource(nlp, long, { maxChars }));
    assert.equal(answer.read.truncated, true);
    // A limit that falls where only empty paragraphs follow: read whole, on either side.
    const exact = source('exact', ['Gwen Pritchard spoke.', '', '']);
    const whole = answerNameRequest(nlp, nameRequest(2, exact, NO_TIME_LIMIT, 'Gwen Pritchard spoke.'.length));
    assert.ok('read' in whole);
    assert.deepEqual(whole.read, namesInSource(nlp, exact, { maxChars: 'Gwen Pritchard spoke.'.length }));
    assert.equal(whole.read.truncated, false);
  });

  it('starts its worker on the first read only, and ends it when disposed', async () => {
    const started: Worker[] = [];
    const { reader, failures } = workerReader(() => {
      const worker = startWorker();
      started.push(worker);
      return worker;
    });
    assert.equal(started.length, 0);
    assert.deepEqual(await reader.read(letters, NO_TIME_LIMIT), onThisThread[sources.indexOf(letters)]);
    assert.equal(started.length, 1);
    const exited = once(started[0], 'exit');
    reader.dispose();
    await exited;
    await assert.rejects(reader.read(letters, NO_TIME_LIMIT), /disposed/);
    assert.deepEqual(failures, [], 'ending the worker on dispose is not a failure');
  });

  it('reads in a thread of the lowest priority, so the host’s thread wins a contested core, and leaves the host’s own as it was', async function () {
    if (process.platform !== 'linux') this.skip(); // elsewhere a nice value is the whole process's: left alone
    const before = threadNiceValues();
    assert.equal(before.get(process.pid), 0, 'this process starts at the normal priority');
    const started: Worker[] = [];
    const { reader } = workerReader(() => {
      const worker = startWorker();
      started.push(worker);
      return worker;
    });
    assert.deepEqual(await reader.read(letters, NO_TIME_LIMIT), onThisThread[sources.indexOf(letters)]);
    const during = threadNiceValues();
    const lowered = [...during].filter(([tid, nice]) => nice !== (before.get(tid) ?? 0));
    assert.equal(lowered.length, 1, `one thread lowered: ${JSON.stringify([...during])}`);
    assert.equal(lowered[0][1], 19);
    assert.ok(!before.has(lowered[0][0]), 'the lowered thread is the new worker’s, not one of the host’s');
    assert.equal(during.get(process.pid), 0, 'the host’s own thread keeps its priority');
    const exited = once(started[0], 'exit');
    reader.dispose();
    await exited;
    assert.ok(![...threadNiceValues().values()].includes(19), 'no lowered thread is left once the worker has ended');
  });

  it('reads on this thread instead, and says so once, when the worker cannot start', async () => {
    const { reader, failures, loaded } = workerReader(() => new Worker(path.join(__dirname, 'no-such-worker.js')));
    const read = await readAll(reader, [interviews, letters]);
    assert.deepEqual(read, [onThisThread[sources.indexOf(interviews)], onThisThread[sources.indexOf(letters)]]);
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.match(failures[0], /no-such-worker/);
    assert.deepEqual(loaded, ['host']);
  });

  it('answers the read it was waiting for, on this thread, when the worker thread dies meanwhile', async () => {
    const started: Worker[] = [];
    const { reader, failures } = workerReader(() => {
      const worker = startWorker();
      started.push(worker);
      return worker;
    });
    const waiting = reader.read(interviews, NO_TIME_LIMIT);
    await started[0].terminate(); // not through the reader: to it, the thread stopped by itself
    assert.deepEqual(await waiting, onThisThread[sources.indexOf(interviews)]);
    assert.deepEqual(await reader.read(letters, NO_TIME_LIMIT), onThisThread[sources.indexOf(letters)]);
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.match(failures[0], /stopped/);
    assert.equal(started.length, 1, 'no second worker is started');
  });
});
