import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diskPath, withDiskFiles } from '../../src/edge/diskFiles';
import type { FileStat, FileSystem, FileType } from '../../src/core/fileSystem';

/** What reached the fallback (`vscode.workspace.fs` in the extension): a virtual file system's one file. */
function virtualFiles(): FileSystem & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readFile: async (uri) => (asked.push(`read ${uri}`), new TextEncoder().encode('from the repository')),
    readDirectory: async (uri): Promise<Array<[string, FileType]>> => (asked.push(`list ${uri}`), [['notes.md', 'file']]),
    stat: async (uri): Promise<FileStat> => (asked.push(`stat ${uri}`), { type: 'file', size: 19, mtime: 1 }),
  };
}

describe('The writer’s files read from the host’s disk', () => {
  let folder: string;
  const uri = (...names: string[]) => pathToFileURL(path.join(folder, ...names)).href;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-disk-'));
    fs.writeFileSync(path.join(folder, 'My Notes é.md'), '# Notes\n\nSian James spoke.\n');
    fs.mkdirSync(path.join(folder, 'chapters'));
    fs.writeFileSync(path.join(folder, 'chapters', 'one.md'), 'One.\n');
    fs.symlinkSync(path.join(folder, 'My Notes é.md'), path.join(folder, 'link-to-notes.md'));
    fs.symlinkSync(path.join(folder, 'chapters'), path.join(folder, 'link-to-chapters'));
    fs.symlinkSync(path.join(folder, 'gone.md'), path.join(folder, 'dangling.md'));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reads a file: URI as VS Code writes it (spaces and accents percent-encoded) into a plain Uint8Array', async () => {
    const files = withDiskFiles(virtualFiles());
    const written = uri('My Notes é.md');
    assert.match(written, /My%20Notes%20%C3%A9\.md$/);
    const bytes = await files.readFile(written);
    assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, 'not a Node Buffer (pdf.js refuses one)');
    assert.equal(new TextDecoder().decode(bytes), '# Notes\n\nSian James spoke.\n');
  });

  it('lists a folder as VS Code does: a link as what it points at, a link pointing nowhere as a link', async () => {
    const listed = new Map(await withDiskFiles(virtualFiles()).readDirectory(uri()));
    assert.deepEqual(
      Object.fromEntries([...listed].sort()),
      { chapters: 'directory', 'dangling.md': 'symlink', 'link-to-chapters': 'directory', 'link-to-notes.md': 'file', 'My Notes é.md': 'file' },
    );
  });

  it('gives a file’s size and its modification time in whole milliseconds, as VS Code gives them (the index snapshot compares them)', async () => {
    const file = path.join(folder, 'chapters', 'one.md');
    fs.utimesSync(file, 1_700_000_000.1239, 1_700_000_000.1239);
    const found = await withDiskFiles(virtualFiles()).stat(uri('chapters', 'one.md'));
    // VS Code's disk provider reports `stat.mtime.getTime()`: Node's Date of the time, whole milliseconds (rounded).
    assert.deepEqual(found, { type: 'file', size: 5, mtime: fs.statSync(file).mtime.getTime() });
    assert.equal(found.mtime, 1_700_000_000_124);
    assert.equal((await withDiskFiles(virtualFiles()).stat(uri('link-to-chapters'))).type, 'directory');
  });

  it('rejects a file that is not there, so the caller reports it', async () => {
    await assert.rejects(withDiskFiles(virtualFiles()).readFile(uri('missing.md')), /ENOENT/);
    await assert.rejects(withDiskFiles(virtualFiles()).stat(uri('missing.md')), /ENOENT/);
  });

  it('leaves every other scheme to VS Code’s file system, untouched', async () => {
    const virtual = virtualFiles();
    const files = withDiskFiles(virtual);
    const remote = 'vscode-vfs://github/writer/essay/notes.md';
    assert.equal(new TextDecoder().decode(await files.readFile(remote)), 'from the repository');
    assert.deepEqual(await files.readDirectory('vscode-vfs://github/writer/essay'), [['notes.md', 'file']]);
    assert.equal((await files.stat(remote)).size, 19);
    assert.deepEqual(virtual.asked, [`read ${remote}`, 'list vscode-vfs://github/writer/essay', `stat ${remote}`]);
    await files.readFile(uri('My Notes é.md'));
    assert.equal(virtual.asked.length, 3, 'a file: URI never reaches it');
  });

  it('takes only file: URIs for disk paths', () => {
    assert.equal(diskPath(uri('My Notes é.md')), path.join(folder, 'My Notes é.md'));
    assert.equal(diskPath('untitled:Untitled-1'), undefined);
    assert.equal(diskPath('vscode-userdata:/User/settings.json'), undefined);
  });
});
