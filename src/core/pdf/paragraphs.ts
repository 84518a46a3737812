// Paragraphs as the author wrote them, from the text items of a PDF's pages: items joined into lines, lines into
// paragraphs (a new one at an indented first line or a wider gap), a line-end hyphen removed only where it splits a
// word, ligatures as letters, running headers, footers and page numbers left out. A paragraph that runs across a
// page (or column) break stays one paragraph, and knows which page each stretch of its text is on.
// Columns are read in the order the PDF draws them (a typeset two-column page draws the left column first).
import { packTexts } from '../text/packedTexts';
import type { PageSpan } from '../types';

/** One text item as pdf.js gives it: its string, where it starts (PDF units, y upwards), and whether a line ends. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  hasEOL?: boolean;
}

export interface PdfPageText {
  /** The page a reader would cite: "203", "xii". */
  label: string;
  items: PdfTextItem[];
}


export interface PdfParagraph {
  text: string;
  pages: PageSpan[];
  /** Zero-based index of the page it starts on. */
  pageIndex: number;
}

interface Line {
  text: string;
  x: number;
  y: number;
  height: number;
}

const LIGATURES: Record<string, string> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };

/** Ligature characters (ﬁ, ﬂ, …) written as their letters. */
export function unligature(text: string): string {
  return text.replace(/[ﬀ-ﬆ]/g, (ligature) => LIGATURES[ligature] ?? ligature);
}

/** The items of a page as lines, in the order drawn: a line ends at an end-of-line mark or where y changes. */
function linesOf(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const str = unligature(item.str);
    if (current && Math.abs(item.y - current.y) > Math.max(2, current.height * 0.5)) {
      lines.push(current);
      current = undefined;
    }
    if (!current) {
      if (str.trim() === '') continue;
      current = { text: str, x: item.x, y: item.y, height: item.height };
    } else {
      current.text += str;
      current.height = Math.max(current.height, item.height);
    }
    if (item.hasEOL) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines
    .map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() }))
    .filter((line) => line.text !== '');
}

/** A line's text with its digits and roman numerals as `#`: a running header with its page number is one shape. */
const shapeOf = (text: string) => text.replace(/\b(?:\d+|[ivxlcdm]+)\b/gi, '#');

/** Whether a line is only a page number (arabic or roman), or the page's own label. */
const isPageNumber = (text: string, label: string) => text === label || /^[-–—\s]*(?:\d{1,5}|[ivxlcdm]{1,8})[-–—\s]*$/i.test(text);

/**
 * The page lines that are running heads: the first or last two lines of a page whose shape (digits as `#`) is the
 * first or last two lines of at least two pages and of at least 30% of the pages with text, and bare page numbers.
 */
function withoutRunningHeads(pages: Line[][], labels: readonly string[]): Line[][] {
  const edges = (lines: Line[]) => new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((line) => shapeOf(line.text)));
  const counts = new Map<string, number>();
  for (const lines of pages) for (const shape of edges(lines)) counts.set(shape, (counts.get(shape) ?? 0) + 1);
  const pagesWithText = pages.filter((lines) => lines.length > 0).length;
  const threshold = Math.max(2, Math.ceil(pagesWithText * 0.3));
  return pages.map((lines, index) =>
    lines.filter((line, position) => {
      const atEdge = position < 2 || position >= lines.length - 2;
      if (!atEdge) return true;
      if (isPageNumber(line.text, labels[index])) return false;
      return (counts.get(shapeOf(line.text)) ?? 0) < threshold;
    }),
  );
}

/** Adds every word of a page's lines, lower-cased, to `words`: to tell a hyphenated word from one split at a line end. */
function addWords(lines: readonly Line[], words: Set<string>): void {
  for (const line of lines) for (const word of line.text.toLowerCase().match(/[\p{L}-]+/gu) ?? []) words.add(word);
}

/**
 * Joins a line to the text before it: a line-end hyphen between letters is removed, unless the document writes the
 * word with its hyphen elsewhere and never without ("well-" + "known" stays "well-known").
 */
function joinLine(before: string, line: string, words: ReadonlySet<string>): string {
  const head = before.endsWith('-') ? lastWord(before.slice(0, -1)) : '';
  const next = /^[\p{Ll}][\p{L}]*/u.exec(line);
  if (!head || !next) return `${before} ${line}`;
  const joined = `${head}${next[0]}`.toLowerCase();
  const hyphenated = `${head}-${next[0]}`.toLowerCase();
  const keepHyphen = words.has(hyphenated) && !words.has(joined);
  return keepHyphen ? `${before}${line}` : `${before.slice(0, -1)}${line}`;
}

