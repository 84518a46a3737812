// The floor of fuse.js's score (src/core/search/fuseFloor.ts) against fuse.js itself, with the options passage
// search gives it: over texts of short words that share letters (so terms match with a few typing errors), the
// floor is never above fuse.js's score, and a text without a floor is one fuse.js rejects.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { approximateTerm } from '../../../src/core/search/approximateMatch';
import { fuseScoreFloor } from '../../../src/core/search/fuseFloor';
import { fuseFieldNorm } from '../../../src/core/search/fuseScore';
import { params } from '../helpers/fastCheck';

const THRESHOLD = 0.4;

function fuseScore(text: string, terms: string[]): number | undefined {
  const fuse = new Fuse([text], { includeScore: true, includeMatches: true, ignoreLocation: true, threshold: THRESHOLD, minMatchCharLength: 2, shouldSort: false, useExtendedSearch: true });
  return fuse.search(terms.join(' '))[0]?.score;
}

const word = fc.stringMatching(/^[abeor]{1,9}$/);
const text = fc.array(fc.oneof(word, fc.constantFrom('roberta', 'bread', 'arbor', 'é', 'ß')), { minLength: 1, maxLength: 40 }).map((words) => words.join(' '));
const terms = fc.array(fc.stringMatching(/^[abeor]{2,12}$/), { minLength: 1, maxLength: 4 });

describe('the floor of fuse.js\'s score', () => {
  it('is never above the score fuse.js gives, and is missing only for texts fuse.js rejects', () => {
    let matched = 0;
    let cases = 0;
    fc.assert(
      fc.property(text, terms, (text, terms) => {
        cases++;
        const score = fuseScore(text, terms);
        const floor = fuseScoreFloor(text.toLowerCase(), terms.map((term) => approximateTerm(term, THRESHOLD)));
        if (score !== undefined) {
          matched++;
          assert.notEqual(floor, undefined, `fuse.js matches "${terms.join(' ')}" in "${text}" (score ${score}) but the floor says it cannot`);
          assert.ok(floor! <= score, `floor ${floor} above fuse.js's ${score} for "${terms.join(' ')}" in "${text}"`);
        }
      }),
      params(2000),
    );
    assert.ok(matched * 20 > cases, `only ${matched} of ${cases} texts matched: the property saw too few matches`);
  });

  it('is fuse.js\'s score for a text holding every term exactly, but for fuse.js\'s least score of 0.001', () => {
    const text = 'the bread and the roses of the strike';
    const floor = fuseScoreFloor(text, ['bread', 'roses'].map((term) => approximateTerm(term, THRESHOLD)));
    assert.equal(floor, 0);
    assert.equal(fuseScore(text, ['bread', 'roses']), Math.pow(0.001, fuseFieldNorm(text)));
  });

  it('counts tokens as fuse.js does for the field norm: 1 / √8 for eight words', () => {
    assert.equal(fuseFieldNorm('the bread and the roses of the strike'), Math.round(1000 / Math.sqrt(8)) / 1000);
    assert.equal(fuseFieldNorm(''), 1);
  });
});
