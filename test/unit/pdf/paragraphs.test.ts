import * as assert from 'node:assert/strict';
import { pdfParagraphs, pdfParagraphsInSlices, unligature, type PdfPageText, type PdfTextItem } from '../../../src/core/pdf/paragraphs';
import { pageLocator } from '../../../src/core/pdf/pageLocator';

/** A page of lines, 14 units apart from y = 500 down; a line starting with two spaces is indented. */
function page(label: string, lines: string[], x = 50): PdfPageText {
  const items: PdfTextItem[] = lines.map((line, index) => ({
    str: line.trimStart(),
    x: line.startsWith('  ') ? x + 12 : x,
    y: 500 - index * 14,
    width: line.length * 5,
    height: 10,
    hasEOL: true,
  }));
  return { label, items };
}

describe('Paragraphs of a PDF, as the author wrote them', () => {
  it('joins the lines of a paragraph and starts a new one at an indented line', () => {
    const paragraphs = pdfParagraphs([page('1', ['  The first line', 'and the second.', '  A new paragraph', 'goes on.'])]);
    assert.deepEqual(paragraphs.map((paragraph) => paragraph.text), ['The first line and the second.', 'A new paragraph goes on.']);
  });

  it('removes a line-end hyphen that splits a word, and keeps one the document writes elsewhere', () => {
    const paragraphs = pdfParagraphs([
      page('1', ['  The well-known committee was well-', 'known for its deter-', 'mination, and every-', 'one knew it.', 'Everyone agreed.']),
    ]);
    assert.equal(paragraphs[0].text, 'The well-known committee was well-known for its determination, and everyone knew it. Everyone agreed.');
  });

  it('writes the ligatures ﬁ, ﬂ, ﬀ, ﬃ as letters', () => {
    assert.equal(unligature('eﬃcient ﬁnancial ﬂuency, oﬀ'), 'efficient financial fluency, off');
    assert.equal(pdfParagraphs([page('1', ['  ﬁelds and ﬂowers'])])[0].text, 'fields and flowers');
  });

  it('leaves out a running header and the page numbers repeated on every page', () => {
    const words = [['Miners marched', 'to London.'], ['Londoners gave', 'their wages.'], ['Letters came', 'every day.']];
    const pages = ['201', '202', '203'].map((label, index) => page(label, ['Journal of Example Studies', `  ${words[index][0]}`, words[index][1], label]));
    assert.deepEqual(
      pdfParagraphs(pages).map((paragraph) => paragraph.text),
      ['Miners marched to London.', 'Londoners gave their wages.', 'Letters came every day.'],
    );
  });

  it('keeps a paragraph across a page break as one, each stretch knowing its page', () => {
    const [paragraph] = pdfParagraphs([page('201', ['  The words before the break run to the foot', 'of the page and then con-']), page('202', ['tinue on the next page.'])]);
    assert.equal(paragraph.text, 'The words before the break run to the foot of the page and then continue on the next page.');
    const onFirst = 'The words before the break run to the foot of the page and then con'.length;
    assert.deepEqual(paragraph.pages, [
      { start: 0, end: onFirst, label: '201', index: 0 },
      { start: onFirst, end: paragraph.text.length, label: '202', index: 1 },
    ]);
  });

  it('rebuilds a long PDF\'s paragraphs in slices, pausing after each page of each pass, with the same result', async () => {
    const lines = [
      ['Miners marched to London', 'with banners and con-'],
      ['Londoners gave their wages', 'to the strike com-'],
      ['Letters came from every valley', 'and were an-'],
      ['Buses left from Dulais', 'and the journey con-'],
    ];
    const pages = lines.map(([first, second], i) => page(String(201 + i), [`  ${first}`, second]));
    pages.push(page('205', ['tinues here.']));
    let pauses = 0;
    const sliced = await pdfParagraphsInSlices(pages, async () => {
      pauses++;
    });
    assert.deepEqual(sliced, pdfParagraphs(pages));
    assert.equal(sliced.length, 4);
    assert.equal(sliced[3].text, 'Buses left from Dulais and the journey continues here.');
    assert.equal(pauses, 3 * pages.length);
  });

  it('cites words on one page by that page, and words across the break by the range', () => {
    const [found] = pdfParagraphs([page('201', ['  Before the break.']), page('202', ['After the break.'])]);
    const paragraph = { number: 1, text: found.text, line: 0, kind: 'text' as const, pages: found.pages };
    assert.equal(found.text, 'Before the break. After the break.');
    assert.equal(pageLocator(paragraph, 0, 6), '201');
    assert.equal(pageLocator(paragraph, 18, 23), '202');
    assert.equal(pageLocator(paragraph, 7, 23), '201-202');
    assert.equal(pageLocator({ ...paragraph, pages: undefined }, 0, 6), undefined);
  });
});
