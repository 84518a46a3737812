import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NameMatcher, aliasKey } from '../../../src/core/names/nameMatcher';
import { fixtureAmbiguous, fixtureEntities } from '../helpers/fixtures';

const matcher = new NameMatcher(fixtureEntities, fixtureAmbiguous);

/** The entity named at the first occurrence of `word` in `text` (the middle of the word). */
function at(text: string, word: string): ReturnType<NameMatcher['matchAt']> {
  const index = text.indexOf(word);
  assert.ok(index >= 0, `"${word}" is in the sentence`);
  return matcher.matchAt(text, index + Math.floor(word.length / 2));
}

/** The shortest of `runs` timings of `work`, in milliseconds. */
function fastest(runs: number, work: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function named(text: string): string[] {
  return matcher.findAll(text).map((m) => `${m.entityId ?? `?${m.candidates?.join('|')}`}:${text.slice(m.start, m.end)}`);
}

describe('Name matching', () => {
  it('finds Siân James from "Sian James" without the circumflex', () => {
    const text = 'In the film, Sian James speaks to the hall.';
    const match = at(text, 'James');
    assert.equal(match?.entityId, 'sian-james');
    assert.equal(text.slice(match.start, match.end), 'Sian James');
  });

  it('finds Siân James written with the circumflex, in capitals, or with a combining accent', () => {
    assert.equal(at('SIÂN JAMES spoke.', 'JAMES')?.entityId, 'sian-james');
    assert.equal(at('Siân James spoke.', 'Siân')?.entityId, 'sian-james');
    const decomposed = 'Sia\u0302n James spoke.';
    const match = at(decomposed, 'James');
    assert.equal(match?.entityId, 'sian-james');
    assert.equal(decomposed.slice(match.start, match.end), 'Sia\u0302n James');
  });

  it('finds Mark Ashton in "Ashton’s" and "Ashton\'s", leaving the possessive outside the range', () => {
    for (const text of ['It was Ashton’s idea.', "It was Ashton's idea."]) {
      const match = at(text, 'Ashton');
      assert.equal(match?.entityId, 'mark-ashton', text);
      assert.equal(text.slice(match.start, match.end), 'Ashton');
    }
  });

  it('finds "Jones" in the plural possessive "Jones\'"', () => {
    const text = "The Jones' house.";
    const match = at(text, 'Jones');
    assert.equal(match?.entityId, 'jones');
    assert.equal(text.slice(match.start, match.end), 'Jones');
  });

  it('finds nothing in lower-case "a matter of pride", but "Pride" is the film', () => {
    assert.equal(at('It was a matter of pride for them.', 'pride'), undefined);
    assert.deepEqual(named('It was a matter of pride for them.'), []);
    assert.equal(at('The film Pride opened in 2014.', 'Pride')?.entityId, 'pride-film');
  });

  it('calls "James" alone ambiguous, with its candidates and no entity', () => {
    const match = at('James spoke first.', 'James');
    assert.ok(match);
    assert.equal(match.entityId, undefined);
    assert.deepEqual(match.candidates, ['sian-james', 'other-james']);
    assert.equal(at('Jackson agreed.', 'Jackson')?.entityId, undefined);
  });

  it('prefers the full name to the ambiguous surname inside it', () => {
    assert.equal(at('Mike Jackson agreed.', 'Jackson')?.entityId, 'mike-jackson');
    assert.equal(at('Mike Jackson agreed.', 'Mike')?.entityId, 'mike-jackson');
  });

  it('finds a name wrapped across two lines', () => {
    const text = 'the speech that Mark\nAshton gave in Dulais';
    const onFirst = at(text, 'Mark');
    const onSecond = at(text, 'Ashton');
    assert.equal(onFirst?.entityId, 'mark-ashton');
    assert.deepEqual([onSecond?.start, onSecond?.end], [onFirst?.start, onFirst?.end]);
    assert.equal(text.slice(onFirst.start, onFirst.end), 'Mark\nAshton');
  });

  it('finds a name wrapped across lines from an editor position, with a range over both lines', () => {
    const lines = ['They met', 'the NUM and Lesbians and Gays', 'Support the Miners that year.'];
    const found = matcher.matchAtPosition((n) => lines[n], { line: 2, character: 3 });
    assert.equal(found?.match.entityId, 'lgsm');
    assert.deepEqual(found?.range, { start: { line: 1, character: 12 }, end: { line: 2, character: 18 } });
    const num = matcher.matchAtPosition((n) => lines[n], { line: 1, character: 5 });
    assert.deepEqual(num?.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 7 } });
  });

  it('finds a long name spread out with wide spacing, from its last word', () => {
    const text = `x Lesbians${' '.repeat(40)}and${' '.repeat(40)}Gays${' '.repeat(40)}Support${' '.repeat(40)}the${' '.repeat(40)}Miners y`;
    assert.equal(matcher.matchAt(text, text.indexOf('Miners') + 2)?.entityId, 'lgsm');
    assert.equal(matcher.matchAt(text, 4)?.entityId, 'lgsm');
  });

  it('finds a name at a position in a 5 MB line, with its range in that line, looking only near the position', () => {
    const filler = 'word '.repeat(1_000_000);
    const lines = ['Mark', `Ashton ${filler}Siân James ${filler}`, 'end'];
    const far = matcher.matchAtPosition((n) => lines[n], { line: 1, character: filler.length + 10 });
    const wrapped = matcher.matchAtPosition((n) => lines[n], { line: 1, character: 2 });
    const elapsed = fastest(10, () => matcher.matchAtPosition((n) => lines[n], { line: 1, character: filler.length + 10 }));
    assert.deepEqual(far?.range, { start: { line: 1, character: filler.length + 7 }, end: { line: 1, character: filler.length + 17 } });
    assert.equal(far?.match.entityId, 'sian-james');
    assert.deepEqual(wrapped?.range, { start: { line: 0, character: 0 }, end: { line: 1, character: 6 } });
    assert.ok(elapsed < 1, `took ${elapsed.toFixed(3)} ms`);
  });

  it('does not join words across a blank line (a paragraph break)', () => {
    assert.equal(at('said Mark\n\nAshton', 'Mark'), undefined);
  });

  it('finds a name wrapped inside a block quote, across the ">" marker', () => {
    assert.equal(at('> said Mark\n> Ashton, later', 'Ashton')?.entityId, 'mark-ashton');
  });

  it('matches whole words only', () => {
    assert.equal(at('Ashtonville is not a person.', 'Ashton'), undefined);
    assert.deepEqual(named('The NUMBER of LGSMs grew.'), []);
  });

  it('keeps the punctuation inside a title and accepts curly or straight quotes', () => {
    assert.equal(at('They screened All Out! Dancing in Dulais.', 'Dancing')?.entityId, 'all-out');
    assert.equal(at('They screened All Out Dancing in Dulais.', 'Dancing'), undefined);
  });

  it('reads a no-break space and LaTeX’s unbreakable space "~" as spaces', () => {
    assert.equal(at('as Mark~Ashton said', 'Ashton')?.entityId, 'mark-ashton');
    assert.equal(at('as Mark\u00a0Ashton said', 'Ashton')?.entityId, 'mark-ashton');
  });

  it('treats a hyphen between words like a space, but not a spaced dash', () => {
    const hyphens = new NameMatcher([{ id: 'newcastle', name: 'Newcastle upon Tyne', aliases: [] }]);
    assert.equal(hyphens.matchAt('from Newcastle-upon-Tyne by train', 12)?.entityId, 'newcastle');
    assert.equal(hyphens.matchAt('from Newcastle – upon Tyne', 8), undefined);
  });

  it('finds the longest name when a shorter one sits inside it', () => {
    assert.deepEqual(named('The National Union of Mineworkers and the NUM.'), [
      'num:National Union of Mineworkers',
      'num:NUM',
    ]);
  });

  it('finds every name in a sentence, left to right, without overlaps', () => {
    assert.deepEqual(named('Mark Ashton and Siân James met the National Union of Miners; James and Ashton’s friends laughed.'), [
      'mark-ashton:Mark Ashton',
      'sian-james:Siân James',
      'num:National Union of Miners',
      '?sian-james|other-james:James',
      'mark-ashton:Ashton',
    ]);
  });

  it('finds a name with the cursor just after its last letter, and nothing in the gap between words', () => {
    const text = 'Ask Ashton now';
    assert.equal(matcher.matchAt(text, 10)?.entityId, 'mark-ashton');
    assert.equal(matcher.matchAt(text, 3), undefined);
    assert.equal(matcher.matchAt(text, 12), undefined);
  });

  it('returns nothing, never an exception, for odd positions and odd text', () => {
    assert.equal(matcher.matchAt('Ashton', -1), undefined);
    assert.equal(matcher.matchAt('Ashton', 99), undefined);
    assert.equal(matcher.matchAt('Ashton', Number.NaN), undefined);
    assert.equal(matcher.matchAt('', 0), undefined);
    assert.equal(matcher.matchAt('\uD800Ashton\uDFFF', 3)?.entityId, 'mark-ashton');
    assert.deepEqual(matcher.findAll(''), []);
  });

  it('finds a name in a very long line by looking only near the position', () => {
    const filler = 'word '.repeat(200_000);
    const text = `${filler}Mark Ashton ${filler}`;
    const match = matcher.matchAt(text, filler.length + 6);
    assert.equal(match?.entityId, 'mark-ashton');
    assert.equal(match.start, filler.length);
    // A scan of the whole 2 MB line would take milliseconds; the window takes microseconds. Best of ten, so a
    // garbage collection on a busy machine does not decide the test.
    const elapsed = fastest(10, () => matcher.matchAt(text, filler.length + 6));
    assert.ok(elapsed < 1, `took ${elapsed.toFixed(3)} ms`);
  });

  it('gives the same key to spellings that name the same thing', () => {
    assert.equal(aliasKey('Siân  James'), aliasKey('sian\njames'));
    assert.notEqual(aliasKey('All Out! Dancing'), aliasKey('All Out Dancing'));
    assert.equal(aliasKey('!!!'), undefined);
  });

  it('lists two entities that claim the same words as candidates instead of choosing one', () => {
    const clash = new NameMatcher(
      [
        { id: 'a', name: 'Cliff', aliases: [] },
        { id: 'b', name: 'Cliff', aliases: [] },
      ],
      [],
    );
    assert.deepEqual(clash.matchAt('Cliff said', 2)?.candidates, ['a', 'b']);
  });
});

