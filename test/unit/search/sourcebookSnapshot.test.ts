// The Sourcebook's side of the indexes' snapshot: a snapshot is taken only of indexes already built (never by
// building them), and a fresh Sourcebook over the same library takes the restored indexes as if it had built them.
import assert from 'node:assert/strict';
import { corpusJson } from '../../../src/generated/corpus';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import { restoreIndexes } from '../../../src/core/search/indexSnapshot';
import { contentHash } from '../../../src/core/text/contentHash';
import type { LibrarySource } from '../../../src/core/search/indexSnapshot';
import { QuotationChecker } from '../../../src/core/quotations/quotationChecker';

function sourcebook(): Sourcebook {
  return new Sourcebook(new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true }));
}

async function withHashes(book: Sourcebook): Promise<LibrarySource[]> {
  return Promise.all(book.library.sources.map(async (source) => ({ source, hash: await contentHash(JSON.stringify(source.paragraphs)) })));
}

describe('The Sourcebook’s indexes kept between starts', () => {
  it('takes no snapshot before an index is built, then one of each index built, and builds none for it', async () => {
    const book = sourcebook();
    const library = await withHashes(book);
    assert.equal(book.snapshot(library), undefined);
    await book.searchReady();
    assert.equal(book.indexed, false, 'the word index is not built for the snapshot');
    const searchOnly = await restoreIndexes(book.snapshot(library)!, library);
    assert.ok(searchOnly?.passages);
    assert.equal(searchOnly?.words, undefined);
    await book.wordIndexReady();
    assert.ok(book.indexed);
    const both = await restoreIndexes(book.snapshot(library)!, library);
    assert.ok(both?.passages && both.words);
  });

  it('searches and checks quotations with restored indexes as with built ones, building neither', async () => {
    const built = sourcebook();
    await Promise.all([built.searchReady(), built.wordIndexReady()]);
    const bytes = built.snapshot(await withHashes(built));
    assert.ok(bytes);
    const fresh = sourcebook();
    const restored = await restoreIndexes(bytes, await withHashes(fresh));
    assert.ok(restored);
    assert.ok(fresh.adoptIndexes(restored));
    assert.ok(fresh.indexed, 'taken as built');
    assert.equal(fresh.indexing, false);
    assert.deepEqual(fresh.search.search('bread and roses'), built.search.search('bread and roses'));
    const paragraph = built.library.sources[0].paragraphs[0].text;
    const draft = `She wrote: "${paragraph.split(' ').slice(0, 12).join(' ')}"`;
    const check = (book: Sourcebook) => new QuotationChecker(book.wordIndex).checkAll(draft).map((result) => [result.status, result.match?.source, result.match?.paragraph]);
    assert.deepEqual(check(fresh), check(built));
    assert.deepEqual(check(fresh), [['uncited', built.library.sources[0].meta.key, 1]], 'found in its first paragraph (counted from 1), with no citation next to it');
  });

  it('tells when both indexes are built, once the second is done, and again after a change', async () => {
    const book = sourcebook();
    let told = 0;
    book.onIndexed(() => told++);
    await book.searchReady();
    assert.equal(told, 0);
    await book.wordIndexReady();
    assert.equal(told, 1);
    book.removeSource(book.library.sources[0].meta.key);
    await book.wordIndexReady();
    assert.equal(told, 2);
  });

  it('refuses indexes built over other sources than its library’s', async () => {
    const built = sourcebook();
    await Promise.all([built.searchReady(), built.wordIndexReady()]);
    const fresh = sourcebook();
    fresh.removeSource(fresh.library.sources[0].meta.key);
    assert.equal(fresh.adoptIndexes({ passages: built.search, words: built.wordIndex, sources: [...built.library.sources] }), false);
    assert.equal(fresh.indexed, false);
  });
});
