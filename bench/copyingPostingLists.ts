// The baseline of the posting pool's growth (bench/postingPool.ts): the search index's posting lists as they were
// before the pool was kept in chunks — one Uint8Array, doubled by copying whenever it was full, and trimmed by
// copying it whole. Kept here only to measure, in the same run, the host's longest block while a library is
// indexed. Otherwise the same lists (src/core/search/postingLists.ts).
const FIRST_BLOCK = 4;
const LARGEST_BLOCK = 256;
const HEADER = 4;
/** The level of the largest block: FIRST_BLOCK << TOP_LEVEL === LARGEST_BLOCK. */
const TOP_LEVEL = 6;

function blockCapacity(level: number): number {
  return FIRST_BLOCK << level;
}

/** Posting lists as typed arrays (`PostingLists.parts`). */
interface PostingParts {
  /** The pool's bytes in use. */
  pool: Uint8Array;
  /** Per list, six runs of `levels.length` numbers: heads, write positions, tails, counts, last and previous values. */
  lists: Int32Array;
  levels: Uint8Array;
}

export class CopyingPostingLists {
  /** The byte pool; offset 0 is never a block, so 0 can mean "no next block". */
  private pool = new Uint8Array(1 << 16);
  private used = HEADER;
  private lists = 0;
  // Per list (indexed by list id):
  private heads = new Int32Array(1024);
  /** Offset of the next byte to write (in the tail block). */
  private writeAt = new Int32Array(1024);
  /** Offset of the tail block (its header). */
  private tails = new Int32Array(1024);
  private levels = new Uint8Array(1024);
  private counts = new Int32Array(1024);
  private lasts = new Int32Array(1024);
  private previous = new Int32Array(1024);
  /** Scratch for `decode`. */
  private scratch = new Int32Array(1024);

  /** How many lists there are (ids 0 … count − 1). */
  get size(): number {
    return this.lists;
  }

