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
});
