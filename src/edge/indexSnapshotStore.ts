// Where the search and quotation indexes' snapshot (core/search/indexSnapshot.ts) is kept between starts: one file
// per workspace library in the extension's global storage (`index-snapshots/<sha256 of the workspace's folders>.bin`),
// through `vscode.workspace.fs`, so it works in the browser too. Nothing in a writer's folders is ever written. A
// snapshot is written to a temporary file and renamed over the old one, so a start never reads half a snapshot (and
// one that is damaged anyway is refused by `restoreIndexes`). The most recently written snapshots are kept up to a
// bound; the oldest go first.
import * as vscode from 'vscode';
import { contentHash } from '../core/search/indexSnapshot';
import type { IndexSnapshotStore } from '../core/search/indexSnapshot';
import { output } from './output';

/** Libraries (workspaces) whose snapshots are kept at most, and bytes at most (1.3 bytes per byte of text). */
const MAX_SNAPSHOTS = 8;
const MAX_BYTES = 1024 * 1024 * 1024;

/** The store for this window's library: undefined without a workspace folder (no library to keep). */
export async function indexSnapshotStore(context: vscode.ExtensionContext): Promise<FolderIndexSnapshotStore | undefined> {
  const folders = vscode.workspace.workspaceFolders;
  if (!folders || folders.length === 0) return undefined;
  const name = await contentHash(folders.map((folder) => folder.uri.toString()).join('\n'));
  return new FolderIndexSnapshotStore(vscode.Uri.joinPath(context.globalStorageUri, 'index-snapshots'), name);
}

export class FolderIndexSnapshotStore implements IndexSnapshotStore {
  constructor(
    private readonly folder: vscode.Uri,
    private readonly name: string,
  ) {}

  async get(): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.file());
    } catch {
      return undefined;
    }
  }

  async set(bytes: Uint8Array): Promise<void> {
    const temporary = vscode.Uri.joinPath(this.folder, `${this.name}.tmp`);
    try {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(temporary, bytes);
      await vscode.workspace.fs.rename(temporary, this.file(), { overwrite: true });
    } catch (error) {
      // Without a snapshot the indexes are built again at the next start: worth a line, not a notification.
      output().warn(`The search index could not be kept in ${this.folder.fsPath || this.folder.toString()} (${error instanceof Error ? error.message : String(error)}): it will be built again at the next start.`);
      await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
      return;
    }
    await this.prune();
  }

  /** Drops the oldest snapshots (other workspaces') beyond the bounds. */
  async prune(): Promise<void> {
    let entries: Array<[string, vscode.FileType]>;
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      return;
    }
    const files: Array<{ uri: vscode.Uri; size: number; mtime: number }> = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.bin')) continue;
      const uri = vscode.Uri.joinPath(this.folder, name);
      const stat = await vscode.workspace.fs.stat(uri).then(
        (value) => value,
        () => undefined,
      );
      if (stat) files.push({ uri, size: stat.size, mtime: stat.mtime });
    }
    files.sort((a, b) => b.mtime - a.mtime);
    let bytes = 0;
    for (const [index, file] of files.entries()) {
      bytes += file.size;
      // This library's own snapshot, the newest, is always kept.
      if (index === 0 || (index < MAX_SNAPSHOTS && bytes <= MAX_BYTES)) continue;
      await vscode.workspace.fs.delete(file.uri).then(undefined, () => undefined);
    }
  }

  private file(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${this.name}.bin`);
  }
}
