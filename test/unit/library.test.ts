import * as assert from 'node:assert/strict';
import { Library } from '../../src/core/library';
import { parseSource } from '../../src/core/sources/sourceParser';
import type { Source } from '../../src/core/types';
import { fixtureAmbiguous, fixtureEntities, sourceText } from './helpers/fixtures';

function source(key: string, body: string): Source {
  const parsed = parseSource(sourceText(key, body), `${key}.md`);
  assert.ok(parsed.source, JSON.stringify(parsed.problems));
  return parsed.source;
}

function library(): Library {
  return new Library({
    sources: [
      source('first', 'Mark Ashton and Siân James.\n\nThe NUM and Ashton again.\n'),
      source('second', 'LGSM met the National Union of Mineworkers.\n'),
    ],
    entities: fixtureEntities,
    ambiguous: fixtureAmbiguous,
  });
}

describe('The library', () => {
  it('looks up sources and their paragraphs by key and number', () => {
    const lib = library();
    assert.deepEqual(lib.sources.map((s) => s.meta.key), ['first', 'second']);
    assert.equal(lib.source('second')?.meta.title, 'A Test Source');
    assert.equal(lib.paragraph('first', 2)?.text, 'The NUM and Ashton again.');
    assert.equal(lib.paragraph('first', 3), undefined);
    assert.equal(lib.paragraph('nowhere', 1), undefined);
  });

  it('knows where each entity is named, source by source', () => {
    const lib = library();
    assert.deepEqual(
      lib.entity('mark-ashton')?.mentions.map((m) => [m.source, m.paragraph, m.text]),
      [
        ['first', 1, 'Mark Ashton'],
        ['first', 2, 'Ashton'],
      ],
    );
    assert.deepEqual(
      lib.sourcesMentioning('num').map((s) => [s.source.meta.key, s.mentions.length]),
      [
        ['first', 1],
        ['second', 1],
      ],
    );
    assert.deepEqual(lib.sourcesMentioning('nobody'), []);
  });

  it('groups entities by type, each group in name order', () => {
    const groups = library().entitiesByType();
    assert.deepEqual(groups.get('person')?.map((e) => e.name), ['Jones', 'Mark Ashton', 'Mike Jackson', 'Siân James']);
    assert.deepEqual(groups.get('group')?.map((e) => e.id), ['lgsm', 'num']);
    assert.deepEqual(groups.get('place'), []);
  });

  it('counts the entities of each type as they are grouped, for the view’s headings, before and after a change', () => {
    const lib = library();
    const sizes = () => new Map([...lib.entitiesByType()].map(([type, group]) => [type, group.length]));
    assert.deepEqual(lib.entityCountsByType(), sizes());
    assert.equal(lib.entityCountsByType().get('person'), 4);
    assert.equal(lib.entityCountsByType().get('place'), 0);
    lib.setSource(source('mine', 'Mike Jackson wrote.\n\nAshton replied.\n'));
    lib.setEntities([...lib.entities.filter((e) => e.id !== 'jones'), { ...lib.entity('lgsm')!, id: 'valley', name: 'The Valley', type: 'place', aliases: [] }]);
    assert.deepEqual([...lib.entityCountsByType()], [...sizes()]);
    assert.equal(lib.entityCountsByType().get('person'), 3);
    assert.equal(lib.entityCountsByType().get('place'), 1);
  });

  it('counts the entities named in a draft, leaving ambiguous words out', () => {
    const counts = library().entitiesNamedIn('Ashton’s speech. Mark Ashton and James. Sian James! The NUM.');
    assert.deepEqual([...counts.entries()].sort(), [
      ['mark-ashton', 2],
      ['num', 1],
      ['sian-james', 1],
    ]);
  });

  it('finds the entity at a position in a line, and across a line break', () => {
    const lib = library();
    assert.equal(lib.entityAt('We thank Siân James.', 12)?.entityId, 'sian-james');
    const lines = ['We thank Siân', 'James and others.'];
    const found = lib.entityAtPosition((n) => lines[n], { line: 1, character: 2 });
    assert.deepEqual(found?.range, { start: { line: 0, character: 9 }, end: { line: 1, character: 5 } });
  });

  it('adds a writer’s source and finds the entities in it, re-reading only that source', () => {
    const lib = library();
    let paragraphsRead = 0;
    const matcher = lib.matcher;
    const findAll = matcher.findAll.bind(matcher);
    matcher.findAll = (text: string) => {
      paragraphsRead++;
      return findAll(text);
    };
    const before = lib.version;
    assert.equal(lib.setSource(source('mine', 'Mike Jackson wrote.\n\nAshton replied.\n')), undefined);
    assert.equal(paragraphsRead, 2);
    assert.ok(lib.version > before);
    assert.deepEqual(lib.sources.map((s) => s.meta.key), ['first', 'second', 'mine']);
    assert.deepEqual(lib.entity('mike-jackson')?.mentions.map((m) => m.source), ['mine']);
    assert.deepEqual(lib.entity('mark-ashton')?.mentions.map((m) => m.source), ['first', 'first', 'mine']);
    assert.deepEqual(lib.entities.find((e) => e.id === 'mike-jackson')?.mentions.map((m) => m.text), ['Mike Jackson']);
    assert.equal(lib.entitiesByType().get('person')?.find((e) => e.id === 'mark-ashton')?.mentions.length, 3);
  });

  it('replaces a changed source in place, dropping mentions that are gone', () => {
    const lib = library();
    const previous = lib.setSource(source('first', 'Only Jones now.\n'));
    assert.equal(previous?.paragraphs.length, 2);
    assert.deepEqual(lib.sources.map((s) => s.meta.key), ['first', 'second']);
    assert.deepEqual(lib.entity('mark-ashton')?.mentions, []);
    assert.deepEqual(lib.entity('jones')?.mentions.map((m) => m.text), ['Jones']);
    assert.deepEqual(lib.sourcesMentioning('num').map((s) => s.source.meta.key), ['second']);
  });

  it('adds a long source a paragraph at a time, pausing between paragraphs, with the same mentions', async () => {
    const lib = library();
    let pauses = 0;
    const set = await lib.setSourceInSlices(source('mine', 'Mike Jackson wrote.\n\nAshton replied.\n\nSiân James too.\n'), async () => {
      pauses++;
    });
    assert.equal(set, true);
    assert.equal(pauses, 3);
    assert.deepEqual(lib.entity('mike-jackson')?.mentions.map((m) => m.source), ['mine']);
    assert.deepEqual(lib.entity('mark-ashton')?.mentions.map((m) => `${m.source}#${m.paragraph}`), ['first#1', 'first#2', 'mine#2']);
  });

  it('does not put back an older read of a source when a newer one was set while it paused', async () => {
    const lib = library();
    let newer = false;
    const set = await lib.setSourceInSlices(source('first', 'Mark Ashton, older read.\n\nAshton.\n'), async () => {
      if (newer) return;
      newer = true;
      lib.setSource(source('first', 'Only Jones now.\n'));
    });
    assert.equal(set, false);
    assert.equal(lib.source('first')?.paragraphs[0].text, 'Only Jones now.');
    assert.deepEqual(lib.entity('mark-ashton')?.mentions, []);
  });

  it('removes a source and its mentions', () => {
    const lib = library();
    assert.equal(lib.removeSource('second'), true);
    assert.equal(lib.removeSource('second'), false);
    assert.deepEqual(lib.entity('lgsm')?.mentions, []);
    assert.equal(lib.entity('num')?.mentions.length, 1);
  });

  it('locates everything again when the entities change', () => {
    const lib = library();
    lib.setEntities([...fixtureEntities, { id: 'dulais', name: 'Dulais', type: 'place', aliases: [], description: '', facts: [], related: [], mentions: [] }]);
    lib.setSource(source('third', 'In Dulais, Ashton spoke.\n'));
    assert.deepEqual(lib.entity('dulais')?.mentions.map((m) => [m.source, m.start, m.end]), [['third', 3, 9]]);
    assert.equal(lib.entityAt('to Dulais', 5)?.entityId, 'dulais');
  });

  it('trusts mentions computed at build time instead of recomputing them', () => {
    const data = library().toData();
    const lib = new Library(data, { mentionsComputed: true });
    assert.deepEqual(lib.entity('mark-ashton')?.mentions, data.entities.find((e) => e.id === 'mark-ashton')?.mentions);
    assert.deepEqual(lib.sourcesMentioning('num').length, 2);
  });
});
