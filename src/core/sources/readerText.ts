// The text of a source as the reader shows it: a header, then each paragraph on one line behind its number as
// cited ("[12] text…"), paragraphs separated by a blank line. Pure layout, so positions in the reader map back
// to (paragraph, offset) without looking at an editor.
import type { Name, Position, Range, Source, SourceMeta } from '../types';
import { plainTitle } from './titles';

export interface ReaderLayout {
  text: string;
  /** Zero-based line of each paragraph, by paragraph number. */
  lines: Map<number, number>;
  /** Paragraph number on each line that holds one. */
  paragraphByLine: Map<number, number>;
}

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
  source.paragraphs.forEach((paragraph, index) => {
    if (index > 0) out.push('');
    lines.set(paragraph.number, out.length);
    paragraphByLine.set(out.length, paragraph.number);
    out.push(paragraphPrefix(paragraph.number, paragraph.kind) + paragraph.text.replace(/[\r\n]/g, ' '));
  });
  if (source.paragraphs.length === 0) out.push(hasText(source) ? '(This source has no paragraphs.)' : NO_TEXT_READER);
  return { text: out.join('\n') + '\n', lines, paragraphByLine };
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
