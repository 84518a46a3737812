// The intersection steps of the last search, kept for the next keystroke. The passage search finds the passages
// holding every query word a word at a time, rarest first (`PassageIndex.everyWordCandidates`): step t keeps, of
// the passages that survived the steps before, those holding a word starting with the t-th rarest key. A step's
// outcome depends only on the keys of the steps up to it and on the index, so a keystroke whose rarest keys are
// the last keystroke's ("in" → "in m", "me from" → "me from f") takes the outcome of those steps from here instead
// of walking their posting lists again.
//
// One array holds it all: after the last step, each passage touched holds the number of steps it survived (the
// `seen` marks the search leaves behind). The state after the first s steps is that number capped at s.

/** What a kept outcome was found on: it is taken again only on the same index, unchanged. */
export interface StepIndexState {
  table: object;
  postings: object;
  vocabulary: object;
  passages: number;
  removed: number;
}

/** The search's state after the steps taken from the cache. */
export interface ResumedSteps {
  /** How many steps (of the rarest keys first) were taken from the cache. */
  steps: number;
  /** The passages touched by the first step: `touched[0 … count)` (read only). */
  touched: Int32Array;
  count: number;
  /** How many of them survived every step taken. */
  alive: number;
}

export class StepCache {
  private keys: string[] = [];
  private state: StepIndexState | undefined;
  private ids = new Int32Array(0);
  private marks = new Uint8Array(0);
  private count = 0;
  /** The arrays the next `keep` writes (the kept ones may be the search's `touched` meanwhile). */
  private spareIds = new Int32Array(0);
  private spareMarks = new Uint8Array(0);

  /**
   * When the first steps of `order` (keys, rarest first) are the kept search's on the same index: sets `seen` of
   * the passages touched as those steps would have, and says how far they went; else undefined (`seen` untouched).
   * `seen` must be 0 for every passage.
   */
  resume(order: ReadonlyArray<{ key: string }>, seen: Uint8Array, state: StepIndexState): ResumedSteps | undefined {
    const kept = this.state;
    if (!kept || kept.table !== state.table || kept.postings !== state.postings || kept.vocabulary !== state.vocabulary) return undefined;
    if (kept.passages !== state.passages || kept.removed !== state.removed) return undefined;
    let steps = 0;
    while (steps < order.length && steps < this.keys.length && order[steps].key === this.keys[steps]) steps++;
    if (steps === 0) return undefined;
    const ids = this.ids;
    const marks = this.marks;
    let alive = 0;
    for (let k = 0; k < this.count; k++) {
      const mark = marks[k] < steps ? marks[k] : steps;
      seen[ids[k]] = mark;
      if (mark === steps) alive++;
    }
    return { steps, touched: ids, count: this.count, alive };
  }

  /** Keeps the outcome of a search's steps: the keys in `order`, the passages touched and their `seen` marks. */
  keep(order: ReadonlyArray<{ key: string }>, touched: Int32Array, count: number, seen: Uint8Array, state: StepIndexState): void {
    if (this.spareIds.length < count) {
      this.spareIds = new Int32Array(Math.max(count, this.spareIds.length * 2));
      this.spareMarks = new Uint8Array(this.spareIds.length);
    }
    const ids = this.spareIds;
    const marks = this.spareMarks;
    ids.set(touched.subarray(0, count));
    for (let k = 0; k < count; k++) marks[k] = seen[touched[k]];
    this.spareIds = this.ids;
    this.spareMarks = this.marks;
    this.ids = ids;
    this.marks = marks;
    this.count = count;
    this.keys = order.map((range) => range.key);
    this.state = { ...state };
  }
}
