import * as assert from 'assert';
import { trackOffset } from '../../../src/core/text/offsetTracking';
import { footnoteDefinitionAppend, nextFootnoteLabel } from '../../../src/core/drafts/footnotes';
import { readDraft } from '../../../src/core/drafts/draftReader';

describe('following the insertion point while a picker is open', () => {
  it('moves the point right when the writer types before it', () => {
    assert.strictEqual(trackOffset(10, [{ offset: 2, length: 0, text: 'abc' }]), 13);
  });
  it('moves the point left when text before it is deleted', () => {
    assert.strictEqual(trackOffset(10, [{ offset: 2, length: 5, text: '' }]), 5);
  });
  it('keeps the point when text after it changes', () => {
    assert.strictEqual(trackOffset(10, [{ offset: 12, length: 3, text: 'xyz' }]), 10);
  });
  it('keeps the point before text typed exactly at it', () => {
    assert.strictEqual(trackOffset(10, [{ offset: 10, length: 0, text: 'word' }]), 10);
  });
  it('refuses when the words around the point were replaced', () => {
    assert.strictEqual(trackOffset(10, [{ offset: 8, length: 4, text: 'new' }]), undefined);
  });
  it('follows several changes in order', () => {
    assert.strictEqual(
      trackOffset(10, [
        { offset: 0, length: 0, text: '12' },
        { offset: 20, length: 0, text: 'x' },
        { offset: 1, length: 1, text: '' },
      ]),
      11,
    );
  });
});

describe('numbering Markdown footnotes', () => {
  it('starts at 1 in a draft with no notes', () => {
    assert.strictEqual(nextFootnoteLabel('A draft with no notes.'), '1');
  });
  it('follows the notes that already exist', () => {
    assert.strictEqual(nextFootnoteLabel('One[^1] two[^2].\n\n[^1]: a\n[^2]: b\n'), '3');
  });
  it('never reuses the number of a note whose reference was deleted by hand', () => {
    assert.strictEqual(nextFootnoteLabel('One[^1].\n\n[^1]: a\n[^2]: b\n'), '3');
  });
  it('ignores named notes when counting', () => {
    assert.strictEqual(nextFootnoteLabel('See[^intro] and[^4].\n\n[^intro]: x\n[^4]: y'), '5');
  });
  it('appends the first note after one blank line', () => {
    const draft = 'Prose.\n';
    assert.strictEqual(draft + footnoteDefinitionAppend(draft, '1', 'Note.'), 'Prose.\n\n[^1]: Note.\n');
  });
  it('appends a later note directly under the previous one', () => {
    const draft = 'Prose[^1].\n\n[^1]: First.\n';
    assert.strictEqual(draft + footnoteDefinitionAppend(draft, '2', 'Second.'), 'Prose[^1].\n\n[^1]: First.\n[^2]: Second.\n');
  });
  it('keeps Windows line endings in a CRLF draft', () => {
    const draft = 'Prose.\r\n';
    assert.strictEqual(draft + footnoteDefinitionAppend(draft, '1', 'Note.'), 'Prose.\r\n\r\n[^1]: Note.\r\n');
  });
  it('reads the text of each note for hovers', () => {
    const notes = readDraft('x[^1]\n\n[^1]: Crossan, “Ode,” para. 4.\n', 'markdown').footnotes;
    assert.strictEqual(notes.get('1')?.text, 'Crossan, “Ode,” para. 4.');
  });
});
