import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import { pdfAuthors } from '../../../src/core/pdf/pdfSource';
import { Library } from '../../../src/core/library';
import { quotationFor } from '../../../src/core/quotations/passageQuotation';
import { Citations } from '../../../src/core/citations/citations';
import { NodeFileSystem } from '../helpers/nodeFileSystem';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pdf');

describe('A PDF in a sources folder', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sourcebook-pdf-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function load() {
    const files = new OwnSourceFiles(new NodeFileSystem(), { join: (dir, name) => join(dir, name) });
    await files.loadAll([folder]);
    return files.resolve();
  }

  it('becomes a source keyed by its file name, with the facts of its document information and nothing invented', async () => {
    copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'example2017.pdf'));
    const resolved = await load();
    assert.deepEqual([...resolved.problems], []);
    const [source] = resolved.sources;
    assert.deepEqual(source.meta, { key: 'example2017', title: 'Pits and Perverts Revisited', type: 'document', author: [{ family: 'Example', given: 'Ann' }], date: '2017-03-04' });
    assert.equal(source.origin, join(folder, 'example2017.pdf'));
    assert.equal(source.paragraphs.length, 5);
    assert.deepEqual(source.paragraphs[1].pages?.map((span) => span.label), ['201', '202']);
    assert.equal(source.paragraphs[3].line, 3, 'the fourth paragraph starts on the fourth page');
  });

  it('takes its facts and first page from a sidecar, which wins over the document information', async () => {
    copyFileSync(join(FIXTURES, 'nolabels.pdf'), join(folder, 'tate2017.pdf'));
    writeFileSync(join(folder, 'tate2017.yaml'), 'title: Chapter Three\nauthor:\n  - family: Tate\n    given: Nia\ntype: chapter\ndate: 2017\nfirstPage: 45\n');
    const resolved = await load();
    assert.deepEqual([...resolved.problems], []);
    assert.deepEqual(resolved.entities, [], 'the sidecar is not an entity file');
    const [source] = resolved.sources;
    assert.deepEqual(source.meta, { key: 'tate2017', title: 'Chapter Three', type: 'chapter', author: [{ family: 'Tate', given: 'Nia' }], date: '2017' });
    assert.deepEqual(source.paragraphs.map((paragraph) => paragraph.pages?.map((span) => span.label)), [['45'], ['46']]);
  });

  it('cites a quotation from it by its printed page, and one across the page break by the range', async () => {
    copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'example2017.pdf'));
    const library = new Library({ sources: (await load()).sources });
    const across = library.paragraph('example2017', 2)?.text ?? '';
    const start = across.indexOf('Representatives');
    const end = across.indexOf('bitter winter') + 'bitter winter'.length;
    assert.deepEqual(quotationFor(library, 'example2017', 2, start, end)?.cite, { key: 'example2017', locator: '201-202', label: 'page' });
    assert.deepEqual(quotationFor(library, 'example2017', 2, 0, 20)?.cite, { key: 'example2017', locator: '201', label: 'page' });
    assert.deepEqual(quotationFor(library, 'example2017', 3)?.cite, { key: 'example2017', locator: '202', label: 'page' });
  });

  it('writes the page range across the break in each style’s own form: APA pp. 201–202, Chicago 201–2', async () => {
    copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'example2017.pdf'));
    const library = new Library({ sources: (await load()).sources });
    const text = library.paragraph('example2017', 2)?.text ?? '';
    const quotation = quotationFor(library, 'example2017', 2, text.indexOf('Representatives'), text.indexOf('winter'));
    assert.ok(quotation);
    const citations = new Citations(library.sources.map((source) => source.meta));
    const cite = async (style: string) => {
      const made = await citations.cite({ style, items: [quotation.cite], form: 'plain', citedBefore: [] });
      return made.ok ? made.value : made.message;
    };
    assert.equal(await cite('apa'), '(Example, 2017, pp. 201–202)');
    assert.equal(await cite('chicago-author-date'), '(Example 2017, 201–2)');
    assert.equal(await cite('modern-language-association'), '(Example 201–02)');
  });

  it('is reported once, with what to do, when it has no text, and the other sources still load', async () => {
    copyFileSync(join(FIXTURES, 'notext.pdf'), join(folder, 'scan.pdf'));
    writeFileSync(join(folder, 'notes.md'), '---\nkey: notes\ntitle: Notes\ntype: document\n---\n\nA paragraph.\n');
    const resolved = await load();
    assert.deepEqual(resolved.sources.map((source) => source.meta.key), ['notes']);
    assert.deepEqual(resolved.problems.get(join(folder, 'scan.pdf'))?.map((problem) => problem.message), [
      'scan.pdf has no text: run OCR on it first, e.g. ocrmypdf (`ocrmypdf in.pdf out.pdf`), then put the result in its place.',
    ]);
  });

  it('reports an encrypted, a truncated and a 2,000-page PDF once each, and the other sources still load', async () => {
    for (const name of ['encrypted.pdf', 'truncated.pdf', 'pages2000.pdf', 'article.pdf']) copyFileSync(join(FIXTURES, name), join(folder, name));
    writeFileSync(join(folder, 'notes.md'), '---\nkey: notes\ntitle: Notes\ntype: document\n---\n\nA paragraph.\n');
    const resolved = await load();
    assert.deepEqual(resolved.sources.map((source) => source.meta.key).sort(), ['article', 'notes']);
    const reported = [...resolved.problems].map(([file, problems]) => [file.slice(folder.length + 1), problems.map((problem) => problem.message.split(':')[0])]);
    assert.deepEqual(reported.sort(), [
      ['encrypted.pdf', ['encrypted.pdf is encrypted with a password']],
      ['pages2000.pdf', ['pages2000.pdf has 2,000 pages, over the 1,500-page limit for a PDF source']],
      ['truncated.pdf', ['truncated.pdf is damaged (Invalid PDF structure.)']],
    ]);
  });

  it('without a title anywhere, asks for a sidecar with one', async () => {
    copyFileSync(join(FIXTURES, 'nolabels.pdf'), join(folder, 'chapter.pdf'));
    const resolved = await load();
    assert.deepEqual(resolved.sources, []);
    assert.deepEqual(resolved.problems.get(join(folder, 'chapter.pdf'))?.map((problem) => problem.message), [
      'chapter.pdf has no title in its document information: write one in a sidecar chapter.yaml next to it (`title: …`).',
    ]);
  });

  it('over the size limit is skipped with the setting to raise', async () => {
    copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'big.pdf'));
    const files = new OwnSourceFiles(new NodeFileSystem(), { maxBytes: 10_000, join: (dir, name) => join(dir, name) });
    await files.loadAll([folder]);
    assert.deepEqual(files.resolve().problems.get(join(folder, 'big.pdf'))?.map((problem) => problem.message), [
      'big.pdf is 23 KB, over the 10 KB limit for a source: it is skipped. Split it, or raise “Sourcebook › Sources: Max File Size MB”.',
    ]);
  });

  it('reads the Author field as CSL names', () => {
    assert.deepEqual(pdfAuthors('Ann Example; Example, Bo and Mary Ann Other & Oxfam'), [
      { family: 'Example', given: 'Ann' },
      { family: 'Example', given: 'Bo' },
      { family: 'Other', given: 'Mary Ann' },
      { literal: 'Oxfam' },
    ]);
  });
});
