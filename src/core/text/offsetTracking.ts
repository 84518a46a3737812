// Follows an insertion point through edits made while a quick pick was open, so the text goes where the
// writer meant, or nowhere: never into the middle of words that moved under the cursor.

/** One change to a document, in offsets of the text as it was before the change. */
export interface TextChange {
  offset: number;
  /** How many characters were replaced. */
  length: number;
  /** What replaced them. */
  text: string;
}

/**
 * Where `offset` is after `changes` (applied in order, each in the offsets of the text left by the previous
 * one, as VS Code reports them in one change event when ordered from last to first, or one event each).
 * Returns undefined when a change replaced text around the offset: the place the writer chose is gone.
 */
export function trackOffset(offset: number, changes: readonly TextChange[]): number | undefined {
  let current = offset;
  for (const change of changes) {
    const changeEnd = change.offset + change.length;
    if (changeEnd <= current && !(change.length === 0 && change.offset === current)) {
      current += change.text.length - change.length;
    } else if (change.offset > current || (change.length === 0 && change.offset === current)) {
      // After the point, or typed exactly at it: the writer's point stays before the new text.
      continue;
    } else {
      return undefined;
    }
  }
  return current;
}
