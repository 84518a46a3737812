import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnSourceFiles, checkEntityReferences, fileKind, keyLineOf } from '../../../src/core/sources/ownSourcesLoader';
import { parseEntities } from '../../../src/core/names/entityIndex';
import type { FileSystem } from '../../../src/core/fileSystem';
import { NodeFileSystem } from '../helpers/nodeFileSystem';
import { contentHash } from '../../../src/core/text/contentHash';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const BROKEN = join(FIXTURES, 'sources-broken');
const GOOD = join(FIXTURES, 'sources-good');
/** The tests' size limit: too-large.md (6.5 KB) is over it, every other fixture under. */
const LIMIT = 4096;

function loader(fs: FileSystem = new NodeFileSystem()): OwnSourceFiles {
  return new OwnSourceFiles(fs, { maxBytes: LIMIT, join: (folder, name) => join(folder, name) });
}

function problemsOf(resolved: ReturnType<OwnSourceFiles['resolve']>, name: string) {
  return resolved.problems.get(join(BROKEN, name)) ?? [];
}

describe('Reading the writer’s own sources folder', () => {
  it('loads every good source and the entity file', async () => {
    const files = loader();
    const folderProblems = await files.loadAll([GOOD]);
    const resolved = files.resolve();
    assert.deepEqual(folderProblems, []);
    assert.deepEqual(resolved.sources.map((source) => source.meta.key).sort(), ['test-interview-notes', 'test-letters']);
    assert.deepEqual(resolved.entities.map((entity) => entity.id), ['tomos-rees']);
    assert.equal(resolved.entities[0].origin, join(GOOD, 'people.yaml'));
    assert.equal(resolved.problems.size, 0, JSON.stringify([...resolved.problems]));
    const notes = resolved.sources.find((source) => source.meta.key === 'test-interview-notes');
    assert.equal(notes?.paragraphs.length, 3);
    assert.equal(notes?.origin, join(GOOD, 'interview-notes.md'));
  });

  it('still loads the good source when every other file in the folder is broken', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const resolved = files.resolve();
    assert.deepEqual(resolved.sources.map((source) => source.meta.key).sort(), ['test-duplicate', 'test-still-good']);
    assert.deepEqual(resolved.entities.map((entity) => entity.name), ['Morwen Hale']);
  });

  it('reports broken front matter at the line of the unclosed list', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const [problem, ...rest] = problemsOf(files.resolve(), 'broken-front-matter.md');
    assert.equal(rest.length, 0);
    assert.equal(problem.line, 3, 'line 4 of the file, counted from zero');
    assert.match(problem.message, /front matter is not valid YAML/);
  });

  it('names the missing title', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const problems = problemsOf(files.resolve(), 'no-title.md');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /`title`/);
  });

  it('reports two sources with the same key on both files, at the key’s line, and loads the first', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const resolved = files.resolve();
    const a = problemsOf(resolved, 'duplicate-a.md');
    const b = problemsOf(resolved, 'duplicate-b.md');
    assert.equal(a.length, 1);
    assert.equal(b.length, 1);
    assert.match(a[0].message, /Two sources have the key `test-duplicate`: this file and duplicate-b\.md/);
    assert.match(b[0].message, /this file and duplicate-a\.md.*only duplicate-a\.md is loaded/);
    assert.equal(a[0].line, 1);
    assert.equal(b[0].line, 1);
    assert.equal(resolved.sources.find((source) => source.meta.key === 'test-duplicate')?.origin, join(BROKEN, 'duplicate-a.md'));
  });

  it('reports a binary file once and skips it', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const problems = problemsOf(files.resolve(), 'binary.md');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /binary file/);
  });

  it('reports a file over the size limit once, with its size and the setting to raise', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const problems = problemsOf(files.resolve(), 'too-large.md');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /too-large\.md is 7 KB, over the 4 KB limit/);
    assert.match(problems[0].message, /Max File Size/);
  });

  it('reports a folder that does not exist once, and reads the other folders', async () => {
    const files = loader();
    const missing = join(FIXTURES, 'no-such-folder');
    const problems = await files.loadAll([missing, GOOD]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, missing);
    assert.match(problems[0].message, /does not exist/);
    assert.equal(files.resolve().sources.length, 2);
  });

  it('reports an unreadable file once and skips it', async () => {
    const node = new NodeFileSystem();
    const unreadable = join(GOOD, 'letters.md');
    const fs: FileSystem = {
      stat: (uri) => node.stat(uri),
      readDirectory: (uri) => node.readDirectory(uri),
      readFile: (uri) => (uri === unreadable ? Promise.reject(new Error('EACCES: permission denied')) : node.readFile(uri)),
    };
    const files = loader(fs);
    await files.loadAll([GOOD]);
    const resolved = files.resolve();
    assert.deepEqual(resolved.problems.get(unreadable)?.map((problem) => problem.message), ['letters.md could not be read (EACCES: permission denied): it is skipped.']);
    assert.deepEqual(resolved.sources.map((source) => source.meta.key), ['test-interview-notes']);
  });

  it('reports a key the bundled corpus already uses', async () => {
    const files = loader();
    await files.loadAll([GOOD]);
    const resolved = files.resolve(new Set(['test-letters']));
    assert.deepEqual(resolved.sources.map((source) => source.meta.key), ['test-interview-notes']);
    assert.match(resolved.problems.get(join(GOOD, 'letters.md'))?.[0].message ?? '', /already used by a bundled source/);
  });

  it('reads only the changed file again, and forgets a deleted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sourcebook-own-'));
    try {
      cpSync(GOOD, dir, { recursive: true });
      let reads = 0;
      const node = new NodeFileSystem();
      const fs: FileSystem = {
        stat: (uri) => node.stat(uri),
        readDirectory: (uri) => node.readDirectory(uri),
        readFile: (uri) => {
          reads++;
          return node.readFile(uri);
        },
      };
      const files = loader(fs);
      await files.loadAll([dir]);
      assert.equal(reads, 3);
      const letters = join(dir, 'letters.md');
      writeFileSync(letters, '---\nkey: test-letters-renamed\ntitle: Renamed\nauthor:\n  - literal: Tests\ntype: manuscript\n---\nOne paragraph.\n');
      await files.readFile(letters);
      assert.equal(reads, 4, 'only letters.md was read again');
      assert.deepEqual(files.resolve().sources.map((source) => source.meta.key).sort(), ['test-interview-notes', 'test-letters-renamed']);
      unlinkSync(letters);
      assert.equal(files.forget(letters), true);
      assert.deepEqual(files.resolve().sources.map((source) => source.meta.key), ['test-interview-notes']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never writes to the writer’s files', async () => {
    const written: string[] = [];
    const node = new NodeFileSystem();
    const fs = {
      stat: (uri: string) => node.stat(uri),
      readDirectory: (uri: string) => node.readDirectory(uri),
      readFile: (uri: string) => node.readFile(uri),
      writeFile: (uri: string) => void written.push(uri),
      delete: (uri: string) => void written.push(uri),
    };
    const files = loader(fs);
    await files.loadAll([BROKEN, GOOD]);
    files.resolve();
    assert.deepEqual(written, []);
  });

  it('stops at a bounded number of files and says so', async () => {
    const fs: FileSystem = {
      stat: async (uri) => ({ type: uri.endsWith('.md') ? 'file' : 'directory', size: 10, mtime: 0 }),
      readDirectory: async () => Array.from({ length: 50 }, (_, i) => [`s${i}.md`, 'file'] as [string, 'file']),
      readFile: async () => new TextEncoder().encode('no front matter'),
    };
    const files = new OwnSourceFiles(fs, { maxFiles: 20 });
    const problems = await files.loadAll(['/many']);
    assert.equal(files.size, 20);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /more than 20 source files/);
  });

  it('does not loop forever on a folder that contains itself', async () => {
    const fs: FileSystem = {
      stat: async () => ({ type: 'directory', size: 0, mtime: 0 }),
      readDirectory: async () => [['loop', 'directory'], ['a.md', 'file']],
      readFile: async () => new Uint8Array(),
    };
    const files = new OwnSourceFiles(fs, { maxDepth: 5 });
    const listing = await files.listFolder('/root');
    assert.equal(listing.uris.length, 6, 'a.md at depths 0 to 5');
  });

  it('comes back from a folder on disk with a link to itself, reading sub-folders but not hidden ones or node_modules', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sourcebook-loop-'));
    try {
      writeFileSync(join(folder, 'a.md'), 'text');
      writeFileSync(join(folder, 'photo.png'), 'not a source');
      mkdirSync(join(folder, 'more'));
      writeFileSync(join(folder, 'more', 'plain.txt'), 'text');
      for (const skipped of ['.git', 'node_modules']) {
        mkdirSync(join(folder, skipped));
        writeFileSync(join(folder, skipped, 'hidden.md'), 'text');
      }
      symlinkSync(folder, join(folder, 'loop'), 'dir');
      // VS Code lists the link as the folder it points at, so only the depth limit ends the walk.
      const files = new OwnSourceFiles(new NodeFileSystem({ linksAsTargets: true }), { maxDepth: 2, join: (dir, name) => join(dir, name) });
      const listing = await files.listFolder(folder);
      assert.deepEqual(listing.problems, []);
      assert.deepEqual(
        listing.uris.map((uri) => uri.slice(folder.length + 1)),
        // Folders two deep are entered (loop/loop, loop/more), three deep not (loop/loop/more, loop/loop/loop).
        ['a.md', 'loop/a.md', 'loop/loop/a.md', 'loop/more/plain.txt', 'more/plain.txt'].map((path) => join(path)),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads at most 10,000 files by default', async () => {
    const fs: FileSystem = {
      stat: async () => ({ type: 'directory', size: 0, mtime: 0 }),
      readDirectory: async () => Array.from({ length: 10_050 }, (_, i) => [`s${i}.md`, 'file'] as [string, 'file']),
      readFile: async () => new Uint8Array(),
    };
    const listing = await new OwnSourceFiles(fs).listFolder('/many');
    assert.equal(listing.uris.length, 10_000);
    assert.equal(listing.problems.length, 1);
    assert.match(listing.problems[0].message, /more than 10000 source files: only the first 10000 are read/);
  });

  it('treats Markdown, text and PDF as sources, YAML as entity files, and passes over the rest', () => {
    assert.equal(fileKind('notes.md'), 'source');
    assert.equal(fileKind('Notes.MARKDOWN'), 'source');
    assert.equal(fileKind('transcript.txt'), 'source');
    assert.equal(fileKind('people.yaml'), 'entities');
    assert.equal(fileKind('tate2017.pdf'), 'source');
    assert.equal(fileKind('Scan.PDF'), 'source');
    assert.equal(fileKind('photo.png'), undefined);
    assert.equal(fileKind('.hidden.md'), undefined);
  });

  it('finds the line of the key field', () => {
    assert.equal(keyLineOf('---\ntitle: T\nkey: k\n---\n'), 2);
    assert.equal(keyLineOf('---\ntitle: T\n---\nkey: not front matter\n'), 0);
  });

  it('reports a fact citing a paragraph the source does not have, and a related id that names no entity', () => {
    const entityFile = parseEntities(
      'entities:\n  - id: morwen\n    name: Morwen Hale\n    type: character\n    description: Invented for tests.\n    facts:\n      - text: Spoke first.\n        cites: [test-still-good#9]\n      - text: Wrote later.\n        cites: [nowhere#1]\n    related: [mark-ashton, nobody]\n',
      'people.yaml',
      'people.yaml',
    );
    assert.deepEqual(entityFile.problems, []);
    const problems = checkEntityReferences(entityFile, new Map([['test-still-good', 1]]), new Set(['morwen', 'mark-ashton']));
    assert.deepEqual(
      problems.map((problem) => [problem.line, problem.message]),
      [
        [6, 'A fact of `morwen` cites paragraph 9 of `test-still-good`, which has 1 paragraphs.'],
        [8, 'A fact of `morwen` cites `nowhere#1`, but there is no source `nowhere`.'],
        [10, '`morwen` is related to `nobody`, which is not an entity id.'],
      ],
    );
  });

  it('finds nothing wrong in the good folder’s entity file', async () => {
    const files = loader();
    await files.loadAll([GOOD]);
    const resolved = files.resolve();
    const entityFile = files.file(join(GOOD, 'people.yaml'))?.entityFile;
    assert.ok(entityFile);
    const counts = new Map(resolved.sources.map((source) => [source.meta.key, source.paragraphs.length]));
    assert.deepEqual(checkEntityReferences(entityFile, counts, new Set(['tomos-rees'])), []);
  });
});

