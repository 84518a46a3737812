// The core's FileSystem over `vscode.workspace.fs`, so the writer's sources are read the same way on disk, on a
// remote or virtual file system (vscode-vfs:, a GitHub repository) and in the browser. URIs are the strings of
// `vscode.Uri.toString()`. Only reads: Sourcebook never writes the writer's files.
import * as vscode from 'vscode';
import type { FileStat, FileSystem, FileType } from '../core/fileSystem';

function typeOf(type: vscode.FileType): FileType {
  // A symbolic link is reported with the type of what it points at (File | SymbolicLink): read it as that.
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  return 'unknown';
}

export class VscodeFileSystem implements FileSystem {
  constructor(private readonly fs: vscode.FileSystem = vscode.workspace.fs) {}

  async readFile(uri: string): Promise<Uint8Array> {
    return this.fs.readFile(vscode.Uri.parse(uri, true));
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    const entries = await this.fs.readDirectory(vscode.Uri.parse(uri, true));
    return entries.map(([name, type]) => [name, typeOf(type)]);
  }

  async stat(uri: string): Promise<FileStat> {
    const stat = await this.fs.stat(vscode.Uri.parse(uri, true));
    return { type: typeOf(stat.type), size: stat.size, mtime: stat.mtime };
  }
}

/** A file name joined to a folder's URI string, escaped as VS Code escapes it (so watcher events compare equal). */
export function joinUriString(folder: string, name: string): string {
  return vscode.Uri.joinPath(vscode.Uri.parse(folder, true), name).toString();
}
