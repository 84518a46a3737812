// The quotation a passage of a source makes: its words, and the citation for them — "quoted in" the source when
// the words are someone else's recorded speech. Shared by Insert Quotation and Quote Selection in Draft.
import type { Library } from '../library';
import type { CiteItem } from '../types';
import { pageLocator } from '../pdf/pageLocator';

/** Words to quote and the citation for them. */
export interface Quotation {
  words: string;
  cite: CiteItem;
  /** Who speaks, when it is not the source's author. */
  speakerName?: string;
}

/**
 * The quotation for a passage of a source: its words, cut to the recorded speech when the passage lies in words
 * someone other than the author speaks (then cited "quoted in"), with the paragraph as locator — or the printed
 * page (a range across a page break) for a PDF source's paragraph.
 */
export function quotationFor(library: Library, key: string, paragraph: number, start = 0, end?: number): Quotation | undefined {
  const source = library.source(key);
  const found = library.paragraph(key, paragraph);
  const text = found?.text;
  if (!source || !found || text === undefined) return undefined;
  const to = Math.min(end ?? text.length, text.length);
  const from = Math.max(0, Math.min(start, to));
  let words = text.slice(from, to);
  let speakerName: string | undefined;
  let quoted = { from, to };
  for (const speech of source.quotations) {
    if (speech.paragraph !== paragraph) continue;
    const overlap = Math.min(to, speech.end) - Math.max(from, speech.start);
    // The passage is (mostly) the speaker's words: quote those, and say whose they are.
    if (overlap > 0 && overlap >= (to - from) * 0.6) {
      quoted = { from: Math.max(from, speech.start), to: Math.min(to, speech.end) };
      words = text.slice(quoted.from, quoted.to);
      speakerName = speech.speakerName;
      break;
    }
  }
  const locator = placeLocator({ paragraph, page: pageLocator(found, quoted.from, quoted.to) });
  return { words, cite: { key, ...locator, ...(speakerName ? { speaker: speakerName } : {}) }, speakerName };
}

/** The locator a cite item gives a place: its printed page in a PDF source ("203", "201-202"), else its paragraph. */
export function placeLocator(place: { paragraph: number; page?: string }): Pick<CiteItem, 'paragraph' | 'locator' | 'label'> {
  return place.page === undefined ? { paragraph: place.paragraph } : { locator: place.page, label: 'page' };
}
