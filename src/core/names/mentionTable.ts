// A source's name mentions as the library keeps them: numbers in typed arrays, not an object and a string per
// mention (at 150 MB, 130,000 mentions were as many objects, with their lists and maps, for every major collection
// to mark). A mention is made an object again when asked for (`of`, `kept`), its text cut from its paragraph.
import { paragraphNumbered } from '../types';
import type { Mention, Source } from '../types';
import { mentionSpellings } from '../text/stringPool';
import type { MentionsRow } from './mentionRows';

/** A source that names no one (a reference without text): shared, so that its table is one object. */
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_FIRSTS = new Int32Array(1);
const NO_ROWS = new Int32Array(0);

export class MentionTable {
  /** The position of each entity id in `ids`, made on first use. */
  private positions: Map<string, number> | undefined;
  /**
   * The mentions made objects so far, by entity id: an open card asks for the same entity's at every change of the
   * library. Only the entities asked for are here.
   */
  private made: Map<string, readonly Mention[]> | undefined;

  /**
   * `ids`: the entities named, in the order first found; `firsts[i]` … `firsts[i + 1]`: the rows of `ids[i]`;
   * each row three numbers: paragraph number, start and end in the paragraph's text.
   */
  private constructor(
    private readonly source: Source,
    readonly ids: readonly string[],
    private readonly firsts: Int32Array,
    private readonly rows: Int32Array,
  ) {}

  /** The table of `mentions` found in `source` (entity id → its mentions there, in order). */
  static of(source: Source, mentions: ReadonlyMap<string, readonly Mention[]>): MentionTable {
    const ids: string[] = [];
    let count = 0;
    for (const [id, list] of mentions) {
      if (list.length === 0) continue;
      ids.push(id);
      count += list.length;
    }
    const firsts = new Int32Array(ids.length + 1);
    const rows = new Int32Array(3 * count);
    let row = 0;
    for (let i = 0; i < ids.length; i++) {
      firsts[i] = row;
      for (const mention of mentions.get(ids[i]) ?? []) {
        rows[3 * row] = mention.paragraph;
        rows[3 * row + 1] = mention.start;
        rows[3 * row + 2] = mention.end;
        row++;
      }
    }
    firsts[ids.length] = row;
    return count === 0 ? MentionTable.none(source) : new MentionTable(source, ids, firsts, rows);
  }

  /**
   * The table of a row kept by the index snapshot (`row`) for `source`, the very text they were found in; undefined
   * when a mention does not fit it (no such paragraph, offsets outside its text, an id not in the row).
   */
  static ofRow(source: Source, row: MentionsRow): MentionTable | undefined {
    const [, ids, flat] = row;
    const perId = new Int32Array(ids.length);
    for (let i = 0; i < flat.length; i += 4) {
      const [at, number, start, end] = [flat[i], flat[i + 1], flat[i + 2], flat[i + 3]];
      if (!Number.isInteger(at) || at < 0 || at >= ids.length || !Number.isInteger(number) || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) return undefined;
      const paragraph = paragraphNumbered(source.paragraphs, number);
      if (!paragraph || end > paragraph.text.length) return undefined;
      perId[at]++;
    }
    // Rows grouped by id in the ids' order (as `row` writes them; any order read back is regrouped); an id without
    // mentions is left out, as `of` leaves it out. `next[i]`: where id i's next row goes.
    const named: string[] = [];
    const firsts = [0];
    const next = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      if (perId[i] === 0) continue;
      named.push(ids[i]);
      next[i] = firsts[firsts.length - 1];
      firsts.push(next[i] + perId[i]);
    }
    if (named.length === 0) return MentionTable.none(source);
    const rows = new Int32Array(3 * (flat.length / 4));
    for (let i = 0; i < flat.length; i += 4) {
      const at = next[flat[i]]++;
      rows[3 * at] = flat[i + 1];
      rows[3 * at + 1] = flat[i + 2];
      rows[3 * at + 2] = flat[i + 3];
    }
    return new MentionTable(source, named, Int32Array.from(firsts), rows);
  }

  /** The table of a source that names no one. */
  private static none(source: Source): MentionTable {
    return new MentionTable(source, NO_IDS, NO_FIRSTS, NO_ROWS);
  }

  /** How many times entity `id` is named in the source. */
  count(id: string): number {
    const at = this.position(id);
    return at === undefined ? 0 : this.firsts[at + 1] - this.firsts[at];
  }

  /**
   * The mentions of entity `id` in the source, in order (a new array; empty when it is not named). The objects are
   * made the first time an entity's are asked for, then the same.
   */
  of(id: string): Mention[] {
    return this.kept(id).slice();
  }

  /** `of` without the new array (the table's own: not to be changed). */
  kept(id: string): readonly Mention[] {
    const at = this.position(id);
    if (at === undefined) return [];
    let mentions = this.made?.get(id);
    if (!mentions) {
      const made: Mention[] = [];
      for (let row = this.firsts[at]; row < this.firsts[at + 1]; row++) made.push(this.mention(row));
      (this.made ??= new Map()).set(id, made);
      mentions = made;
    }
    return mentions;
  }

  /** How many mentions the source holds. */
  get size(): number {
    return this.firsts[this.ids.length];
  }

  /** The mentions as the index snapshot keeps them (mentionRows.ts), without making them objects. */
  row(fingerprint: string): MentionsRow {
    const flat: number[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      for (let row = this.firsts[i]; row < this.firsts[i + 1]; row++) flat.push(i, this.rows[3 * row], this.rows[3 * row + 1], this.rows[3 * row + 2]);
    }
    return [fingerprint, [...this.ids], flat];
  }

  private position(id: string): number | undefined {
    if (this.ids.length === 0) return undefined;
    this.positions ??= new Map(this.ids.map((entityId, i) => [entityId, i]));
    return this.positions.get(id);
  }

  private mention(row: number): Mention {
    const paragraph = this.rows[3 * row];
    const start = this.rows[3 * row + 1];
    const end = this.rows[3 * row + 2];
    return { source: this.source.meta.key, paragraph, start, end, text: mentionSpellings.shared((paragraphNumbered(this.source.paragraphs, paragraph)?.text ?? '').slice(start, end)) };
  }
}
