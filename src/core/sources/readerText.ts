// The text of a source as the reader shows it: a header, then each paragraph on one line behind its number as
// cited ("[12] text…"), paragraphs separated by a blank line. A PDF source's paragraphs are under their printed
// pages: a line "— p. 203 —" above the paragraph a page starts with (a page that starts inside a paragraph is
// marked there by the reader's editor, not in the text). Pure layout, so positions in the reader map back to
// (paragraph, offset) without looking at an editor.
import type { Name, PageSpan, Position, Range, Source, SourceMeta } from '../types';
import { pageSpanAt } from '../pdf/pageLocator';
import { plainTitle } from './titles';

export interface ReaderLayout {
  text: string;
  /** Zero-based line of each paragraph, by paragraph number. */
  lines: Map<number, number>;
  /** Paragraph number on each line that holds one. */
  paragraphByLine: Map<number, number>;
  /** A PDF source's page marker lines: the printed page each marks, by zero-based line. */
  pageByLine: Map<number, string>;
}

/** The reader's line above the paragraph a printed page starts with: "— p. 203 —". */
export const pageMarker = (label: string): string => `— p. ${label} —`;
/** A page marker line; its one group is the page's label. */
export const PAGE_MARKER = /^— p\. (.+) —$/;

/** Where the paragraph's own text starts on its line: after `[n] ` (and `> ` for a block quotation). */
export function paragraphPrefix(number: number, kind: 'text' | 'quote'): string {
  return kind === 'quote' ? `[${number}] > ` : `[${number}] `;
}

/** Lays out `source` under `header` (lines without line breaks; breaks inside are replaced by spaces). */
export function readerLayout(source: Source, header: readonly string[]): ReaderLayout {
  const out: string[] = header.map((line) => line.replace(/[\r\n]+/g, ' '));
  if (out.length > 0) out.push('');
  const lines = new Map<number, number>();
  const paragraphByLine = new Map<number, number>();
  const pageByLine = new Map<number, string>();
  let page: PageSpan | undefined;
  source.paragraphs.forEach((paragraph, index) => {
    if (index > 0) out.push('');
    const first = paragraph.pages?.[0];
    if (first && !samePage(first, page)) {
      pageByLine.set(out.length, first.label);
      out.push(pageMarker(first.label));
    }
    page = paragraph.pages?.[paragraph.pages.length - 1];
    lines.set(paragraph.number, out.length);
    paragraphByLine.set(out.length, paragraph.number);
    out.push(paragraphPrefix(paragraph.number, paragraph.kind) + paragraph.text.replace(/[\r\n]/g, ' '));
  });
  if (source.paragraphs.length === 0) out.push(hasText(source) ? '(This source has no paragraphs.)' : NO_TEXT_READER);
  return { text: out.join('\n') + '\n', lines, paragraphByLine, pageByLine };
}

/** Whether two page spans are on the same page of the PDF (by index when both know it, else by label). */
function samePage(a: PageSpan, b: PageSpan | undefined): boolean {
  if (!b) return false;
  return a.index !== undefined && b.index !== undefined ? a.index === b.index : a.label === b.label;
}

/**
 * The printed page at a reader position of a PDF source: the page of the word at a paragraph position, the page a
 * marker line marks, and on a blank or header line the page of the next paragraph. Undefined for a source without
 * pages.
 */
export function readerPageAt(source: Source, layout: ReaderLayout, position: Position): PageSpan | undefined {
  const marked = layout.pageByLine.get(position.line);
  if (marked !== undefined) return pageOfSource(source, marked, layout, position.line);
  const at = readerOffsetAt(source, layout, position);
  if (at) {
    const paragraph = source.paragraphs.find((p) => p.number === at.paragraph);
    return paragraph ? pageSpanAt(paragraph, at.offset) : undefined;
  }
  const next = source.paragraphs.find((paragraph) => (layout.lines.get(paragraph.number) ?? -1) > position.line) ?? source.paragraphs[source.paragraphs.length - 1];
  return next?.pages?.[0];
}

/** The first span of page `label` in the paragraphs after reader line `line` (where a marker of it stands). */
function pageOfSource(source: Source, label: string, layout: ReaderLayout, line: number): PageSpan | undefined {
  for (const paragraph of source.paragraphs) {
    if ((layout.lines.get(paragraph.number) ?? -1) < line) continue;
    const span = paragraph.pages?.find((candidate) => candidate.label === label);
    if (span) return span;
  }
  return undefined;
}

