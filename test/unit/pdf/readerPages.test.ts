import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPdfSource } from '../../../src/core/pdf/pdfSource';
import { sourcePages } from '../../../src/core/pdf/pageLocator';
import { PAGE_MARKER, readerLayout, readerOffsetAt, readerPageAt, readerRange } from '../../../src/core/sources/readerText';
import type { Source } from '../../../src/core/types';

// The test article (test/fixtures/pdf/article.pdf) is printed as pp. 201–204: paragraphs 1 and 2 start on p. 201,
// 2 runs on to p. 202 where 3 starts, p. 203 has no text, 4 and 5 are on p. 204.
const ARTICLE = join(__dirname, '..', '..', 'fixtures', 'pdf', 'article.pdf');

async function article(): Promise<Source> {
  const read = await readPdfSource({ uri: 'file:///papers/example2017.pdf', name: 'example2017.pdf', bytes: readFileSync(ARTICLE) });
  assert.ok(read.source, JSON.stringify(read.problems));
  return read.source;
}

describe('A PDF source in the source reader, with its printed pages', () => {
  it('puts "— p. 201 —" above the paragraph each page starts with, and none for a page that starts inside one', async () => {
    const source = await article();
    const layout = readerLayout(source, ['Example, Ann. 2017. Pits and Perverts Revisited.']);
    const lines = layout.text.split('\n');
    assert.deepEqual(
      lines.filter((line) => PAGE_MARKER.test(line) || /^\[\d+\]/.test(line)).map((line) => line.replace(/^(\[\d+\]) .*/, '$1')),
      ['— p. 201 —', '[1]', '[2]', '[3]', '— p. 204 —', '[4]', '[5]'],
      'p. 202 starts inside [2], so [3] has no marker; p. 203 has no text',
    );
    assert.deepEqual([...layout.pageByLine.values()], ['201', '204']);
    assert.equal(lines[[...layout.pageByLine.keys()][1] + 1], `[4] ${source.paragraphs[3].text}`, 'the marker is right above its paragraph');
  });

  it('keeps each paragraph on its own line, so a range and a position map to the right paragraph after the markers', async () => {
    const source = await article();
    const layout = readerLayout(source, ['Header']);
    const lines = layout.text.split('\n');
    for (const paragraph of source.paragraphs) {
      const range = readerRange(source, layout, paragraph.number, 4, 10);
      assert.ok(range);
      assert.equal(lines[range.start.line].slice(range.start.character, range.end.character), paragraph.text.slice(4, 10));
      assert.deepEqual(readerOffsetAt(source, layout, range.start), { paragraph: paragraph.number, offset: 4 });
    }
    const marker = [...layout.pageByLine.keys()][1];
    assert.equal(readerOffsetAt(source, layout, { line: marker, character: 3 }), undefined, 'a marker line is no paragraph');
  });

  it('tells the page at a position: the word’s page inside a paragraph across a break, the marked page on a marker line', async () => {
    const source = await article();
    const layout = readerLayout(source, ['Header']);
    const second = source.paragraphs[1];
    const line = layout.lines.get(2)!;
    const at = (offset: number) => readerPageAt(source, layout, { line, character: '[2] '.length + offset });
    assert.deepEqual([at(0)?.label, at(0)?.index], ['201', 0]);
    const after = second.text.indexOf('This sentence ends after the break');
    assert.deepEqual([at(after)?.label, at(after)?.index], ['202', 1]);
    const marker = [...layout.pageByLine.keys()][1];
    assert.deepEqual([readerPageAt(source, layout, { line: marker, character: 0 })?.label, readerPageAt(source, layout, { line: marker, character: 0 })?.index], ['204', 3]);
    assert.equal(readerPageAt(source, layout, { line: marker - 1, character: 0 })?.label, '204', 'the blank line above a marker: the next paragraph’s page');
    assert.equal(readerPageAt(source, layout, { line: 0, character: 0 })?.label, '201', 'the header: the first page');
  });

  it('lays out a source without pages as before: no marker, and no page at any position', () => {
    const source: Source = {
      meta: { key: 'plain', title: 'Plain', type: 'document', author: [] },
      paragraphs: [
        { number: 1, text: 'One paragraph.', line: 4, kind: 'text' },
        { number: 2, text: 'Another one.', line: 6, kind: 'text' },
      ],
      quotations: [],
      origin: 'plain.md',
    };
    const layout = readerLayout(source, ['Header']);
    assert.equal(layout.text, 'Header\n\n[1] One paragraph.\n\n[2] Another one.\n');
    assert.equal(layout.pageByLine.size, 0);
    assert.equal(readerPageAt(source, layout, { line: 2, character: 6 }), undefined);
  });
});

describe('The printed pages of a PDF source, for the Sources view', () => {
  it('lists pp. 201, 202 and 204 with the paragraphs that start on each; p. 202 carries on [2]', async () => {
    const pages = sourcePages((await article()).paragraphs);
    assert.deepEqual(pages, [
      { label: '201', index: 0, starting: [1, 2] },
      { label: '202', index: 1, starting: [3], continuing: 2 },
      { label: '204', index: 3, starting: [4, 5] },
    ]);
  });

  it('lists a page no paragraph starts on, inside a long paragraph, with the paragraph it carries on', () => {
    const text = 'a'.repeat(30);
    const pages = sourcePages([
      { number: 1, text, line: 0, kind: 'text', pages: [{ start: 0, end: 10, label: 'ix', index: 0 }, { start: 10, end: 20, label: 'x', index: 1 }, { start: 20, end: 30, label: 'xi', index: 2 }] },
      { number: 2, text: 'b', line: 2, kind: 'text', pages: [{ start: 0, end: 1, label: 'xi', index: 2 }] },
    ]);
    assert.deepEqual(pages, [
      { label: 'ix', index: 0, starting: [1] },
      { label: 'x', index: 1, starting: [], continuing: 1 },
      { label: 'xi', index: 2, starting: [2], continuing: 1 },
    ]);
  });

  it('has no pages for a source without them', () => {
    assert.deepEqual(sourcePages([{ number: 1, text: 'Plain.', line: 3, kind: 'text' }]), []);
  });
});
