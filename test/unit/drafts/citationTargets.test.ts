import * as assert from 'node:assert/strict';
import { CitationTargets } from '../../../src/core/drafts/citationTargets';
import { Library } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import type { CiteRef } from '../../../src/core/drafts/draftReader';
import type { Source, SourceMeta } from '../../../src/core/types';
import { Random } from '../../../bench/random';

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

  describe('a library of a thousand references, built in slices', () => {
    // Authors who wrote several works, works with and without a date, unsigned works, titles with a colon and short titles.
    const rng = new Random(27);
    const families = ['Crossan', 'Byrne', 'Jônes', 'Smith', 'Nkemelu', 'Ó Briain', 'Van der Berg', 'Li', 'Okafor', 'Haystack', ...Array.from({ length: 140 }, (_, i) => `Family${i}`)];
    const titleWords = ['miners', 'support', 'pride', 'the', 'strike', 'of', 'lodge', 'banner', 'solidarity', 'valley', 'and', 'review', 'again', 'another', 'notes'];
    const titleOf = () => Array.from({ length: rng.int(1, 6) }, () => rng.pick(titleWords)).join(' ');
    const library: SourceMeta[] = Array.from({ length: 1000 }, (_, i) => {
      const unsigned = rng.chance(0.1);
      const title = rng.chance(0.3) ? `${titleOf()}: ${titleOf()}` : titleOf();
      return {
        key: `ref${i}`,
        title,
        ...(rng.chance(0.1) ? { shortTitle: titleOf() } : {}),
        author: unsigned ? [] : rng.chance(0.05) ? [{ literal: `${rng.pick(families)} Collective` }] : [{ family: rng.pick(families), given: rng.pick(['Ann', 'Liam', 'Siân']) }],
        type: 'book',
        ...(rng.chance(0.8) ? { date: String(rng.int(2010, 2016)) } : {}),
      };
    });
    /** Citations by key, by author and year, and in notes by author, title and year, of sources picked at random. */
    const cites: CiteRef[] = Array.from({ length: 400 }, () => {
      const meta = rng.pick(library);
      const name = meta.author[0]?.family ?? meta.author[0]?.literal ?? meta.title;
      const year = meta.date ?? 'n.d.';
      const before = meta.title.split(':')[0];
      return rng.pick<CiteRef>([
        { key: meta.key },
        { name, year },
        { name: `${meta.author[0]?.given ?? ''} ${name}`, year },
        { noteText: `${name}, “${before},” para. 2.` },
        { noteText: `${name} ${year}, para. 4; and “${meta.title},” par. 1` },
        { noteText: `“${meta.title},” para. 3.` },
      ]);
    });
    const countingPause = () => {
      const counted = { pauses: 0, pause: async () => void counted.pauses++ };
      return counted;
    };

    it('names the same sources for every citation as the rule built in one go', async () => {
      // Copies of the facts, so the rule in one go folds its own names and does not take those folded in slices.
      const oneGo = new CitationTargets(library.map((meta) => ({ ...meta })));
      const sliced = await CitationTargets.inSlices(library, countingPause().pause);
      const named = cites.map((cite) => oneGo.keysOf(cite));
      assert.ok(named.filter((keys) => keys.length > 0).length > 300, 'most citations name a source');
      cites.forEach((cite, i) => assert.deepEqual(sliced.keysOf(cite), named[i], JSON.stringify(cite)));
    });

    it('folds the names and titles a few dozen sources at a time, pausing between (thousands take tens of milliseconds)', async () => {
      const counted = countingPause();
      const sliced = await CitationTargets.inSlices(library.map((meta) => ({ ...meta })), counted.pause);
      assert.ok(counted.pauses >= 1000 / 128 - 1, `${counted.pauses} pauses for 1,000 sources`);
      assert.deepEqual(sliced.byAuthorYear('Crossan'), new CitationTargets(library).byAuthorYear('Crossan'));
    });

    it('lets a rule made later over the same sources take the keys and names made in slices, not make them again', async () => {
      let read = 0;
      let keysRead = 0;
      const watched = library.map((meta) => new Proxy(meta, { get: (target, field) => ((field === 'title' || field === 'author' || field === 'shortTitle') && read++, field === 'key' && keysRead++, Reflect.get(target, field)) }));
      await CitationTargets.inSlices(watched, countingPause().pause);
      read = 0;
      keysRead = 0;
      const later = new CitationTargets(watched);
      assert.deepEqual(later.namedIn('Crossan, “Miners,” para. 2.'), new CitationTargets(library).namedIn('Crossan, “Miners,” para. 2.'));
      assert.deepEqual(later.keysOf({ key: 'ref7' }), ['ref7']);
      assert.equal(read, 0, 'no name or title read again');
      assert.equal(keysRead, 0, 'no key read again');
      // Other sources (here the same in another order) are read by the rule itself.
      new CitationTargets([...watched].reverse()).namedIn('Crossan, para. 2.');
      assert.ok(read > 0 && keysRead > 0);
    });

    it('has the rule for the library’s sources built in slices once the quotation checks’ word index is ready', async () => {
      let read = 0;
      const watched = library.map((meta) => new Proxy(meta, { get: (target, field) => ((field === 'title' || field === 'author' || field === 'shortTitle') && read++, Reflect.get(target, field)) }));
      const sources: Source[] = watched.map((meta, i) => ({ meta, paragraphs: [{ number: 1, text: `Paragraph of ${i}.`, line: 0, kind: 'text' }], quotations: [], origin: `library.bib` }));
      const sourcebook = new Sourcebook(new Library({ sources, entities: [] }));
      const counted = countingPause();
      const index = await sourcebook.wordIndexReady(counted.pause);
      read = 0;
      // The quotation check's rule (made by the index over its sources) reads none of their names or titles.
      assert.deepEqual(index.citationTargets().byAuthorYear('Byrne', '2014'), new CitationTargets(library).byAuthorYear('Byrne', '2014'));
      assert.equal(read, 0, 'no name or title read at the check');
    });
  });
});
