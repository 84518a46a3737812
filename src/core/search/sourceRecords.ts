// A parsed source as bytes, for the indexes' snapshot (indexSnapshot.ts): its paragraphs' texts as three runs of UTF-8
// (those all ASCII, those whose characters all fit in one byte, the others: ASCII decodes 2.7 times faster, and a
// paragraph of one-byte characters stays a one-byte string), each decoded in one call and cut by the texts' lengths,
// and the paragraphs' numbers in an Int32Array — instead of JSON, whose decoding took 1.3 s of the 3.3 s a restart of
// a 150 MB library took (issue 19). What is not a plain paragraph (the source's fields, a paragraph with other fields
// or with a text UTF-8 cannot carry) is JSON, kept small.
//
// Record (little-endian Int32 words, then bytes; its length a multiple of 8):
//   4 words    paragraph count P, the JSON's length, then the ASCII, one-byte and wide runs' lengths (bytes)
//   4P words   per paragraph: number, line, flags (QUOTE, IN_JSON, its run), its text's length (UTF-16 units)
//   bytes      the JSON ({ source: the source with `paragraphs: 0`, odd: { [index]: paragraph } }), the three runs,
//              padded to 8
import type { Paragraph, Source } from '../types';

const QUOTE = 1;
/** The paragraph is in the JSON, text and all (other fields than the usual four, or a lone surrogate). */
const IN_JSON = 2;
/** The flags' bits that tell the run of a paragraph's text: 0 ASCII, 1 one-byte characters, 2 wider ones. */
const RUN_SHIFT = 2;
const RUNS = 3;
const HEAD = 2 + RUNS;
const PLAIN_KEYS = 'number,text,line,kind';

interface RecordJson {
  source: Omit<Source, 'paragraphs'> & { paragraphs: 0 };
  odd: Record<string, Paragraph>;
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value && !Object.is(value, -0);
}

/** A source's record measured before it is written: its length, and where to write it (`writeInto`). */
export interface PlannedRecord {
  /** Its length in bytes (a multiple of 8). */
  readonly byteLength: number;
  /** Writes the record into `into` (its first `byteLength` bytes, zeros: the padding is not written). */
  writeInto(into: Uint8Array): void;
}

/** The record of `source`. */
export function encodeSourceRecord(source: Source, encoder: InstanceType<typeof TextEncoder>): Uint8Array {
  const planned = planSourceRecord(source, encoder);
  const record = new Uint8Array(planned.byteLength);
  planned.writeInto(record);
  return record;
}

/**
 * The record of `source`, measured first (each text's length in UTF-8 counted, not encoded), so that a snapshot
 * writes it straight into its own buffer: no joined runs, no bytes encoded twice (at 150 MB of text, taking a
 * snapshot made 150 MB of joined strings and 300 MB of encoded runs and records, only to copy them).
 */
