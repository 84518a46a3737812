// Property test of the passage index's vocabulary: the words of a paragraph are looked up where they are in its
// folded text (search/wordTable.ts: a hash of the key's units, compared in place), not sliced out into a Map. The
// index must hold exactly the words and posting lists of the reference below — each word's key sliced out
// (`fold`, `wordSpans`, apostrophes and combining marks removed) and looked up in a Map — for generated texts full
// of what makes keys differ from their words: apostrophes of three kinds, combining marks (at a word's start too),
// accented and upper-case letters, hyphens, digits, sentence ends; built in one go and a paragraph at a time, its
// one-letter searches as a restored index's; and the table's lookups of a restored index (its words added from a snapshot's parts) the same.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { PostingLists } from '../../../src/core/search/postingLists';
import { WordTable, keyHash, keyHashOf } from '../../../src/core/search/wordTable';
import { fold } from '../../../src/core/text/normalize';
import { sentenceSpans, wordSpans } from '../../../src/core/text/sentences';
import type { Source } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

/** The reference: each word's key as a string, each key's passages by a Map (as the index did before). */
function referenceVocabulary(texts: readonly string[]): Map<string, number[]> {
  const lists = new Map<string, number[]>();
  let passages = 0;
  for (const text of texts) {
    const folded = fold(text);
    const sentences = sentenceSpans(text);
    const firstSentence = passages;
    passages += sentences.length;
    const paragraphId = sentences.length !== 1 ? passages++ : -1;
    let s = 0;
    for (const span of wordSpans(folded)) {
      while (s < sentences.length && sentences[s].end <= span.start) s++;
      const key = [...folded.slice(span.start, span.end)].filter((ch) => ch !== "'" && !/[\u0300-\u036f]/.test(ch)).join('');
      if (key.length === 0) continue;
      const list = lists.get(key) ?? [];
      lists.set(key, list);
      const sentenceId = s < sentences.length && sentences[s].start <= span.start ? firstSentence + s : -1;
      // As the index appends: a passage not among the list's last two (a paragraph may come twice, around its sentences).
      for (const id of [sentenceId, paragraphId]) if (id >= 0 && list.at(-1) !== id && list.at(-2) !== id) list.push(id);
    }
  }
  return lists;
}

function vocabularyOf(index: PassageIndex): Map<string, number[]> {
  const parts = index.snapshotParts();
  const postings = PostingLists.fromParts(parts.postings)!;
  const lists = new Map<string, number[]>();
  parts.words.forEach((word, w) => {
    const id = parts.wordLists[w];
    lists.set(word, [...postings.decode(id).subarray(0, postings.count(id))]);
  });
  return lists;
}

const PIECES = [...'aAeEéÉsStT19 \u0301\u0308\'\u2019\u02bc-.,!?', 'e\u0301', 'Siân', 'SIAN', 'there\u2019s', "there's", 'miners\u2019', 'e\u0301te\u0301', 'O\u2019Brien', '\u0301a', ". The", '. É', 'İ', 'ß', 'ﬁ'];
const paragraph = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((pieces) => pieces.join(''));

function sourceOf(texts: readonly string[]): Source {
  return { meta: { key: 'generated', title: 'Generated', author: [], type: 'webpage' }, paragraphs: texts.map((text, i) => ({ number: i + 1, text, line: i, kind: 'text' as const })), quotations: [], origin: 'bundled' };
}

describe('passage index vocabulary (property): words looked up in place, as by their keys in a Map', () => {
  it('holds the words and posting lists the reference does, built in one go and a paragraph at a time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(paragraph, { minLength: 1, maxLength: 8 }), async (texts) => {
        const expected = referenceVocabulary(texts);
        const whole = new PassageIndex([sourceOf(texts)]);
        assert.deepEqual(vocabularyOf(whole), expected);
        assert.deepEqual(vocabularyOf(await PassageIndex.inSlices([sourceOf(texts)], async () => undefined)), expected);
        // A one-letter query word after another reads the bitmap of words starting with it, kept as the index is built (by each key's
        // first unit); a restored index makes it from its sorted words: the same passages.
        const restored = PassageIndex.fromSnapshotParts(whole.snapshotParts(), [sourceOf(texts)])!;
        for (const query of ['the a', 'sian e', 'the s', 'e t', 'a 1']) assert.deepEqual(whole.search(query), restored.search(query), query);
      }),
      params(400),
    );
  });

  it('finds a word in place by the same key and hash as the key itself, and nothing for another', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 4 }), (texts) => {
        const table = new WordTable();
        const keys = [...referenceVocabulary(texts).keys()];
        keys.forEach((key, i) => table.add(key, i));
        keys.forEach((key, i) => assert.equal(table.get(key), i));
        for (const text of texts) {
          const folded = fold(text);
          for (const span of wordSpans(folded)) {
            const key = [...folded.slice(span.start, span.end)].filter((ch) => ch !== "'" && !/[\u0300-\u036f]/.test(ch)).join('');
            assert.equal(keyHash(folded, span.start, span.end), keyHashOf(key));
            assert.equal(table.find(folded, span.start, span.end, keyHash(folded, span.start, span.end)), key.length === 0 ? -1 : keys.indexOf(key));
          }
        }
        assert.equal(table.get('\u0000absent'), -1);
        assert.equal(table.size, keys.length);
      }),
      params(300),
    );
  });

  it('answers a restored index as the one it was taken of, its words looked up by the table', () => {
    // "\u0301abbey": a word beginning with a combining mark, whose key ("abbey") starts with the letter after it.
    const texts = ['There\u2019s Siân, e\u0301te\u0301 and O\u2019Brien. The miners\u2019 strike, 1984-85!', "Sian's été. SIAN there's the miners \u0301abbey"];
    const built = new PassageIndex([sourceOf(texts)]);
    const restored = PassageIndex.fromSnapshotParts(built.snapshotParts(), [sourceOf(texts)])!;
    // Another paragraph added to both: its known words must be found in the restored table, its new ones added.
    const more = sourceOf([...texts, 'Siân and the été of O\u2019Brien; new words here.']);
    built.addSource(more);
    restored.addSource(more);
    assert.deepEqual(vocabularyOf(restored), vocabularyOf(built));
    for (const query of ['sian', 'ete', 'obrien', 'theres', 'miners', 'new words', 'a', 'abbey', 'the a', 'miners a', 'sian a']) assert.deepEqual(restored.search(query), built.search(query), query);
  });
});
