import * as assert from 'node:assert/strict';
import { locatorFor, matchesWords, parseCitationQuery, quickPickText, shortName } from '../../../src/core/search/citationQuery';

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

  it('reads a page, chapter, section, line, figure, volume, note, "s.v." or time typed after the key', () => {
    assert.deepEqual(parseCitationQuery('tate2017 p. 45'), { words: ['tate2017'], locator: '45', label: 'page' });
    assert.deepEqual(parseCitationQuery('tate2017 pp. 45–47'), { words: ['tate2017'], locator: '45-47', label: 'page' });
    assert.deepEqual(parseCitationQuery('tate2017 ch. 3'), { words: ['tate2017'], locator: '3', label: 'chapter' });
    assert.deepEqual(parseCitationQuery('tate2017 chapter 3'), { words: ['tate2017'], locator: '3', label: 'chapter' });
    assert.deepEqual(parseCitationQuery('tate2017 sec. 2'), { words: ['tate2017'], locator: '2', label: 'section' });
    assert.deepEqual(parseCitationQuery('tate2017 § 2'), { words: ['tate2017'], locator: '2', label: 'section' });
    assert.deepEqual(parseCitationQuery('tate2017 l. 10'), { words: ['tate2017'], locator: '10', label: 'line' });
    assert.deepEqual(parseCitationQuery('tate2017 fig. 2'), { words: ['tate2017'], locator: '2', label: 'figure' });
    assert.deepEqual(parseCitationQuery('tate2017 vol. 2'), { words: ['tate2017'], locator: '2', label: 'volume' });
    assert.deepEqual(parseCitationQuery('tate2017 n. 12'), { words: ['tate2017'], locator: '12', label: 'note' });
    assert.deepEqual(parseCitationQuery('oed s.v. miners'), { words: ['oed'], locator: 'miners', label: 'sub-verbo' });
    assert.deepEqual(parseCitationQuery('pride at 12:30'), { words: ['pride'], locator: '12:30', label: 'timestamp' });
    assert.deepEqual(parseCitationQuery('tate2017 para. 4'), { words: ['tate2017'], paragraph: 4 });
    assert.deepEqual(parseCitationQuery('tate2017 p. 1984'), { words: ['tate2017'], locator: '1984', label: 'page' });
  });

  it('makes a bare number a paragraph of a source with text (as before) and a page of a source without text', () => {
    const withText = { paragraphs: [1, 2, 3, 4].map((number) => ({ number, text: 'x', line: number, kind: 'text' as const })) };
    const referenceOnly = { paragraphs: [], referenceOnly: true };
    assert.deepEqual(locatorFor(parseCitationQuery('crossan 4'), withText), { paragraph: 4 });
    assert.deepEqual(locatorFor(parseCitationQuery('crossan 3-4'), withText), { paragraph: '3-4' });
    assert.deepEqual(locatorFor(parseCitationQuery('crossan 9'), withText), {});
    assert.deepEqual(locatorFor(parseCitationQuery('tate2017 45–47'), referenceOnly), { locator: '45-47', label: 'page' });
    assert.deepEqual(locatorFor(parseCitationQuery('tate2017 45'), referenceOnly), { locator: '45', label: 'page' });
    assert.deepEqual(locatorFor(parseCitationQuery('crossan p. 45'), withText), { locator: '45', label: 'page' });
    assert.deepEqual(locatorFor(parseCitationQuery('tate2017 para. 4'), referenceOnly), { paragraph: 4 });
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
