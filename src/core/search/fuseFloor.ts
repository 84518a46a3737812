// A lower bound of the score fuse.js gives a text for fuzzy terms, computed without fuse.js, so that passageSearch.ts
// hands fuse.js only the fuzzy candidates that could still be among the hits shown.
//
// How fuse.js (7.x) scores a list of strings with extended search, location ignored (node_modules/fuse.js,
// src/search/bitap/search.ts, src/search/extended/ExtendedSearch.ts, src/core/computeScore.ts, fieldNorm.ts):
// - each term (a word of the query) is matched by Bitap, trying 0, 1, 2 … errors in turn over the whole text; its
//   score is errors / term length at the first error count that matches (at least 0.001; 0 when the text is the
//   term itself). Bitap's errors are edits (insertions, deletions, substitutions), so they are never fewer than the
//   fewest edits between the term and any stretch of the text (approximateMatch.ts's `fewestEdits`);
// - the text's score is the mean of its terms' scores, raised to the power of the text's field norm
//   (1 / √(number of white-space separated tokens), rounded to three decimals) — and x ↦ x^norm only grows with x.
// So (mean over terms of fewest edits / length) ^ norm is never above fuse.js's score: a text whose ranking score
// computed with that floor is below the hits already found cannot be among the best ones, and is not ranked.

import { fewestEdits } from './approximateMatch';
import type { ApproximateTerm } from './approximateMatch';
import { fuseFieldNorm } from './fuseScore';

/**
 * At most the score fuse.js gives `text` (already lower-cased) for these terms (threshold as in `approximateTerm`;
 * an undefined term counts as a perfect match), or undefined when some term is further from every stretch of the
 * text than its threshold allows (then fuse.js rejects the text).
 */
export function fuseScoreFloor(text: string, terms: ReadonlyArray<ApproximateTerm | undefined>): number | undefined {
  return fuseScoreFloorOf(text, terms, (t) => fewestEdits(text, terms[t]!));
}

/**
 * `fuseScoreFloor`, each term's fewest edits in `text` (lower-cased) given by `editsOf(t)` (so a caller may keep
 * them); `text` is read for its field norm only.
 */
export function fuseScoreFloorOf(text: string, terms: ReadonlyArray<ApproximateTerm | undefined>, editsOf: (t: number) => number): number | undefined {
  if (terms.length === 0) return 0;
  let sum = 0;
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t];
    if (term === undefined) continue;
    const edits = editsOf(t);
    if (edits > term.maxEdits) return undefined;
    sum += edits / term.length;
  }
  return Math.pow(sum / terms.length, fuseFieldNorm(text));
}
