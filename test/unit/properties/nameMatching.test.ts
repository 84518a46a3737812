// Property tests of name matching against the bundled corpus's own entities, in prose made of the corpus's own
// words: every alias planted anywhere, in any case, with accents stripped or added, possessive, wrapped, is found
// by `findAll`, `matchAt` and `matchAtPosition`; and for any text and position nothing throws and every range
// lies inside the text.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { aliasKey } from '../../../src/core/names/nameMatcher';
import type { NameMatcher } from '../../../src/core/names/nameMatcher';
import type { Position } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cased, accents removed: how the matcher compares words. */
function plainWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

interface Planted {
  entityId: string;
  alias: string;
  caseSensitive: boolean;
}

interface Corpus {
  matcher: NameMatcher;
  aliases: Planted[];
  vocabulary: string[];
}

let corpus: Corpus | undefined;

/**
 * The aliases to plant (each names exactly its entity when written alone and when possessive), and the prose
 * vocabulary: every word of the corpus's paragraphs that is in no alias and no ambiguous word, so that prose
 * around a planted name can never lengthen it into another name.
 */
function loadCorpus(): Corpus {
  if (corpus) return corpus;
  const library = bundledLibrary();
  const matcher = library.matcher;
  const aliasWords = new Set<string>();
  const aliases: Planted[] = [];
  for (const entity of library.entities) {
    for (const spec of [{ text: entity.name }, ...entity.aliases]) {
      for (const word of spec.text.match(WORD) ?? []) aliasWords.add(plainWord(word));
      const alone = matcher.findAll(spec.text);
      const possessive = matcher.findAll(`${spec.text}'s`);
      // Names it whole: a name that is a label only ("Pride (2014)" when the index matches just its aliases) is not planted.
      const [, wordsEnd] = wordBounds(spec.text);
      const namesIt = (found: typeof alone) => found.length === 1 && found[0].entityId === entity.id && found[0].start === 0 && found[0].end === wordsEnd;
      if (namesIt(alone) && namesIt(possessive)) {
        // Case-sensitive when the index says so for any alias with these words ("The Sun" the newspaper).
        const anyCase = namesIt(matcher.findAll(spec.text.toLowerCase())) && namesIt(matcher.findAll(spec.text.toUpperCase()));
        aliases.push({ entityId: entity.id, alias: spec.text, caseSensitive: !anyCase });
      }
    }
  }
  for (const entry of library.ambiguous) for (const word of entry.text.match(WORD) ?? []) aliasWords.add(plainWord(word));
  const vocabulary = new Set<string>();
  for (const source of library.sources) {
    for (const paragraph of source.paragraphs) {
      for (const word of paragraph.text.match(WORD) ?? []) if (!aliasWords.has(plainWord(word))) vocabulary.add(word);
    }
  }
  corpus = { matcher, aliases, vocabulary: [...vocabulary].sort() };
  return corpus;
}

type Casing = 'as written' | 'lower' | 'upper' | 'random';
type Accents = 'as written' | 'stripped' | 'decomposed' | 'added';

/** How a planted name is disguised. */
interface Disguise {
  casing: Casing;
  casePattern: boolean[];
  accents: Accents;
  accentAt: number;
  separators: string[];
  possessive: string;
}

