import * as assert from 'node:assert/strict';
import { CitationTargets } from '../../../src/core/drafts/citationTargets';
import type { SourceMeta } from '../../../src/core/types';

const sources: SourceMeta[] = [
  { key: 'bossy-lovewins', title: '#LoveWins flashback: Lesbians and Gays Support the Miners', author: [{ family: 'Bossy', given: 'Gabrielle' }], type: 'post-weblog' },
  { key: 'crossan2025', title: 'An ode to solidarity and organisation', author: [{ family: 'Crossan', given: 'Elliot' }], type: 'webpage', date: '2025-02-15' },
  { key: 'byrne2014', title: 'Pride and prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2014-11' },
  { key: 'byrne2016', title: 'Another Review: Of Pride, Again', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2016' },
  { key: 'wikipedia-lgsm', title: 'Lesbians and Gays Support the Miners', author: [], type: 'entry-encyclopedia' },
  { key: 'smith2020', title: 'Miners and Allies', author: [{ family: 'Smith', given: 'Ann' }, { family: 'Crossan', given: 'Elliot' }], type: 'book', date: '2020' },
];
const targets = new CitationTargets(sources);

describe('Which sources a citation names', () => {
  it('names a known key’s source, and nothing for an unknown key', () => {
    assert.deepEqual(targets.keysOf({ key: 'crossan2025', paragraph: 4 }), ['crossan2025']);
    assert.deepEqual(targets.keysOf({ key: 'crosan2025' }), []);
  });

  it('names a key’s source without reading any source’s names or titles (thousands take tens of ms to fold)', () => {
    // The library's facts as a writer's references hold them, each telling when its title or authors are read.
    let read = 0;
    const watched = sources.map((meta) => new Proxy(meta, { get: (target, field) => ((field === 'title' || field === 'author' || field === 'shortTitle') && read++, Reflect.get(target, field)) }));
    const byKey = new CitationTargets(watched);
    assert.deepEqual(byKey.keysOf({ key: 'byrne2016' }), ['byrne2016']);
    assert.equal(read, 0);
    // A note names by author and title: then they are read, and name the same sources as always.
    assert.deepEqual(byKey.namedIn('Byrne, “Another Review,” para. 2.'), ['byrne2016']);
    assert.ok(read > 0);
    assert.deepEqual(byKey.byAuthorYear('Crossan', '2025'), targets.byAuthorYear('Crossan', '2025'));
  });

  it('reads a footnote’s source from its note, by author, and by title or year when the author wrote two', () => {
    assert.deepEqual(targets.namedIn('Crossan 2025, para. 4.'), ['crossan2025']);
    assert.deepEqual(targets.namedIn('Liam Byrne, “Pride and Prejudice,” Overland, November 2014.'), ['byrne2014']);
    assert.deepEqual(targets.namedIn('Byrne 2016, para. 2.'), ['byrne2016']);
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
  });

  it('names an unsigned work by its title where another is named by its author', () => {
    // Cite Them Right's "(‘Lesbians and Gays Support the Miners’, no date, para. 4)" is read as a name and a year.
    assert.deepEqual(targets.keysOf({ name: '‘Lesbians and Gays Support the Miners’', year: 'no date' }), ['wikipedia-lgsm']);
    assert.deepEqual(targets.byAuthorYear('“Lesbians and Gays Support the Miners”', '2014'), [], 'the article has no date');
    // A note or parenthesis with authors and an unsigned work, in the order given (MLA, Chicago notes).
    assert.deepEqual(targets.namedIn('Crossan, par. 4; “Lesbians and Gays Support the Miners,” par. 5'), ['crossan2025', 'wikipedia-lgsm']);
    assert.deepEqual(targets.namedIn('“Lesbians and Gays Support the Miners,” n.d., para. 5; Byrne 2014, para. 3'), ['wikipedia-lgsm', 'byrne2014']);
    // Not the same words inside a longer title the note gives: that is Bossy's post.
    assert.deepEqual(targets.namedIn('Bossy, “#LoveWins Flashback: Lesbians and Gays Support the Miners,” para. 2; Crossan, para. 4.'), ['bossy-lovewins', 'crossan2025']);
  });

  it('matches a title written with CSL’s case protection as the plain title', () => {
    const own = new CitationTargets([{ key: 'picket-notes', title: 'Reading <span class="nocase">bell hooks</span> on the picket line', author: [], type: 'webpage', date: '2019' }]);
    assert.deepEqual(own.namedIn('“Reading bell hooks on the Picket Line,” par. 2'), ['picket-notes']);
    assert.deepEqual(own.byAuthorYear('“Reading bell hooks on the Picket Line”', '2019'), ['picket-notes']);
  });

  it('compares names and titles without case or diacritics', () => {
    const withAccent = new CitationTargets([{ key: 'jones1985', title: 'Gwerthfawr Ydyw', author: [{ family: 'Jônes', given: 'Siân' }], type: 'speech', date: '1985' }]);
    assert.deepEqual(withAccent.namedIn('Sian JONES, para. 1.'), ['jones1985']);
    assert.deepEqual(withAccent.byAuthorYear('jones', '1985'), ['jones1985']);
    assert.deepEqual(withAccent.namedIn('“GWERTHFAWR YDYW,” para. 1.'), ['jones1985']);
    assert.deepEqual(withAccent.namedIn('Jonesy, para. 1.'), [], 'a longer word is another name');
  });
});
