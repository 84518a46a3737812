// The one reader of a draft (Markdown, LaTeX or plain text): what is prose and what is not, every citation with its
// offsets, the footnotes, and the bibliography Sourcebook wrote. Every feature that reads a draft reads it here —
// the quotation finder, note numbering and the bibliography (`citedKeys`), the warnings on unknown keys, the hover,
// the preview — so that they cannot disagree about what a citation is.
//
// Not read (blanked in `masked`, same length, same line breaks): front matter (Markdown, plain), fenced code blocks
// and code spans (Markdown), HTML comments (Markdown, plain), `%` comments and verbatim environments (LaTeX), and
// the bibliography between Sourcebook's markers (every format).
//
// Citations, by format (plain text has both Markdown's and LaTeX's, as a writer may paste either):
// - Pandoc `[see @a, para. 4; -@b]` and in-text `@a [para. 4]` (Markdown, plain). A bracket followed by `(` or
//   `[` is a link; `@` after a letter or digit is an e-mail address. Keys follow Pandoc: a letter, digit or `_`,
//   then those and internal punctuation `:.#$%&+?<>~/-`; punctuation at the end belongs to the sentence.
// - LaTeX cite commands of natbib and biblatex, from one list (`CITE_COMMANDS`, `MULTI_CITE_COMMANDS`), starred
//   forms too; `\citetext` is free text, `\citestyle` a setting; `\nocite` names sources for the bibliography
//   but prints nothing, so it is no quotation's citation (`silent`). `\footnote{…}` is a note (LaTeX, plain).
// - Footnote references `[^n]` (Markdown, plain), each carrying its note: the definition `[^n]: …` (up to three
//   spaces before it) and the lines after it up to a blank line or a line that starts another block (indented
//   or not: CommonMark's lazy continuation). A note's citations are read as the reference's; when it has none,
//   its text is (matched to sources by author and title in citationTargets.ts).
// - Parentheses: author-date "(Crossan 2025, para. 4)", "(Crossan, 2025, para. 4)", "(Bossy, n.d.)",
//   "(Bossy, no date)"; one that ends in a paragraph, as MLA writes it: "(Crossan, par. 4)", "(Byrne, Another
//   Review, par. 2)"; and in plain text, where a citation can only be written out, a name on its own: "(Bossy)".
// - Paragraph locators: "para. 4", "paras. 3–4", "par. 4" (MLA), "¶ 4", "paragraph 4", with `~` (LaTeX's tie)
//   and any dash: `-`, `--`, `---`, en and em dashes. Every other CSL locator by its term ("p. 45", "pp. 45–47",
//   "chap. 3", "§ 2", "l. 10", "s.v. miners": citations/locators.ts); a bare number is a page, as Pandoc and
//   biblatex read it (`[@k, 45]`, `\autocite[45]{k}`, Chicago's "(Tate 2017, 45)" and note "Tate, *Title*, 45."),
//   and MLA's "(Tate 45)" is read in plain text, where citations can only be written out.
//
// Costs: every pass walks the text forward once; each attempt to read a citation looks a bounded distance ahead
// (a bracket at most 1,000 characters, a parenthesis 200, a LaTeX argument 2,000); the few regular expressions are
// fixed patterns run on short slices, never built from the draft's text. A 790 KB draft is read in tens of ms.

import { isWordCode } from '../text/sentences';
import type { CslLocatorLabel } from '../types';
import { readLocatorAt, trimEnd } from '../citations/locators';

export type DraftFormat = 'markdown' | 'latex' | 'plain';

/** One work named by a citation. */
export interface CiteRef {
  /** The citation key, when the citation names one (`[@key]`, `\cite{key}`). */
  key?: string;
  /** Author-date citations: the name as written ("Crossan", "Gabrielle Bossy"; an unsigned work's title). */
  name?: string;
  /** Author-date citations: the year as written ("2025", "n.d.", "no date"). */
  year?: string;
  /** Notes and parentheses without a key: the text naming the source ("Byrne, “Pride and Prejudice,”"). */
  noteText?: string;
  /** The paragraph locator ("para. 4" → 4; "paras. 3–4" → 3 with `paragraphEnd` 4). */
  paragraph?: number;
  paragraphEnd?: number;
  /** Any other locator ("p. 45" → "45" with `label` page; "chap. 3"; a bare "45" is a page), as CSL takes it. */
  locator?: string;
  label?: CslLocatorLabel;
}

export interface FoundCitation {
  form: 'pandoc' | 'latex' | 'footnote' | 'authorDate';
  /** Offsets in the draft of the citation as written (for a footnote: the reference `[^n]`). */
  start: number;
  end: number;
  text: string;
  cites: CiteRef[];
  /** For a footnote: its label and the note's text and offsets (the text after `[^n]:`, or inside `\footnote{}`). */
  footnote?: { label: string; start: number; end: number; text: string };
  /** `\nocite`: the sources go in the bibliography, but nothing is printed, so it cites no quotation. */
  silent?: true;
}

/** A footnote definition: `[^label]:` and the note's text, `text === draft.slice(start, end)`. */
export interface FootnoteDefinition {
  label: string;
  /** Offset of the line holding `[^label]:`. */
  lineStart: number;
  start: number;
  end: number;
  text: string;
}

/** A citation key as written in a Pandoc bracket or a LaTeX command, with its offsets. */
export interface WrittenKey {
  key: string;
  start: number;
  end: number;
}

export const BIBLIOGRAPHY_START = 'sourcebook:bibliography:start';
export const BIBLIOGRAPHY_END = 'sourcebook:bibliography:end';

