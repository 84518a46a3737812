// Markdown footnotes: which label comes next, and where a new note's text goes. Labels, references and notes are
// read as the draft reader reads them (draftReader.ts).
import { footnoteLabelAt, readDraft } from './draftReader';

/**
 * The numeric labels in use, in references and definitions alike — anywhere in the text, comments and code
 * included: a sentence commented out, with its reference, may come back.
 */
function numericLabels(text: string): number[] {
  const labels: number[] = [];
  for (let at = text.indexOf('[^'); at >= 0; at = text.indexOf('[^', at + 2)) {
    const found = footnoteLabelAt(text, at);
    if (found && /^\d{1,6}$/.test(found.label)) labels.push(Number(found.label));
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
  const definitions = readDraft(trimmedEnd, 'markdown').footnoteDefinitions;
  const afterDefinition = definitions.length > 0 && definitions[definitions.length - 1].end >= trimmedEnd.length;
  // Keep whatever blank lines the writer has at the end; add only what is needed.
  const newlinesAtEnd = (trailing.match(/\n/g) ?? []).length;
  const needed = trimmedEnd.length === 0 ? 0 : afterDefinition ? 1 : 2;
  return eol.repeat(Math.max(0, needed - newlinesAtEnd)) + definition + eol;
}
