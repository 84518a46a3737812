// What a LaTeX draft must load for the citations Sourcebook writes into it, added once and only when missing, as
// edits of the draft's text that go in with the citation itself (one undo step):
// - biblatex: the package line of the draft's style (`\usepackage[authordate,backend=biber]{biblatex-chicago}`),
//   `\addbibresource{<draft>.sourcebook.bib}` before `\begin{document}`, and `\printbibliography` (in Sourcebook's
//   bibliography block) before `\end{document}`;
// - formatted citations and entries that print URLs: the `url` package, unless something that provides `\url` is
//   loaded (url, xurl, hyperref, biblatex).
// The writer's own lines are never changed: a package already loaded stays as written, with its options.
import { fail, ok, type Result } from '../types';
import type { BiblatexStyle } from '../citations/biblatex';
import { bibliographyBlock, bibliographyEdit, findBibliographyBlock, type TextEdit } from './bibliographyBlock';
import { maskDraft } from './draftReader';

/** `\usepackage[…]{…}` or `\RequirePackage`, naming any of `packages` (in a list too: `{csquotes,biblatex}`). */
function loads(preamble: string, packages: readonly string[]): boolean {
  const pattern = /\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}/g;
  for (const match of preamble.matchAll(pattern)) {
    const named = match[1].split(',').map((name) => name.trim());
    if (named.some((name) => packages.includes(name))) return true;
  }
  return false;
}

/** The draft's preamble with comments blanked, and where `\begin{document}` is (-1 when the file has none). */
function preambleOf(text: string): { masked: string; begin: number; preamble: string } {
  const masked = maskDraft(text, 'latex');
  const begin = masked.indexOf('\\begin{document}');
  return { masked, begin, preamble: begin < 0 ? '' : masked.slice(0, begin) };
}

/** Lines inserted just before `\begin{document}` (none when there is nothing to add). */
function beforeDocument(text: string, begin: number, lines: readonly string[]): TextEdit[] {
  if (lines.length === 0) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return [{ start: begin, end: begin, text: lines.map((line) => line + eol).join('') }];
}

/** Whether `text` (comments blanked) has `\addbibresource{name}` (options allowed: `\addbibresource[…]{name}`). */
function namesResource(text: string, name: string): boolean {
  const pattern = /\\addbibresource\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}/g;
  for (const match of text.matchAll(pattern)) if (match[1].trim() === name) return true;
  return false;
}

/** Whether the draft's preamble adds the .bib called `name` with `\addbibresource` (a commented-out line does not). */
export function addsBibResource(text: string, name: string): boolean {
  const { preamble } = preambleOf(text);
  return namesResource(preamble, name);
}

export interface PreambleSetup {
  /** Edits of the draft, in order, none overlapping; empty when everything is there already. */
  edits: TextEdit[];
  /** The file has no `\begin{document}` (a chapter `\input` by another file): nothing could be added to it. */
  noPreamble: boolean;
}

export interface BiblatexSetupOptions {
  style: BiblatexStyle;
  /** The .bib file's name as `\addbibresource` gives it: `essay.sourcebook.bib`. */
  resource: string;
  /** The bibliography's heading: "References", "Works Cited", "Bibliography". */
  heading: string;
}

/**
 * What a draft needs to compile its `\autocite`s with biblatex and the .bib Sourcebook keeps: the style's package
 * (unless biblatex is loaded already, in whatever style the writer chose), `\addbibresource`, and
 * `\printbibliography`. An error value when the draft uses BibTeX's machinery (natbib, `\bibliographystyle`),
 * which cannot be loaded beside biblatex.
 */
export function biblatexSetup(text: string, options: BiblatexSetupOptions): Result<PreambleSetup> {
  const { masked, begin, preamble } = preambleOf(text);
  if (loads(preamble, ['natbib', 'cite', 'jurabib', 'chicago']) || masked.includes('\\bibliographystyle')) {
    return fail(
      'This draft cites with BibTeX (natbib or \\bibliographystyle), which cannot be loaded beside biblatex. Set "Sourcebook › Citation: Form" for LaTeX to "latex" to cite with \\cite, or remove the BibTeX lines to cite with biblatex.',
    );
  }
  if (begin < 0) return ok({ edits: [], noPreamble: true });
  const lines: string[] = [];
  if (!loads(preamble, ['biblatex', 'biblatex-chicago'])) lines.push(options.style.usepackage);
  if (!namesResource(preamble, options.resource)) lines.push(`\\addbibresource{${options.resource}}`);
  const edits = beforeDocument(text, begin, lines);

  const block = findBibliographyBlock(text);
  if (!block.ok) return block;
  const inBlock = block.value ? text.slice(block.value.start, block.value.end) : '';
  if (!masked.includes('\\printbibliography') && !inBlock.includes('\\printbibliography')) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const printed = bibliographyBlock({ format: 'latex', latex: 'biblatex', heading: options.heading, entries: [], eol });
    if (block.value) {
      // Sourcebook's own block from another form (a thebibliography, which biblatex cannot compile) is replaced.
      const edit = bibliographyEdit(text, printed, 'latex');
      if (!edit.ok) return edit;
      edits.push(edit.value);
    } else {
      // At the start of the \end{document} line, so the edit never touches the prose before it (where a cursor may be).
      const end = masked.lastIndexOf('\\end{document}');
      const lineStart = end < 0 ? text.length : text.lastIndexOf('\n', end) + 1;
      const at = end < 0 || masked.slice(lineStart, end).trim() === '' ? lineStart : end;
      const lead = at === 0 || text[at - 1] === '\n' ? '' : eol;
      edits.push({ start: at, end: at, text: `${lead}${printed}${eol}${end < 0 ? '' : eol}` });
    }
  }
  return ok({ edits, noPreamble: false });
}

/** Packages that define `\url`. */
const URL_PACKAGES = ['url', 'xurl', 'hyperref', 'biblatex', 'biblatex-chicago'];

/** `\usepackage{url}` before `\begin{document}`, when the draft loads nothing that defines `\url`. */
export function urlSetup(text: string): PreambleSetup {
  const { begin, preamble } = preambleOf(text);
  if (begin < 0) return { edits: [], noPreamble: true };
  return { edits: loads(preamble, URL_PACKAGES) ? [] : beforeDocument(text, begin, ['\\usepackage{url}']), noPreamble: false };
}
