// Finds the quotations in a draft (Markdown, LaTeX or plain text) and the citation next to each. The draft is read
// by the one reader of drafts (drafts/draftReader.ts): what is prose, the citations, the footnotes.
//
// A quotation is text between double quotes (curly “…”, straight "…", LaTeX ``…'' or \enquote{…}) or a block
// quotation (Markdown `>` lines, LaTeX quote/quotation environments), of at least `minWords` words. Single quotes
// inside are part of the quotation (a quote within a quote). Only prose is read (not front matter, code, comments,
// LaTeX verbatim or Sourcebook's bibliography), and not the footnotes' own text. A quotation never runs over a
// blank line.
//
// The citation of a quotation is the first one after it in the same sentence (a footnote reference may follow
// the closing punctuation), or else one earlier in the same sentence that no other quotation claims. Keys are
// returned as written; which sources a citation names is drafts/citationTargets.ts's rule, applied by the
// quotation check.
//
// Every loop walks the text forward with bounded look-ahead; the few regular expressions are fixed patterns run
// on short slices, never built from the draft's text.

import { wordSpans } from '../text/sentences';
import { lineEndAt, matchingBrace, paragraphEnd, readDraft, type DraftFormat, type DraftReading, type FoundCitation } from '../drafts/draftReader';

export type QuotationKind = 'curly' | 'straight' | 'latex' | 'block';

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

function countWords(text: string, start: number, end: number): number {
  return wordSpans(text, start, end).length;
}

/** The citation of the prose starting exactly at `i` and ending by `limit`, that prints something (not `\nocite`). */
function citationAt(reading: DraftReading, i: number, limit: number): FoundCitation | undefined {
  const found = reading.citationStartingAt(i);
  return found && !found.silent && found.end <= limit + 1 ? found : undefined;
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
function citationAfter(reading: DraftReading, from: number, immediateOnly = false): FoundCitation | undefined {
  const masked = reading.masked;
  const limit = Math.min(paragraphEnd(masked, from), from + CITATION_WINDOW);
  let i = from;
  // Right after the closing mark: optional punctuation, then a citation (a footnote after the full stop).
  while (i < limit && /[.,;:!?)]/.test(masked[i])) i++;
  while (i < limit && /\s/.test(masked[i])) i++;
  const immediate = citationAt(reading, i, limit);
  if (immediate || immediateOnly) return immediate;
  for (let j = from; j < limit; j++) {
    const ch = masked[j];
    if (ch === '\u201C' || ch === '"' || (ch === '`' && masked[j + 1] === '`') || masked.startsWith('\\enquote{', j)) return undefined; // another quotation
    const found = citationAt(reading, j, limit);
    if (found) return found;
    if (isSentenceEnd(masked, j)) return undefined;
  }
  return undefined;
}

/** The last citation before a quotation in the same sentence, ignoring citations in `claimed`. */
function citationBefore(reading: DraftReading, to: number, claimed: Set<number>): FoundCitation | undefined {
  const masked = reading.masked;
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
    const found = citationAt(reading, j, to);
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
function blockQuotations(reading: DraftReading): RawQuotation[] {
  const masked = reading.masked;
  const found: RawQuotation[] = [];
  let lineStart = 0;
  while (lineStart < masked.length) {
    let end = lineEndAt(masked, lineStart);
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
      end = lineEndAt(masked, next);
      const line = masked.slice(next, end);
      if (line.trim() === '' || /^ {0,3}>\s*$/.test(line)) break; // a blank line, or a `>` line with nothing on it
      lastEnd = end;
      next = end + 1;
    }
    let contentEnd = lastEnd;
    while (contentEnd > start && /\s/.test(masked[contentEnd - 1])) contentEnd--;
    const raw: RawQuotation = { start, end: contentEnd, outerStart, outerEnd: lastEnd, kind: 'block' };
    trimBlockAttribution(reading, raw);
    found.push(raw);
    lineStart = lastEnd + 1;
  }
  return found;
}

/** A block quotation ending in a citation or an attribution line ("— Dai Donovan"): keep it out of the words. */
function trimBlockAttribution(reading: DraftReading, raw: RawQuotation): void {
  const masked = reading.masked;
  // An attribution line: the last line starts with a dash.
  const lastLineStart = masked.lastIndexOf('\n', raw.end - 1) + 1;
  if (lastLineStart > raw.start) {
    const line = masked.slice(lastLineStart, raw.end).replace(BLOCK_LINE, '');
    if (/^\s*(?:—|―|--|–)/.test(line)) {
      for (let j = lastLineStart; j < raw.end; j++) {
        const citation = citationAt(reading, j, raw.end);
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
    const citation = citationAt(reading, j, tail);
    if (citation && citation.end === tail) {
      raw.citation = citation;
      raw.end = j;
      while (raw.end > raw.start && /\s/.test(masked[raw.end - 1])) raw.end--;
      return;
    }
  }
}

/** LaTeX quote/quotation/displayquote environments. */
function latexBlocks(reading: DraftReading): RawQuotation[] {
  const masked = reading.masked;
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
      trimBlockAttribution(reading, raw);
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
  // Only these characters can open, close or end a quotation: the loop goes from one to the next (a regular
  // expression search is many times faster on a long draft than looking at every character).
  const marks = format === 'latex' ? /[\n\u201C\u201D"`'\\]/g : /[\n\u201C\u201D"]/g;
  for (let i = 0; i < n; i++) {
    marks.lastIndex = i;
    const mark = marks.exec(masked);
    if (!mark) break;
    i = mark.index;
    // A range the quotation cannot run over (a block quotation, a note) ends any open one; inside it, go on after it.
    let inside = false;
    while (ex < sortedExcluded.length && sortedExcluded[ex].outerStart <= i) {
      open = -1;
      if (sortedExcluded[ex].outerEnd > i) {
        inside = true;
        break;
      }
      ex++;
    }
    if (inside) {
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
    const reading = readDraft(text, options.format);
    const { masked, format } = reading;
    const minWords = options.minWords ?? 4;
    const blocks = format === 'latex' ? latexBlocks(reading) : blockQuotations(reading);
    const noteRanges: RawQuotation[] = reading.footnoteDefinitions.map((note) => ({ start: note.start, end: note.end, outerStart: note.start, outerEnd: note.end, kind: 'block' }));
    const raws = [...blocks, ...inlineQuotations(masked, format, [...blocks, ...noteRanges])]
      .map((raw) => ({ ...raw, wordCount: countWords(masked, raw.start, raw.end) }))
      .filter((raw) => raw.wordCount >= minWords);
    raws.sort((a, b) => a.outerStart - b.outerStart);
    const quotations: FoundQuotation[] = raws.map((raw) => ({
      text: text.slice(raw.start, raw.end),
      start: raw.start,
      end: raw.end,
      outerStart: raw.outerStart,
      outerEnd: raw.outerEnd,
      kind: raw.kind,
      wordCount: raw.wordCount,
      citation: raw.citation ?? citationAfter(reading, raw.outerEnd, raw.kind === 'block'),
    }));
    const claimed = new Set<number>();
    for (const quotation of quotations) if (quotation.citation) claimed.add(quotation.citation.start);
    for (const quotation of quotations) {
      if (quotation.citation || quotation.kind === 'block') continue;
      const before = citationBefore(reading, quotation.outerStart, claimed);
      if (before) quotation.citation = before;
    }
    return quotations;
  } catch {
    return [];
  }
}
