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

// `sentenceSpans` reads the text by code unit (`charCodeAt`), never `text[i]`: a one-character string per character
// read (those above U+00FF are not shared) and `/\s/` tested on it made about three bytes of garbage a character of
// a library being indexed (500 MB at 150 MB of text) and took a tenth of the passage index's build.

/** . ! ? … */
const isSentenceEnd = (code: number): boolean => code === 46 || code === 33 || code === 63 || code === 0x2026;
/** " ' ” ’ ) ] » */
const isCloser = (code: number): boolean => code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41 || code === 93 || code === 0xbb;
/** " ' “ ‘ ( [ « — – - */
const isOpener = (code: number): boolean =>
  code === 34 || code === 39 || code === 0x201c || code === 0x2018 || code === 40 || code === 91 || code === 0xab || code === 0x2014 || code === 0x2013 || code === 45;

// Per UTF-16 code unit, filled on first use: bit 0 set once known, bit 1 white space (`/\s/`), bit 2 upper case (as
// `isUpperOrDigit` tells of the unit alone).
const unitClass = new Uint8Array(65536);
const KNOWN = 1;
const SPACE = 2;
const UPPER = 4;

function classOf(code: number): number {
  let cls = unitClass[code];
  if (cls === 0) {
    const ch = String.fromCharCode(code);
    cls = KNOWN | (/\s/.test(ch) ? SPACE : 0) | (ch !== ch.toLowerCase() && ch === ch.toUpperCase() ? UPPER : 0);
    unitClass[code] = cls;
  }
  return cls;
}

/** `/\s/.test(text[i])`, by code unit. */
const isSpaceCode = (code: number): boolean => (code === 32 ? true : code < 128 && code > 13 ? false : (classOf(code) & SPACE) !== 0);
/** `isUpperOrDigit(text[i])`, by code unit. */
const isUpperOrDigitCode = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 128 && (classOf(code) & UPPER) !== 0);

function isUpperOrDigit(ch: string): boolean {
  if (ch >= '0' && ch <= '9') return true;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** The word just before offset `end`, for abbreviation checks: "Mr" in "Mr. Smith". */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && (isWordCode(text.charCodeAt(start - 1)) || (text.charCodeAt(start - 1) === 46 && start - 1 > 0 && isWordCode(text.charCodeAt(start - 2))))) {
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
    while (from < to && isSpaceCode(text.charCodeAt(from))) from++;
    while (to > from && isSpaceCode(text.charCodeAt(to - 1))) to--;
    if (to > from) spans.push({ start: from, end: to });
  };
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (!isSentenceEnd(code)) continue;
    let end = i + 1;
    while (end < n && (isSentenceEnd(text.charCodeAt(end)) || isCloser(text.charCodeAt(end)))) end++;
    if (end >= n) break;
    if (!isSpaceCode(text.charCodeAt(end))) {
      i = end - 1;
      continue;
    }
    let next = end;
    while (next < n && isSpaceCode(text.charCodeAt(next))) next++;
    if (next >= n) break;
    let first = next;
    while (first < n && isOpener(text.charCodeAt(first))) first++;
    const startsSentence = first < n && isUpperOrDigitCode(text.charCodeAt(first));
    if (!startsSentence) {
      i = end - 1;
      continue;
    }
    if (code === 46) {
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
