// The page locator of words in a PDF source's paragraph: "203", or "201-202" for words across a page break (the
// style writes the range in its own form: "201–2", "201–202").
import type { Paragraph } from '../types';

/** The pages of the words at offsets [start, end) of the paragraph, or undefined when it has no pages. */
export function pageLocator(paragraph: Paragraph, start = 0, end = paragraph.text.length): string | undefined {
  const spans = paragraph.pages;
  if (!spans || spans.length === 0) return undefined;
  const to = Math.max(start, end);
  // The span holding an offset; an offset in the space between two spans belongs to the next one.
  const spanAt = (offset: number) => spans.find((span) => offset < span.end) ?? spans[spans.length - 1];
  const first = spanAt(start).label;
  const last = to > start ? spanAt(to - 1).label : first;
  return first === last ? first : `${first}-${last}`;
}
