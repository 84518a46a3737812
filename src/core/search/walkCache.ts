// The walk of a common query word's postings, kept for the next keystrokes. When the rarer words of a query find
// few passages, the fuzzy candidates (`PassageIndex.someWordCandidates`) walk every posting of a common one
// ("with": a million postings at 150 MB, 10 ms), and they did so again at every keystroke of the phrase, though
// that word had not changed. What the walk decides depends only on the word and the index, so it is kept here, for
// the index as it is (`StepIndexState`, as stepCache.ts keeps its steps):
//
// - `member`: a bitmap of the passages walked (one bit a passage), so the passages the rarer words found are told
//   whether they hold the common word too;
// - `offers`: the passages walked, in the order the walk first reached them, that could enter the best
//   `capacity` candidates (`BestCandidates`) when offered after them. A max-heap of capacity k takes an offer
//   exactly when fewer than k of the offers before it had a prescore ≤ its own. The passages found by the common
//   word alone all have the same number of words matched, so their prescores compare as their bases do; one that
//   fewer than k of the passages walked before it (not counting up to `margin` of them, the rarer words' passages,
//   offered earlier with their own prescores) beat is among those fewer than k + `margin` of all passages walked
//   before it beat: those are kept, in walk order, removed passages left out. Offering only them gives the same
//   heap as offering every passage walked (any other one is refused, and a refused offer changes nothing).
import type { StepIndexState } from './stepCache';

/** A common word's walk, for one index state. */
export interface KeptWalk {
  /** One bit per passage walked. */
  member: Uint8Array;
  /** The passages walked that could enter the best candidates (see above), in walk order. */
  offers: Int32Array;
}

/** Off: every walk is done again at every keystroke, as before this cache (for the tests to compare with). */
export const walkCacheSwitch = { on: true };

/** Kept walks, the least recently used dropped first. */
const WALKS_KEPT = 4;

export class WalkCache {
  private readonly kept = new Map<string, KeptWalk>();
  private state: StepIndexState | undefined;

  /** The walk kept for `key` on this index state, or undefined. */
  get(key: string, state: StepIndexState): KeptWalk | undefined {
    const kept = this.state;
    if (!kept || kept.table !== state.table || kept.postings !== state.postings || kept.vocabulary !== state.vocabulary || kept.passages !== state.passages || kept.removed !== state.removed) {
      this.kept.clear();
      this.state = { ...state };
      return undefined;
    }
    const walk = this.kept.get(key);
    if (walk) {
      this.kept.delete(key);
      this.kept.set(key, walk);
    }
    return walk;
  }

  /** Keeps `walk` for `key` on this index state (the one `get` was last asked about). */
  put(key: string, walk: KeptWalk): void {
    if (this.kept.size >= WALKS_KEPT && !this.kept.has(key)) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, walk);
  }
}

/**
 * The `offers` of a walk (see the file's comment): of `walked` (passages in walk order), those with a base ≥ 0
 * that fewer than `capacity + margin` of the ones before them (with a base ≥ 0) have a base ≤ theirs.
 */
export function possibleOffers(walked: ArrayLike<number>, count: number, base: ArrayLike<number>, capacity: number, margin: number): Int32Array {
  const k = capacity + margin;
  // A max-heap of the k smallest bases so far: an offer is kept when the heap is not full or beats its top.
  const heap = new Float64Array(k);
  let size = 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = walked[i];
    const value = base[id];
    if (value < 0) continue;
    if (size < k) {
      out.push(id);
      let j = size++;
      heap[j] = value;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (heap[parent] >= heap[j]) break;
        const t = heap[parent];
        heap[parent] = heap[j];
        heap[j] = t;
        j = parent;
      }
      continue;
    }
    if (value >= heap[0]) continue;
    out.push(id);
    heap[0] = value;
    let j = 0;
    for (;;) {
      const left = 2 * j + 1;
      const right = left + 1;
      let largest = j;
      if (left < size && heap[left] > heap[largest]) largest = left;
      if (right < size && heap[right] > heap[largest]) largest = right;
      if (largest === j) break;
      const t = heap[largest];
      heap[largest] = heap[j];
      heap[j] = t;
      j = largest;
    }
  }
  return Int32Array.from(out);
}
