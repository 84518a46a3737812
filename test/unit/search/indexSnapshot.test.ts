// Snapshots of the passage search index and the quotation word index (src/core/search/indexSnapshot.ts), over the
// bundled corpus and 40 synthetic sources (bench/synthetic.ts):
// - restored, they answer every search and every quotation check as the indexes built from the sources do;
// - after some sources were removed, changed or added, only the changed and new ones are indexed again, and the
//   answers are those of indexes kept in step with those changes (the search index built from the snapshot's
//   library, then the removed and changed sources removed and the changed and new ones added; the quotation word
//   index, which is built whole, built from the library as it is now, unchanged sources first);
// - a snapshot of another version, truncated, with any byte changed, or not a snapshot at all, is refused.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import type { LibraryData } from '../../../src/core/library';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { QuotationChecker } from '../../../src/core/quotations/quotationChecker';
import { OpenedSnapshot, restoreIndexes, restoreIndexesInSlices, snapshotIndexes, snapshotIndexesInSlices } from '../../../src/core/search/indexSnapshot';
import { contentHash } from '../../../src/core/text/contentHash';
import type { IndexSnapshotStore, LibrarySource, SnapshotReader } from '../../../src/core/search/indexSnapshot';
import { openFromStore } from '../../../src/core/search/snapshotKeeper';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { quotationDraft, sourceFiles, vocabularyOf } from '../../../bench/synthetic';
import { params, typedQuery } from '../helpers/fastCheck';

const bundled = JSON.parse(corpusJson) as LibraryData;
const vocabulary = vocabularyOf(bundled);
const files = sourceFiles(vocabulary, 40, 6_000);
const synthetic = files.map((file, i) => parseSource(file, `synthetic/${i}.md`).source!);
const sources: Source[] = [...bundled.sources, ...synthetic];
const texts = sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));
/** Other texts for the same keys: the synthetic files generated again with another seed. */
const rewritten = sourceFiles(vocabulary, 40, 6_000, 9_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!);
const newcomers = sourceFiles(vocabulary, 5, 6_000, 12_000).map((file, i) => {
  const source = parseSource(file, `new/${i}.md`).source!;
  return { ...source, meta: { ...source.meta, key: `newcomer${i}` } };
});

const query = typedQuery(texts);

async function withHashes(library: readonly Source[]): Promise<LibrarySource[]> {
  return Promise.all(library.map(async (source) => ({ source, hash: await contentHash(source.paragraphs.map((p) => p.text).join('\n\n')) })));
}

/** A store read a range at a time, as the desktop's is: each range into a buffer of its own (kept, to look at). */
class RangeStore implements IndexSnapshotStore {
  readonly buffers: ArrayBufferLike[] = [];
  closed = false;
  constructor(private readonly bytes: Uint8Array) {}
  async get(): Promise<Uint8Array | undefined> {
    return this.bytes;
  }
  async set(): Promise<void> {}
  async reader(): Promise<SnapshotReader> {
    return {
      size: this.bytes.length,
      read: async (offset, length) => {
        const bytes = this.bytes.slice(offset, offset + length);
        this.buffers.push(bytes.buffer);
        return bytes;
      },
      close: async () => {
        this.closed = true;
      },
    };
  }
}

function check(index: SourceWordIndex, draft: string): unknown {
  return new QuotationChecker(index, { format: 'markdown' }).checkAll(draft);
}