/** The name written with the disguise; case is left alone for a case-sensitive alias. */
function disguise(alias: Planted, how: Disguise): string {
  let text = alias.alias;
  if (!alias.caseSensitive) {
    if (how.casing === 'lower') text = text.toLowerCase();
    else if (how.casing === 'upper') text = text.toUpperCase();
    else if (how.casing === 'random') {
      text = [...text].map((ch, i) => (how.casePattern[i % how.casePattern.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
    }
  }
  if (how.accents === 'stripped') text = text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  else if (how.accents === 'decomposed') text = text.normalize('NFD');
  else if (how.accents === 'added') {
    // An accent on one letter: a combining acute after it, or the precomposed letter.
    const letters = [...text.matchAll(/\p{L}/gu)].map((m) => m.index ?? 0);
    if (letters.length > 0) {
      const at = letters[how.accentAt % letters.length];
      const accented = `${text[at]}\u0301`.normalize('NFC');
      text = text.slice(0, at + 1) + '\u0301' + text.slice(at + 1);
      if (how.accentAt % 2 === 0 && accented.length === 1) text = text.slice(0, at) + accented + text.slice(at + 2);
    }
  }
  // Single spaces between words become the generated separators (line breaks, runs of spaces, a hyphen).
  let k = 0;
  text = text.replace(/(?<=[\p{L}\p{N}\p{M}]) (?=[\p{L}\p{N}])/gu, () => how.separators[k++ % how.separators.length]);
  return text;
}

const disguises: fc.Arbitrary<Disguise> = fc.record({
  casing: fc.constantFrom<Casing>('as written', 'lower', 'upper', 'random'),
  casePattern: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
  accents: fc.constantFrom<Accents>('as written', 'stripped', 'decomposed', 'added'),
  accentAt: fc.nat(40),
  separators: fc.array(fc.constantFrom(' ', '  ', '\n', '\r\n', '\n    ', '\n> ', ' \n', '\t', '\u00a0', '-'), { minLength: 1, maxLength: 3 }),
  possessive: fc.constantFrom('', "'s", '’s', "'", '’'),
});

/** Offsets of the first and last word characters of `text` (the range a match must have). */
function wordBounds(text: string): [number, number] {
  const words = [...text.matchAll(WORD)];
  const first = words[0];
  const last = words[words.length - 1];
  return [first.index ?? 0, (last.index ?? 0) + last[0].length];
}

/** The editor position of `offset` in `text` split at line breaks (`\r\n` or `\n`). */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, character: offset - lineStart };
}

describe('Property: names from the bundled corpus planted in the corpus’s own prose', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  it('finds every alias at any place, in any case, with accents stripped or added, possessive and wrapped', () => {
    const { matcher, aliases, vocabulary } = loadCorpus();
    // The filter in loadCorpus must not hide a matcher that stopped matching names: nearly every alias is planted.
    const all = bundledLibrary().entities.reduce((sum, entity) => sum + entity.aliases.length, 0);
    assert.ok(aliases.length >= 0.9 * all, `nearly every alias can be planted (${aliases.length} of ${all})`);
    assert.ok(aliases.filter((alias) => /\s/.test(alias.alias)).length > 50, 'names of several words are planted');
    assert.ok(vocabulary.length > 500, `the corpus gives a vocabulary (${vocabulary.length} words)`);
    const prose = fc.array(fc.constantFrom(...vocabulary), { maxLength: 30 });
    fc.assert(
      fc.property(
        fc.constantFrom(...aliases),
        disguises,
        prose,
        prose,
        fc.constantFrom(' ', '\n', ' (', ' “', ', ', '.\n\n', ' — ', '\n> ', ''),
        fc.constantFrom(' ', '\n', ') ', '” ', ', ', '.', '\n\n', ''),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (alias, how, before, after, lead, tail, where) => {
          const name = disguise(alias, how);
          // The words right beside the name in lower case: a capitalised word there may make it part of another
          // person's full name ("Smokey Robinson"), which the property below checks.
          const beside = (words: string[], at: number) => words.map((word, i) => (i === at ? word.toLowerCase() : word));
          const head = before.length > 0 ? beside(before, before.length - 1).join(' ') + (lead || ' ') : lead.trimStart();
          const rest = after.length > 0 ? `${tail || ' '}${beside(after, 0).join(' ')}` : tail;
          const text = `${head}${name}${how.possessive}${rest}`;
          const [first, last] = wordBounds(name);
          const start = head.length + first;
          const end = head.length + last;
          const context = JSON.stringify({ text: text.slice(Math.max(0, start - 30), end + 30), alias: alias.alias });

          const found = matcher.findAll(text).find((match) => match.start === start);
          assert.deepEqual(found && [found.start, found.end, found.entityId], [start, end, alias.entityId], `findAll ${context}`);

          let offset = start + Math.round(where * (end - start));
          // Between a CR and its LF is no place an editor's cursor can be.
          if (text[offset - 1] === '\r') offset--;
          const at = matcher.matchAt(text, offset);
          assert.deepEqual(at && [at.start, at.end, at.entityId], [start, end, alias.entityId], `matchAt ${offset} ${context}`);

          // In an editor: the document's lines, the cursor anywhere on the name, even on its second or third line.
          const lines = text.split(/\r?\n/);
          const lineAt = (n: number) => lines[n];
          const byLines = text.replace(/\r\n/g, '\n');
          const shift = (o: number) => o - (text.slice(0, o).match(/\r\n/g) ?? []).length;
          const cursor = positionOf(byLines, shift(offset));
          const inEditor = matcher.matchAtPosition(lineAt, cursor);
          assert.deepEqual(
            inEditor && { ...inEditor.range, id: inEditor.match.entityId },
            { start: positionOf(byLines, shift(start)), end: positionOf(byLines, shift(end)), id: alias.entityId },
            `matchAtPosition ${JSON.stringify(cursor)} ${context}`,
          );
        },
      ),
      params(2500),
    );
  });
});

