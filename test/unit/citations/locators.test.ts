// Locators beyond paragraphs: what a writer types after a key (every term CSL's en locales and Pandoc use), and
// what each form writes for it — the exact strings Pandoc, biblatex and each style's manual prescribe.
import * as assert from 'node:assert/strict';
import { Citations } from '../../../src/core/citations/citations';
import { itemLocator, readLocatorAt, writtenLocator } from '../../../src/core/citations/locators';
import { CSL_LOCATOR_LABELS, type CslLocatorLabel, type SourceMeta } from '../../../src/core/types';

/** A test book from a writer's library (a fixture, not a bundled source). */
const tate: SourceMeta = { key: 'tate2017', title: 'Locators in Practice', author: [{ family: 'Tate', given: 'Ann' }], type: 'book', date: '2017', publisher: 'Test Press' };

describe('Locators a writer types after a key', () => {
  const cases: Array<[string, CslLocatorLabel | undefined, string]> = [
    ['p. 45', 'page', '45'],
    ['pp. 45–47', 'page', '45-47'],
    ['pp. 45-47', 'page', '45-47'],
    ['pp.~45--47', 'page', '45-47'],
    ['page 45', 'page', '45'],
    ['pages 45 — 47', 'page', '45-47'],
    ['p 45', 'page', '45'],
    ['pp. 33, 35-37', 'page', '33, 35-37'],
    ['p. xii', 'page', 'xii'],
    ['45', undefined, '45'],
    ['45–47', undefined, '45-47'],
    ['ch. 3', 'chapter', '3'],
    ['chap. 3', 'chapter', '3'],
    ['chapter 3', 'chapter', '3'],
    ['chaps. 3-4', 'chapter', '3-4'],
    ['sec. 2', 'section', '2'],
    ['sect. 2', 'section', '2'],
    ['§ 2', 'section', '2'],
    ['§§ 2–4', 'section', '2-4'],
    ['l. 10', 'line', '10'],
    ['ll. 10-12', 'line', '10-12'],
    ['line 10', 'line', '10'],
    ['fig. 2', 'figure', '2'],
    ['figure 2', 'figure', '2'],
    ['vol. 2', 'volume', '2'],
    ['vols. 2-3', 'volume', '2-3'],
    ['para. 4', 'paragraph', '4'],
    ['paras. 3–4', 'paragraph', '3-4'],
    ['par. 4', 'paragraph', '4'],
    ['¶ 4', 'paragraph', '4'],
    ['¶¶ 3-4', 'paragraph', '3-4'],
    ['s.v. miners', 'sub-verbo', 'miners'],
    ['s.v. “miners’ strike”', 'sub-verbo', 'miners’ strike'],
    ['n. 12', 'note', '12'],
    ['nn. 12-13', 'note', '12-13'],
    ['fn. 12', 'note', '12'],
    ['at 12:30', 'timestamp', '12:30'],
    ['1:02:03', 'timestamp', '1:02:03'],
    ['bk. 2', 'book', '2'],
    ['col. 3', 'column', '3'],
    ['fol. 12', 'folio', '12'],
    ['no. 4', 'issue', '4'],
    ['op. 27', 'opus', '27'],
    ['pt. 2', 'part', '2'],
    ['v. 16', 'verse', '16'],
    ['vv. 16-18', 'verse', '16-18'],
    ['app. 1', 'appendix', '1'],
    ['art. 5', 'article-locator', '5'],
    ['c. 9', 'canon', '9'],
    ['loc. 1200', 'elocation', '1200'],
    ['eq. 3', 'equation', '3'],
    ['r. 7', 'rule', '7'],
    ['sc. 2', 'scene', '2'],
    ['supp. 1', 'supplement', '1'],
    ['tbl. 2', 'table', '2'],
    ['table 2', 'table', '2'],
    ['tit. 9', 'title-locator', '9'],
    ['act 3', 'act', '3'],
  ];
  for (const [typed, label, locator] of cases) {
    it(`reads "${typed}" as ${label ?? 'a value without a term'} ${locator}`, () => {
      const read = readLocatorAt(typed);
      assert.ok(read, typed);
      assert.equal(read.label, label);
      assert.equal(read.locator, locator);
      assert.equal(read.length, typed.length);
    });
  }

  it('reads no locator in words that only start like a term ("pride", "partly", "see")', () => {
    for (const text of ['pride 4', 'partly so', 'see', 'chapterhouse', 'November 2014']) assert.equal(readLocatorAt(text), undefined, text);
  });

  it('writes "p." for one page and "pp." for a range or list, as CSL’s locale abbreviates them', () => {
    assert.equal(writtenLocator('page', '45'), 'p. 45');
    assert.equal(writtenLocator('page', '45-47'), 'pp. 45-47');
    assert.equal(writtenLocator('page', '33, 35'), 'pp. 33, 35');
    assert.equal(writtenLocator('chapter', '3'), 'chap. 3');
    assert.equal(writtenLocator('sub-verbo', 'miners'), 's.v. miners');
    assert.equal(writtenLocator('timestamp', '12:30'), '12:30');
  });

  it('takes a cite item’s paragraph as today, another locator with its label, and a locator without a label as a page', () => {
    assert.deepEqual(itemLocator({ paragraph: 4 }), { ok: true, value: { label: 'paragraph', locator: '4' } });
    assert.deepEqual(itemLocator({ locator: '45 – 47', label: 'page' }), { ok: true, value: { label: 'page', locator: '45-47' } });
    assert.deepEqual(itemLocator({ locator: '45' }), { ok: true, value: { label: 'page', locator: '45' } });
    assert.deepEqual(itemLocator({}), { ok: true, value: undefined });
  });

  it('refuses a label CSL does not have and a locator with brackets, saying what to write', () => {
    const label = itemLocator({ locator: '3', label: 'chapterish' as CslLocatorLabel });
    assert.equal(label.ok, false);
    assert.match(label.ok ? '' : label.message, /"chapterish" is not a CSL locator label: use page, chapter/);
    const bracket = itemLocator({ locator: '45]{x}', label: 'page' });
    assert.equal(bracket.ok, false);
    assert.match(bracket.ok ? '' : bracket.message, /A page locator must be a short number, range or word such as 45 or 45-47/);
  });
});

