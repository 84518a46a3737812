// Where the search and quotation indexes' snapshot (core/search/indexSnapshot.ts) is kept between starts: one file
// per workspace library and version of the extension in its global storage (`index-snapshots/<sha256 of the
// workspace's folders and the extension's version>.bin`: another version may parse a file otherwise, so it starts afresh),
// through `vscode.workspace.fs`, so it works in the browser too. Nothing in a writer's folders is ever written. A
// snapshot is written to a temporary file and renamed over the old one, so a start never reads half a snapshot (and
// one that is damaged anyway is refused by `restoreIndexes`). On the desktop it is read a range at a time
// (snapshotFileReader.ts), so that the restored posting lists keep buffers of their own rather than copies. The most recently written snapshots are kept up to a
// bound; the oldest go first.
import * as vscode from 'vscode';
import { contentHash } from '../core/text/contentHash';
import type { IndexSnapshotStore, SnapshotReader } from '../core/search/indexSnapshot';
import { openSnapshotFile } from './snapshotFileReader';
import { output } from './output';
import { pruneOldest } from './storagePruning';

/** Libraries (workspaces) whose snapshots are kept at most, and bytes at most (2.1 bytes per byte of text, with the parsed files). */
const MAX_SNAPSHOTS = 8;
const MAX_BYTES = 1024 * 1024 * 1024;

/** The store for this window's library: undefined without a workspace folder (no library to keep). */
export async function indexSnapshotStore(context: vscode.ExtensionContext): Promise<FolderIndexSnapshotStore | undefined> {
  const folders = vscode.workspace.workspaceFolders;
  if (!folders || folders.length === 0) return undefined;
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  const name = await contentHash([`sourcebook ${version}`, ...folders.map((folder) => folder.uri.toString())].join('\n'));
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

  /** On the desktop, the snapshot's file read a range at a time (its posting lists into buffers of their own). */
  reader(): Promise<SnapshotReader | undefined> {
    const file = this.file();
    return file.scheme === 'file' ? openSnapshotFile(file.fsPath) : Promise.resolve(undefined);
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

  /** Drops the oldest snapshots (other workspaces') beyond the bounds; this library's own, the newest, is kept. */
  prune(): Promise<void> {
    return pruneOldest(this.folder, '.bin', { maxFiles: MAX_SNAPSHOTS, maxBytes: MAX_BYTES, keepNewest: true });
  }

  private file(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${this.name}.bin`);
  }
}