/** The letters at the end of a text ("" when it ends otherwise). */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && /\p{L}/u.test(text[start - 1])) start--;
  return text.slice(start);
}

/**
 * Paragraphs from the pages' text items. A paragraph starts at a line indented from its column's left edge, or after
 * a vertical gap wider than 1.6 lines; the top line of a page or column that is not indented carries on the paragraph.
 */
export function pdfParagraphs(pages: readonly PdfPageText[]): PdfParagraph[] {
  const steps = paragraphSteps(pages);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `pdfParagraphs`, awaiting `pause` after each page's work (a 300-page book takes 60–100 ms in all). */
export async function pdfParagraphsInSlices(pages: readonly PdfPageText[], pause: () => Promise<void>): Promise<PdfParagraph[]> {
  const steps = paragraphSteps(pages);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The work of `pdfParagraphs`, yielding after each page of each pass. */
function* paragraphSteps(pages: readonly PdfPageText[]): Generator<void, PdfParagraph[]> {
  const labels = pages.map((page) => page.label);
  const pageLines: Line[][] = [];
  for (const page of pages) {
    pageLines.push(linesOf(page.items));
    yield;
  }
  const lines = withoutRunningHeads(pageLines, labels);
  const words = new Set<string>();
  for (const page of lines) {
    addWords(page, words);
    yield;
  }
  const margins = commonMargins(lines);
  const paragraphs: PdfParagraph[] = [];
  let current: PdfParagraph | undefined;
  const close = () => {
    if (current) paragraphs.push(current);
    current = undefined;
  };
  for (const [pageIndex, onPage] of lines.entries()) {
    const columns = columnsOf(onPage);
    for (const column of columns) {
      const left = leftEdge(column, margins);
      column.forEach((line, position) => {
        const indented = line.x > left + 3 && line.x < left + 60;
        const previous = column[position - 1];
        const gap = previous ? previous.y - line.y : 0;
        const wide = previous !== undefined && gap > Math.max(previous.height, line.height) * 1.6 * 1.2;
        if (indented || wide) close();
        const label = labels[pageIndex];
        if (!current) {
          current = { text: line.text, pages: [{ start: 0, end: line.text.length, label, index: pageIndex }], pageIndex };
          return;
        }
        const before = current.text;
        current.text = joinLine(before, line.text, words);
        const last = current.pages[current.pages.length - 1];
        // The join may remove the hyphen at the end of the text before: the last span ends where the new line begins.
        const lineStart = current.text.length - line.text.length;
        if (last.label === label) last.end = current.text.length;
        else {
          last.end = Math.min(last.end, lineStart);
          current.pages.push({ start: lineStart, end: current.text.length, label, index: pageIndex });
        }
      });
    }
    yield;
  }
  close();
  // A paragraph joined line by line is a chain of strings: packed, a few flat strings hold every text.
  packTexts(paragraphs);
  return paragraphs;
}

/** A page's lines cut into columns: a line drawn above the one before it starts a new column. */
function columnsOf(lines: readonly Line[]): Line[][] {
  const columns: Line[][] = [];
  let column: Line[] = [];
  for (const line of lines) {
    const previous = column[column.length - 1];
    if (previous && line.y > previous.y + previous.height) {
      columns.push(column);
      column = [];
    }
    column.push(line);
  }
  if (column.length) columns.push(column);
  return columns;
}

/** The x where at least three lines of the document start: its columns' left edges (and indents). */
function commonMargins(pages: readonly Line[][]): number[] {
  const counts = new Map<number, number>();
  for (const lines of pages) for (const line of lines) counts.set(Math.round(line.x), (counts.get(Math.round(line.x)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count >= 3).map(([x]) => x).sort((a, b) => a - b);
}

/**
 * A column's left edge: where most of its lines start; for a column of one or two lines, the document's nearest
 * common left edge at or left of them (so that a short paragraph alone on a page is still seen to be indented).
 */
function leftEdge(column: readonly Line[], margins: readonly number[]): number {
  const starts = column.map((line) => Math.round(line.x));
  if (column.length >= 3) return mostCommon(starts);
  const first = Math.min(...starts);
  const below = margins.filter((x) => x <= first && x > first - 60);
  return below.length ? Math.min(...below) : first;
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = values[0] ?? 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > (counts.get(best) ?? 0) || (count === counts.get(best) && value < best)) best = value;
  }
  return best;
}
