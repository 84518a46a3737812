import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { plainFuseSearch } from '../../../bench/baselines';
import { sentenceSpans } from '../../../src/core/text/sentences';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';

const corpusDir = join(__dirname, '..', '..', '..', 'corpus', 'sources');

function corpus(): Source[] {
  return readdirSync(corpusDir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const parsed = parseSource(readFileSync(join(corpusDir, file), 'utf8'), file);
      assert.ok(parsed.source, `${file} parses`);
      return parsed.source;
    });
}

function paragraphText(sources: Source[], key: string, number: number): string {
  const paragraph = sources.find((source) => source.meta.key === key)?.paragraphs.find((p) => p.number === number);
  assert.ok(paragraph, `${key} has paragraph ${number}`);
  return paragraph.text;
}

describe('passage search', () => {
  const sources = corpus();
  const index = new PassageIndex(sources);

  it('finds Byrne\'s "Bread and Roses" paragraph first for "bread and roses"', () => {
    const [top] = index.search('bread and roses');
    assert.equal(top.source, 'byrne2014');
    assert.ok(paragraphText(sources, 'byrne2014', top.paragraph).includes('Bread and Roses'));
    assert.ok(top.text.includes('‘Bread and Roses’'));
    const [start, end] = top.highlights[0];
    assert.equal(top.text.slice(start, end), 'Bread and Roses');
  });

  it('finds Crossan\'s Dai Donovan paragraph for "lodge banner"', () => {
    const [top] = index.search('lodge banner');
    assert.equal(top.source, 'crossan2025');
    assert.equal(top.paragraph, 4);
    assert.ok(paragraphText(sources, 'crossan2025', 4).startsWith('“There’s a lodge banner down in the welfare.'));
    assert.deepEqual(top.highlights.map(([s, e]) => top.text.slice(s, e)), ['lodge banner']);
  });

  it('finds passages naming Siân James from "Sian James", and highlights the name with its circumflex', () => {
    const hits = index.search('Sian James');
    assert.ok(hits.length >= 1);
    const exact = hits.filter((hit) => hit.score >= 2);
    assert.ok(exact.length >= 1);
    for (const hit of exact) {
      assert.ok(hit.text.includes('Siân James'), hit.text);
      assert.ok(hit.highlights.some(([s, e]) => hit.text.slice(s, e) === 'Siân James'));
    }
  });

  it('finds something at every keystroke of "bread and roses", and Byrne\'s sentence once the words are typed', () => {
    const phrase = 'bread and roses';
    for (let i = 1; i <= phrase.length; i++) assert.ok(index.search(phrase.slice(0, i)).length > 0, phrase.slice(0, i));
    assert.equal(index.search('bread and r')[0].source, 'byrne2014');
  });

  it('ranks the exact phrase above passages that only contain all the words', () => {
    const hits = index.search('shoulder to shoulder');
    assert.equal(hits[0].text, 'Shoulder to shoulder.');
    const mixed = index.search('miners support');
    const firstAllWords = mixed.findIndex((hit) => !/miners support/i.test(hit.text));
    const lastPhrase = mixed.map((hit) => /miners support/i.test(hit.text)).lastIndexOf(true);
    assert.ok(lastPhrase >= 0 && (firstAllWords < 0 || lastPhrase < firstAllWords));
  });

  it('still finds "solidarity" when the writer types "solidarty"', () => {
    const hits = index.search('solidarty');
    assert.ok(hits.length > 0);
    assert.ok(hits[0].text.toLowerCase().includes('solidarity'));
  });

  it('returns sentences with their offset in the paragraph, so the writer can insert exactly those words', () => {
    const [top] = index.search('lodge banner');
    assert.equal(top.kind, 'sentence');
    const paragraph = paragraphText(sources, 'crossan2025', 4);
    assert.equal(paragraph.slice(top.start ?? -1, (top.start ?? 0) + top.text.length), top.text);
  });

  it('finds nothing for an empty query or punctuation only, and never throws on odd input', () => {
    assert.deepEqual(index.search(''), []);
    assert.deepEqual(index.search('   '), []);
    assert.deepEqual(index.search('— … !?'), []);
    for (const odd of ['\u0000', '((((((', '.*+?^${}()|[]\\', 'x'.repeat(10000), '\ud800']) assert.doesNotThrow(() => index.search(odd));
  });

  it('adds and removes a writer\'s own source live', () => {
    const live = new PassageIndex(sources);
    const own: Source = {
      meta: { key: 'notes2026', title: 'Interview notes', author: [{ family: 'Writer' }], type: 'manuscript' },
      paragraphs: [{ number: 1, text: 'Hefina Headon kept the minutes of every zebracrossing meeting.', line: 5, kind: 'text' }],
      quotations: [],
      origin: 'file:///notes.md',
    };
    assert.equal(live.search('zebracrossing').length, 0);
    live.addSource(own);
    assert.equal(live.search('zebracrossing')[0].source, 'notes2026');
    live.addSource({ ...own, paragraphs: [{ number: 1, text: 'Replaced text about a quagga.', line: 5, kind: 'text' }] });
    assert.equal(live.search('zebracrossing').length, 0);
    assert.equal(live.search('quagga')[0].source, 'notes2026');
    assert.equal(live.removeSource('notes2026'), true);
    assert.equal(live.search('quagga').length, 0);
    assert.equal(live.removeSource('notes2026'), false);
    assert.equal(live.search('lodge banner')[0].source, 'crossan2025');
  });

  it('adds a long source a paragraph at a time: a search meanwhile finds what is indexed so far', async () => {
    const live = new PassageIndex(sources);
    const paragraphs = ['The first page speaks of a quagga.', 'The second of an okapi.', 'The third of a zebracrossing.'];
    const book: Source = {
      meta: { key: 'book2026', title: 'A book', type: 'book', author: [] },
      paragraphs: paragraphs.map((text, i) => ({ number: i + 1, text, line: i, kind: 'text' as const })),
      quotations: [],
      origin: 'file:///book.pdf',
    };
    const seen: number[] = [];
    await live.addSourceInSlices(book, async () => {
      seen.push(['quagga', 'okapi', 'zebracrossing'].filter((word) => live.search(word).some((hit) => hit.source === 'book2026')).length);
    });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(live.search('okapi')[0].paragraph, 2);
  });

  it('stops adding a source a paragraph at a time when it is removed meanwhile', async () => {
    const live = new PassageIndex(sources);
    const book: Source = {
      meta: { key: 'book2026', title: 'A book', type: 'book', author: [] },
      paragraphs: ['A quagga.', 'An okapi.', 'A zebracrossing.'].map((text, i) => ({ number: i + 1, text, line: i, kind: 'text' as const })),
      quotations: [],
      origin: 'file:///book.pdf',
    };
    await live.addSourceInSlices(book, async () => {
      live.removeSource('book2026');
    });
    assert.deepEqual(['quagga', 'okapi', 'zebracrossing'].map((word) => live.search(word).length), [0, 0, 0]);
    assert.equal(live.search('lodge banner')[0].source, 'crossan2025');
  });

  it('keeps working after most sources are removed (the index is rebuilt)', () => {
    const live = new PassageIndex(sources);
    for (const key of ['byrne2014', 'bossy-lovewins', 'wikipedia-lgsm']) live.removeSource(key);
    assert.ok(live.search('bread and roses').every((hit) => hit.source === 'crossan2025'));
    assert.equal(live.search('lodge banner')[0].paragraph, 4);
  });

  it('the plain fuse.js baseline finds the same top passage for "lodge banner"', () => {
    const plain = plainFuseSearch(sources);
    const [top] = plain('lodge banner');
    assert.equal(top.source, 'crossan2025');
    assert.equal(top.paragraph, 4);
  });
});

describe('sentence splitting', () => {
  it('splits Dai Donovan\'s speech at each full stop but not inside "Mr. Smith" or an initial', () => {
    const text = 'Shoulder to shoulder. Hand to hand.” Then Mr. Smith and J. Jones left. “Who?” she asked.';
    const parts = sentenceSpans(text).map(({ start, end }) => text.slice(start, end));
    assert.deepEqual(parts, ['Shoulder to shoulder.', 'Hand to hand.”', 'Then Mr. Smith and J. Jones left.', '“Who?” she asked.']);
  });
});
