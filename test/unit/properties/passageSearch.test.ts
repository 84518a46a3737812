// Property tests of passage search over the bundled corpus and 40 synthetic sources (bench/synthetic.ts), with
// queries cut from the sources' own text as a writer types them (a few words, the last one half typed, now and
// then a typing error):
// - a hit quotes its source exactly: its text is the paragraph's text at its offset, its highlights lie inside it;
// - an index built a source at a time — a long source a paragraph at a time, searched between paragraphs so its
//   new words are merged into the sorted vocabulary piecemeal — answers every query as one built at once does.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import type { LibraryData } from '../../../src/core/library';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { sourceFiles, vocabularyOf } from '../../../bench/synthetic';
import { params, typedQuery } from '../helpers/fastCheck';

const bundled = JSON.parse(corpusJson) as LibraryData;
const synthetic = sourceFiles(vocabularyOf(bundled), 40, 6_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!);
const sources: Source[] = [...bundled.sources, ...synthetic];
const texts = sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));

const query = typedQuery(texts);

describe('passage search, properties', () => {
  const whole = new PassageIndex(sources);

  it('quotes every hit exactly from its source, with its highlights inside the quoted words', () => {
    fc.assert(
      fc.property(query, (typed) => {
        for (const hit of whole.search(typed)) {
          const paragraph = sources.find((source) => source.meta.key === hit.source)!.paragraphs.find((p) => p.number === hit.paragraph)!;
          const start = hit.start ?? 0;
          assert.equal(paragraph.text.slice(start, start + hit.text.length), hit.text);
          for (const [start, end] of hit.highlights) assert.ok(0 <= start && start < end && end <= hit.text.length, `${start}–${end} in ${hit.text.length}`);
        }
      }),
      params(150),
    );
  });

  it('answers every query the same whether the library was indexed at once or source by source, in slices', async () => {
    const piecemeal = new PassageIndex(bundled.sources.slice(0, 2));
    for (const source of sources.slice(2, 10)) piecemeal.addSource(source);
    let paragraphs = 0;
    for (const source of sources.slice(10)) {
      await piecemeal.addSourceInSlices(source, async () => {
        if (++paragraphs % 7 === 0) piecemeal.search('the');
      });
    }
    fc.assert(
      fc.property(query, (typed) => {
        assert.deepEqual(piecemeal.search(typed), whole.search(typed));
      }),
      params(150),
    );
  });
});
