// Paragraph texts packed into a few long strings (core/text/packedTexts.ts): every text reads exactly as before, in
// its place, and a text whose units all fit one byte is stored one byte a unit even when it was cut from a wider
// string (helpers/stringWidth.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { packTexts } from '../../../src/core/text/packedTexts';
import { parseSource } from '../../../src/core/sources/sourceParser';
import { params } from '../helpers/fastCheck';
import { isOneByte as oneByte } from '../helpers/stringWidth';

const texts = fc.array(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '’', 'Sian James said: “Pride.”', 'Onllwyn', 'a'.repeat(100)),
  ),
  { maxLength: 40 },
);

describe('packedTexts', () => {
  it('gives every text back as it read, in its place, whatever the run length', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 120 }), (list, runUnits) => {
        const items = list.map((text, i) => ({ text, i }));
        packTexts(items, runUnits);
        assert.deepEqual(
          items.map((item) => item.text),
          list,
        );
        assert.deepEqual(
          items.map((item) => item.i),
          list.map((_, i) => i),
        );
      }),
      params(300),
    );
  });

  it('stores a one-byte text one byte a unit even when it was cut from a two-byte string', () => {
    const file = `Café society in Dulais, ${'long enough to be sliced '.repeat(4)}| and then “curly” quotes`;
    assert.equal(oneByte(file), false);
    const cut = file.slice(0, file.indexOf('|'));
    assert.equal(oneByte(cut), false, 'a slice of a two-byte string is two bytes a unit');
    const items = [{ text: cut }, { text: 'Mike Jackson and Mark Ashton' }, { text: '“Pride” (2014)' }];
    packTexts(items);
    assert.equal(items[0].text, cut);
    assert.equal(oneByte(items[0].text), true);
    assert.equal(oneByte(items[1].text), true);
    assert.equal(oneByte(items[2].text), false, 'a text beyond Latin-1 stays two bytes a unit');
  });

  it('leaves a parsed file’s one-byte paragraphs one byte a unit beside a paragraph with curly quotes', () => {
    const file = `---\nkey: packed\ntitle: Packed\ntype: article\n---\n\n${'Plain Latin-1 prose about the strike, café and all. '.repeat(3)}\n\nShe said “solidarity”.\n\nMore plain prose about Onllwyn and the Dulais valley.\n`;
    assert.equal(oneByte(file), false);
    const source = parseSource(file, 'packed.md').source;
    assert.ok(source);
    assert.deepEqual(
      source.paragraphs.map((paragraph) => oneByte(paragraph.text)),
      [true, false, true],
    );
    assert.match(source.paragraphs[0].text, /^Plain Latin-1 prose about the strike, café and all\./);
    assert.equal(source.paragraphs[1].text, 'She said “solidarity”.');
  });
});
