import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Library, loadSourceFolder, readSourceFile } from '../../src/core/library';
import { parseSource } from '../../src/core/sourceParser';
import type { Source } from '../../src/core/types';
import { fixtureAmbiguous, fixtureEntities, sourceText } from './helpers/fixtures';
import { NodeFileSystem } from './helpers/nodeFileSystem';

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

describe('Reading source files through the FileSystem interface', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sourcebook-'));
  writeFileSync(join(folder, 'good.md'), sourceText('good', 'Text.\n'));
  writeFileSync(join(folder, 'image.md'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
  writeFileSync(join(folder, 'big.md'), 'x'.repeat(4096));
  mkdirSync(join(folder, 'folder.md'));
  const fs = new NodeFileSystem();

  it('reads a good source', async () => {
    const parsed = await readSourceFile(fs, join(folder, 'good.md'));
    assert.equal(parsed.source?.meta.key, 'good');
    assert.deepEqual(parsed.problems, []);
  });

  it('reports a binary file, a file over the limit, a folder and a missing file, each once', async () => {
    const messages = await Promise.all(
      [['image.md'], ['big.md', 1024], ['folder.md'], ['missing.md']].map(async ([name, limit]) => {
        const parsed = await readSourceFile(fs, join(folder, String(name)), limit as number | undefined);
        assert.equal(parsed.source, undefined);
        assert.equal(parsed.problems.length, 1);
        return parsed.problems[0].message.replace(folder, '…');
      }),
    );
    assert.match(messages[0], /image\.md is a binary file/);
    assert.match(messages[1], /big\.md is over the 1 KB limit/);
    assert.match(messages[2], /folder\.md is a folder/);
    assert.match(messages[3], /missing\.md could not be read/);
  });
});

describe('Reading a folder of the writer’s sources', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sourcebook-folder-'));
  writeFileSync(join(folder, 'a-good.md'), sourceText('good', 'Mark Ashton spoke.\n'));
  writeFileSync(join(folder, 'b-same-key.md'), sourceText('good', 'Another.\n'));
  writeFileSync(join(folder, 'c-broken.md'), '---\nkey: broken\ntitle: "unclosed\nauthor: [X]\ntype: webpage\n---\nText.\n');
  writeFileSync(join(folder, 'd-image.md'), new Uint8Array([0, 1, 2, 3]));
  writeFileSync(join(folder, 'notes.pdf'), 'not a source');
  mkdirSync(join(folder, 'more'));
  writeFileSync(join(folder, 'more', 'plain.txt'), sourceText('plain', 'Plain text source.\n'));
  symlinkSync(folder, join(folder, 'loop'));
  writeFileSync(join(folder, 'entities.yaml'), 'entities:\n  - id: ashton\n    name: Mark Ashton\n    type: person\n    description: An activist.\n');
  const fs = new NodeFileSystem();

  it('loads every good source and reports each bad file once, at its line', async () => {
    const contents = await loadSourceFolder(fs, folder);
    assert.deepEqual(contents.sources.map((s) => s.meta.key), ['good', 'plain']);
    const problems = contents.problems.map((p) => [p.file?.replace(folder, '…'), p.line, p.message.replace(folder, '…').slice(0, 40)]);
    assert.deepEqual(problems, [
      ['…/a-good.md', 1, 'The key `good` is also used by …/b-same-'],
      ['…/b-same-key.md', 1, 'The key `good` is already used by …/a-go'],
      ['…/c-broken.md', 2, 'The front matter is not valid YAML: Miss'],
      ['…/d-image.md', 0, '…/d-image.md is a binary file, not text:'],
    ]);
    assert.deepEqual(contents.entities?.entities.map((e) => e.id), ['ashton']);
    assert.equal(contents.entities?.entities[0].origin, join(folder, 'entities.yaml'));
  });

  it('reports a folder that does not exist, once, without throwing', async () => {
    const contents = await loadSourceFolder(fs, join(folder, 'nowhere'));
    assert.deepEqual(contents.sources, []);
    assert.equal(contents.problems.length, 1);
    assert.match(contents.problems[0].message, /does not exist or cannot be read/);
  });

  it('stops at a limit on the number of files, and says so', async () => {
    const contents = await loadSourceFolder(fs, folder, { maxFiles: 1 });
    assert.equal(contents.sources.length, 1);
    assert.match(contents.problems.at(-1)?.message ?? '', /more than 1 source files: only the first 1 are read/);
  });
});
