// Growable lists of integers (passage ids), one per word, packed into one byte pool: each value is stored as the
// zig-zag varint of its difference from the previous value of its list, so a passage id of a common word takes
// one byte instead of the 8 of a JS array's slot. A list is a chain of blocks in the pool, each twice the size of
// the one before (up to 256 bytes), so appending never moves a list and a rare word costs eight bytes.
//
// The pool is one address space of bytes kept in chunks of CHUNK bytes (address a is byte a & MASK of chunk
// a >>> SHIFT): it grows by adding a chunk, never by copying what it holds (one copy of a pool of 100 MB held the
// extension host for a quarter of a second). A block may run on from one chunk into the next; readers switch chunk
// where they switch block, so the loop over a list's bytes is the same as over one array.
//
// Block layout: 4 bytes (little-endian) holding the address of the next block (0: none), then the data bytes. A
// varint may run on from one block into the next.

import { runSteps } from '../pauser';

const FIRST_BLOCK = 4;
const LARGEST_BLOCK = 256;
const HEADER = 4;
/** The level of the largest block: FIRST_BLOCK << TOP_LEVEL === LARGEST_BLOCK. */
const TOP_LEVEL = 6;
const SHIFT = 18;
/** Bytes per chunk of the pool (256 KB): a new chunk costs a few microseconds, a copy of the pool never happens. */
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** Chunks of the pool copied between two pauses of a restore (4 MB). */
const RESTORE_CHUNKS = 16;
/** Lists checked between two pauses of a restore. */
const RESTORE_LISTS = 65_536;
/** What a reader sees outside the pool. */
const NOWHERE = new Uint8Array(CHUNK);

function blockCapacity(level: number): number {
  return FIRST_BLOCK << level;
}

/** Posting lists as typed arrays (`PostingLists.parts`). */
export interface PostingParts {
  /** The pool's bytes in use (from `parts`: copied out of its chunks when first read). */
  pool: Uint8Array;
  /**
   * The same bytes as `pool`, a chunk after another (views, valid until the next `push`), for a writer that copies
   * them out in slices (search/indexSnapshot.ts) rather than into one array in one go.
   */
  poolChunks?: readonly Uint8Array[];
  /** Per list, six runs of `levels.length` numbers: heads, write positions, tails, counts, last and previous values. */
  lists: Int32Array;
  levels: Uint8Array;
  /**
   * The pool's buffer is the lists' own from now on (a snapshot's pool read into a buffer of its own): a restore reads
   * it where it is, through views, instead of copying it into new chunks (~100 MB of new memory at 150 MB of text,
   * which set off major collections); the lists then write into it. Only when nothing else holds or writes it.
   */
  poolIsOwn?: boolean;
}

/** Where `markBits` is in a list: its cursor, how many values it read, the last of them. */
export interface ListReader {
  readonly id: number;
  readonly cursor: Cursor;
  read: number;
  value: number;
}

/** Where a reader of a list is: the chunk it reads (`bytes`, from address `base`), up to `end` (in the chunk). */
interface Cursor {
  bytes: Uint8Array;
  base: number;
  /** Position in `bytes`. */
  at: number;
  /** Where the reader must look again: the end of its block or of the chunk, whichever comes first. */
  end: number;
  block: number;
  level: number;
  /** The address just after the block's last byte. */
  blockEnd: number;
}

