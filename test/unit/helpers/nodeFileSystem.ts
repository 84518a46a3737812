// A FileSystem for tests, backed by Node's fs: URIs are plain paths.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { FileStat, FileSystem, FileType } from '../../../src/core/fileSystem';

function typeOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'unknown';
}

export interface NodeFileSystemOptions {
  /** List a symbolic link with the type of what it points at, as `vscode.workspace.fs` does (default: 'symlink'). */
  linksAsTargets?: boolean;
}

export class NodeFileSystem implements FileSystem {
  constructor(private readonly options: NodeFileSystemOptions = {}) {}

  async readFile(uri: string): Promise<Uint8Array> {
    return new Uint8Array(await fs.readFile(uri));
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    const entries = await fs.readdir(uri, { withFileTypes: true });
    return Promise.all(
      entries.map(async (entry): Promise<[string, FileType]> => {
        if (this.options.linksAsTargets && entry.isSymbolicLink()) return [entry.name, (await this.stat(join(uri, entry.name))).type];
        return [entry.name, typeOf(entry)];
      }),
    );
  }

  async stat(uri: string): Promise<FileStat> {
    const stat = await fs.stat(uri);
    return { type: typeOf(stat), size: stat.size, mtime: stat.mtimeMs };
  }
}
