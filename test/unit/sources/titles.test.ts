// Titles as CSL stores them: sentence case, names kept, case-protected words marked; the build's check for a
// title still written in title case.
import * as assert from 'node:assert/strict';
import { plainTitle, titleCaseWords } from '../../../src/core/sources/titles';

/** The names the bundled index knows in these titles, as its matcher would find them. */
const names = (plain: string) =>
  ['Lesbians and Gays Support the Miners', 'LoveWins', 'Pride'].flatMap((name) => {
    const at = plain.indexOf(name);
    return at < 0 ? [] : [{ start: at, end: at + name.length }];
  });

describe('Titles in sentence case', () => {
  it('shows a title with CSL’s markup as the words a reader sees', () => {
    assert.equal(plainTitle('Reading <span class="nocase">bell hooks</span> on the <i>Pride</i> picket line'), 'Reading bell hooks on the Pride picket line');
    assert.equal(plainTitle('Pride and prejudice'), 'Pride and prejudice');
    assert.equal(plainTitle('<script>alert(1)</script> & 5 < 6'), '<script>alert(1)</script> & 5 < 6', 'only CSL’s own tags are markup');
  });

  it('reads the bundled titles, in sentence case with their names, as sentence case', () => {
    assert.deepEqual(titleCaseWords('An ode to solidarity and organisation', names), []);
    assert.deepEqual(titleCaseWords('Pride and prejudice', names), []);
    assert.deepEqual(titleCaseWords('#LoveWins flashback: Lesbians and Gays Support the Miners', names), []);
    assert.deepEqual(titleCaseWords('Lesbians and Gays Support the Miners', names), []);
  });

  it('names the capitalised words of a title written in title case', () => {
    assert.deepEqual(titleCaseWords('An Ode to Solidarity and Organisation', names), ['Ode', 'Solidarity', 'Organisation']);
    assert.deepEqual(titleCaseWords('Pride and Prejudice', names), ['Prejudice']);
    assert.deepEqual(titleCaseWords('#LoveWins Flashback: Lesbians and Gays Support the Miners', names), ['Flashback']);
  });

  it('keeps the first word after a colon, the pronoun “I” and words protected with nocase', () => {
    assert.deepEqual(titleCaseWords('The strike: What I saw in <span class="nocase">Onllwyn and Dulais</span>'), []);
    assert.deepEqual(titleCaseWords('The strike: What I saw in Onllwyn'), ['Onllwyn'], 'a name the index does not know, unprotected');
  });
});
