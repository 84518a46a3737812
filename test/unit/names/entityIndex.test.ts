import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildIndex, parseEntities, parseParagraphRef } from '../../../src/core/names/entityIndex';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { sourceText } from '../helpers/fixtures';

function source(key: string, body: string, extra = ''): Source {
  const parsed = parseSource(sourceText(key, body, extra), `${key}.md`);
  assert.ok(parsed.source, JSON.stringify(parsed.problems));
  return parsed.source;
}

const review = source(
  'review',
  'Mark Ashton founded LGSM with Mike Jackson.\n\nIn the film, Siân James and Ashton’s friends dance.\n\nJames laughed with Lesbians and Gays Support the Miners. It was a matter of pride.\n',
);

const ENTITIES = `entities:
  - id: mark-ashton
    name: Mark Ashton
    type: person
    aliases: [Ashton]
    description: Co-founder of LGSM.
    facts:
      - text: He co-founded LGSM.
        cites: [review#1]
    related: [lgsm]
  - id: sian-james
    name: Siân James
    type: person
    aliases: [Sian James]
    description: A Welsh activist.
  - id: mike-jackson
    name: Mike Jackson
    type: person
    description: Co-founder of LGSM.
  - id: lgsm
    name: Lesbians and Gays Support the Miners
    type: group
    aliases: [LGSM]
    description: The support group.
  - id: pride
    name: Pride (film)
    type: work
    aliases: [{text: Pride, caseSensitive: true}]
    description: The 2014 film.
ambiguous:
  - text: James
    candidates: [sian-james, mike-jackson]
`;

