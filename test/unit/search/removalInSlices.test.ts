// Taking a large part of the library out (a folder removed from the settings) rebuilds the search index from the
// sources left: in slices when a pause is given, searches meanwhile answering from the index as it was, removed
// passages skipped. Property: whatever sources are removed (and added back meanwhile), the index answers every
// query as one built from the sources left, during the rebuild and after it.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { Sourcebook } from '../../../src/core/sourcebook';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { sourceFiles, vocabularyOf } from '../../../bench/synthetic';
import { params, typedQuery } from '../helpers/fastCheck';

const bundled = JSON.parse(corpusJson) as LibraryData;
const synthetic = sourceFiles(vocabularyOf(bundled), 24, 5_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!);
const sources: Source[] = [...bundled.sources, ...synthetic];
const texts = sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));
const query = typedQuery(texts);
/** Which sources are removed: any, or three in four of them (so that most runs remove over half and rebuild). */
const removals = fc.oneof(
  fc.array(fc.boolean(), { minLength: sources.length, maxLength: sources.length }),
  fc.array(fc.integer({ min: 0, max: 3 }).map((n) => n > 0), { minLength: sources.length, maxLength: sources.length }),
);

/**
 * While removed passages are only skipped, the hits holding every query word (score ≥ 1) are those of an index of the
 * sources left, and no hit comes from a removed source; which passages sharing only some of the words are added
 * after them may differ (how common a word is still counts the removed passages).
 */
function assertAnswersMeanwhile(live: PassageIndex, expected: PassageIndex, typed: string, left: ReadonlySet<string>): void {
  const hits = live.search(typed);
  for (const hit of hits) assert.ok(left.has(hit.source), `${hit.source} was removed: ${typed}`);
  const everyWord = (found: ReturnType<PassageIndex['search']>) => found.filter((hit) => hit.score >= 1);
  assert.deepEqual(everyWord(hits), everyWord(expected.search(typed)), `during: ${typed}`);
}

