// What the benchmark (bench/run.ts) measures the core against, in the same run on the same inputs. Not part of
// the extension: the core never imports it.
import Fuse from 'fuse.js';
import type { PassageHit, Source } from '../src/core/types';
import { sentenceSpans } from '../src/core/text/sentences';

/**
 * The baseline: plain fuse.js over every paragraph and sentence, diacritics ignored, location ignored — the way
 * peer tools search. Builds once; returns the search function (20 hits unless told, as `PassageIndex`).
 */
export function plainFuseSearch(sources: readonly Source[]): (query: string, limit?: number) => PassageHit[] {
  const passages: Array<{ source: string; paragraph: number; text: string }> = [];
  for (const source of sources) {
    for (const paragraph of source.paragraphs) {
      const sentences = sentenceSpans(paragraph.text);
      for (const span of sentences) {
        passages.push({ source: source.meta.key, paragraph: paragraph.number, text: paragraph.text.slice(span.start, span.end) });
      }
      if (sentences.length !== 1) passages.push({ source: source.meta.key, paragraph: paragraph.number, text: paragraph.text });
    }
  }
  const fuse = new Fuse(passages, {
    keys: ['text'],
    includeScore: true,
    includeMatches: true,
    ignoreLocation: true,
    ignoreDiacritics: true,
    threshold: 0.45,
    minMatchCharLength: 2,
  });
  return (query: string, limit = 20) => {
    if (query.trim().length === 0) return [];
    return fuse.search(query, { limit }).map((result) => ({
      source: result.item.source,
      paragraph: result.item.paragraph,
      text: result.item.text,
      highlights: (result.matches?.[0]?.indices ?? []).map(([start, end]) => [start, end + 1] as [number, number]),
      score: 1 - (result.score ?? 1),
    }));
  };
}
