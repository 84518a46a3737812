import * as assert from 'node:assert/strict';
import { matchesWords, parseCitationQuery, quickPickText, shortName } from '../../../src/core/search/citationQuery';

describe('What the writer types in the citation picker', () => {
  it('reads "crossan 4" as Crossan, paragraph 4', () => {
    assert.deepEqual(parseCitationQuery('crossan 4'), { words: ['crossan'], paragraph: 4, bare: true });
  });

  it('reads "Byrne para. 16–17" as a range of paragraphs', () => {
    assert.deepEqual(parseCitationQuery('Byrne para. 16–17'), { words: ['byrne'], paragraph: '16-17' });
    assert.deepEqual(parseCitationQuery('byrne ¶12'), { words: ['byrne'], paragraph: 12 });
  });

  it('takes a year as a word to find the source by, not as a paragraph', () => {
    assert.deepEqual(parseCitationQuery('crossan 2025'), { words: ['crossan', '2025'] });
    assert.deepEqual(parseCitationQuery('1984'), { words: ['1984'] });
  });

  it('folds accents so "Sian" finds "Siân"', () => {
    assert.deepEqual(parseCitationQuery('Siân James'), { words: ['sian', 'james'] });
    assert.equal(matchesWords(['sian', 'jam'], 'Siân James'), true);
    assert.equal(matchesWords(['sian', 'x'], 'Siân James'), false);
  });

  it('names a source by author and year, "n.d." when undated', () => {
    assert.equal(shortName({ key: 'a', title: 'T', type: 'webpage', author: [{ family: 'Crossan', given: 'Elliot' }], date: '2025-02-15' }), 'Crossan 2025');
    assert.equal(shortName({ key: 'w', title: 'T', type: 'webpage', author: [{ literal: 'National Union of Mineworkers' }] }), 'National Union of Mineworkers n.d.');
    assert.equal(shortName({ key: 'b', title: 'T', type: 'book', author: [{ family: 'Smith' }, { family: 'Jones' }], date: '2020' }), 'Smith & Jones 2020');
    // An unsigned work is named by its title, in quotation marks as the styles cite it.
    assert.equal(shortName({ key: 'c', title: 'Untitled work', type: 'book', author: [], date: '2020' }), '“Untitled work” 2020');
  });

  it('shows a hostile title as text, never as an icon', () => {
    assert.equal(quickPickText('Click $(alert) [here](command:x)\nnow'), 'Click $\u200b(alert) [here](command:x) now');
  });
});
