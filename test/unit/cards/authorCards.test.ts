import * as assert from 'node:assert/strict';
import { bundledData, bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { entityCardData, renderEntityCard, renderFullCard } from '../../../src/core/cards/card';
import type { CardLink, WorkLine } from '../../../src/core/cards/card';
import { AuthorEntities, AUTHOR_ORIGIN, withAuthors } from '../../../src/core/names/authorEntities';
import { Library } from '../../../src/core/library';
import type { Entity, Name, Source, SourceMeta } from '../../../src/core/types';
import { loadReferenceFile } from '../../../src/core/references/referenceFiles';
import { realisticBib, realisticVocabulary, vocabularyOf } from '../../../bench/synthetic';

/** A reference-only source, as a bibliography file or Zotero gives one: no paragraphs. */
function reference(key: string, meta: Partial<SourceMeta> & { author?: Name[] }): Source {
  return {
    meta: { key, title: `Title of ${key}`, type: 'article-journal', author: [], ...meta },
    paragraphs: [],
    quotations: [],
    origin: 'file:///library.bib',
    referenceOnly: true,
  };
}

const noCitations = () => '';
const cardOf = (library: Library, id: string, workLinks?: (work: WorkLine) => CardLink[]) => {
  const data = entityCardData(library, id, noCitations);
  assert.ok(data, `no card for ${id}`);
  return renderEntityCard(data, [], workLinks);
};
const nameAt = (library: Library, text: string, word: string) => library.entityAt(text, text.indexOf(word) + 1);

describe('Cards for the authors and editors of sources', () => {
  describe('the bundled corpus', () => {
    const library = bundledLibrary();

    it('gives Liam Byrne a card naming his article, its magazine and year', () => {
      const match = nameAt(library, 'As Liam Byrne wrote in Overland', 'Liam Byrne');
      assert.equal(match?.entityId, 'liam-byrne');
      assert.equal(cardOf(library, 'liam-byrne').split('\n\n')[1], 'Author of “Pride and prejudice,” *Overland*, 2014');
    });

    it('matches "Byrne" alone, capitalised, and leaves "byrne" in lower case alone', () => {
      assert.equal(nameAt(library, 'Byrne’s account', 'Byrne')?.entityId, 'liam-byrne');
      assert.equal(nameAt(library, 'a byrne of sorts', 'byrne'), undefined);
    });

    it('gives Gabrielle Bossy a card but never matches "Bossy" alone, an everyday word', () => {
      assert.equal(nameAt(library, 'Gabrielle Bossy recalls', 'Gabrielle')?.entityId, 'gabrielle-bossy');
      assert.equal(nameAt(library, 'Bossy people talk', 'Bossy'), undefined);
      assert.equal(cardOf(library, 'gabrielle-bossy').split('\n\n')[1], 'Author of “\\#LoveWins flashback\\: Lesbians and Gays Support the Miners,” *hippiehistorian\\.com*, n\\.d\\.');
    });

    it('adds "author of" to the card the index already has for Elliot Crossan instead of making a second one', () => {
      const crossans = library.entities.filter((entity) => entity.name === 'Elliot Crossan');
      assert.equal(crossans.length, 1);
      assert.deepEqual(crossans[0].works, [{ key: 'crossan2025', role: 'author' }]);
      const card = cardOf(library, 'elliot-crossan').split('\n\n');
      assert.equal(card[1], 'Ecosocialist writer and activist from Auckland, chair of System Change Aotearoa; author of "An Ode to Solidarity and Organisation".'.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`));
      assert.equal(card[2], 'Author of “An ode to solidarity and organisation,” *System Change Aotearoa*, 2025');
    });

    it('gives the unsigned Wikipedia article no author', () => {
      assert.ok(!library.entities.some((entity) => entity.works?.some((work) => work.key === 'wikipedia-lgsm')));
    });

    it('finds the same mentions of every other entity as before the authors were added', () => {
      const data = bundledData();
      const without = new Library({ ...data, entities: data.entities.filter((entity) => entity.origin !== AUTHOR_ORIGIN) });
      for (const entity of without.entities) assert.deepEqual(library.entity(entity.id)?.mentions, entity.mentions, entity.id);
    });

    it('lists the work under Works in Show Card', () => {
      assert.match(renderFullCard(library, 'liam-byrne', noCitations) ?? '', /## Works\n\n- Author of “Pride and prejudice,” \*Overland\*, 2014\n/);
    });
  });

  describe('the writer’s sources', () => {
    const tate = reference('tate2017', {
      title: 'Hidden histories',
      type: 'book',
      date: '2017',
      author: [{ family: 'Tate', given: 'Anna' }],
      editor: [{ family: 'Okafor', given: 'Chidi' }],
    });
    const union = reference('num1985', { title: 'The strike in figures', container: 'The Miner', date: '1985-03', author: [{ literal: 'National Union of Mineworkers' }] });
    const james = reference('james2020', { title: 'On solidarity', container: 'Red Pepper', date: '2020', author: [{ family: 'James', given: 'Henry' }] });

    it('makes a card for an author and one for an editor of a reference-only source, with their links', () => {
      const library = new Library(withAuthors({ ...bundledData(), sources: [...bundledData().sources, tate] }));
      const links = (work: WorkLine): CardLink[] => [{ label: 'Cite', command: 'sourcebook.citeEntity', args: [{ key: work.key }] }];
      assert.equal(cardOf(library, 'anna-tate', links).split('\n\n')[1], 'Author of *Hidden histories*, 2017 — [Cite](command:sourcebook.citeEntity?%5B%7B%22key%22%3A%22tate2017%22%7D%5D)');
      assert.equal(cardOf(library, 'chidi-okafor').split('\n\n')[1], 'Editor of *Hidden histories*, 2017');
      assert.equal(nameAt(library, 'Okafor edited it', 'Okafor')?.entityId, 'chidi-okafor');
      assert.deepEqual(entityCardData(library, 'anna-tate', noCitations)?.works.map((work) => work.hasText), [false]);
    });

    it('makes a corporate author a group and merges it with the group the index describes', () => {
      const library = new Library(withAuthors({ ...bundledData(), sources: [...bundledData().sources, union] }));
      const num = library.entities.filter((entity) => entity.works?.some((work) => work.key === 'num1985'));
      assert.equal(num.length, 1);
      assert.equal(num[0].type, 'group');
      assert.equal(num[0].name, 'National Union of Mineworkers');
      assert.equal(nameAt(library, 'the National Union of Mineworkers said', 'National')?.entityId, num[0].id);
      assert.notEqual(num[0].origin, AUTHOR_ORIGIN, 'the index’s own entry carries the work');
    });

    it('does not let "James" alone name a new author: the corpus already finds it ambiguous', () => {
      const library = new Library(withAuthors({ ...bundledData(), sources: [...bundledData().sources, james] }));
      assert.equal(nameAt(library, 'Henry James wrote', 'Henry')?.entityId, 'henry-james');
      assert.equal(nameAt(library, 'James wrote', 'James')?.entityId, undefined);
    });

    it('keeps the family name off two authors who share it', () => {
      const a = reference('a2020', { author: [{ family: 'Okonkwo', given: 'Ada' }] });
      const b = reference('b2021', { author: [{ family: 'Okonkwo', given: 'Ben' }] });
      const library = new Library(withAuthors({ sources: [a, b], entities: [], ambiguous: [] }));
      assert.equal(nameAt(library, 'Ada Okonkwo', 'Ada')?.entityId, 'ada-okonkwo');
      assert.equal(nameAt(library, 'Okonkwo said', 'Okonkwo'), undefined);
    });

    it('gives one card to an author of several works, listing each', () => {
      const first = reference('first2019', { title: 'First', container: 'A', date: '2019', author: [{ family: 'Ng', given: 'Lin' }] });
      const second = reference('second2021', { title: 'Second', container: 'B', date: '2021', author: [{ family: 'NG', given: 'LIN' }] });
      const library = new Library(withAuthors({ sources: [first, second], entities: [], ambiguous: [] }));
      assert.equal(library.entities.length, 1);
      assert.equal(cardOf(library, 'lin-ng').split('\n\n')[1], '- Author of “First,” *A*, 2019\n- Author of “Second,” *B*, 2021');
    });

    it('composes the authors of 5,000 sources and returns the same objects when nothing changed', () => {
      const sources = Array.from({ length: 5000 }, (_, i) => reference(`k${i}`, { author: [{ family: `Family${i % 3000}`, given: `Given${i % 7}` }, { literal: `Press ${i % 50}` }], editor: [{ family: 'Editor', given: `E${i % 11}` }] }));
      const authors = new AuthorEntities();
      const first = authors.compose([], [], sources);
      assert.equal(first.length, 5000 + 50 + 11);
      const second = authors.compose([], [], sources);
      assert.equal(second.length, first.length);
      assert.ok(second.every((entity, i) => entity === first[i]));
      const fewer = authors.compose([], [], sources.slice(1));
      const before = new Map(first.map((entity) => [entity.id, entity]));
      const changed = fewer.filter((entity) => before.get(entity.id) !== entity).map((entity) => entity.name);
      // Its author is gone; its press and editor have one work fewer; Given4 Family0 is now the only Family0 and is
      // matched by "Family0" alone.
      assert.deepEqual(changed, ['E0 Editor', 'Press 0', 'Given4 Family0']);
      assert.deepEqual(fewer.find((entity) => entity.name === 'Given4 Family0')?.aliases, [{ text: 'Given4 Family0' }, { text: 'Family0', caseSensitive: true }]);
      assert.equal(fewer.length, first.length - 1);
    });

    describe('composed in slices', () => {
      // 1,500 references with a real bibliography's variety of names (particles, accents, corporate authors, editors).
      const data = bundledData();
      const { cslJson } = realisticBib(realisticVocabulary(vocabularyOf(data)), 1500);
      let sources: Source[] = [];
      before(async () => {
        sources = [...data.sources, ...(await loadReferenceFile(cslJson, 'file:///library.json')).sources];
      });
      let pauses = 0;
      const pause = async () => {
        pauses++;
        await new Promise((resolve) => setImmediate(resolve));
      };

      it('gives the host its turn while composing the authors of 1,500 references, and composes the same entities as in one go', async () => {
        pauses = 0;
        const oneGo = new AuthorEntities().compose(data.entities, data.ambiguous, sources);
        const sliced = await new AuthorEntities().composeInSlices(data.entities, data.ambiguous, sources, pause);
        assert.ok(oneGo.length > data.entities.length + 1000, `${oneGo.length} entities`);
        assert.ok(pauses >= 30, `${pauses} turns given back`);
        assert.deepEqual(sliced, oneGo);
      });

      it('recomposes in slices after a reference changed as in one go, keeping the same objects for the authors that did not change', async () => {
        const oneGo = new AuthorEntities();
        const inSlices = new AuthorEntities();
        const first = oneGo.compose(data.entities, data.ambiguous, sources);
        const firstSliced = await inSlices.composeInSlices(data.entities, data.ambiguous, sources, pause);
        const changed = [...sources];
        const last = changed.length - 1;
        changed[last] = { ...changed[last], meta: { ...changed[last].meta, title: 'A changed title', author: [{ family: 'Quennell', given: 'Ottoline' }] } };
        const again = oneGo.compose(first, data.ambiguous, changed);
        const againSliced = await inSlices.composeInSlices(firstSliced, data.ambiguous, changed, pause);
        assert.deepEqual(againSliced, again);
        assert.ok(againSliced.some((entity) => entity.name === 'Ottoline Quennell'));
        const before = new Map(firstSliced.map((entity) => [entity.id, entity]));
        const kept = (list: Entity[], previous: Map<string, Entity>) => list.filter((entity) => previous.get(entity.id) === entity).length;
        assert.equal(kept(againSliced, before), kept(again, new Map(first.map((entity) => [entity.id, entity]))));
        assert.ok(kept(againSliced, before) > againSliced.length - 10, 'only the changed reference’s authors are new objects');
      });
    });

    it('drops the authors of a source that is gone', () => {
      const authors = new AuthorEntities();
      const entities: Entity[] = authors.compose([], [], [tate]);
      assert.deepEqual(entities.map((entity) => entity.id), ['anna-tate', 'chidi-okafor']);
      assert.deepEqual(authors.compose(entities, [], []), []);
    });
  });
});
