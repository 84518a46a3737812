// Checks the quotations of one draft and checks them again as it changes: results are kept by the quotation's
// words and citation, so after an edit only quotations whose text or citation changed are aligned again
// (quotationCheck.ts judges each one against the library's `SourceWordIndex`).
//
// Never throws. All loops are bounded by the sizes of the texts involved.

import type { ParagraphRef, Source } from '../types';
import { bibliographyRanges, guessFormat, type DraftFormat } from '../drafts/draftReader';
import { findQuotations, type FoundQuotation } from './quotationFinder';
import { checkQuotation, type QuotationCheck, type QuotationStatus, type SourceMatch, type WordDifference } from './quotationCheck';
import { SourceWordIndex } from './sourceWordIndex';

export interface QuotationCheckOptions {
  format?: DraftFormat;
  /** Quotations with fewer words are ignored (default 4). */
  minWords?: number;
}

function cacheKey(quotation: FoundQuotation): string {
  const citation = quotation.citation;
  const note = citation?.footnote?.text ?? '';
  return `${quotation.kind}\u0000${quotation.text}\u0000${citation?.text ?? ''}\u0000${note}`;
}

/** A cached result, with draft offsets made relative to the quotation's start. */
interface CachedCheck {
  status: QuotationStatus;
  match?: SourceMatch;
  differences: WordDifference[];
  replacement?: string;
  citation: QuotationCheck['citation'];
  expectedCitation?: ParagraphRef;
  noTextSource?: string;
}

/**
 * Checks the quotations of one draft, keeping results for quotations whose words and citation did not change.
 * `checkAll(text)` checks a whole draft; `update(text, changedRange)` after an edit re-checks only quotations
 * that are new or changed (a changed quotation is one whose text or citation differs), reusing the rest.
 */
export class QuotationChecker {
  private index: SourceWordIndex;
  private cache = new Map<string, CachedCheck>();
  private results: QuotationCheck[] = [];
  private text = '';
  /** Quotations aligned in the last `checkAll`/`update` call (for tests and the benchmark). */
  lastRechecked = 0;

  /** Checks against `sources` (indexed here), or against an index already built (the library's: `Sourcebook.wordIndex`). */
  constructor(
    sources: readonly Source[] | SourceWordIndex,
    private readonly options: QuotationCheckOptions = {},
  ) {
    this.index = sources instanceof SourceWordIndex ? sources : new SourceWordIndex(sources);
  }

  /** Checks against another index (the library changed): every quotation will be checked again. */
  setIndex(index: SourceWordIndex): void {
    this.index = index;
    this.cache.clear();
  }

  /** Every quotation in the draft, checked. */
  checkAll(text: string): QuotationCheck[] {
    const quotations = findQuotations(text, { format: this.options.format, minWords: this.options.minWords });
    this.lastRechecked = 0;
    const keep = new Map<string, CachedCheck>();
    this.results = quotations.map((quotation) => {
      const key = cacheKey(quotation);
      let cached = this.cache.get(key) ?? keep.get(key);
      if (!cached) {
        this.lastRechecked++;
        cached = toCached(checkQuotation(this.index, quotation));
      }
      keep.set(key, cached);
      return fromCached(cached, quotation);
    });
    this.cache = keep;
    this.text = text;
    return this.results;
  }

  /**
   * After an edit: `text` is the new draft, `changedRange` the offsets in it of the changed text (for a
   * deletion, an empty range where the text was). Quotations wholly before the change are kept as they were,
   * those wholly after it are moved by the change in length, and the region between is read and checked again.
   * When the edit may have changed how the draft is read (a code fence, front matter, a footnote definition,
   * a block quotation) the whole draft is read again; unchanged quotations still come from the cache.
   */
  update(text: string, changedRange: { start: number; end: number }): QuotationCheck[] {
    const delta = text.length - this.text.length;
    const start = Math.max(0, Math.min(changedRange.start, text.length));
    const end = Math.max(start, Math.min(changedRange.end, text.length));
    const oldEnd = end - delta;
    if (this.text.length === 0 || oldEnd < start || oldEnd > this.text.length) return this.checkAll(text);
    // The region to read again: the paragraphs around the change (blank line to blank line), in the new text.
    const regionStart = paragraphStartBefore(text, start);
    const regionEnd = paragraphEndAfter(text, end);
    const region = text.slice(regionStart, regionEnd);
    const oldRegion = this.text.slice(regionStart, regionEnd - delta);
    const format = this.options.format ?? guessFormat(this.text);
    const inBibliography = bibliographyRanges(text).some((range) => range.start < regionEnd && regionStart < range.end);
    if (format !== guessFormat(text) || inBibliography || hasStructure(region, format) || hasStructure(oldRegion, format)) return this.checkAll(text);
    const found = findQuotations(region, { format, minWords: this.options.minWords });
    this.lastRechecked = 0;
    if (this.results.some((result) => result.quotation.outerEnd <= regionStart && citationReaches(result.quotation, regionStart))) {
      return this.checkAll(text);
    }
    const before = this.results.filter((result) => result.quotation.outerEnd <= regionStart);
    const after = this.results
      .filter((result) => result.quotation.outerStart >= regionEnd - delta && result.quotation.outerStart >= regionStart)
      .map((result) => shift(result, delta));
    // A quotation straddling the region (it should not: quotations stop at blank lines) means: read it all.
    const straddles = this.results.some(
      (result) =>
        (result.quotation.outerStart < regionStart && result.quotation.outerEnd > regionStart) ||
        (result.quotation.outerStart < regionEnd - delta && result.quotation.outerEnd > regionEnd - delta),
    );
    if (straddles || found.some((quotation) => quotation.citation?.form === 'footnote')) return this.checkAll(text);
    const middle = found.map((local) => {
      const quotation = shiftQuotation(local, regionStart, text);
      const key = cacheKey(quotation);
      let cached = this.cache.get(key);
      if (!cached) {
        this.lastRechecked++;
        cached = toCached(checkQuotation(this.index, quotation));
        this.cache.set(key, cached);
      }
      return fromCached(cached, quotation);
    });
    this.results = [...before, ...middle, ...after];
    this.text = text;
    return this.results;
  }
}

