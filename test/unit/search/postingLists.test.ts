// The search index's posting lists (one byte pool, varint deltas, chains of blocks): whatever is appended to a
// list, in whatever order the lists grow, is what the list reads back.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PostingLists } from '../../../src/core/search/postingLists';
import { params } from '../helpers/fastCheck';

describe('posting lists', () => {
  it('reads back every list as appended, lists growing interleaved, with repeats, jumps and steps back', () => {
    const value = fc.oneof(fc.nat(300), fc.nat(100_000), fc.constant(2 ** 31 - 1), fc.constant(0));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), value), { maxLength: 3000 }), (appends) => {
        const lists = new PostingLists();
        const ids = Array.from({ length: 10 }, () => lists.addList());
        const expected: number[][] = ids.map(() => []);
        for (const [list, v] of appends) {
          lists.push(ids[list], v);
          expected[list].push(v);
        }
        ids.forEach((id, list) => {
          assert.equal(lists.count(id), expected[list].length);
          assert.deepEqual([...lists.decode(id).subarray(0, lists.count(id))], expected[list]);
        });
      }),
      params(60),
    );
  });

  it('reads back a list of 100,000 passages spread over many blocks, after thousands of other lists were made', () => {
    const lists = new PostingLists();
    for (let i = 0; i < 5000; i++) lists.push(lists.addList(), i);
    const long = lists.addList();
    const values = Array.from({ length: 100_000 }, (_, i) => i * 3 + (i % 7));
    for (const v of values) lists.push(long, v);
    assert.deepEqual([...lists.decode(long).subarray(0, lists.count(long))], values);
    assert.deepEqual([...lists.decode(4321).subarray(0, 1)], [4321]);
  });

  it('marks a long list in runs with a cursor of its own: the bits of every value, other lists read between runs', () => {
    const lists = new PostingLists();
    for (let i = 0; i < 3000; i++) lists.push(lists.addList(), i * 7);
    const long = lists.addList();
    // Ascending with gaps, a step back and a repeat, as a common word's list (a paragraph may come twice).
    const values = [...Array.from({ length: 50_000 }, (_, i) => i * 3 + (i % 5)), 12, 12, 160_000];
    for (const v of values) lists.push(long, v);
    const set = new Uint8Array((160_000 >> 3) + 1);
    const reader = lists.reader(long);
    let yields = 0;
    while (lists.markBits(reader, set, 1000)) {
      yields++;
      // A search between two runs reads other lists (the shared cursor), and appends to another.
      assert.deepEqual([...lists.decode(yields % 3000).subarray(0, 1)], [(yields % 3000) * 7]);
      lists.push(yields % 3000, 200_000 + yields);
    }
    assert.equal(yields, Math.ceil(values.length / 1000) - 1);
    const expected = new Uint8Array(set.length);
    for (const v of values) expected[v >> 3] |= 1 << (v & 7);
    assert.deepEqual(set, expected);
  });

  it('tells whether a passage is one of the last two appended (so a word is posted once per passage)', () => {
    const lists = new PostingLists();
    const id = lists.addList();
    assert.equal(lists.endsWith(id, 0), false);
    lists.push(id, 7);
    lists.push(id, 9);
    assert.equal(lists.endsWith(id, 7), true);
    assert.equal(lists.endsWith(id, 9), true);
    lists.push(id, 8);
    assert.equal(lists.endsWith(id, 7), false);
  });

  it('reads back lists whose blocks run on from one chunk of the pool into the next, after a snapshot and after trimming', () => {
    const lists = new PostingLists();
    const ids = Array.from({ length: 40 }, () => lists.addList());
    const expected: number[][] = ids.map(() => []);
    const append = (count: number, seed: number): void => {
      let x = seed;
      for (let k = 0; k < count; k++) {
        x = (x * 1103515245 + 12345) >>> 1;
        const list = x % ids.length;
        // Mostly small steps (one byte), now and then a jump of several bytes that may straddle a chunk's end.
        const last = expected[list].length ? expected[list][expected[list].length - 1] : 0;
        const v = x % 17 === 0 ? x % 2_000_000 : last + 1 + (x % 50);
        lists.push(ids[list], v);
        expected[list].push(v);
      }
    };
    const marks = new Uint8Array(2_000_200);
    const readsBack = (from: PostingLists): void => {
      ids.forEach((id, list) => {
        assert.deepEqual([...from.decode(id).subarray(0, from.count(id))], expected[list]);
        marks.fill(0);
        assert.equal(from.advance(id, marks, 0, 1), new Set(expected[list]).size);
      });
    };
    append(900_000, 7); // over three chunks of 256 KB
    const parts = lists.parts();
    assert.ok(parts.pool.length > 3 * 256 * 1024);
    readsBack(lists);
    assert.deepEqual(readByLayout(parts, ids), expected);
    const restored = PostingLists.fromParts(parts);
    assert.ok(restored);
    const atSnapshot = expected.map((values) => [...values, (values.at(-1) ?? 0) + 1]);
    lists.trim();
    append(50_000, 11);
    readsBack(lists);
    ids.forEach((id, list) => restored.push(id, atSnapshot[list].at(-1) ?? 0));
    assert.deepEqual(
      ids.map((id) => [...restored.decode(id).subarray(0, restored.count(id))]),
      atSnapshot,
    );
  });

  it('restores a pool of over 8 MB in steps, pausing at least once per 4 MB copied, and every list reads back as built', () => {
    const lists = new PostingLists();
    const ids = Array.from({ length: 64 }, () => lists.addList());
    const expected: number[][] = ids.map(() => []);
    let x = 3;
    for (let k = 0; k < 2_200_000; k++) {
      x = (x * 1103515245 + 12345) >>> 1;
      const list = x % ids.length;
      // Jumps back and forth of up to a billion: four or five bytes each, so the pool grows past 8 MB.
      const v = (x >>> 6) % 1_000_000_000;
      lists.push(ids[list], v);
      expected[list].push(v);
    }
    const parts = lists.parts();
    const fourMegabytes = 4 << 20;
    assert.ok(parts.pool.length > 2 * fourMegabytes, `a pool of ${parts.pool.length} bytes`);
    const steps = PostingLists.restoring(parts);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    const restored = step.value;
    assert.ok(restored);
    assert.ok(pauses >= Math.ceil(parts.pool.length / fourMegabytes), `${pauses} pauses`);
    ids.forEach((id, list) => assert.deepEqual([...restored.decode(id).subarray(0, restored.count(id))], expected[list]));
  });
});

/** The lists read from a snapshot's parts by the documented layout alone (one array: next-block address, then varints). */
function readByLayout(parts: ReturnType<PostingLists['parts']>, ids: number[]): number[][] {
  const n = parts.levels.length;
  const pool = parts.pool;
  return ids.map((id) => {
    const count = parts.lists[3 * n + id];
    const values: number[] = [];
    let block = parts.lists[id];
    let level = 0;
    let at = block + 4;
    let value = 0;
    const next = (): number => {
      if (at === block + 4 + (4 << level)) {
        block = pool[block] | (pool[block + 1] << 8) | (pool[block + 2] << 16) | (pool[block + 3] << 24);
        level = Math.min(level + 1, 6);
        at = block + 4;
      }
      return pool[at++];
    };
    while (values.length < count) {
      let zigzag = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = next();
        zigzag |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
      zigzag >>>= 0;
      value += (zigzag >>> 1) ^ -(zigzag & 1);
      values.push(value);
    }
    return values;
  });
}
