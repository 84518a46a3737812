// A source's paragraph texts as slices of a few long strings instead of a string each. A library of 150 MB holds
// ~214,000 paragraphs: as many strings for every major collection to mark and, when their pages are compacted, to
// move. Packed, a source's texts are one or two long strings (large objects V8 neither moves nor compacts) and each
// paragraph's text a slice of one (a small object pointing into it): a full collection of a loaded 150 MB library
// without helper threads, 165–223 → 117–155 ms (bench/fullCollection.ts). Texts read as they did: only their storage
// changes. One-byte texts (every unit ≤ U+00FF) and wider ones are packed apart, so one curly quotation mark does
// not make a whole book's text two bytes a unit (as the snapshot's runs keep them: search/sourceRecords.ts).
import { ownCopy } from './stringPool';

/** Units outside one byte: such a text is stored two bytes a unit. */
const WIDE = /[^\u0000-\u00ff]/;
/** The longest run packed into one string (a string's limit is 2^29 units; a book is a few million). */
const RUN_UNITS = 1 << 24;

/**
 * Replaces each item's `text` by the same text sliced out of a long string shared with the others (in place). The
 * one-byte texts' strings are made one byte a unit even when a text came from a wider string (a line cut from a
 * file holding one curly quotation mark), and nothing of the strings the texts were cut from stays alive. A text
 * shorter than 13 units is a copy of its own (V8 slices no shorter string), as small as its units allow.
 */
export function packTexts(items: ReadonlyArray<{ text: string }>, runUnits = RUN_UNITS): void {
  const runs = [new Run(true, runUnits), new Run(false, runUnits)];
  const wide = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const text = items[i].text;
    wide[i] = WIDE.test(text) ? 1 : 0;
    runs[wide[i]].add(text);
  }
  for (const run of runs) run.close();
  for (let i = 0; i < items.length; i++) (items[i] as { text: string }).text = runs[wide[i]].next(items[i].text.length);
}

/** Texts joined into strings of at most `RUN_UNITS` units, then handed out again in the same order as slices. */
class Run {
  private readonly strings: string[] = [];
  private pending: string[] = [];
  private pendingUnits = 0;
  private string = 0;
  private at = 0;

  /** `oneByte`: every text added fits one byte a unit (its strings are made one byte a unit). */
  constructor(
    private readonly oneByte: boolean,
    private readonly units: number,
  ) {}

  add(text: string): void {
    if (text.length === 0) return;
    if (this.pendingUnits + text.length > this.units && this.pending.length > 0) this.close();
    this.pending.push(text);
    this.pendingUnits += text.length;
  }

  close(): void {
    if (this.pending.length > 0) this.strings.push(this.oneByte ? ownCopy(this.pending.join('')) : this.pending.join(''));
    this.pending = [];
    this.pendingUnits = 0;
  }

  /** The next text, `length` units long. */
  next(length: number): string {
    if (length === 0) return '';
    if (this.at + length > this.strings[this.string].length) {
      // The texts of a string were all handed out: this one begins the next.
      this.string++;
      this.at = 0;
    }
    const text = this.strings[this.string].slice(this.at, this.at + length);
    this.at += length;
    return text;
  }
}
