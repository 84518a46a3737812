import * as assert from 'node:assert/strict';
import { keyCompletions } from '../../../src/core/search/keyCompletion';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
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
    const [crossan] = keyCompletions(bundled.filter((source) => source.meta.key === 'crossan2025'));
    assert.equal(crossan.key, 'crossan2025');
    assert.equal(crossan.description, 'Crossan 2025');
    assert.match(crossan.filterText, /^crossan2025 Crossan 2025 An ode to solidarity and organisation$/);
    assert.match(crossan.extent, /^\d+ paragraphs$/);
  });

  it('says a reference from the writer’s library has no text, and shows its title without markup', () => {
    const [entry] = keyCompletions([reference]);
    assert.equal(entry.summary, 'Tate 2017. Locators in LGSM practice.');
    assert.equal(entry.extent, 'no text in Sourcebook');
  });

  it('keeps the library’s order in sort texts of one width, for 5,000 sources', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...reference, meta: { ...reference.meta, key: `tate${i}` } }));
    const entries = keyCompletions(many);
    assert.equal(entries.length, 5000);
    assert.deepEqual([entries[0].sortText, entries[4999].sortText], ['0000', '4999']);
    const sorted = [...entries].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((entry) => entry.key);
    assert.deepEqual(sorted, many.map((source) => source.meta.key));
  });
});
