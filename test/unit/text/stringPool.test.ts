// The string pool (core/text/stringPool.ts): equal texts give the string first kept; a pool never grows past its
// size; the string it keeps is made by its `own` function (a mention's spelling copied out of its paragraph, one
// byte a unit when its units allow).
import assert from 'node:assert/strict';
import { StringPool, ownCopy } from '../../../src/core/text/stringPool';
import { isOneByte as oneByte } from '../helpers/stringWidth';

describe('StringPool', () => {
  it('keeps the first string made for a text and gives it for every equal text', () => {
    const made: string[] = [];
    const pool = new StringPool(10, (text) => {
      made.push(text);
      return ownCopy(text);
    });
    const paragraph = 'Mark Ashton and Mike Jackson met Sian James; Mark Ashton spoke.';
    const first = pool.shared(paragraph.slice(0, 11));
    const again = pool.shared(paragraph.slice(45, 56));
    assert.equal(first, 'Mark Ashton');
    assert.equal(again, 'Mark Ashton');
    assert.deepEqual(made, ['Mark Ashton'], 'the second Mark Ashton was not made again');
    pool.shared('Sian James');
    assert.deepEqual(made, ['Mark Ashton', 'Sian James']);
  });

  it('is emptied when full, and then makes a text again', () => {
    let makes = 0;
    const pool = new StringPool(2, (text) => {
      makes++;
      return text;
    });
    pool.shared('a');
    pool.shared('b');
    pool.shared('a');
    assert.equal(makes, 2);
    pool.shared('c');
    pool.shared('a');
    assert.equal(makes, 4, '"c" emptied the full pool, so "a" was made again');
  });

  it('copies a text one byte a unit when its units allow, even cut from a two-byte string', () => {
    const wide = 'Dai Donovan said “solidarity” in Onllwyn';
    const cut = wide.slice(0, 11);
    assert.equal(oneByte(cut), false);
    assert.equal(ownCopy(cut), 'Dai Donovan');
    assert.equal(oneByte(ownCopy(cut)), true);
  });
});
