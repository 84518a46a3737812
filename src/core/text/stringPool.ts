// One string per distinct text for texts a library keeps many equal copies of: a mention's words (at 150 MB,
// 130,000 mentions in a few thousand spellings) and a vocabulary's words (the passage index and the quotation word
// index each keep the library's ~54,000 words). Every string is an object for each major collection to mark; a
// pool hands out the string it already keeps for an equal text. A pool holds at most `size` texts and is emptied
// when full (a bound a library's names and words do not reach; an emptied pool only shares less).

import { detached } from './normalize';

export class StringPool {
  private readonly kept = new Map<string, string>();

  /** `own` makes the string a pool keeps from a text first seen (a copy that keeps no longer string alive). */
  constructor(
    private readonly size: number,
    private readonly own: (text: string) => string,
  ) {}

  /** The string kept for texts equal to `text`. */
  shared(text: string): string {
    const kept = this.kept.get(text);
    if (kept !== undefined) return kept;
    if (this.kept.size >= this.size) this.kept.clear();
    const own = this.own(text);
    this.kept.set(own, own);
    return own;
  }
}

/** A fresh string of `text`'s units, as narrow as they allow, pointing into no other string. */
export function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Mentions' words as their sources spell them (kept as copies: a slice would keep its paragraph's text alive). */
export const mentionSpellings = new StringPool(50_000, ownCopy);

/** The words of the passage index's and the quotation word index's vocabularies (kept detached from the text). */
export const vocabularyWords = new StringPool(2_000_000, detached);
