// The .bib entries Sourcebook writes: biblatex's (biber) and classic BibTeX's (.bst styles), for the four bundled
// sources as ../shared/seeds/SOURCES.md records them — titles in sentence case with proper nouns kept, the Wikipedia
// article unsigned — and for titles stored the older way, in title case.
import * as assert from 'node:assert/strict';
import { bibEntry, exportBib, isSourcebookBib, sourcebookBib, sourcebookBibName } from '../../../src/core/citations/bibtex';
import { bibTitle } from '../../../src/core/citations/bibTitle';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { bossy, byrne, crossan, wikipedia } from '../../fixtures/recordedSources';

const lines = (...parts: string[]) => parts.join('\n');

describe('biblatex entries (for biber)', () => {
  it('writes Crossan’s web page as @online with its site, ISO date, URL and access date, the title in title case', () => {
    assert.equal(
      bibEntry(crossan, { flavour: 'biblatex' }),
      lines(
        '@online{crossan2025,',
        '  author       = {Crossan, Elliot},',
        '  title        = {An Ode to Solidarity and Organisation},',
        '  organization = {System Change Aotearoa},',
        '  date         = {2025-02-15},',
        '  url          = {https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/},',
        '  urldate      = {2026-11-20}',
        '}',
      ),
    );
  });

  it('writes Byrne’s review as a magazine @article: journaltitle, entrysubtype = {magazine}, the month as known', () => {
    assert.equal(
      bibEntry(byrne, { flavour: 'biblatex' }),
      lines(
        '@article{byrne2014,',
        '  author       = {Byrne, Liam},',
        '  title        = {Pride and Prejudice},',
        '  journaltitle = {Overland},',
        '  entrysubtype = {magazine},',
        '  date         = {2014-11},',
        '  url          = {https://overland.org.au/2014/11/pride-and-prejudice/},',
        '  urldate      = {2026-11-20}',
        '}',
      ),
    );
  });

  it('writes Bossy’s undated post with no date at all, “#” escaped and the proper nouns braced', () => {
    assert.equal(
      bibEntry(bossy, { flavour: 'biblatex' }),
      lines(
        '@online{bossy-lovewins,',
        '  author       = {Bossy, Gabrielle},',
        '  title        = {\\#{LoveWins} Flashback: {Lesbians} and {Gays} {Support} the {Miners}},',
        '  organization = {hippiehistorian.com},',
        '  url          = {https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners},',
        '  urldate      = {2026-11-20}',
        '}',
      ),
    );
  });

  it('writes the unsigned Wikipedia article with no author field, so styles cite it by its title', () => {
    assert.equal(
      bibEntry(wikipedia, { flavour: 'biblatex' }),
      lines(
        '@online{wikipedia-lgsm,',
        '  title        = {Lesbians and {Gays} {Support} the {Miners}},',
        '  organization = {Wikipedia},',
        '  url          = {https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners},',
        '  urldate      = {2026-11-20}',
        '}',
      ),
    );
  });

  it('puts a web page’s site in journaltitle for biblatex-mla, which prints no organization for @online', () => {
    assert.match(bibEntry(crossan, { flavour: 'biblatex', dialect: 'mla' }), /\n {2}journaltitle = \{System Change Aotearoa\},\n/);
    assert.doesNotMatch(bibEntry(crossan, { flavour: 'biblatex', dialect: 'mla' }), /organization/);
  });

  it('leaves entrysubtype out for biblatex-apa and bath, which would print “[magazine]”', () => {
    for (const dialect of ['apa', 'bath'] as const) assert.doesNotMatch(bibEntry(byrne, { flavour: 'biblatex', dialect }), /entrysubtype/);
    for (const dialect of ['chicago', 'mla', 'standard'] as const) assert.match(bibEntry(byrne, { flavour: 'biblatex', dialect }), /entrysubtype = \{magazine\}/);
  });

  it('keeps an organisation’s name whole in double braces, “and” included', () => {
    const lgsm = { ...crossan, author: [{ literal: 'Lesbians and Gays Support the Miners' }] };
    assert.match(bibEntry(lgsm, { flavour: 'biblatex' }), /\n {2}author {7}= \{\{Lesbians and Gays Support the Miners\}\},\n/);
  });

  it('keeps non-ASCII letters as they are (biber reads UTF-8) and escapes LaTeX’s special characters', () => {
    const entry = bibEntry({ ...crossan, author: [{ family: 'James', given: 'Siân' }], title: '50% & $5_000 ~ #1 {x} ^ \\' }, { flavour: 'biblatex' });
    assert.match(entry, /author {7}= \{James, Siân\}/);
    assert.match(entry, /title {8}= \{50\\% \\& \\\$5\\_000 \\~\{\} \\#1 \\textbraceleft\{\}X\\textbraceright\{\} \\\^\{\} \\textbackslash\{\}\}/);
  });

  it('writes a date that is not ISO 8601 as written, never a date made up from it', () => {
    const entry = bibEntry({ ...crossan, date: 'summer 1985' }, { flavour: 'biblatex' });
    assert.match(entry, /year {9}= \{summer 1985\}/);
    assert.doesNotMatch(entry, /\bdate\b/);
  });
});

describe('Classic BibTeX entries (.bst styles)', () => {
  it('writes a web page as @misc with howpublished = {Site, \\url{…}} and note = {Accessed …}, the year and month as BibTeX reads them', () => {
    assert.equal(
      bibEntry(crossan, { flavour: 'bibtex' }),
      lines(
        '@misc{crossan2025,',
        '  author       = {Crossan, Elliot},',
        '  title        = {An Ode to Solidarity and Organisation},',
        '  howpublished = {System Change Aotearoa, \\url{https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/}},',
        '  year         = {2025},',
        '  month        = feb,',
        '  note         = {Accessed 20 November 2026}',
        '}',
      ),
    );
  });

  it('writes the magazine review as @article with its journal, and the URL and access date in the note', () => {
    assert.equal(
      bibEntry(byrne, { flavour: 'bibtex' }),
      lines(
        '@article{byrne2014,',
        '  author  = {Byrne, Liam},',
        '  title   = {Pride and Prejudice},',
        '  journal = {Overland},',
        '  year    = {2014},',
        '  month   = nov,',
        '  note    = {\\url{https://overland.org.au/2014/11/pride-and-prejudice/}. Accessed 20 November 2026}',
        '}',
      ),
    );
  });

  it('writes the undated post with no year, and the unsigned article with no author but a key to sort it by', () => {
    assert.equal(
      bibEntry(bossy, { flavour: 'bibtex' }),
      lines(
        '@misc{bossy-lovewins,',
        '  author       = {Bossy, Gabrielle},',
        '  title        = {\\#{LoveWins} Flashback: {Lesbians} and {Gays} {Support} the {Miners}},',
        '  howpublished = {hippiehistorian.com, \\url{https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners}},',
        '  note         = {Accessed 20 November 2026}',
        '}',
      ),
    );
    assert.equal(
      bibEntry(wikipedia, { flavour: 'bibtex' }),
      lines(
        '@misc{wikipedia-lgsm,',
        '  key          = {Lesbians and Gays Support the Miners},',
        '  title        = {Lesbians and {Gays} {Support} the {Miners}},',
        '  howpublished = {Wikipedia, \\url{https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners}},',
        '  note         = {Accessed 20 November 2026}',
        '}',
      ),
    );
  });

  it('exports the four sources in the order given, one blank line apart', () => {
    const bib = exportBib([crossan, byrne, bossy, wikipedia], { flavour: 'bibtex' });
    assert.deepEqual([...bib.matchAll(/^@(\w+)\{([^,]+),$/gm)].map((m) => `${m[1]} ${m[2]}`), ['misc crossan2025', 'article byrne2014', 'misc bossy-lovewins', 'misc wikipedia-lgsm']);
    assert.ok(bib.endsWith('}\n') && !bib.includes('\n\n\n'));
  });
});

describe('The bundled corpus as .bib files', () => {
  const metas = bundledLibrary().sources.map((source) => source.meta);

  it('keeps every bundled source’s URL and access date in both flavours', () => {
    for (const meta of metas) {
      const biblatex = bibEntry(meta, { flavour: 'biblatex' });
      assert.ok(biblatex.split('\n').some((line) => /^ {2}url +=/.test(line) && line.endsWith(`= {${meta.url}},`)), biblatex);
      assert.match(biblatex, /\n {2}urldate +\= \{2026-11-20\}\n\}$/);
      const bibtex = bibEntry(meta, { flavour: 'bibtex' });
      assert.ok(bibtex.includes(`\\url{${meta.url}}`), bibtex);
      assert.match(bibtex, /Accessed 20 November 2026\}\n\}$/);
    }
  });

  it('gives a date only to the sources that have one', () => {
    const dated = metas.filter((meta) => /^date +=/m.test(bibEntry(meta, { flavour: 'biblatex' }).replace(/^ {2}/gm, ''))).map((meta) => meta.key);
    assert.deepEqual(dated.sort(), ['byrne2014', 'crossan2025']);
  });
});