/** LaTeX commands that cite sources by key (natbib and biblatex); each may be starred. */
const CITE_COMMANDS = new Set([
  'cite', 'Cite', 'citep', 'Citep', 'citet', 'Citet', 'citealt', 'Citealt', 'citealp', 'Citealp', 'citenum',
  'citeauthor', 'Citeauthor', 'citeyear', 'citeyearpar', 'citetitle', 'Citetitle', 'citedate', 'citeurl',
  'parencite', 'Parencite', 'footcite', 'footcitetext', 'textcite', 'Textcite', 'smartcite', 'Smartcite',
  'autocite', 'Autocite', 'supercite', 'fullcite', 'footfullcite', 'notecite', 'Notecite', 'pnotecite', 'Pnotecite',
  'fnotecite', 'nocite',
]);
/** biblatex's multi-citations: `\cites(pre)(post)[pre][post]{a}[post]{b}`, each key with its own locator. */
const MULTI_CITE_COMMANDS = new Set([
  'cites', 'Cites', 'parencites', 'Parencites', 'footcites', 'footcitetexts', 'textcites', 'Textcites', 'smartcites',
  'Smartcites', 'supercites', 'autocites', 'Autocites',
]);

const MAX_BRACKET_CHARS = 1000;
const MAX_PAREN_CHARS = 200;
const MAX_LATEX_ARGUMENT = 2000;
const MAX_NOTE_CHARS = 8000;
const MAX_LABEL = 100;

export function guessFormat(text: string): DraftFormat {
  const head = text.length > 20000 ? text.slice(0, 20000) : text;
  if (head.includes('\\documentclass') || head.includes('\\begin{') || head.includes('\\cite')) return 'latex';
  return 'markdown';
}

// ---------------------------------------------------------------------------------------------------------
// What is not prose

/** The offset of the line break ending the line at `from` (or the end of the text). */
export function lineEndAt(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/**
 * The text with the given ranges blanked out (every character but a line break becomes a space). Joined from an
 * array: a string built by `+=` stays a tree of pieces, and every search in it then walks the tree (16 ms instead
 * of 1 ms to read a 790 KB LaTeX draft's citations).
 */
function applyBlanks(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [rangeStart, rangeEnd] of ranges) {
    const from = Math.max(rangeStart, at);
    const to = Math.min(rangeEnd, text.length);
    if (to <= from) continue;
    parts.push(text.slice(at, from), text.slice(from, to).replace(/[^\n]/g, ' '));
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Answers "is this offset inside one of these ranges?" for offsets asked in increasing order. */
function insideSorted(ranges: Array<[number, number]>): (offset: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let k = 0;
  return (offset) => {
    while (k < sorted.length && sorted[k][1] <= offset) k++;
    return k < sorted.length && sorted[k][0] <= offset;
  };
}

/**
 * The bibliographies Sourcebook wrote: from the line of a start marker to the end of the line of the next end
 * marker (or to the end of the text when it lost its end marker). Found with `indexOf`.
 */
export function bibliographyRanges(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (;;) {
    const marker = text.indexOf(BIBLIOGRAPHY_START, from);
    if (marker < 0) break;
    const start = Math.max(from, text.lastIndexOf('\n', marker) + 1);
    const endMarker = text.indexOf(BIBLIOGRAPHY_END, marker + BIBLIOGRAPHY_START.length);
    const end = endMarker < 0 ? text.length : lineEndAt(text, endMarker);
    ranges.push({ start, end });
    from = end;
  }
  return ranges;
}

/** Follows fenced code blocks line by line: `inside(line)` says whether a line belongs to one (fences included). */
class FenceTracker {
  private open: { char: string; length: number } | undefined;

  get isOpen(): boolean {
    return this.open !== undefined;
  }

  inside(line: string): boolean {
    let k = 0;
    while (k < line.length && k < 3 && line[k] === ' ') k++;
    const ch = line[k];
    if (ch !== '`' && ch !== '~') return this.open !== undefined;
    let n = k;
    while (line[n] === ch) n++;
    const length = n - k;
    const rest = line.slice(n);
    if (this.open) {
      if (ch === this.open.char && length >= this.open.length && rest.trim() === '') this.open = undefined;
      return true;
    }
    if (length >= 3 && !(ch === '`' && rest.includes('`'))) {
      this.open = { char: ch, length };
      return true;
    }
    return false;
  }
}

/** The next "```" or "~~~" from `from`, or -1. */
function nextFenceRun(text: string, from: number): number {
  const backticks = text.indexOf('```', from);
  const tildes = text.indexOf('~~~', from);
  return backticks < 0 ? tildes : tildes < 0 ? backticks : Math.min(backticks, tildes);
}

/** The end of the front matter (a `---` block at the very start), or 0 when there is none. */
function frontMatterEnd(text: string): number {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return 0;
  let lineStart = lineEndAt(text, 0) + 1;
  for (let guard = 0; guard < 1000 && lineStart < text.length; guard++) {
    const end = lineEndAt(text, lineStart);
    const line = text.slice(lineStart, end).trimEnd();
    if (line === '---' || line === '...') return end;
    lineStart = end + 1;
  }
  return 0;
}

/** The offset of the next blank line (or the end) after `from`. */
export function paragraphEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    let j = nl + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
    if (j >= text.length || text[j] === '\n') return nl;
    i = nl + 1;
  }
}

/** Does a blank line start right after the line break at `nl`? */
function blankLineAfter(text: string, nl: number): boolean {
  let j = nl + 1;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
  return j >= text.length || text[j] === '\n';
}

