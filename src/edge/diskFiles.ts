// The writer's files on the extension host's own disk (`file:` URIs), read with Node's fs; any other scheme
// (vscode-vfs:, a remote's own provider) through `fallback`, `vscode.workspace.fs`. Each `vscode.workspace.fs` call on
// a `file:` URI is a round trip to the window first (the host asks it to activate the scheme's providers) before the
// host reads the disk itself: a sources folder of 1,424 files and a bibliography of 5,000 references with attached
// PDFs made 3,581 of them while they were read, each a message the window (on a 2-core machine, the same cores as the
// host) had to answer. A `file:` URI names a file on the host's disk wherever the host runs (a remote host reads the
// remote's disk). Types and times are reported as VS Code's disk provider reports them (a symbolic link as what it
// points at, times in whole milliseconds), so a file read either way compares the same in the index snapshot. The
// browser build uses diskFiles.web.ts (esbuild.js puts it in its place): it has no disk, every URI goes to `fallback`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileStat, FileSystem, FileType } from '../core/fileSystem';

/** `fallback` for every URI but a `file:` one, which is read from the disk. */
export function withDiskFiles(fallback: FileSystem): FileSystem {
  return new DiskFirstFileSystem(fallback);
}

/** The path of a `file:` URI string, or undefined for any other URI. */
export function diskPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined; // a `file:` URI Node does not take (another machine's UNC share on POSIX): the fallback reads it
  }
}

class DiskFirstFileSystem implements FileSystem {
  constructor(private readonly fallback: FileSystem) {}

  async readFile(uri: string): Promise<Uint8Array> {
    const path = diskPath(uri);
    if (path === undefined) return this.fallback.readFile(uri);
    const bytes = await readFile(path);
    // A plain Uint8Array over the same memory, as VS Code hands one out (pdf.js refuses a Node Buffer).
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    const path = diskPath(uri);
    if (path === undefined) return this.fallback.readDirectory(uri);
    const entries = await readdir(path, { withFileTypes: true });
    return Promise.all(
      entries.map(async (entry): Promise<[string, FileType]> => {
        if (!entry.isSymbolicLink()) return [entry.name, direntType(entry)];
        // A link is listed as what it points at; one that points nowhere stays a link.
        const target = await stat(join(path, entry.name)).catch(() => undefined);
        return [entry.name, target ? direntType(target) : 'symlink'];
      }),
    );
  }

  async stat(uri: string): Promise<FileStat> {
    const path = diskPath(uri);
    if (path === undefined) return this.fallback.stat(uri);
    const found = await stat(path);
    return { type: direntType(found), size: found.size, mtime: found.mtime.getTime() };
  }
}

function direntType(entry: { isFile(): boolean; isDirectory(): boolean }): FileType {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'unknown';
}
