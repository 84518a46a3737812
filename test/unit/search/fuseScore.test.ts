// fuse.js's fuzzy match computed without fuse.js (src/core/search/fuseScore.ts) against fuse.js itself, with the
// options passage search gives it: over texts of short words sharing letters (so terms match with a few typing
// errors, and some texts are a term alone, upper case, blank or hold letters outside ASCII), the same match or
// none, the same score to the last bit and the same stretches.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { bitapPattern, bitapTerm, fuseMatch, fuseTermsSupported, fuseText } from '../../../src/core/search/fuseScore';
import { params } from '../helpers/fastCheck';

const THRESHOLD = 0.4;

function byFuse(text: string, terms: string[]): { score: number; indices: Array<readonly [number, number]> } | undefined {
  const fuse = new Fuse([text], { includeScore: true, includeMatches: true, ignoreLocation: true, threshold: THRESHOLD, minMatchCharLength: 2, shouldSort: false, useExtendedSearch: true });
  const result = fuse.search(terms.join(' '))[0];
  return result && { score: result.score!, indices: (result.matches ?? []).flatMap((match) => match.indices) };
}

function ours(text: string, terms: string[]): { score: number; indices: Array<readonly [number, number]> } | undefined {
  const lowered = fuseText(text);
  const patterns = terms.map(bitapPattern);
  return fuseMatch(text, terms.length, (t) => bitapTerm(lowered, patterns[t], THRESHOLD, 2));
}

const word = fc.stringMatching(/^[abeorABE]{1,9}$/);
const words = fc.array(fc.oneof(word, fc.constantFrom('roberta', 'bread', 'arbor', 'é', 'ß', 'İb', '\u00a0', '\t', 'a.b', '')), { minLength: 0, maxLength: 40 });
/** A term: one of the text's words (lower case, ASCII) with a letter changed, dropped or added, or any. */
const term = (pool: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(/^[abeor0-9]{1,12}$/),
    fc.tuple(fc.constantFrom(...pool), fc.nat(12), fc.constantFrom('', 'a', 'o', 'x'), fc.nat(1)).map(([w, at, unit, drop]) => w.slice(0, at) + unit + w.slice(at + drop)),
  ).filter((t) => /^[a-z0-9]{1,32}$/.test(t));
const textAndTerms = fc.oneof(
  words.map((ws) => ws.join(' ')),
  fc.stringMatching(/^[abeor]{1,6}$/),
  fc.stringMatching(/^[abeor ]{0,80}$/),
).chain((text) => {
  const pool = text.toLowerCase().split(/\s+/).filter((w) => /^[a-z0-9]{1,32}$/.test(w));
  return fc.tuple(fc.constant(text), fc.array(term(pool.length ? pool : ['bread']), { minLength: 1, maxLength: 4 }));
});

describe('fuse.js\'s fuzzy match without fuse.js', () => {
  it('gives the same match, score and stretches as fuse.js', () => {
    let matched = 0;
    let cases = 0;
    fc.assert(
      fc.property(textAndTerms, ([text, terms]) => {
        cases++;
        const expected = byFuse(text, terms);
        const actual = ours(text, terms);
        if (expected) matched++;
        assert.deepEqual(actual, expected, `"${terms.join(' ')}" in "${text}"`);
      }),
      params(400),
    );
    assert.ok(matched * 10 > cases, `only ${matched} of ${cases} texts matched: the property saw too few matches`);
  });

  it('gives the same for a term as long as fuse.js allows (32 letters) and a text that is the term', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz012345';
    for (const [text, terms] of [
      [`x ${long} y`, [long]],
      [`x ${long.slice(0, 20)}q${long.slice(21)} y`, [long]],
      ['ab', ['ab']],
      ['a', ['a']],
      ['bread', ['bread', 'brd']],
    ] as Array<[string, string[]]>) {
      assert.deepEqual(ours(text, terms), byFuse(text, terms), `"${terms.join(' ')}" in "${text}"`);
    }
  });

  it('covers plain lower-case ASCII terms only', () => {
    assert.ok(fuseTermsSupported(['bread', 'r0ses']));
    assert.ok(!fuseTermsSupported(['brot', 'süß']));
    assert.ok(!fuseTermsSupported(['^bread']));
    assert.ok(!fuseTermsSupported([]));
  });
});
