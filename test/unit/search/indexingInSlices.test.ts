// A large library is indexed in slices, giving the host its turn every few milliseconds: the indexes built so are
// the ones built in one go, and a feature asking meanwhile waits for the same build.
import assert from 'node:assert/strict';
import { corpusJson } from '../../../src/generated/corpus';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { Sourcebook } from '../../../src/core/sourcebook';
import { parseSource } from '../../../src/core/sources/sourceParser';
import { fold } from '../../../src/core/text/normalize';
import type { Source } from '../../../src/core/types';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from '../../../bench/synthetic';
import { Random } from '../../../bench/random';

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

  it('hands a quotation check the word index it was building when a source changed meanwhile, then builds a new one', async () => {
    const sourcebook = new Sourcebook(new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous }));
    const building = sourcebook.wordIndexReady();
    sourcebook.removeSource('byrne2014');
    const overtaken = await building;
    assert.ok(overtaken.sourcesByKey.has('byrne2014'));
    const current = await sourcebook.wordIndexReady();
    assert.notEqual(current, overtaken);
    assert.equal(current.sourcesByKey.has('byrne2014'), false);
    assert.equal(await sourcebook.wordIndexReady(), current);
  });
});
