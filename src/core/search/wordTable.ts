// The passage index's vocabulary lookup while it is built: each word's key (`wordKey`: a folded word without
// apostrophes and combining marks) to its posting list id, in an open-addressed table of typed arrays. A word of a
// paragraph is looked up where it is in the folded text, by a hash of its key's code units and a comparison in
// place, so indexing makes no string per word (a Map<string, number> needed the word sliced out first: 25 million
// short strings at 150 MB of text, the most garbage the build made); only a new word is made a string, to keep.

/** One step of the key hash (FNV-1a over the key's code units). */
const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, 16777619);
const HASH_SEED = 0x811c9dc5 | 0;

/** A unit `wordKey` leaves out of a key: an apostrophe, a combining mark. */
const leftOut = (code: number): boolean => code === 39 || (code >= 0x300 && code <= 0x36f);

/** A slot's start for a hash: its bits mixed (murmur3's finaliser), as FNV's low bits alone cluster. */
function slotOf(hash: number, mask: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** The hash of a key, the same as `keyHash` of a word whose key it is. */
export function keyHashOf(key: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < key.length; i++) hash = hashStep(hash, key.charCodeAt(i));
  return hash;
}

/** The hash of the key of `folded[start, end)` (its units but apostrophes and combining marks). */
export function keyHash(folded: string, start: number, end: number): number {
  let hash = HASH_SEED;
  for (let i = start; i < end; i++) {
    const code = folded.charCodeAt(i);
    if (!leftOut(code)) hash = hashStep(hash, code);
  }
  return hash;
}

/** Whether the key of `folded[start, end)` is `key`, compared in place. */
function isKey(folded: string, start: number, end: number, key: string): boolean {
  let k = 0;
  for (let i = start; i < end; i++) {
    const code = folded.charCodeAt(i);
    if (leftOut(code)) continue;
    if (k >= key.length || key.charCodeAt(k) !== code) return false;
    k++;
  }
  return k === key.length;
}

export class WordTable {
  private keys: string[] = [];
  private values = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /** Entry + 1 in each slot; 0 for an empty slot. Never more than half full. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.keys.length;
  }

  /** The value of the key of `folded[start, end)` whose hash (`keyHash`) is `hash`, or -1. */
  find(folded: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash && isKey(folded, start, end, this.keys[entry])) return this.values[entry];
    }
  }

  /** The value of `key`, or -1. */
  get(key: string): number {
    const hash = keyHashOf(key);
    const mask = this.slots.length - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash && this.keys[entry] === key) return this.values[entry];
    }
  }

  /** Adds `key`, not yet here, with `value` (≥ 0). */
  add(key: string, value: number, hash = keyHashOf(key)): void {
    const entry = this.keys.length;
    this.keys.push(key);
    if (entry === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.values = grown(this.values);
    }
    this.hashes[entry] = hash;
    this.values[entry] = value;
    if (2 * (entry + 1) > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let e = 0; e <= entry; e++) this.place(e);
    } else this.place(entry);
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = slotOf(this.hashes[entry], mask);
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