describe('The content hashes of the writer’s sources (for the indexes’ snapshot)', () => {
  const source = (title: string, body: string) => `---\nkey: hashed\ntitle: ${title}\nauthor: Ann Hale\ntype: manuscript\n---\n\n${body}\n`;

  it('keeps the SHA-256 of each source file’s text, and a new one when the file changes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sourcebook-hashes-'));
    try {
      const file = join(folder, 'hashed.md');
      writeFileSync(file, source('Letters', 'The river rose in the night.'));
      const files = loader();
      await files.loadAll([folder]);
      const [first] = files.resolve().sources;
      assert.equal(files.hashes().get(first), await contentHash(source('Letters', 'The river rose in the night.')));
      writeFileSync(file, source('Letters', 'The river fell in the morning.'));
      await files.readFile(file);
      const [second] = files.resolve().sources;
      assert.equal(files.hashes().get(second), await contentHash(source('Letters', 'The river fell in the morning.')));
      assert.equal(files.hashes().has(first), false, 'the source read before is no longer kept');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps no hash for a file that gives no source, nor for an entity file', async () => {
    const files = loader();
    await files.loadAll([BROKEN]);
    const hashed = [...files.hashes().keys()].map((hashedSource) => hashedSource.meta.key).sort();
    assert.deepEqual(hashed, ['test-duplicate', 'test-duplicate', 'test-still-good']);
  });
});

