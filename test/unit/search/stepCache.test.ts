// A keystroke takes the intersection steps its rarest words share with the last keystroke from the step cache
// (src/core/search/stepCache.ts): whatever was typed before, it answers as an index that never searched.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { params } from '../helpers/fastCheck';
import { keystrokes, sentenceOf, sourcesOf } from '../helpers/typedLibraries';

const WORDS = ['in', 'into', 'inn', 'more', 'moral', 'me', 'from', 'fla', 'flat', 'flask', 'still', 'stiff', 'po', 'pound', 'pour', 'gis', 'grow', 'gross', 'Flâneur', 'there’s'];

const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 9 })
  .map(sentenceOf);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((sentences) => sentences.join(' '));
const library = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });

/** Every keystroke of a phrase of the vocabulary (or a word typed wrong, whose near words are kept), as the writer types it. */
const typing = fc
  .array(fc.constantFrom(...WORDS, 'flsak', 'morla', 'stlil', 'pounnd'), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' ').toLowerCase())
  .map(keystrokes);

describe('the search steps kept from the last keystroke', () => {
  it('answers every keystroke, after any keystrokes before it, as an index that never searched', () => {
    fc.assert(
      fc.property(library, fc.array(typing, { minLength: 1, maxLength: 3 }), (paragraphs, typed) => {
        const sources = sourcesOf(paragraphs);
        const index = new PassageIndex(sources);
        for (const keystrokes of typed) {
          for (const query of keystrokes) {
            assert.deepEqual(index.search(query), new PassageIndex(sources).search(query), query);
          }
        }
      }),
      params(150),
    );
  });

  it('answers as an index that never searched once sources were added or removed between two keystrokes', () => {
    fc.assert(
      fc.property(library, library, typing, fc.nat(), fc.boolean(), (paragraphs, more, keystrokes, at, remove) => {
        const sources = sourcesOf(paragraphs);
        const added = sourcesOf(more, 'added');
        const changed = (index: PassageIndex): PassageIndex => {
          for (const source of added) index.addSource(source);
          if (remove) index.removeSource(sources[0].meta.key);
          return index;
        };
        const index = new PassageIndex(sources);
        const cut = at % keystrokes.length;
        for (const query of keystrokes.slice(0, cut)) index.search(query);
        changed(index);
        for (const query of keystrokes.slice(cut)) assert.deepEqual(index.search(query), changed(new PassageIndex(sources)).search(query), query);
      }),
      params(100),
    );
  });

  it('answers a query typed again, words typed wrong, as an index that never searched once most sources were removed (the passages numbered anew)', () => {
    // fuse.js's matches of a term are kept by passage between keystrokes (`termMatchesOf`): a rebuild gives the
    // numbers to other passages.
    fc.assert(
      fc.property(library, sentence, typing, (paragraphs, kept, keystrokes) => {
        // The library three times over, then one sentence: removing the rest rebuilds the index (over half removed).
        const removed = [...sourcesOf(paragraphs, 'a'), ...sourcesOf(paragraphs, 'b'), ...sourcesOf(paragraphs, 'c')];
        const sources = [...removed, ...sourcesOf([[kept]], 'kept')];
        const emptied = (index: PassageIndex): PassageIndex => {
          for (const source of removed) index.removeSource(source.meta.key);
          return index;
        };
        const index = new PassageIndex(sources);
        for (const query of keystrokes) index.search(query);
        emptied(index);
        const left = emptied(new PassageIndex(sources));
        for (const query of keystrokes) assert.deepEqual(index.search(query), left.search(query), query);
      }),
      params(300),
    );
  });
});