describe('Name matching among thousands of names (the first-word filter)', () => {
  // A text's words are first looked up in a filter of the aliases' first words (a hash of the lower-cased word, no
  // string made): a word it turns away must be no alias's first word. Thousands of generated names, some accented
  // (their keys fold to ASCII), each found where it is planted, in any case.
  it('finds every one of 4,000 names planted in prose, as typed, in capitals and without accents', () => {
    const syllables = ['ka', 'lo', 'mé', 'ri', 'tan', 'vö', 'su', 'bel', 'dro', 'ña', 'gis', 'por'];
    const word = (n: number) => {
      let out = '';
      for (let k = n; out.length < 4 || k > 0; k = Math.floor(k / syllables.length)) out += syllables[k % syllables.length];
      return out[0].toUpperCase() + out.slice(1);
    };
    const people = Array.from({ length: 4_000 }, (_, i) => ({ id: `p${i}`, name: `${word(i * 7 + 3)} ${word(i)}`, aliases: [], type: 'person' }));
    const many = new NameMatcher(people);
    const stripped = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
    let found = 0;
    for (const [i, person] of people.entries()) {
      const typed = [person.name, person.name.toUpperCase(), stripped(person.name)][i % 3];
      const text = `The minutes say that ${typed} spoke first, and the hall listened.`;
      const match = many.findAll(text).find((m) => m.entityId === person.id);
      assert.ok(match, `${typed} (${person.name}) in "${text}"`);
      assert.equal(text.slice(match.start, match.end), typed);
      found++;
    }
    assert.equal(found, people.length);
  });
});

