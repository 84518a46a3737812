// When the indexes' snapshot is written (src/core/search/snapshotKeeper.ts): once the library has been quiet for the
// delay, one write for many changes, none when there is nothing in step to take; and read back at a start.
import assert from 'node:assert/strict';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { snapshotIndexes } from '../../../src/core/search/indexSnapshot';
import { contentHash } from '../../../src/core/text/contentHash';
import type { IndexSnapshotStore, LibrarySource } from '../../../src/core/search/indexSnapshot';
import { SnapshotKeeper, restoreFromStore } from '../../../src/core/search/snapshotKeeper';

/** A store in memory, counting its writes. */
class MemoryStore implements IndexSnapshotStore {
  bytes: Uint8Array | undefined;
  writes = 0;
  async get(): Promise<Uint8Array | undefined> {
    return this.bytes;
  }
  async set(bytes: Uint8Array): Promise<void> {
    this.writes++;
    this.bytes = bytes;
  }
}

/** A clock the test moves by hand. */
class Clock {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  setTimer = (callback: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  };
  clearTimer = (timer: unknown): void => {
    this.timers.delete(timer as number);
  };
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.now) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
}

describe('when the index snapshot is written', () => {
  const sources = bundledLibrary().sources;
  let library: LibrarySource[] = [];
  const passages = new PassageIndex(sources);
  const words = new SourceWordIndex(sources);

  before(async () => {
    library = await Promise.all(sources.map(async (source) => ({ source, hash: await contentHash(JSON.stringify(source.paragraphs)) })));
  });

  it('writes once the library has been quiet for the delay, once for many changes', async () => {
    const store = new MemoryStore();
    const clock = new Clock();
    const keeper = new SnapshotKeeper(store, () => snapshotIndexes(passages, words, library), { delayMs: 30_000, ...clock });
    for (let change = 0; change < 10; change++) {
      keeper.changed();
      clock.advance(5_000);
    }
    assert.equal(store.writes, 0);
    clock.advance(30_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.writes, 1);
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.writes, 1);
    assert.ok(store.bytes && store.bytes.length > 0);
  });

  it('writes nothing when the indexes are not in step with the library (no snapshot to take)', async () => {
    const store = new MemoryStore();
    const keeper = new SnapshotKeeper(store, () => snapshotIndexes(passages, words, library.slice(1)));
    await keeper.flush();
    assert.equal(store.writes, 0);
  });

  it('writes nothing after it is disposed', async () => {
    const store = new MemoryStore();
    const clock = new Clock();
    const keeper = new SnapshotKeeper(store, () => snapshotIndexes(passages, words, library), { delayMs: 1_000, ...clock });
    keeper.changed();
    keeper.dispose();
    clock.advance(5_000);
    await Promise.resolve();
    assert.equal(store.writes, 0);
  });

  it('restores at a start what was kept, and nothing from an empty store or a damaged snapshot', async () => {
    const store = new MemoryStore();
    assert.equal(await restoreFromStore(store, library), undefined);
    await new SnapshotKeeper(store, () => snapshotIndexes(passages, words, library)).flush();
    const restored = await restoreFromStore(store, library);
    assert.ok(restored);
    assert.deepEqual(restored.passages?.search('lodge banner'), passages.search('lodge banner'));
    store.bytes![store.bytes!.length - 1] ^= 1;
    assert.equal(await restoreFromStore(store, library), undefined);
  });
});