describe('Property: name matching on any text and position', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  const { vocabulary } = loadCorpus();
  const library = bundledLibrary();
  const names = library.entities.flatMap((entity) => [entity.name, ...entity.aliases.map((alias) => alias.text)]);
  const piece = fc.oneof(
    fc.constantFrom(...names),
    fc.constantFrom(...vocabulary.slice(0, 400)),
    fc.constantFrom(' ', '\n', '\r\n', "'s", '’s', '"', '“', '> ', '\n\n', '-', '!', '~', '\u0302', '\u0301', '\uD800', '\uDC00', '😀', '\u00a0', '\u200b', '\t'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  const texts = fc.oneof(
    { weight: 3, arbitrary: fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  );
  const offsets = fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom(NaN, Infinity, -Infinity, 0.5, 1e12));

  it('never throws, and every range it returns lies inside the text and covers the position asked about', () => {
    const matcher = library.matcher;
    fc.assert(
      fc.property(texts, offsets, (text, offset) => {
        const at = matcher.matchAt(text, offset);
        if (at) {
          assert.ok(Number.isInteger(at.start) && Number.isInteger(at.end), 'offsets are whole numbers');
          assert.ok(at.start >= 0 && at.start < at.end && at.end <= text.length, 'the range is inside the text');
          assert.ok(at.start <= offset && offset <= at.end, 'the range covers the offset');
          assert.ok(at.entityId !== undefined ? library.entity(at.entityId) !== undefined : (at.candidates?.length ?? 0) > 0, 'names a known entity or candidates');
        }
        let previousEnd = 0;
        for (const match of matcher.findAll(text)) {
          assert.ok(match.start >= previousEnd && match.start < match.end && match.end <= text.length, 'findAll ranges are in order, inside, never overlapping');
          previousEnd = match.end;
        }
        for (const match of matcher.findEvery(text)) assert.ok(match.start >= 0 && match.start < match.end && match.end <= text.length, 'findEvery ranges are inside');
      }),
      params(2000),
    );
  });

  it('answers an editor position on any lines, past their ends, or with a lineAt that returns nothing', () => {
    const matcher = library.matcher;
    const line = texts.map((text) => text.replace(/\r?\n/g, ' '));
    fc.assert(
      fc.property(
        fc.array(fc.option(line, { nil: undefined }), { maxLength: 5 }),
        fc.integer({ min: -2, max: 6 }),
        fc.oneof(fc.integer({ min: -3, max: 250 }), fc.constantFrom(NaN, 1.5)),
        (lines, lineNumber, character) => {
          const found = matcher.matchAtPosition((n) => lines[n], { line: lineNumber, character });
          if (!found) return;
          for (const end of [found.range.start, found.range.end]) {
            const text = lines[end.line];
            assert.ok(typeof text === 'string', 'the range is on existing lines');
            assert.ok(end.character >= 0 && end.character <= text.length, 'the range is inside its lines');
          }
          const { start, end } = found.range;
          assert.ok(start.line < end.line || (start.line === end.line && start.character < end.character), 'the range is not empty');
        },
      ),
      params(1500),
    );
  });
});

/** A name written with markup: the text, and where the name's first and last letters are in it. */
interface Marked {
  text: string;
  start: number;
  end: number;
  /** A heading: it needs a line of its own. */
  block?: boolean;
}

/** The words of `alias` a writer can emphasise alone: with a space or the name's edge on both sides. */
function emphasisable(alias: string): RegExpMatchArray[] {
  return [...alias.matchAll(WORD)].filter((m) => {
    const at = m.index ?? 0;
    const after = at + m[0].length;
    return (at === 0 || alias[at - 1] === ' ') && (after === alias.length || alias[after] === ' ');
  });
}

/** `alias` written with one of the markups writers use, chosen by `form` and `pick`. */
function markUp(alias: string, form: number, pick: number): Marked {
  const [first, last] = wordBounds(alias);
  const wrappers: Array<[string, string]> = [
    ['**', '**'],
    ['*', '*'],
    ['_', '_'],
    ['__', '__'],
    ['[', '](https://example.org/wiki/Some_Page)'],
    ['[', '][ref]'],
    ['<em>', '</em>'],
    ['\\textit{', '}'],
    ['\\emph{', '}'],
    ['\\textbf{', '}'],
  ];
  const kind = form % (wrappers.length + 3);
  if (kind < wrappers.length) {
    const [open, close] = wrappers[kind];
    return { text: open + alias + close, start: open.length + first, end: open.length + last };
  }
  if (kind === wrappers.length) {
    // A Markdown soft line break between each pair of words, the whole name in italics.
    return { text: `*${alias.replace(/(?<=[\p{L}\p{N}\p{M}]) (?=[\p{L}\p{N}])/gu, '\n')}*`, start: 1 + first, end: 1 + last };
  }
  if (kind === wrappers.length + 1) return { text: `# ${alias}`, start: 2 + first, end: 2 + last, block: true };
  // One word emphasised alone: "Mark *Ashton*".
  const words = emphasisable(alias);
  if (words.length === 0) return { text: alias, start: first, end: last };
  const word = words[pick % words.length];
  const at = word.index ?? 0;
  const mark = ['*', '**', '_', '\\emph{'][pick % 4];
  const close = mark === '\\emph{' ? '}' : mark;
  const text = `${alias.slice(0, at)}${mark}${word[0]}${close}${alias.slice(at + word[0].length)}`;
  // An end offset moves past the opening mark when it is after the word's start, and past the closing one after its end.
  const shift = (offset: number) => (offset > at ? offset + mark.length : offset) + (offset > at + word[0].length ? close.length : 0);
  return { text, start: first === at ? first + mark.length : first, end: shift(last) };
}

describe('Property: names from the bundled corpus written with markup', function () {
  this.timeout(120_000);

  it('finds every alias in bold, italics, a link, a heading, LaTeX or across soft line breaks, its range the name’s own', () => {
    const { matcher, aliases, vocabulary } = loadCorpus();
    const prose = fc.array(fc.constantFrom(...vocabulary).map((word) => word.toLowerCase()), { maxLength: 20 });
    fc.assert(
      fc.property(
        fc.constantFrom(...aliases),
        fc.nat(40),
        fc.nat(40),
        prose,
        prose,
        fc.constantFrom('', "'s", '’s'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (alias, form, pick, before, after, possessive, where) => {
          const marked = markUp(alias.alias, form, pick);
          const head = before.join(' ') + (marked.block ? '\n' : ' ');
          const text = `${head}${marked.text}${possessive}${marked.block ? '\n' : ' '}${after.join(' ')}`;
          const start = head.length + marked.start;
          const end = head.length + marked.end;
          const context = JSON.stringify({ text: text.slice(Math.max(0, start - 20), end + 40), alias: alias.alias });

          const found = matcher.findAll(text).find((match) => match.start === start);
          assert.deepEqual(found && [found.start, found.end, found.entityId], [start, end, alias.entityId], `findAll ${context}`);
          const offset = start + Math.round(where * (end - start));
          const at = matcher.matchAt(text, offset);
          assert.deepEqual(at && [at.start, at.end, at.entityId], [start, end, alias.entityId], `matchAt ${offset} ${context}`);
          const lines = text.split('\n');
          const inEditor = matcher.matchAtPosition((n) => lines[n], positionOf(text, offset));
          assert.deepEqual(
            inEditor && { ...inEditor.range, id: inEditor.match.entityId },
            { start: positionOf(text, start), end: positionOf(text, end), id: alias.entityId },
            `matchAtPosition ${context}`,
          );
        },
      ),
      params(2000),
    );
  });
});

describe('Property: other people’s full names built from the index’s first names and surnames', function () {
  this.timeout(120_000);

  it('never bring a card: a first name before an indexed surname or ambiguous word, or another name after it', () => {
    const { matcher, vocabulary } = loadCorpus();
    const library = bundledLibrary();
    const personal = library.entities.filter((entity) => entity.type === 'person' || entity.type === 'character');
    const wordsOf = (text: string) => text.match(WORD) ?? [];
    // Surnames: every one-word name of a person or character, and the ambiguous words ("James", "Jackson").
    const surnames = [...new Set([...personal.flatMap((entity) => entity.aliases.map((alias) => alias.text)), ...library.ambiguous.map((entry) => entry.text)])].filter(
      (name) => wordsOf(name).length === 1 && /^\p{Lu}/u.test(name),
    );
    // First names: the first words of the index's own people's full names, and some it does not know.
    const indexFirstNames = personal.flatMap((entity) => entity.aliases.map((alias) => wordsOf(alias.text))).filter((words) => words.length > 1).map((words) => words[0] ?? '');
    const firstNames = [...new Set([...indexFirstNames, 'Michael', 'Henry', 'Smokey', 'Frederick', 'Grace', 'Oliver'])].filter((name) => /^\p{Lu}/u.test(name));
    const others = ['Joyce', 'Crusoe', 'Pollock', 'Kutcher', 'Smith', 'Evans', 'Fitzgerald'];
    const known = new Set([...library.entities.flatMap((entity) => [entity.name, ...entity.aliases.map((alias) => alias.text)]), ...library.ambiguous.map((entry) => entry.text)].map((name) => aliasKey(name)));
    assert.ok(surnames.length > 20 && firstNames.length > 20, `surnames (${surnames.length}) and first names (${firstNames.length}) to build from`);
    const prose = fc.array(fc.constantFrom(...vocabulary).map((word) => word.toLowerCase()), { minLength: 1, maxLength: 20 });
    const fullNames = fc.oneof(
      fc.tuple(fc.constantFrom(...firstNames), fc.constantFrom(...surnames)),
      fc.tuple(fc.constantFrom(...surnames), fc.constantFrom(...others)),
    );
    fc.assert(
      fc.property(
        fullNames,
        fc.constantFrom(' ', '\n', ' \n'),
        fc.constantFrom<[string, string]>(['', ''], ['**', '**'], ['*', '*'], ['[', '](https://example.org)'], ['\\textit{', '}']),
        prose,
        prose,
        fc.constantFrom('', "'s", '’s'),
        ([given, family], space, [open, close], before, after, possessive) => {
          fc.pre(!known.has(aliasKey(`${given} ${family}`)));
          const name = `${given}${space}${family}`;
          const head = `${before.join(' ')} ${open}`;
          const text = `${head}${name}${close}${possessive} ${after.join(' ')}`;
          const start = head.length;
          const end = start + name.length;
          const context = JSON.stringify(text.slice(Math.max(0, start - 20), end + 20));
          const inside = matcher.findAll(text).filter((match) => match.start < end && match.end > start);
          assert.deepEqual(inside, [], `findAll ${context}`);
          for (let offset = start; offset <= end; offset++) {
            const at = matcher.matchAt(text, offset);
            assert.ok(!at || at.end <= start || at.start >= end, `matchAt ${offset} ${context}: ${JSON.stringify(at)}`);
          }
        },
      ),
      params(1500),
    );
  });
});
