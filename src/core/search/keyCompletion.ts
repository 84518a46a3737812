// What completion after `[@` or `\cite{` offers for each source: its key, the short name beside it, the words it
// is found by, and a line saying what Sourcebook holds of it. Cheap to build for 5,000 sources (each source's entry is
// made once and kept while the source object lives); the formatted reference is left to the moment an item is
// shown (features/completion.ts resolves it), since formatting 5,000 references on every `@` would take seconds.
import type { Source } from '../types';
import { plainTitle } from '../sources/titles';
import { hasText } from '../sources/readerText';
import { shortName } from './citationQuery';

export interface KeyCompletion {
  key: string;
  /** "Tate 2017": shown beside the key. */
  description: string;
  /** Key, short name and title: what the writer may type to find it. */
  filterText: string;
  /** "Tate 2017. Locators in practice.": the detail until the style's reference is formatted. */
  summary: string;
  /** "12 paragraphs", or "no text in Sourcebook" for a reference without text. */
  extent: string;
  /** Keeps the library's order. */
  sortText: string;
}

const entries = new WeakMap<Source, Omit<KeyCompletion, 'sortText'>>();

function entryFor(source: Source): Omit<KeyCompletion, 'sortText'> {
  let entry = entries.get(source);
  if (!entry) {
    const title = plainTitle(source.meta.title);
    const description = shortName(source.meta);
    const count = source.paragraphs.length;
    entry = {
      key: source.meta.key,
      description,
      filterText: `${source.meta.key} ${description} ${title}`,
      summary: `${description}. ${title}.`,
      extent: hasText(source) ? `${count} paragraph${count === 1 ? '' : 's'}` : 'no text in Sourcebook',
    };
    entries.set(source, entry);
  }
  return entry;
}

/** One entry per source, in the library's order. */
export function keyCompletions(sources: readonly Source[]): KeyCompletion[] {
  const width = String(sources.length).length;
  return sources.map((source, index) => ({ ...entryFor(source), sortText: String(index).padStart(width, '0') }));
}
