// A large library is indexed in slices, giving the host its turn every few milliseconds: the indexes built so are
// the ones built in one go, and a feature asking meanwhile waits for the same build.
import assert from 'node:assert/strict';
import { corpusJson } from '../../../src/generated/corpus';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { Sourcebook } from '../../../src/core/sourcebook';
import { SharedPauser } from '../../../src/core/pauser';
import { restoreIndexes } from '../../../src/core/search/indexSnapshot';
import type { LibrarySource } from '../../../src/core/search/indexSnapshot';
import { parseSource } from '../../../src/core/sources/sourceParser';
import { fold } from '../../../src/core/text/normalize';
import type { Entity, Source } from '../../../src/core/types';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from '../../../bench/synthetic';
import { Random } from '../../../bench/random';

function person(id: string, name: string, aliases: string[] = []): Entity {
  return { id, name, type: 'person', aliases: aliases.map((text) => ({ text })), description: '', facts: [], related: [], mentions: [] };
}

/** 9,000 paragraphs of common words: two-letter prefixes ("th", "st") spanning over 50,000 postings, whose bitmaps are made. */
function commonWordsSource(): Source {
  const phrases = ['the things', 'the strikers stood', 'this strike', 'those stations'];
  const paragraphs = Array.from({ length: 9000 }, (_, i) => `${phrases[i % 4]} still stand. Then ${phrases[(i + 1) % 4]} there, ${i}.`);
  return {
    meta: { key: 'common', title: 'Common words', author: [], type: 'book' },
    paragraphs: paragraphs.map((text, i) => ({ number: i + 1, text, line: i, kind: 'text' as const })),
    quotations: [],
    origin: 'common.md',
  };
}

