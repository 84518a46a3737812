import * as assert from 'node:assert/strict';
import { citationKeys, madeKey, pinnedKey } from '../../../src/core/references/zoteroLibrary';
import type { ZoteroObject } from '../../../src/core/references/zoteroClient';

const item = (key: string, data: Record<string, unknown>): ZoteroObject => ({ key, data: { key, itemType: 'book', ...data } });
const author = (lastName: string) => [{ creatorType: 'author', firstName: 'A', lastName }];

describe('Citation keys of Zotero items', () => {
  it('reads a Better BibTeX key from the citationKey field, else from a "Citation Key:" line in Extra', () => {
    assert.equal(pinnedKey({ citationKey: 'robinson2007gay', extra: 'Citation Key: other' }), 'robinson2007gay');
    assert.equal(pinnedKey({ extra: 'tex.note: x\nCitation Key: healyUnlikelyAlliance\n' }), 'healyUnlikelyAlliance');
    assert.equal(pinnedKey({ extra: 'Original date: 1986' }), undefined);
  });

  it('makes a key of the first creator’s family name, the year and the title’s first word, accents and articles dropped', () => {
    assert.equal(madeKey({ title: 'The miners’ strike', date: '1984-03-06', creators: author('Jamés') }), 'james1984miners');
    assert.equal(madeKey({ title: 'Pride', date: '2014', creators: [{ creatorType: 'director', firstName: 'Matthew', lastName: 'Warchus' }] }), 'warchus2014pride');
    assert.equal(madeKey({ title: 'An unlikely alliance', creators: author('Healy') }), 'healyndunlikely');
    assert.equal(madeKey({ title: 'Lesbians and Gays Support the Miners', date: '2024' }), 'lesbiansgays2024');
    assert.equal(madeKey({ title: '1984' }), '');
  });

  it('tells alike made keys apart by a, b, … in the order of the Zotero item keys, whatever order the items come in', async () => {
    const items = [item('ZZZZ2222', { title: 'Solidarity', date: '1985', creators: author('Ashton') }), item('AAAA2222', { title: 'Solidarity forever', date: '1985', creators: author('Ashton') })];
    const one = (await citationKeys(items)).keys;
    const other = (await citationKeys([...items].reverse())).keys;
    assert.deepEqual([...one].sort(), [['AAAA2222', 'ashton1985solidarity'], ['ZZZZ2222', 'ashton1985solidaritya']]);
    assert.deepEqual([...other].sort(), [...one].sort());
  });

  it('never makes a key that an item pins, and warns once when two items pin the same key', async () => {
    const items = [
      item('PINNED22', { title: 'Other', extra: 'Citation Key: ashton1985solidarity' }),
      item('MADE2222', { title: 'Solidarity', date: '1985', creators: author('Ashton') }),
      item('TWICE222', { title: 'Twice', citationKey: 'ashton1985solidarity', creators: author('Price') }),
    ];
    const { keys, problems } = await citationKeys(items);
    assert.equal(keys.get('PINNED22'), 'ashton1985solidarity');
    assert.equal(keys.get('MADE2222'), 'ashton1985solidaritya');
    assert.equal(keys.get('TWICE222'), 'pricendtwice');
    assert.deepEqual(problems.map((p) => p.message), ['The Zotero item “Twice” (TWICE222) pins the citation key `ashton1985solidarity`, but another item of your Zotero library has it too: it is cited by another key until you change it in Zotero.']);
  });

  it('falls back to Zotero’s own item key only when nothing else makes a key', async () => {
    assert.equal((await citationKeys([item('K2P4X6ZQ', { title: '' })])).keys.get('K2P4X6ZQ'), 'K2P4X6ZQ');
  });
});
