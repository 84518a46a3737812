// A FileSystem for tests, backed by Node's fs: URIs are plain paths.
import { promises as fs } from 'node:fs';
import type { FileStat, FileSystem, FileType } from '../../../src/core/fileSystem';

function typeOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'unknown';
}

export class NodeFileSystem implements FileSystem {
  async readFile(uri: string): Promise<Uint8Array> {
    return new Uint8Array(await fs.readFile(uri));
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    const entries = await fs.readdir(uri, { withFileTypes: true });
    return entries.map((entry) => [entry.name, typeOf(entry)]);
  }

  async stat(uri: string): Promise<FileStat> {
    const stat = await fs.stat(uri);
    return { type: typeOf(stat), size: stat.size, mtime: stat.mtimeMs };
  }
}