export class PostingLists {
  /** The pool's chunks; address 0 is never a block, so 0 can mean "no next block". */
  private chunks: Uint8Array[] = [new Uint8Array(CHUNK)];
  private used = HEADER;
  private lists = 0;
  // Per list (indexed by list id):
  private heads = new Int32Array(1024);
  /** Address of the next byte to write (in the tail block). */
  private writeAt = new Int32Array(1024);
  /** Address of the tail block (its header). */
  private tails = new Int32Array(1024);
  private levels = new Uint8Array(1024);
  private counts = new Int32Array(1024);
  private lasts = new Int32Array(1024);
  private previous = new Int32Array(1024);
  /** Scratch for `decode`. */
  private scratch = new Int32Array(1024);
  private readonly cursor: Cursor = { bytes: this.chunks[0], base: 0, at: 0, end: 0, block: 0, level: 0, blockEnd: 0 };

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
    const chunks = this.chunks;
    for (;;) {
      if (at === end) {
        const level = Math.min(this.levels[id] + 1, TOP_LEVEL);
        const capacity = blockCapacity(level);
        const block = this.allocate(capacity);
        this.writeNext(this.tails[id], block);
        this.tails[id] = block;
        this.levels[id] = level;
        at = block + HEADER;
        end = at + capacity;
      }
      if (zigzag < 0x80) {
        chunks[at >>> SHIFT][at & MASK] = zigzag;
        at++;
        break;
      }
      chunks[at >>> SHIFT][at & MASK] = (zigzag & 0x7f) | 0x80;
      at++;
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
    const cursor = this.start(id);
    let bytes = cursor.bytes;
    let at = cursor.at;
    let end = cursor.end;
    let value = 0;
    let set = 0;
    for (let k = 0; k < count; k++) {
      if (at === end) {
        this.move(cursor, at);
        ({ bytes, at, end } = cursor);
      }
      let zigzag = bytes[at++];
      if (zigzag >= 0x80) {
        zigzag &= 0x7f;
        let shift = 7;
        for (;;) {
          if (at === end) {
            this.move(cursor, at);
            ({ bytes, at, end } = cursor);
          }
          const byte = bytes[at++];
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

  /** A reader of list `id` for `markBits`, with a cursor of its own (other reads meanwhile do not disturb it). */
  reader(id: number): ListReader {
    const block = this.heads[id];
    const cursor: Cursor = { bytes: NOWHERE, base: 0, at: 0, end: 0, block, level: 0, blockEnd: block + HEADER + blockCapacity(0) };
    this.place(cursor, block + HEADER);
    return { id, cursor, read: 0, value: 0 };
  }

  /**
   * Sets bit v of `set` for each of the next `run` values v of the reader's list; returns whether any are left: a
   * common word's list (a million postings at 150 MB, 20–40 ms in one go) marked in slices. The list must not
   * change between two calls (the caller stops when it did). A plain method, not a generator: its loop is optimised
   * while it runs (a generator's first run of 200,000 values stayed in the interpreter, ~50 ms).
   */
  markBits(reader: ListReader, set: Uint8Array, run: number): boolean {
    const count = this.counts[reader.id];
    const cursor = reader.cursor;
    let bytes = cursor.bytes;
    let at = cursor.at;
    let end = cursor.end;
    let value = reader.value;
    const last = Math.min(count, reader.read + run);
    for (let k = reader.read; k < last; k++) {
      if (at === end) {
        this.move(cursor, at);
        ({ bytes, at, end } = cursor);
      }
      let zigzag = bytes[at++];
      if (zigzag >= 0x80) {
        zigzag &= 0x7f;
        let shift = 7;
        for (;;) {
          if (at === end) {
            this.move(cursor, at);
            ({ bytes, at, end } = cursor);
          }
          const byte = bytes[at++];
          zigzag |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
          shift += 7;
        }
      }
      value = (value + ((zigzag >>> 1) ^ -(zigzag & 1))) | 0;
      set[value >> 3] |= 1 << (value & 7);
    }
    cursor.at = at;
    reader.value = value;
    reader.read = last;
    return last < count;
  }

  private decodeInto(id: number, out: Int32Array): void {
    const count = this.counts[id];
    const cursor = this.start(id);
    let bytes = cursor.bytes;
    let at = cursor.at;
    let end = cursor.end;
    let value = 0;
    for (let k = 0; k < count; k++) {
      if (at === end) {
        this.move(cursor, at);
        ({ bytes, at, end } = cursor);
      }
      let zigzag = bytes[at++];
      if (zigzag >= 0x80) {
        // A value of several bytes (rare but for a word's first passage): they may run on into the next block.
        zigzag &= 0x7f;
        let shift = 7;
        for (;;) {
          if (at === end) {
            this.move(cursor, at);
            ({ bytes, at, end } = cursor);
          }
          const byte = bytes[at++];
          zigzag |= (byte & 0x7f) << shift;
          if (byte < 0x80) break;
          shift += 7;
        }
      }
      value = (value + ((zigzag >>> 1) ^ -(zigzag & 1))) | 0;
      out[k] = value;
    }
  }

  /** The shared cursor at the first data byte of list `id`. */
  private start(id: number): Cursor {
    const cursor = this.cursor;
    const block = this.heads[id];
    cursor.block = block;
    cursor.level = 0;
    cursor.blockEnd = block + HEADER + blockCapacity(0);
    this.place(cursor, block + HEADER);
    return cursor;
  }

  /** The cursor, stopped at `at` (its `end`), moved on: into the next chunk, or to the list's next block. */
  private move(cursor: Cursor, at: number): void {
    const address = cursor.base + at;
    if (address !== cursor.blockEnd) {
      this.place(cursor, address);
      return;
    }
    const block = this.readNext(cursor.block);
    if (cursor.level < TOP_LEVEL) cursor.level++;
    cursor.block = block;
    cursor.blockEnd = block + HEADER + blockCapacity(cursor.level);
    this.place(cursor, block + HEADER);
  }

  private place(cursor: Cursor, address: number): void {
    const chunk = address >>> SHIFT;
    // (Outside the pool — only a damaged snapshot's chain — reads zeros, as past the end of one array would.)
    cursor.bytes = this.chunks[chunk] ?? NOWHERE;
    cursor.base = chunk << SHIFT;
    cursor.at = address & MASK;
    cursor.end = Math.min(cursor.blockEnd - cursor.base, CHUNK);
  }

  /** The address of the block after the one at `block` (its header may run on into the next chunk). */
  private readNext(block: number): number {
    const chunks = this.chunks;
    let next = 0;
    for (let k = 0; k < HEADER; k++) next |= (chunks[(block + k) >>> SHIFT] ?? NOWHERE)[(block + k) & MASK] << (8 * k);
    return next;
  }

  private writeNext(block: number, next: number): void {
    const chunks = this.chunks;
    for (let k = 0; k < HEADER; k++) chunks[(block + k) >>> SHIFT][(block + k) & MASK] = (next >>> (8 * k)) & 0xff;
  }

  /**
   * The lists as typed arrays, for a snapshot (search/indexSnapshot.ts): the pool as its chunks (views, valid until
   * the next `push`) and as one array — the bytes of a pool that was never chunked — made only when asked for.
   */
  parts(): PostingParts {
    const n = this.lists;
    const lists = new Int32Array(6 * n);
    [this.heads, this.writeAt, this.tails, this.counts, this.lasts, this.previous].forEach((array, k) => lists.set(array.subarray(0, n), k * n));
    const used = this.used;
    const poolChunks: Uint8Array[] = [];
    for (let c = 0; c < this.chunks.length && c << SHIFT < used; c++) poolChunks.push(this.chunks[c].subarray(0, Math.min(CHUNK, used - (c << SHIFT))));
    let pool: Uint8Array | undefined;
    return {
      get pool(): Uint8Array {
        if (!pool) {
          pool = poolChunks.length === 1 ? poolChunks[0] : new Uint8Array(used);
          if (poolChunks.length > 1) poolChunks.forEach((chunk, c) => pool!.set(chunk, c << SHIFT));
        }
        return pool;
      },
      poolChunks,
      lists,
      levels: this.levels.subarray(0, n),
    };
  }

  /**
   * Lists restored from `parts` (copied, unless `poolIsOwn`), or undefined when they do not hold together: every block and write
   * position must lie inside the pool, so a damaged snapshot cannot make `decode` read outside it.
   */
  static fromParts(parts: PostingParts): PostingLists | undefined {
    return runSteps(PostingLists.restoring(parts));
  }

  /**
   * The work of `fromParts`, yielding after every `RESTORE_LISTS` lists checked and every `RESTORE_CHUNKS` chunks of
   * the pool copied (4 MB): the pool of a 150 MB library (~100 MB) copied in one go held the host for 70 ms.
   */
  static *restoring(parts: PostingParts): Generator<void, PostingLists | undefined> {
    const n = parts.levels.length;
    const used = parts.pool.length;
    if (used < HEADER || parts.lists.length !== 6 * n) return undefined;
    const lists = new PostingLists();
    const capacity = Math.max(1024, n);
    const field = (k: number): Int32Array<ArrayBuffer> => {
      const array = new Int32Array(capacity);
      array.set(parts.lists.subarray(k * n, (k + 1) * n));
      return array;
    };
    lists.heads = field(0);
    lists.writeAt = field(1);
    lists.tails = field(2);
    yield;
    lists.counts = field(3);
    lists.lasts = field(4);
    lists.previous = field(5);
    lists.levels = new Uint8Array(capacity);
    lists.levels.set(parts.levels);
    yield;
    for (let id = 0; id < n; id++) {
      if (id % RESTORE_LISTS === RESTORE_LISTS - 1) yield;
      const head = lists.heads[id];
      const tail = lists.tails[id];
      const level = lists.levels[id];
      const end = tail + HEADER + (level <= TOP_LEVEL ? blockCapacity(level) : 0);
      const at = lists.writeAt[id];
      const ok = level <= TOP_LEVEL && head >= HEADER && tail >= head && end <= used && at >= tail + HEADER && at <= end && lists.counts[id] >= 0 && lists.counts[id] <= used;
      if (!ok) return undefined;
    }
    const chunks: Uint8Array[] = [];
    if (parts.poolIsOwn) {
      // Views on the pool's own buffer, a chunk each (the last one shorter: `allocate` gives it its full size when
      // a list grows past it).
      const { buffer, byteOffset } = parts.pool;
      for (let base = 0; base < used; base += CHUNK) chunks.push(new Uint8Array(buffer, byteOffset + base, Math.min(CHUNK, used - base)));
      lists.chunks = chunks;
      lists.used = used;
      lists.lists = n;
      return lists;
    }
    for (let base = 0; base < used + LARGEST_BLOCK; base += CHUNK) {
      if (chunks.length % RESTORE_CHUNKS === RESTORE_CHUNKS - 1) yield;
      const chunk = new Uint8Array(CHUNK);
      chunk.set(parts.pool.subarray(base, Math.min(base + CHUNK, used)));
      chunks.push(chunk);
    }
    lists.chunks = chunks;
    lists.used = used;
    lists.lists = n;
    return lists;
  }

  /**
   * Gives back the last chunk's unused end (after building a whole library at once): a copy of at most one chunk.
   * The pool never holds a whole unused chunk.
   */
  trim(): void {
    const last = this.chunks.length - 1;
    const keep = this.used - (last << SHIFT) + LARGEST_BLOCK;
    if (keep < this.chunks[last].length / 2) this.chunks[last] = this.chunks[last].slice(0, keep);
  }

  private allocate(capacity: number): number {
    const size = HEADER + capacity;
    const needed = this.used + size;
    for (;;) {
      const last = this.chunks.length - 1;
      if (needed <= (last << SHIFT) + this.chunks[last].length) break;
      if (this.chunks[last].length < CHUNK) {
        // A trimmed last chunk takes its full size again.
        const full = new Uint8Array(CHUNK);
        full.set(this.chunks[last]);
        this.chunks[last] = full;
      } else {
        this.chunks.push(new Uint8Array(CHUNK));
      }
    }
    const block = this.used;
    this.used = needed;
    return block;
  }
}
