// Finds the quotations in a draft (Markdown, LaTeX or plain text) and the citation next to each.
//
// A quotation is text between double quotes (curly “…”, straight "…", LaTeX ``…'' or \enquote{…}) or a block
// quotation (Markdown `>` lines, LaTeX quote/quotation environments), of at least `minWords` words. Single quotes
// inside are part of the quotation (a quote within a quote). Skipped: front matter, fenced code blocks, code
// spans and HTML comments (Markdown), comments and verbatim environments (LaTeX). A quotation never runs over a
// blank line.
//
// The citation of a quotation is the first one after it in the same sentence (a footnote reference may follow
// the closing punctuation), or else one earlier in the same sentence that no other quotation claims:
// Pandoc `[@key, para. 4]` / `@key [para. 4]`, LaTeX `\cite[para.~4]{key}` and its biblatex/natbib cousins,
// a footnote `[^n]` (its note's text is returned, with any citation in it), or author-date "(Crossan 2025,
// para. 4)". Keys are returned as written; matching a note's or an author-date citation's text to a source is
// the quotation check's job.
//
// Every loop walks the text forward with bounded look-ahead; the few regular expressions are fixed patterns run
// on short slices, never built from the draft's text.

import { wordSpans } from '../text/sentences';

export type DraftFormat = 'markdown' | 'latex' | 'plain';
export type QuotationKind = 'curly' | 'straight' | 'latex' | 'block';

/** One work named by a citation. */
export interface CiteRef {
  /** The citation key, when the citation names one (`[@key]`, `\cite{key}`). */
  key?: string;
  /** Author-date citations: the name as written ("Crossan", "Wikipedia contributors"). */
  name?: string;
  /** Author-date citations: the year as written ("2025", "n.d."). */
  year?: string;
  /** Footnotes without a key: the note's text, to be matched against sources' authors and titles. */
  noteText?: string;
  /** The paragraph locator ("para. 4" → 4; "paras. 3–4" → 3 with `paragraphEnd` 4). */
  paragraph?: number;
  paragraphEnd?: number;
}

export interface FoundCitation {
  form: 'pandoc' | 'latex' | 'footnote' | 'authorDate';
  /** Offsets in the draft of the citation as written (for a footnote: the reference `[^n]`). */
  start: number;
  end: number;
  text: string;
  cites: CiteRef[];
  /** For a footnote: its label and the note's text and offsets (the text after `[^n]:`). */
  footnote?: { label: string; start: number; end: number; text: string };
}

export interface FoundQuotation {
  /** The quoted words as written in the draft: `draft.slice(start, end)` (block quotes keep their `>` marks). */
  text: string;
  /** Offsets of the quoted words, end-exclusive. */
  start: number;
  end: number;
  /** Offsets of the whole quotation, with its quote marks (or the whole block quotation). */
  outerStart: number;
  outerEnd: number;
  kind: QuotationKind;
  wordCount: number;
  citation?: FoundCitation;
}

export interface FindQuotationsOptions {
  /** Default: guessed from the text (LaTeX when it has `\begin{`, `\cite` or `\documentclass`), else Markdown. */
  format?: DraftFormat;
  /** Quotations with fewer words are ignored (default 4). */
  minWords?: number;
}

const MAX_QUOTE_CHARS = 8000;
const CITATION_WINDOW = 300;

export function guessFormat(text: string): DraftFormat {
  const head = text.length > 20000 ? text.slice(0, 20000) : text;
  if (head.includes('\\documentclass') || head.includes('\\begin{') || head.includes('\\cite')) return 'latex';
  return 'markdown';
}

/** The text with the given ranges blanked out (every character but a line break becomes a space). */
function applyBlanks(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [rangeStart, rangeEnd] of ranges) {
    const from = Math.max(rangeStart, at);
    const to = Math.min(rangeEnd, text.length);
    if (to <= from) continue;
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\n]/g, ' ');
    at = to;
  }
  return out + text.slice(at);
}

function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
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
 * The draft with everything that is not prose blanked out (front matter, code blocks and spans, comments, LaTeX
 * verbatim environments): same length, same line breaks. What cannot hold a quotation or a citation.
 */
