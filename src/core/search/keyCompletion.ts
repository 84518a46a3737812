// What completion after `[@` or `\cite{` offers for each source: its key, the short name beside it, the words it
// is found by, and a line saying what Sourcebook holds of it. Each source's entry is made once and kept while the
// source object lives; a library of thousands is offered 200 entries at a time, filtered by what is typed (VS Code
// asks again as the writer types); the formatted reference is left to the moment an item is shown
// (features/completion.ts resolves it), since formatting 5,000 references on every `@` would take seconds.
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

type Entry = Omit<KeyCompletion, 'sortText'> & { search: string };
const cache = new WeakMap<Source, Entry>();

function entryFor(source: Source): Entry {
  let entry = cache.get(source);
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
      search: `${source.meta.key} ${description} ${title}`.toLowerCase(),
    };
    cache.set(source, entry);
  }
  return entry;
}

/**
 * Makes the source's entry now (it is kept while the source lives): a source set on the shared budget has it made
 * in its own turn, so the first completion after thousands of new sources does not make them all in one block.
 */
export function prepareKeyCompletion(source: Source): void {
  entryFor(source);
}

/** Entries offered at once, at most: VS Code asks again as the writer types (the list is marked incomplete). */
export const COMPLETION_LIMIT = 200;

/**
 * The entries for what is typed of the key (every source when nothing is), in the library's order: the sources
 * whose key, short name or title contain each typed word, at most `limit`; `complete` is false when more matched.
 */
export function keyCompletions(sources: readonly Source[], typed = '', limit = COMPLETION_LIMIT): { entries: KeyCompletion[]; complete: boolean } {
  const width = String(sources.length).length;
  const words = typed.toLowerCase().split(/[\s:._-]+/).filter(Boolean);
  const entries: KeyCompletion[] = [];
  for (let index = 0; index < sources.length; index++) {
    const entry = entryFor(sources[index]);
    if (words.length > 0 && !words.every((word) => entry.search.includes(word))) continue;
    if (entries.length === limit) return { entries, complete: false };
    entries.push({ ...entry, sortText: String(index).padStart(width, '0') });
  }
  return { entries, complete: true };
}
