import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ZoteroStandIn } from '../../harness/zoteroStandIn';
import { COLLECTIONS, syntheticLibrary, writerLibrary } from '../../fixtures/zoteroLibrary';
import { ZOTERO_OFF_MESSAGE, nextLink, readZotero } from '../../../src/core/references/zoteroClient';
import type { HttpGet } from '../../../src/core/references/zoteroClient';
import { loadZoteroLibrary, parseSnapshot, readTime, snapshotJson } from '../../../src/core/references/zoteroReader';
import type { ReferenceSet } from '../../../src/core/references/referenceSet';

const get: HttpGet = (url, init) => fetch(url, init);
const readText = async (location: string) => fs.promises.readFile(location.startsWith('file:') ? new URL(location) : location, 'utf8').catch(() => undefined);

async function load(standIn: ZoteroStandIn, previous?: ReferenceSet): Promise<ReferenceSet> {
  const result = await loadZoteroLibrary({ get, baseUrl: standIn.url, readText, previous });
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

describe('Reading a Zotero library through the local API (against the stand-in)', () => {
  let standIn: ZoteroStandIn;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-zotero-'));
    const bossy = path.join(dir, 'bossy-lovewins.md');
    fs.writeFileSync(bossy, '---\ntitle: notes\n---\n# The Story\n\nThis week marked a major historical moment.\n\nIn London England, one Mark Ashton felt a deep empathy.\n');
    standIn = await ZoteroStandIn.start(writerLibrary(bossy));
  });
  after(async () => {
    await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cites each item by its Better BibTeX key, its "Citation Key:" line in Extra, or a key made from author, year and title', async () => {
    const set = await load(standIn);
    assert.deepEqual(set.sources.map((source) => source.meta.key).sort(), ['bossyndlovewins', 'byrne2014pride', 'healyUnlikelyAlliance', 'lesbians1986all', 'robinson2007gay', 'warchus2014pride']);
    assert.deepEqual(set.problems, []);
  });

  it('takes each item’s facts from its CSL JSON: authors, corporate authors, container, date, URL, access date, ISBN', async () => {
    const set = await load(standIn);
    const byKey = new Map(set.sources.map((source) => [source.meta.key, source.meta]));
    assert.deepEqual(byKey.get('byrne2014pride'), {
      key: 'byrne2014pride', title: 'Pride and prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine',
      container: 'Overland', date: '2014-11', url: 'https://overland.org.au/2014/11/pride-and-prejudice/', accessed: '2026-11-20',
    });
    assert.deepEqual(byKey.get('robinson2007gay')?.csl, { ISBN: '9780719074349' });
    assert.equal(byKey.get('robinson2007gay')?.publisher, 'Manchester University Press');
    assert.deepEqual(byKey.get('lesbians1986all')?.csl, { director: [{ literal: 'Lesbians and Gays Support the Miners' }] });
    assert.equal(byKey.get('healyUnlikelyAlliance')?.date, undefined, 'no date is invented');
  });

  it('reads the text of a Markdown attachment on disk as paragraphs; an item whose PDF is not on disk is reference-only', async () => {
    const set = await load(standIn);
    const bossy = set.sources.find((source) => source.meta.key === 'bossyndlovewins')!;
    assert.equal(bossy.referenceOnly, undefined);
    assert.deepEqual(bossy.paragraphs.map((p) => p.text), ['This week marked a major historical moment.', 'In London England, one Mark Ashton felt a deep empathy.']);
    const robinson = set.sources.find((source) => source.meta.key === 'robinson2007gay')!;
    assert.equal(robinson.referenceOnly, true);
    assert.deepEqual(robinson.paragraphs, []);
    assert.ok(standIn.requests.some((request) => request.startsWith('/api/users/0/items/BSSY7K2Q/children')), 'the Markdown item’s children were read');
    assert.ok(!standIn.requests.some((request) => request.startsWith('/api/users/0/items/HLY5B3RK/children')), 'an item without attachments: its children were not');
  });

  it('gives the collections as nested folders of citation keys', async () => {
    const set = await load(standIn);
    assert.deepEqual(set.folders, [
      { name: 'Background reading', keys: ['robinson2007gay'], folders: [] },
      { name: 'The miners’ strike', keys: ['healyUnlikelyAlliance', 'byrne2014pride', 'bossyndlovewins'], folders: [{ name: 'Films', keys: ['warchus2014pride', 'lesbians1986all'], folders: [] }] },
    ]);
    assert.ok(COLLECTIONS.films);
  });

  it('keeps the same Source object for an item that did not change when the library is read again', async () => {
    const first = await load(standIn);
    const second = await load(standIn, first);
    assert.ok(second.sources.every((source, i) => source === first.sources[i]));
  });

  it('says the local API is off when Zotero answers 403, in the words of Zotero’s settings', async () => {
    standIn.localApi = false;
    try {
      const result = await loadZoteroLibrary({ get, baseUrl: standIn.url });
      assert.deepEqual(result, { ok: false, reason: 'off', message: ZOTERO_OFF_MESSAGE });
      assert.equal(ZOTERO_OFF_MESSAGE, 'Zotero’s local API is off: in Zotero, open Settings › Advanced and tick “Allow other applications on this computer to communicate with Zotero”');
    } finally {
      standIn.localApi = true;
    }
  });
});

