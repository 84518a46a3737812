import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPdf } from '../../../src/core/pdf/readPdf';
import { pdfParagraphs } from '../../../src/core/pdf/paragraphs';

// The PDFs are made by test/fixtures/pdf/make.sh with pdflatex from the .tex files beside them.
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pdf');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

describe('Reading the text of a PDF made with LaTeX', () => {
  it('gives the printed page labels from 201, the document information, and the paragraphs as written', async () => {
    const read = await readPdf(bytesOf('article.pdf'), { name: 'article.pdf' });
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.deepEqual(read.value.pages.map((page) => page.label), ['201', '202', '203', '204']);
    assert.equal(read.value.labelled, true);
    assert.deepEqual(read.value.info, { title: 'Pits and Perverts Revisited', author: 'Ann Example', created: '2017-03-04' });
    const paragraphs = pdfParagraphs(read.value.pages);
    assert.deepEqual(
      paragraphs.map((paragraph) => [paragraph.text, paragraph.pages.map((span) => span.label).join('+')]),
      [
        ["The first paragraph tells of the efficient fluency of the miners’ financial officers, who flew to London. The committee reconsidered its extraordinary, internationally coordinated solidarity with considerable determination.", '201'],
        ["The second paragraph begins here and carries on for quite a while so that it fills the page and runs across the page break. It speaks of fields and flowers, of difficult conflicts, of the first benefit concert at the Electric Ballroom in Camden, and of the many letters that arrived from every corner of the country offering support. Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter, carrying collections, food parcels, and messages of encouragement from strangers who had never seen a coal mine. This sentence ends after the break.", '201+202'],
        ['The third paragraph is short.', '202'],
        ['The fourth paragraph sits in the left column of a two-column page and is long enough to fill several lines of it.', '204'],
        ['The fifth paragraph sits in the right column.', '204'],
      ],
    );
    const across = paragraphs[1];
    assert.equal(across.text.slice(across.pages[1].start, across.pages[1].start + 'bitter winter'.length), 'bitter winter');
  });

  it('reads the bytes as VS Code’s desktop file system gives them, a Node Buffer', async () => {
    const read = await readPdf(readFileSync(join(FIXTURES, 'nolabels.pdf')), { name: 'nolabels.pdf' });
    assert.deepEqual(read.ok ? read.value.pages.map((page) => page.label) : read.message, ['1', '2']);
  });

  it('numbers the pages of a PDF without page labels from the given first page', async () => {
    const read = await readPdf(bytesOf('nolabels.pdf'), { name: 'nolabels.pdf', firstPage: 45 });
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.deepEqual(read.value.pages.map((page) => page.label), ['45', '46']);
    assert.equal(read.value.labelled, false);
    assert.deepEqual(pdfParagraphs(read.value.pages).map((paragraph) => paragraph.text.slice(0, 20)), ['A chapter without pa', 'Its second page.']);
  });

  it('tells the writer to run OCR on a PDF without a text layer', async () => {
    const read = await readPdf(bytesOf('notext.pdf'), { name: 'scan.pdf' });
    assert.equal(read.ok, false);
    assert.equal(read.ok ? '' : read.message, 'scan.pdf has no text: run OCR on it first, e.g. ocrmypdf (`ocrmypdf in.pdf out.pdf`), then put the result in its place.');
  });

  it('reports a truncated PDF as damaged', async () => {
    const read = await readPdf(bytesOf('article.pdf').slice(0, 3000), { name: 'cut.pdf' });
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.message, /^cut\.pdf is damaged \(.+\): it is skipped\. Open it in a PDF viewer and save or print it to a new PDF\.$/);
  });

  it('reports a PDF encrypted with a password, saying how to make a copy it can read', async () => {
    const read = await readPdf(bytesOf('encrypted.pdf'), { name: 'locked.pdf' });
    assert.equal(
      read.ok ? '' : read.message,
      'locked.pdf is encrypted with a password: Sourcebook cannot read it. Save an unprotected copy (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`) and put it in its place.',
    );
  });

  it('reports a PDF cut short (the committed truncated.pdf: the article’s first 12,000 bytes) as damaged', async () => {
    const read = await readPdf(bytesOf('truncated.pdf'), { name: 'truncated.pdf' });
    assert.equal(read.ok ? '' : read.message, 'truncated.pdf is damaged (Invalid PDF structure.): it is skipped. Open it in a PDF viewer and save or print it to a new PDF.');
  });

  it('skips a 2,000-page PDF under the default page limit without reading its pages', async () => {
    const read = await readPdf(bytesOf('pages2000.pdf'), { name: 'pages2000.pdf' });
    assert.equal(read.ok ? '' : read.message, 'pages2000.pdf has 2,000 pages, over the 1,500-page limit for a PDF source: it is skipped. Split it into chapters.');
  });

  it('reports a file that is not a PDF at all', async () => {
    const read = await readPdf(new TextEncoder().encode('Just some text.'), { name: 'notes.pdf' });
    assert.equal(read.ok ? '' : read.message, 'notes.pdf is not a PDF (it does not start with %PDF): it is skipped.');
  });

  it('skips a PDF with more pages than the limit, saying how many it has', async () => {
    const read = await readPdf(bytesOf('article.pdf'), { name: 'book.pdf', maxPages: 3 });
    assert.equal(read.ok ? '' : read.message, 'book.pdf has 4 pages, over the 3-page limit for a PDF source: it is skipped. Split it into chapters.');
  });
});
