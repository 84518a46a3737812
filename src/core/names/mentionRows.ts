// Mentions as the indexes' snapshot keeps them (names/keptMentions.ts; written by `MentionTable.row`): a row per
// source, checked against the source's text when taken back.
import type { Mention, Source } from '../types';
import { mentionSpellings } from '../text/stringPool';

/** A source's mentions as kept: the fingerprint, the entity ids named in it, and per mention [id, paragraph, start, end]. */
export type MentionsRow = [fingerprint: string, ids: string[], flat: number[]];

/** Whether a value read back has the shape of a row (its numbers are checked against the source when taken). */
export function isMentionsRow(row: unknown): row is MentionsRow {
  return Array.isArray(row) && row.length === 3 && typeof row[0] === 'string' && Array.isArray(row[1]) && (row[1] as unknown[]).every((id) => typeof id === 'string') &&
    Array.isArray(row[2]) && row[2].length % 4 === 0;
}

/** The mentions of a kept row in `source` (the very text they were found in), or undefined when one does not fit it. */
export function mentionsOfRow(row: MentionsRow, source: Source): Map<string, Mention[]> | undefined {
  const [, ids, flat] = row;
  const key = source.meta.key;
  const mentions = new Map<string, Mention[]>();
  for (let i = 0; i < flat.length; i += 4) {
    const [at, number, start, end] = [flat[i], flat[i + 1], flat[i + 2], flat[i + 3]];
    const id = ids[at];
    const paragraph = Number.isInteger(number) ? (source.paragraphs[number - 1]?.number === number ? source.paragraphs[number - 1] : source.paragraphs.find((p) => p.number === number)) : undefined;
    if (id === undefined || !paragraph || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > paragraph.text.length) return undefined;
    const list = mentions.get(id);
    const mention: Mention = { source: key, paragraph: number, start, end, text: mentionSpellings.shared(paragraph.text.slice(start, end)) };
    if (list) list.push(mention);
    else mentions.set(id, [mention]);
  }
  return mentions;
}
