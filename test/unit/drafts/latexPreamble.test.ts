// What Sourcebook adds to a LaTeX draft's preamble for its citations: once, only what is missing, never the writer's
// own lines changed.
import * as assert from 'node:assert/strict';
import { biblatexStyleFor } from '../../../src/core/citations/biblatex';
import { addsBibResource, biblatexSetup, urlSetup } from '../../../src/core/drafts/latexPreamble';
import type { TextEdit } from '../../../src/core/drafts/bibliographyBlock';

const chicago = biblatexStyleFor({ id: 'chicago-author-date', title: 'Chicago', class: 'in-text' });
const options = { style: chicago, resource: 'draft.sourcebook.bib', heading: 'References' };

/** The text after the edits (offsets in the original text; applied from the last). */
function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.text + out.slice(edit.end), text);
}

function setUp(text: string): string {
  const setup = biblatexSetup(text, options);
  assert.ok(setup.ok, setup.ok ? '' : setup.message);
  return apply(text, setup.value.edits);
}

const DRAFT = '\\documentclass{article}\n\\usepackage{csquotes}\n\\begin{document}\nText~\\autocite{crossan2025}.\n\n\\end{document}\n';

describe('The biblatex lines of a LaTeX draft', () => {
  it('adds the style’s package and \\addbibresource before \\begin{document}, and \\printbibliography before \\end{document}', () => {
    assert.equal(
      setUp(DRAFT),
      '\\documentclass{article}\n\\usepackage{csquotes}\n' +
        '\\usepackage[authordate,backend=biber]{biblatex-chicago}\n\\addbibresource{draft.sourcebook.bib}\n' +
        '\\begin{document}\nText~\\autocite{crossan2025}.\n\n' +
        '% sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block)\n' +
        '\\printbibliography[title={References}]\n% sourcebook:bibliography:end\n\n\\end{document}\n',
    );
  });

  it('adds nothing the second time', () => {
    const once = setUp(DRAFT);
    const again = biblatexSetup(once, options);
    assert.ok(again.ok);
    assert.deepEqual(again.value.edits, []);
  });

  it('leaves a biblatex the writer loads as written, in the writer’s style, and adds only the .bib and the bibliography', () => {
    const draft = DRAFT.replace('\\usepackage{csquotes}\n', '\\usepackage{csquotes}\n\\usepackage[style=verbose]{biblatex}\n\\addbibresource{mine.bib}\n');
    const result = setUp(draft);
    assert.match(result, /\\usepackage\[style=verbose\]\{biblatex\}\n\\addbibresource\{mine\.bib\}\n\\addbibresource\{draft\.sourcebook\.bib\}\n\\begin\{document\}/);
    assert.doesNotMatch(result, /biblatex-chicago/);
  });

  it('leaves a \\printbibliography the writer placed where it is', () => {
    const draft = DRAFT.replace('\n\\end{document}', '\\printbibliography[heading=bibintoc]\n\\end{document}');
    assert.equal(setUp(draft).split('\\printbibliography').length, 2);
  });

  it('counts a commented-out line as missing', () => {
    const draft = DRAFT.replace('\\begin{document}', '% \\usepackage{biblatex}\n% \\addbibresource{draft.sourcebook.bib}\n\\begin{document}');
    assert.match(setUp(draft), /% \\addbibresource\{draft\.sourcebook\.bib\}\n\\usepackage\[authordate,backend=biber\]\{biblatex-chicago\}\n\\addbibresource\{draft\.sourcebook\.bib\}\n\\begin\{document\}/);
  });

  it('replaces the thebibliography Sourcebook wrote for \\cite, which biblatex cannot compile', () => {
    const draft = DRAFT.replace(
      '\n\\end{document}',
      '% sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block)\n\\begin{thebibliography}{1}\n\\bibitem{crossan2025} Crossan.\n\\end{thebibliography}\n% sourcebook:bibliography:end\n\n\\end{document}',
    );
    const result = setUp(draft);
    assert.doesNotMatch(result, /thebibliography/);
    assert.match(result, /% sourcebook:bibliography:start[^\n]*\n\\printbibliography\[title=\{References\}\]\n% sourcebook:bibliography:end\n\n\\end\{document\}\n$/);
  });

  it('refuses a draft that cites with natbib or \\bibliographystyle, saying what to do', () => {
    for (const draft of [DRAFT.replace('{csquotes}', '[round]{natbib}'), DRAFT.replace('\\end{document}', '\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}')]) {
      const setup = biblatexSetup(draft, options);
      assert.equal(setup.ok, false);
      assert.match(setup.ok ? '' : setup.message, /cannot be loaded beside biblatex.*"latex"/);
    }
  });

  it('adds nothing to a file without \\begin{document} (a chapter), and says it has no preamble', () => {
    const setup = biblatexSetup('\\section{One}\nText~\\autocite{crossan2025}.\n', options);
    assert.ok(setup.ok);
    assert.deepEqual(setup.value, { edits: [], noPreamble: true });
  });

  it('keeps CRLF line endings', () => {
    assert.doesNotMatch(setUp(DRAFT.replace(/\n/g, '\r\n')), /[^\r]\n/);
  });

  it('finds the draft’s \\addbibresource for its .bib, not a commented one', () => {
    assert.equal(addsBibResource(setUp(DRAFT), 'draft.sourcebook.bib'), true);
    assert.equal(addsBibResource(DRAFT.replace('\\begin', '%\\addbibresource{draft.sourcebook.bib}\n\\begin'), 'draft.sourcebook.bib'), false);
  });
});

describe('The url package for formatted citations', () => {
  it('is added when nothing that defines \\url is loaded', () => {
    assert.match(apply(DRAFT, urlSetup(DRAFT).edits), /\\usepackage\{csquotes\}\n\\usepackage\{url\}\n\\begin\{document\}/);
  });

  it('is not added beside hyperref, xurl or url', () => {
    for (const loaded of ['hyperref', 'xurl', 'url']) assert.deepEqual(urlSetup(DRAFT.replace('{csquotes}', `{csquotes,${loaded}}`)).edits, []);
  });
});
