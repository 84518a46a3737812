// The writer's parsed sources as the indexes' snapshot keeps them (src/core/search/sourceRecords.ts): any source —
// ASCII, accented, wide or astral text, lone surrogates, a paragraph with pages or fields of its own, odd numbers —
// comes back exactly as it went in, keys in the same order; a record cut short or with a length out of place is
// refused, never half-read; and a vocabulary that UTF-8 cannot carry leaves its index out of the snapshot.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSourceRecord, encodeSourceRecord } from '../../../src/core/search/sourceRecords';
import { OpenedSnapshot, snapshotIndexes } from '../../../src/core/search/indexSnapshot';
import { PassageIndex } from '../../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Paragraph, Source } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text of every kind a source can hold: ASCII, Latin-1, curly quotes, CJK, emoji, and lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', ' ', 'é', 'ß', '\u00a0', '’', '“', '—', '文', '😀', '\ud800', '\udc00'), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const paragraph: fc.Arbitrary<Paragraph> = fc.oneof(
  fc.record({ number: fc.integer({ min: -5, max: 1e6 }), text, line: fc.nat(1e6), kind: fc.constantFrom('text' as const, 'quote' as const) }),
  // A PDF's paragraph (its pages), and numbers JSON keeps but an Int32Array would not.
  fc.record({ number: fc.nat(), text, line: fc.nat(), kind: fc.constant('text' as const), pages: fc.array(fc.record({ start: fc.nat(40), end: fc.nat(40), label: fc.string({ maxLength: 4 }) }), { maxLength: 2 }) }),
  fc.record({ number: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5), text, line: fc.constantFrom(0, 2 ** 33), kind: fc.constant('quote' as const) }),
);

const source: fc.Arbitrary<Source> = fc.record(
  {
    meta: fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), title: text, author: fc.array(fc.record({ literal: text }), { maxLength: 2 }), type: fc.constantFrom('book', 'article', 'web') }),
    paragraphs: fc.array(paragraph, { maxLength: 12 }),
    quotations: fc.array(fc.record({ paragraph: fc.nat(12), start: fc.nat(9), end: fc.nat(9), speaker: text, speakerName: text }), { maxLength: 2 }),
    origin: fc.string({ maxLength: 12 }),
    entryLine: fc.nat(),
    pdf: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['meta', 'paragraphs', 'quotations', 'origin'] },
) as fc.Arbitrary<Source>;

describe('Parsed sources kept as records in the snapshot', () => {
  it('decodes any source exactly as it was, field order and all', () => {
    fc.assert(
      fc.property(source, (original) => {
        const decoded = decodeSourceRecord(encodeSourceRecord(original, encoder), decoder);
        // What the JSON of the format before kept (plain objects), and the same text for text.
        assert.deepEqual(decoded, JSON.parse(JSON.stringify(original)));
        assert.equal(JSON.stringify(decoded), JSON.stringify(original));
        for (const [i, paragraph] of original.paragraphs.entries()) assert.equal(decoded?.paragraphs[i].text, paragraph.text);
      }),
      params(300),
    );
  });

  it('keeps a parsed file’s paragraphs out of the JSON: the record is about the size of the text', () => {
    const file = `---\nkey: hale\ntitle: Letters\nauthor:\n  - literal: Morwen Hale\ntype: book\n---\n\n${Array.from({ length: 200 }, (_, i) => `The ${i}th letter came by the morning post, and the café’s owner read it aloud.`).join('\n\n')}\n`;
    const parsed = parseSource(file, 'library/hale.md').source!;
    const record = encodeSourceRecord(parsed, encoder);
    const textBytes = parsed.paragraphs.reduce((sum, p) => sum + encoder.encode(p.text).length, 0);
    assert.deepEqual(decodeSourceRecord(record, decoder), parsed);
    assert.ok(record.length < textBytes + 16 * parsed.paragraphs.length + 400, `${record.length} bytes for ${textBytes} of text`);
  });

  it('refuses a record cut short, or with any length word changed, rather than return part of a source', () => {
    const parsed = parseSource('---\nkey: k\ntitle: T\ntype: book\n---\n\nOne paragraph, plain.\n\nAnother, with “quotes”.\n\nA third: café.\n', 'k.md').source!;
    const record = encodeSourceRecord(parsed, encoder);
    for (let length = 0; length < record.length; length += 4) {
      const cut = decodeSourceRecord(record.slice(0, length), decoder);
      assert.ok(cut === undefined || JSON.stringify(cut) === JSON.stringify(parsed), `cut at ${length}`);
    }
    // The head (count and run lengths) and each paragraph's text length: any other value is refused.
    const lengthWords = [0, 1, 2, 3, 4, ...parsed.paragraphs.map((_, i) => 5 + 4 * i + 3)];
    for (const word of lengthWords) {
      for (const delta of [-1, 1, 1000, -(2 ** 31)]) {
        const changed = record.slice();
        const ints = new Int32Array(changed.buffer);
        ints[word] = (ints[word] + delta) | 0;
        assert.equal(decodeSourceRecord(changed, decoder), undefined, `word ${word} ${delta > 0 ? '+' : ''}${delta}`);
      }
    }
  });

  it('leaves out of the snapshot the indexes whose vocabulary has a lone surrogate, and keeps the files', async () => {
    const file = '---\nkey: odd\ntitle: Odd\ntype: book\n---\n\nA plain paragraph about letters.\n';
    const parsed = parseSource(file, 'odd.md').source!;
    const odd: Source = { ...parsed, paragraphs: [...parsed.paragraphs, { number: 2, text: 'broken \ud800word here', line: 9, kind: 'text' }] };
    const kept = (source: Source) => {
      const bytes = snapshotIndexes(new PassageIndex([source]), new SourceWordIndex([source]), [{ source, hash: 'h' }], [{ uri: 'odd.md', mtime: 1, size: 1, hash: 'h', keyLine: 1, problems: [], source }])!;
      return OpenedSnapshot.open(bytes)!;
    };
    // Both indexes hold the word "\ud800word", which UTF-8 would turn into "\ufffdword".
    const opened = kept(odd);
    assert.deepEqual(opened.holds, { passages: false, words: false });
    assert.equal(JSON.stringify(opened.knownFiles().get('odd.md')?.source()), JSON.stringify(odd));
    assert.deepEqual(kept(parsed).holds, { passages: true, words: true });
  });
});
