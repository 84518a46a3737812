// The bit-parallel check that a fuzzy term can match somewhere in a text (src/core/search/approximateMatch.ts),
// against the plain dynamic-programming table it stands for: the fewest edits between the term and any stretch of
// the text (the table's first row all zeros, so a match may start anywhere; its least value in the last row).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { approximateTerm, fewestEdits, mayMatch } from '../../../src/core/search/approximateMatch';
import { params } from '../helpers/fastCheck';

function fewestEditsByTable(text: string, term: string): number {
  let previous = Array.from({ length: term.length + 1 }, (_, i) => i);
  let best = previous[term.length];
  for (let j = 1; j <= text.length; j++) {
    const row = [0];
    for (let i = 1; i <= term.length; i++) {
      const substitution = previous[i - 1] + (term[i - 1] === text[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, previous[i] + 1, row[i - 1] + 1));
    }
    previous = row;
    best = Math.min(best, row[term.length]);
  }
  return best;
}

const text = fc.stringMatching(/^[abeor é]{0,60}$/);
const term = fc.stringMatching(/^[abeoré]{1,32}$/);
const threshold = fc.constantFrom(0.2, 0.4, 0.6);

describe('a fuzzy term matched anywhere in a text, bit-parallel', () => {
  it('finds the fewest edits the plain table finds, capped at one over what the term allows', () => {
    fc.assert(
      fc.property(text, term, threshold, (t, word, th) => {
        const ready = approximateTerm(word, th)!;
        assert.equal(fewestEdits(t, ready), Math.min(fewestEditsByTable(t, word), ready.maxEdits + 1));
      }),
      params(2000),
    );
  });

  it('says a term may match exactly where the table finds a stretch within the edits it allows', () => {
    fc.assert(
      fc.property(text, term, threshold, (t, word, th) => {
        const ready = approximateTerm(word, th)!;
        assert.equal(mayMatch(t, ready), fewestEditsByTable(t, word) <= ready.maxEdits);
      }),
      params(2000),
    );
  });

  it('allows "bread" two edits at fuse.js\'s threshold of 0.4: "brad" and "breads" may match it, "the miners" is more than two edits from it everywhere', () => {
    const bread = approximateTerm('bread', 0.4)!;
    assert.equal(bread.maxEdits, 2);
    assert.ok(mayMatch('a brad loaf', bread));
    assert.ok(mayMatch('breads', bread));
    assert.equal(fewestEdits('the miners', bread), 3);
  });
});
