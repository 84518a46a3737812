// The search's phrase check reads a candidate's text as it is, without a folded copy: for any text, stretch and
// phrase it answers as finding the phrase in the folded text does.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldedPhraseFinder, foldedWordStartFinder } from '../../../src/core/search/foldedPhrase';
import { fold } from '../../../src/core/text/normalize';
import { isWordCode } from '../../../src/core/text/sentences';
import { params } from '../helpers/fastCheck';

/** Finding the phrase in the folded text, at the stretch's start or after a unit not part of a word. */
function inFoldedText(text: string, phrase: string, start: number, end: number): boolean {
  const folded = fold(text);
  for (let at = folded.indexOf(phrase, start); at >= 0 && at + phrase.length <= end; at = folded.indexOf(phrase, at + 1)) {
    if (at === start || !isWordCode(folded.charCodeAt(at - 1))) return true;
  }
  return false;
}

/** A word of the folded text within the stretch (or cut at its start) whose key starts with `key`. */
function wordStartInFoldedText(text: string, key: string, start: number, end: number): boolean {
  const folded = fold(text);
  for (let at = folded.indexOf(key[0], start); at >= 0 && at < end; at = folded.indexOf(key[0], at + 1)) {
    const keyed = folded.slice(at, Math.min(end, at + key.length + 8)).replace(/['\u0300-\u036f]/g, '');
    if ((at === start || !isWordCode(folded.charCodeAt(at - 1))) && keyed.startsWith(key)) return true;
  }
  return false;
}

const units = fc.constantFrom(...'aAbBeEéÉèsSßtT  ’\'-.,İıçÇœ1'.split(''), 'Siân', 'there’s', "Don't", 'e\u0301', 'MINERS', 'miners', 'Héfina', '😀');
const text = fc.array(units, { maxLength: 40 }).map((parts) => parts.join(''));

describe('the phrase check on unfolded text', () => {
  it('finds "sian james" in "Siân James" and not in "Persian James"', () => {
    const find = foldedPhraseFinder('sian james');
    assert.equal(find('Siân James wrote', 0, 16), true);
    assert.equal(find('Persian James', 0, 13), false);
    assert.equal(find('Persian James', 3, 13), true);
  });

  it('answers as the folded text does, for any text, stretch and phrase', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (t, a, b, c, d) => {
        const folded = fold(t);
        // A phrase cut from the folded text (so it is often there) or from elsewhere in it.
        const from = folded.length === 0 ? 0 : a % folded.length;
        const phrase = folded.slice(from, from + 1 + (b % 8)).replace(/\s+/g, ' ');
        if (phrase.length === 0) return;
        const start = t.length === 0 ? 0 : c % (t.length + 1);
        const end = start + (d % (t.length - start + 1));
        assert.equal(foldedPhraseFinder(phrase)(t, start, end), inFoldedText(t, phrase, start, end), JSON.stringify({ t, phrase, start, end }));
      }),
      params(2000),
    );
  });

  it('answers the same told that a text holds no unit outside ASCII, for any such text, stretch and phrase', () => {
    const ascii = fc.array(fc.constantFrom(...'aAbBeEsStT  \'-.,1'.split(''), 'MINERS', 'miners', 'Don\'t'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(ascii, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (t, a, b, c, d) => {
        const from = t.length === 0 ? 0 : a % t.length;
        const phrase = t.toLowerCase().slice(from, from + 1 + (b % 8)).replace(/\s+/g, ' ');
        if (phrase.length === 0) return;
        const start = t.length === 0 ? 0 : c % (t.length + 1);
        const end = start + (d % (t.length - start + 1));
        assert.equal(foldedPhraseFinder(phrase)(t, start, end, true), inFoldedText(t, phrase, start, end), JSON.stringify({ t, phrase, start, end }));
      }),
      params(1000),
    );
  });

  it('finds a word starting with "theres" in "There’s" and "an" in "the Anvil", not in "banana"', () => {
    assert.equal(foldedWordStartFinder('theres')('There’s a way', 0, 13), true);
    assert.equal(foldedWordStartFinder('an')('the Anvil', 0, 9), true);
    assert.equal(foldedWordStartFinder('an')('banana', 0, 6), false);
  });

  it('finds a word starting with a key as the folded text does, for any text, stretch and key', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (t, a, b, c, d) => {
        const folded = fold(t).replace(/['\u0300-\u036f\s.,-]/g, '');
        const from = folded.length === 0 ? 0 : a % folded.length;
        const key = folded.slice(from, from + 1 + (b % 6));
        if (key.length === 0) return;
        const start = t.length === 0 ? 0 : c % (t.length + 1);
        const end = start + (d % (t.length - start + 1));
        assert.equal(foldedWordStartFinder(key)(t, start, end), wordStartInFoldedText(t, key, start, end), JSON.stringify({ t, key, start, end }));
      }),
      params(2000),
    );
  });
});
