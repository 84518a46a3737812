// The bibliography Sourcebook writes into a draft: a block between two markers, written once and replaced (never
// duplicated) when the command runs again. In Markdown the markers are HTML comments, in LaTeX `%` comments, in
// plain text lines of their own.
import { BIBLIOGRAPHY_END as END, BIBLIOGRAPHY_START as START, readDraft, type DraftFormat } from './draftReader';
import { escapeLatex } from '../citations/forms';
import { fail, ok, type Result } from '../types';
import type { StyleInfo } from '../citations/styles';

function markers(format: DraftFormat): { start: string; end: string } {
  if (format === 'markdown') {
    return { start: `<!-- ${START} (written by Sourcebook: Insert Bibliography replaces this block) -->`, end: `<!-- ${END} -->` };
  }
  if (format === 'latex') return { start: `% ${START} (written by Sourcebook: Insert Bibliography replaces this block)`, end: `% ${END}` };
  return { start: `[${START}]`, end: `[${END}]` };
}

/**
 * How a LaTeX bibliography is written: `thebibliography` (a `\bibitem` per key, for `\cite`), `list` (the formatted
 * entries, hanging, unnumbered: formatted citations cite no key) or `biblatex` (`\printbibliography`: biblatex
 * writes the entries from the .bib).
 */
export type LatexBibliography = 'thebibliography' | 'list' | 'biblatex';

export interface BibliographyBlockOptions {
  format: DraftFormat;
  /** "References", "Bibliography", "Works Cited". */
  heading: string;
  /** Formatted entries: Markdown for `markdown`, LaTeX for `latex` (citeproc's LaTeX output), plain text otherwise. */
  entries: readonly string[];
  /** Keys of the entries, in the same order (LaTeX `\bibitem{key}` so `\cite` resolves). */
  keys?: readonly string[];
  /** In LaTeX: which kind of bibliography (default `thebibliography`). */
  latex?: LatexBibliography;
  eol?: string;
}

/** The block, markers included, without surrounding blank lines. */
export function bibliographyBlock(options: BibliographyBlockOptions): string {
  const eol = options.eol ?? '\n';
  const { start, end } = markers(options.format);
  const lines: string[] = [start];
  if (options.format === 'markdown') {
    lines.push(`## ${options.heading}`, '');
    for (const entry of options.entries) lines.push(entry, '');
  } else if (options.format === 'latex') {
    const heading = escapeLatex(options.heading);
    if (options.latex === 'biblatex') {
      lines.push(`\\printbibliography[title={${heading}}]`);
    } else if (options.latex === 'list') {
      lines.push(`\\section*{${heading}}`, '\\begin{list}{}{\\setlength{\\leftmargin}{2em}\\setlength{\\itemindent}{-2em}}');
      for (const entry of options.entries) lines.push(`\\item ${entry}`);
      lines.push('\\end{list}');
    } else {
      lines.push(`\\renewcommand{\\refname}{${heading}}`, `\\begin{thebibliography}{${options.entries.length}}`);
      options.entries.forEach((entry, i) => {
        const key = options.keys?.[i] ?? `ref${i + 1}`;
        lines.push(`\\bibitem{${key}} ${entry}`);
      });
      lines.push('\\end{thebibliography}');
    }
  } else {
    lines.push(options.heading, '');
    for (const entry of options.entries) lines.push(entry, '');
  }
  if (lines[lines.length - 1] === '') lines.pop();
  lines.push(end);
  return lines.join(eol);
}

/** A replacement of `[start, end)` of the draft by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Where a block between the markers is, if the draft has one. Error when a marker has lost its partner. */
export function findBibliographyBlock(text: string): Result<{ start: number; end: number } | undefined> {
  const startAt = text.indexOf(START);
  const endAt = text.indexOf(END);
  if (startAt === -1 && endAt === -1) return ok(undefined);
  if (startAt === -1 || endAt === -1 || endAt < startAt) {
    return fail('The draft has only one of the two bibliography markers (a line with "sourcebook:bibliography:start" and one with "sourcebook:bibliography:end"). Remove the other, or put it back, and run the command again.');
  }
  if (text.indexOf(START, startAt + START.length) !== -1) {
    return fail('The draft has two bibliographies written by Sourcebook. Delete one (between its markers) and run the command again.');
  }
  const lineStart = text.lastIndexOf('\n', startAt) + 1;
  const newline = text.indexOf('\n', endAt);
  let lineEnd = newline === -1 ? text.length : newline;
  if (lineEnd > 0 && text[lineEnd - 1] === '\r') lineEnd--;
  return ok({ start: lineStart, end: lineEnd });
}

/**
 * The edit that puts `block` into the draft: over the previous block when there is one; otherwise at the end —
 * before `\end{document}` in LaTeX, and before the footnote definitions that close a Markdown draft.
 */
export function bibliographyEdit(text: string, block: string, format: DraftFormat): Result<TextEdit> {
  const existing = findBibliographyBlock(text);
  if (!existing.ok) return existing;
  if (existing.value) return ok({ ...existing.value, text: block });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let at = text.length;
  if (format === 'latex') {
    const endDocument = text.lastIndexOf('\\end{document}');
    if (endDocument !== -1) at = text.lastIndexOf('\n', endDocument) + 1;
  } else if (format === 'markdown') {
    at = startOfClosingFootnotes(text);
  }
  const before = text.slice(0, at);
  const after = text.slice(at);
  // trimEnd, not /\s+$/: the same white space, without quadratic backtracking over a long run of it.
  const trimmedBefore = before.trimEnd();
  const lead = trimmedBefore.length === 0 ? '' : eol + eol;
  const trail = after.trim().length === 0 ? eol : eol + eol;
  // Replace the white space between the prose and the insertion point, so exactly one blank line separates them.
  return ok({ start: trimmedBefore.length, end: at + (after.length - after.replace(/^\s+/, '').length), text: lead + block + trail });
}

/**
 * The offset where the footnote definitions at the end of a Markdown draft begin (text length if none): the line
 * of the first of the notes that follow each other, with only blank lines between them, to the end.
 */
function startOfClosingFootnotes(text: string): number {
  const definitions = readDraft(text, 'markdown').footnoteDefinitions;
  let offset = text.length;
  let after = text.length;
  for (let k = definitions.length - 1; k >= 0; k--) {
    if (text.slice(definitions[k].end, after).trim() !== '') break;
    offset = definitions[k].lineStart;
    after = definitions[k].lineStart;
  }
  return offset;
}

/** What a style calls its list of sources. */
export function bibliographyHeading(style: Pick<StyleInfo, 'id'>): string {
  if (style.id === 'modern-language-association') return 'Works Cited';
  if (style.id === 'harvard-cite-them-right') return 'Reference list';
  if (style.id === 'chicago-fullnote-bibliography') return 'Bibliography';
  return 'References';
}
