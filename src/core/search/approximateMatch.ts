// Whether a fuzzy term can match a text at all, decided in one pass over the text: the fewest edits (insertions,
// deletions, substitutions) between the term and any stretch of the text, by Myers's bit-parallel algorithm
// ("A fast bit-vector algorithm for approximate string matching based on dynamic programming", 1999).
//
// passageSearch.ts asks it before handing fuzzy candidates to fuse.js: fuse.js's Bitap matcher (threshold t,
// location ignored) accepts a term only where it finds a stretch within ⌊t × length⌋ edits, after trying every
// error count in turn over the whole text. A candidate this check rejects would be rejected by fuse.js too, so
// only the others are ranked, with the same results, at a fraction of the cost.

/** A term ready for `mayMatch`: its letters as bit masks, and the edits it allows. */
export interface ApproximateTerm {
  readonly length: number;
  readonly maxEdits: number;
  readonly ascii: Int32Array;
  readonly other: ReadonlyMap<number, number>;
}

/**
 * The term (1–32 UTF-16 units) with the most edits fuse.js allows at `threshold` (errors / length ≤ threshold, as
 * fuse.js computes its score), or undefined for a term outside that range.
 */
export function approximateTerm(term: string, threshold: number): ApproximateTerm | undefined {
  if (term.length === 0 || term.length > 32) return undefined;
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    if (code < 128) ascii[code] |= 1 << i;
    else other.set(code, (other.get(code) ?? 0) | (1 << i));
  }
  let maxEdits = 0;
  while ((maxEdits + 1) / term.length <= threshold) maxEdits++;
  return { length: term.length, maxEdits, ascii, other };
}

/** Whether some stretch of `text` is within `term.maxEdits` edits of the term. */
export function mayMatch(text: string, term: ApproximateTerm): boolean {
  return term.maxEdits >= term.length || scan(text, term, term.maxEdits) <= term.maxEdits;
}

/**
 * The fewest edits between the term and any stretch of `text` (Myers's algorithm), or `term.maxEdits + 1` when every
 * stretch needs more than the term allows.
 */
export function fewestEdits(text: string, term: ApproximateTerm): number {
  return scan(text, term, 0);
}

/** The fewest edits found, reading `text` until they are down to `enough` (then no stretch can do better for the caller). */
function scan(text: string, term: ApproximateTerm, enough: number): number {
  const { length, maxEdits, ascii, other } = term;
  const high = 1 << (length - 1);
  // Column deltas of the edit-distance table (bit i: row i + 1), positive (pv) and negative (mv); the table's
  // first row is all zeros, as a match may start anywhere in the text. Bits above the term's length carry nothing
  // down into it, so they are left as they fall.
  let pv = -1;
  let mv = 0;
  let edits = length;
  let fewest = Math.min(length, maxEdits + 1);
  const hasOther = other.size > 0;
  for (let j = 0; j < text.length && fewest > enough; j++) {
    const code = text.charCodeAt(j);
    const eq = code < 128 ? ascii[code] : hasOther ? (other.get(code) ?? 0) : 0;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & high) edits++;
    else if (mh & high) edits--;
    ph <<= 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (edits < fewest) fewest = edits;
  }
  return fewest;
}