describe('Reading a large Zotero library page by page', () => {
  it('follows the Link header’s next page over 250 items, 100 at a time, and reports progress', async () => {
    const standIn = await ZoteroStandIn.start(syntheticLibrary(250), { maxLimit: 100 });
    try {
      const progress: string[] = [];
      const read = await readZotero({ get, baseUrl: standIn.url, progress: (done, total) => progress.push(`${done}/${total}`) });
      assert.ok(read.ok);
      assert.equal(read.value.items.length, 250);
      assert.equal(new Set(read.value.items.map((item) => item.key)).size, 250);
      assert.deepEqual(progress, ['100/250', '200/250', '250/250']);
      assert.deepEqual(standIn.requests.filter((request) => request.includes('/items/top')).map((request) => new URL(request, 'http://x').searchParams.get('start')), [null, '100', '200']);
    } finally {
      await standIn.close();
    }
  });

  it('reads the next address from a Link header as Zotero writes it', () => {
    const header = '<http://127.0.0.1:23119/api/users/0/items/top?limit=100&start=200>; rel="last", <http://127.0.0.1:23119/api/users/0/items/top?limit=100&start=100>; rel="next"';
    assert.equal(nextLink(header), 'http://127.0.0.1:23119/api/users/0/items/top?limit=100&start=100');
    assert.equal(nextLink('<http://127.0.0.1:23119/api/users/0/items/top>; rel="last"'), undefined);
  });
});

describe('When Zotero is closed', () => {
  it('says Zotero is not running when nothing listens at the address', async () => {
    const standIn = await ZoteroStandIn.start(writerLibrary());
    await standIn.close();
    const result = await loadZoteroLibrary({ get, baseUrl: standIn.url });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && 'reason' in result && result.reason === 'closed');
    assert.equal(result.ok ? '' : result.message, `Zotero is not running, or nothing answers at ${standIn.url}: start Zotero, and Sourcebook reads your library when it answers.`);
  });

  it('keeps the last library read as JSON and gives it back whole, folders and all', async () => {
    const standIn = await ZoteroStandIn.start(writerLibrary());
    try {
      const set = await load(standIn);
      const kept = parseSnapshot(snapshotJson({ url: standIn.url, readAt: '2026-11-20T14:02:00', set }));
      assert.ok(kept.ok);
      assert.deepEqual(kept.value.set, set);
      assert.equal(readTime(kept.value.readAt, new Date('2026-11-20T18:00:00')), '14:02');
      assert.equal(readTime(kept.value.readAt, new Date('2026-11-21T09:00:00')), '2026-11-20 14:02');
    } finally {
      await standIn.close();
    }
  });

  it('refuses a kept copy that is not JSON, or from another version, with a message', () => {
    const broken = parseSnapshot('{"version":1,');
    assert.deepEqual(broken, { ok: false, message: 'The kept copy of your Zotero library is not JSON; it is read again when Zotero answers.' });
    const other = parseSnapshot('{"version":0,"url":"x","readAt":"y","set":{"sources":[]}}');
    assert.equal(other.ok, false);
  });
});
