// Markdown footnotes: which label comes next, and where a new note's text goes.

const REFERENCE = /\[\^([^\]\s]+)\](?!:)/g;
const DEFINITION = /^\[\^([^\]\s]+)\]:/gm;

/** The numeric labels in use, in references and definitions alike. */
function numericLabels(text: string): number[] {
  const labels: number[] = [];
  for (const pattern of [REFERENCE, DEFINITION]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (/^\d{1,6}$/.test(m[1])) labels.push(Number(m[1]));
    }
  }
  return labels;
}

/**
 * The label for a new footnote: one more than the highest number in use, so it never collides with a note
 * the writer already has, one whose reference they deleted by hand, or one an undo brings back.
 */
export function nextFootnoteLabel(text: string): string {
  const labels = numericLabels(text);
  return String(labels.length ? Math.max(...labels) + 1 : 1);
}

/**
 * The text to append at the end of the document for a footnote definition: after the last existing
 * definition block, separated by exactly one blank line from the prose.
 */
export function footnoteDefinitionAppend(text: string, label: string, note: string): string {
  const definition = `[^${label}]: ${note.replace(/\r?\n/g, ' ')}`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // trimEnd, not /\s+$/: the same white space, without quadratic backtracking over a long run of it.
  const trimmedEnd = text.trimEnd();
  const trailing = text.slice(trimmedEnd.length);
  const lastLine = trimmedEnd.slice(trimmedEnd.lastIndexOf('\n') + 1);
  const afterDefinition = /^\[\^[^\]\s]+\]:/.test(lastLine) || /^ {4}\S/.test(lastLine);
  // Keep whatever blank lines the writer has at the end; add only what is needed.
  const newlinesAtEnd = (trailing.match(/\n/g) ?? []).length;
  const needed = trimmedEnd.length === 0 ? 0 : afterDefinition ? 1 : 2;
  return eol.repeat(Math.max(0, needed - newlinesAtEnd)) + definition + eol;
}

/** Footnote definitions in the draft: label → note text, for hovers on `[^n]`. */
export function footnoteDefinitions(text: string): Map<string, { text: string; offset: number }> {
  const notes = new Map<string, { text: string; offset: number }>();
  DEFINITION.lastIndex = 0;
  for (let m = DEFINITION.exec(text); m; m = DEFINITION.exec(text)) {
    const lineEnd = text.indexOf('\n', m.index);
    const body = text.slice(m.index + m[0].length, lineEnd === -1 ? text.length : lineEnd).trim();
    notes.set(m[1], { text: body, offset: m.index });
  }
  return notes;
}
