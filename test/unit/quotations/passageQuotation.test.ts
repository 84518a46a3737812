import * as assert from 'node:assert/strict';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { quotationFor } from '../../../src/core/quotations/passageQuotation';

// Crossan's review, paragraph 4, is Dai Donovan's speech from the film Pride, inside quotation marks.
const library = bundledLibrary();
const paragraph4 = library.paragraph('crossan2025', 4)!.text;

describe('The quotation a passage of a source makes', () => {
  it('quotes Dai Donovan’s words without the source’s quotation marks and cites them as his, quoted in Crossan', () => {
    const quotation = quotationFor(library, 'crossan2025', 4);
    assert.ok(quotation);
    assert.equal(quotation.words, paragraph4.slice(1, -1));
    assert.deepEqual(quotation.cite, { key: 'crossan2025', paragraph: 4, speaker: 'Dai Donovan' });
    assert.equal(quotation.speakerName, 'Dai Donovan');
  });

  it('quotes exactly the words chosen inside the speech', () => {
    const start = paragraph4.indexOf('You support me');
    const end = paragraph4.indexOf(' Whoever');
    const quotation = quotationFor(library, 'crossan2025', 4, start, end);
    assert.equal(quotation?.words, 'You support me and I support you.');
    assert.equal(quotation?.cite.speaker, 'Dai Donovan');
  });

  it('cites the author alone for words of the author’s own', () => {
    const source = library.source('crossan2025')!;
    const own = source.paragraphs.find((p) => !source.quotations.some((speech) => speech.paragraph === p.number))!;
    const quotation = quotationFor(library, 'crossan2025', own.number, 0, 40);
    assert.equal(quotation?.words, own.text.slice(0, 40));
    assert.deepEqual(quotation?.cite, { key: 'crossan2025', paragraph: own.number });
    assert.equal(quotation?.speakerName, undefined);
  });

  it('gives nothing for a paragraph the source does not have', () => {
    assert.equal(quotationFor(library, 'crossan2025', 9999), undefined);
    assert.equal(quotationFor(library, 'nosuchkey', 1), undefined);
  });
});