/**
 * Text that may change how the rest of the draft is read (a fence, front matter, a note, a block quotation, a
 * marker of Sourcebook's bibliography).
 */
function hasStructure(region: string, format: DraftFormat): boolean {
  if (region.includes('sourcebook:bibliography')) return true;
  if (format === 'latex') return region.includes('\\begin') || region.includes('\\end') || region.includes('%') || region.includes('\\footnote');
  return (
    region.includes('```') ||
    region.includes('~~~') ||
    region.includes('---') ||
    region.includes('<!--') ||
    region.includes('-->') ||
    region.includes('[^') ||
    /(^|\n) {0,3}>/.test(region)
  );
}

function citationReaches(quotation: FoundQuotation, offset: number): boolean {
  return quotation.citation !== undefined && quotation.citation.form !== 'footnote' && quotation.citation.end > offset;
}

function paragraphStartBefore(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  for (let guard = 0; guard <= text.length; guard++) {
    const nl = text.lastIndexOf('\n', i - 1);
    if (nl < 0) return 0;
    // Is the line before `nl` blank?
    const previous = text.lastIndexOf('\n', nl - 1);
    if (text.slice(previous + 1, nl).trim() === '') return nl + 1;
    i = nl;
  }
  return 0;
}

function paragraphEndAfter(text: string, offset: number): number {
  let i = offset;
  for (let guard = 0; guard <= text.length; guard++) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    const next = text.indexOf('\n', nl + 1);
    const line = text.slice(nl + 1, next < 0 ? text.length : next);
    if (line.trim() === '') return nl;
    i = nl + 1;
  }
  return text.length;
}

function shiftQuotation(quotation: FoundQuotation, by: number, text: string): FoundQuotation {
  const moved: FoundQuotation = {
    ...quotation,
    start: quotation.start + by,
    end: quotation.end + by,
    outerStart: quotation.outerStart + by,
    outerEnd: quotation.outerEnd + by,
  };
  moved.text = text.slice(moved.start, moved.end);
  if (quotation.citation) {
    moved.citation = { ...quotation.citation, start: quotation.citation.start + by, end: quotation.citation.end + by };
    if (quotation.citation.footnote) {
      moved.citation.footnote = { ...quotation.citation.footnote, start: quotation.citation.footnote.start + by, end: quotation.citation.footnote.end + by };
    }
  }
  return moved;
}

function shift(result: QuotationCheck, delta: number): QuotationCheck {
  if (delta === 0) return result;
  const quotation: FoundQuotation = {
    ...result.quotation,
    start: result.quotation.start + delta,
    end: result.quotation.end + delta,
    outerStart: result.quotation.outerStart + delta,
    outerEnd: result.quotation.outerEnd + delta,
  };
  if (result.quotation.citation) {
    const citation = result.quotation.citation;
    quotation.citation = { ...citation, start: citation.start + delta, end: citation.end + delta };
  }
  return {
    ...result,
    quotation,
    differences: result.differences.map((difference) => ({ ...difference, start: difference.start + delta, end: difference.end + delta })),
  };
}

function toCached(check: QuotationCheck): CachedCheck {
  const base = check.quotation.start;
  return {
    status: check.status,
    match: check.match,
    differences: check.differences.map((difference) => ({ ...difference, start: difference.start - base, end: difference.end - base })),
    replacement: check.replacement,
    citation: check.citation,
    expectedCitation: check.expectedCitation,
    noTextSource: check.noTextSource,
  };
}

function fromCached(cached: CachedCheck, quotation: FoundQuotation): QuotationCheck {
  const base = quotation.start;
  const check: QuotationCheck = {
    quotation,
    status: cached.status,
    differences: cached.differences.map((difference) => ({ ...difference, start: difference.start + base, end: difference.end + base })),
    citation: cached.citation,
  };
  if (cached.match) check.match = cached.match;
  if (cached.replacement !== undefined) check.replacement = cached.replacement;
  if (cached.expectedCitation) check.expectedCitation = cached.expectedCitation;
  if (cached.noTextSource !== undefined) check.noTextSource = cached.noTextSource;
  return check;
}

/** Checks every quotation in a draft once (no caching): for a command run on demand. */
export function checkQuotations(text: string, sources: readonly Source[], options: QuotationCheckOptions = {}): QuotationCheck[] {
  return new QuotationChecker(sources, options).checkAll(text);
}
