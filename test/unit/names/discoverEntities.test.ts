import * as assert from 'node:assert/strict';
import { cleanOrganisationName, cleanPersonName, describe as describeCard, discoverEntities, discoveredEntities, loadNlp, namesInSource } from '../../../src/core/names/discoverEntities';
import type { Nlp } from '../../../src/core/names/discoverEntities';
import { Library } from '../../../src/core/library';
import { fixtureAmbiguous, fixtureEntities, notesSource } from '../helpers/fixtures';

const source = notesSource;

const interviews = source('interviews', [
  'Gwen Pritchard ran the soup kitchen in the welfare hall every morning of the strike.',
  'Later that winter Gwen Pritchard spoke at a rally organised by the Transport and General Workers Union.',
  'David Thomas drove the van to London once.',
]);
const letters = source('letters', [
  'A letter from Gwen Pritchard thanked the Transport and General Workers Union for the food parcels.',
  'Mark Ashton replied the same week, and Mark Ashton’s reply was read aloud.',
]);

describe('Discovering people and organisations in the writer’s sources', () => {
  let nlp: Nlp;
  before(async function () {
    this.timeout(20_000);
    nlp = await loadNlp();
  });

  it('finds a person named in two sources and describes her plainly', () => {
    const { entities } = discoverEntities(nlp, [interviews, letters]);
    const gwen = entities.find((entity) => entity.name === 'Gwen Pritchard');
    assert.ok(gwen, `Gwen Pritchard not among ${entities.map((e) => e.name).join(', ')}`);
    assert.equal(gwen.type, 'person');
    assert.equal(gwen.origin, 'discovered');
    assert.equal(gwen.description, 'Named in 2 of your sources');
    assert.deepEqual(gwen.aliases, [{ text: 'Gwen Pritchard', caseSensitive: true }]);
    assert.deepEqual(gwen.facts, []);
  });

  it('finds an organisation named in two places as a group', () => {
    const { entities } = discoverEntities(nlp, [interviews, letters]);
    const union = entities.find((entity) => /Workers Union$/.test(entity.name));
    assert.ok(union, `the union not among ${entities.map((e) => `${e.type}:${e.name}`).join(', ')}`);
    assert.equal(union.type, 'group');
  });

  it('leaves out a name found in only one place', () => {
    const { entities } = discoverEntities(nlp, [interviews, letters]);
    assert.equal(entities.find((entity) => entity.name === 'David Thomas'), undefined);
  });

  it('counts "Mark Ashton’s" as Mark Ashton, twice in one source', () => {
    const { entities } = discoverEntities(nlp, [source('one', ['Mark Ashton spoke.', 'We read Mark Ashton’s letter.'])]);
    const mark = entities.find((entity) => entity.name === 'Mark Ashton');
    assert.ok(mark, `Mark Ashton not among ${entities.map((e) => e.name).join(', ')}`);
    assert.equal(mark.description, 'Named twice in one of your sources');
  });

  it('skips names the index already knows', () => {
    const library = new Library({ entities: fixtureEntities, ambiguous: fixtureAmbiguous });
    const isKnown = (name: string) => library.namesIn(name).some((match) => match.start === 0 && match.end === name.length);
    const { entities } = discoverEntities(nlp, [interviews, letters], { isKnown });
    assert.equal(entities.find((entity) => entity.name === 'Mark Ashton'), undefined);
    assert.ok(entities.find((entity) => entity.name === 'Gwen Pritchard'));
  });

  it('gives every discovered entity its own id', () => {
    const { entities } = discoverEntities(nlp, [interviews, letters]);
    assert.equal(new Set(entities.map((entity) => entity.id)).size, entities.length);
    for (const entity of entities) assert.match(entity.id, /^discovered-[a-z0-9-]+$/);
  });

  it('stops reading a huge source when the time budget is spent, and says so', function () {
    this.timeout(20_000);
    const paragraph = 'Gwen Pritchard met Mark Ashton at the Transport and General Workers Union office. '.repeat(40);
    const huge = source('huge', Array.from({ length: 2000 }, () => paragraph)); // about 6.6 MB
    const started = Date.now();
    const result = discoverEntities(nlp, [huge], { budgetMs: 300, maxChars: 10_000_000 });
    const elapsed = Date.now() - started;
    assert.equal(result.truncated, true);
    // One slice may overrun the budget (it is checked between slices): 3 s is ten times the budget.
    assert.ok(elapsed < 3000, `took ${elapsed} ms with a 300 ms budget`);
  });

  it('keeps what was read before the budget ran out', () => {
    const paragraph = 'Gwen Pritchard met Mark Ashton at the Transport and General Workers Union office. '.repeat(40);
    const huge = source('huge', Array.from({ length: 2000 }, () => paragraph));
    let clock = 0;
    const now = () => (clock += 50); // every look at the clock costs 50 ms: six slices fit in 300 ms
    const result = discoverEntities(nlp, [huge], { budgetMs: 300, maxChars: 10_000_000, now });
    assert.equal(result.truncated, true);
    assert.ok(result.entities.some((entity) => entity.name === 'Gwen Pritchard'), result.entities.map((e) => e.name).join(', '));
  });

  it('reads no more than the character limit of one source', () => {
    let handed = 0;
    const counting: Nlp = (text) => {
      handed += text.length;
      return { people: () => ({ out: () => [] }), organizations: () => ({ out: () => [] }) };
    };
    const long = source('long', Array.from({ length: 100 }, () => 'x'.repeat(10_000)));
    const result = namesInSource(counting, long, { maxChars: 50_000 });
    assert.equal(result.truncated, true);
    assert.ok(handed <= 50_000 + 4000, `handed ${handed} characters to the NLP library`);
  });

  it('survives the NLP library throwing on a paragraph', () => {
    let calls = 0;
    const flaky: Nlp = (text) => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return { people: () => ({ out: () => [text.slice(0, 14)] }), organizations: () => ({ out: () => [] }) };
    };
    const result = namesInSource(flaky, source('flaky', ['Broken first.', 'Gwen Pritchard', 'Gwen Pritchard again']));
    assert.equal(result.sightings.length, 2);
  });

  it('keeps the most common spelling and merges accents: "Siân James" and "Sian James"', () => {
    const entities = discoveredEntities([
      { truncated: false, sightings: [
        { name: 'Siân James', type: 'person', source: 'a', paragraph: 1 },
        { name: 'Sian James', type: 'person', source: 'b', paragraph: 3 },
        { name: 'Siân James', type: 'person', source: 'c', paragraph: 2 },
      ] },
    ]);
    assert.equal(entities.length, 1);
    assert.equal(entities[0].name, 'Siân James');
    assert.equal(entities[0].description, 'Named in 3 of your sources');
  });

  it('prefers a person over an organisation of the same name', () => {
    const entities = discoveredEntities([{ truncated: false, sightings: [
      { name: 'Gwen Pritchard', type: 'person', source: 'a', paragraph: 1 },
      { name: 'Gwen Pritchard', type: 'group', source: 'a', paragraph: 2 },
      { name: 'Gwen Pritchard', type: 'person', source: 'b', paragraph: 1 },
      { name: 'Gwen Pritchard', type: 'group', source: 'b', paragraph: 2 },
    ] }]);
    assert.deepEqual(entities.map((entity) => entity.type), ['person']);
  });

  it('cleans what the NLP library hands back', () => {
    assert.equal(cleanPersonName('Mike Jackson (Secretary),'), 'Mike Jackson');
    assert.equal(cleanPersonName('Stephen Beresford drew'), 'Stephen Beresford');
    assert.equal(cleanPersonName('Ashton'), undefined);
    assert.equal(cleanOrganisationName('Dulais Support Group,'), 'Dulais Support Group');
    assert.equal(cleanOrganisationName('NUM.'), 'NUM');
    assert.equal(cleanOrganisationName('Youtube.'), undefined);
    assert.equal(cleanOrganisationName('The group'), undefined);
    assert.equal(cleanOrganisationName('Tory government'), undefined);
  });

  it('says "Named 3 times in one of your sources" for three places in one source', () => {
    assert.equal(describeCard(1, 3), 'Named 3 times in one of your sources');
  });
});
