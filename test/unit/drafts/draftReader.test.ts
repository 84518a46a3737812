import * as assert from 'node:assert/strict';
import { citationAtOffset, findFootnoteNote, guessFormat, readDraft } from '../../../src/core/drafts/draftReader';

/** The hover's note lookup over the lines of `draft`. */
const noteOf = (draft: string, label: string) => {
  const lines = draft.split('\n');
  return findFootnoteNote(label, lines.length, (line) => lines[line]);
};

describe('Reading a draft', () => {
  it('guesses LaTeX from \\documentclass, \\begin{ or \\cite, and Markdown otherwise', () => {
    assert.equal(guessFormat('\\documentclass{article}'), 'latex');
    assert.equal(guessFormat('As \\cite{x} says.'), 'latex');
    assert.equal(guessFormat('As [@x] says.'), 'markdown');
  });

  it('blanks Sourcebook’s bibliography in every format, keeping the length and the line breaks', () => {
    const drafts = {
      markdown: 'A.\n<!-- sourcebook:bibliography:start -->\n## References\n<!-- sourcebook:bibliography:end -->\nB.',
      latex: 'A.\n% sourcebook:bibliography:start\n\\bibitem{x} X.\n% sourcebook:bibliography:end\nB.',
      plain: 'A.\n[sourcebook:bibliography:start]\nReferences\n[sourcebook:bibliography:end]\nB.',
    } as const;
    for (const [format, draft] of Object.entries(drafts) as Array<[keyof typeof drafts, string]>) {
      const reading = readDraft(draft, format);
      assert.equal(reading.masked.length, draft.length);
      assert.equal(reading.masked.trim().replace(/\s+/g, ' '), 'A. B.', format);
      assert.deepEqual(reading.bibliography, { start: 3, end: draft.length - 3 }, format);
    }
  });

  it('gives every key as written with its offsets, in notes too, but not an in-text @handle', () => {
    const draft = 'See [@a, para. 2; -@b] and @handle.[^1] Also [@{odd key}].\n\n[^1]: [@c].\n';
    const keys = readDraft(draft, 'markdown').keys;
    assert.deepEqual(keys.map((key) => key.key), ['a', 'b', 'odd key', 'c']);
    for (const key of keys) assert.equal(draft.slice(key.start, key.end), key.key);
  });

  it('reads keys in any script, and leaves the sentence’s punctuation out of them', () => {
    const citations = readDraft('Wie [@müller2020: para. 3] und @çelik.', 'markdown').citations;
    assert.deepEqual(citations.map((c) => c.cites), [[{ key: 'müller2020' }], [{ key: 'çelik' }]]);
  });

  it('gives each key of a multi-citation its own paragraph, and the first key of a list the list’s', () => {
    const draft = '\\textcites(see)()[para.~4]{a}[paras.~5--6]{b,c} and \\cite[para.~9]{d,e}';
    assert.deepEqual(readDraft(draft, 'latex').citations.map((c) => c.cites), [
      [{ key: 'a', paragraph: 4 }, { key: 'b', paragraph: 5, paragraphEnd: 6 }, { key: 'c' }],
      [{ key: 'd', paragraph: 9 }, { key: 'e' }],
    ]);
  });

  it('reads a footnote reference with its note’s citations, and a note’s citations only through its references', () => {
    const draft = 'Text.[^n] More.\n\n[^n]: See [@a, para. 3] and [@b].\n';
    const [citation, ...rest] = readDraft(draft, 'markdown').citations;
    assert.equal(rest.length, 0);
    assert.equal(citation.form, 'footnote');
    assert.deepEqual(citation.cites, [{ key: 'a', paragraph: 3 }, { key: 'b' }]);
    assert.equal(draft.slice(citation.footnote!.start, citation.footnote!.end), 'See [@a, para. 3] and [@b].');
  });

  it('finds the same note by line as in the whole text: the first definition, outside fenced code', () => {
    const draft = ['Text.[^1]', '', '```', '[^1]: not a note, code', '```', '', '  [^1]: The note,', '    over two lines', 'and a third.', '', '[^1]: A second definition.', ''].join('\n');
    const whole = readDraft(draft, 'markdown').footnotes.get('1')?.text;
    assert.equal(whole, 'The note,\n    over two lines\nand a third.');
    assert.equal(noteOf(draft, '1'), whole);
    assert.equal(noteOf(draft, '2'), undefined);
  });

  it('ends a note at a blank line or at a line that starts another block', () => {
    const draft = '[^1]: One\n# Heading\n[^2]: Two\n> quoted\n[^3]: Three\n[^4]: Four\n';
    const notes = readDraft(draft, 'markdown').footnotes;
    assert.deepEqual([...notes.values()].map((note) => note.text), ['One', 'Two', 'Three', 'Four']);
    for (const label of ['1', '2', '3', '4']) assert.equal(noteOf(draft, label), notes.get(label)?.text);
  });

  it('reads no citation in a comment or a code span within the lines the hover reads', () => {
    const line = 'Real [@a] <!-- [@b] --> `[@c]`';
    assert.equal(citationAtOffset(line, line.indexOf('a]'))?.cites[0].key, 'a');
    assert.equal(citationAtOffset(line, line.indexOf('b]')), undefined);
    assert.equal(citationAtOffset(line, line.indexOf('c]')), undefined);
    const latex = 'Real \\cite{a} % \\cite{b}';
    assert.equal(citationAtOffset(latex, latex.indexOf('b}'), 'latex'), undefined);
  });

  it('reads an author-date citation with or without a comma, "n.d." or "no date", and MLA’s paragraph', () => {
    const cites = (text: string) => readDraft(text, 'markdown').citations.flatMap((c) => c.cites);
    assert.deepEqual(cites('(Crossan 2025, para. 4)'), [{ name: 'Crossan', year: '2025', paragraph: 4 }]);
    assert.deepEqual(cites('(Crossan et al., 2025)'), [{ name: 'Crossan', year: '2025' }]);
    assert.deepEqual(cites('(Bossy, n.d., para. 2)'), [{ name: 'Bossy', year: 'n.d.', paragraph: 2 }]);
    assert.deepEqual(cites('(Bossy, no date, para. 2)'), [{ name: 'Bossy', year: 'no date', paragraph: 2 }]);
    assert.deepEqual(cites('(Byrne, Another Review: Of Pride, Again, pars. 2–3)'), [{ noteText: 'Byrne, Another Review: Of Pride, Again', paragraph: 2, paragraphEnd: 3 }]);
    assert.deepEqual(cites('(as we saw) (1984) (para. 4)'), []);
  });

  it('reads a name in parentheses as a citation in plain text only, where nothing else can be', () => {
    assert.deepEqual(readDraft('As she wrote (Bossy).', 'plain').citations.flatMap((c) => c.cites), [{ noteText: 'Bossy' }]);
    assert.deepEqual(readDraft('As she wrote (Bossy).', 'markdown').citations, []);
    assert.deepEqual(readDraft('It was (in the end) over.', 'plain').citations, []);
  });

  it('stays linear on hostile drafts', () => {
    for (const text of ['('.repeat(50000), '[@'.repeat(30000), '\\cites'.repeat(20000), '[^1]: '.repeat(20000), `${'\n'.repeat(20000)}[^1]`]) {
      const started = Date.now();
      const reading = readDraft(text, 'plain');
      assert.doesNotThrow(() => [reading.citations, reading.keys, reading.footnotes]);
      assert.ok(Date.now() - started < 1000, `bounded time for ${JSON.stringify(text.slice(0, 8))}`);
    }
  });
});