/** What a card says of a source Sourcebook has no text of. */
export const NO_TEXT_CARD = 'No text in Sourcebook for this source — cite it; quotations cannot be checked.';
/** What the reader shows for a source Sourcebook has no text of. */
export const NO_TEXT_READER = 'No text in Sourcebook for this source: it is a reference only (from a bibliography file or Zotero, without a file Sourcebook reads). Cite it as any source; there are no paragraphs to read, quote or check quotations against.';

/** Whether Sourcebook has the source's text: false for a reference-only source (no paragraphs to quote or check). */
export function hasText(source: Source): boolean {
  return source.referenceOnly !== true && source.paragraphs.length > 0;
}

/** The range in the reader of `[start, end)` of paragraph `number`'s text (the whole text when omitted). */
export function readerRange(source: Source, layout: ReaderLayout, number: number, start = 0, end?: number): Range | undefined {
  const line = layout.lines.get(number);
  const paragraph = source.paragraphs.find((p) => p.number === number);
  if (line === undefined || !paragraph) return undefined;
  const prefix = paragraphPrefix(number, paragraph.kind).length;
  const clamp = (offset: number) => Math.max(0, Math.min(paragraph.text.length, offset));
  return {
    start: { line, character: prefix + clamp(start) },
    end: { line, character: prefix + clamp(end ?? paragraph.text.length) },
  };
}

/** The paragraph and the offset in its text at a reader position (offset clamped to the paragraph's text). */
export function readerOffsetAt(source: Source, layout: ReaderLayout, position: Position): { paragraph: number; offset: number } | undefined {
  const number = layout.paragraphByLine.get(position.line);
  if (number === undefined) return undefined;
  const paragraph = source.paragraphs.find((p) => p.number === number);
  if (!paragraph) return undefined;
  const offset = position.character - paragraphPrefix(number, paragraph.kind).length;
  return { paragraph: number, offset: Math.max(0, Math.min(paragraph.text.length, offset)) };
}

/**
 * How a citation names a source: "Crossan", "Bossy and Healy", "Byrne et al."; an unsigned work (no author) by its
 * title in quotation marks, “Lesbians and Gays Support the Miners”, as MLA 9, APA 7 and the Chicago Manual cite it.
 */
export function citedName(meta: SourceMeta): string {
  const named = authorNames(meta);
  if (named.length === 0) return `“${plainTitle(meta.shortTitle ?? meta.title).replace(/\s+/g, ' ').trim() || meta.key}”`;
  if (named.length === 1) return named[0];
  if (named.length === 2) return `${named[0]} and ${named[1]}`;
  return `${named[0]} et al.`;
}

/** Whether a source names no author: an unsigned work, cited by its title. */
export function isUnsigned(meta: SourceMeta): boolean {
  return authorNames(meta).length === 0;
}

/** Each author's name as a citation gives it: the family name, or the whole literal name. */
function authorNames(meta: SourceMeta): string[] {
  const one = (name: Name) => (name.family ?? name.literal ?? name.given ?? '').trim();
  return meta.author.map(one).filter((name) => name.length > 0);
}

/** The year of an ISO-like date ("2025-02-15" → "2025"), or "n.d.". */
export function yearOf(date: string | undefined): string {
  const match = /^\s*(-?\d{1,4})/.exec(date ?? '');
  return match ? match[1] : 'n.d.';
}

/** A simple author-date citation, for places where a style engine is not wanted: "(Byrne 2014, para. 16)". */
export function authorDate(meta: SourceMeta, paragraph?: number | string): string {
  const locator = paragraph === undefined || paragraph === '' ? '' : `, para. ${paragraph}`;
  return `(${citedName(meta)} ${yearOf(meta.date)}${locator})`;
}

/**
 * A one-line label for a source, for tabs and trees: "Crossan 2025 — An ode to solidarity and organisation"; an
 * unsigned work, named by its title: “Lesbians and Gays Support the Miners” (n.d.).
 */
export function sourceLabel(meta: SourceMeta, maxTitle = 60): string {
  const title = plainTitle(meta.title).replace(/\s+/g, ' ').trim() || meta.key;
  const short = title.length > maxTitle ? `${title.slice(0, maxTitle - 1).trimEnd()}…` : title;
  if (isUnsigned(meta)) return `“${short}” (${yearOf(meta.date)})`;
  return `${citedName(meta)} ${yearOf(meta.date)} — ${short}`;
}
