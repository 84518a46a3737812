// For a few dense prefixes of two to four letters: the passages holding a word that starts with the prefix, as a
// bitmap (one bit a passage). A half-typed last word of two letters after a common word ("me from fl", "bread an")
// spans hundreds of words and up to a million postings at 150 MB, one of three ("gis gro") 160,000; with the bitmap,
// each candidate left is looked up instead. (Three and four letters: at 150 MB, old and new alternating over 514
// keystrokes, p95 19.6 → 16.9 ms, the first pass over them 3.9 → 3.6 s, the same top 20.)
//
// Bitmaps for every two-letter prefix would take about 100 MB at 150 MB of text (each 140 KB), so one is made the first time its
// prefix is searched (from the posting lists: as long as walking them once, as that keystroke did before) and the
// last `capacity` used are kept. They hold for one passage table of one length: once passages are added, or the
// index rebuilt, they are made again when asked for.

export class PrefixSets {
  /** By prefix, least recently used first (a Map keeps the order of insertion). */
  private readonly sets = new Map<string, Uint8Array>();
  private table: object | undefined;
  private passages = -1;

  constructor(private readonly capacity: number) {}

  /**
   * The set of `prefix` over `passages` passages of `table`, made with `each` (which marks every passage holding a
   * word with the prefix) unless kept from an earlier call for the same table and length.
   */
  get(prefix: string, table: object, passages: number, each: (mark: (id: number) => void) => void): Uint8Array {
    if (table !== this.table || passages !== this.passages) {
      this.sets.clear();
      this.table = table;
      this.passages = passages;
    }
    let set = this.sets.get(prefix);
    if (set) {
      this.sets.delete(prefix);
      this.sets.set(prefix, set);
      return set;
    }
    const made = new Uint8Array((passages >> 3) + 1);
    each((id) => {
      made[id >> 3] |= 1 << (id & 7);
    });
    this.sets.set(prefix, made);
    if (this.sets.size > this.capacity) this.sets.delete(this.sets.keys().next().value!);
    set = made;
    return set;
  }

  /**
   * Keeps `set`, made elsewhere (in slices, at the end of a build), as the set of `prefix` over `passages` passages of
   * `table`, as `get` would have made it.
   */
  put(prefix: string, table: object, passages: number, set: Uint8Array): void {
    if (table !== this.table || passages !== this.passages) {
      this.sets.clear();
      this.table = table;
      this.passages = passages;
    }
    this.sets.delete(prefix);
    this.sets.set(prefix, set);
    if (this.sets.size > this.capacity) this.sets.delete(this.sets.keys().next().value!);
  }

  /** The sets kept for `passages` passages of `table`, least recently used first. */
  kept(table: object, passages: number): Array<{ prefix: string; set: Uint8Array }> {
    return table === this.table && passages === this.passages ? [...this.sets].map(([prefix, set]) => ({ prefix, set })) : [];
  }

  /** Whether the set of `prefix` over `passages` passages of `table` is kept (without marking it used). */
  has(prefix: string, table: object, passages: number): boolean {
    return table === this.table && passages === this.passages && this.sets.has(prefix);
  }

  /** How many sets are kept for `passages` passages of `table` (for tests and the bench). */
  keptFor(table: object, passages: number): number {
    return table === this.table && passages === this.passages ? this.sets.size : 0;
  }
}
