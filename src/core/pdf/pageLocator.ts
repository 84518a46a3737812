// The page locator of words in a PDF source's paragraph: "203", or "201-202" for words across a page break (the
// style writes the range in its own form: "201–2", "201–202"). And the other way: which pages a cited page locator
// names ("203", "pp. 201–2", "201, 203"), whether words lie on them, and which paragraphs of a source are there.
import type { PageSpan, Paragraph } from '../types';

type Paged = Pick<Paragraph, 'text' | 'pages'>;

/** The page span holding the word at `offset` of the paragraph (the space between two spans belongs to the next). */
export function pageSpanAt(paragraph: Paged, offset: number): PageSpan | undefined {
  const spans = paragraph.pages;
  if (!spans || spans.length === 0) return undefined;
  return spans.find((span) => offset < span.end) ?? spans[spans.length - 1];
}

/** A printed page of a PDF source, with the paragraphs that start on it (a paragraph across a break, under its first). */
export interface SourcePage {
  label: string;
  /** Zero-based index of the page in the PDF, when known. */
  index?: number;
  /** Numbers of the paragraphs that start on the page. */
  starting: number[];
  /** The paragraph whose text carries on onto the page from the one before, if any. */
  continuing?: number;
}

/**
 * The printed pages of a source's paragraphs, in order (pages without text, which no paragraph knows, are not there).
 * Empty for a source without pages (not a PDF).
 */
export function sourcePages(paragraphs: readonly Paragraph[]): SourcePage[] {
  const pages: SourcePage[] = [];
  for (const paragraph of paragraphs) {
    (paragraph.pages ?? []).forEach((span, i) => {
      let page = pages[pages.length - 1];
      if (!page || page.label !== span.label || (span.index !== undefined && page.index !== undefined && page.index !== span.index)) {
        page = { label: span.label, index: span.index, starting: [] };
        pages.push(page);
        if (i > 0) page.continuing = paragraph.number;
      }
      if (i === 0) page.starting.push(paragraph.number);
    });
  }
  return pages;
}

/** The pages of the words at offsets [start, end) of the paragraph, or undefined when it has no pages. */
export function pageLocator(paragraph: Paged, start = 0, end = paragraph.text.length): string | undefined {
  const spans = paragraph.pages;
  if (!spans || spans.length === 0) return undefined;
  const to = Math.max(start, end);
  // The span holding an offset; an offset in the space between two spans belongs to the next one.
  const spanAt = (offset: number) => spans.find((span) => offset < span.end) ?? spans[spans.length - 1];
  const first = spanAt(start).label;
  const last = to > start ? spanAt(to - 1).label : first;
  return first === last ? first : `${first}-${last}`;
}

/** A page label's place in its numbering: arabic and roman numbers are ordered; any other label only equals itself. */
interface PageValue {
  kind: 'arabic' | 'roman' | 'other';
  n: number;
  label: string;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

function pageValue(label: string): PageValue {
  const text = label.trim().toLowerCase();
  if (/^\d{1,7}$/.test(text)) return { kind: 'arabic', n: Number(text), label: text };
  if (/^[ivxlcdm]{1,12}$/.test(text)) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const value = ROMAN[text[i]];
      n += i + 1 < text.length && ROMAN[text[i + 1]] > value ? -value : value;
    }
    return { kind: 'roman', n, label: text };
  }
  return { kind: 'other', n: 0, label: text };
}

/**
 * The ranges of pages a cited page locator names, the short end of a range written out as the styles shorten it
 * ("201-2" and "201–02" are 201 to 202): "201, 203-5" → [201, 201], [203, 205].
 */
function citedPageRanges(locator: string): Array<[PageValue, PageValue]> {
  return locator
    .split(/,|&|\band\b/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): [PageValue, PageValue] => {
      const [from, to = from] = part.split(/-+|–|—/).map((end) => end.trim());
      const first = pageValue(from);
      let last = pageValue(to);
      if (first.kind === 'arabic' && last.kind === 'arabic' && last.label.length < first.label.length) {
        last = pageValue(first.label.slice(0, first.label.length - last.label.length) + last.label);
      }
      return [first, last];
    });
}

/** Whether page `label` is within one of the cited ranges. */
function isCitedPage(label: string, ranges: ReadonlyArray<[PageValue, PageValue]>): boolean {
  const page = pageValue(label);
  return ranges.some(([first, last]) => {
    if (page.kind !== 'other' && page.kind === first.kind && page.kind === last.kind) return first.n <= page.n && page.n <= last.n;
    return page.label === first.label || page.label === last.label;
  });
}

/** Whether words on pages `found` ("203", "201-202", as `pageLocator` gives them) lie on the pages `cited` names. */
export function onCitedPages(found: string, cited: string): boolean {
  const ranges = citedPageRanges(cited);
  const [first, last = first] = found.split('-');
  return isCitedPage(first, ranges) && isCitedPage(last, ranges);
}

/** Whether any of the paragraph's text is on the pages `cited` names (false when it has no pages). */
export function paragraphOnCitedPages(paragraph: Paged, cited: string): boolean {
  const ranges = citedPageRanges(cited);
  return (paragraph.pages ?? []).some((span) => isCitedPage(span.label, ranges));
}

/**
 * The paragraphs of a PDF source on the pages `cited` names: the first and last paragraph numbers; a page with no
 * text of its own (a figure, a blank page) leads to the first paragraph after it. Undefined when the source has no
 * pages, or none of them is cited or after the cited ones.
 */
export function paragraphsOnPages(paragraphs: readonly Paragraph[], cited: string): { first: number; last: number } | undefined {
  const on = paragraphs.filter((paragraph) => paragraphOnCitedPages(paragraph, cited));
  if (on.length > 0) return { first: on[0].number, last: on[on.length - 1].number };
  const [start] = citedPageRanges(cited)[0] ?? [];
  if (!start || start.kind === 'other') return undefined;
  const after = paragraphs.find((paragraph) =>
    (paragraph.pages ?? []).some((span) => {
      const page = pageValue(span.label);
      return page.kind === start.kind && page.n > start.n;
    }),
  );
  return after ? { first: after.number, last: after.number } : undefined;
}
