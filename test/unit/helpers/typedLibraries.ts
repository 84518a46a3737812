// Generated libraries and typing for the search's property tests (stepCache, walkCache, paragraphPhrase): sources
// made of given paragraphs, sentences made of given words, and a phrase's keystrokes as a writer types it.
import type { Source } from '../../../src/core/types';

/** One book per list of paragraph texts, keyed `source<tag><n>`. */
export function sourcesOf(paragraphs: string[][], tag = ''): Source[] {
  return paragraphs.map((texts, s) => ({
    meta: { key: `source${tag}${s}`, title: `Source ${s}`, author: [], type: 'book' },
    paragraphs: texts.map((text, p) => ({ number: p + 1, text, line: p, kind: 'text' as const })),
    quotations: [],
    origin: `source${tag}${s}.md`,
  }));
}

/** The words as a sentence: the first capitalised, a full stop at the end. */
export function sentenceOf(words: string[]): string {
  return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
}

/** Every keystroke of `phrase` that a search answers (not one ending in a space). */
export function keystrokes(phrase: string): string[] {
  return Array.from({ length: phrase.length }, (_, i) => phrase.slice(0, i + 1)).filter((q) => !q.endsWith(' '));
}
