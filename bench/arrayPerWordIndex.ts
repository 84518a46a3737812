// The baseline of the quotation word index's build garbage (bench/scaleLibrary.ts): the words of every paragraph
// indexed as `SourceWordIndex` was built before it read words in place — the paragraph folded into a new string,
// its words cut as span objects, a string sliced for each word to look it up, and each word's paragraphs gathered
// in a JavaScript array of its own, copied into one typed array at the end. The same posting lists; kept here only
// to measure, in the same run, what that way of building leaves for the garbage collector.
import { detached, fold } from '../src/core/text/normalize';
import { wordSpans } from '../src/core/text/sentences';
import { wordKeyOf } from '../src/core/quotations/sourceWordIndex';
import type { Source } from '../src/core/types';

/** Built in one go, or with `pause` awaited after each paragraph (as `SourceWordIndex.inSlices` does). */
export async function arrayPerWordIndex(sources: readonly Source[], pause?: () => Promise<void>): Promise<{ words: number; offsets: Int32Array; postings: Int32Array }> {
  const vocabulary = new Map<string, number>();
  const lists: number[][] = [];
  let g = 0;
  for (const source of sources) {
    for (const paragraph of source.paragraphs) {
      const folded = fold(paragraph.text);
      for (const span of wordSpans(folded)) {
        const key = wordKeyOf(folded, span.start, span.end);
        let id = vocabulary.get(key);
        if (id === undefined) {
          id = lists.length;
          vocabulary.set(detached(key), id);
          lists.push([]);
        }
        const list = lists[id];
        if (list[list.length - 1] !== g) list.push(g);
      }
      g++;
      if (pause) await pause();
    }
  }
  const offsets = new Int32Array(lists.length + 1);
  let total = 0;
  for (let id = 0; id < lists.length; id++) {
    offsets[id] = total;
    total += lists[id].length;
  }
  offsets[lists.length] = total;
  const postings = new Int32Array(total);
  for (let id = 0; id < lists.length; id++) postings.set(lists[id], offsets[id]);
  return { words: lists.length, offsets, postings };
}
