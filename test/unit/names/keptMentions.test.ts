// Where each name is mentioned, as the indexes' snapshot keeps it per file (names/mentionRows.ts) under a fingerprint
// of the names (Library.namesFingerprint), and taken back at a restart (Library.takeMentions).
import * as assert from 'node:assert/strict';
import { Library } from '../../../src/core/library';
import { MentionTable } from '../../../src/core/names/mentionTable';
import { Fingerprinter, fingerprintOf } from '../../../src/core/text/fingerprint';
import { entity, notesSource } from '../helpers/fixtures';

const people = [entity('gwen', 'Gwen Pritchard', [{ text: 'Gwen' }]), entity('mark', 'Mark Ashton')];
const letters = notesSource('letters', ['Gwen Pritchard met Mark Ashton at the lodge.', 'Gwen wrote to him twice.']);

describe('Mentions kept between starts', () => {
  it('takes back the mentions a library found, as it found them', () => {
    const found = new Library({ sources: [letters], entities: people });
    const row = found.mentionTableOf('letters')!.row(found.namesFingerprint);
    const restarted = new Library({ entities: people });
    restarted.setSourceMentionsLater(letters);
    assert.equal(restarted.takeMentions([{ source: letters, fingerprint: row[0], mentions: () => MentionTable.ofRow(letters, row) }]), 1);
    assert.equal(restarted.mentionsPending, 0);
    assert.deepEqual(restarted.entities.map((e) => [e.id, e.mentions]), found.entities.map((e) => [e.id, e.mentions]));
    assert.deepEqual(restarted.entity('gwen')?.mentions.map((m) => m.text), ['Gwen Pritchard', 'Gwen']);
  });

  it('does not take mentions found with other names: an alias more is another fingerprint, and the source is read', async () => {
    const found = new Library({ sources: [letters], entities: people });
    const row = found.mentionTableOf('letters')!.row(found.namesFingerprint);
    const withAlias = [people[0], entity('mark', 'Mark Ashton', [{ text: 'him' }])];
    const restarted = new Library({ entities: withAlias });
    assert.notEqual(restarted.namesFingerprint, found.namesFingerprint);
    restarted.setSourceMentionsLater(letters);
    assert.equal(restarted.takeMentions([{ source: letters, fingerprint: row[0], mentions: () => MentionTable.ofRow(letters, row) }]), 0);
    await restarted.mentionsReady();
    assert.deepEqual(restarted.entity('mark')?.mentions.map((m) => m.text), ['Mark Ashton', 'him']);
  });

  it('refuses a kept mention that does not fit the text (past the end of its paragraph, or in a paragraph it has not)', () => {
    const fingerprint = new Library({ entities: people }).namesFingerprint;
    assert.equal(MentionTable.ofRow(letters, [fingerprint, ['gwen'], [0, 2, 0, 99]]), undefined);
    assert.equal(MentionTable.ofRow(letters, [fingerprint, ['gwen'], [0, 7, 0, 4]]), undefined);
    assert.equal(MentionTable.ofRow(letters, [fingerprint, ['gwen'], [1, 2, 0, 4]]), undefined, 'an id the row does not name');
    assert.equal(MentionTable.ofRow(letters, [fingerprint, ['gwen'], [0, 2, 3, 1]]), undefined, 'an end before its start');
    assert.deepEqual(MentionTable.ofRow(letters, [fingerprint, ['gwen'], [0, 2, 0, 4]])?.of('gwen').map((m) => m.text), ['Gwen']);
  });

  it('takes a fingerprint in parts that is the fingerprint of the whole text', () => {
    const parts = ['gwen', 'Gwen Pritchard', 'Gwen', '', 'Siân James\u0001', '\u0002'];
    const inParts = new Fingerprinter();
    parts.forEach((part) => inParts.add(part));
    assert.equal(inParts.value, fingerprintOf(parts.join('')));
    assert.notEqual(new Fingerprinter().add('Gwen').add('Pritchard').value, fingerprintOf('Gwen Pritchard'));
  });

  it('gives the names set in slices the fingerprint a library with those names takes in one go (kept mentions still fit)', async () => {
    const many = Array.from({ length: 700 }, (_, i) => entity(`author-${i}`, `Author Number${i}`, [{ text: `Number${i}`, caseSensitive: i % 2 === 0 }]));
    const ambiguous = [{ text: 'Gwen', candidates: ['gwen', 'author-3'] }];
    const inOneGo = new Library({ entities: many, ambiguous });
    const inSlices = new Library();
    let pauses = 0;
    await inSlices.setEntitiesInSlices(many, ambiguous, async () => void pauses++);
    assert.ok(pauses > 1, 'the names were signed in steps');
    assert.equal(inSlices.namesFingerprint, inOneGo.namesFingerprint);
    const set = new Library();
    set.setEntities(many, ambiguous);
    assert.equal(set.namesFingerprint, inOneGo.namesFingerprint);
    set.setEntities(many.slice(1), ambiguous);
    assert.notEqual(set.namesFingerprint, inOneGo.namesFingerprint);
  });
});
