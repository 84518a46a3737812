// For each first letter a–z and digit 0–9: the passages holding a word that starts with it, as a bitmap (one bit a
// passage: 4.5 bytes a passage for all 36). A half-typed last word of one letter after a common word ("me from f")
// spans thousands of words and about two million postings at 150 MB; with the bitmap, each candidate left is
// looked up instead.
//
// Kept in step as passages are added (`add`, for the passages of one paragraph at a time). A letter's set covers
// the passages up to `covered(code)`: an index restored from a snapshot starts with none, and a set is made from
// the posting lists the first time it is asked for (`fill`), then kept in step from there.

export class LetterSets {
  /** By character code (< 128): the bitmap, or undefined. */
  private readonly sets: Array<Uint8Array | undefined> = [];
  /** By character code: how many passages (ids 0 … n − 1) the set accounts for. */
  private readonly coverage = new Int32Array(128);

  /** The set of passages holding a word that starts with `code`, when it covers `passages`; else undefined. */
  get(code: number, passages: number): Uint8Array | undefined {
    return code < 128 && this.coverage[code] === passages ? (this.sets[code] ?? EMPTY) : undefined;
  }

  /** Whether the set of `code` covers the first `passages` passages (so `mark` should keep it in step). */
  tracks(code: number, passages: number): boolean {
    return code < 128 && this.coverage[code] === passages;
  }

  /** Records that passage `id` holds a word starting with `code` (the caller checked `tracks`). */
  mark(code: number, id: number): void {
    let set = this.sets[code];
    if (set === undefined || id >> 3 >= set.length) {
      const bigger = new Uint8Array(Math.max(1024, (id >> 3) + 1, (set?.length ?? 0) * 2));
      if (set) bigger.set(set);
      set = bigger;
      this.sets[code] = set;
    }
    set[id >> 3] |= 1 << (id & 7);
  }

  /**
   * After the passages `from` … `to` − 1 were added: every set that covered the first `from` now covers the first
   * `to` (the caller marked their words).
   */
  extend(from: number, to: number): void {
    const coverage = this.coverage;
    for (let code = 0; code < 128; code++) if (coverage[code] === from) coverage[code] = to;
  }

  /** Gives back the sets' unused ends beyond `passages` (after building a whole library at once). */
  trim(passages: number): void {
    for (let code = 0; code < this.sets.length; code++) this.trimOne(code, passages);
  }

  /**
   * `trim`, a set at a time, awaiting `pause` after each one copied (a library built in slices: at 150 MB the 36
   * copies in one go held the host). Nothing is marked meanwhile.
   */
  async trimInSlices(passages: number, pause: () => Promise<void>): Promise<void> {
    for (let code = 0; code < this.sets.length; code++) if (this.trimOne(code, passages)) await pause();
  }

  /** Trims the set of `code`; whether it was copied. */
  private trimOne(code: number, passages: number): boolean {
    const size = Math.max(1024, (passages >> 3) + 1024);
    const set = this.sets[code];
    if (!set || set.length <= size) return false;
    this.sets[code] = set.slice(0, size);
    return true;
  }

  /** The sets covering the first `passages` passages, by character code (an empty set for a code no word starts with). */
  covering(passages: number): Array<{ code: number; set: Uint8Array }> {
    const covering: Array<{ code: number; set: Uint8Array }> = [];
    for (let code = 0; code < 128; code++) if (this.coverage[code] === passages) covering.push({ code, set: this.sets[code] ?? new Uint8Array(0) });
    return covering;
  }

  /** Keeps `set`, made elsewhere (in slices), as the set of `code` over `passages` passages, as `fill` would have made it. */
  put(code: number, passages: number, set: Uint8Array): void {
    this.sets[code] = set;
    this.coverage[code] = passages;
  }

  /** Makes the set of `code` from scratch over `passages` passages, calling `each` to mark them; returns it. */
  fill(code: number, passages: number, each: (mark: (id: number) => void) => void): Uint8Array {
    const set = new Uint8Array(Math.max(1024, (passages >> 3) + 1));
    each((id) => {
      set[id >> 3] |= 1 << (id & 7);
    });
    this.sets[code] = set;
    this.coverage[code] = passages;
    return set;
  }
}

const EMPTY = new Uint8Array(0);

/** Whether bit `id` of `set` is on (a set shorter than `id` / 8 holds nothing there). */
export function hasPassage(set: Uint8Array, id: number): boolean {
  const byte = id >> 3;
  return byte < set.length && (set[byte] & (1 << (id & 7))) !== 0;
}
