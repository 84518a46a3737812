import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSource, parseSource } from '../../../src/core/sources/sourceParser';
import { sourceText } from '../helpers/fixtures';

describe('Reading a source file', () => {
  it('reads the front matter into the source’s facts', () => {
    const { source, problems } = parseSource(
      sourceText('tester2024', 'One.\n', 'date: 2014-11\nurl: https://example.org/a\naccessed: 2026-11-20\nchanging: true\n'),
      'a.md',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(source?.meta, {
      key: 'tester2024',
      title: 'A Test Source',
      type: 'webpage',
      author: [{ family: 'Tester', given: 'Tess' }],
      date: '2014-11',
      url: 'https://example.org/a',
      accessed: '2026-11-20',
      changing: true,
    });
    assert.equal(source?.origin, 'a.md');
  });

  it('accepts a literal author such as an organisation, "National Union of Mineworkers"', () => {
    const text = '---\nkey: n\ntitle: T\nauthor:\n  - literal: National Union of Mineworkers\ntype: report\n---\nText.\n';
    assert.deepEqual(parseSource(text, 'n.md').source?.meta.author, [{ literal: 'National Union of Mineworkers' }]);
  });

  it('reads a source without `author` as an unsigned work, with no problem and no stand-in name', () => {
    const text = '---\nkey: w\ntitle: Lesbians and Gays Support the Miners\ncontainer: Wikipedia\ntype: entry-encyclopedia\n---\nText.\n';
    const { source, problems } = parseSource(text, 'w.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(source?.meta.author, []);
    assert.deepEqual(parseSource(text.replace('type:', 'author: []\ntype:'), 'w.md').source?.meta.author, []);
  });

  it('numbers paragraphs as a reader counts them: soft wraps joined, headings and comments left out', () => {
    const body = [
      '# A title', // line 8: the fixture's front matter is lines 0-7
      '',
      'First paragraph,',
      'wrapped.',
      '',
      '<!-- Image caption: not the author’s words -->',
      'Second <!-- inline chrome --> paragraph.',
      '',
      '> A block quotation',
      '> over two lines.',
      '',
      '<!--',
      'Reader comments, kept for the record.',
      '-->',
      '## Section',
      'Third.',
    ].join('\n');
    const { source, problems } = parseSource(sourceText('k', body), 'k.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(source?.paragraphs, [
      { number: 1, text: 'First paragraph, wrapped.', line: 10, kind: 'text' },
      { number: 2, text: 'Second  paragraph.', line: 14, kind: 'text' },
      { number: 3, text: 'A block quotation over two lines.', line: 16, kind: 'quote' },
      { number: 4, text: 'Third.', line: 23, kind: 'text' },
    ]);
  });

  it('reads a list as one paragraph, its markers dropped and its items joined by "; " (a "See also" list)', () => {
    const body = ['Prose before.', '- Siân James MP', '* Jonathan', '  Blake', '1. Hefina Headon', '', 'After.'].join('\n');
    const { source, problems } = parseSource(sourceText('k', body), 'k.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      source?.paragraphs.map((p) => p.text),
      ['Prose before.', 'Siân James MP; Jonathan Blake; Hefina Headon', 'After.'],
    );
  });

  it('keeps a wrapped line that starts with a year and a full stop in its paragraph ("in\\n1985. The miners")', () => {
    const { source } = parseSource(sourceText('k', 'They went back in\n1985. The miners marched.\n\n1. A list'), 'k.md');
    assert.deepEqual(source?.paragraphs.map((p) => p.text), ['They went back in 1985. The miners marched.', 'A list']);
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const text = '\uFEFF' + sourceText('k', 'One\ntwo.\n\nThree.\n').replace(/\n/g, '\r\n');
    const { source, problems } = parseSource(text, 'k.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(source?.paragraphs.map((p) => p.text), ['One two.', 'Three.']);
  });

  it('locates a recorded quotation in its paragraph, whatever its quote marks', () => {
    const extra = 'quotations:\n  - paragraph: 2\n    quote: "There\'s a lodge banner"\n    speaker: dai-donovan\n    speakerName: Dai Donovan\n';
    const { source, problems } = parseSource(sourceText('k', 'One.\n\nHe said “There’s a lodge banner down in the welfare.”\n', extra), 'k.md');
    assert.deepEqual(problems, []);
    const [quotation] = source?.quotations ?? [];
    assert.equal(source?.paragraphs[1].text.slice(quotation.start, quotation.end), 'There’s a lodge banner');
    assert.equal(quotation.speaker, 'dai-donovan');
    assert.equal(quotation.line, 8);
  });

  it('reports a quotation that is not in its paragraph, at the quote’s line', () => {
    const extra = 'quotations:\n  - paragraph: 1\n    quote: "words never written"\n    speaker: x\n';
    const { source, problems } = parseSource(sourceText('k', 'One.\n', extra), 'k.md');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /"words never written" is not in paragraph 1/);
    assert.equal(problems[0].line, 9);
    assert.deepEqual(source?.quotations, []);
  });

  it('reports a quotation pointing past the last paragraph', () => {
    const extra = 'quotations:\n  - paragraph: 7\n    quote: "One"\n    speaker: x\n';
    const { problems } = parseSource(sourceText('k', 'One.\n', extra), 'k.md');
    assert.match(problems[0].message, /Paragraph 7 does not exist: this source has 1 paragraphs/);
    assert.equal(problems[0].line, 8);
  });

  it('reports broken front matter at its line', () => {
    // Line 0 is `---`; the unclosed quotation mark is on line 2.
    const text = '---\nkey: k\ntitle: "An unclosed title\nauthor:\n  - family: X\ntype: webpage\n---\nText.\n';
    const { source, problems } = parseSource(text, 'k.md');
    assert.equal(source, undefined);
    assert.ok(problems.length >= 1);
    assert.match(problems[0].message, /not valid YAML/);
    assert.equal(problems[0].line, 2);
    assert.equal(problems[0].file, 'k.md');
  });

  it('reports an unclosed bracket at the line that opened it', () => {
    const text = '---\nkey: k\ntitle: T\nauthor: [{family: X}\ntype: webpage\n---\nText.\n';
    const { problems } = parseSource(text, 'k.md');
    assert.match(problems[0].message, /not valid YAML/);
    assert.equal(problems[0].line, 3);
  });

  it('reports a badly indented field at its line', () => {
    const text = '---\nkey: k\ntitle: T\nauthor:\n  - family: X\n     given: Y\ntype: webpage\n---\nText.\n';
    const { problems } = parseSource(text, 'k.md');
    assert.match(problems[0].message, /not valid YAML/);
    assert.equal(problems[0].line, 5);
  });

  it('names the missing title, and says how to add it', () => {
    const { source, problems } = parseSource('---\nkey: k\nauthor:\n  - family: X\ntype: webpage\n---\nText.\n', 'k.md');
    assert.equal(source, undefined);
    assert.deepEqual(problems.map((p) => p.message), ['Missing `title` in the front matter: add `title: …`.']);
  });

  it('names each missing required field (an unsigned work has no author, so `author` is not one)', () => {
    const { problems } = parseSource('---\nnote: only a note\n---\nText.\n', 'k.md');
    const missing = problems.map((p) => /Missing `(\w+)`/.exec(p.message)?.[1]).filter(Boolean);
    assert.deepEqual(missing.sort(), ['key', 'title', 'type']);
  });

  it('refuses a key with spaces or other characters, at the key’s line', () => {
    const { source, problems } = parseSource(sourceText('my key!', 'Text.\n'), 'k.md');
    assert.equal(source, undefined);
    assert.match(problems[0].message, /may use only letters, digits/);
    assert.equal(problems[0].line, 1);
  });

  it('reports a date that is not a date, and keeps the source', () => {
    const { source, problems } = parseSource(sourceText('k', 'Text.\n', 'date: last spring\n'), 'k.md');
    assert.match(problems[0].message, /`date: last spring` is not a date/);
    assert.equal(problems[0].line, 7);
    assert.equal(source?.meta.date, undefined);
  });

  it('warns about an unknown field and about a type CSL does not know', () => {
    const { source, problems } = parseSource(sourceText('k', 'Text.\n', 'tittle: typo\n').replace('type: webpage', 'type: blogpost'), 'k.md');
    assert.ok(source);
    assert.deepEqual(problems.map((p) => [p.severity, p.line]), [
      ['warning', 6],
      ['warning', 7],
    ]);
  });

  it('says a file without front matter needs one', () => {
    const { source, problems } = parseSource('Just text.\n', 'k.md');
    assert.equal(source, undefined);
    assert.match(problems[0].message, /No front matter/);
    assert.equal(problems[0].line, 0);
  });

  it('says when the front matter is never closed', () => {
    const { problems } = parseSource('---\nkey: k\ntitle: T\n', 'k.md');
    assert.match(problems[0].message, /never closed/);
  });

  it('gives an error value for binary input', () => {
    const { source, problems } = parseSource('---\n\u0000\u0001\u0002PNG', 'image.md');
    assert.equal(source, undefined);
    assert.match(problems[0].message, /binary file/);
    const bytes = decodeSource(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]), 'image.png');
    assert.equal(bytes.ok, false);
    assert.match(bytes.ok ? '' : bytes.message, /image\.png is a binary file/);
  });

  it('gives an error value for invalid UTF-8 and for a file over the size limit', () => {
    const invalid = decodeSource(new Uint8Array([0x61, 0xff, 0xfe, 0x62]), 'latin.md');
    assert.match(invalid.ok ? '' : invalid.message, /not valid UTF-8/);
    const large = decodeSource(new Uint8Array(2048), 'big.md', 1024);
    assert.match(large.ok ? '' : large.message, /big\.md is 2 KB, over the 1 KB limit/);
    const fine = decodeSource(new TextEncoder().encode('\uFEFFSiân'), 'ok.md');
    assert.deepEqual(fine, { ok: true, value: 'Siân' });
  });

  it('refuses deeply nested front matter quickly instead of overflowing the stack', () => {
    for (const nested of ['a: ' + '['.repeat(5000) + ']'.repeat(5000), 'a: ' + '{b: '.repeat(3000) + '1' + '}'.repeat(3000)]) {
      const started = performance.now();
      const { source, problems } = parseSource(`---\n${nested}\n---\nText.\n`, 'deep.md');
      assert.equal(source, undefined);
      assert.match(problems[0].message, /too deeply/);
      assert.ok(performance.now() - started < 200);
    }
  });

  it('refuses a YAML alias bomb with an error value', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    const started = performance.now();
    const { source, problems } = parseSource(`---\n${lines.join('\n')}\n---\nText.\n`, 'bomb.md');
    assert.equal(source, undefined);
    assert.match(problems[0].message, /repeats YAML aliases/);
    assert.ok(performance.now() - started < 500);
  });

  it('reads a 5 MB single-line paragraph within bounded time', () => {
    const line = 'word '.repeat(1_000_000);
    const started = performance.now();
    const { source } = parseSource(sourceText('k', line), 'k.md');
    assert.equal(source?.paragraphs.length, 1);
    assert.ok(performance.now() - started < 2000);
  });
});

