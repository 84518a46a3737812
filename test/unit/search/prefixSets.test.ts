import assert from 'node:assert/strict';
import { PrefixSets } from '../../../src/core/search/prefixSets';
import { hasPassage } from '../../../src/core/search/letterSets';

describe('prefix sets of passage search', () => {
  const table = {};
  const marking = (ids: number[], calls: string[], prefix: string) => (mark: (id: number) => void) => {
    calls.push(prefix);
    for (const id of ids) mark(id);
  };

  it('holds the passages marked for a prefix, and makes the set once while the table keeps its length', () => {
    const sets = new PrefixSets(4);
    const calls: string[] = [];
    const set = sets.get('fl', table, 100, marking([3, 64, 99], calls, 'fl'));
    assert.deepEqual([...Array(100).keys()].filter((id) => hasPassage(set, id)), [3, 64, 99]);
    assert.equal(sets.get('fl', table, 100, marking([], calls, 'fl')), set);
    assert.deepEqual(calls, ['fl']);
  });

  it('makes the set again once passages were added or the table replaced (a rebuild)', () => {
    const sets = new PrefixSets(4);
    const calls: string[] = [];
    sets.get('an', table, 100, marking([1], calls, 'an'));
    const grown = sets.get('an', table, 120, marking([1, 110], calls, 'an'));
    assert.ok(hasPassage(grown, 110));
    sets.get('an', {}, 120, marking([1], calls, 'an'));
    assert.deepEqual(calls, ['an', 'an', 'an']);
  });

  it('keeps only the last prefixes used, the least recently used dropped first', () => {
    const sets = new PrefixSets(2);
    const calls: string[] = [];
    for (const prefix of ['fl', 'an', 'fl', 'po', 'fl', 'an']) sets.get(prefix, table, 50, marking([prefix.length], calls, prefix));
    assert.deepEqual(calls, ['fl', 'an', 'po', 'an']);
    assert.equal(sets.keptFor(table, 50), 2);
  });
});
