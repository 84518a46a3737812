import * as assert from 'node:assert/strict';
import { citedKeys, keysCitedBefore, parsePandocCitation, suggestKeys, uniqueKeys, unknownCitationKeys } from '../../../src/core/drafts/draftCitations';
import type { SourceMeta } from '../../../src/core/types';

const sources: SourceMeta[] = [
  { key: 'crossan2025', title: 'An ode to solidarity and organisation', author: [{ family: 'Crossan', given: 'Elliot' }], type: 'webpage', date: '2025-02-15' },
  { key: 'byrne2014', title: 'Pride and prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2014-11' },
  { key: 'byrne2016', title: 'Another Review', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2016' },
  { key: 'wikipedia-lgsm', title: 'Lesbians and Gays Support the Miners', author: [], type: 'entry-encyclopedia' },
];

describe('Citations already in a draft', () => {
  it('finds Pandoc keys in order, ignoring e-mail addresses and unknown keys', () => {
    const draft = 'A [@crossan2025, para. 4]. Mail me@example.org. B [@wikipedia-lgsm; @nobody]. C @byrne2014.';
    assert.deepEqual(citedKeys(draft, sources).map((c) => c.key), ['crossan2025', 'wikipedia-lgsm', 'byrne2014']);
  });

  it('finds every key of a LaTeX \\cite with optional arguments', () => {
    const draft = 'As \\cite[para.~4]{crossan2025} and \\parencite{byrne2014, wikipedia-lgsm}. % \\cite{byrne2016}';
    assert.deepEqual(citedKeys(draft, sources, 'latex').map((c) => c.key), ['crossan2025', 'byrne2014', 'wikipedia-lgsm']);
  });

  it('reads a footnote’s source from its note, at the note’s reference (an unsigned work by its title)', () => {
    const draft = 'One.[^1] Two.[^2]\n\n[^1]: “Lesbians and Gays Support the Miners,” n.d., para. 9.\n[^2]: Crossan 2025, para. 4.\n';
    const cited = citedKeys(draft, sources);
    assert.deepEqual(cited.map((c) => c.key), ['wikipedia-lgsm', 'crossan2025']);
    assert.equal(cited[1].offset, draft.indexOf('[^2]'));
  });

  it('reads an unsigned work’s citation in plain text, in each in-text style’s form', () => {
    const draft = [
      'Chicago (“Lesbians and Gays Support the Miners,” n.d., para. 4).',
      'MLA (Crossan, par. 4; “Lesbians and Gays Support the Miners,” par. 5) and (“Lesbians and Gays Support the Miners”).',
      'APA (“Lesbians and Gays Support the Miners,” n.d., para. 4).',
      'Harvard (‘Lesbians and Gays Support the Miners’, no date, para. 4).',
    ].join('\n');
    assert.deepEqual(citedKeys(draft, sources, 'plain').map((c) => c.key), ['wikipedia-lgsm', 'crossan2025', 'wikipedia-lgsm', 'wikipedia-lgsm', 'wikipedia-lgsm', 'wikipedia-lgsm']);
  });

  it('says which sources were cited before a position, each once', () => {
    const draft = '[@byrne2014] x [@crossan2025] y [@byrne2014] z';
    const cited = citedKeys(draft, sources);
    assert.deepEqual(keysCitedBefore(cited, draft.indexOf('x')), ['byrne2014']);
    assert.deepEqual(keysCitedBefore(cited, 0), []);
    assert.deepEqual(uniqueKeys(cited), ['byrne2014', 'crossan2025']);
  });

  it('does not count citations inside a bibliography Sourcebook wrote or inside HTML comments', () => {
    const draft = 'Text [@byrne2014].\n<!-- [@crossan2025] -->\n<!-- sourcebook:bibliography:start -->\n## References\n\nCrossan 2025 [@wikipedia-lgsm]\n<!-- sourcebook:bibliography:end -->\n';
    assert.deepEqual(uniqueKeys(citedKeys(draft, sources)), ['byrne2014']);
  });

  it('reads a Pandoc citation back: keys, paragraph locators and "quoted in"', () => {
    const text = 'x [Dai Donovan, quoted in @crossan2025, para. 4; @byrne2014, paras. 3-4; @wikipedia-lgsm] y';
    const parsed = parsePandocCitation(text, 2);
    assert.ok(parsed);
    assert.deepEqual(parsed.items, [
      { key: 'crossan2025', paragraph: 4, speaker: 'Dai Donovan' },
      { key: 'byrne2014', paragraph: '3-4' },
      { key: 'wikipedia-lgsm' },
    ]);
    assert.equal(text.slice(parsed.start, parsed.end), '[Dai Donovan, quoted in @crossan2025, para. 4; @byrne2014, paras. 3-4; @wikipedia-lgsm]');
  });

  it('leaves links, footnotes and brackets with other words alone', () => {
    assert.equal(parsePandocCitation('[a link](http://x)', 0), undefined);
    assert.equal(parsePandocCitation('[^1]', 0), undefined);
    assert.equal(parsePandocCitation('[see @crossan2025 and more words]', 0), undefined);
  });
});

describe('Citation keys no source has', () => {
  const known = sources.map((meta) => meta.key);
  const keysIn = (draft: string, format?: 'markdown' | 'latex' | 'plain') => unknownCitationKeys(draft, known, format).map((found) => found.key);

  it('finds a misspelt key in a Pandoc citation, on the key itself, and suggests the one meant', () => {
    const draft = 'As Crossan writes [@crosan2025, para. 3].';
    const [found, ...rest] = unknownCitationKeys(draft, known);
    assert.equal(rest.length, 0);
    assert.equal(found.key, 'crosan2025');
    assert.equal(draft.slice(found.start, found.end), 'crosan2025');
    assert.deepEqual(found.suggestions, ['crossan2025']);
    assert.deepEqual(unknownCitationKeys(draft, known, 'markdown', { suggestions: false })[0], { ...found, suggestions: [] });
  });

  it('reads every key of a citation with a prefix, several sources or a suppressed author', () => {
    const draft = '[see @crossan2025; @nobody2020] and [-@byrne2041, para. 2] and [@Wikipedia-LGSM]';
    assert.deepEqual(keysIn(draft), ['nobody2020', 'byrne2041', 'Wikipedia-LGSM']);
    const found = unknownCitationKeys(draft, known);
    assert.equal(draft.slice(found[1].start, found[1].end), 'byrne2041');
  });

  it('suggests the same key in other capitals first, then keys a slip or two away, at most three', () => {
    assert.deepEqual(suggestKeys('Crossan2025', known), ['crossan2025']);
    assert.deepEqual(suggestKeys('byrne2015', known), ['byrne2014', 'byrne2016']);
    assert.deepEqual(suggestKeys('crsosan2025', known), ['crossan2025']);
    assert.deepEqual(suggestKeys('smith1999', known), []);
    const many = ['ab2020', 'ab2021', 'ab2022', 'ab2023', 'ab2024'];
    assert.deepEqual(suggestKeys('ab2029', many), ['ab2020', 'ab2021', 'ab2022']);
  });

  it('leaves the sentence’s punctuation out of the key', () => {
    const draft = 'Quoted [@nobody2020.] and [see @crosan2025;@byrne2014]';
    assert.deepEqual(keysIn(draft), ['nobody2020', 'crosan2025']);
  });

  it('finds nothing to warn about when every key is known, even followed by a full stop', () => {
    assert.deepEqual(keysIn('[@crossan2025, para. 4]. [see @byrne2014.] [-@wikipedia-lgsm]'), []);
  });

  it('ignores e-mail addresses, footnote references, links and a bare @name outside brackets', () => {
    const draft = 'Write to [me@example.org] or me@example.org.[^1] Follow @lgsm_official. [a link](https://x.org/@nobody) [@linked](https://x.org)\n\n[^1]: A note.\n';
    assert.deepEqual(keysIn(draft), []);
  });

  it('ignores citations in code spans, fenced code blocks, HTML comments, front matter and Sourcebook’s bibliography', () => {
    const draft = [
      '---',
      'title: "[@frontmatter]"',
      '---',
      'Type `[@inline]` or ``[@double]`` to cite.',
      '',
      '```markdown',
      '[@fenced2020, para. 3]',
      '```',
      '<!-- [@commented] -->',
      '<!-- sourcebook:bibliography:start -->',
      '[@listed]',
      '<!-- sourcebook:bibliography:end -->',
      'But [@real2020] counts.',
    ].join('\n');
    assert.deepEqual(keysIn(draft), ['real2020']);
  });

  it('does not let a lone backtick hide the rest of the paragraph', () => {
    assert.deepEqual(keysIn('A stray ` backtick, then [@nobody2020].'), ['nobody2020']);
  });

  it('does not join brackets across a blank line', () => {
    assert.deepEqual(keysIn('[an open bracket\n\nthen @nobody2020 outside any]'), []);
  });

  it('finds unknown keys in LaTeX commands, on each key, but not in comments or \\citetext', () => {
    const draft = 'As \\cite{crossan2025,nosuch} and \\parencite[para.~4]{ byrne2041 }. % \\cite{commented}\n\\citetext{priv. comm.} \\nocite{*}';
    const found = unknownCitationKeys(draft, known, 'latex');
    assert.deepEqual(found.map((f) => f.key), ['nosuch', 'byrne2041']);
    for (const f of found) assert.equal(draft.slice(f.start, f.end), f.key);
    assert.deepEqual(found[1].suggestions, ['byrne2014', 'byrne2016']); // two digits swapped; two digits changed
  });

  it('ignores LaTeX verbatim environments, and Pandoc brackets in LaTeX', () => {
    assert.deepEqual(keysIn('\\begin{verbatim}\n\\cite{nosuch}\n\\end{verbatim}\n[@pandoc]', 'latex'), []);
  });

  it('reads both Pandoc and LaTeX citations in plain text, and no LaTeX in Markdown', () => {
    assert.deepEqual(keysIn('[@nobody2020] \\cite{nosuch}', 'plain'), ['nobody2020', 'nosuch']);
    assert.deepEqual(keysIn('[@nobody2020] \\cite{nosuch}', 'markdown'), ['nobody2020']);
  });
});