describe('Titles in a .bib file', () => {
  it('puts a sentence-case title in title case, as the .bib convention wants, leaving the little words small', () => {
    assert.equal(bibTitle('An ode to solidarity and organisation'), 'An Ode to Solidarity and Organisation');
    assert.equal(bibTitle('a tale of two cities'), 'A Tale of Two Cities');
  });

  it('braces a proper noun and a word capitalised inside, so sentence-case styles keep their capitals', () => {
    assert.equal(bibTitle('Why LGSM went to Dulais'), 'Why {LGSM} Went to {Dulais}');
  });

  it('keeps a title stored in title case as it is, every capital braced but the first', () => {
    assert.equal(bibTitle('An Ode to Solidarity and Organisation'), 'An {Ode} to {Solidarity} and {Organisation}');
    assert.equal(bibTitle('#LoveWins Flashback: Lesbians and Gays Support the Miners'), '\\#{LoveWins} {Flashback}: {Lesbians} and {Gays} {Support} the {Miners}');
  });

  it('turns CSL rich text into LaTeX: a nocase span into braces, italics into \\emph', () => {
    assert.equal(bibTitle('#LoveWins flashback: <span class="nocase">Lesbians and Gays Support the Miners</span>'), '\\#{LoveWins} Flashback: {Lesbians and Gays Support the Miners}');
    assert.equal(bibTitle('Reviewing <i>Pride</i>: a film of the strike'), 'Reviewing \\emph{{Pride}}: A Film of the Strike');
  });
});