describe('Reading generated and damaged source files', () => {
  const lines = fc.constantFrom(
    '---\n', 'key: k\n', 'key: bad key\n', 'title: "x\n', 'title: T\n', 'author:\n', '  - family: X\n', '  - literal: Y\n', 'type: webpage\n',
    '[', '{', ']', 'a: &a [x]\n', 'b: *a\n', 'quotations:\n', '  - paragraph: 1\n', '    quote: x\n', '    speaker: s\n',
    'date: 2025-13-01\n', 'x\n', '\n', '> q\n', '<!--', '-->', '# h\n', '\r\n', '\uFEFF', '\u0000', '\t- ', ': ', '"', "'",
  );
  const files = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(lines, { maxLength: 40 }).map((parts) => parts.join('')));

  it('always answers with a source or problems that have a message and a line inside the file', () => {
    fc.assert(
      fc.property(files, (text) => {
        const { source, problems } = parseSource(text, 'f.md');
        const lineCount = text.split(/\r\n?|\n/).length;
        assert.ok(source !== undefined || problems.length > 0);
        for (const problem of problems) {
          assert.equal(typeof problem.message, 'string');
          assert.doesNotMatch(problem.message, /could not be read as a source|undefined|NaN/);
          assert.ok(problem.line !== undefined && problem.line >= 0 && problem.line < lineCount, JSON.stringify(problem));
        }
        for (const paragraph of source?.paragraphs ?? []) assert.ok(paragraph.line < lineCount && paragraph.text.trim() === paragraph.text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads any truncation of a real source without failing', () => {
    const full = sourceText('k', 'One.\n\n> Two\n\n<!-- c -->\nThree.\n', 'quotations:\n  - paragraph: 2\n    quote: Two\n    speaker: s\n');
    for (let length = 0; length <= full.length; length++) {
      const { source, problems } = parseSource(full.slice(0, length), 'f.md');
      assert.ok(source !== undefined || problems.length > 0, `cut at ${length}`);
    }
  });
});