describe('indexing in slices', () => {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  // About 600 KB of prose with the realistic vocabulary: more distinct words than one sorted run of the vocabulary.
  const plan = realisticLibrary(realisticVocabulary(vocabularyOf(bundled)), 600_000);
  const sources: Source[] = [...bundled.sources, ...plan.files.map((file, i) => parseSource(file, `library/${i}.md`).source!)];
  const words = [...new Set(sources.flatMap((source) => source.paragraphs.flatMap((p) => fold(p.text).match(/\p{L}+/gu) ?? [])))];
  const rng = new Random(19);
  const queries = [...Array.from({ length: 60 }, () => rng.pick(words)), 'bread and roses', 'lodge banner', 'mier', 'the miners of', 'qzx'];
  let pauses = 0;
  const pause = async () => {
    pauses++;
    await new Promise((resolve) => setImmediate(resolve));
  };

  it('finds the same passages for every query as the index built in one go', async () => {
    assert.ok(words.length > 20_000, `${words.length} distinct words`);
    const oneGo = new PassageIndex(sources);
    const done: number[] = [];
    const sliced = await PassageIndex.inSlices(sources, pause, (n) => done.push(n));
    assert.equal(done.at(-1), sources.length);
    assert.equal(sliced.size, oneGo.size);
    for (const query of queries) assert.deepEqual(sliced.search(query), oneGo.search(query), query);
  });

  it('finds the same passages after a common word and a common two-letter prefix as the index built in one go (the prefix bitmaps made at the end of the build)', async () => {
    const common = commonWordsSource();
    const library = [...sources.slice(0, 3), common];
    const oneGo = new PassageIndex(library);
    const sliced = await PassageIndex.inSlices(library, async () => undefined);
    for (const query of ['the th', 'still st', 'then th', 'those st', 'this s', 'the things st']) assert.deepEqual(sliced.search(query), oneGo.search(query), query);
  });

  it('makes the common prefix and first-letter bitmaps of an index restored from a snapshot once the shared budget is quiet, answering as the index built in one go', async () => {
    const common = commonWordsSource();
    const data: LibraryData = { sources: [...sources.slice(0, 3), common], entities: [], ambiguous: [] };
    const hashed = (book: Sourcebook): LibrarySource[] => book.library.sources.map((source) => ({ source, hash: source.meta.key }));
    const built = new Sourcebook(new Library(data, { mentionsComputed: true }));
    const made = (await built.searchReady()).prefixSetsKept;
    assert.ok(made > 0, 'the build in slices made the bitmaps at its end');
    const oneGo = new PassageIndex(data.sources);
    const queries = ['the th', 'still st', 'then th', 'those st', 'this s', 'the things st'];
    const restarted = new Sourcebook(new Library(data, { mentionsComputed: true }));
    const restored = await restoreIndexes(built.snapshot(hashed(built))!, hashed(restarted));
    assert.ok(restored && restarted.adoptIndexes(restored));
    const index = restarted.search;
    assert.equal(index.prefixSetsKept, 0, 'a snapshot holds no bitmaps');
    // Answered at once, before the bitmaps are made (a keystroke makes the one it needs, as before).
    assert.deepEqual(index.search('the th'), oneGo.search('the th'));
    assert.equal(index.letterSetsKept, 0, 'nor the first letters\' bitmaps');
    await restarted.prefixSetsMade();
    assert.equal(index.prefixSetsKept, made, 'the bitmaps the build makes at its end');
    assert.equal(index.letterSetsKept, oneGo.letterSetsKept, 'the first letters\' bitmaps a build keeps as it goes');
    for (const query of ['the s', 'still t', 'those s 1']) assert.deepEqual(index.search(query), oneGo.search(query), query);
    for (const query of queries) assert.deepEqual(index.search(query), oneGo.search(query), query);
  });

  it('answers as the index built in one go when a source is added while the prefix bitmaps are being made', async () => {
    const phrases = ['the things', 'the strikers stood', 'this strike', 'those stations'];
    const source = (key: string, count: number): Source => ({
      meta: { key, title: key, author: [], type: 'book' },
      paragraphs: Array.from({ length: count }, (_, i) => ({ number: i + 1, text: `${phrases[i % 4]} still stand. Then ${phrases[(i + 1) % 4]} there, ${key} ${i}.`, line: i, kind: 'text' as const })),
      quotations: [],
      origin: `${key}.md`,
    });
    const index = new PassageIndex([source('common', 16_000)]);
    const added = source('added', 40);
    let pauses = 0;
    await index.commonPrefixSetsInSlices(async () => {
      if (++pauses === 2) index.addSource(added);
    });
    assert.ok(pauses >= 2, `added while the bitmaps were being made (${pauses} pauses)`);
    const oneGo = new PassageIndex([source('common', 16_000), added]);
    for (const query of ['the th', 'still st', 'those st', 'this s', 'added']) assert.deepEqual(index.search(query), oneGo.search(query), query);
  });

  it('keeps the prefix bitmaps its rebuild in slices made when most of the library is removed, answering as the index built in one go', async () => {
    const common = commonWordsSource();
    const filler = commonWordsSource();
    const removed = [...sources.slice(3), { ...filler, meta: { ...filler.meta, key: 'filler' } }];
    const index = await PassageIndex.inSlices([...sources.slice(0, 3), common, ...removed], async () => undefined);
    for (const source of removed) index.removeSource(source.meta.key, { pause: async () => undefined });
    assert.ok(index.rebuilding, 'over half the passages removed: rebuilt in slices');
    await index.rebuilt();
    const left = [...sources.slice(0, 3), common];
    const made = (await PassageIndex.inSlices(left, async () => undefined)).prefixSetsKept;
    assert.ok(made > 0);
    assert.equal(index.prefixSetsKept, made, 'the bitmaps the rebuild made at its end');
    const oneGo = new PassageIndex(left);
    for (const query of ['the th', 'still st', 'then th', 'those st', 'this s']) assert.deepEqual(index.search(query), oneGo.search(query), query);
  });

  it('holds the same paragraphs for every word as the word index built in one go', async () => {
    const oneGo = new SourceWordIndex(sources);
    const sliced = await SourceWordIndex.inSlices(sources, pause);
    assert.equal(sliced.paragraphCount, oneGo.paragraphCount);
    for (const word of words) {
      const id = oneGo.wordId(word);
      assert.equal(sliced.wordId(word), id, word);
      assert.deepEqual([...sliced.paragraphsWith(id)], [...oneGo.paragraphsWith(id)], word);
    }
  });

  it('gives the host its turn after every paragraph', async () => {
    pauses = 0;
    await PassageIndex.inSlices(sources, pause);
    const paragraphs = sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
    assert.ok(pauses >= paragraphs, `${pauses} pauses for ${paragraphs} paragraphs`);
  });

  it('finds the same mentions of new names when the entities are set in slices as in one go', async () => {
    const library = () => new Library({ sources, entities: bundled.entities, ambiguous: bundled.ambiguous });
    // The bundled entities, and one more named in the generated prose.
    const entities = [...bundled.entities, person('added-person', 'Mier', [words.find((w) => w.length > 6)!])];
    const oneGo = library();
    oneGo.setEntities(entities, bundled.ambiguous);
    const sliced = library();
    pauses = 0;
    await sliced.setEntitiesInSlices(entities, bundled.ambiguous, pause);
    assert.ok(pauses > 0);
    for (const entity of entities) assert.deepEqual(sliced.sourcesMentioning(entity.id), oneGo.sourcesMentioning(entity.id), entity.id);
    assert.deepEqual(sliced.entities, oneGo.entities);
  });

  it('makes the name matcher of thousands of authors on the budget, not in one go', async () => {
    // No source to read for names: every pause is taken while the names are signed and the matcher is made.
    const library = new Library({ sources: [], entities: [], ambiguous: [] });
    const authors = Array.from({ length: 3000 }, (_, i) => person(`author-${i}`, `${rng.pick(words)} ${rng.pick(words)}son${i}`));
    pauses = 0;
    await library.setEntitiesInSlices(authors, [], pause);
    assert.ok(pauses >= 3000 / 64, `${pauses} pauses for 3,000 authors`);
    const named = authors[1234].name;
    assert.equal(library.namesIn(`A letter from ${named}.`)[0]?.entityId, 'author-1234');
    assert.deepEqual(library.namesIn(`A letter from ${named}.`), new Library({ entities: authors }).namesIn(`A letter from ${named}.`));
  });

  it('cites a source set in slices, and one replaced after, with the facts it has now', async () => {
    const sourcebook = new Sourcebook(new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    const cite = async () => sourcebook.citations.cite({ style: 'chicago-author-date', items: [{ key: 'okapi2026' }], form: 'plain' });
    assert.equal((await cite()).ok, false, 'no source has the key yet');
    const book: Source = {
      meta: { key: 'okapi2026', title: 'Okapis', type: 'book', author: [{ family: 'Quagga', given: 'Nia' }], date: '2026' },
      paragraphs: [{ number: 1, text: 'The okapi walked past the lodge banner.', line: 0, kind: 'text' }],
      quotations: [],
      origin: 'file:///okapi.md',
    };
    await sourcebook.setSourceInSlices(book, pause);
    const first = await cite();
    assert.ok(first.ok && /Quagga,? 2026/.test(first.value), JSON.stringify(first));
    await sourcebook.setSourceInSlices({ ...book, meta: { ...book.meta, date: '2027' } }, pause);
    const second = await cite();
    assert.ok(second.ok && /Quagga,? 2027/.test(second.value), JSON.stringify(second));
  });

  it('drops entities set in slices when newer ones were set meanwhile', async () => {
    const library = new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous });
    const older = [...bundled.entities, person('older', 'Okapi Jones')];
    const newer = [...bundled.entities, person('newer', 'Quagga Smith')];
    await library.setEntitiesInSlices(older, bundled.ambiguous, async () => library.setEntities(newer, bundled.ambiguous));
    assert.ok(library.entities.some((entity) => entity.id === 'newer'));
    assert.ok(!library.entities.some((entity) => entity.id === 'older'));
  });

  it('gives long jobs sharing the host one slice per turn of the event loop, in turn', async () => {
    const slices = new SharedPauser(5);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const done: Array<{ job: string; ticks: number }> = [];
    const job = async (name: string) => {
      for (let unit = 0; unit < 3; unit++) {
        const end = Date.now() + 6;
        while (Date.now() < end) {
          // a unit of work longer than the slice
        }
        done.push({ job: name, ticks });
        await slices.pause();
      }
    };
    await Promise.all([job('a'), job('b')]);
    clearInterval(ticker);
    assert.deepEqual(done.map((unit) => unit.job), ['a', 'b', 'a', 'b', 'a', 'b']);
    // A timer fired between any two slices after the first of each job (both begin at once): the event loop turned.
    for (let i = 2; i < done.length; i++) assert.ok(done[i].ticks > done[i - 1].ticks, `a timer fired before slice ${i + 1}`);
  });

  it('lets a search asked for while the index is built wait for the same build, and find a source added meanwhile', async () => {
    const sourcebook = new Sourcebook(new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    const book: Source = {
      meta: { key: 'okapi2026', title: 'Okapis', type: 'book', author: [] },
      paragraphs: [{ number: 1, text: 'The okapi walked past the lodge banner.', line: 0, kind: 'text' }],
      quotations: [],
      origin: 'file:///okapi.md',
    };
    let added = false;
    const progress: number[] = [];
    const stop = sourcebook.onIndexingProgress((step) => progress.push(step.done));
    const first = sourcebook.searchReady(async () => {
      if (!added) {
        added = true;
        sourcebook.setSource(book);
      }
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.ok(sourcebook.indexing);
    const second = sourcebook.searchReady();
    const [a, b] = await Promise.all([first, second]);
    stop();
    assert.equal(a, b);
    assert.equal(sourcebook.indexing, false);
    assert.equal(a.search('okapi')[0]?.source, 'okapi2026');
    assert.equal(progress.at(-1), bundled.sources.length);
  });

  it('starts the word index again when a source changes while it is built, and answers with the new sources', async () => {
    const sourcebook = new Sourcebook(new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    const building = sourcebook.wordIndexReady();
    sourcebook.removeSource('byrne2014');
    const index = await building;
    assert.equal(index.sourcesByKey.has('byrne2014'), false);
    assert.ok(index.sourcesByKey.has('crossan2025'));
    assert.equal(await sourcebook.wordIndexReady(), index);
  });

  it('answers with the index it built when the sources keep changing, and builds a new one when asked again', async () => {
    const sourcebook = new Sourcebook(new Library({ sources, entities: [], ambiguous: [] }));
    const keys = sources.map((source) => source.meta.key);
    let removed = 0;
    // A source goes at each of the first four pauses: the build starts again three times, then finishes.
    const overtaken = await sourcebook.wordIndexReady(async () => {
      if (removed < 4) sourcebook.removeSource(keys[removed++]);
    });
    assert.equal(removed, 4);
    assert.deepEqual([...overtaken.sourcesByKey.keys()], keys.slice(3), 'the index built over the sources of the last start');
    const current = await sourcebook.wordIndexReady();
    assert.deepEqual([...current.sourcesByKey.keys()], keys.slice(4));
  });
});
