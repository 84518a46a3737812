import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import { checkQuotations } from '../../../src/core/quotations/quotationChecker';
import { placeOfWords, wrongPage, type QuotationCheck } from '../../../src/core/quotations/quotationCheck';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { placeLocator } from '../../../src/core/quotations/passageQuotation';
import { Citations } from '../../../src/core/citations/citations';
import { paragraphsOnPages } from '../../../src/core/pdf/pageLocator';
import { citationAtOffset, type DraftFormat } from '../../../src/core/drafts/draftReader';
import { resolveCitation } from '../../../src/core/cards/card';
import { Library } from '../../../src/core/library';
import type { Source } from '../../../src/core/types';
import { NodeFileSystem } from '../helpers/nodeFileSystem';

// The test article (test/fixtures/pdf/article.pdf) as the source `example2017`: its pages are labelled 201–204;
// paragraph 1 is on 201, paragraph 2 runs from 201 to 202, paragraph 3 is on 202, page 203 has no text, and
// paragraphs 4 and 5 are the two columns of 204.
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pdf');
const ON_201 = 'efficient fluency of the miners’ financial officers';
const ACROSS = 'Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter';
const ON_204 = 'The fifth paragraph sits in the right column';

describe('The quotation check on a PDF source cited by page', () => {
  let sources: Source[];
  let folder: string;

  before(async function () {
    this.timeout(20_000);
    folder = mkdtempSync(join(tmpdir(), 'sourcebook-pdf-pages-'));
    copyFileSync(join(FIXTURES, 'article.pdf'), join(folder, 'example2017.pdf'));
    const files = new OwnSourceFiles(new NodeFileSystem(), { join: (dir, name) => join(dir, name) });
    await files.loadAll([folder]);
    sources = [...files.resolve().sources];
    assert.deepEqual(sources.map((source) => source.meta.key), ['example2017']);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  function checkOne(draft: string, format: DraftFormat = 'markdown'): QuotationCheck {
    const results = checkQuotations(draft, sources, { format });
    assert.equal(results.length, 1, `one quotation in ${JSON.stringify(draft)}`);
    return results[0];
  }

  it('verifies words on the page the citation gives, "p. 201"', () => {
    const result = checkOne(`She writes of the “${ON_201}” [@example2017, p. 201].`);
    assert.equal(result.status, 'verified');
    assert.equal(result.citation, 'correct');
    assert.deepEqual({ paragraph: result.match?.paragraph, page: result.match?.page }, { paragraph: 1, page: '201' });
  });

  it('verifies a page cited in every form the draft reader knows: a bare number, author-date, a note, \\cite', () => {
    const forms: Array<[(page: string) => string, DraftFormat]> = [
      [(page) => `“${ON_204}” [@example2017, ${page}].`, 'markdown'],
      [(page) => `“${ON_204}” (Example 2017, ${page}).`, 'plain'],
      [(page) => `“${ON_204}”[^1]\n\n[^1]: Example, “Pits and Perverts Revisited,” ${page}.\n`, 'markdown'],
      [(page) => `\`\`${ON_204}'' \\cite[${page}]{example2017}.`, 'latex'],
      [(page) => `\`\`${ON_204}'' \\cite[p.~${page}]{example2017}.`, 'latex'],
    ];
    for (const [draft, format] of forms) {
      assert.equal(checkOne(draft('204'), format).status, 'verified', draft('204'));
      assert.equal(checkOne(draft('202'), format).status, 'wrongCitation', draft('202'));
    }
  });

  it('reports words cited to the wrong page, naming the page they are on: on p. 204, not p. 203', () => {
    const result = checkOne(`“${ON_204}” [@example2017, p. 203].`);
    assert.equal(result.status, 'wrongCitation');
    assert.deepEqual(result.expectedCitation, { source: 'example2017', paragraph: 5, page: '204' });
    assert.deepEqual(wrongPage(new SourceWordIndex(sources), result), { found: '204', cited: '203' });
  });

  it('verifies words across the page break cited by the range, as the styles shorten it: "pp. 201–2"', () => {
    for (const range of ['pp. 201–2', 'pp. 201-202', 'pp. 201--02', '201-2']) {
      const result = checkOne(`They went “${ACROSS}” [@example2017, ${range}].`);
      assert.equal(result.status, 'verified', range);
      assert.equal(result.match?.page, '201-202');
    }
  });

  it('verifies words within a wider cited range, and words on the first of two pages cited', () => {
    assert.equal(checkOne(`“${ON_204}” [@example2017, pp. 201-210].`).status, 'verified');
    assert.equal(checkOne(`“${ON_201}” [@example2017, pp. 201-202].`).status, 'verified');
  });

  it('asks for the whole range when words across the break are cited by their first page only', () => {
    const result = checkOne(`They went “${ACROSS}” [@example2017, p. 201].`);
    assert.equal(result.status, 'wrongCitation');
    assert.deepEqual(result.expectedCitation, { source: 'example2017', paragraph: 2, page: '201-202' });
    assert.deepEqual(wrongPage(new SourceWordIndex(sources), result), { found: '201-202', cited: '201' });
  });

  it('reports changed words as before, on a PDF source, and knows their page', () => {
    const result = checkOne(`The “efficient fluency of the miners’ money officers” [@example2017, p. 201].`);
    assert.equal(result.status, 'differs');
    assert.equal(result.citation, 'correct');
    assert.deepEqual(result.differences.map((difference) => [difference.draftText, difference.sourceText]), [['money', 'financial']]);
  });

  it('says which source and page to cite for an uncited quotation from a PDF', () => {
    const result = checkOne(`They went “${ACROSS}”, and more.`);
    assert.equal(result.status, 'uncited');
    assert.deepEqual(result.expectedCitation, { source: 'example2017', paragraph: 2, page: '201-202' });
  });

  it('fixes the citation with the page as the locator: [@example2017, p. 204], (Example 2017, 201–2)', async () => {
    const wrong = checkOne(`“${ON_204}” [@example2017, p. 203].`);
    const uncited = checkOne(`They went “${ACROSS}”, and more.`);
    assert.ok(wrong.expectedCitation && uncited.expectedCitation);
    const citations = new Citations(sources.map((source) => source.meta));
    const cite = async (place: NonNullable<QuotationCheck['expectedCitation']>, form: 'pandoc' | 'plain') => {
      const made = await citations.cite({ style: 'chicago-author-date', items: [{ key: place.source, ...placeLocator(place) }], form, citedBefore: [] });
      return made.ok ? made.value : made.message;
    };
    assert.equal(await cite(wrong.expectedCitation, 'pandoc'), '[@example2017, p. 204]');
    assert.equal(await cite(uncited.expectedCitation, 'plain'), '(Example 2017, 201–2)');
  });

  it('finds the paragraphs on a cited page, and after a page without text the next paragraph', () => {
    const [source] = sources;
    assert.deepEqual(paragraphsOnPages(source.paragraphs, '202'), { first: 2, last: 3 });
    assert.deepEqual(paragraphsOnPages(source.paragraphs, '201-2'), { first: 1, last: 3 });
    assert.deepEqual(paragraphsOnPages(source.paragraphs, '203'), { first: 4, last: 4 });
    assert.equal(paragraphsOnPages(source.paragraphs, '205'), undefined);
    assert.equal(paragraphsOnPages(source.paragraphs, 'xii'), undefined);
  });

  it('leads a page citation to the paragraphs on that page (Go to Definition, the hover), and says when there is no such page', () => {
    const library = new Library({ sources });
    const resolve = (draft: string) => {
      const found = citationAtOffset(draft, draft.indexOf('example2017'));
      assert.ok(found, draft);
      return resolveCitation(library, found);
    };
    assert.deepEqual(resolve('As [@example2017, p. 204] says.'), [{ key: 'example2017', paragraph: 4, paragraphEnd: 5 }]);
    assert.deepEqual(resolve('As [@example2017, p. 201] says.'), [{ key: 'example2017', paragraph: 1, paragraphEnd: 2 }]);
    assert.deepEqual(resolve('As [@example2017, para. 3] says.'), [{ key: 'example2017', paragraph: 3 }]);
    assert.deepEqual(resolve('As [@example2017, p. 250] says.'), [{ key: 'example2017', problem: 'Example 2017 — Pits and Perverts Revisited has no page 250 (its pages are 201–204).' }]);
  });

  it('finds the page of words a writer selected (Insert Citation from a selection): p. 202, or pp. 201-202 across the break', () => {
    const index = new SourceWordIndex(sources);
    assert.deepEqual(placeOfWords(index, 'example2017', 'This sentence ends after the break'), { source: 'example2017', paragraph: 2, page: '202' });
    assert.deepEqual(placeOfWords(index, 'example2017', 'It speaks of fields and flowers'), { source: 'example2017', paragraph: 2, page: '201' });
    assert.deepEqual(placeOfWords(index, 'example2017', ACROSS), { source: 'example2017', paragraph: 2, page: '201-202' });
    assert.equal(placeOfWords(index, 'example2017', 'words this article never printed anywhere'), undefined);
  });
});