export function planSourceRecord(source: Source, encoder: InstanceType<typeof TextEncoder>): PlannedRecord {
  const paragraphs = source.paragraphs;
  const count = paragraphs.length;
  const ints = new Int32Array(HEAD + 4 * count);
  const runs: string[][] = [[], [], []];
  const runLengths = [0, 0, 0];
  const odd: Record<string, Paragraph> = {};
  for (let i = 0; i < count; i++) {
    const paragraph = paragraphs[i];
    const at = HEAD + 4 * i;
    const text = paragraph.text;
    const plain =
      Object.keys(paragraph).join(',') === PLAIN_KEYS && typeof text === 'string' && isInt32(paragraph.number) && isInt32(paragraph.line) && (paragraph.kind === 'text' || paragraph.kind === 'quote');
    if (!plain || /\p{Cs}/u.test(text)) {
      odd[i] = paragraph;
      ints[at + 2] = IN_JSON;
      continue;
    }
    const run = !/[^\0-\x7f]/.test(text) ? 0 : !/[^\0-\u00ff]/.test(text) ? 1 : 2;
    ints[at] = paragraph.number;
    ints[at + 1] = paragraph.line;
    ints[at + 2] = (paragraph.kind === 'quote' ? QUOTE : 0) | (run << RUN_SHIFT);
    ints[at + 3] = text.length;
    runs[run].push(text);
    runLengths[run] += run === 0 ? text.length : utf8Length(text);
  }
  const json = encoder.encode(JSON.stringify({ source: { ...source, paragraphs: 0 }, odd } satisfies RecordJson));
  ints[0] = count;
  ints[1] = json.length;
  runLengths.forEach((length, run) => (ints[2 + run] = length));
  const byteLength = align8(ints.byteLength + json.length + runLengths[0] + runLengths[1] + runLengths[2]);
  return {
    byteLength,
    writeInto(into: Uint8Array): void {
      into.set(new Uint8Array(ints.buffer), 0);
      into.set(json, ints.byteLength);
      let at = ints.byteLength + json.length;
      for (const texts of runs) for (const text of texts) at += encoder.encodeInto(text, into.subarray(at)).written;
      if (align8(at) !== byteLength) throw new Error(`A source record came to ${at} bytes, not the ${byteLength} measured.`);
    },
  };
}

/** The length in UTF-8 of `text` (no lone surrogates: those paragraphs go in the JSON). */
function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) length += 1;
    // Else 3 bytes; a surrogate pair 4 for its 2 units (counted at the first).
    else if (unit < 0xdc00 || unit > 0xdfff) length += 2;
  }
  return length;
}

/**
 * The source in `record` (its byte offset a multiple of 4), or undefined when the record does not hold together (a
 * length out of bounds, a run that is not UTF-8, texts that do not add up to their runs).
 */
export function decodeSourceRecord(record: Uint8Array, decoder: InstanceType<typeof TextDecoder>): Source | undefined {
  if (record.length < 4 * HEAD || record.byteOffset % 4 !== 0) return undefined;
  const head = new Int32Array(record.buffer, record.byteOffset, HEAD);
  const count = head[0];
  let total = 4 * (HEAD + 4 * count);
  for (let i = 0; i < HEAD; i++) {
    if (!(head[i] >= 0)) return undefined;
    if (i > 0) total += head[i];
  }
  if (total > record.length) return undefined;
  const intsLength = 4 * (HEAD + 4 * count);
  const ints = new Int32Array(record.buffer, record.byteOffset, HEAD + 4 * count);
  let at = intsLength;
  const run = (length: number): string => decoder.decode(record.subarray(at, (at += length)));
  let parsed: RecordJson;
  const texts: string[] = [];
  try {
    parsed = JSON.parse(run(head[1])) as RecordJson;
    for (let i = 0; i < RUNS; i++) texts.push(run(head[2 + i]));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.source !== 'object' || parsed.source === null || typeof parsed.odd !== 'object' || parsed.odd === null) return undefined;
  const paragraphs: Paragraph[] = new Array<Paragraph>(count);
  const used = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const base = HEAD + 4 * i;
    const flags = ints[base + 2];
    if (flags & IN_JSON) {
      const paragraph = parsed.odd[i];
      if (typeof paragraph !== 'object' || paragraph === null) return undefined;
      paragraphs[i] = paragraph;
      continue;
    }
    const length = ints[base + 3];
    const run = flags >> RUN_SHIFT;
    if (length < 0 || !(run >= 0 && run < RUNS)) return undefined;
    const from = used[run];
    const text = texts[run].slice(from, (used[run] = from + length));
    paragraphs[i] = { number: ints[base], text, line: ints[base + 1], kind: flags & QUOTE ? 'quote' : 'text' };
  }
  for (let i = 0; i < RUNS; i++) if (used[i] !== texts[i].length) return undefined;
  const source = parsed.source as unknown as Source;
  source.paragraphs = paragraphs;
  return source;
}

function align8(length: number): number {
  return (length + 7) & ~7;
}
