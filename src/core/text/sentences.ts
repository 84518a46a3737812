// Sentences and words of a text, as offset spans into it. Used by passage search and the quotation check.
// Every loop walks the text once; nothing here builds a regular expression from the text.

/** A zero-based, end-exclusive span of a string. */
export interface Span {
  start: number;
  end: number;
}

// 0 = not yet classified, 1 = word character, 2 = not a word character. One byte per UTF-16 code unit.
const wordClass = new Uint8Array(65536);
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

/** A letter, digit or combining mark, by UTF-16 code unit; surrogate halves count as word characters. */
export function isWordCode(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  let cls = wordClass[code];
  if (cls === 0) {
    const isSurrogate = code >= 0xd800 && code <= 0xdfff;
    cls = isSurrogate || LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    wordClass[code] = cls;
  }
  return cls === 1;
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x02bc;
}

/**
 * The words of `text`: runs of letters and digits, with an apostrophe inside a word kept in it ("There’s",
 * "miners’" → "miners"). Hyphens and dashes separate words ("1984-85" is two words).
 */
export function wordSpans(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let i = from;
  while (i < to) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < to) {
      const code = text.charCodeAt(i);
      if (isWordCode(code)) i++;
      else if (isApostrophe(code) && i + 1 < to && isWordCode(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    spans.push({ start, end: i });
  }
  return spans;
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'rev', 'sr', 'jr', 'vs', 'no', 'vol', 'pp', 'p', 'para', 'cf', 'e.g', 'i.e', 'ca', 'c']);
const SENTENCE_END = new Set(['.', '!', '?', '\u2026']);
const CLOSERS = new Set(['"', "'", '\u201D', '\u2019', ')', ']', '\u00BB']);
const OPENERS = new Set(['"', "'", '\u201C', '\u2018', '(', '[', '\u00AB', '\u2014', '\u2013', '-']);

function isUpperOrDigit(ch: string): boolean {
  if (ch >= '0' && ch <= '9') return true;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** The word just before offset `end`, for abbreviation checks: "Mr" in "Mr. Smith". */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && (isWordCode(text.charCodeAt(start - 1)) || (text[start - 1] === '.' && start - 1 > 0 && isWordCode(text.charCodeAt(start - 2))))) {
    start--;
  }
  return text.slice(start, end);
}

/**
 * Splits a paragraph into sentences: a sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
 * brackets after it) followed by white space and a capital letter, a digit or an opening quote. Abbreviations
 * ("Mr.", "St.") and initials ("J. Smith") do not end a sentence. Spans exclude surrounding white space.
 */
export function sentenceSpans(text: string): Span[] {
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