describe('Each form writes a page, chapter or other locator', () => {
  const citations = new Citations([tate]);
  const cite = (style: string, form: 'pandoc' | 'latex' | 'biblatex' | 'plain' | 'footnote', locator: string, label: CslLocatorLabel, citedBefore: string[] = []) =>
    citations.cite({ style, items: [{ key: 'tate2017', locator, label }], form, citedBefore }).then((made) => {
      assert.ok(made.ok, made.ok ? '' : made.message);
      return made.value;
    });

  it('writes Pandoc’s [@tate2017, p. 45], [@tate2017, pp. 45-47] and [@tate2017, chap. 3]', async () => {
    assert.equal(await cite('apa', 'pandoc', '45', 'page'), '[@tate2017, p. 45]');
    assert.equal(await cite('apa', 'pandoc', '45-47', 'page'), '[@tate2017, pp. 45-47]');
    assert.equal(await cite('apa', 'pandoc', '3', 'chapter'), '[@tate2017, chap. 3]');
    assert.equal(await cite('apa', 'pandoc', '2', 'section'), '[@tate2017, sec. 2]');
    assert.equal(await cite('apa', 'pandoc', 'miners', 'sub-verbo'), '[@tate2017, s.v. miners]');
  });

  it('writes biblatex’s postnote as a bare page (biblatex adds "p."), and every other locator with its term', async () => {
    assert.equal(await cite('apa', 'biblatex', '45', 'page'), '\\autocite[45]{tate2017}');
    assert.equal(await cite('apa', 'biblatex', '45-47', 'page'), '\\autocite[45--47]{tate2017}');
    assert.equal(await cite('apa', 'biblatex', '3', 'chapter'), '\\autocite[chap.~3]{tate2017}');
    assert.equal(await cite('apa', 'biblatex', '10', 'line'), '\\autocite[l.~10]{tate2017}');
    assert.equal(await cite('modern-language-association', 'biblatex', '4', 'paragraph'), '\\autocite[par.~4]{tate2017}');
  });

  it('writes LaTeX’s \\cite[p.~45]{tate2017}, with the term, since \\cite adds none', async () => {
    assert.equal(await cite('apa', 'latex', '45', 'page'), '\\cite[p.~45]{tate2017}');
    assert.equal(await cite('apa', 'latex', '45-47', 'page'), '\\cite[pp.~45--47]{tate2017}');
    assert.equal(await cite('apa', 'latex', '3', 'chapter'), '\\cite[chap.~3]{tate2017}');
  });

  it('formats a page as each style’s manual does: APA (Tate, 2017, p. 45), Chicago (Tate 2017, 45), MLA (Tate 45), Harvard (Tate, 2017, p. 45)', async () => {
    assert.equal(await cite('apa', 'plain', '45', 'page'), '(Tate, 2017, p. 45)');
    assert.equal(await cite('apa', 'plain', '45-47', 'page'), '(Tate, 2017, pp. 45–47)');
    assert.equal(await cite('chicago-author-date', 'plain', '45', 'page'), '(Tate 2017, 45)');
    assert.equal(await cite('modern-language-association', 'plain', '45', 'page'), '(Tate 45)');
    assert.equal(await cite('harvard-cite-them-right', 'plain', '45', 'page'), '(Tate, 2017, p. 45)');
  });

  it('formats a Chicago note with a bare page and a chapter with its term: "Tate, *Locators in Practice*, 45."', async () => {
    assert.equal(await cite('chicago-fullnote-bibliography', 'footnote', '45', 'page', ['tate2017']), 'Tate, *Locators in Practice*, 45.');
    assert.equal(await cite('chicago-fullnote-bibliography', 'footnote', '3', 'chapter', ['tate2017']), 'Tate, *Locators in Practice*, chap. 3.');
    assert.equal(await cite('chicago-fullnote-bibliography', 'footnote', '45', 'page'), 'Ann Tate, *Locators in Practice* (Test Press, 2017), 45.');
  });

  it('formats every CSL label in every bundled in-text style without "undefined" or an error', async () => {
    for (const style of ['apa', 'chicago-author-date', 'modern-language-association', 'harvard-cite-them-right']) {
      for (const label of CSL_LOCATOR_LABELS) {
        const value = label === 'timestamp' ? '12:30' : label === 'sub-verbo' ? 'miners' : '45';
        const made = await cite(style, 'plain', value, label);
        assert.ok(made.includes(value) && made.startsWith('(Tate') && !made.includes('undefined'), `${style}, ${label}: ${made}`);
      }
    }
  });
});
