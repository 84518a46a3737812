import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZoteroStandIn } from '../../harness/zoteroStandIn';
import { writerLibrary } from '../../fixtures/zoteroLibrary';
import { loadZoteroLibrary } from '../../../src/core/references/zoteroReader';
import { loadReferenceFile } from '../../../src/core/references/referenceFiles';
import { pdfAttachmentParagraphs } from '../../../src/core/pdf/pdfAttachment';
import type { ReferenceSet } from '../../../src/core/references/referenceSet';
import type { Paragraph, Result, Source } from '../../../src/core/types';
import { fail } from '../../../src/core/types';

const LIBRARY = join(__dirname, '..', '..', 'fixtures', 'library');
const PDFS = join(__dirname, '..', '..', 'fixtures', 'pdf');

/** Reads a PDF from disk as the extension does (the bytes, then the core's reading). */
async function readPdfFile(path: string): Promise<Result<Paragraph[]>> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return fail('it does not exist or cannot be read');
  }
  return pdfAttachmentParagraphs(bytes, path.slice(path.lastIndexOf('/') + 1));
}

async function load(path: string, text = readFileSync(path, 'utf8')): Promise<ReferenceSet> {
  const read: string[] = [];
  const set = await loadReferenceFile(text, path, {
    resolve: (origin, relative) => (relative.startsWith('/') ? relative : resolve(origin, '..', relative)),
    readPdfAttachment: (uri) => {
      read.push(uri);
      return readPdfFile(uri);
    },
  });
  return Object.assign(set, { read });
}

const byKey = (set: ReferenceSet, key: string): Source => set.sources.find((source) => source.meta.key === key) as Source;

describe('A PDF attached to a bibliography entry (its file field)', () => {
  const bib = join(LIBRARY, 'pdf-attached.bib');

  it('gives the entry the PDF’s paragraphs with their printed pages, and keeps the entry’s own facts', async () => {
    const set = await load(bib);
    const source = byKey(set, 'example2017');
    assert.equal(source.referenceOnly, false);
    assert.match(source.meta.title, /^Pits and perverts revisited: The entry's own title$/i, 'the entry’s title, not the PDF’s');
    assert.equal(source.meta.date, '2016', 'the entry’s date, not the PDF’s creation date (2017-03-04)');
    assert.deepEqual(source.meta.author, [{ family: 'Example', given: 'Ann' }]);
    assert.equal(source.paragraphs.length, 5);
    assert.deepEqual(source.paragraphs[1].pages?.map((span) => span.label), ['201', '202']);
    assert.equal(source.pdf, join(PDFS, 'article.pdf'), 'the PDF, resolved against the .bib file’s folder');
  });

  it('finds the PDF among several files of a Zotero-style field (description:path:type; …)', async () => {
    const source = byKey(await load(bib), 'zoteroform2017');
    assert.equal(source.referenceOnly, false);
    assert.equal(source.pdf, join(PDFS, 'article.pdf'));
  });

  it('keeps an entry whose PDF is missing reference-only, with one warning at its line naming the path', async () => {
    const set = await load(bib);
    const source = byKey(set, 'gone2019');
    assert.equal(source.referenceOnly, true);
    assert.deepEqual(source.paragraphs, []);
    const warnings = set.problems.filter((problem) => problem.message.includes('pdfs/gone2019.pdf'));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].line, source.entryLine);
    assert.equal(warnings[0].severity, 'warning');
    assert.match(warnings[0].message, /does not exist.*cited without its text/);
  });

  it('keeps an entry whose PDF has no text reference-only, saying to run OCR', async () => {
    const set = await load(bib);
    assert.equal(byKey(set, 'scanned2020').referenceOnly, true);
    const [warning] = set.problems.filter((problem) => problem.line === byKey(set, 'scanned2020').entryLine);
    assert.match(warning.message, /notext\.pdf.*has no text: run OCR on it first/);
  });

  it('reads an absolute path, and a PDF beside a .bib elsewhere', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sourcebook-bibpdf-'));
    try {
      copyFileSync(join(PDFS, 'article.pdf'), join(folder, 'beside.pdf'));
      const text = `@article{abs, title = {Absolute}, file = {${join(PDFS, 'article.pdf')}}}\n@article{beside, title = {Beside}, file = {beside.pdf}}\n`;
      const set = await load(join(folder, 'refs.bib'), text);
      assert.deepEqual(set.problems, []);
      assert.equal(byKey(set, 'abs').pdf, join(PDFS, 'article.pdf'));
      assert.equal(byKey(set, 'beside').pdf, join(folder, 'beside.pdf'));
      assert.equal(byKey(set, 'beside').paragraphs.length, 5);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads the file field of a CSL-JSON item', async () => {
    const text = JSON.stringify([{ id: 'json2017', type: 'article-journal', title: 'From JSON', file: join(PDFS, 'article.pdf') }]);
    const source = byKey(await load(join(LIBRARY, 'attached.json'), text), 'json2017');
    assert.equal(source.referenceOnly, false);
    assert.equal(source.paragraphs.length, 5);
  });
});

describe('A PDF attached to a Zotero item (against the Zotero stand-in)', () => {
  let standIn: ZoteroStandIn;
  before(async () => {
    standIn = await ZoteroStandIn.start(writerLibrary(undefined, join(PDFS, 'article.pdf')));
  });
  after(() => standIn.close());

  async function loadZotero(): Promise<ReferenceSet> {
    const result = await loadZoteroLibrary({ get: (url, init) => fetch(url, init), baseUrl: standIn.url, readPdf: (location) => readPdfFile(location.startsWith('file:') ? fileURLToPath(location) : location) });
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.value;
  }

  it('gives the item the linked PDF’s paragraphs with their pages, and keeps the item’s facts', async () => {
    const set = await loadZotero();
    const source = byKey(set, 'example2016pits');
    assert.equal(source.referenceOnly, undefined);
    assert.equal(source.meta.date, '2016');
    assert.equal(source.meta.title, 'Pits and perverts revisited');
    assert.equal(source.paragraphs.length, 5);
    assert.deepEqual(source.paragraphs[1].pages?.map((span) => span.label), ['201', '202']);
    assert.equal(source.pdf, join(PDFS, 'article.pdf'));
  });

  it('reports a stored PDF that is not on this machine once, and keeps its item reference-only', async () => {
    const set = await loadZotero();
    assert.equal(byKey(set, 'robinson2007gay').referenceOnly, true);
    const warnings = set.problems.filter((problem) => problem.message.includes('R8BNSN27'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /Zotero\/storage\/R8PDF3AT.*does not exist.*cited without its text/);
  });

  it('serves an attachment’s file URL as the local API does (/file/view/url, and /file redirecting to it)', async () => {
    const url = await fetch(`${standIn.url}/api/users/0/items/EXMPPDF1/file/view/url`);
    assert.equal(fileURLToPath(await url.text()), join(PDFS, 'article.pdf'));
    const file = await fetch(`${standIn.url}/api/users/0/items/EXMPPDF1/file`, { redirect: 'manual' });
    assert.equal(file.status, 302);
    assert.equal(fileURLToPath(file.headers.get('location') ?? ''), join(PDFS, 'article.pdf'));
    assert.equal((await fetch(`${standIn.url}/api/users/0/items/EXMP2017/file`)).status, 404, 'a regular item has no file');
  });
});
