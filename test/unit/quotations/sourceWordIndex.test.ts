// The quotation word index keeps only each word's paragraphs; a paragraph's own words are cut again from its text
// when a check looks at it, and only the last few hundred are kept.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusJson } from '../../../src/generated/corpus';
import type { LibraryData } from '../../../src/core/library';
import { QuotationChecker } from '../../../src/core/quotations/quotationChecker';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { parseSource } from '../../../src/core/sources/sourceParser';
import { quotationDraft, sourceFiles, vocabularyOf } from '../../../bench/synthetic';
import type { Source } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

describe('quotation word index', () => {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = vocabularyOf(bundled);
  const sources = [...bundled.sources, ...sourceFiles(vocab, 120, 6_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!)];
  const index = new SourceWordIndex(sources);

  it('judges a draft the same after checks of 400 other quotations made it forget the paragraphs it looked at', () => {
    const checker = new QuotationChecker(index);
    const draft = quotationDraft(bundled.sources, vocab, 3_000, 30).text;
    const first = checker.checkAll(draft);
    assert.ok(first.filter((check) => check.status === 'verified').length >= 15, 'most quotations are found verified');
    const other = new QuotationChecker(index);
    const many = other.checkAll(quotationDraft(sources.slice(bundled.sources.length), vocab, 20_000, 400, 7).text);
    assert.ok(new Set(many.flatMap((check) => (check.match ? [`${check.match.source}:${check.match.paragraph}`] : []))).size > 256);
    assert.deepEqual(new QuotationChecker(index).checkAll(draft), first);
  });

  it('finds paragraph 20 of a source by its number, and no paragraph 0 or past the last', () => {
    const crossan = bundled.sources.find((source) => source.meta.key === 'crossan2025')!;
    const g = index.paragraphAt('crossan2025', 20);
    assert.ok(g !== undefined);
    assert.equal(index.paragraph(g).text, crossan.paragraphs.find((p) => p.number === 20)!.text);
    assert.equal(index.paragraphAt('crossan2025', 0), undefined);
    assert.equal(index.paragraphAt('crossan2025', crossan.paragraphs.length + 1), undefined);
    assert.equal(index.paragraphAt('nobody', 1), undefined);
  });
  it('keeps apart two words that look alike to its word table ("yaczfa" and "glbppa" share a hash)', () => {
    // The index finds a word by a hash of its letters and then compares the letters: these two share the hash.
    const source: Source = {
      meta: { key: 'hash2020', title: 'Made-up words', type: 'book', date: '2020', author: [{ family: 'Hughes', given: 'Ann' }] },
      paragraphs: [
        { number: 1, line: 5, kind: 'text', text: 'The miners sang yaczfa songs in the hall that winter.' },
        { number: 2, line: 7, kind: 'text', text: 'The women ran glbppa kitchens in every village of the valley.' },
      ],
      quotations: [],
      origin: 'file:///made-up.md',
    };
    const small = new SourceWordIndex([source]);
    assert.notEqual(small.wordId('yaczfa'), small.wordId('glbppa'));
    assert.equal(small.count(small.wordId('glbppa')), 1);
    const [check] = new QuotationChecker(small).checkAll('They “ran glbppa kitchens in every village” [@hash2020, para. 2].');
    assert.equal(check.status, 'verified');
    const [moved] = new QuotationChecker(small).checkAll('They “ran glbppa kitchens in every village” [@hash2020, para. 1].');
    assert.equal(moved.status, 'wrongCitation');
    assert.equal(moved.expectedCitation?.paragraph, 2);
    const [changed] = new QuotationChecker(small).checkAll('They “sang glbppa songs in the hall” [@hash2020, para. 1].');
    assert.equal(changed.status, 'differs');
    assert.deepEqual(changed.differences.map((d) => [d.draftText, d.sourceText]), [['glbppa', 'yaczfa']]);
  });

  it('reads a decomposed accent in a source as the composed one in a quotation ("Sia\u0302n" is "Siân")', () => {
    const source: Source = {
      meta: { key: 'accent2020', title: 'Accents', type: 'book', date: '2020', author: [{ family: 'Jones', given: 'Bet' }] },
      paragraphs: [{ number: 1, line: 5, kind: 'text', text: 'It was Sia\u0302n who carried the banner through the town that day.' }],
      quotations: [],
      origin: 'file:///made-up.md',
    };
    const [check] = new QuotationChecker([source]).checkAll('“Siân who carried the banner through the town” [@accent2020, para. 1].');
    assert.equal(check.status, 'verified');
    assert.equal(check.match?.text, 'Sia\u0302n who carried the banner through the town');
  });
});

describe('quotation word index built in slices', () => {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const sources = [...bundled.sources, ...sourceFiles(vocabularyOf(bundled), 120, 6_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!)];

  it('gives the host its turns while it writes the posting lists, after the last source is read', async () => {
    let afterLast = 0;
    let last = false;
    const pause = async () => {
      if (last) afterLast++;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const index = await SourceWordIndex.inSlices(sources, pause, (done) => (last = done === sources.length));
    // Each paragraph's words once: the postings the end of the build writes.
    const postings = index.snapshotParts().postings.length;
    assert.ok(postings > 50_000, `${postings} postings`);
    assert.ok(afterLast >= postings / 32_768, `${afterLast} turns after the last source for ${postings} postings`);
  });
});

describe('quotation word index restored with nothing changed', () => {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = vocabularyOf(bundled);
  const sources = [...bundled.sources, ...sourceFiles(vocab, 40, 4_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!)];
  const index = new SourceWordIndex(sources);
  const parts = index.snapshotParts();
  const draft = quotationDraft(sources, vocab, 2_000, 12).text;
  const checkAll = (words: SourceWordIndex) => new QuotationChecker(words, { format: 'markdown' }).checkAll(draft);

  it('holds the same paragraphs for every word and checks a draft the same, in one go and in slices', async () => {
    const restored = SourceWordIndex.fromSnapshotParts(parts, sources)!;
    const sliced = (await SourceWordIndex.fromSnapshotPartsInSlices(parts, sources, [], () => new Promise((resolve) => setImmediate(resolve))))!;
    for (const word of parts.words) {
      const id = index.wordId(word);
      assert.deepEqual([...restored.paragraphsWith(restored.wordId(word))], [...index.paragraphsWith(id)], word);
      assert.deepEqual([...sliced.paragraphsWith(sliced.wordId(word))], [...index.paragraphsWith(id)], word);
    }
    assert.deepEqual(checkAll(restored), checkAll(index));
  });

  it('refuses parts with any number out of place, or checks without throwing (no checksum to help)', () => {
    const fields = ['paragraphSource', 'paragraphIndex', 'offsets', 'postings'] as const;
    fc.assert(
      fc.property(fc.nat(fields.length - 1), fc.nat(), fc.integer({ min: -5, max: 1 << 30 }), (f, at, value) => {
        const array = parts[fields[f]].slice();
        array[at % array.length] = value;
        const restored = SourceWordIndex.fromSnapshotParts({ ...parts, [fields[f]]: array }, sources);
        if (restored) checkAll(restored);
      }),
      params(100),
    );
  });
});
