// Names as writers write them: inside Markdown or LaTeX markup (the range is the name's, never the markup's), and
// other people's full names that contain a word of ours ("James Joyce", "Michael Jackson's"), which name no one
// the index knows.
import * as assert from 'node:assert/strict';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { maskMarkup } from '../../../src/core/text/markup';

const library = bundledLibrary();

/** What the name at the middle of the first `word` in `text` is: entity id (or `?candidates`) and the named words. */
function nameAt(text: string, word: string, occurrence = 0): string | undefined {
  let index = -1;
  for (let n = 0; n <= occurrence; n++) index = text.indexOf(word, index + 1);
  assert.ok(index >= 0, `"${word}" is in "${text}"`);
  const match = library.entityAt(text, index + Math.floor(word.length / 2));
  return match && `${match.entityId ?? `?${match.candidates?.join('|')}`}:${text.slice(match.start, match.end)}`;
}

const everyName = (text: string) => library.namesIn(text).map((m) => `${m.entityId ?? '?'}:${text.slice(m.start, m.end)}`);

describe('Other people’s names', () => {
  it('gives no card to "James" in "James Joyce", nor to "Jackson" in "Michael Jackson’s"', () => {
    assert.equal(nameAt('She was reading James Joyce on the bus.', 'James'), undefined);
    assert.equal(nameAt('She was reading James Joyce on the bus.', 'Joyce'), undefined);
    assert.equal(nameAt('They danced to Michael Jackson’s songs.', 'Jackson'), undefined);
    assert.equal(nameAt("They danced to Michael Jackson's songs.", 'Michael'), undefined);
  });

  it('keeps the "may name" card for "James" and "Jackson" alone, after a title or a sentence’s first word', () => {
    for (const [text, word] of [
      ['James spoke first.', 'James'],
      ['It was Jackson who counted the money.', 'Jackson'],
      ['Then Jackson left.', 'Jackson'],
      ['Ask James about it.', 'James'],
      ['Mr Jackson agreed.', 'Jackson'],
      ['James MP spoke.', 'James'],
    ]) {
      assert.equal(nameAt(text, word), `?${library.ambiguous.find((entry) => entry.text === word)!.candidates.join('|')}:${word}`, text);
    }
  });

  it('gives no card to an indexed surname inside another person’s full name', () => {
    assert.equal(nameAt('a song by Smokey Robinson played', 'Robinson'), undefined);
    assert.equal(nameAt('the novel Robinson Crusoe was', 'Robinson'), undefined);
    assert.equal(nameAt('the choreographer Frederick Ashton worked', 'Ashton'), undefined);
    assert.equal(nameAt('as Frederick\nAshton wrote', 'Ashton'), undefined);
    assert.deepEqual(everyName('We heard Smokey Robinson, read James Joyce and met Lucy Robinson.'), ['lucy-robinson:Lucy Robinson']);
  });

  it('reads a first name of the index’s own people as a first name even at the start of a sentence ("Mark Jackson")', () => {
    assert.equal(nameAt('Mark Jackson is someone else.', 'Jackson'), undefined);
    assert.equal(nameAt('Lucy Ashton is someone else.', 'Ashton'), undefined);
  });

  it('keeps the card for a surname alone, after a title or a sentence’s first word, and for the full names it knows', () => {
    assert.equal(nameAt('Ask Ashton now.', 'Ashton'), 'mark-ashton:Ashton');
    assert.equal(nameAt('Then Ashton spoke.', 'Ashton'), 'mark-ashton:Ashton');
    assert.equal(nameAt('Comrade Ashton spoke.', 'Ashton'), 'mark-ashton:Ashton');
    assert.equal(nameAt('It was Ashton’s idea.', 'Ashton'), 'mark-ashton:Ashton');
    assert.equal(nameAt('In 1984 Mike Jackson collected money.', 'Jackson'), 'mike-jackson:Mike Jackson');
    assert.equal(nameAt('Siân James MP spoke.', 'James'), 'sian-james:Siân James');
    assert.equal(nameAt('money for the Mark Ashton Fund', 'Ashton'), 'mark-ashton-fund:Mark Ashton Fund');
    assert.equal(nameAt('the NUM Jackson spoke of', 'Jackson')?.startsWith('?'), true);
  });
});

describe('Names written with markup', () => {
  const forms = [
    '**Mark Ashton**',
    '*Mark Ashton*',
    '_Mark Ashton_',
    '__Mark Ashton__',
    '[Mark Ashton](https://en.wikipedia.org/wiki/Mark_Ashton)',
    '[Mark Ashton][ashton]',
    '<em>Mark Ashton</em>',
    '\\textit{Mark Ashton}',
    '\\emph{Mark Ashton}',
    '\\textbf{Mark Ashton}',
    '\\emph{Mark}~Ashton',
    'Mark *Ashton*',
    '*Mark* Ashton',
    'Mark **Ashton**',
    'Mark \\textit{Ashton}',
    'Mark\nAshton',
    '*Mark\nAshton*',
  ];
  for (const form of forms) {
    it(`finds Mark Ashton in ${JSON.stringify(form)}, the range from his first letter to his last`, () => {
      const text = `It was ${form}, in 1984.`;
      const start = text.indexOf('Mark');
      const end = text.indexOf('Ashton') + 'Ashton'.length;
      for (const at of [start, start + 2, end - 1, end]) {
        const match = library.entityAt(text, at);
        assert.deepEqual(match && [match.entityId, match.start, match.end], ['mark-ashton', start, end], `at ${at}`);
      }
      assert.deepEqual(library.namesIn(text).map((m) => [m.entityId, m.start, m.end]), [['mark-ashton', start, end]]);
    });
  }

  it('finds a name in a Markdown heading, and across a line break in the editor', () => {
    assert.equal(nameAt('## Mark Ashton and the miners', 'Ashton'), 'mark-ashton:Mark Ashton');
    const lines = ['He met *Mark', 'Ashton* there.'];
    const found = library.entityAtPosition((n) => lines[n], { line: 1, character: 2 });
    assert.deepEqual(found && [found.match.entityId, found.range], ['mark-ashton', { start: { line: 0, character: 8 }, end: { line: 1, character: 6 } }]);
  });

  it('keeps the possessive outside the range when it follows the markup ("**Ashton**’s")', () => {
    assert.equal(nameAt('It was **Ashton**’s idea.', 'Ashton'), 'mark-ashton:Ashton');
  });

  it('finds no one in a link’s URL, and reads "James [Joyce](…)" as someone else', () => {
    const text = 'See [the fund](https://example.org/people/Ashton) and James [Joyce](https://example.org/joyce).';
    assert.equal(nameAt(text, 'Ashton'), undefined);
    assert.equal(nameAt(text, 'James'), undefined);
    assert.equal(nameAt('Read https://en.wikipedia.org/wiki/Mark_Ashton today', 'Ashton'), undefined);
  });

  it('masks markup without moving a character, and leaves "snake_case" and line breaks alone', () => {
    const text = '**Mark** [Ashton](https://x.org/a_b) \\emph{Siân}\nsnake_case <em>x</em>';
    const masked = maskMarkup(text);
    assert.equal(masked.length, text.length);
    assert.equal(masked, `  Mark    Ashton ${' '.repeat(26)}Siân \nsnake_case     x     `);
    assert.equal(maskMarkup('plain prose, no markup'), 'plain prose, no markup');
  });
});