/**
 * The draft with everything that is not prose blanked out: same length, same line breaks. `local` reads a few
 * lines cut out of a draft (the hover's): only what shows within them (comments, code spans), not front matter,
 * fenced code or the bibliography, which a few lines cannot tell.
 */
export function maskDraft(text: string, format: DraftFormat, local = false): string {
  const ranges: Array<[number, number]> = local ? [] : bibliographyRanges(text).map((range): [number, number] => [range.start, range.end]);
  if (format === 'latex') {
    // Comments: `%` to the end of the line, unless escaped.
    for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i > 0 && text[i - 1] === '\\') continue;
      const end = lineEndAt(text, i);
      ranges.push([i, end]);
      i = end;
    }
    for (const env of ['verbatim', 'lstlisting', 'minted', 'comment']) {
      let from = 0;
      for (let guard = 0; guard < 10000; guard++) {
        const open = text.indexOf(`\\begin{${env}}`, from);
        if (open < 0) break;
        const close = text.indexOf(`\\end{${env}}`, open);
        const end = close < 0 ? text.length : close + env.length + 6;
        ranges.push([open, end]);
        from = end;
      }
    }
    return applyBlanks(text, ranges);
  }
  const bodyStart = local ? 0 : frontMatterEnd(text);
  if (bodyStart > 0) ranges.push([0, bodyStart]);
  if (format === 'markdown' && !local) {
    // Fenced code blocks: only the lines with three backticks or tildes can open or close one.
    const fences = new FenceTracker();
    let blockStart = -1;
    const bodyFrom = bodyStart === 0 ? 0 : bodyStart + 1;
    for (let at = nextFenceRun(text, bodyFrom); at >= 0; ) {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const end = lineEndAt(text, at);
      if (lineStart >= bodyFrom && at - lineStart <= 3) {
        const wasOpen = fences.isOpen;
        const inside = fences.inside(text.slice(lineStart, end));
        if (inside && !wasOpen) blockStart = lineStart;
        if (wasOpen && !fences.isOpen) ranges.push([blockStart, end]);
      }
      at = nextFenceRun(text, end + 1);
    }
    if (fences.isOpen) ranges.push([blockStart, text.length]);
  }
  // HTML comments.
  const inBlock = insideSorted(ranges);
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', open + 1)) {
    if (inBlock(open)) continue;
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    ranges.push([open, end]);
    open = end - 1;
  }
  if (format === 'plain') return applyBlanks(text, ranges);
  // Code spans: a run of n backticks up to the next run of exactly n backticks in the same paragraph.
  const skipped = insideSorted(ranges);
  for (let k = text.indexOf('`'); k >= 0 && k < text.length; k = text.indexOf('`', k + 1)) {
    if (skipped(k)) continue;
    let n = 1;
    while (text[k + n] === '`') n++;
    const limit = paragraphEnd(text, k);
    let close = -1;
    for (let j = text.indexOf('`', k + n); j >= 0 && j < limit; j = text.indexOf('`', j + 1)) {
      let m = 1;
      while (text[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m - 1;
    }
    if (close < 0) {
      k += n - 1;
      continue;
    }
    ranges.push([k, close + n]);
    k = close + n - 1;
  }
  return applyBlanks(text, ranges);
}

// ---------------------------------------------------------------------------------------------------------
// Footnotes, line by line (also used by the preview's markdown-it rule)

const DEFINITION_HEAD = /^ {0,3}\[\^([^\]\s]{1,100})\]:[ \t]*/;
/** A line that starts another block, so it cannot continue a footnote's text. */
const BLOCK_START = /^(?:#{1,6}\s|>|```|~~~|---|\*\*\*|\[\^[^\]\s]{1,100}\]:)/;

/** `[^label]: ` at the start of a line (up to three spaces before it): the label and where the note's text starts. */
export function footnoteDefinitionHead(line: string): { label: string; textStart: number } | undefined {
  const match = DEFINITION_HEAD.exec(line.length > 130 ? line.slice(0, 130) : line);
  return match ? { label: match[1], textStart: match[0].length } : undefined;
}

/** Whether a line right after a footnote's text goes on with it: not blank, and not the start of another block. */
export function continuesFootnote(line: string): boolean {
  const trimmed = line.trimStart();
  if (trimmed === '') return false;
  return line.length - trimmed.length >= 4 || !BLOCK_START.test(trimmed.slice(0, 110));
}

/** `[^label]` at `at`, a reference or (followed by `:`) a definition's head: its label and end. */
export function footnoteLabelAt(text: string, at: number): { label: string; end: number; definition: boolean } | undefined {
  if (text[at] !== '[' || text[at + 1] !== '^') return undefined;
  let j = at + 2;
  const max = Math.min(text.length, at + 2 + MAX_LABEL);
  while (j < max && text[j] !== ']' && text[j] !== '[' && !/\s/.test(text[j])) j++;
  if (text[j] !== ']' || j === at + 2) return undefined;
  return { label: text.slice(at + 2, j), end: j + 1, definition: text[j + 1] === ':' };
}

/** A footnote reference `[^label]` (not a definition) at `at`: its label and end. */
export function footnoteReferenceAt(text: string, at: number): { label: string; end: number } | undefined {
  const found = footnoteLabelAt(text, at);
  return found && !found.definition ? { label: found.label, end: found.end } : undefined;
}

/** Every footnote definition in the (masked) text, in order: looked for where `[^` starts a line (after up to 3 spaces). */
function footnoteDefinitionsIn(masked: string): FootnoteDefinition[] {
  const definitions: FootnoteDefinition[] = [];
  let from = 0;
  for (let at = masked.indexOf('[^'); at >= 0; at = masked.indexOf('[^', Math.max(at + 2, from))) {
    const lineStart = masked.lastIndexOf('\n', at - 1) + 1;
    if (at - lineStart > 3 || at < from) continue;
    let end = lineEndAt(masked, at);
    const head = footnoteDefinitionHead(masked.slice(lineStart, Math.min(end, lineStart + 130)));
    if (!head) continue;
    const start = lineStart + head.textStart;
    let noteEnd = end;
    while (end < masked.length) {
      const nextEnd = lineEndAt(masked, end + 1);
      if (!continuesFootnote(masked.slice(end + 1, nextEnd))) break;
      noteEnd = nextEnd;
      end = nextEnd;
    }
    while (noteEnd > start && (masked[noteEnd - 1] === '\r' || masked[noteEnd - 1] === ' ' || masked[noteEnd - 1] === '\t')) noteEnd--;
    const noteStop = Math.max(start, noteEnd);
    definitions.push({ label: head.label, lineStart, start, end: noteStop, text: masked.slice(start, noteStop) });
    from = end + 1;
  }
  return definitions;
}

/**
 * The text of footnote `label` in a document read line by line (the hover's: it has no text of the whole draft),
 * as `readDraft(…).footnotes` reads it: the first definition of the label outside front matter, fenced code and
 * Sourcebook's bibliography, with the lines that go on with it. Walks the lines once.
 */
export function findFootnoteNote(label: string, lineCount: number, lineAt: (line: number) => string): string | undefined {
  const fences = new FenceTracker();
  let line = 0;
  if (lineCount > 0 && lineAt(0) === '---') {
    for (let end = 1; end < Math.min(lineCount, 1000); end++) {
      const text = lineAt(end).trimEnd();
      if (text === '---' || text === '...') {
        line = end + 1;
        break;
      }
    }
  }
  let inBibliography = false;
  for (; line < lineCount; line++) {
    const text = lineAt(line);
    if (inBibliography) {
      if (text.includes(BIBLIOGRAPHY_END)) inBibliography = false;
      continue;
    }
    if (text.includes(BIBLIOGRAPHY_START)) {
      inBibliography = !text.includes(BIBLIOGRAPHY_END);
      continue;
    }
    if (fences.inside(text)) continue;
    const bracket = text.indexOf('[^');
    if (bracket < 0 || bracket > 3) continue;
    const head = footnoteDefinitionHead(text);
    if (!head || head.label !== label) continue;
    const parts = [text.slice(head.textStart)];
    for (let next = line + 1; next < lineCount && continuesFootnote(lineAt(next)); next++) parts.push(lineAt(next));
    return parts.join('\n').trimEnd();
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Paragraph locators

/** A citation's locator: a paragraph (`paragraph`, `paragraphEnd`) or another (`locator`, `label`). */
export type CiteLocator = Pick<CiteRef, 'paragraph' | 'paragraphEnd' | 'locator' | 'label'>;

/** A locator as a citation carries it: numbered paragraphs as numbers, any other as CSL's label and value. */
function asCiteLocator(label: CslLocatorLabel | undefined, locator: string): CiteLocator {
  if (label === 'paragraph') {
    const range = /^(\d{1,5})(?:-(\d{1,5}))?/.exec(locator);
    if (!range) return {};
    return range[2] ? { paragraph: Number(range[1]), paragraphEnd: Number(range[2]) } : { paragraph: Number(range[1]) };
  }
  return { locator, label: label ?? 'page' };
}

/**
 * A locator at the start of `text` (after a comma): the paragraphs, or another locator, and how many characters it
 * took (0 when there is none).
 */
export function readLocator(text: string): CiteLocator & { length: number } {
  const read = readLocatorAt(text);
  if (!read) return { length: 0 };
  const locator = asCiteLocator(read.label, read.locator);
  return Object.keys(locator).length > 0 ? { ...locator, length: read.length } : { length: 0 };
}

function locatorOf(text: string): CiteLocator {
  const { length, ...locator } = readLocator(text);
  return length > 0 ? locator : {};
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z]/.test(ch);
}

/** A year (a bare number that ends a note is a page, unless it reads as the year of the work: "…, 2014."). */
const YEAR = /^1\d{3}$|^20\d{2}$/;

/**
 * A locator in a short text: a note's, or one part of it. A paragraph anywhere ("…, para. 4, quoted in …"); else a
 * locator after the note's last comma that ends it, or comes just before its URL ("Tate, *Title*, 45.", "…, chap. 3.",
 * "…, 2025, 3, https://…").
 */
export function findLocator(text: string): CiteLocator {
  const short = text.length > 2000 ? text.slice(0, 2000) : text;
  for (let i = 0; i < short.length; i++) {
    const ch = short[i];
    if ((ch === 'p' || ch === 'P' || ch === '¶') && !isLetter(short[i - 1])) {
      const found = readLocatorAt(short.slice(i, i + 40));
      if (found?.label === 'paragraph') {
        const paragraph = asCiteLocator('paragraph', found.locator);
        if (paragraph.paragraph !== undefined) return paragraph;
      }
    }
  }
  let end = trimEnd(short, ' \t\r\n.)]').length;
  // A full note ends with the URL after the locator: "…, 2025, 3, https://…".
  const last = short.lastIndexOf(',', end - 1);
  if (last >= 0 && /^\s*<?(?:https?:\/\/|doi:|www\.)\S*$/.test(short.slice(last + 1, end))) end = trimEnd(short.slice(0, last), ' \t\r\n.').length;
  for (let comma = short.lastIndexOf(',', end - 1), tries = 0; comma >= 0 && tries < 4; comma = short.lastIndexOf(',', comma - 1), tries++) {
    // American punctuation puts the comma inside a title's closing quotation mark: "…Organisation,” 3."
    let from = comma + 1;
    while (from < end && ' ”’"\''.includes(short[from])) from++;
    const read = readLocatorAt(short.slice(from, end + 1));
    if (!read || from + read.length < end) continue;
    if (read.label === undefined && YEAR.test(read.locator)) return {};
    return asCiteLocator(read.label, read.locator);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------------------
// Reading one citation

/** One citation as written, with the keys in it. */
interface Written {
  citation: FoundCitation;
  keys: WrittenKey[];
  /** For a note (`\footnote{…}`): where its text is, so the citations inside it are read as the note's. */
  note?: { start: number; end: number };
  /** A Pandoc citation in the text (`@key`), not in brackets: in prose more often a handle than a citation. */
  inText?: true;
}

function isKeyStart(code: number): boolean {
  return code === 95 /* _ */ || isWordCode(code);
}

const KEY_PUNCTUATION = ':.#$%&+?<>~/-';

/** Reads a Pandoc key after `@` at `at`: `{any key}`, or Pandoc's characters without the punctuation after them. */
function readKey(text: string, at: number, limit: number): { key: string; start: number; end: number } | undefined {
  if (text[at] === '{') {
    const close = text.indexOf('}', at);
    if (close < 0 || close > limit || close - at > 200) return undefined;
    const key = text.slice(at + 1, close).trim();
    return key ? { key, start: at + 1, end: close } : undefined;
  }
  if (!isKeyStart(text.charCodeAt(at))) return undefined;
  let end = at + 1;
  while (end < limit && end - at < 200 && (isKeyStart(text.charCodeAt(end)) || KEY_PUNCTUATION.includes(text[end]))) end++;
  while (end > at + 1 && KEY_PUNCTUATION.includes(text[end - 1])) end--;
  return { key: text.slice(at, end), start: at, end };
}

/** The part of a Pandoc bracket citation around one `@key`. */
export interface PandocPart {
  /** The text before the key ("see", "Siân James, quoted in"), trimmed, escapes kept. */
  prefix: string;
  key?: WrittenKey;
  /** The text after the key (", para. 4"), as written. */
  suffix: string;
  /** `-@key`: the author's name is left out. */
  suppressAuthor: boolean;
}

/** Where the next unescaped `ch` is in `text[from, to)`, or -1. */
function unescapedIndex(text: string, ch: string, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === ch) return j;
  }
  return -1;
}

/**
 * A bracketed Pandoc citation at `start` (`[see @a, para. 4; @b]`), every part between semicolons with its key (a
 * part without one has none), or undefined when the bracket cannot be a citation: no key, a nested bracket, a
 * blank line inside, a link (`](` or `][` after it), longer than 1,000 characters or past `limit`.
 */
export function readPandocBracket(text: string, start: number, limit = text.length): { start: number; end: number; parts: PandocPart[] } | undefined {
  if (text[start] !== '[' || text[start + 1] === '^') return undefined;
  const max = Math.min(limit, text.length, start + MAX_BRACKET_CHARS);
  let close = -1;
  for (let j = start + 1; j < max; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '[') return undefined;
    else if (ch === ']') {
      close = j;
      break;
    } else if (ch === '\n' && blankLineAfter(text, j)) return undefined;
  }
  if (close < 0 || text[close + 1] === '(' || text[close + 1] === '[') return undefined;
  const parts: PandocPart[] = [];
  let any = false;
  for (let from = start + 1; from <= close; ) {
    const semicolon = unescapedIndex(text, ';', from, close);
    const to = semicolon < 0 ? close : semicolon;
    const at = unescapedIndex(text, '@', from, to);
    // `@` after a letter or digit: an e-mail address, not a key.
    const read = at >= 0 && !(at > from && isKeyStart(text.charCodeAt(at - 1))) ? readKey(text, at + 1, to) : undefined;
    if (read) {
      any = true;
      const suppressAuthor = at > from && text[at - 1] === '-';
      const keyEnd = text[at + 1] === '{' ? read.end + 1 : read.end;
      parts.push({ prefix: text.slice(from, suppressAuthor ? at - 1 : at).trim(), key: read, suffix: text.slice(keyEnd, to), suppressAuthor });
    } else {
      parts.push({ prefix: text.slice(from, to).trim(), suffix: '', suppressAuthor: false });
    }
    from = to + 1;
  }
  return any ? { start, end: close + 1, parts } : undefined;
}

function pandocBracket(text: string, start: number, limit: number): Written | undefined {
  const bracket = readPandocBracket(text, start, limit);
  if (!bracket) return undefined;
  const cites: CiteRef[] = [];
  const keys: WrittenKey[] = [];
  for (const part of bracket.parts) {
    if (!part.key) continue;
    keys.push(part.key);
    cites.push({ key: part.key.key, ...locatorOf(part.suffix) });
  }
  return { citation: { form: 'pandoc', start, end: bracket.end, text: text.slice(start, bracket.end), cites }, keys };
}

/** In-text Pandoc `@key` or `@key [para. 4]` at `start` (the `@`). */
function pandocInText(text: string, start: number, limit: number): Written | undefined {
  const before = text.charCodeAt(start - 1);
  if (start > 0 && (isKeyStart(before) || text[start - 1] === '@' || text[start - 1] === '.')) return undefined;
  const read = readKey(text, start + 1, limit);
  if (!read) return undefined;
  let end = text[start + 1] === '{' ? read.end + 1 : read.end;
  let locator = {};
  let j = end;
  while (j < limit && text[j] === ' ') j++;
  if (text[j] === '[' && text[j + 1] !== '^') {
    const close = text.indexOf(']', j);
    if (close > 0 && close < limit && close - j < 60 && !text.slice(j, close).includes('@')) {
      locator = locatorOf(text.slice(j + 1, close));
      end = close + 1;
    }
  }
  return { citation: { form: 'pandoc', start, end, text: text.slice(start, end), cites: [{ key: read.key, ...locator }] }, keys: [read], inText: true };
}

function skipSpace(text: string, from: number, limit: number): number {
  let j = from;
  let breaks = 0;
  while (j < limit && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r' || text[j] === '\n')) {
    if (text[j] === '\n' && ++breaks > 1) break;
    j++;
  }
  return j;
}

/** The closing brace matching the one at `open`, within `limit`, or -1. */
export function matchingBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  const end = Math.min(text.length, limit);
  for (let i = open; i < end; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** `\cite[pre][post]{a,b}`, a multi-citation, or `\footnote{…}` at `start` (the backslash). */
function latexCommand(text: string, start: number, limit: number): Written | undefined {
  let j = start + 1;
  while (j < limit && j - start < 30 && isLetter(text[j])) j++;
  const name = text.slice(start + 1, j);
  if (name === 'footnote') {
    let open = skipSpace(text, j, limit);
    if (text[open] === '[') {
      const close = text.indexOf(']', open);
      if (close < 0 || close - open > 20) return undefined;
      open = close + 1;
    }
    if (text[open] !== '{') return undefined;
    const close = matchingBrace(text, open, Math.min(limit, open + MAX_NOTE_CHARS));
    if (close < 0) return undefined;
    const note = { label: '', start: open + 1, end: close, text: text.slice(open + 1, close) };
    return { citation: { form: 'footnote', start, end: close + 1, text: text.slice(start, close + 1), cites: [], footnote: note }, keys: [], note };
  }
  const multi = MULTI_CITE_COMMANDS.has(name);
  if (!multi && !CITE_COMMANDS.has(name)) return undefined;
  if (text[j] === '*') j++;
  const cites: CiteRef[] = [];
  const keys: WrittenKey[] = [];
  if (multi) {
    // The notes for the whole list: `(pre)(post)`.
    for (let k = 0; k < 2; k++) {
      const at = skipSpace(text, j, limit);
      if (text[at] !== '(') break;
      const close = text.indexOf(')', at);
      if (close < 0 || close > limit || close - at > 200) return undefined;
      j = close + 1;
    }
  }
  let end = -1;
  for (let group = 0; group < (multi ? 20 : 1); group++) {
    let at = skipSpace(text, j, limit);
    const optionals: string[] = [];
    while (optionals.length < 2 && text[at] === '[') {
      const close = text.indexOf(']', at);
      if (close < 0 || close > limit || close - at > 200) return undefined;
      optionals.push(text.slice(at + 1, close));
      at = skipSpace(text, close + 1, limit);
    }
    if (text[at] !== '{') {
      if (group === 0) return undefined;
      break;
    }
    const close = text.indexOf('}', at);
    if (close < 0 || close > limit || close - at > MAX_LATEX_ARGUMENT) return undefined;
    const locator = locatorOf(optionals.length > 0 ? optionals[optionals.length - 1] : '');
    let partStart = at + 1;
    let first = true;
    for (const part of text.slice(at + 1, close).split(',')) {
      const key = part.trim();
      const keyStart = partStart + part.length - part.trimStart().length;
      partStart += part.length + 1;
      if (!key || key === '*') continue;
      keys.push({ key, start: keyStart, end: keyStart + key.length });
      cites.push(first ? { key, ...locator } : { key });
      first = false;
    }
    end = close + 1;
    j = end;
  }
  if (end < 0 || cites.length === 0) return undefined;
  const citation: FoundCitation = { form: 'latex', start, end, text: text.slice(start, end), cites };
  if (name === 'nocite') citation.silent = true;
  return { citation, keys };
}

const AUTHOR_DATE = /^\(([^()\d,;]{2,80}?),?\s+(\d{4}[a-z]?|n\.\s?d\.|no date)(?:,\s*([^()]{1,40}))?\)$/;
/** MLA's page citation "(Tate 45)", "(Byrne, “Pride and Prejudice” 45–47)": a name, then a page or range. */
const NAME_PAGE = /^([“"‘']?\p{Lu}[^()\d]{1,80}?)\s+(\d{1,4}(?:\s*(?:---|--|-|–|—)\s*\d{1,4})?)$/u;

/**
 * "(Crossan 2025, para. 4)", "(Tate 2017, p. 45)", "(Crossan, par. 4)", "(Tate, ch. 3)" and, in plain text, MLA's
 * "(Tate 45)", "(Bossy)" or an unsigned work's title "(“Lesbians and Gays Support the Miners”)" at `start` (the
 * parenthesis).
 */
function parenthetical(text: string, start: number, limit: number, format: DraftFormat): Written | undefined {
  const max = Math.min(limit, text.length, start + MAX_PAREN_CHARS);
  let close = -1;
  for (let j = start + 1; j < max; j++) {
    const ch = text[j];
    if (ch === '(') return undefined;
    if (ch === ')') {
      close = j;
      break;
    }
    if (ch === '\n' && blankLineAfter(text, j)) return undefined;
  }
  if (close < 0) return undefined;
  const raw = text.slice(start, close + 1);
  const flat = raw.replace(/\s+/g, ' ');
  const citation = (cite: CiteRef): Written => ({ citation: { form: 'authorDate', start, end: close + 1, text: raw, cites: [cite] }, keys: [] });
  const match = AUTHOR_DATE.exec(flat);
  if (match) {
    const name = match[1].replace(/\s+(?:et al\.?|and others)$/i, '').trim();
    return citation({ name, year: match[2], ...(match[3] ? locatorOf(match[3]) : {}) });
  }
  const inner = flat.slice(1, -1).trim();
  // A locator at the end: the words before it name the source. A paragraph after a space or comma ("(Crossan, par.
  // 4)"); any other locator after a comma, the name capitalised ("(Tate, ch. 3)", not "(see chapter 3)").
  for (let k = inner.length - 1; k > 0; k--) {
    if (inner[k] !== ' ' && inner[k] !== ',') continue;
    const tail = inner.slice(k + 1);
    const read = readLocatorAt(tail);
    if (!read?.label || tail.slice(read.length).replace('.', '').trim() !== '') continue;
    const locator = asCiteLocator(read.label, read.locator);
    if (Object.keys(locator).length === 0) continue;
    let head = inner.slice(0, k);
    const afterComma = inner[k] === ',' || head.endsWith(',');
    while (head.endsWith(',') || head.endsWith(' ')) head = head.slice(0, -1);
    if (!/[\p{L}]/u.test(head)) return undefined;
    if (read.label !== 'paragraph' && (!afterComma || !/^[“"‘']?\p{Lu}/u.test(head))) continue;
    return citation({ noteText: head, ...locator });
  }
  if (format !== 'plain') return undefined;
  const page = NAME_PAGE.exec(inner);
  if (page && !readLocatorAt(`${page[1].split(' ').pop() ?? ''} 1`)?.label) return citation({ noteText: page[1].replace(/,$/, ''), ...locatorOf(page[2]) });
  if (inner.length <= 120 && /^[“"‘']?\p{Lu}/u.test(inner) && !/[\d.!?]/.test(inner)) return citation({ noteText: inner });
  return undefined;
}

/** The citation written at exactly `i`, if any. */
function writtenAt(text: string, i: number, limit: number, format: DraftFormat): Written | undefined {
  const ch = text[i];
  const markdown = format !== 'latex';
  const latex = format !== 'markdown';
  if (ch === '[') {
    if (text[i + 1] === '^') {
      if (!markdown) return undefined;
      const reference = footnoteReferenceAt(text, i);
      if (!reference || reference.end > limit) return undefined;
      const footnote = { label: reference.label, start: -1, end: -1, text: '' };
      return { citation: { form: 'footnote', start: i, end: reference.end, text: text.slice(i, reference.end), cites: [], footnote }, keys: [] };
    }
    return markdown ? pandocBracket(text, i, limit) : undefined;
  }
  if (ch === '@') return markdown ? pandocInText(text, i, limit) : undefined;
  if (ch === '\\') return latex ? latexCommand(text, i, limit) : undefined;
  if (ch === '(') return parenthetical(text, i, limit, format);
  return undefined;
}

/**
 * Every citation written in `text[from, to)`, in order. A citation's inside is not read again (the `@a` inside
 * `[@a, para. 4]`), except a LaTeX note's, whose citations are the note's.
 */
function writtenIn(text: string, format: DraftFormat, from = 0, to = text.length): Written[] {
  const found: Written[] = [];
  // Where a citation may start, each character looked for with `indexOf` (a string search many times faster on a
  // long draft than a loop over its characters, or a regular expression for any of them).
  const starts = format === 'markdown' ? ['[', '@', '('] : format === 'latex' ? ['\\', '('] : ['[', '@', '\\', '('];
  const next = starts.map((ch) => text.indexOf(ch, from));
  for (let at = from; ; ) {
    let i = -1;
    for (let k = 0; k < starts.length; k++) {
      if (next[k] >= 0 && next[k] < at) next[k] = text.indexOf(starts[k], at);
      if (next[k] >= 0 && (i < 0 || next[k] < i)) i = next[k];
    }
    if (i < 0 || i >= to) break;
    const written = writtenAt(text, i, to, format);
    if (written) found.push(written);
    at = written ? (written.note ? written.note.start : written.citation.end) : i + 1;
  }
  return found;
}

/** The citations inside a note's text, or one "citation" carrying the text itself (with any paragraph it gives). */
function noteCites(inside: readonly Written[], noteText: string): CiteRef[] {
  const cites = inside.filter((written) => !written.citation.silent && written.citation.form !== 'footnote').flatMap((written) => written.citation.cites);
  return cites.length > 0 ? cites : [{ noteText, ...findLocator(noteText) }];
}

// ---------------------------------------------------------------------------------------------------------
// A draft, read

/** A draft read once: each part is worked out on first use. */
export class DraftReading {
  /** The text with what is not prose blanked (see the header): same length, same line breaks. */
  readonly masked: string;
  private definitionList: FootnoteDefinition[] | undefined;
  private noteMap: Map<string, FootnoteDefinition> | undefined;
  private written: Written[] | undefined;
  private prose: FoundCitation[] | undefined;
  private byStart: Map<number, FoundCitation> | undefined;

  constructor(
    readonly text: string,
    readonly format: DraftFormat,
    private readonly local = false,
  ) {
    this.masked = maskDraft(text, format, local);
  }

  /** The first bibliography Sourcebook wrote into the draft, from its start marker's line to its end marker's. */
  get bibliography(): { start: number; end: number } | undefined {
    return bibliographyRanges(this.text)[0];
  }

  /** Every footnote definition, in order (Markdown and plain text). */
  get footnoteDefinitions(): readonly FootnoteDefinition[] {
    this.definitionList ??= this.format === 'latex' ? [] : footnoteDefinitionsIn(this.masked);
    return this.definitionList;
  }

  /** The notes by label; the first definition of a label counts. */
  get footnotes(): ReadonlyMap<string, FootnoteDefinition> {
    if (!this.noteMap) {
      this.noteMap = new Map();
      for (const definition of this.footnoteDefinitions) if (!this.noteMap.has(definition.label)) this.noteMap.set(definition.label, definition);
    }
    return this.noteMap;
  }

  /** Every citation as written, those inside notes included. */
  private get allWritten(): Written[] {
    this.written ??= writtenIn(this.masked, this.format);
    return this.written;
  }

  /** The citations written inside `[start, end)`, by binary search. */
  private writtenWithin(start: number, end: number): Written[] {
    const all = this.allWritten;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].citation.start < start) lo = mid + 1;
      else hi = mid;
    }
    const inside: Written[] = [];
    for (let k = lo; k < all.length && all[k].citation.start < end; k++) if (all[k].citation.end <= end) inside.push(all[k]);
    return inside;
  }

  /** A footnote reference's or a LaTeX note's citation, with the note's citations (or its text) as its cites. */
  private withNote(written: Written, lookup?: (label: string) => string | undefined): FoundCitation {
    const citation = written.citation;
    if (citation.form !== 'footnote' || !citation.footnote) return citation;
    if (written.note) return { ...citation, cites: noteCites(this.writtenWithin(written.note.start, written.note.end), citation.footnote.text) };
    const label = citation.footnote.label;
    const looked = lookup?.(label);
    if (looked !== undefined) {
      return { ...citation, cites: noteCites(writtenIn(maskDraft(looked, this.format, true), this.format), looked), footnote: { label, start: -1, end: -1, text: looked } };
    }
    const definition = this.footnotes.get(label);
    const bare: FoundCitation = { form: 'footnote', start: citation.start, end: citation.end, text: citation.text, cites: [] };
    if (!definition) return bare;
    return { ...bare, cites: noteCites(this.writtenWithin(definition.start, definition.end), definition.text), footnote: { label, start: definition.start, end: definition.end, text: definition.text } };
  }

  /**
   * The citations of the prose, in order: a note's citations are read as its references' (a footnote reference
   * carries its note's, as does `\footnote{…}`), not again on their own.
   */
  get citations(): readonly FoundCitation[] {
    if (!this.prose) {
      const notes = [...this.footnoteDefinitions.map((d) => ({ start: d.start, end: d.end }))];
      for (const written of this.allWritten) if (written.note) notes.push(written.note);
      const inNote = insideSorted(notes.map((note): [number, number] => [note.start, note.end]));
      this.prose = this.allWritten.filter((written) => !inNote(written.citation.start)).map((written) => this.withNote(written));
    }
    return this.prose;
  }

  /** The prose citation starting exactly at `offset`, if any. */
  citationStartingAt(offset: number): FoundCitation | undefined {
    if (!this.byStart) {
      this.byStart = new Map();
      for (const citation of this.citations) this.byStart.set(citation.start, citation);
    }
    return this.byStart.get(offset);
  }

  /**
   * Every citation key as written in a bracketed Pandoc citation or a LaTeX command, those in notes included, in
   * order. Not the in-text `@name`: in prose that is far more often a social-media handle than a citation.
   */
  get keys(): readonly WrittenKey[] {
    return this.allWritten.filter((written) => !written.inText).flatMap((written) => written.keys);
  }

  /**
   * The citation covering `offset`, the widest when several do (`[@a, para. 4]` rather than the `@a` inside it; a
   * `\footnote{…}` rather than the `\cite` in it), those inside notes included. A footnote reference's note is
   * `lookup(label)` when given, else its definition in this text. Walks the citations before `offset`: for the
   * few lines a hover reads.
   */
  citationCovering(offset: number, lookup?: (label: string) => string | undefined): FoundCitation | undefined {
    let best: Written | undefined;
    for (const written of this.allWritten) {
      const { start, end } = written.citation;
      if (start > offset) break;
      if (end < offset) continue;
      if (!best || end - start > best.citation.end - best.citation.start) best = written;
    }
    return best && this.withNote(best, lookup);
  }
}

/** Reads a draft (the format guessed from the text when not given). Nothing is worked out until it is asked for. */
export function readDraft(text: string, format: DraftFormat = guessFormat(text)): DraftReading {
  return new DraftReading(text, format);
}

const HOVER_WINDOW = 300;

/**
 * The citation covering `offset` in `text` — a line, or a few lines around the pointer, as the hover reads them —
 * the widest when several do. Comments and code spans within the text are not read; a footnote reference's note
 * is `noteText(label)` (the caller knows where the definitions are: see `findFootnoteNote`). Looks only within a
 * short window of the offset; never throws.
 */
export function citationAtOffset(
  text: string,
  offset: number,
  format: DraftFormat = 'markdown',
  noteText?: (label: string) => string | undefined,
): FoundCitation | undefined {
  try {
    if (typeof text !== 'string' || !Number.isFinite(offset) || offset < 0 || offset > text.length) return undefined;
    const from = Math.max(0, offset - HOVER_WINDOW);
    const window = new DraftReading(text.slice(from, Math.min(text.length, offset + HOVER_WINDOW)), format, true);
    const found = window.citationCovering(offset - from, noteText);
    if (!found) return undefined;
    const shifted: FoundCitation = { ...found, start: found.start + from, end: found.end + from };
    if (found.footnote && found.footnote.start >= 0) shifted.footnote = { ...found.footnote, start: found.footnote.start + from, end: found.footnote.end + from };
    return shifted;
  } catch {
    return undefined;
  }
}
