// Mentions as the indexes' snapshot keeps them (names/keptMentions.ts; written by `MentionTable.row`): a row per
// source, checked against the source's text when taken back (`MentionTable.ofRow`).

/** A source's mentions as kept: the fingerprint, the entity ids named in it, and per mention [id, paragraph, start, end]. */
export type MentionsRow = [fingerprint: string, ids: string[], flat: number[]];

/** Whether a value read back has the shape of a row (its numbers are checked against the source when taken). */
export function isMentionsRow(row: unknown): row is MentionsRow {
  return Array.isArray(row) && row.length === 3 && typeof row[0] === 'string' && Array.isArray(row[1]) && (row[1] as unknown[]).every((id) => typeof id === 'string') &&
    Array.isArray(row[2]) && row[2].length % 4 === 0;
}
