import * as assert from 'node:assert/strict';
import { CitationTargets } from '../../../src/core/drafts/citationTargets';
import type { SourceMeta } from '../../../src/core/types';

const sources: SourceMeta[] = [
  { key: 'bossy-lovewins', title: '#LoveWins Flashback: Lesbians and Gays Support the Miners', author: [{ family: 'Bossy', given: 'Gabrielle' }], type: 'post-weblog' },
  { key: 'crossan2025', title: 'An Ode to Solidarity and Organisation', author: [{ family: 'Crossan', given: 'Elliot' }], type: 'webpage', date: '2025-02-15' },
  { key: 'byrne2014', title: 'Pride and Prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2014-11' },
  { key: 'byrne2016', title: 'Another Review: Of Pride, Again', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2016' },
  { key: 'wikipedia-lgsm', title: 'Lesbians and Gays Support the Miners', author: [{ literal: 'Wikipedia contributors' }], type: 'entry-encyclopedia' },
  { key: 'smith2020', title: 'Miners and Allies', author: [{ family: 'Smith', given: 'Ann' }, { family: 'Crossan', given: 'Elliot' }], type: 'book', date: '2020' },
];
const targets = new CitationTargets(sources);

describe('Which sources a citation names', () => {
  it('names a known key’s source, and nothing for an unknown key', () => {
    assert.deepEqual(targets.keysOf({ key: 'crossan2025', paragraph: 4 }), ['crossan2025']);
    assert.deepEqual(targets.keysOf({ key: 'crosan2025' }), []);
  });

  it('reads a footnote’s source from its note, by author, and by title or year when the author wrote two', () => {
    assert.deepEqual(targets.namedIn('Crossan 2025, para. 4.'), ['crossan2025']);
    assert.deepEqual(targets.namedIn('Liam Byrne, “Pride and Prejudice,” Overland, November 2014.'), ['byrne2014']);
    assert.deepEqual(targets.namedIn('Byrne 2016, para. 2.'), ['byrne2016']);
    assert.deepEqual(targets.namedIn('Wikipedia contributors n.d., para. 9.'), ['wikipedia-lgsm']);
  });

  it('takes the title before its colon, as a short note gives it, and a title in italics', () => {
    assert.deepEqual(targets.namedIn('Byrne, “Another Review,” para. 2.'), ['byrne2016']);
    assert.deepEqual(targets.namedIn('Byrne, *Another Review: Of Pride, Again*, par. 2'), ['byrne2016']);
  });

  it('names neither of an author’s two sources when the note gives neither title nor year', () => {
    assert.deepEqual(targets.namedIn('Byrne, para. 2.'), []);
    assert.deepEqual(targets.keysOf({ noteText: 'Liam Byrne, in a review.' }), []);
  });

  it('names every source a note names, in the order it names them', () => {
    assert.deepEqual(targets.namedIn('See Byrne 2014, para. 3; and Crossan, para. 4.'), ['byrne2014', 'crossan2025']);
  });

  it('names a source by its first author only, not by a second author', () => {
    assert.deepEqual(targets.namedIn('Smith, para. 3.'), ['smith2020']);
    assert.deepEqual(targets.namedIn('As Crossan says, para. 4.'), ['crossan2025']);
  });

  it('names a source by its whole title when the note gives no author, the longest where two titles overlap', () => {
    assert.deepEqual(targets.namedIn('“Lesbians and Gays Support the Miners,” Wikipedia, para. 9.'), ['wikipedia-lgsm']);
    assert.deepEqual(targets.namedIn('“#LoveWins Flashback: Lesbians and Gays Support the Miners,” a blog post.'), ['bossy-lovewins']);
    assert.deepEqual(targets.namedIn('Bossy, “#LoveWins Flashback: Lesbians and Gays Support the Miners,” para. 2.'), ['bossy-lovewins']);
  });

  it('reads an author-date name and year: family name, full name, several authors, no date', () => {
    assert.deepEqual(targets.byAuthorYear('Crossan', '2025'), ['crossan2025']);
    assert.deepEqual(targets.byAuthorYear('Elliot Crossan', '2025'), ['crossan2025']);
    assert.deepEqual(targets.byAuthorYear('Smith and Crossan', '2020'), ['smith2020']);
    assert.deepEqual(targets.byAuthorYear('Gabrielle Bossy', 'n.d.'), ['bossy-lovewins']);
    assert.deepEqual(targets.byAuthorYear('Bossy', 'no date'), ['bossy-lovewins']);
    assert.deepEqual(targets.byAuthorYear('Byrne', '2016'), ['byrne2016']);
    assert.deepEqual(targets.byAuthorYear('Crossan', '2019'), []);
    assert.deepEqual(targets.keysOf({ name: 'Wikipedia contributors', year: 'n.d.' }), ['wikipedia-lgsm']);
  });

  it('compares names and titles without case or diacritics', () => {
    const withAccent = new CitationTargets([{ key: 'jones1985', title: 'Gwerthfawr Ydyw', author: [{ family: 'Jônes', given: 'Siân' }], type: 'speech', date: '1985' }]);
    assert.deepEqual(withAccent.namedIn('Sian JONES, para. 1.'), ['jones1985']);
    assert.deepEqual(withAccent.byAuthorYear('jones', '1985'), ['jones1985']);
    assert.deepEqual(withAccent.namedIn('“GWERTHFAWR YDYW,” para. 1.'), ['jones1985']);
    assert.deepEqual(withAccent.namedIn('Jonesy, para. 1.'), [], 'a longer word is another name');
  });
});
