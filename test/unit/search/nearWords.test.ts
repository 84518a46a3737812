// A query word with no word of the vocabulary starting with it (a typing error) is looked for among the words within
// one or two edits of it, or of their beginnings (`nearWords`): one table answers as the two distances did.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundedEditDistance, nearEnough } from '../../../src/core/search/passageSearch';
import { params } from '../helpers/fastCheck';

const word = fc.array(fc.constantFrom(...'abcdeé'.split('')), { minLength: 1, maxLength: 14 }).map((units) => units.join(''));

describe('the near words of a query word', () => {
  it('counts a word or its beginning within the edits allowed, as the distance of each does', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 2 }), (key, candidate, max) => {
        if (Math.abs(key.length - candidate.length) > max) return;
        const expected = Math.min(boundedEditDistance(key, candidate, max), boundedEditDistance(key, candidate.slice(0, key.length), max)) <= max;
        assert.equal(nearEnough(key, candidate, max), expected, JSON.stringify({ key, candidate, max }));
      }),
      params(3000),
    );
  });

  it('finds "solidarity" near "solidarty", "strike" near the half-typed "strik", not "stroke" near "stirk"', () => {
    assert.equal(nearEnough('solidarty', 'solidarity', 2), true);
    assert.equal(nearEnough('strik', 'strike', 1), true);
    assert.equal(nearEnough('stirk', 'stroke', 1), false);
  });
});