describe('The entity index', () => {
  it('reads entities with the name among the aliases, unless the name is a label with a (qualifier)', () => {
    const file = parseEntities(ENTITIES, 'entities.yaml');
    assert.deepEqual(file.problems, []);
    const ashton = file.entities.find((e) => e.id === 'mark-ashton');
    assert.deepEqual(ashton?.aliases, [{ text: 'Mark Ashton' }, { text: 'Ashton' }]);
    assert.deepEqual(ashton?.facts, [{ text: 'He co-founded LGSM.', cites: [{ source: 'review', paragraph: 1 }] }]);
    assert.deepEqual(file.entities.find((e) => e.id === 'pride')?.aliases, [{ text: 'Pride', caseSensitive: true }]);
    assert.equal(file.locations.get('sian-james')?.line, 10);
  });

  it('locates every mention with its source, paragraph and offsets', () => {
    const file = parseEntities(ENTITIES, 'entities.yaml');
    const index = buildIndex(file, [review]);
    const ashton = index.entities.find((e) => e.id === 'mark-ashton');
    assert.deepEqual(ashton?.mentions, [
      { source: 'review', paragraph: 1, start: 0, end: 11, text: 'Mark Ashton' },
      { source: 'review', paragraph: 2, start: 28, end: 34, text: 'Ashton' },
    ]);
    assert.deepEqual(
      index.entities.find((e) => e.id === 'sian-james')?.mentions.map((m) => m.text),
      ['Siân James'],
    );
    // "James" alone is ambiguous and "pride" lower-case is no film: neither is a mention.
    assert.deepEqual(index.entities.find((e) => e.id === 'pride')?.mentions, []);
  });

  it('passes the build check when every alias is found and every citation exists', () => {
    const file = parseEntities(ENTITIES.replace("aliases: [{text: Pride, caseSensitive: true}]", 'aliases: []').replace('Pride (film)', 'LGSM film'), 'entities.yaml');
    const withFilm = source('review', 'Mark Ashton founded LGSM with Mike Jackson.\n\nIn the film, Siân James and Ashton’s friends dance.\n\nJames laughed; Sian James said the LGSM film was for Lesbians and Gays Support the Miners.\n');
    assert.deepEqual(buildIndex(file, [withFilm], { requireAliasesFound: true }).problems, []);
  });

  it('reports an alias never found in the corpus, at the alias’s line', () => {
    const file = parseEntities(ENTITIES.replace('aliases: [Ashton]', 'aliases: [Ashton, Asthon]'), 'entities.yaml');
    const problems = buildIndex(file, [review], { requireAliasesFound: true }).problems;
    const never = problems.filter((p) => /never found/.test(p.message)).map((p) => [p.message.split(' of ')[0], p.line]);
    assert.deepEqual(never, [
      ['The alias "Asthon"', 4],
      ['The alias "Pride"', 27],
    ]);
  });

  it('counts an alias found inside a longer name as found ("Ashton" in "Mark Ashton")', () => {
    const onlyFull = source('review', 'Mark Ashton founded LGSM with Mike Jackson. Siân James.\n');
    const file = parseEntities(ENTITIES, 'entities.yaml');
    const never = buildIndex(file, [onlyFull], { requireAliasesFound: true }).problems.map((p) => /The alias "([^"]+)"/.exec(p.message)?.[1]);
    // "Ashton" is there inside "Mark Ashton"; "Sian James" is "Siân James" without the accent.
    assert.deepEqual(never, ['Lesbians and Gays Support the Miners', 'Pride']);
  });

  it('reports a fact citing a source or a paragraph that does not exist', () => {
    const file = parseEntities(ENTITIES.replace('cites: [review#1]', 'cites: [review#9, nowhere#1]'), 'entities.yaml');
    const problems = buildIndex(file, [review]).problems;
    assert.deepEqual(
      problems.map((p) => [p.message, p.line]),
      [
        ['A fact of `mark-ashton` cites paragraph 9 of `review`, which has 3 paragraphs.', 7],
        ['A fact of `mark-ashton` cites `nowhere#1`, but there is no source `nowhere`.', 7],
      ],
    );
  });

  it('reports two entities claiming the same words, unless they are listed as ambiguous', () => {
    const clash = ENTITIES.replace("    description: Co-founder of LGSM.\n  - id: lgsm", '    aliases: [Ashton]\n    description: Co-founder of LGSM.\n  - id: lgsm');
    const problems = buildIndex(parseEntities(clash, 'entities.yaml'), [review]).problems;
    assert.deepEqual(problems.map((p) => p.message), [
      '"Ashton" names both `mark-ashton` and `mike-jackson`: keep it on one, or list it under `ambiguous` with both as candidates.',
    ]);
    const listed = clash + '  - text: Ashton\n    candidates: [mark-ashton, mike-jackson]\n';
    assert.deepEqual(buildIndex(parseEntities(listed, 'entities.yaml'), [review]).problems, []);
  });

  it('reports related, candidate and speaker ids that do not exist', () => {
    const file = parseEntities(ENTITIES.replace('related: [lgsm]', 'related: [lgsm, nobody]').replace('candidates: [sian-james, mike-jackson]', 'candidates: [sian-james, ghost]'), 'entities.yaml');
    const quoted = source('quoted', 'He said “hello there”.\n', 'quotations:\n  - paragraph: 1\n    quote: hello there\n    speaker: dai-donovan\n');
    const problems = buildIndex(file, [review, quoted]).problems;
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.message]),
      [
        ['entities.yaml', 9, '`mark-ashton` is related to `nobody`, which is not an entity id.'],
        ['entities.yaml', 30, 'The ambiguous "James" lists `ghost`, which is not an entity id.'],
        ['quoted.md', 8, 'The quotation in paragraph 1 is spoken by `dai-donovan`, which is not an entity id in entities.yaml.'],
      ],
    );
  });

  it('reports a malformed entity at its line and keeps the others', () => {
    const broken = ENTITIES.replace('    name: Mike Jackson\n', '').replace('type: group', 'type: band');
    const file = parseEntities(broken, 'entities.yaml');
    assert.deepEqual(
      file.problems.map((p) => [p.line, p.message]),
      [
        [15, 'Entity `mike-jackson` is missing `name`: add the name a reader knows it by.'],
        [20, 'Entity `lgsm` needs `type:` one of person, character, group, place, event, work.'],
      ],
    );
    assert.deepEqual(file.entities.map((e) => e.id), ['mark-ashton', 'sian-james', 'pride']);
  });

  it('reports duplicate ids and invalid YAML at their lines', () => {
    const duplicate = ENTITIES.replace('id: mike-jackson', 'id: mark-ashton');
    assert.deepEqual(parseEntities(duplicate, 'e.yaml').problems.map((p) => [p.line, p.message]), [
      [15, 'Two entities have the id `mark-ashton`: ids must be unique.'],
    ]);
    const invalid = parseEntities('entities:\n  - id: x\n    name: "unclosed\n    type: person\n', 'e.yaml');
    assert.match(invalid.problems[0].message, /not valid YAML/);
    assert.deepEqual(invalid.entities, []);
  });

  it('gives error values for binary and deeply nested entity files', () => {
    assert.match(parseEntities('entities:\u0000', 'e.yaml').problems[0].message, /binary/);
    assert.match(parseEntities('entities: ' + '['.repeat(10_000), 'e.yaml').problems[0].message, /too deeply/);
  });

  it('refuses an alias with no words, or too long to be a name, at its line', () => {
    const long = 'word '.repeat(30).trim();
    const file = parseEntities(ENTITIES.replace('aliases: [Ashton]', `aliases: [Ashton, "!!!", "${long}"]`), 'entities.yaml');
    assert.deepEqual(
      file.problems.map((p) => [p.line, p.message]),
      [
        [4, 'The alias "!!!" of `mark-ashton` has no words.'],
        [4, 'The alias "word word word word word word word word…" of `mark-ashton` is longer than 120 characters.'],
      ],
    );
    assert.deepEqual(file.entities[0].aliases.map((a) => a.text), ['Mark Ashton', 'Ashton']);
  });

  it('reads paragraph references written as key#n', () => {
    assert.deepEqual(parseParagraphRef('crossan2025#14'), { ok: true, value: { source: 'crossan2025', paragraph: 14 } });
    assert.equal(parseParagraphRef('crossan2025 14').ok, false);
    assert.equal(parseParagraphRef(undefined).ok, false);
  });
});

describe('Reading generated and damaged entity files', () => {
  it('always answers with entities and problems, never an exception, for any bytes or any cut of a good file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(ENTITIES.length).map((n) => ENTITIES.slice(0, n))), (text) => {
        const file = parseEntities(text, 'e.yaml');
        for (const problem of file.problems) assert.doesNotMatch(problem.message, /could not be read as an entity index/);
        const index = buildIndex(file, [review], { requireAliasesFound: true });
        for (const entity of index.entities) for (const mention of entity.mentions) assert.ok(mention.end > mention.start);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Entity names that are labels only', () => {
  const file = parseEntities(
    'entities:\n  - id: ashton-character\n    name: Mark Ashton (character in Pride)\n    type: character\n    aliases: [character of Ashton]\n    description: The film character.\n',
    'entities.yaml',
  );

  it('does not match a name that ends in a (qualifier): the aliases say what to match', () => {
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.entities[0].aliases, [{ text: 'character of Ashton' }]);
  });
});
