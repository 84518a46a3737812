// The same citation read the same way by every reader of a draft: the hover (the citation under the pointer, read
// from its line and the lines around it, and a footnote's note looked up by its label), the quotation check, note
// numbering and the bibliography (`citedKeys`), the warnings on unknown keys, and the Markdown preview.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { Library } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import { bundledStyles } from '../../../src/core/citations/styles';
import { resolveCitation } from '../../../src/core/cards/card';
import { citationAtOffset, findFootnoteNote } from '../../../src/core/drafts/draftReader';
import { findQuotations } from '../../../src/core/quotations/quotationFinder';
import { checkQuotations } from '../../../src/core/quotations/quotationChecker';
import { citedKeys, uniqueKeys, unknownCitationKeys } from '../../../src/core/drafts/draftCitations';
import { installCitations, type MarkdownIt as CitationHost } from '../../../src/core/preview/previewCitations';
import { installFootnotes, type FootnoteHost } from '../../../src/core/preview/previewFootnotes';
import type { StyleInfo } from '../../../src/core/citations/styles';
import type { Source } from '../../../src/core/types';
import { wordSpans } from '../../../src/core/text/sentences';

type Format = 'markdown' | 'latex' | 'plain';

/** A second source by Liam Byrne, so that a note naming "Byrne" must say which of his two it means. */
const byrne2016: Source = {
  meta: { key: 'byrne2016', title: 'Another Review: Of Pride, Again', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2016' },
  paragraphs: [
    { number: 1, text: 'A first paragraph of the other review, about films that remember the strike years later.', line: 5, kind: 'text' },
    { number: 2, text: 'The second paragraph says that the miners sang in the welfare hall on every night of the visit.', line: 7, kind: 'text' },
  ],
  quotations: [],
  origin: 'test',
};
const data = bundledData();
const library = new Library({ ...data, sources: [...data.sources, byrne2016] });
const sourcebook = new Sourcebook(library);
const metas = library.sources.map((source) => source.meta);
const knownKeys = metas.map((meta) => meta.key);

/** Words of a paragraph to quote: its third to twelfth words, as the source writes them. */
function wordsOf(key: string, paragraph: number): string {
  const text = library.paragraph(key, paragraph)?.text;
  assert.ok(text, `${key} has paragraph ${paragraph}`);
  const spans = wordSpans(text);
  return text.slice(spans[2].start, spans[11].end);
}

interface Named {
  key?: string;
  paragraph?: number;
  paragraphEnd?: number;
  locator?: string;
  label?: string;
}

/**
 * What the hover's card names for the citation at `offset`, read as the hover reads it: the line and the lines
 * before and after it, and a footnote's note looked up in the draft by its label.
 */
function hover(draft: string, offset: number, format: Format): Named[] {
  const lines = draft.split('\n');
  let line = 0;
  let lineStart = 0;
  while (line < lines.length - 1 && lineStart + lines[line].length < offset) lineStart += lines[line++].length + 1;
  const first = Math.max(0, line - 1);
  const last = Math.min(lines.length - 1, line + 1);
  const window = lines.slice(first, last + 1).join('\n');
  let at = offset - lineStart;
  for (let l = first; l < line; l++) at += lines[l].length + 1;
  const citation = citationAtOffset(window, at, format, (label) => findFootnoteNote(label, lines.length, (n) => lines[n]));
  if (!citation) return [];
  // The card names the sources and paragraphs; any other locator is the citation's own.
  const locators = citation.cites.flatMap((cite) => (cite.locator !== undefined ? [{ locator: cite.locator, label: cite.label }] : []));
  return resolveCitation(library, citation).map((item, i) => {
    const named: Named = {};
    if (item.key !== undefined) named.key = item.key;
    if (item.paragraph !== undefined) named.paragraph = item.paragraph;
    if (item.paragraphEnd !== undefined) named.paragraphEnd = item.paragraphEnd;
    if (locators[i]) Object.assign(named, locators[i]);
    return named;
  });
}

/** The quotation check's verdict on the one quotation in the draft. */
function check(draft: string, format: Format): { citation: string; expected?: Named } {
  const results = checkQuotations(draft, library.sources, { format });
  assert.equal(results.length, 1, `one quotation in ${JSON.stringify(draft)}`);
  const [result] = results;
  assert.notEqual(result.status, 'notFound', `the quoted words are found in ${JSON.stringify(draft)}`);
  return { citation: result.citation, ...(result.expectedCitation ? { expected: { key: result.expectedCitation.source, paragraph: result.expectedCitation.paragraph } } : {}) };
}

/** The sources the draft cites, as note numbering and Insert Bibliography count them. */
function cited(draft: string, format: Format): string[] {
  return uniqueKeys(citedKeys(draft, metas, format));
}

/** The keys the draft is warned about. */
function warned(draft: string, format: Format): string[] {
  return unknownCitationKeys(draft, knownKeys, format).map((found) => found.key);
}

/** The Markdown preview's HTML for the draft, in `styleId`. */
async function preview(draft: string, styleId = 'chicago-author-date'): Promise<string> {
  const prepared = await sourcebook.citations.prepare(styleId);
  assert.ok(prepared.ok);
  const style: StyleInfo = prepared.value;
  const md = new MarkdownIt();
  installCitations(md as unknown as CitationHost, () => ({ sourcebook, style }));
  installFootnotes(md as unknown as FootnoteHost);
  return md.render(draft);
}

const at = (draft: string, part: string): number => {
  const offset = draft.indexOf(part);
  assert.ok(offset >= 0, `${JSON.stringify(part)} is in the draft`);
  return offset + 1;
};

describe('One reading of a draft’s citations, whichever feature reads it', () => {
  describe('paragraph locators', () => {
    it('reads \\cite[para.~4]{crossan2025} and \\cite[paras.~3--4]{crossan2025} as paragraph 4 and paragraphs 3 to 4 of Crossan in every reader', async () => {
      const quote = wordsOf('crossan2025', 4);
      for (const [citation, named] of [
        ['\\cite[para.~4]{crossan2025}', { key: 'crossan2025', paragraph: 4 }],
        ['\\cite[paras.~3--4]{crossan2025}', { key: 'crossan2025', paragraph: 3, paragraphEnd: 4 }],
      ] as const) {
        const draft = `Dai said \`\`${quote}'' ${citation}.`;
        assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'latex'), [named], citation);
        assert.equal(check(draft, 'latex').citation, 'correct', citation);
        assert.deepEqual(cited(draft, 'latex'), ['crossan2025'], citation);
        assert.deepEqual(warned(draft, 'latex'), [], citation);
        assert.deepEqual(warned(draft.replace('crossan2025', 'crosan2025'), 'latex'), ['crosan2025'], citation);
      }
    });

    it('reads [@crossan2025, paras. 3—4] with an em dash as paragraphs 3 to 4 in every reader, the preview included', async () => {
      const draft = `Dai said “${wordsOf('crossan2025', 4)}” [@crossan2025, paras. 3—4].`;
      assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'markdown'), [{ key: 'crossan2025', paragraph: 3, paragraphEnd: 4 }]);
      assert.equal(check(draft, 'markdown').citation, 'correct');
      assert.deepEqual(cited(draft, 'markdown'), ['crossan2025']);
      assert.deepEqual(warned(draft, 'markdown'), []);
      const html = await preview(draft);
      assert.match(html, /<span class="sourcebook-citation" title="\[@crossan2025, paras\. 3—4\]">\(Crossan 2025, paras\. 3–4\)<\/span>/);
    });

    it('reads a paragraph written "par." (as MLA writes it) as a paragraph in every reader', async () => {
      const draft = `Dai said “${wordsOf('crossan2025', 4)}” [@crossan2025, par. 4].`;
      assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'markdown'), [{ key: 'crossan2025', paragraph: 4 }]);
      const wrong = check(draft.replace('par. 4', 'par. 3'), 'markdown');
      assert.deepEqual(wrong, { citation: 'wrong', expected: { key: 'crossan2025', paragraph: 4 } });
      assert.match(await preview(draft), /<span class="sourcebook-citation" title="\[@crossan2025, par\. 4\]">\(Crossan 2025, para\. 4\)<\/span>/);
    });
  });

  describe('locators beyond paragraphs', () => {
    const quote = wordsOf('crossan2025', 4);
    const page = { key: 'crossan2025', locator: '3', label: 'page' };

    it('reads a page in every form — [@k, p. 3], [@k, 3], \\autocite[3]{k}, \\cite[p.~3]{k}, (Crossan 2025, p. 3) — as a page in every reader, the quotation checked against the whole source', async () => {
      for (const [citation, format] of [
        ['[@crossan2025, p. 3]', 'markdown'],
        ['[@crossan2025, 3]', 'markdown'],
        ['\\autocite[3]{crossan2025}', 'latex'],
        ['\\cite[p.~3]{crossan2025}', 'latex'],
        ['[@crossan2025, p. 3]', 'plain'],
      ] as const) {
        const draft = format === 'latex' ? `Dai said \`\`${quote}'' ${citation}.` : `Dai said “${quote}” ${citation}.`;
        assert.deepEqual(hover(draft, at(draft, 'crossan2025'), format), [page], citation);
        assert.equal(check(draft, format).citation, 'correct', citation);
        assert.deepEqual(cited(draft, format), ['crossan2025'], citation);
        assert.deepEqual(warned(draft, format), [], citation);
        assert.deepEqual(warned(draft.replace('crossan2025', 'crosan2025'), format), ['crosan2025'], citation);
      }
      const authorDate = `Dai said “${quote}” (Crossan 2025, p. 3).`;
      assert.equal(check(authorDate, 'plain').citation, 'correct');
      assert.deepEqual(cited(authorDate, 'plain'), ['crossan2025']);
    });

    it('reads a range of pages and a chapter — [@k, pp. 3–5], \\autocite[chap.~2]{k} — in every reader, the preview formatting them', async () => {
      const pages = `Dai said “${quote}” [@crossan2025, pp. 3–5].`;
      assert.deepEqual(hover(pages, at(pages, 'crossan2025'), 'markdown'), [{ key: 'crossan2025', locator: '3-5', label: 'page' }]);
      assert.equal(check(pages, 'markdown').citation, 'correct');
      assert.match(await preview(pages), /<span class="sourcebook-citation" title="\[@crossan2025, pp\. 3–5\]">\(Crossan 2025, 3–5\)<\/span>/);
      const chapter = `Dai said \`\`${quote}'' \\autocite[chap.~2]{crossan2025}.`;
      assert.deepEqual(hover(chapter, at(chapter, 'crossan2025'), 'latex'), [{ key: 'crossan2025', locator: '2', label: 'chapter' }]);
      assert.equal(check(chapter, 'latex').citation, 'correct');
      assert.match(await preview(`See [@crossan2025, chap. 2].`), /title="\[@crossan2025, chap\. 2\]">\(Crossan 2025, chap\. 2\)</);
    });

    it('reads the page a note style writes ("…, 2025, 3, https://…" and the short "Crossan, “An Ode…,” 3.") as a page in every reader', async () => {
      for (const citedBefore of [[], ['crossan2025']]) {
        const made = await sourcebook.citations.cite({ style: 'chicago-fullnote-bibliography', items: [{ key: 'crossan2025', locator: '3', label: 'page' }], form: 'footnote', citedBefore });
        assert.ok(made.ok);
        const draft = `Dai said “${quote}”.[^1]\n\n[^1]: ${made.value}\n`;
        assert.deepEqual(hover(draft, at(draft, '[^1]'), 'markdown'), [page], made.value);
        assert.equal(check(draft, 'markdown').citation, 'correct', made.value);
        assert.deepEqual(cited(draft, 'markdown'), ['crossan2025'], made.value);
      }
    });

    it('reads the page each in-text style writes — APA (Crossan, 2025, p. 3), MLA (Crossan 3) in plain text — as naming the source in every reader', async () => {
      for (const style of bundledStyles().filter((one) => one.class === 'in-text')) {
        const made = await sourcebook.citations.cite({ style: style.id, items: [{ key: 'crossan2025', locator: '3', label: 'page' }], form: 'plain' });
        assert.ok(made.ok);
        const draft = `Dai said “${quote}” ${made.value}.`;
        assert.deepEqual(hover(draft, at(draft, made.value), 'plain'), [page], `${style.id}: ${made.value}`);
        assert.equal(check(draft, 'plain').citation, 'correct', made.value);
        assert.deepEqual(cited(draft, 'plain'), ['crossan2025'], made.value);
      }
    });

    it('still finds a wrong paragraph, and a wrong source, next to the page citations', async () => {
      const wrongParagraph = `Dai said “${quote}” [@crossan2025, para. 3].`;
      assert.deepEqual(check(wrongParagraph, 'markdown'), { citation: 'wrong', expected: { key: 'crossan2025', paragraph: 4 } });
      const wrongSource = `Dai said “${quote}” [@byrne2014, p. 3].`;
      assert.deepEqual(check(wrongSource, 'markdown'), { citation: 'wrong', expected: { key: 'crossan2025', paragraph: 4 } });
    });
  });

  describe('LaTeX citation commands', () => {
    const quote = wordsOf('crossan2025', 4);

    for (const command of ['cite', 'Cite', 'citep', 'citet', 'parencite', 'Parencite', 'footcite', 'textcite', 'Textcite', 'autocite', 'Autocite', 'smartcite', 'supercite', 'citeauthor', 'parencite*', 'textcite*', 'citet*']) {
      it(`reads \\${command}[para.~4]{crossan2025} as citing Crossan, paragraph 4, in every reader`, async () => {
        const draft = `Dai said \`\`${quote}'' \\${command}[para.~4]{crossan2025}.`;
        assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'latex'), [{ key: 'crossan2025', paragraph: 4 }]);
        assert.equal(check(draft, 'latex').citation, 'correct');
        assert.deepEqual(cited(draft, 'latex'), ['crossan2025']);
        assert.deepEqual(warned(draft.replace('crossan2025', 'nosuch2020'), 'latex'), ['nosuch2020']);
      });
    }

    it('reads \\nocite{crossan2025} as putting Crossan in the bibliography without citing the quotation before it', async () => {
      const draft = `Dai said \`\`${quote}'' \\nocite{crossan2025}.`;
      assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'latex'), [{ key: 'crossan2025' }]);
      assert.deepEqual(cited(draft, 'latex'), ['crossan2025']);
      assert.deepEqual(warned(draft.replace('crossan2025', 'nosuch2020'), 'latex'), ['nosuch2020']);
      assert.deepEqual(check(draft, 'latex'), { citation: 'missing', expected: { key: 'crossan2025', paragraph: 4 } });
      assert.deepEqual(warned('\\nocite{*}', 'latex'), []);
    });

    it('reads every source of a multi-citation \\cites[para.~4]{crossan2025}[para.~16]{byrne2014}, each with its own paragraph', async () => {
      const draft = `Dai said \`\`${quote}'' \\cites[para.~4]{crossan2025}[para.~16]{byrne2014}.`;
      assert.deepEqual(hover(draft, at(draft, 'byrne2014'), 'latex'), [
        { key: 'crossan2025', paragraph: 4 },
        { key: 'byrne2014', paragraph: 16 },
      ]);
      assert.equal(check(draft, 'latex').citation, 'correct');
      assert.deepEqual(cited(draft, 'latex'), ['crossan2025', 'byrne2014']);
      assert.deepEqual(warned(draft.replace('byrne2014', 'nosuch2020'), 'latex'), ['nosuch2020']);
    });

    it('reads \\citetext{…} as free text and \\citestyle{…} as no citation at all, in every reader', async () => {
      const draft = 'As \\citetext{priv.\\ comm.} and \\citestyle{authoryear} say.';
      assert.deepEqual(hover(draft, at(draft, 'priv'), 'latex'), []);
      assert.deepEqual(hover(draft, at(draft, 'authoryear'), 'latex'), []);
      assert.deepEqual(cited(draft, 'latex'), []);
      assert.deepEqual(warned(draft, 'latex'), []);
    });

    it('reads no LaTeX command as a citation in Markdown, in any reader', async () => {
      const draft = `Dai said “${quote}” \\cite[para.~4]{crossan2025}.`;
      assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'markdown'), []);
      assert.equal(check(draft, 'markdown').citation, 'missing');
      assert.deepEqual(cited(draft, 'markdown'), []);
      assert.deepEqual(warned(draft.replace('crossan2025', 'nosuch2020'), 'markdown'), []);
    });

    it('reads both Pandoc and LaTeX citations in plain text, in every reader', async () => {
      for (const citation of ['\\cite[para.~4]{crossan2025}', '[@crossan2025, para. 4]']) {
        const draft = `Dai said “${quote}” ${citation}.`;
        assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'plain'), [{ key: 'crossan2025', paragraph: 4 }], citation);
        assert.equal(check(draft, 'plain').citation, 'correct', citation);
        assert.deepEqual(cited(draft, 'plain'), ['crossan2025'], citation);
        assert.deepEqual(warned(draft.replace('crossan2025', 'nosuch2020'), 'plain'), ['nosuch2020'], citation);
      }
    });
  });

  describe('footnotes', () => {
    it('reads a note over its indented continuation lines, with up to three spaces before it, in every reader', async () => {
      const draft = [
        `Dai said “${wordsOf('crossan2025', 4)}”.[^1]`,
        '',
        '   [^1]: Dai Donovan, quoted in',
        '    Crossan, “An Ode to Solidarity and Organisation,” para. 4.',
        '',
      ].join('\n');
      assert.deepEqual(hover(draft, at(draft, '[^1]'), 'markdown'), [{ key: 'crossan2025', paragraph: 4 }]);
      assert.equal(check(draft, 'markdown').citation, 'correct');
      assert.deepEqual(cited(draft, 'markdown'), ['crossan2025']);
      const html = await preview(draft);
      assert.match(html, /<li id="sourcebook-fn-1">Dai Donovan, quoted in\nCrossan, “An Ode to Solidarity and Organisation,” para\. 4\./);
    });

    it('reads a note wrapped onto a line that is not indented as one note, its paragraph included, in every reader', async () => {
      const draft = [
        `Siân James said “${wordsOf('byrne2014', 16)}”.[^2]`,
        '',
        '[^2]: Liam Byrne, “Pride and Prejudice,” *Overland*,',
        'November 2014, para. 20.',
        '',
      ].join('\n');
      assert.deepEqual(hover(draft, at(draft, '[^2]'), 'markdown'), [{ key: 'byrne2014', paragraph: 20 }]);
      assert.deepEqual(check(draft, 'markdown'), { citation: 'wrong', expected: { key: 'byrne2014', paragraph: 16 } });
      assert.deepEqual(cited(draft, 'markdown'), ['byrne2014']);
      assert.match(await preview(draft), /<li id="sourcebook-fn-1">Liam Byrne, “Pride and Prejudice,” <em>Overland<\/em>,\nNovember 2014, para\. 20\./);
    });

    it('reads a draft that mixes footnotes and Pandoc citations (a style switched, the citations kept as written) in every reader', async () => {
      const draft = [
        `Dai said “${wordsOf('crossan2025', 4)}”.[^1] Siân James said “${wordsOf('byrne2014', 16)}” [@byrne2014, para. 16].`,
        '',
        '[^1]: Crossan, “An Ode to Solidarity and Organisation,” para. 4.',
        '',
      ].join('\n');
      assert.deepEqual(hover(draft, at(draft, '[^1]'), 'markdown'), [{ key: 'crossan2025', paragraph: 4 }]);
      assert.deepEqual(hover(draft, at(draft, '[@byrne2014'), 'markdown'), [{ key: 'byrne2014', paragraph: 16 }]);
      assert.deepEqual(
        checkQuotations(draft, library.sources, { format: 'markdown' }).map((result) => result.citation),
        ['correct', 'correct'],
      );
      assert.deepEqual(cited(draft, 'markdown'), ['crossan2025', 'byrne2014']);
      const html = await preview(draft);
      assert.match(html, /<span class="sourcebook-citation" title="\[@byrne2014, para\. 16\]">\(Byrne 2014, para\. 16\)<\/span>/);
      assert.match(html, /<li id="sourcebook-fn-1">Crossan, “An Ode to Solidarity and Organisation,” para\. 4\./);
    });

    it('warns about an unknown key in a note, and the hover on the note’s reference says the key is unknown', async () => {
      const draft = `Dai said so.[^1]\n\n[^1]: [@crosan2025, para. 4].\n`;
      assert.deepEqual(warned(draft, 'markdown'), ['crosan2025']);
      assert.deepEqual(hover(draft, at(draft, '[^1]'), 'markdown'), [{}]);
      assert.deepEqual(cited(draft, 'markdown'), []);
    });

    it('reads a LaTeX \\footnote that names its source by author as citing it, in every reader', async () => {
      const draft = `Dai said \`\`${wordsOf('crossan2025', 4)}''.\\footnote{Crossan, An Ode to Solidarity and Organisation, para.~4.}`;
      assert.deepEqual(hover(draft, at(draft, 'Crossan, An'), 'latex'), [{ key: 'crossan2025', paragraph: 4 }]);
      assert.equal(check(draft, 'latex').citation, 'correct');
      assert.deepEqual(cited(draft, 'latex'), ['crossan2025']);
    });
  });

  describe('which sources a note names', () => {
    /** A quotation of `quoted` cited by footnote `note`. */
    const draftWith = (quoted: [string, number], note: string) => `He wrote “${wordsOf(...quoted)}”.[^1]\n\n[^1]: ${note}\n`;

    for (const { note, quoted, named } of [
      { note: 'Crossan, para. 4.', quoted: ['crossan2025', 4], named: { key: 'crossan2025', paragraph: 4 } },
      { note: 'Byrne 2016, para. 2.', quoted: ['byrne2016', 2], named: { key: 'byrne2016', paragraph: 2 } },
      { note: 'Liam Byrne, “Pride and Prejudice,” *Overland*, para. 16.', quoted: ['byrne2014', 16], named: { key: 'byrne2014', paragraph: 16 } },
      { note: 'Byrne, “Another Review,” para. 2.', quoted: ['byrne2016', 2], named: { key: 'byrne2016', paragraph: 2 } },
    ] as const) {
      it(`reads the note "${note}" as naming ${named.key} in every reader`, async () => {
        const draft = draftWith(quoted as unknown as [string, number], note);
        assert.deepEqual(hover(draft, at(draft, '[^1]'), 'markdown'), [named]);
        assert.equal(check(draft, 'markdown').citation, 'correct');
        assert.deepEqual(cited(draft, 'markdown'), [named.key]);
      });
    }

    it('reads "Byrne, para. 2." as naming neither of Byrne’s two sources, in every reader', async () => {
      const draft = draftWith(['byrne2016', 2], 'Byrne, para. 2.');
      assert.ok((hover(draft, at(draft, '[^1]'), 'markdown')).every((named) => named.key === undefined));
      assert.deepEqual(check(draft, 'markdown'), { citation: 'wrong', expected: { key: 'byrne2016', paragraph: 2 } });
      assert.deepEqual(cited(draft, 'markdown'), []);
    });

    it('reads the author-date citations each in-text style writes, and the notes of a note style, as naming the source cited', async () => {
      const cites = ['byrne2014', 'byrne2016', 'crossan2025', 'bossy-lovewins'];
      for (const style of bundledStyles()) {
        for (const [key, paragraph] of [['crossan2025', 4], ['byrne2016', 2]] as const) {
          const quote = wordsOf(key, paragraph);
          const drafts: Array<[string, Format, string]> = [];
          if (style.class === 'in-text') {
            const made = await sourcebook.citations.cite({ style: style.id, items: [{ key, paragraph }], form: 'plain', cited: cites });
            assert.ok(made.ok);
            drafts.push([`He wrote “${quote}” ${made.value}.`, 'plain', made.value], [`He wrote “${quote}” ${made.value}.`, 'markdown', made.value]);
          } else {
            for (const citedBefore of [[], [key]]) {
              const made = await sourcebook.citations.cite({ style: style.id, items: [{ key, paragraph }], form: 'footnote', cited: cites, citedBefore });
              assert.ok(made.ok);
              drafts.push([`He wrote “${quote}”.[^1]\n\n[^1]: ${made.value}\n`, 'markdown', '[^1]']);
            }
          }
          for (const [draft, format, citation] of drafts) {
            const what = `${style.id}, ${format}: ${JSON.stringify(draft.slice(draft.indexOf('”') + 1))}`;
            assert.deepEqual(hover(draft, at(draft, citation), format), [{ key, paragraph }], what);
            assert.equal(check(draft, format).citation, 'correct', what);
            assert.deepEqual(cited(draft, format), [key], what);
          }
        }
      }
    });
  });

  describe('what no reader reads', () => {
    it('ignores Sourcebook’s bibliography block and comments in a Markdown draft, in every reader', async () => {
      const draft = [
        'Solidarity [@crossan2025, para. 4].',
        '<!-- [@nocomment2020] and “a quotation in a comment here” -->',
        '',
        '<!-- sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block) -->',
        '## References',
        '',
        'Byrne, Liam. “Pride and Prejudice: A Review of the Film.” *Overland*, 2014. [@byrne2014] [@nosuch2020]',
        '<!-- sourcebook:bibliography:end -->',
        '',
      ].join('\n');
      assert.deepEqual(findQuotations(draft, { format: 'markdown' }), []);
      assert.deepEqual(cited(draft, 'markdown'), ['crossan2025']);
      assert.deepEqual(warned(draft, 'markdown'), []);
      assert.deepEqual(hover(draft, at(draft, 'nocomment2020'), 'markdown'), []);
      assert.doesNotMatch(await preview(draft), /title="\[@nocomment2020\]"/);
    });

    it('ignores Sourcebook’s bibliography block and comments in a LaTeX draft, in every reader', async () => {
      const draft = [
        'Solidarity \\cite[para.~4]{crossan2025}. % \\cite{nocomment2020} ``a quotation in a comment here\'\'',
        '% sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block)',
        '\\begin{thebibliography}{1}',
        '\\bibitem{byrne2014} Byrne, Liam. ``Pride and Prejudice: A Review of the Film.\'\' \\cite{nosuch2020}',
        '\\end{thebibliography}',
        '% sourcebook:bibliography:end',
        '',
      ].join('\n');
      assert.deepEqual(findQuotations(draft, { format: 'latex' }), []);
      assert.deepEqual(cited(draft, 'latex'), ['crossan2025']);
      assert.deepEqual(warned(draft, 'latex'), []);
      assert.deepEqual(hover(draft, at(draft, 'nocomment2020'), 'latex'), []);
    });

    it('reads a citation in a code span as code, in every reader', async () => {
      const draft = 'Type `[@crossan2025, para. 4]` to cite, or `[@nosuch2020]`.';
      assert.deepEqual(hover(draft, at(draft, 'crossan2025'), 'markdown'), []);
      assert.deepEqual(cited(draft, 'markdown'), []);
      assert.deepEqual(warned(draft, 'markdown'), []);
      assert.match(await preview(draft), /<code>\[@crossan2025, para\. 4\]<\/code>/);
    });
  });
});
