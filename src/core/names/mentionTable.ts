// A source's name mentions as the library keeps them: numbers in typed arrays, not an object and a string per
// mention (at 150 MB, 130,000 mentions were as many objects, with their lists and maps, for every major collection
// to mark). A mention is made an object again when asked for (`of`, `all`), its text cut from its paragraph.
import type { Mention, Paragraph, Source } from '../types';
import { mentionSpellings } from '../text/stringPool';
import type { MentionsRow } from './mentionRows';

export class MentionTable {
  /** The position of each entity id in `ids`. */
  private readonly positions: Map<string, number>;
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
  ) {
    this.positions = new Map(ids.map((id, i) => [id, i]));
  }

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
    return new MentionTable(source, ids, firsts, rows);
  }

  /** How many times entity `id` is named in the source. */
  count(id: string): number {
    const at = this.positions.get(id);
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
    const at = this.positions.get(id);
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

  /** Every mention in the source, by entity id (new arrays; the objects made once, as `of`). */
  all(): Map<string, Mention[]> {
    return new Map(this.ids.map((id) => [id, this.of(id)]));
  }

  /** How many mentions the source holds. */
  get size(): number {
    return this.firsts[this.ids.length];
  }

  /** The mentions as the index snapshot keeps them (mentionRows.ts `mentionsRow` of `all()`, without the objects). */
  row(fingerprint: string): MentionsRow {
    const flat: number[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      for (let row = this.firsts[i]; row < this.firsts[i + 1]; row++) flat.push(i, this.rows[3 * row], this.rows[3 * row + 1], this.rows[3 * row + 2]);
    }
    return [fingerprint, [...this.ids], flat];
  }

  private mention(row: number): Mention {
    const paragraph = this.rows[3 * row];
    const start = this.rows[3 * row + 1];
    const end = this.rows[3 * row + 2];
    return { source: this.source.meta.key, paragraph, start, end, text: mentionSpellings.shared(paragraphText(this.source.paragraphs, paragraph).slice(start, end)) };
  }
}

/** The text of paragraph `number` (paragraphs are numbered from 1 in order; found by number if not). */
function paragraphText(paragraphs: readonly Paragraph[], number: number): string {
  const paragraph = paragraphs[number - 1]?.number === number ? paragraphs[number - 1] : paragraphs.find((p) => p.number === number);
  return paragraph?.text ?? '';
}