describe('index snapshots', () => {
  const passages = new PassageIndex(sources);
  const words = new SourceWordIndex(sources);
  let library: LibrarySource[] = [];
  let bytes: Uint8Array = new Uint8Array(0);

  before(async () => {
    library = await withHashes(sources);
    bytes = snapshotIndexes(passages, words, library)!;
  });

  it('restores indexes that answer every search as the built index does', async () => {
    const restored = (await restoreIndexes(bytes, library))!;
    assert.deepEqual(restored.indexed, []);
    assert.equal(restored.reused.length, sources.length);
    fc.assert(
      fc.property(query, (typed) => {
        assert.deepEqual(restored.passages!.search(typed), passages.search(typed));
      }),
      params(150),
    );
  });

  it('restores a word index whose quotation checks are the built one’s, quotation for quotation', async () => {
    const restored = (await restoreIndexes(bytes, library))!;
    fc.assert(
      fc.property(fc.nat(10_000), (seed) => {
        const draft = quotationDraft(sources, vocabulary, 1_500, 12, seed).text;
        const checks = check(restored.words!, draft) as Array<{ status: string }>;
        assert.deepEqual(checks, check(words, draft));
        assert.ok(checks.some((result) => result.status === 'verified'), 'some quotations are verified');
      }),
      params(25),
    );
  });

  it('indexes again only the sources changed or added since the snapshot, drops the removed ones, and answers as the indexes kept in step do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat(synthetic.length - 1), { maxLength: 6 }),
        fc.uniqueArray(fc.nat(synthetic.length - 1), { maxLength: 6 }),
        fc.nat(newcomers.length),
        fc.array(query, { minLength: 5, maxLength: 5 }),
        fc.nat(10_000),
        async (removed, changed, added, queries, seed) => {
          const gone = new Set(removed.map((i) => synthetic[i].meta.key));
          const redone = new Map(changed.filter((i) => !gone.has(synthetic[i].meta.key)).map((i) => [synthetic[i].meta.key, rewritten[i]]));
          const now = [...sources.filter((source) => !gone.has(source.meta.key)).map((source) => redone.get(source.meta.key) ?? source), ...newcomers.slice(0, added)];
          const restored = (await restoreIndexes(bytes, await withHashes(now)))!;
          assert.deepEqual(new Set(restored.indexed), new Set([...redone.keys(), ...newcomers.slice(0, added).map((s) => s.meta.key)]));
          assert.deepEqual(new Set(restored.removed), gone);
          // The search index built from the library of the snapshot, then kept in step as a writer's changes are:
          // the removed and changed sources removed, the changed and new ones added.
          const built = new PassageIndex(sources);
          for (const source of sources) if (gone.has(source.meta.key) || redone.has(source.meta.key)) built.removeSource(source.meta.key);
          for (const source of now) if (restored.indexed.includes(source.meta.key)) built.addSource(source);
          // The word index built from the library as it is now, in the order a restore keeps: unchanged sources first.
          const order = [...now.filter((source) => !restored.indexed.includes(source.meta.key)), ...now.filter((source) => restored.indexed.includes(source.meta.key))];
          for (const typed of [...queries, ...newcomers.slice(0, added).map((s) => s.paragraphs[0].text.slice(0, 40))]) {
            assert.deepEqual(restored.passages!.search(typed), built.search(typed));
          }
          const draft = quotationDraft(now, vocabulary, 1_500, 12, seed).text;
          assert.deepEqual(check(restored.words!, draft), check(new SourceWordIndex(order), draft));
        },
      ),
      params(20),
    );
  });

  it('restores in slices, giving the host its turns, the same indexes as in one go', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat(synthetic.length - 1), { maxLength: 4 }), fc.nat(newcomers.length), fc.array(query, { minLength: 3, maxLength: 3 }), fc.nat(10_000), async (changed, added, queries, seed) => {
        const redone = new Map(changed.map((i) => [synthetic[i].meta.key, rewritten[i]]));
        const now = await withHashes([...sources.map((source) => redone.get(source.meta.key) ?? source), ...newcomers.slice(0, added)]);
        let turns = 0;
        const sliced = (await restoreIndexesInSlices(bytes, now, async () => {
          turns++;
          await new Promise((resolve) => setImmediate(resolve));
        }))!;
        const oneGo = (await restoreIndexes(bytes, now))!;
        assert.ok(turns > 1, 'the host had its turns');
        assert.deepEqual([sliced.reused, sliced.indexed, sliced.removed], [oneGo.reused, oneGo.indexed, oneGo.removed]);
        for (const typed of queries) assert.deepEqual(sliced.passages!.search(typed), oneGo.passages!.search(typed));
        const draft = quotationDraft(now.map((entry) => entry.source), vocabulary, 1_000, 8, seed).text;
        assert.deepEqual(check(sliced.words!, draft), check(oneGo.words!, draft));
      }),
      params(12),
    );
  });

  it('takes in slices, giving the host its turns, the same bytes as in one go, files and all', async () => {
    const files = synthetic.map((source, i) => ({ uri: source.origin, mtime: 1_700_000_000_000 + i, size: 1000 + i, hash: library[bundled.sources.length + i].hash!, keyLine: 1, problems: [], source }));
    let turns = 0;
    const sliced = await snapshotIndexesInSlices(passages, words, library, files, async () => {
      turns++;
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.ok(turns >= files.length, 'a turn after each file at least');
    assert.deepEqual(sliced, snapshotIndexes(passages, words, library, files));
    const known = OpenedSnapshot.open(sliced!)!.knownFiles();
    assert.deepEqual(known.get(synthetic[7].origin)?.source(), synthetic[7]);
  });

  it('writes the files’ mentions a run at a time, giving the host a turn at least every megabyte of them', async () => {
    const files = synthetic.map((source, i) => ({ uri: source.origin, mtime: 1_700_000_000_000 + i, size: 1000 + i, hash: library[bundled.sources.length + i].hash!, keyLine: 1, problems: [], source }));
    // 40 files named 25,000 times each: about 16 MB of mentions as JSON.
    const withMentions = files.map((file, i) => ({ ...file, mentions: ['names', ['entity-a', 'entity-b'], Array.from({ length: 100_000 }, (_, n) => (n % 4 === 0 ? (n >> 2) % 2 : n % 4 === 1 ? 1 : 1000 + i + n))] as [string, string[], number[]] }));
    const json = JSON.stringify(withMentions.map((file) => file.mentions)).length;
    const turnsOf = async (kept: typeof files) => {
      let turns = 0;
      const bytes = await snapshotIndexesInSlices(undefined, undefined, library, kept, async () => void turns++);
      return { turns, bytes: bytes! };
    };
    const plain = await turnsOf(files);
    const mentioned = await turnsOf(withMentions);
    assert.ok(mentioned.turns - plain.turns >= Math.floor(json / 1e6), `${mentioned.turns - plain.turns} more turns for ${json} characters of mentions`);
    const known = OpenedSnapshot.open(mentioned.bytes)!.knownFiles();
    assert.deepEqual(known.get(synthetic[7].origin)?.mentions(), withMentions[7].mentions);
    assert.deepEqual(mentioned.bytes, snapshotIndexes(undefined, undefined, library, withMentions));
  });

  it('restores a search index whose posting pool fills several chunks, and snapshots it again to the same bytes', async () => {
    const more = sourceFiles(vocabulary, 80, 6_000, 20_000).map((file, i) => {
      const source = parseSource(file, `large/${i}.md`).source!;
      return { ...source, meta: { ...source.meta, key: `large${i}` } };
    });
    const large = [...sources, ...more];
    const index = new PassageIndex(large);
    assert.ok((index.snapshotParts().postings.poolChunks?.length ?? 0) > 1, 'the pool is in several chunks');
    const largeLibrary = await withHashes(large);
    const taken = snapshotIndexes(index, undefined, largeLibrary)!;
    const restored = (await restoreIndexes(taken, largeLibrary))!;
    for (const typed of ['bread and roses', large.at(-1)!.paragraphs[3].text.slice(0, 40), 'the', 'w']) {
      assert.deepEqual(restored.passages!.search(typed), index.search(typed));
    }
    assert.deepEqual(snapshotIndexes(restored.passages, undefined, largeLibrary), taken);
  });

  describe('read a range at a time (the desktop’s store)', () => {
    const more = sourceFiles(vocabulary, 80, 6_000, 20_000).map((file, i) => {
      const source = parseSource(file, `large/${i}.md`).source!;
      return { ...source, meta: { ...source.meta, key: `large${i}` } };
    });
    const large = [...sources, ...more];
    const largePassages = new PassageIndex(large);
    const largeWords = new SourceWordIndex(large);
    let largeLibrary: LibrarySource[] = [];
    let taken: Uint8Array = new Uint8Array(0);

    before(async () => {
      largeLibrary = await withHashes(large);
      taken = snapshotIndexes(largePassages, largeWords, largeLibrary)!;
    });

    it('keeps the posting lists in the buffers read for them, not copies, and answers as the built indexes', async () => {
      const store = new RangeStore(taken);
      const opened = (await openFromStore(store))!;
      const restored = (await opened.restore(largeLibrary))!;
      const pool = restored.passages!.snapshotParts().postings.poolChunks!;
      assert.ok(pool.length > 1, 'the pool is in several chunks');
      assert.ok(pool.every((chunk) => chunk.buffer === pool[0].buffer && store.buffers.includes(pool[0].buffer)), 'the pool is read where it was read into');
      assert.ok(store.buffers.includes(restored.words!.snapshotParts().postings.buffer), 'the word lists are read where they were read into');
      assert.equal(store.closed, true);
      for (const typed of ['bread and roses', large.at(-1)!.paragraphs[3].text.slice(0, 40), 'the', 'w']) {
        assert.deepEqual(restored.passages!.search(typed), largePassages.search(typed));
      }
      const draft = quotationDraft(large, vocabulary, 1_500, 12, 5).text;
      assert.deepEqual(check(restored.words!, draft), check(largeWords, draft));
      assert.deepEqual(snapshotIndexes(restored.passages, restored.words, largeLibrary), taken);
      // The lists are the restored indexes' now: the opened snapshot restores no other index over them.
      assert.equal(await opened.restore(largeLibrary), undefined);
    });

    it('indexes changed and added sources again into the lists kept in those buffers, answering as a snapshot read whole', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(fc.nat(more.length - 1), { maxLength: 4 }), fc.nat(newcomers.length), fc.array(query, { minLength: 3, maxLength: 3 }), fc.nat(10_000), async (changed, added, queries, seed) => {
          const redone = new Map(changed.map((i) => [more[i].meta.key, { ...rewritten[i % rewritten.length], meta: more[i].meta }]));
          const now = await withHashes([...large.map((source) => redone.get(source.meta.key) ?? source), ...newcomers.slice(0, added)]);
          const store = new RangeStore(taken);
          const pieces = (await (await openFromStore(store))!.restore(now))!;
          const whole = (await restoreIndexes(taken, now))!;
          assert.ok(store.buffers.includes(pieces.passages!.snapshotParts().postings.poolChunks![0].buffer));
          assert.deepEqual([pieces.reused, pieces.indexed, pieces.removed], [whole.reused, whole.indexed, whole.removed]);
          for (const typed of [...queries, ...newcomers.slice(0, added).map((source) => source.paragraphs[0].text.slice(0, 40))]) {
            assert.deepEqual(pieces.passages!.search(typed), whole.passages!.search(typed));
          }
          const draft = quotationDraft(now.map((entry) => entry.source), vocabulary, 1_000, 8, seed).text;
          assert.deepEqual(check(pieces.words!, draft), check(whole.words!, draft));
        }),
        params(6),
      );
    });

    it('refuses a snapshot with any one byte changed, or cut short', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(taken.length - 1), fc.integer({ min: 0, max: 255 }), async (at, flip) => {
          const damaged = flip === 0 ? taken.slice(0, at) : taken.slice();
          if (flip !== 0) damaged[at] ^= flip;
          assert.equal(await openFromStore(new RangeStore(damaged)), undefined);
        }),
        params(40),
      );
    });
  });

  it('checks the checksum in runs of any length with the verdict of one go', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 1 << 16 }), fc.option(fc.nat(bytes.length - 1)), async (run, damagedAt) => {
        const tried = bytes.slice();
        if (damagedAt !== null) tried[damagedAt] ^= 0x5a;
        const opened = await OpenedSnapshot.openInSlices(tried, async () => {}, run);
        assert.equal(opened !== undefined, OpenedSnapshot.open(tried) !== undefined);
        assert.equal(opened !== undefined, damagedAt === null);
      }),
      params(60),
    );
  });

  it('snapshots a restored index again, and that snapshot restores to the same answers', async () => {
    const now = [...sources.slice(0, -3), ...newcomers.slice(0, 2)];
    const nowLibrary = await withHashes(now);
    const first = (await restoreIndexes(bytes, nowLibrary))!;
    const again = (await restoreIndexes(snapshotIndexes(first.passages, first.words, nowLibrary)!, nowLibrary))!;
    assert.equal(again.indexed.length, 0);
    for (const typed of ['bread and roses', newcomers[1].paragraphs[0].text.slice(0, 30), 'the']) {
      assert.deepEqual(again.passages!.search(typed), first.passages!.search(typed));
    }
  });

  it('keeps a source removed from the index out of its snapshot', async () => {
    const index = new PassageIndex(sources);
    const gone = synthetic[3].meta.key;
    index.removeSource(gone);
    const now = sources.filter((source) => source.meta.key !== gone);
    const nowLibrary = await withHashes(now);
    const restored = (await restoreIndexes(snapshotIndexes(index, new SourceWordIndex(now), nowLibrary)!, nowLibrary))!;
    assert.deepEqual(restored.indexed, []);
    fc.assert(
      fc.property(query, (typed) => {
        const hits = restored.passages!.search(typed);
        assert.deepEqual(hits, index.search(typed));
        assert.ok(hits.every((hit) => hit.source !== gone));
      }),
      params(60),
    );
  });

  it('leaves out of the snapshot an index built from other sources than the library given, and keeps the other', async () => {
    assert.equal(snapshotIndexes(passages, words, library.slice(1)), undefined);
    const searchOnly = (await restoreIndexes(snapshotIndexes(passages, new SourceWordIndex(sources.slice(1)), library)!, library))!;
    assert.ok(searchOnly.passages);
    assert.equal(searchOnly.words, undefined);
    const wordsOnly = (await restoreIndexes(snapshotIndexes(new PassageIndex(sources.slice(1)), words, library)!, library))!;
    assert.equal(wordsOnly.passages, undefined);
    const draft = quotationDraft(sources, vocabulary, 1_000, 8).text;
    assert.deepEqual(check(wordsOnly.words!, draft), check(words, draft));
  });

  it('takes no snapshot while a source is being added to the search index a paragraph at a time', async () => {
    const index = new PassageIndex(sources.slice(0, -1));
    let refused = 0;
    let pauses = 0;
    await index.addSourceInSlices(sources[sources.length - 1], async () => {
      pauses++;
      if (snapshotIndexes(index, undefined, library) === undefined) refused++;
    });
    assert.ok(pauses > 1);
    // The last pause comes after the last paragraph: the source is whole then.
    assert.equal(refused, pauses - 1);
    assert.ok(snapshotIndexes(index, undefined, library));
  });

  it('refuses a snapshot of another format version', async () => {
    const other = bytes.slice();
    other[4] ^= 0xff;
    assert.equal(await restoreIndexes(other, library), undefined);
  });

  it('refuses a truncated snapshot, whatever its length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), async (length) => {
        assert.equal(await restoreIndexes(bytes.slice(0, length), library), undefined);
      }),
      params(60),
    );
  });

  it('refuses a snapshot with any one byte changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const damaged = bytes.slice();
        damaged[at] ^= flip;
        assert.equal(await restoreIndexes(damaged, library), undefined);
      }),
      params(60),
    );
  });

  it('refuses search parts with any number out of place, or answers without throwing (no checksum to help)', () => {
    const parts = passages.snapshotParts();
    const fields = ['passageParagraph', 'passageStart', 'passageEnd', 'passageKind', 'paragraphSlots', 'paragraphIndexes', 'wordLists'] as const;
    const poolFields = ['lists', 'levels'] as const;
    fc.assert(
      fc.property(fc.nat(fields.length + poolFields.length - 1), fc.nat(), fc.integer({ min: -5, max: 1 << 30 }), fc.boolean(), (f, at, value, removeOne) => {
        const copy = { ...parts, postings: { ...parts.postings, lists: parts.postings.lists.slice(), levels: parts.postings.levels.slice() } };
        const array = f < fields.length ? (copy[fields[f]] = copy[fields[f]].slice() as never) : copy.postings[poolFields[f - fields.length]];
        (array as Int32Array)[at % array.length] = value;
        const slots = copy.slotKeys.map((key) => sources.find((source) => source.meta.key === key));
        if (removeOne) slots[slots.length - 1] = undefined;
        const restored = PassageIndex.fromSnapshotParts(copy, slots);
        for (const typed of ['bread and roses', 'the', 'q']) restored?.search(typed);
      }),
      params(100),
    );
  });

  it('refuses quotation parts with any number out of place, or checks without throwing (no checksum to help)', () => {
    const parts = words.snapshotParts();
    const fields = ['paragraphSource', 'paragraphIndex', 'offsets', 'postings'] as const;
    const draft = quotationDraft(sources, vocabulary, 1_000, 8).text;
    fc.assert(
      fc.property(fc.nat(fields.length - 1), fc.nat(), fc.integer({ min: -5, max: 1 << 30 }), fc.boolean(), (f, at, value, removeOne) => {
        const array = parts[fields[f]].slice();
        array[at % array.length] = value;
        const slots: Array<Source | undefined> = parts.slotKeys.map((key) => sources.find((source) => source.meta.key === key));
        if (removeOne) slots[0] = undefined;
        const restored = SourceWordIndex.fromSnapshotParts({ ...parts, [fields[f]]: array }, slots, newcomers.slice(0, 1));
        if (restored) check(restored, draft);
      }),
      params(100),
    );
  });

  it('refuses bytes that are no snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (noise) => {
        assert.equal(await restoreIndexes(noise, library), undefined);
      }),
      params(100),
    );
  });
});
