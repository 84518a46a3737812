// A common query word's walk kept for the next keystrokes (src/core/search/walkCache.ts): the fuzzy candidates found
// with it are the ones a walk at every keystroke finds, whatever was typed before and however the index changed.
//
//   npx mocha --grep 'walk of a common word'
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { possibleOffers, walkCacheSwitch } from '../../../src/core/search/walkCache';
import { params } from '../helpers/fastCheck';
import { keystrokes, sentenceOf, sourcesOf } from '../helpers/typedLibraries';

// "with" and "the" in about a fifth of the sentences each, the rest rarer, so that "with" alone is walked (it is in
// fewer than a third of the passages) and the passages found by the query words are more than the 160 candidates
// taken (which of them are taken, and in what order they were offered, matters); made-up words typed among them
// ("drnoism", "zeegram") find few passages.
const FILLER = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'lambda'];
const RARE = ['deism', 'dronism', 'esstra', 'essay', 'semantic', 'graze', 'rot', 'zirconia'];

const sentence = fc
  .array(fc.constantFrom('with', 'the', ...FILLER, ...RARE), { minLength: 3, maxLength: 5 })
  .map(sentenceOf);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((sentences) => sentences.join(' '));
const library = fc.array(fc.array(paragraph, { minLength: 120, maxLength: 200 }), { minLength: 2, maxLength: 3 });
const smallLibrary = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 2 });

/** Every keystroke of a phrase of common words, rare ones and made-up ones, as the writer types it. */
const typing = fc
  .array(fc.constantFrom('with', 'the', 'deism', 'drnoism', 'zeegram', 'essya', 'semantci', 'rot', 'alpha'), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '))
  .map(keystrokes);

/** The `capacity` offers of smallest value, in a max-heap making `BestCandidates`'s comparisons (so ties fall as there). */
function heapOf(offers: Array<[number, number]>, capacity: number): Array<[number, number]> {
  const heap: Array<[number, number]> = [];
  for (const offer of offers) {
    if (heap.length < capacity) {
      heap.push(offer);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent][1] >= heap[i][1]) break;
        [heap[parent], heap[i]] = [heap[i], heap[parent]];
        i = parent;
      }
      continue;
    }
    if (offer[1] >= heap[0][1]) continue;
    heap[0] = offer;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && heap[left][1] > heap[largest][1]) largest = left;
      if (right < heap.length && heap[right][1] > heap[largest][1]) largest = right;
      if (largest === i) break;
      [heap[largest], heap[i]] = [heap[i], heap[largest]];
      i = largest;
    }
  }
  return heap;
}

describe('the walk of a common word kept for the next keystrokes', () => {
  it('answers every keystroke (all 500 hits), sources added or removed between any two, as an index that never searched and walks every time', () => {
    fc.assert(
      fc.property(library, smallLibrary, fc.array(typing, { minLength: 1, maxLength: 2 }), fc.nat(), fc.nat(), fc.boolean(), (paragraphs, more, typed, addAt, removeAt, remove) => {
        const sources = sourcesOf(paragraphs);
        const added = sourcesOf(more, 'added');
        const keystrokes = typed.flat();
        // Sources added before keystroke `addCut`, the first one removed before keystroke `removeCut` (if `remove`).
        const addCut = addAt % keystrokes.length;
        const removeCut = removeAt % keystrokes.length;
        const changed = (index: PassageIndex, i: number): PassageIndex => {
          const steps: Array<[number, () => void]> = [
            [addCut, () => added.forEach((source) => index.addSource(source))],
            [removeCut, () => void (remove && index.removeSource(sources[0].meta.key))],
          ];
          for (const [at, step] of steps.sort((a, b) => a[0] - b[0])) if (at <= i) step();
          return index;
        };
        const index = new PassageIndex(sources);
        for (let i = 0; i < keystrokes.length; i++) {
          if (i === addCut) added.forEach((source) => index.addSource(source));
          if (i === removeCut && remove) index.removeSource(sources[0].meta.key);
          const found = index.search(keystrokes[i], { limit: 500 });
          // The index as it is, searched for the first time and walking every posting as before the cache.
          walkCacheSwitch.on = false;
          try {
            assert.deepEqual(found, changed(new PassageIndex(sources), i).search(keystrokes[i], { limit: 500 }), keystrokes[i]);
          } finally {
            walkCacheSwitch.on = true;
          }
        }
      }),
      params(40),
    );
  });

  it('keeps every passage walked that the best candidates could take after up to `margin` others were offered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 12 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        (base, capacity, margin, earlierPicks, earlierValues) => {
          // Passages 0 … n-1 walked in a shuffled order; `base` -1: removed.
          const walked = base.map((_, id) => id).sort((a, b) => ((a * 7919) % 97) - ((b * 7919) % 97));
          const offers = possibleOffers(walked, walked.length, base, capacity, margin);
          // Up to `margin` passages found earlier (offered first, with a prescore of their own, not offered again).
          const earlier = earlierPicks.slice(0, margin).map((pick) => walked[pick % walked.length]);
          const earlierOffers = earlier.map((id, e): [number, number] => [id, (earlierValues[e] ?? 0) - 20]);
          const offered = new Set(earlier);
          const all = walked.filter((id) => base[id] >= 0 && !offered.has(id)).map((id): [number, number] => [id, base[id]]);
          const only = [...offers].filter((id) => !offered.has(id)).map((id): [number, number] => [id, base[id]]);
          assert.deepEqual(heapOf([...earlierOffers, ...only], capacity), heapOf([...earlierOffers, ...all], capacity));
        },
      ),
      params(2000),
    );
  });
});
