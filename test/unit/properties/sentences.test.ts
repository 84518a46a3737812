// Property tests of `sentenceSpans`, which reads the text by code unit (no string per character): it cuts every
// text exactly as the reference below — the former version, which read `text[i]` and tested white space with /\s/
// — does: random texts of the characters that matter (sentence ends, closers, openers, every kind of white space,
// upper and lower case in several scripts, digits, abbreviations and initials, lone surrogates), and the corpus's
// paragraphs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import type { LibraryData } from '../../../src/core/library';
import { isWordCode, sentenceSpans } from '../../../src/core/text/sentences';
import type { Span } from '../../../src/core/text/sentences';
import { params } from '../helpers/fastCheck';

// --- The reference: sentenceSpans as it was, character strings and regular expressions ------------------------
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'rev', 'sr', 'jr', 'vs', 'no', 'vol', 'pp', 'p', 'para', 'cf', 'e.g', 'i.e', 'ca', 'c']);
const SENTENCE_END = new Set(['.', '!', '?', '\u2026']);
const CLOSERS = new Set(['"', "'", '\u201D', '\u2019', ')', ']', '\u00BB']);
const OPENERS = new Set(['"', "'", '\u201C', '\u2018', '(', '[', '\u00AB', '\u2014', '\u2013', '-']);

function isUpperOrDigit(ch: string): boolean {
  if (ch >= '0' && ch <= '9') return true;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && (isWordCode(text.charCodeAt(start - 1)) || (text[start - 1] === '.' && start - 1 > 0 && isWordCode(text.charCodeAt(start - 2))))) start--;
  return text.slice(start, end);
}

function referenceSentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let start = 0;
  const pushSpan = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    if (to > from) spans.push({ start: from, end: to });
  };
  for (let i = 0; i < n; i++) {
    if (!SENTENCE_END.has(text[i])) continue;
    let end = i + 1;
    while (end < n && (SENTENCE_END.has(text[end]) || CLOSERS.has(text[end]))) end++;
    if (end >= n) break;
    if (!/\s/.test(text[end])) {
      i = end - 1;
      continue;
    }
    let next = end;
    while (next < n && /\s/.test(text[next])) next++;
    if (next >= n) break;
    let first = next;
    while (first < n && OPENERS.has(text[first])) first++;
    const startsSentence = first < n && isUpperOrDigit(text[first]);
    if (!startsSentence) {
      i = end - 1;
      continue;
    }
    if (text[i] === '.') {
      const before = wordBefore(text, i);
      const isInitial = before.length === 1 && isUpperOrDigit(before) && !(before >= '0' && before <= '9');
      if (ABBREVIATIONS.has(before.toLowerCase()) || isInitial) {
        i = end - 1;
        continue;
      }
    }
    pushSpan(start, end);
    start = next;
    i = next - 1;
  }
  pushSpan(start, n);
  return spans;
}

// --- Generated texts --------------------------------------------------------------------------------------------
const PIECES = [
  ...'.!?\u2026"\')]\u00bb\u201d\u2019\u201c\u2018([\u00ab\u2014\u2013-,;:',
  // White space of every kind /\s/ knows, and some it does not (U+200B, U+180E).
  ...' \t\n\r\u000b\u000c\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u180e',
  // Upper, lower and caseless letters of several scripts; digits; lone surrogate halves; a title-case digraph.
  ...'AZaz09\u00c9\u00e9\u0130\u0131\u03a3\u03c3\u0416\u0436\u05d0\u4e2d\u01c5\u2160\u24b6\ud835\udc00\ud800\udc00',
  'Mr',
  'mrs',
  'St',
  'e.g',
  'i.e',
  'J',
  'Siân',
  'word',
  'Word',
  '1984',
];

const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((all) => all.join(''));
const some = (chars: string, max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((all) => all.join(''));
/** A sentence's end and the next one's start: words, end marks, closers, white space, openers, a first letter. */
const boundary = fc
  .tuple(fc.constantFrom(...PIECES), some('.!?\u2026', 2), some('"\')]\u00bb\u201d\u2019', 2), some(' \t\n\u00a0\u2000\u3000\u200b', 2), some('"\'([\u00ab\u201c\u2018\u2014\u2013-', 2), fc.constantFrom(...PIECES))
  .map((parts) => parts.join(''));
const texts = fc.oneof(pieces, fc.array(fc.oneof(boundary, pieces), { maxLength: 8 }).map((all) => all.join('')));

describe('sentenceSpans (property): read by code unit, cut as by character strings', () => {
  it('cuts generated texts exactly as the reference does', () => {
    fc.assert(
      fc.property(texts, (text) => {
        assert.deepEqual(sentenceSpans(text), referenceSentenceSpans(text));
      }),
      params(3000),
    );
  });

  it('cuts texts of any UTF-16 code units exactly as the reference does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'. A\u00a0\u2026)'), maxLength: 20 }), (noise, shape) => {
        const text = noise + shape + noise;
        assert.deepEqual(sentenceSpans(text), referenceSentenceSpans(text));
      }),
      params(2000),
    );
  });

  it("cuts the corpus's paragraphs exactly as the reference does", () => {
    const data = JSON.parse(corpusJson) as LibraryData;
    let sentences = 0;
    for (const source of data.sources) {
      for (const paragraph of source.paragraphs) {
        const spans = sentenceSpans(paragraph.text);
        assert.deepEqual(spans, referenceSentenceSpans(paragraph.text), `${source.meta.key} ¶${paragraph.number}`);
        sentences += spans.length;
      }
    }
    assert.ok(sentences > 100);
  });
});
