// The library keeps each source's mentions as numbers (names/mentionTable.ts) and makes them objects when asked: the
// mentions it gives back are those the name matcher found, field for field, in every source of the bundled corpus,
// and the snapshot's row of a table is the row of those mentions.
import * as assert from 'node:assert/strict';
import { Library } from '../../../src/core/library';
import type { LibraryData } from '../../../src/core/library';
import { computeMentions } from '../../../src/core/names/entityIndex';
import { MentionTable } from '../../../src/core/names/mentionTable';
import { corpusJson } from '../../../src/generated/corpus';
import { notesSource } from '../helpers/fixtures';

/** Every mention of a table, by entity id, as objects. */
const allOf = (table: MentionTable | undefined) => table && new Map(table.ids.map((id) => [id, table.of(id)]));

describe('MentionTable', () => {
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const library = new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous });

  it('gives back every mention the matcher finds in the corpus, in order, field for field', () => {
    let compared = 0;
    for (const source of library.sources) {
      const found = computeMentions(library.matcher, source);
      assert.deepStrictEqual(allOf(library.mentionTableOf(source.meta.key)), found);
      for (const [id, mentions] of found) {
        assert.equal(library.mentionTableOf(source.meta.key)?.count(id), mentions.length);
        compared += mentions.length;
      }
    }
    assert.ok(compared > 300, `only ${compared} mentions compared`);
  });

  it('gives each entity its mentions across the sources in library order', () => {
    const entity = library.entity('mark-ashton');
    const expected = library.sources.flatMap((source) => computeMentions(library.matcher, source).get('mark-ashton') ?? []);
    assert.ok(expected.length > 10);
    assert.deepStrictEqual(entity?.mentions, expected);
    assert.deepStrictEqual(
      library.sourcesMentioning('mark-ashton').flatMap((entry) => entry.mentions),
      expected,
    );
  });

  it('counts each entity’s mentions without making them objects, and counts again after a source is removed', () => {
    const lib = new Library({ sources: bundled.sources, entities: bundled.entities, ambiguous: bundled.ambiguous });
    const named = lib.entitiesByType({ mentions: false });
    assert.deepEqual(
      [...named].map(([type, group]) => [type, group.map((e) => e.id)]),
      [...lib.entitiesByType()].map(([type, group]) => [type, group.map((e) => e.id)]),
    );
    const counted = () => lib.entities.filter((e) => lib.mentionCount(e.id) !== e.mentions.length).map((e) => e.id);
    assert.ok(lib.mentionCount('mark-ashton') > 10);
    assert.deepEqual(counted(), []);
    const before = lib.mentionCount('mark-ashton');
    const naming = lib.sourcesMentioning('mark-ashton')[0];
    lib.removeSource(naming.source.meta.key);
    assert.equal(lib.mentionCount('mark-ashton'), before - naming.mentions.length);
    assert.deepEqual(counted(), []);
  });

  it('writes the row the snapshot keeps: ids in the order found, then [id, paragraph, start, end] per mention', () => {
    const source = notesSource('notes', ['Sian met Mark.', 'Mark again, then Sian.']);
    const mentions = new Map([
      ['sian', [{ source: 'notes', paragraph: 1, start: 0, end: 4, text: 'Sian' }, { source: 'notes', paragraph: 2, start: 17, end: 21, text: 'Sian' }]],
      ['nobody', []],
      ['mark', [{ source: 'notes', paragraph: 1, start: 9, end: 13, text: 'Mark' }, { source: 'notes', paragraph: 2, start: 0, end: 4, text: 'Mark' }]],
    ]);
    const table = MentionTable.of(source, mentions);
    assert.deepEqual(table.row('f'), ['f', ['sian', 'mark'], [0, 1, 0, 4, 0, 2, 17, 21, 1, 1, 9, 13, 1, 2, 0, 4]]);
    assert.equal(table.size, 4);
    assert.equal(table.count('nobody'), 0);
    assert.deepStrictEqual(table.of('nobody'), []);
    mentions.delete('nobody');
    assert.deepStrictEqual(allOf(table), mentions);
    // An entity's mentions are made objects once (an open card asks again at every change), in a new array each time.
    // Read back from its row (ids and rows in any order, an id without mentions left out): the same mentions.
    assert.deepStrictEqual(allOf(MentionTable.ofRow(source, table.row('f'))), mentions);
    const shuffled = MentionTable.ofRow(source, ['f', ['nobody', 'mark', 'sian'], [2, 2, 17, 21, 1, 1, 9, 13, 2, 1, 0, 4, 1, 2, 0, 4]]);
    assert.deepEqual(shuffled?.ids, ['mark', 'sian']);
    assert.deepStrictEqual(shuffled?.of('mark'), mentions.get('mark'));
    assert.deepStrictEqual(
      shuffled?.of('sian').map((m) => m.start),
      [17, 0],
    );
    const [first, again] = [table.of('mark'), table.of('mark')];
    assert.notEqual(first, again);
    assert.equal(first[0], again[0]);
  });
});
