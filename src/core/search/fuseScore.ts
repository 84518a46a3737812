// fuse.js's fuzzy match of a query's terms in one text, computed as fuse.js (7.x) computes it, without building a
// Fuse per batch of candidates: passageSearch.ts's ranking handed each batch of fuzzy candidates to a new Fuse, and
// its Bitap matcher (plain arrays, characters looked up in an object) was most of a mistyped keystroke's ranking.
//
// What is reproduced, for a list of strings searched with `useExtendedSearch`, `ignoreLocation`, `includeMatches`,
// case-insensitive, diacritics kept, each term a plain fuzzy term (node_modules/fuse.js, src/search/extended/
// index.ts, src/search/bitap/index.ts and search.ts, convertMaskToIndices.ts, mergeIndices.ts, computeScore.ts,
// tools/norm.ts): each term's Bitap score (errors / length at the fewest errors found, at least 0.001; 0 when the
// text is the term) and the stretches it marks; a text matches when every term does; its score is the mean of the
// terms' scores raised to the text's field norm; its stretches are the terms' merged. The same operations in the same
// order, so the same doubles: test/unit/search/fuseScore.test.ts compares it with fuse.js on random texts and terms.
// `fuseTermsSupported` says which terms this covers (others go to fuse.js itself).

/** One term's Bitap outcome in one text (fuse.js's `BitapSearch.searchIn`). */
export interface TermMatch {
  readonly isMatch: boolean;
  readonly score: number;
  readonly indices: ReadonlyArray<readonly [number, number]>;
}

/** A text's outcome for all the terms: fuse.js's `score` (field norm applied) and its match stretches. */
export interface FuseMatch {
  readonly score: number;
  readonly indices: Array<[number, number]>;
}

/** Terms fuse.js's extended search reads as plain fuzzy terms, already in lower case: ASCII letters and digits. */
export function fuseTermsSupported(terms: readonly string[]): boolean {
  return terms.length > 0 && terms.every((term) => term.length > 0 && term.length <= 32 && /^[a-z0-9]+$/.test(term));
}

/** A term ready for `bitapTerm`: fuse.js's pattern alphabet, by ASCII code. */
export interface BitapPattern {
  readonly pattern: string;
  readonly alphabet: Int32Array;
}

export function bitapPattern(pattern: string): BitapPattern {
  const alphabet = new Int32Array(128);
  const n = pattern.length;
  for (let i = 0; i < n; i++) alphabet[pattern.charCodeAt(i)] |= 1 << (n - i - 1);
  return { pattern, alphabet };
}

/** Scratch rows of the Bitap table, reused (fuse.js allocates two arrays per error count). */
let rowA = new Int32Array(256);
let rowB = new Int32Array(256);
let matchMask = new Uint8Array(256);

/**
 * fuse.js's `BitapSearch.searchIn` of `term` (ASCII, 1–32 units) in `text` (already lower-cased twice, as fuse.js
 * reads it), location ignored.
 */
