import * as assert from 'node:assert/strict';
import { QuotationChecker, checkQuotations } from '../../../src/core/quotations/quotationChecker';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { bundledData } from '../../../src/core/sources/bundledCorpus';

/** The four bundled sources, as the extension loads them. */
const { sources } = bundledData();

describe('checking quotations again as the writer types', () => {
  const paragraphs = [
    'Dai says: “There’s a lodge banner down in the welfare. We bring it out for special occasions.” [@crossan2025, para. 4]',
    'Crossan argues that “[t]he power of the ruling class is highly concentrated” [@crossan2025, para. 6].',
    'The women sing “Hearts starve as well as bodies; give us bread, but give us roses!”',
  ];
  const draft = paragraphs.join('\n\n') + '\n';

  it('re-checks only the quotation that changed, and agrees with a full check', () => {
    const checker = new QuotationChecker(sources);
    checker.checkAll(draft);
    assert.equal(checker.lastRechecked, 3);
    // The writer changes "highly" to "very" in the second quotation.
    const at = draft.indexOf('highly');
    const edited = draft.slice(0, at) + 'very' + draft.slice(at + 'highly'.length);
    const results = checker.update(edited, { start: at, end: at + 4 });
    assert.equal(checker.lastRechecked, 1);
    assert.deepEqual(results.map((r) => r.status), ['verified', 'differs', 'uncited']);
    const fresh = checkQuotations(edited, sources);
    assert.deepEqual(results, fresh);
  });

  it('moves the quotations after an edit in the prose before them', () => {
    const checker = new QuotationChecker(sources);
    checker.checkAll(draft);
    const edited = 'Preface words. ' + draft;
    const results = checker.update(edited, { start: 0, end: 15 });
    assert.equal(checker.lastRechecked, 0);
    assert.deepEqual(results, checkQuotations(edited, sources));
    for (const result of results) assert.equal(edited.slice(result.quotation.start, result.quotation.end), result.quotation.text);
  });

  it('reads the whole draft again when an edit opens a code fence, and still agrees with a full check', () => {
    const checker = new QuotationChecker(sources);
    checker.checkAll(draft);
    const edited = '```\n' + draft;
    const results = checker.update(edited, { start: 0, end: 4 });
    assert.deepEqual(results, checkQuotations(edited, sources));
    assert.equal(results.length, 0);
  });

  it('checks against an index built once for the library, and against a new one after the library changed', () => {
    const index = new SourceWordIndex(sources);
    const checker = new QuotationChecker(index);
    assert.deepEqual(checker.checkAll(draft), checkQuotations(draft, sources));
    const withoutCrossan = new SourceWordIndex(sources.filter((source) => source.meta.key !== 'crossan2025'));
    checker.setIndex(withoutCrossan);
    const results = checker.checkAll(draft);
    assert.equal(checker.lastRechecked, 3, 'every quotation is checked again');
    assert.deepEqual(results.map((r) => r.status), ['notFound', 'notFound', 'uncited']);
  });

  it('reads nothing inside Sourcebook’s bibliography after an edit there, as a full check would not', () => {
    const withBibliography = `${draft}\n<!-- sourcebook:bibliography:start -->\n## References\n\nByrne, Liam. “Pride and Prejudice: A Review of the Film.” 2014.\n\nCrossan, Elliot. “An Ode to Solidarity.” 2025.\n<!-- sourcebook:bibliography:end -->\n`;
    const checker = new QuotationChecker(sources);
    assert.equal(checker.checkAll(withBibliography).length, 3);
    const at = withBibliography.indexOf('Review of');
    const edited = withBibliography.slice(0, at) + 'An ' + withBibliography.slice(at);
    const results = checker.update(edited, { start: at, end: at + 3 });
    assert.deepEqual(results, checkQuotations(edited, sources));
    assert.equal(results.length, 3);
  });
});