export function maskDraft(text: string, format: DraftFormat): string {
  const ranges: Array<[number, number]> = [];
  if (format === 'latex') {
    // Comments: `%` to the end of the line, unless escaped.
    for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i > 0 && text[i - 1] === '\\') continue;
      const end = lineEnd(text, i);
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
  let bodyStart = 0;
  // Front matter.
  if (text.startsWith('---\n') || text.startsWith('---\r\n')) {
    let lineStart = lineEnd(text, 0) + 1;
    for (let guard = 0; guard < 1000 && lineStart < text.length; guard++) {
      const end = lineEnd(text, lineStart);
      const line = text.slice(lineStart, end).trimEnd();
      if (line === '---' || line === '...') {
        ranges.push([0, end]);
        bodyStart = end;
        break;
      }
      lineStart = end + 1;
    }
  }
  if (format === 'plain') return applyBlanks(text, ranges);
  // Fenced code blocks, line by line (only lines that start with a fence character are looked at closely).
  let lineStart = bodyStart === 0 ? 0 : bodyStart + 1;
  let fence: { char: string; length: number; start: number } | undefined;
  while (lineStart <= text.length) {
    const end = lineEnd(text, lineStart);
    let k = lineStart;
    while (k < end && k - lineStart < 3 && text[k] === ' ') k++;
    if (text[k] === '`' || text[k] === '~') {
      const trimmed = text.slice(k, end);
      const run = /^(`{3,}|~{3,})/.exec(trimmed);
      if (fence) {
        if (run && run[1][0] === fence.char && run[1].length >= fence.length && trimmed.slice(run[1].length).trim() === '') {
          ranges.push([fence.start, end]);
          fence = undefined;
        }
      } else if (run && !(run[1][0] === '`' && trimmed.slice(run[1].length).includes('`'))) {
        fence = { char: run[1][0], length: run[1].length, start: lineStart };
      }
    }
    if (end >= text.length) break;
    lineStart = end + 1;
  }
  if (fence) ranges.push([fence.start, text.length]);
  // HTML comments.
  const inBlock = insideSorted(ranges);
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', open + 1)) {
    if (inBlock(open)) continue;
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    ranges.push([open, end]);
    open = end - 1;
  }
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

/** The offset of the next blank line (or the end) after `from`. */
function paragraphEnd(text: string, from: number): number {
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

function countWords(text: string, start: number, end: number): number {
  return wordSpans(text, start, end).length;
}

// ---------------------------------------------------------------------------------------------------------
// Citations

// `[\s~]*`, not `\s*(?:~|\s)*`: the same text, without quadratic backtracking over a run of spaces.
const PARA_LOCATOR = /^(?:paras?\.?|paragraphs?|¶¶?)[\s~]*(\d{1,5})(?:\s*(?:-|–|—|--)\s*(\d{1,5}))?/i;

function parseLocator(text: string): { paragraph?: number; paragraphEnd?: number } {
  const trimmed = text.trim().replace(/^,\s*/, '');
  const match = PARA_LOCATOR.exec(trimmed);
  if (!match) return {};
  const paragraph = Number(match[1]);
  return match[2] ? { paragraph, paragraphEnd: Number(match[2]) } : { paragraph };
}

/** A paragraph locator anywhere in a short text ("…, para. 4."). */
function findLocator(text: string): { paragraph?: number; paragraphEnd?: number } {
  const short = text.length > 2000 ? text.slice(0, 2000) : text;
  for (let i = 0; i < short.length; i++) {
    const ch = short[i];
    if ((ch === 'p' || ch === 'P' || ch === '¶') && (i === 0 || !/[A-Za-z]/.test(short[i - 1]))) {
      const found = parseLocator(short.slice(i, i + 40));
      if (found.paragraph !== undefined) return found;
    }
  }
  return {};
}

const KEY_CHAR = /[A-Za-z0-9_:.#$%&+?<>~/-]/;

/** Reads a Pandoc key after `@` at `at`; strips trailing punctuation. */
function readKey(text: string, at: number, limit: number): { key: string; end: number } | undefined {
  if (text[at] === '{') {
    const close = text.indexOf('}', at);
    if (close < 0 || close > limit) return undefined;
    return { key: text.slice(at + 1, close), end: close + 1 };
  }
  let end = at;
  while (end < limit && KEY_CHAR.test(text[end])) end++;
  while (end > at && /[.:#$%&+?<>~/-]/.test(text[end - 1])) end--;
  if (end === at || !/[A-Za-z0-9_]/.test(text[at])) return undefined;
  return { key: text.slice(at, end), end };
}

/** `[see @a, para. 4; @b]` starting at `start` (the `[`). */
function parsePandocBracket(text: string, start: number, limit: number): FoundCitation | undefined {
  const close = text.indexOf(']', start);
  if (close < 0 || close > limit || close - start > 400) return undefined;
  const inner = text.slice(start + 1, close);
  if (!inner.includes('@') || inner.includes('[')) return undefined;
  const cites: CiteRef[] = [];
  for (const part of inner.split(';')) {
    const at = part.indexOf('@');
    if (at < 0) continue;
    if (at > 0 && /[A-Za-z0-9]/.test(part[at - 1])) continue; // an e-mail address
    const read = readKey(part, at + 1, part.length);
    if (!read) continue;
    cites.push({ key: read.key, ...parseLocator(part.slice(read.end)) });
  }
  if (cites.length === 0) return undefined;
  return { form: 'pandoc', start, end: close + 1, text: text.slice(start, close + 1), cites };
}

/** In-text Pandoc `@key` or `@key [para. 4]` at `start` (the `@`). */
function parsePandocInText(text: string, start: number, limit: number): FoundCitation | undefined {
  if (start > 0 && /[A-Za-z0-9_.]/.test(text[start - 1])) return undefined;
  const read = readKey(text, start + 1, limit);
  if (!read) return undefined;
  let end = read.end;
  let locator = {};
  let j = end;
  while (j < limit && text[j] === ' ') j++;
  if (text[j] === '[') {
    const close = text.indexOf(']', j);
    if (close > 0 && close <= limit && close - j < 60 && !text.slice(j, close).includes('@')) {
      locator = parseLocator(text.slice(j + 1, close));
      end = close + 1;
    }
  }
  return { form: 'pandoc', start, end, text: text.slice(start, end), cites: [{ key: read.key, ...locator }] };
}

const LATEX_CITE = /^\\(?:cite|citep|citet|parencite|autocite|textcite|footcite|smartcite|supercite|Cite|Parencite|Autocite|Textcite)\*?/;

/** `\cite[pre][post]{a,b}` at `start` (the backslash). */
function parseLatexCite(text: string, start: number, limit: number): FoundCitation | undefined {
  const head = LATEX_CITE.exec(text.slice(start, start + 20));
  if (!head) return undefined;
  let j = start + head[0].length;
  const optionals: string[] = [];
  for (let k = 0; k < 2 && text[j] === '['; k++) {
    const close = text.indexOf(']', j);
    if (close < 0 || close > limit || close - j > 200) return undefined;
    optionals.push(text.slice(j + 1, close));
    j = close + 1;
  }
  if (text[j] !== '{') return undefined;
  const close = text.indexOf('}', j);
  if (close < 0 || close > limit || close - j > 400) return undefined;
  const keys = text
    .slice(j + 1, close)
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  if (keys.length === 0) return undefined;
  const postnote = optionals.length > 0 ? optionals[optionals.length - 1] : '';
  const locator = parseLocator(postnote);
  return {
    form: 'latex',
    start,
    end: close + 1,
    text: text.slice(start, close + 1),
    cites: keys.map((key, k) => (k === 0 ? { key, ...locator } : { key })),
  };
}

const AUTHOR_DATE = /^\(([^()\d,;]{2,80}?)\s+(\d{4}[a-z]?|n\.\s?d\.)(?:,\s*([^()]{1,40}))?\)$/;

/** "(Crossan 2025, para. 4)" at `start` (the parenthesis). */
function parseAuthorDate(text: string, start: number, limit: number): FoundCitation | undefined {
  const close = text.indexOf(')', start);
  if (close < 0 || close > limit || close - start > 140) return undefined;
  const raw = text.slice(start, close + 1);
  const match = AUTHOR_DATE.exec(raw.replace(/\s+/g, ' '));
  if (!match) return undefined;
  const name = match[1].replace(/\s+(?:et al\.?|and others)$/i, '').trim();
  return {
    form: 'authorDate',
    start,
    end: close + 1,
    text: raw,
    cites: [{ name, year: match[2], ...(match[3] ? parseLocator(match[3]) : {}) }],
  };
}

interface FootnoteDefinition {
  label: string;
  start: number;
  end: number;
  text: string;
}

/** Footnote definitions `[^label]: text` (with indented continuation lines), by label. */
function footnoteDefinitions(masked: string): Map<string, FootnoteDefinition> {
  const notes = new Map<string, FootnoteDefinition>();
  let lineStart = 0;
  while (lineStart < masked.length) {
    const end = lineEnd(masked, lineStart);
    const match = /^ {0,3}\[\^([^\]\s]{1,100})\]:[ \t]*/.exec(masked.slice(lineStart, Math.min(end, lineStart + 120)));
    if (match) {
      const start = lineStart + match[0].length;
      let noteEnd = end;
      let next = end + 1;
      while (next < masked.length) {
        const nextEnd = lineEnd(masked, next);
        const line = masked.slice(next, nextEnd);
        if (!/^( {2,}|\t)\S/.test(line)) break;
        noteEnd = nextEnd;
        next = nextEnd + 1;
      }
      if (!notes.has(match[1])) notes.set(match[1], { label: match[1], start, end: noteEnd, text: masked.slice(start, noteEnd) });
    }
    lineStart = end + 1;
  }
  return notes;
}

/** The citations inside a note's text, or one "citation" carrying the text itself. */
function noteCites(note: FootnoteDefinition): CiteRef[] {
  const cites: CiteRef[] = [];
  const text = note.text;
  for (let i = 0; i < text.length && cites.length < 20; i++) {
    let found: FoundCitation | undefined;
    if (text[i] === '[') found = parsePandocBracket(text, i, text.length);
    else if (text[i] === '@') found = parsePandocInText(text, i, text.length);
    else if (text[i] === '\\') found = parseLatexCite(text, i, text.length);
    else if (text[i] === '(') found = parseAuthorDate(text, i, text.length);
    if (found) {
      cites.push(...found.cites);
      i = found.end - 1;
    }
  }
  if (cites.length > 0) return cites;
  return [{ noteText: text, ...findLocator(text) }];
}

/** A citation starting exactly at `i`, if any. */
function citationAt(masked: string, i: number, limit: number, notes: Map<string, FootnoteDefinition>, format: DraftFormat): FoundCitation | undefined {
  const ch = masked[i];
  if (ch === '[') {
    if (masked[i + 1] === '^') {
      const close = masked.indexOf(']', i);
      if (close < 0 || close > limit || close - i > 102 || masked[close + 1] === ':') return undefined;
      const label = masked.slice(i + 2, close);
      const note = notes.get(label);
      const citation: FoundCitation = { form: 'footnote', start: i, end: close + 1, text: masked.slice(i, close + 1), cites: [] };
      if (note) {
        citation.footnote = { label, start: note.start, end: note.end, text: note.text };
        citation.cites = noteCites(note);
      }
      return citation;
    }
    return parsePandocBracket(masked, i, limit);
  }
  if (ch === '@' && format !== 'latex') return parsePandocInText(masked, i, limit);
  if (ch === '\\' && format === 'latex') {
    if (masked.startsWith('\\footnote{', i)) {
      // A LaTeX footnote: the citation inside it, or its text.
      const close = matchingBrace(masked, i + 9, limit + 400);
      if (close < 0) return undefined;
      const note: FootnoteDefinition = { label: '', start: i + 10, end: close, text: masked.slice(i + 10, close) };
      return { form: 'footnote', start: i, end: close + 1, text: masked.slice(i, close + 1), cites: noteCites(note), footnote: note };
    }
    return parseLatexCite(masked, i, limit);
  }
  if (ch === '(') return parseAuthorDate(masked, i, limit);
  return undefined;
}

function matchingBrace(text: string, open: number, limit: number): number {
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

const NOT_SENTENCE_END = new Set(['para', 'paras', 'p', 'pp', 'cf', 'e.g', 'i.e', 'mr', 'mrs', 'ms', 'dr', 'st', 'vs', 'al', 'ch', 'no', 'vol', 'ed', 'eds', 'n.d']);

function isSentenceEnd(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== '.' && ch !== '!' && ch !== '?') return false;
  const next = text[i + 1];
  if (!(next === undefined || next === ' ' || next === '\n' || next === '\t' || next === '\r')) return false;
  if (ch !== '.') return true;
  let start = i;
  while (start > 0 && i - start < 6 && /[A-Za-z.]/.test(text[start - 1])) start--;
  return !NOT_SENTENCE_END.has(text.slice(start, i).toLowerCase());
}

/** The first citation after a quotation, in the same sentence and paragraph. */
function citationAfter(
  masked: string,
  from: number,
  notes: Map<string, FootnoteDefinition>,
  format: DraftFormat,
  immediateOnly = false,
): FoundCitation | undefined {
  const limit = Math.min(paragraphEnd(masked, from), from + CITATION_WINDOW);
  let i = from;
  // Right after the closing mark: optional punctuation, then a citation (a footnote after the full stop).
  while (i < limit && /[.,;:!?)]/.test(masked[i])) i++;
  while (i < limit && /\s/.test(masked[i])) i++;
  const immediate = citationAt(masked, i, limit, notes, format);
  if (immediate || immediateOnly) return immediate;
  for (let j = from; j < limit; j++) {
    const ch = masked[j];
    if (ch === '\u201C' || ch === '"' || (ch === '`' && masked[j + 1] === '`') || masked.startsWith('\\enquote{', j)) return undefined; // another quotation
    const found = citationAt(masked, j, limit, notes, format);
    if (found) return found;
    if (isSentenceEnd(masked, j)) return undefined;
  }
  return undefined;
}

/** The last citation before a quotation in the same sentence, ignoring citations in `claimed`. */
function citationBefore(
  masked: string,
  to: number,
  notes: Map<string, FootnoteDefinition>,
  format: DraftFormat,
  claimed: Set<number>,
): FoundCitation | undefined {
  let from = Math.max(0, to - CITATION_WINDOW);
  // Back to the start of the sentence or paragraph.
  for (let j = to - 1; j >= from; j--) {
    if (masked[j] === '\n' && j > 0 && /\n\s*$/.test(masked.slice(Math.max(0, j - 4), j))) {
      from = j + 1;
      break;
    }
    if (isSentenceEnd(masked, j)) {
      from = j + 1;
      break;
    }
  }
  let last: FoundCitation | undefined;
  for (let j = from; j < to; j++) {
    const found = citationAt(masked, j, to, notes, format);
    if (found) {
      if (!claimed.has(found.start)) last = found;
      j = found.end - 1;
    }
  }
  return last;
}

// ---------------------------------------------------------------------------------------------------------
// Quotations

interface RawQuotation {
  start: number;
  end: number;
  outerStart: number;
  outerEnd: number;
  kind: QuotationKind;
  /** A citation already found inside a block quotation (trailing it). */
  citation?: FoundCitation;
}

const BLOCK_LINE = /^ {0,3}>[ ]?/;

/** Markdown block quotations: runs of `>` lines (and their lazy continuation lines). */
function blockQuotations(masked: string, notes: Map<string, FootnoteDefinition>, format: DraftFormat): RawQuotation[] {
  const found: RawQuotation[] = [];
  let lineStart = 0;
  while (lineStart < masked.length) {
    let end = lineEnd(masked, lineStart);
    const marker = BLOCK_LINE.exec(masked.slice(lineStart, Math.min(end, lineStart + 8)));
    if (!marker) {
      lineStart = end + 1;
      continue;
    }
    const outerStart = lineStart;
    const start = lineStart + marker[0].length;
    let lastEnd = end;
    let next = end + 1;
    while (next < masked.length) {
      end = lineEnd(masked, next);
      const line = masked.slice(next, end);
      if (line.trim() === '' || /^ {0,3}>\s*$/.test(line)) break; // a blank line, or a `>` line with nothing on it
      lastEnd = end;
      next = end + 1;
    }
    let contentEnd = lastEnd;
    while (contentEnd > start && /\s/.test(masked[contentEnd - 1])) contentEnd--;
    const raw: RawQuotation = { start, end: contentEnd, outerStart, outerEnd: lastEnd, kind: 'block' };
    trimBlockAttribution(masked, raw, notes, format);
    found.push(raw);
    lineStart = lastEnd + 1;
  }
  return found;
}

/** A block quotation ending in a citation or an attribution line ("— Dai Donovan"): keep it out of the words. */
function trimBlockAttribution(masked: string, raw: RawQuotation, notes: Map<string, FootnoteDefinition>, format: DraftFormat): void {
  // An attribution line: the last line starts with a dash.
  const lastLineStart = masked.lastIndexOf('\n', raw.end - 1) + 1;
  if (lastLineStart > raw.start) {
    const line = masked.slice(lastLineStart, raw.end).replace(BLOCK_LINE, '');
    if (/^\s*(?:—|―|--|–)/.test(line)) {
      for (let j = lastLineStart; j < raw.end; j++) {
        const citation = citationAt(masked, j, raw.end, notes, format);
        if (citation) {
          raw.citation = citation;
          break;
        }
      }
      raw.end = lastLineStart - 1;
      while (raw.end > raw.start && /\s/.test(masked[raw.end - 1])) raw.end--;
      return;
    }
  }
  // A citation at the very end, perhaps followed by a full stop.
  let tail = raw.end;
  while (tail > raw.start && /[.\s]/.test(masked[tail - 1])) tail--;
  const windowStart = Math.max(raw.start, tail - 200);
  for (let j = windowStart; j < tail; j++) {
    const citation = citationAt(masked, j, tail, notes, format);
    if (citation && citation.end === tail) {
      raw.citation = citation;
      raw.end = j;
      while (raw.end > raw.start && /\s/.test(masked[raw.end - 1])) raw.end--;
      return;
    }
  }
}

/** LaTeX quote/quotation/displayquote environments. */
function latexBlocks(masked: string, notes: Map<string, FootnoteDefinition>): RawQuotation[] {
  const found: RawQuotation[] = [];
  for (const env of ['quote', 'quotation', 'displayquote']) {
    let from = 0;
    for (let guard = 0; guard < 10000; guard++) {
      const open = masked.indexOf(`\\begin{${env}}`, from);
      if (open < 0) break;
      const close = masked.indexOf(`\\end{${env}}`, open);
      if (close < 0) break;
      let start = open + env.length + 8;
      if (env === 'displayquote' && masked[start] === '[') start = Math.max(start, masked.indexOf(']', start) + 1);
      while (start < close && /\s/.test(masked[start])) start++;
      let end = close;
      while (end > start && /\s/.test(masked[end - 1])) end--;
      const raw: RawQuotation = { start, end, outerStart: open, outerEnd: close + env.length + 6, kind: 'block' };
      trimBlockAttribution(masked, raw, notes, 'latex');
      found.push(raw);
      from = close + 1;
    }
  }
  return found;
}

/** Quotations between double quote marks, within one paragraph, outside `excluded` ranges. */
function inlineQuotations(masked: string, format: DraftFormat, excluded: RawQuotation[]): RawQuotation[] {
  const found: RawQuotation[] = [];
  const sortedExcluded = [...excluded].sort((a, b) => a.outerStart - b.outerStart);
  let ex = 0;
  let open = -1;
  let openKind: QuotationKind = 'curly';
  const n = masked.length;
  for (let i = 0; i < n; i++) {
    while (ex < sortedExcluded.length && sortedExcluded[ex].outerEnd <= i) ex++;
    if (ex < sortedExcluded.length && sortedExcluded[ex].outerStart <= i) {
      open = -1;
      i = sortedExcluded[ex].outerEnd - 1;
      continue;
    }
    const ch = masked[i];
    if (ch === '\n') {
      // A blank line ends any open quotation.
      let j = i + 1;
      while (j < n && (masked[j] === ' ' || masked[j] === '\t' || masked[j] === '\r')) j++;
      if (j >= n || masked[j] === '\n') open = -1;
      continue;
    }
    if (open >= 0 && i - open > MAX_QUOTE_CHARS) open = -1;
    if (ch === '\u201C') {
      if (open < 0 || openKind === 'curly') {
        open = i;
        openKind = 'curly';
      }
    } else if (ch === '\u201D') {
      if (open >= 0 && openKind === 'curly') {
        found.push({ start: open + 1, end: i, outerStart: open, outerEnd: i + 1, kind: 'curly' });
        open = -1;
      }
    } else if (ch === '"') {
      if (open >= 0 && openKind === 'straight') {
        found.push({ start: open + 1, end: i, outerStart: open, outerEnd: i + 1, kind: 'straight' });
        open = -1;
      } else if (open < 0) {
        const before = i === 0 ? ' ' : masked[i - 1];
        const after = masked[i + 1] ?? ' ';
        if (/[\s([{\u2014\u2013:;,-]/.test(before) && !/\s/.test(after)) {
          open = i;
          openKind = 'straight';
        }
      }
    } else if (format === 'latex' && ch === '`' && masked[i + 1] === '`') {
      if (open < 0) {
        open = i;
        openKind = 'latex';
      }
      i++;
    } else if (format === 'latex' && ch === "'" && masked[i + 1] === "'" && open >= 0 && openKind === 'latex') {
      found.push({ start: open + 2, end: i, outerStart: open, outerEnd: i + 2, kind: 'latex' });
      open = -1;
      i++;
    } else if (format === 'latex' && ch === '\\' && masked.startsWith('\\enquote{', i) && open < 0) {
      const close = matchingBrace(masked, i + 8, i + MAX_QUOTE_CHARS);
      if (close > 0) {
        found.push({ start: i + 9, end: close, outerStart: i, outerEnd: close + 1, kind: 'latex' });
        i = close;
      }
    }
  }
  return found;
}

/**
 * Every quotation of at least `minWords` words in the draft, in document order, with the citation next to it.
 * Never throws.
 */
export function findQuotations(text: string, options: FindQuotationsOptions = {}): FoundQuotation[] {
  try {
    const format = options.format ?? guessFormat(text);
    const minWords = options.minWords ?? 4;
    const masked = maskDraft(text, format);
    const notes = format === 'latex' ? new Map<string, FootnoteDefinition>() : footnoteDefinitions(masked);
    const blocks = format === 'latex' ? latexBlocks(masked, notes) : blockQuotations(masked, notes, format);
    const noteRanges: RawQuotation[] = [...notes.values()].map((note) => ({ start: note.start, end: note.end, outerStart: note.start, outerEnd: note.end, kind: 'block' }));
    const raws = [...blocks, ...inlineQuotations(masked, format, [...blocks, ...noteRanges])].filter(
      (raw) => countWords(masked, raw.start, raw.end) >= minWords,
    );
    raws.sort((a, b) => a.outerStart - b.outerStart);
    const quotations: FoundQuotation[] = raws.map((raw) => ({
      text: text.slice(raw.start, raw.end),
      start: raw.start,
      end: raw.end,
      outerStart: raw.outerStart,
      outerEnd: raw.outerEnd,
      kind: raw.kind,
      wordCount: countWords(masked, raw.start, raw.end),
      citation: raw.citation ?? citationAfter(masked, raw.outerEnd, notes, format, raw.kind === 'block'),
    }));
    const claimed = new Set<number>();
    for (const quotation of quotations) if (quotation.citation) claimed.add(quotation.citation.start);
    for (const quotation of quotations) {
      if (quotation.citation || quotation.kind === 'block') continue;
      const before = citationBefore(masked, quotation.outerStart, notes, format, claimed);
      if (before) quotation.citation = before;
    }
    return quotations;
  } catch {
    return [];
  }
}

/**
 * The citation covering `offset` in `text` (a line, or a few lines around the pointer), the widest when several
 * do (`[@a, para. 4]` rather than the `@a` inside it): Pandoc, LaTeX `\cite`, a footnote reference `[^3]`, or an
 * author-date "(Crossan 2025, para. 4)". A footnote's note is not looked for in `text`: `noteText(label)` gives
 * it (the caller knows where the definitions are). Looks only within a short window of the offset; never throws.
 */
export function citationAtOffset(
  text: string,
  offset: number,
  format: DraftFormat = 'markdown',
  noteText?: (label: string) => string | undefined,
): FoundCitation | undefined {
  try {
    if (typeof text !== 'string' || !Number.isFinite(offset) || offset < 0 || offset > text.length) return undefined;
    const from = Math.max(0, offset - CITATION_WINDOW);
    const limit = Math.min(text.length, offset + CITATION_WINDOW);
    let best: FoundCitation | undefined;
    for (let i = Math.min(offset, text.length - 1); i >= from; i--) {
      const ch = text[i];
      if (ch !== '[' && ch !== '@' && ch !== '\\' && ch !== '(') continue;
      const found = citationAt(text, i, limit, new Map(), format);
      if (!found || found.end < offset) continue;
      if (!best || found.end - found.start > best.end - best.start) best = found;
    }
    if (best?.form === 'footnote' && !best.footnote && noteText) {
      const label = best.text.slice(2, -1);
      const note = noteText(label);
      if (note !== undefined) {
        const definition: FootnoteDefinition = { label, start: -1, end: -1, text: note };
        best.footnote = { label, start: -1, end: -1, text: note };
        best.cites = noteCites(definition);
      }
    }
    return best;
  } catch {
    return undefined;
  }
}
