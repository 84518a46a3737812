import * as assert from 'node:assert/strict';
import { citedKeys, keysCitedBefore, parsePandocCitation, sourcesNamedInNote, uniqueKeys } from '../../src/core/draftCitations';
import type { SourceMeta } from '../../src/core/types';

const sources: SourceMeta[] = [
  { key: 'crossan2025', title: 'An Ode to Solidarity and Organisation', author: [{ family: 'Crossan', given: 'Elliot' }], type: 'webpage', date: '2025-02-15' },
  { key: 'byrne2014', title: 'Pride and Prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2014-11' },
  { key: 'byrne2016', title: 'Another Review', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2016' },
  { key: 'wikipedia-lgsm', title: 'Lesbians and Gays Support the Miners', author: [{ literal: 'Wikipedia contributors' }], type: 'entry-encyclopedia' },
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

  it('reads a footnote’s source from its note, by author, and by title when the author wrote two', () => {
    assert.deepEqual(sourcesNamedInNote('Crossan 2025, para. 4.', sources), ['crossan2025']);
    assert.deepEqual(sourcesNamedInNote('Liam Byrne, “Pride and Prejudice,” Overland, November 2014.', sources), ['byrne2014']);
    assert.deepEqual(sourcesNamedInNote('Byrne 2016, para. 2.', sources), ['byrne2016']);
    const draft = 'One.[^1] Two.[^2]\n\n[^1]: Wikipedia contributors n.d., para. 9.\n[^2]: Crossan 2025, para. 4.\n';
    const cited = citedKeys(draft, sources);
    assert.deepEqual(cited.map((c) => c.key), ['wikipedia-lgsm', 'crossan2025']);
    assert.equal(cited[1].offset, draft.indexOf('[^2]'));
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
