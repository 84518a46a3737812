import * as assert from 'node:assert/strict';
import { findQuotations } from '../../../src/core/quotations/quotationFinder';

describe('finding quotations in a draft', () => {
  it('finds a curly-quoted quotation with its Pandoc citation and paragraph', () => {
    const draft = 'Dai says “There’s a lodge banner down in the welfare.” [@crossan2025, para. 4] and goes on.';
    const [q] = findQuotations(draft);
    assert.equal(q.text, 'There’s a lodge banner down in the welfare.');
    assert.equal(q.kind, 'curly');
    assert.equal(draft.slice(q.outerStart, q.outerEnd), '“There’s a lodge banner down in the welfare.”');
    assert.equal(draft.slice(q.start, q.end), q.text);
    assert.equal(q.citation?.form, 'pandoc');
    assert.deepEqual(q.citation?.cites, [{ key: 'crossan2025', paragraph: 4 }]);
    assert.equal(draft.slice(q.citation.start, q.citation.end), '[@crossan2025, para. 4]');
  });

  it('finds straight double quotes, and keeps a quote within the quote as part of it', () => {
    const draft = 'Byrne calls it "the flamboyantly ‘wonderful’ and ‘irresistible’ movie" here.';
    const [q] = findQuotations(draft);
    assert.equal(q.kind, 'straight');
    assert.equal(q.text, 'the flamboyantly ‘wonderful’ and ‘irresistible’ movie');
    assert.equal(q.citation, undefined);
  });

  it('ignores quotations of fewer than four words ("the enemy within")', () => {
    assert.deepEqual(findQuotations('Thatcher called them “the enemy within” in 1984.'), []);
    assert.equal(findQuotations('Thatcher called them “the enemy within” in 1984.', { minWords: 3 }).length, 1);
  });

  it('reads a multi-line `>` block quotation as one quotation, with the citation at its end kept out of the words', () => {
    const draft = 'Intro.\n\n> Our lives shall not be sweated from birth until life closes;\n> Hearts starve as well as bodies; give us bread, but give us roses! [@byrne2014, para. 20]\n\nAfter.';
    const [q] = findQuotations(draft);
    assert.equal(q.kind, 'block');
    assert.ok(q.text.startsWith('Our lives shall not'));
    assert.ok(q.text.endsWith('give us roses!'));
    assert.deepEqual(q.citation?.cites, [{ key: 'byrne2014', paragraph: 20 }]);
  });

  it('skips front matter, fenced code, code spans and HTML comments', () => {
    const draft = [
      '---',
      'title: "A title with four words"',
      '---',
      'Text with `"a code span with words"` inside.',
      '',
      '```',
      '"inside a fenced code block"',
      '```',
      '<!-- "a comment that has words" -->',
      'But “this one is a real quotation” counts.',
    ].join('\n');
    const found = findQuotations(draft);
    assert.deepEqual(found.map((q) => q.text), ['this one is a real quotation']);
  });

  it('does not run a quotation over a blank line when a closing mark is missing', () => {
    const draft = '“An unclosed quotation in one paragraph\n\nand a second paragraph with “four words in it” here.';
    assert.deepEqual(findQuotations(draft).map((q) => q.text), ['four words in it']);
  });

  it('reads LaTeX ``…\'\' quotes with \\cite[para.~N]{key}, and quote environments', () => {
    const draft = "\\documentclass{article}\nDai: ``There's a lodge banner down in the welfare'' \\cite[para.~4]{crossan2025}.\n% ``a commented-out quotation with words''\n\\begin{quote}\nOur lives shall not be sweated from birth\n\\end{quote}\n";
    const found = findQuotations(draft);
    assert.equal(found.length, 2);
    assert.equal(found[0].kind, 'latex');
    assert.deepEqual(found[0].citation?.cites, [{ key: 'crossan2025', paragraph: 4 }]);
    assert.equal(found[1].kind, 'block');
    assert.equal(found[1].text, 'Our lives shall not be sweated from birth');
  });

  it('follows a footnote reference to its note and reads the citation or the text in it', () => {
    const draft = 'He said “we gained an insight into a way of life”.[^1] And “Hearts starve as well as bodies”.[^2]\n\n[^1]: [@byrne2014, para. 16].\n[^2]: Liam Byrne, “Pride and Prejudice,” *Overland*, para. 20.\n';
    const [first, second] = findQuotations(draft);
    assert.equal(first.citation?.form, 'footnote');
    assert.deepEqual(first.citation?.cites, [{ key: 'byrne2014', paragraph: 16 }]);
    assert.equal(second.citation?.footnote?.label, '2');
    assert.equal(second.citation?.cites[0].paragraph, 20);
    assert.ok(second.citation?.cites[0].noteText?.includes('Pride and Prejudice'));
    assert.equal(findQuotations(draft).length, 2, 'the title quoted inside the note is not a quotation');
  });

  it('reads an author-date citation "(Crossan 2025, para. 4)"', () => {
    const [q] = findQuotations('“Shoulder to shoulder, hand to hand” (Crossan 2025, para. 4).');
    assert.deepEqual(q.citation?.cites, [{ name: 'Crossan', year: '2025', paragraph: 4 }]);
  });

  it('takes a citation earlier in the same sentence when none follows, unless another quotation claims it', () => {
    const [q] = findQuotations('As Crossan writes [@crossan2025, para. 4], “Shoulder to shoulder, hand to hand.”');
    assert.equal(q.citation?.cites[0].key, 'crossan2025');
    const two = findQuotations('“Our lives shall not be sweated” [@byrne2014, para. 20] and “hearts starve as well as bodies”.');
    assert.equal(two[0].citation?.cites[0].key, 'byrne2014');
    assert.equal(two[1].citation, undefined);
  });

  it('never throws and stays fast on hostile drafts', () => {
    const hostile = ['"'.repeat(20000), '“'.repeat(20000), '[@'.repeat(10000), '> '.repeat(10000), '``'.repeat(10000), '\\cite['.repeat(5000), '[^'.repeat(10000), '('.repeat(20000)];
    for (const text of hostile) {
      const started = Date.now();
      assert.doesNotThrow(() => findQuotations(text));
      assert.ok(Date.now() - started < 2000, `bounded time for ${JSON.stringify(text.slice(0, 6))}…`);
    }
  });
});