describe('The .bib Sourcebook keeps beside a LaTeX draft', () => {
  it('is named after the draft: essay.tex → essay.sourcebook.bib', () => {
    assert.equal(sourcebookBibName('essay.tex'), 'essay.sourcebook.bib');
    assert.equal(sourcebookBibName('draft.v2.tex'), 'draft.v2.sourcebook.bib');
  });

  it('starts with a comment saying Sourcebook writes it and that edits are lost, then the biblatex entries', () => {
    const bib = sourcebookBib('essay.tex', [crossan], 'chicago');
    assert.equal(
      bib.split('\n\n')[0],
      '% Written by Sourcebook for essay.tex: the sources it cites, rewritten whenever a citation is inserted\n' +
        '% or the draft is saved, so edits made here are lost. Keep sources of your own in a .bib file of your own.',
    );
    assert.equal(bib.split('\n\n')[1], `${bibEntry(crossan, { flavour: 'biblatex', dialect: 'chicago' })}\n`);
    assert.ok(isSourcebookBib(bib));
  });

  it('tells its own file from a writer’s .bib by the first line', () => {
    assert.equal(isSourcebookBib('@book{mine, title = {Mine}}\n'), false);
    assert.equal(isSourcebookBib('% my references\n% Written by Sourcebook\n'), false);
    assert.equal(isSourcebookBib('\uFEFF% Written by Sourcebook for a.tex\n'), true);
  });
});
