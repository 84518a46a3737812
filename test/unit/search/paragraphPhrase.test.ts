// A paragraph is read for the typed phrase only where its sentences cannot tell (passageSearch.ts
// `paragraphHoldsPhrase`): whatever the text — a phrase across two sentences, a phrase starting after an apostrophe
// inside a word ("don't from" for "t from"), a sentence read for the phrase and missed — a passage listed as holding
// the exact phrase holds it, and one holding it is listed so.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { fold } from '../../../src/core/text/normalize';
import { isWordCode, wordSpans } from '../../../src/core/text/sentences';
import { params } from '../helpers/fastCheck';
import { sentenceOf, sourcesOf } from '../helpers/typedLibraries';

const WORDS = ['don’t', "don't", 't', 'take', 'from', 'here', 'then', 'O’Neil', 'neil', 'it', 'it’s', 's', 'Siân', 'sian', 'gis', 'grow', 'ʼt'];

const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 8 })
  .map(sentenceOf);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((sentences) => sentences.join(' '));
const library = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 });

/** Whether `text` holds the phrase (folded, white space collapsed) at its start or after a unit not part of a word. */
function holdsPhrase(text: string, query: string): boolean {
  const folded = fold(text);
  const phrase = fold(query).trim().split(/\s+/).join(' ');
  for (let at = folded.indexOf(phrase); at >= 0; at = folded.indexOf(phrase, at + 1)) {
    if (at === 0 || !isWordCode(folded.charCodeAt(at - 1))) return true;
  }
  return false;
}

/** A stretch of one of the paragraphs starting at a word's start or inside a word after its apostrophe, 2–4 words or so. */
const queryIn = (paragraphs: string[][], a: number, b: number, c: number, length: number): string | undefined => {
  const texts = paragraphs.flat();
  const text = texts[a % texts.length];
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) if (isWordCode(text.charCodeAt(i)) && (i === 0 || !isWordCode(text.charCodeAt(i - 1)))) starts.push(i);
  if (starts.length < 2) return undefined;
  const from = starts[b % starts.length];
  const to = Math.min(text.length, starts[Math.min(starts.length - 1, (b % starts.length) + 1 + (c % 3))] + length);
  return text.slice(from, to).toLowerCase();
};

describe('the phrase looked for in a paragraph only where its sentences cannot tell', () => {
  it('lists a passage holding every word as holding the exact phrase exactly when it holds it, for any text and typed phrase', () => {
    fc.assert(
      fc.property(library, fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), (paragraphs, a, b, c, length) => {
        const query = queryIn(paragraphs, a, b, c, length);
        if (query === undefined || query.trim().split(/\s+/).length < 2) return;
        const index = new PassageIndex(sourcesOf(paragraphs));
        // Every keystroke of it (the passages read and missed at one are kept for the next).
        for (let end = 1; end <= query.length; end++) {
          const typed = query.slice(0, end);
          // A one-word query's "phrase" class is the whole word's.
          if (typed.endsWith(' ') || wordSpans(fold(typed)).length < 2) continue;
          for (const hit of index.search(typed, { limit: 500 })) {
            // Passages holding every word score 1 or more, those holding the exact phrase 2 or more (passageSearch.ts
            // `rank`); the others (a typing error, a word missing) are never read for the phrase.
            if (hit.score < 1) continue;
            assert.equal(hit.score >= 2, holdsPhrase(hit.text, typed), JSON.stringify({ typed, hit: hit.text, kind: hit.kind, score: hit.score }));
          }
        }
      }),
      params(300),
    );
  });

  it('finds "t from" in a paragraph whose only "t" word is elsewhere, after the apostrophe of "don\'t from"', () => {
    const index = new PassageIndex(sourcesOf([['Take it. I don’t from here.']]));
    const [top] = index.search('t from');
    assert.equal(top.kind, 'paragraph');
    assert.ok(top.score >= 2, `score ${top.score}`);
  });

  it('finds "here. then" across two sentences of a paragraph, each read for it and missed', () => {
    const index = new PassageIndex(sourcesOf([['From here. Then from here then.']]));
    const hits = index.search('here. then');
    const paragraph = hits.find((hit) => hit.kind === 'paragraph');
    assert.ok(paragraph && paragraph.score >= 2, JSON.stringify(hits));
  });

  it('finds "here ta" in a paragraph whose sentence "Here tall." the first step never reached (it stopped at 20,000 passages of "tab")', () => {
    // "ta" is rarer than "here", so its words are walked first, "tab" before "tall", and the walk stops after "tab".
    const paragraphs = [...Array.from({ length: 20_001 }, () => 'Tab it.'), ...Array.from({ length: 21_000 }, () => 'Here we go.'), 'Tab it. Here tall.'];
    const index = new PassageIndex(sourcesOf([paragraphs]));
    const paragraph = index.search('here ta').find((hit) => hit.kind === 'paragraph');
    assert.ok(paragraph && paragraph.score >= 2, JSON.stringify(paragraph));
  });
});