describe('Name matching on generated text', () => {
  const names = fixtureEntities.flatMap((e) => [e.name, ...e.aliases.map((a) => a.text)]);
  const pieces = fc.constantFrom(...names, ' ', '\n', "'s", '’s', '"', '“', '> ', '\n\n', 'word', 'pride', '\u0302', '\uD800', '-', '!');
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 120 }),
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.array(pieces, { maxLength: 25 }).map((parts) => parts.join('')),
  );

  it('never throws, and returns ranges inside the text that cover the position', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -3, max: 400 }), (t, offset) => {
        const match = matcher.matchAt(t, offset);
        if (match) {
          assert.ok(match.start >= 0 && match.start < match.end && match.end <= t.length);
          assert.ok(match.start <= offset && offset <= match.end);
          assert.ok(match.entityId !== undefined || (match.candidates?.length ?? 0) > 0);
        }
        const lines = t.split('\n');
        const line = Math.abs(offset) % lines.length;
        const character = Math.abs(offset) % (lines[line].length + 1);
        const found = matcher.matchAtPosition((n) => lines[n], { line, character });
        if (found) {
          const { start, end } = found.range;
          const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
          assert.ok(before(start, { line, character }) && before({ line, character }, end) && !before(end, start));
          assert.ok(start.character <= lines[start.line].length && end.character <= lines[end.line].length);
          // The range in the document holds the same words the match saw.
          const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
          assert.equal(aliasKey(t.slice(offsetOf(start), offsetOf(end))), aliasKey(t.slice(offsetOf(start), offsetOf(start) + (found.match.end - found.match.start))));
        }
        let previousEnd = 0;
        for (const found of matcher.findAll(t)) {
          assert.ok(found.start >= previousEnd && found.start < found.end && found.end <= t.length);
          previousEnd = found.end;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a name planted in generated prose, in any case, without accents, possessive, or wrapped', () => {
    const plain = fixtureEntities.filter((e) => e.id !== 'pride-film');
    const word = fc.constantFrom('the', 'strike', 'of', 'miners', 'a', 'matter', 'said', 'in', '1984', 'and');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        fc.constantFrom(...plain),
        fc.array(word, { maxLength: 8 }),
        fc.constantFrom('lower', 'upper', 'stripped', 'as is'),
        fc.constantFrom('', '’s', "'s"),
        fc.boolean(),
        (before, entity, after, casing, possessive, wrap) => {
          let name = entity.name;
          if (casing === 'lower') name = name.toLowerCase();
          if (casing === 'upper') name = name.toUpperCase();
          if (casing === 'stripped') name = name.normalize('NFD').replace(/\p{M}/gu, '');
          if (wrap) name = name.replace(' ', '\n');
          const prefix = before.length > 0 ? `${before.join(' ')} ` : '';
          const text = `${prefix}${name}${possessive}${after.length > 0 ? ' ' : ''}${after.join(' ')}`;
          for (const offset of [prefix.length, prefix.length + name.length - 1]) {
            const match = matcher.matchAt(text, offset);
            assert.equal(match?.entityId, entity.id, JSON.stringify({ text, offset }));
            assert.deepEqual([match.start, match.end], [prefix.length, prefix.length + name.length]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
