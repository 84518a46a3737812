import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import type { PdfReadingStore } from '../../../src/core/pdf/pdfReadings';
import { PDF_READING_VERSION, readPdfReading, readingName } from '../../../src/core/pdf/pdfReadings';
import { pdfAttachmentParagraphs } from '../../../src/core/pdf/pdfAttachment';
import { NodeFileSystem } from '../helpers/nodeFileSystem';
import { SharedPauser } from '../../../src/core/pauser';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pdf');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** A store in memory that counts what it is asked, as the extension's global storage would hold it. */
class MemoryStore implements PdfReadingStore {
  readonly texts = new Map<string, string>();
  gets = 0;
  sets = 0;
  async get(name: string) {
    this.gets++;
    return this.texts.get(name);
  }
  async set(name: string, text: string) {
    this.sets++;
    this.texts.set(name, text);
  }
}

/** Rewrites the one reading the store holds. */
function doctor(store: MemoryStore, change: (data: { version: number; reading: { ok: boolean; value: { paragraphs: Array<{ text: string }> } } }) => void) {
  assert.equal(store.texts.size, 1, 'the store holds one reading');
  const [[name, text]] = [...store.texts];
  const data = JSON.parse(text);
  change(data);
  store.texts.set(name, JSON.stringify(data));
}