describe('Reading the writer’s sources folders on the shared budget of host time', () => {
  /** A pause that lets nothing through until `release` is called: each waiting job is one turn asked for. */
  function gatedPause() {
    const waiting: Array<() => void> = [];
    return {
      pause: () => new Promise<void>((resolve) => waiting.push(resolve)),
      waiting,
      release: () => waiting.splice(0).forEach((resolve) => resolve()),
    };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('parses no file of a folder until the budget gives it a turn, then reads them all', async () => {
    const files = loader();
    const gate = gatedPause();
    const loading = files.loadAll([GOOD], undefined, gate.pause);
    // Both sources and the entity file have arrived, and each waits for its turn before it is parsed.
    await until(() => gate.waiting.length === 3);
    assert.equal(gate.waiting.length, 3);
    assert.equal(files.size, 0, 'no file parsed before its turn');
    while (gate.waiting.length > 0) {
      gate.release();
      await until(() => gate.waiting.length > 0 || files.size === 3);
    }
    await loading;
    assert.deepEqual(files.resolve().sources.map((source) => source.meta.key).sort(), ['test-interview-notes', 'test-letters']);
  });

  it('parses a file read again (a change seen by the watcher) on the loader’s budget too', async () => {
    const gate = gatedPause();
    const files = new OwnSourceFiles(new NodeFileSystem(), { maxBytes: LIMIT, join: (folder, name) => join(folder, name), pause: gate.pause });
    const reading = files.readFile(join(GOOD, 'letters.md'));
    await until(() => gate.waiting.length === 1);
    assert.equal(files.size, 0, 'not parsed before its turn');
    gate.release();
    const file = await reading;
    assert.equal(file?.source?.meta.key, 'test-letters');
  });
});
