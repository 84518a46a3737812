import * as assert from 'node:assert/strict';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import { Library } from '../../../src/core/library';
import { checkQuotations, QuotationChecker } from '../../../src/core/quotations/quotationChecker';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { quotationFor } from '../../../src/core/quotations/passageQuotation';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { renderCitationCard, renderEntityCard, entityCardData, resolveCitation } from '../../../src/core/cards/card';
import { citationAtOffset } from '../../../src/core/drafts/draftReader';
import { NO_TEXT_READER, hasText, readerLayout, readerOffsetAt, readerRange } from '../../../src/core/sources/readerText';
import { withAuthors } from '../../../src/core/names/authorEntities';
import type { Source } from '../../../src/core/types';

/** A reference from a bibliography file: cited like any source, no text. */
const tate: Source = {
  meta: { key: 'tate2017', title: 'Hidden histories of the strike', type: 'book', date: '2017', author: [{ family: 'Tate', given: 'Anna' }], editor: [{ family: 'Okafor', given: 'Chidi' }] },
  paragraphs: [],
  quotations: [],
  origin: 'file:///library.bib',
  entryLine: 3,
  referenceOnly: true,
};

const sources = [...bundledData().sources, tate];

describe('Reference-only sources', () => {
  describe('in the quotation check', () => {
    it('reports a quotation cited to a source without text as one it cannot check', () => {
      const [result] = checkQuotations('As Tate puts it, “the strike was a school for everyone who joined it” [@tate2017, p. 45].', sources);
      assert.equal(result.status, 'noText');
      assert.equal(result.noTextSource, 'tate2017');
      assert.equal(result.citation, 'none');
      assert.deepEqual(result.differences, []);
    });

    it('still verifies a quotation whose citation names both a source with the words and one without text', () => {
      const [result] = checkQuotations('“There’s a lodge banner down in the welfare. We bring it out for special occasions.” [@crossan2025, para. 4; @tate2017]', sources);
      assert.equal(result.status, 'verified');
      assert.equal(result.citation, 'correct');
    });

    it('keeps the verdict when the draft is checked again after an edit elsewhere', () => {
      const checker = new QuotationChecker(new SourceWordIndex(sources));
      const draft = 'Intro.\n\n“the strike was a school for everyone who joined it” [@tate2017]\n';
      assert.equal(checker.checkAll(draft)[0].status, 'noText');
      const edited = `More intro.${draft.slice('Intro.'.length)}`;
      const again = checker.update(edited, { start: 0, end: 'More intro.'.length });
      assert.deepEqual([again[0].status, again[0].noTextSource, checker.lastRechecked], ['noText', 'tate2017', 0]);
    });

    it('leaves an uncited quotation of words no source has alone, as before', () => {
      const [result] = checkQuotations('“the strike was a school for everyone who joined it”', sources);
      assert.equal(result.status, 'notFound');
    });
  });

  describe('in cards, the reader and the picker', () => {
    const library = new Library(withAuthors({ ...bundledData(), sources }));

    it('has no text, while a bundled source has', () => {
      assert.deepEqual([hasText(tate), hasText(library.source('byrne2014')!)], [false, true]);
    });

    it('shows the reference and says there is no text, for a citation with a page', () => {
      const draft = 'See [@tate2017, p. 45].';
      const found = citationAtOffset(draft, draft.indexOf('tate'));
      assert.ok(found);
      const items = resolveCitation(library, found);
      assert.equal(items[0].problem, undefined);
      assert.equal(
        renderCitationCard(library, items, () => 'Tate, Anna. *Hidden Histories of the Strike*. 2017.', () => []),
        'Tate, Anna. *Hidden Histories of the Strike*. 2017.\n\n*No text in Sourcebook for this source — cite it\\; quotations cannot be checked\\.*',
      );
    });

    it('lays out a reader document that says there is no text, with no paragraph lines', () => {
      const layout = readerLayout(tate, ['Tate, Anna. Hidden Histories of the Strike. 2017.']);
      assert.equal(layout.text, `Tate, Anna. Hidden Histories of the Strike. 2017.\n\n${NO_TEXT_READER}\n`);
      assert.equal(layout.lines.size, 0);
      assert.equal(readerRange(tate, layout, 1), undefined);
      assert.equal(readerOffsetAt(tate, layout, { line: 2, character: 3 }), undefined);
    });

    it('makes no quotation from it and no passage hit for it', () => {
      assert.equal(quotationFor(library, 'tate2017', 1), undefined);
      const index = new PassageIndex(library.sources);
      assert.ok(!index.search('Hidden histories strike', { limit: 40 }).some((hit) => hit.source === 'tate2017'));
    });

    it('gives its author and editor cards whose work cannot be opened', () => {
      const card = entityCardData(library, 'anna-tate', () => '');
      assert.deepEqual(card?.works, [{ key: 'tate2017', role: 'author', title: 'Hidden histories of the strike', quoted: false, year: '2017', hasText: false }]);
      assert.equal(renderEntityCard(card!, []), '**Anna Tate** · *person*\n\nAuthor of *Hidden histories of the strike*, 2017\n\nNot named in any source.');
    });
  });
});
