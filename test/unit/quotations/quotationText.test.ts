import * as assert from 'node:assert/strict';
import { isBlock, nestQuotes, noteText, quotationText, trimQuotation, wordCount } from '../../../src/core/quotations/quotationText';

describe('Quotation text for the draft', () => {
  it('puts a short quotation inline in curly quotes, with a space before a Pandoc citation', () => {
    const text = quotationText({ words: 'the enemy within', format: 'markdown', citation: '[@crossan2025, para. 7]' });
    assert.equal(text, '“the enemy within” [@crossan2025, para. 7]');
  });

  it('puts a footnote reference straight after the closing quote', () => {
    const text = quotationText({ words: 'the enemy within', format: 'markdown', citation: '[^3]', citationIsNoteReference: true });
    assert.equal(text, '“the enemy within”[^3]');
  });

  it('turns double quotes inside the quotation into single ones', () => {
    assert.equal(nestQuotes('a headline, “perverts supporting the Pits”, and "Pits"'), 'a headline, ‘perverts supporting the Pits’, and ‘Pits’');
  });

  it('takes off the quote marks around a passage that is itself a quotation in the source', () => {
    assert.equal(trimQuotation('“There’s a lodge banner down in the welfare.'), 'There’s a lodge banner down in the welfare.');
    assert.equal(trimQuotation('  “Shoulder to shoulder.\n Hand to hand.”  '), 'Shoulder to shoulder. Hand to hand.');
  });

  it('keeps an apostrophe that ends the passage (the miners’)', () => {
    assert.equal(trimQuotation('support for the miners’'), 'support for the miners’');
  });

  it('counts words and chooses a block from the threshold up, or as the setting says', () => {
    assert.equal(wordCount('There’s a lodge banner down in the welfare.'), 8);
    assert.equal(isBlock('one two three', 'auto', 3), true);
    assert.equal(isBlock('one two', 'auto', 3), false);
    assert.equal(isBlock('one', 'block', 40), true);
    assert.equal(isBlock('one two three four', 'inline', 2), false);
  });

  it('writes a Markdown block quotation on lines of its own, with a blank line before and after', () => {
    const text = quotationText({
      words: 'one two three',
      format: 'markdown',
      form: 'block',
      citation: '[@byrne2014, para. 12]',
      lineBefore: 'He said:',
      lineAfter: '',
    });
    assert.equal(text, '\n\n> one two three [@byrne2014, para. 12]');
    const midLine = quotationText({ words: 'a b', format: 'markdown', form: 'block', citation: '[@x]', lineBefore: 'Before', lineAfter: ' after' });
    assert.equal(midLine, '\n\n> a b [@x]\n\n');
  });

  it('writes a LaTeX quotation with ``…\'\', escaped specials and a tied \\cite', () => {
    assert.equal(quotationText({ words: 'raised £22,500 & more', format: 'latex', citation: '\\cite[para.~5]{wikipedia-lgsm}' }), "``raised £22,500 \\& more''~\\cite[para.~5]{wikipedia-lgsm}");
    const block = quotationText({ words: 'a b c', format: 'latex', form: 'block', citation: '\\cite{x}', lineBefore: '', eol: '\r\n' });
    assert.equal(block, '\\begin{quote}\r\na b c~\\cite{x}\r\n\\end{quote}');
  });

  it('turns an author-date citation into a footnote sentence', () => {
    assert.equal(noteText('(Crossan 2025, para. 4)'), 'Crossan 2025, para. 4.');
    assert.equal(noteText('Crossan, “An Ode to Solidarity and Organisation,” para. 4.'), 'Crossan, “An Ode to Solidarity and Organisation,” para. 4.');
    assert.equal(noteText('(Byrne 2014) and (Crossan 2025)'), '(Byrne 2014) and (Crossan 2025).');
  });

  it('handles 100,000 quote marks before a word in well under a second', () => {
    const started = Date.now();
    const text = quotationText({ words: `${'”'.repeat(100_000)}x`, format: 'markdown', citation: '[@x]' });
    assert.ok(Date.now() - started < 1000);
    assert.ok(text.endsWith('x” [@x]'));
  });
});
