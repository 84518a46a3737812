// Which form a citation takes in a draft: `formFor(setting, format, class)`. With `auto` (the default) the style's
// class decides, as the manuals do: Chicago's notes and bibliography cites in notes (CMOS 14), Chicago author-date,
// MLA 9, APA 7 and Cite Them Right cite in the sentence. An explicit setting is kept whatever the style.
import * as assert from 'node:assert/strict';
import { formFor } from '../../../src/core/citations/forms';
import { bundledStyles } from '../../../src/core/citations/styles';
import type { CitationForm } from '../../../src/core/types';

describe('The citation form a draft gets', () => {
  describe('auto, the default', () => {
    it('cites in the text with a Pandoc citation in a Markdown draft under an in-text style', () => {
      assert.equal(formFor('auto', 'markdown', 'in-text'), 'pandoc');
    });

    it('cites in a footnote in a Markdown draft under a notes style', () => {
      assert.equal(formFor('auto', 'markdown', 'note'), 'footnote');
    });

    it('writes the formatted in-text citation in a plain-text draft under an in-text style', () => {
      assert.equal(formFor('auto', 'plain', 'in-text'), 'plain');
    });

    it('cites in a footnote with its note at the end in a plain-text draft under a notes style, not the whole note inside the sentence', () => {
      assert.equal(formFor('auto', 'plain', 'note'), 'footnote');
    });

    it('writes biblatex’s \\autocite in a LaTeX draft under either class, which biblatex makes a note or a parenthesis', () => {
      assert.equal(formFor('auto', 'latex', 'in-text'), 'biblatex');
      assert.equal(formFor('auto', 'latex', 'note'), 'biblatex');
    });

    it('follows the class of each bundled style: footnotes for Chicago notes, Pandoc for Chicago author-date, MLA, APA and Harvard', () => {
      const forms = Object.fromEntries(bundledStyles().map((style) => [style.id, formFor('auto', 'markdown', style.class)]));
      assert.deepEqual(forms, {
        'chicago-author-date': 'pandoc',
        'chicago-fullnote-bibliography': 'footnote',
        'modern-language-association': 'pandoc',
        apa: 'pandoc',
        'harvard-cite-them-right': 'pandoc',
      });
    });
  });

  it('keeps every explicit choice, in every format and under both classes', () => {
    const explicit: CitationForm[] = ['footnote', 'pandoc', 'latex', 'biblatex', 'plain'];
    for (const setting of explicit) {
      for (const format of ['markdown', 'latex', 'plain'] as const) {
        for (const styleClass of ['in-text', 'note'] as const) {
          assert.equal(formFor(setting, format, styleClass), setting, `${setting} in ${format} under a ${styleClass} style`);
        }
      }
    }
  });
});