  /** A new, empty list; returns its id. */
  addList(): number {
    const id = this.lists++;
    if (id === this.heads.length) {
      const grow = <T extends Int32Array | Uint8Array>(array: T): T => {
        const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.heads = grow(this.heads);
      this.writeAt = grow(this.writeAt);
      this.tails = grow(this.tails);
      this.levels = grow(this.levels);
      this.counts = grow(this.counts);
      this.lasts = grow(this.lasts);
      this.previous = grow(this.previous);
    }
    const block = this.allocate(blockCapacity(0));
    this.heads[id] = block;
    this.tails[id] = block;
    this.writeAt[id] = block + HEADER;
    this.levels[id] = 0;
    this.counts[id] = 0;
    this.lasts[id] = 0;
    return id;
  }

  /** How many values list `id` holds. */
  count(id: number): number {
    return this.counts[id];
  }

  /** Whether `value` is one of the last two values appended to list `id`. */
  endsWith(id: number, value: number): boolean {
    const count = this.counts[id];
    return (count >= 1 && this.lasts[id] === value) || (count >= 2 && this.previous[id] === value);
  }

  /** Appends `value` (0 ≤ value < 2³¹) to list `id`. */
  push(id: number, value: number): void {
    const delta = value - this.lasts[id];
    let zigzag = ((delta << 1) ^ (delta >> 31)) >>> 0;
    this.previous[id] = this.lasts[id];
    this.lasts[id] = value;
    this.counts[id]++;
    let at = this.writeAt[id];
    let end = this.tails[id] + HEADER + blockCapacity(this.levels[id]);
    for (;;) {
      if (at === end) {
        const level = Math.min(this.levels[id] + 1, TOP_LEVEL);
        const capacity = blockCapacity(level);
        const block = this.allocate(capacity);
        const pool = this.pool;
        const tail = this.tails[id];
        pool[tail] = block & 0xff;
        pool[tail + 1] = (block >>> 8) & 0xff;
        pool[tail + 2] = (block >>> 16) & 0xff;
        pool[tail + 3] = block >>> 24;
        this.tails[id] = block;
        this.levels[id] = level;
        at = block + HEADER;
        end = at + capacity;
      }
      if (zigzag < 0x80) {
        this.pool[at++] = zigzag;
        break;
      }
      this.pool[at++] = (zigzag & 0x7f) | 0x80;
      zigzag >>>= 7;
    }
    this.writeAt[id] = at;
  }

  /**
   * The values of list `id`, in the order they were appended, in a scratch array valid until the next call (read
   * `count(id)` of them).
   */
  decode(id: number): Int32Array {
    if (this.scratch.length < this.counts[id]) this.scratch = new Int32Array(Math.max(this.counts[id], this.scratch.length * 2));
    this.decodeInto(id, this.scratch);
    return this.scratch;
  }

  /**
   * For each value v of list `id` with `marks[v] === from`: sets `marks[v] = to`. Returns how many were set. The
   * same as reading `decode(id)` and marking, without writing the values out (a query's intersection step).
   */
  advance(id: number, marks: Uint8Array, from: number, to: number): number {
    const count = this.counts[id];
    const pool = this.pool;
    let block = this.heads[id];
    let level = 0;
    let at = block + HEADER;
    let end = at + blockCapacity(0);
    let value = 0;
    let set = 0;
    for (let k = 0; k < count; k++) {
      if (at === end) {
        block = pool[block] | (pool[block + 1] << 8) | (pool[block + 2] << 16) | (pool[block + 3] << 24);
        if (level < TOP_LEVEL) level++;
        at = block + HEADER;
        end = at + blockCapacity(level);
      }
      let zigzag = pool[at++];
      if (zigzag >= 0x80) {
        zigzag &= 0x7f;
        let shift = 7;
        for (;;) {
          if (at === end) {
            block = pool[block] | (pool[block + 1] << 8) | (pool[block + 2] << 16) | (pool[block + 3] << 24);
            if (level < TOP_LEVEL) level++;
            at = block + HEADER;
            end = at + blockCapacity(level);
          }
          const byte = pool[at++];
          zigzag |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
          shift += 7;
        }
      }
      value = (value + ((zigzag >>> 1) ^ -(zigzag & 1))) | 0;
      if (marks[value] === from) {
        marks[value] = to;
        set++;
      }
    }
    return set;
  }

  private decodeInto(id: number, out: Int32Array): void {
    const count = this.counts[id];
    const pool = this.pool;
    let block = this.heads[id];
    let level = 0;
    let at = block + HEADER;
    let end = at + blockCapacity(0);
    let value = 0;
    for (let k = 0; k < count; k++) {
      if (at === end) {
        block = pool[block] | (pool[block + 1] << 8) | (pool[block + 2] << 16) | (pool[block + 3] << 24);
        if (level < TOP_LEVEL) level++;
        at = block + HEADER;
        end = at + blockCapacity(level);
      }
      let zigzag = pool[at++];
      if (zigzag >= 0x80) {
        // A value of several bytes (rare but for a word's first passage): they may run on into the next block.
        zigzag &= 0x7f;
        let shift = 7;
        for (;;) {
          if (at === end) {
            block = pool[block] | (pool[block + 1] << 8) | (pool[block + 2] << 16) | (pool[block + 3] << 24);
            if (level < TOP_LEVEL) level++;
            at = block + HEADER;
            end = at + blockCapacity(level);
          }
          const byte = pool[at++];
          zigzag |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
          shift += 7;
        }
      }
      value = (value + ((zigzag >>> 1) ^ -(zigzag & 1))) | 0;
      out[k] = value;
    }
  }

  /** The lists as typed arrays, for a snapshot (search/indexSnapshot.ts); the pool is a view, valid until the next `push`. */
  parts(): PostingParts {
    const n = this.lists;
    const lists = new Int32Array(6 * n);
    [this.heads, this.writeAt, this.tails, this.counts, this.lasts, this.previous].forEach((array, k) => lists.set(array.subarray(0, n), k * n));
    return { pool: this.pool.subarray(0, this.used), lists, levels: this.levels.subarray(0, n) };
  }

  /** Gives back the pool's unused end (after building a whole library at once). */
  trim(): void {
    if (this.pool.length > this.used + LARGEST_BLOCK) this.pool = this.pool.slice(0, this.used + LARGEST_BLOCK);
  }

  private allocate(capacity: number): number {
    const size = HEADER + capacity;
    if (this.used + size > this.pool.length) {
      let length = this.pool.length * 2;
      while (this.used + size > length) length *= 2;
      const bigger = new Uint8Array(length);
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    const block = this.used;
    this.used += size;
    return block;
  }
}