/** A pause that gives the event loop its turn every `every` calls, counting them. */
function countingPause(every = 5): { pause: () => Promise<void>; count: () => number } {
  let calls = 0;
  return {
    pause: async () => {
      if (++calls % every === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    count: () => calls,
  };
}

describe('removing sources, the index rebuilt in slices', () => {
  it('answers every query as an index built from the sources left once rebuilt, and meanwhile with no removed passage', async () => {
    const cases = { rebuilt: 0, skipped: 0 };
    await fc.assert(
      fc.asyncProperty(removals, fc.array(query, { minLength: 4, maxLength: 8 }), async (removed, queries) => {
        const left = sources.filter((_, i) => !removed[i]);
        const leftKeys = new Set(left.map((source) => source.meta.key));
        const expected = new PassageIndex(left);
        const live = new PassageIndex(sources);
        const { pause } = countingPause();
        for (const [i, source] of sources.entries()) if (removed[i]) live.removeSource(source.meta.key, { pause });
        // Over half of the passages removed: a rebuild has begun (it cannot end before the next await).
        const rebuilding = live.rebuilding;
        cases[rebuilding ? 'rebuilt' : 'skipped']++;
        // Meanwhile (the rebuild, if any, has only begun): removed passages are skipped.
        for (const typed of queries) assertAnswersMeanwhile(live, expected, typed, leftKeys);
        await live.rebuilt();
        assert.equal(live.size, expected.size);
        // Rebuilt after the last removal, it is an index of the sources left; sources removed after the rebuild
        // began (or too few to rebuild) are only skipped, as before.
        for (const typed of queries) {
          if (live.skippedPassages === 0) assert.deepEqual(live.search(typed), expected.search(typed), `after: ${typed}`);
          else assertAnswersMeanwhile(live, expected, typed, leftKeys);
        }
      }),
      params(12),
    );
    assert.ok(cases.rebuilt > 0, `no generated library lost over half its passages: ${JSON.stringify(cases)}`);
  });

  it('answers every query as an index of the sources left once rebuilt after the last removal', async () => {
    const live = new PassageIndex(sources);
    const { pause } = countingPause();
    // Sources taken out one by one until over half the passages are gone and the rebuild begins.
    const gone = new Set<string>();
    for (const source of sources) {
      if (live.rebuilding) break;
      live.removeSource(source.meta.key, { pause });
      gone.add(source.meta.key);
    }
    assert.ok(live.rebuilding, 'removing every source never began a rebuild');
    await live.rebuilt();
    assert.equal(live.skippedPassages, 0);
    const expected = new PassageIndex(sources.filter((source) => !gone.has(source.meta.key)));
    const queries = ['bread and roses', 'the miners of', 'lodge banner', 'he brandis', 'mier', ...fc.sample(query, { numRuns: 60, seed: 19 })];
    for (const typed of queries) assert.deepEqual(live.search(typed), expected.search(typed), typed);
  });

  it('answers searches made between its slices, removed sources left out', async () => {
    const live = new PassageIndex(sources);
    const half = sources.slice(0, Math.ceil(sources.length * 0.7));
    const left = new PassageIndex(sources.slice(half.length));
    const leftKeys = new Set(sources.slice(half.length).map((source) => source.meta.key));
    const probes = ['bread and roses', 'the miners of', 'lodge banner', 'mier', 'raise dan'];
    let searched = 0;
    const pause = async () => {
      if (++searched % 20 === 0) for (const typed of probes) assertAnswersMeanwhile(live, left, typed, leftKeys);
      await Promise.resolve();
    };
    for (const source of half) live.removeSource(source.meta.key, { pause });
    await live.rebuilt();
    assert.ok(searched > 100, `${searched} pauses`);
    for (const typed of probes) assert.deepEqual(live.search(typed), left.search(typed), typed);
  });

  it('takes in sources added, replaced and removed while it rebuilds', async () => {
    const live = new PassageIndex(sources);
    const { pause } = countingPause();
    for (const source of sources.slice(0, 20)) live.removeSource(source.meta.key, { pause });
    // While the rebuild runs: one source back, one replaced, one more removed, one added in slices.
    const own: Source = {
      meta: { key: 'notes2026', title: 'Notes', type: 'article', author: [] },
      paragraphs: [{ number: 1, text: 'Hefina Headon kept the minutes of every zebracrossing meeting.', line: 5, kind: 'text' }],
      quotations: [],
      origin: 'file:///notes.md',
    };
    const replaced = { ...sources[25], paragraphs: [{ number: 1, text: 'A replaced page about a quagga.', line: 1, kind: 'text' as const }] };
    live.addSource(sources[3]);
    live.addSource(replaced);
    live.removeSource(sources[26].meta.key, { pause });
    const adding = live.addSourceInSlices(own, pause);
    await Promise.all([live.rebuilt(), adding]);
    const expected = new PassageIndex([...sources.slice(20).filter((s) => s !== sources[25] && s !== sources[26]), sources[3], replaced, own]);
    assert.equal(live.size, expected.size);
    for (const typed of ['zebracrossing', 'quagga', 'bread and roses', 'lodge banner', 'the miners', texts[40].slice(0, 30)]) {
      assert.deepEqual(
        live.search(typed).map((hit) => `${hit.source} ${hit.paragraph} ${hit.text}`).sort(),
        expected.search(typed).map((hit) => `${hit.source} ${hit.paragraph} ${hit.text}`).sort(),
        typed,
      );
    }
    assert.equal(live.search('zebracrossing')[0].source, 'notes2026');
  });

  it('never rebuilds in one go when most sources are dropped while the first build runs: the rebuild after it is in slices too', async () => {
    const book = new Sourcebook(new Library({ sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    let dropped = false;
    const pause = async () => {
      if (!dropped) {
        dropped = true;
        for (const source of sources.slice(0, 20)) book.removeSource(source.meta.key);
      }
      await new Promise((resolve) => setImmediate(resolve));
    };
    const index = await book.searchReady(pause);
    // The first build indexed every source; taking twenty of them out started a rebuild on the budget, still running.
    assert.equal(index.rebuilding, true);
    for (const hit of index.search('bread and roses')) assert.ok(book.library.source(hit.source), `${hit.source} was dropped`);
    await index.rebuilt();
    const expected = new PassageIndex(sources.slice(20));
    assert.equal(index.size, expected.size);
    assert.deepEqual(index.search('bread and roses'), expected.search('bread and roses'));
  });

  it('never rebuilds in one go when the library drops sources: Sourcebook rebuilds in slices on its shared budget', async () => {
    const book = new Sourcebook(new Library({ sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    const index = await book.searchReady();
    const before = index.size;
    for (const source of sources.slice(0, 20)) book.removeSource(source.meta.key);
    // Right after the removals, nothing was rebuilt yet: the removed passages are only skipped.
    assert.ok(index.size < before / 2, `${index.size} of ${before}`);
    assert.equal(index.rebuilding, true);
    await index.rebuilt();
    assert.equal(index.rebuilding, false);
    const expected = new PassageIndex(sources.slice(20));
    assert.equal(index.size, expected.size);
    assert.deepEqual(index.search('bread and roses'), expected.search('bread and roses'));
  });
});