export function bitapTerm(text: string, term: BitapPattern, threshold: number, minMatchCharLength: number): TermMatch {
  const pattern = term.pattern;
  if (pattern === text) {
    if (text.length < minMatchCharLength) return { isMatch: false, score: 1, indices: [] };
    return { isMatch: true, score: 0, indices: [[0, text.length - 1]] };
  }
  const alphabet = term.alphabet;
  const patternLen = pattern.length;
  const textLen = text.length;
  const charMatch = (at: number): number => {
    if (at >= textLen) return 0;
    const code = text.charCodeAt(at);
    return code < 128 ? alphabet[code] : 0;
  };
  let currentThreshold = threshold;
  if (matchMask.length < textLen) matchMask = new Uint8Array(Math.max(textLen, matchMask.length * 2));
  const mask = matchMask;
  mask.fill(0, 0, textLen);
  let bestLocation = 0;
  for (let index = text.indexOf(pattern, bestLocation); index > -1; index = text.indexOf(pattern, bestLocation)) {
    currentThreshold = Math.min(0, currentThreshold);
    bestLocation = index + patternLen;
    mask.fill(1, index, index + patternLen);
  }
  bestLocation = -1;
  let finalScore = 1;
  let bestErrors = 0;
  let binMax = patternLen + textLen;
  const high = 1 << (patternLen - 1);
  if (rowA.length < binMax + 2) {
    rowA = new Int32Array(binMax + 2);
    rowB = new Int32Array(binMax + 2);
  }
  let row = rowA;
  let last = rowB;
  for (let i = 0; i < patternLen; i++) {
    // fuse.js's binary search for how far to read; with the location ignored the score does not depend on it.
    let binMin = 0;
    let binMid = binMax;
    while (binMin < binMid) {
      if (i / patternLen <= currentThreshold) binMin = binMid;
      else binMax = binMid;
      binMid = Math.floor((binMax - binMin) / 2 + binMin);
    }
    binMax = binMid;
    const finish = Math.min(binMid, textLen) + patternLen;
    row[finish + 1] = (1 << i) - 1;
    for (let j = finish; j >= 1; j--) {
      const at = j - 1;
      let bits = ((row[j + 1] << 1) | 1) & charMatch(at);
      if (i) bits |= (((last[j + 1] | last[j]) << 1) | 1) | last[j + 1];
      row[j] = bits;
      if (bits & high) {
        finalScore = i / patternLen;
        if (finalScore <= currentThreshold) {
          currentThreshold = finalScore;
          bestLocation = at;
          bestErrors = i;
          if (bestLocation <= 0) break;
        }
      }
    }
    if ((i + 1) / patternLen > currentThreshold) break;
    const swap = last;
    last = row;
    row = swap;
  }
  if (bestLocation >= 0) {
    const matchEnd = Math.min(textLen - 1, bestLocation + patternLen - 1 + bestErrors);
    for (let k = bestLocation; k <= matchEnd; k++) if (charMatch(k)) mask[k] = 1;
  }
  const indices: Array<[number, number]> = [];
  let start = -1;
  let i = 0;
  for (; i < textLen; i++) {
    if (mask[i] && start === -1) start = i;
    else if (!mask[i] && start !== -1) {
      if (i - 1 - start + 1 >= minMatchCharLength) indices.push([start, i - 1]);
      start = -1;
    }
  }
  if (textLen > 0 && mask[textLen - 1] && i - start >= minMatchCharLength) indices.push([start, i - 1]);
  const isMatch = bestLocation >= 0 && indices.length > 0;
  return { isMatch, score: isMatch ? Math.max(0.001, finalScore) : 1, indices: isMatch ? indices : [] };
}

/**
 * fuse.js's field norm of a text (`norm(1, 3)` in its fieldNorm.ts): 1 / √tokens (tokens separated by white space),
 * rounded to three decimals, computed as fuse.js computes it.
 */
export function fuseFieldNorm(text: string): number {
  let tokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 9 && code <= 13) || code === 32 || code === 160) inWord = false;
    else if (!inWord) {
      tokens++;
      inWord = true;
    }
  }
  if (tokens === 0) tokens = 1;
  return Math.round(1000 / Math.pow(tokens, 0.5)) / 1000;
}

/** fuse.js's `mergeIndices` (on copies: the terms' stretches may be kept). */
function mergeIndices(indices: Array<readonly [number, number]>): Array<[number, number]> {
  if (indices.length === 0) return [];
  if (indices.length === 1) return [[indices[0][0], indices[0][1]]];
  indices.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [[indices[0][0], indices[0][1]]];
  for (let i = 1; i < indices.length; i++) {
    const lastOne = merged[merged.length - 1];
    const current = indices[i];
    if (current[0] <= lastOne[1] + 1) lastOne[1] = Math.max(lastOne[1], current[1]);
    else merged.push([current[0], current[1]]);
  }
  return merged;
}

/** The text as fuse.js's Bitap reads it: lower-cased by the extended search, then by the term's matcher. */
export function fuseText(text: string): string {
  return text.toLowerCase().toLowerCase();
}

/**
 * What fuse.js answers for `text` (the candidate as handed to it) and the terms (`fuseTermsSupported`), or undefined
 * when it does not match. `termMatch(t)` gives term t's `bitapTerm` in `fuseText(text)` (so a caller may keep them).
 */
export function fuseMatch(text: string, termCount: number, termMatch: (t: number) => TermMatch): FuseMatch | undefined {
  if (!text.trim().length) return undefined;
  let totalScore = 0;
  const all: Array<readonly [number, number]> = [];
  for (let t = 0; t < termCount; t++) {
    const match = termMatch(t);
    if (!match.isMatch) return undefined;
    totalScore += match.score;
    for (const stretch of match.indices) all.push(stretch);
  }
  const score = totalScore / termCount;
  return { score: Math.pow(score, fuseFieldNorm(text)), indices: mergeIndices(all) };
}
