import * as assert from 'node:assert/strict';
import { keyCompletions } from '../../../src/core/search/keyCompletion';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../../src/core/sourcebook';
import { Library } from '../../../src/core/library';
import type { Source } from '../../../src/core/types';

const reference: Source = {
  meta: { key: 'tate2017', title: 'Locators in <span class="nocase">LGSM</span> practice', author: [{ family: 'Tate', given: 'Anna' }], type: 'book', date: '2017' },
  paragraphs: [],
  quotations: [],
  origin: '/lib/refs.bib',
  referenceOnly: true,
};

describe('Completing citation keys', () => {
  const bundled = bundledData().sources;

  it('offers each source by its key, with its short name and the words a writer may type to find it', () => {
    const [crossan] = keyCompletions(bundled.filter((source) => source.meta.key === 'crossan2025')).entries;
    assert.equal(crossan.key, 'crossan2025');
    assert.equal(crossan.description, 'Crossan 2025');
    assert.match(crossan.filterText, /^crossan2025 Crossan 2025 An ode to solidarity and organisation$/);
    assert.match(crossan.extent, /^\d+ paragraphs$/);
  });

  it('says a reference from the writer’s library has no text, and shows its title without markup', () => {
    const [entry] = keyCompletions([reference]).entries;
    assert.equal(entry.summary, 'Tate 2017. Locators in LGSM practice.');
    assert.equal(entry.extent, 'no text in Sourcebook');
  });

  const many = Array.from({ length: 5000 }, (_, i) => ({ ...reference, meta: { ...reference.meta, key: `tate${i}`, date: String(1000 + i) } }));

  it('offers the first 200 of 5,000 sources and says more match, in the library’s order with sort texts of one width', () => {
    const { entries, complete } = keyCompletions(many);
    assert.equal(complete, false);
    assert.deepEqual(entries.map((entry) => entry.key), many.slice(0, 200).map((source) => source.meta.key));
    assert.deepEqual([entries[0].sortText, entries[199].sortText], ['0000', '0199']);
  });

  it('finds a source among 5,000 by what is typed of its key, name or year, every word matching', () => {
    assert.deepEqual(keyCompletions(many, 'tate4999').entries.map((entry) => [entry.key, entry.sortText]), [['tate4999', '4999']]);
    assert.deepEqual(keyCompletions(many, 'Tate 5999').entries.map((entry) => entry.key), ['tate4999']);
    const { entries, complete } = keyCompletions(many, 'tate49');
    assert.equal(complete, true);
    assert.deepEqual(entries.map((entry) => entry.key), ['tate49', ...Array.from({ length: 10 }, (_, i) => `tate49${i}`), ...Array.from({ length: 100 }, (_, i) => `tate49${String(i).padStart(2, '0')}`)]);
    assert.deepEqual(keyCompletions(many, 'crossan').entries, []);
  });
});

describe('Completion entries made on the shared budget', () => {
  it('makes a source’s entry when the source is set in slices, so the first completion reads none of its facts', async () => {
    let read = 0;
    const meta = new Proxy({ ...reference.meta, key: 'tate2018' }, { get: (target, field) => (field === 'title' && read++, Reflect.get(target, field)) });
    const sourcebook = new Sourcebook(new Library());
    await sourcebook.setSourceInSlices({ ...reference, meta }, async () => {});
    const before = read;
    assert.ok(before > 0, 'its title was read when it was set');
    const [entry] = keyCompletions(sourcebook.library.sources, 'tate').entries;
    assert.equal(entry.key, 'tate2018');
    assert.equal(entry.description, 'Tate 2017');
    assert.equal(read, before, 'the completion made no entry');
  });
});