describe('A PDF read once, not at every start', () => {
  it('is kept under its bytes’ SHA-256, and the kept reading gives the same paragraphs and pages', async () => {
    const store = new MemoryStore();
    const bytes = fixture('article.pdf');
    const first = await readPdfReading(bytes, { name: 'example2017.pdf' }, store);
    assert.ok(first.ok);
    assert.equal(store.sets, 1);
    const [name] = store.texts.keys();
    assert.match(name, /^[0-9a-f]{64}$/);
    assert.equal(name, await readingName(bytes, {}));
    const again = await readPdfReading(bytes, { name: 'example2017.pdf' }, store);
    assert.deepEqual(again, first);
    assert.equal(store.sets, 1, 'nothing is written the second time');
    assert.deepEqual(first.value.paragraphs[1].pages?.map((span) => span.label), ['201', '202']);
  });

  it('reads an attached PDF on the library’s shared budget, taking turns with another job, into the same paragraphs', async () => {
    const bytes = fixture('article.pdf');
    const alone = await pdfAttachmentParagraphs(bytes, 'example2017.pdf');
    // A budget of no time at all: every pause waits for its turn, so the two jobs alternate turn by turn.
    const slices = new SharedPauser(0);
    const turns: string[] = [];
    let reading = true;
    const other = (async () => {
      while (reading) {
        await slices.pause();
        turns.push('other');
      }
    })();
    const shared = await pdfAttachmentParagraphs(bytes, 'example2017.pdf', undefined, async () => {
      await slices.pause();
      turns.push('pdf');
    });
    reading = false;
    await other;
    assert.deepEqual(shared, alone);
    assert.ok(turns.filter((turn) => turn === 'pdf').length >= 2, `the PDF's pages awaited the budget: ${turns.join(' ')}`);
    // The other job always waits in line: the PDF never has two turns in a row.
    assert.ok(!turns.some((turn, i) => turn === 'pdf' && turns[i + 1] === 'pdf'), turns.join(' '));
  });

  it('is taken from the store when it holds the PDF’s reading (what the store holds is what the writer gets)', async () => {
    const store = new MemoryStore();
    const bytes = fixture('article.pdf');
    await readPdfReading(bytes, { name: 'example2017.pdf' }, store);
    doctor(store, (data) => (data.reading.value.paragraphs[0].text = 'Kept between starts.'));
    const kept = await readPdfReading(bytes, { name: 'example2017.pdf' }, store);
    assert.ok(kept.ok);
    assert.equal(kept.value.paragraphs[0].text, 'Kept between starts.');
  });

  it('is read again from the PDF when its bytes change, when the kept reading is of another version, or damaged', async () => {
    const store = new MemoryStore();
    const bytes = fixture('article.pdf');
    const fresh = await readPdfReading(bytes, { name: 'a.pdf' }, store);
    assert.ok(fresh.ok);

    doctor(store, (data) => {
      data.version = PDF_READING_VERSION + 1;
      data.reading.value.paragraphs[0].text = 'From another version.';
    });
    const otherVersion = await readPdfReading(bytes, { name: 'a.pdf' }, store);
    assert.ok(otherVersion.ok);
    assert.equal(otherVersion.value.paragraphs[0].text, fresh.value.paragraphs[0].text);

    const [name] = store.texts.keys();
    store.texts.set(name, '{"version":1,"reading":{"ok":true,"value":{"paragraphs":[{"text":4}]');
    const damaged = await readPdfReading(bytes, { name: 'a.pdf' }, store);
    assert.deepEqual(damaged, fresh);

    // One byte more (an appended comment, as an incremental save leaves): another PDF, another reading.
    const changed = new Uint8Array([...bytes, 0x25, 0x0a]);
    await readPdfReading(changed, { name: 'a.pdf' }, store);
    assert.equal(store.texts.size, 2);
  });

  it('keeps a sidecar’s first page apart: the same PDF cited from page 45 is another reading', async () => {
    const store = new MemoryStore();
    const bytes = fixture('nolabels.pdf');
    const plain = await readPdfReading(bytes, { name: 'tate2017.pdf' }, store);
    const from45 = await readPdfReading(bytes, { name: 'tate2017.pdf', firstPage: 45 }, store);
    assert.ok(plain.ok && from45.ok);
    assert.deepEqual(plain.value.paragraphs.map((paragraph) => paragraph.pages?.[0].label), ['1', '2']);
    assert.deepEqual(from45.value.paragraphs.map((paragraph) => paragraph.pages?.[0].label), ['45', '46']);
    assert.equal(store.texts.size, 2);
  });

  it('keeps why a PDF gives no text, naming the file as the writer calls it now', async () => {
    const store = new MemoryStore();
    const bytes = fixture('notext.pdf');
    const first = await readPdfReading(bytes, { name: 'scan.pdf' }, store);
    assert.ok(!first.ok);
    assert.match(first.message, /^scan\.pdf has no text: run OCR on it first/);
    const renamed = await readPdfReading(bytes, { name: 'scanned-chapter.pdf' }, store);
    assert.ok(!renamed.ok);
    assert.match(renamed.message, /^scanned-chapter\.pdf has no text: run OCR on it first/);
    assert.equal(store.sets, 1);
  });

  it('does not keep a PDF refused for its length: the limit may be raised', async () => {
    const store = new MemoryStore();
    const result = await readPdfReading(fixture('article.pdf'), { name: 'long.pdf', maxPages: 2 }, store);
    assert.ok(!result.ok);
    assert.match(result.message, /page limit/);
    assert.equal(store.sets, 0);
  });

  it('is read from the PDF when the store fails, and the store’s failure changes nothing the writer sees', async () => {
    const failing: PdfReadingStore = {
      get: () => Promise.reject(new Error('disk gone')),
      set: () => Promise.reject(new Error('disk full')),
    };
    const withFailing = await readPdfReading(fixture('article.pdf'), { name: 'a.pdf' }, failing);
    const without = await readPdfReading(fixture('article.pdf'), { name: 'a.pdf' });
    assert.deepEqual(withFailing, without);
  });

  it('serves a sources folder and an attached PDF from one reading when they are the same file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sourcebook-pdf-readings-'));
    try {
      copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'example2017.pdf'));
      const store = new MemoryStore();
      const files = new OwnSourceFiles(new NodeFileSystem(), { join: (dir, name) => join(dir, name), pdfStore: store });
      await files.loadAll([folder]);
      const [source] = files.resolve().sources;
      assert.equal(source.meta.title, 'Pits and Perverts Revisited');
      assert.equal(store.sets, 1);
      const attached = await pdfAttachmentParagraphs(fixture('article.pdf'), 'Example - 2017 - Pits.pdf', store);
      assert.ok(attached.ok);
      assert.deepEqual(attached.value, source.paragraphs);
      assert.equal(store.sets, 1, 'the attachment was not read by pdf.js again');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
