// The extension's own storage folders (kept PDF readings, index snapshots) stay bounded: the most recently written
// files are kept, the oldest deleted once there are too many of them or too many bytes.
import * as vscode from 'vscode';

export interface PruneLimits {
  maxFiles: number;
  maxBytes: number;
  /** Keep the newest file whatever its size (a store's own current file). */
  keepNewest?: boolean;
}

/** Deletes the oldest files of `folder` ending in `extension` beyond the limits. Never throws. */
export async function pruneOldest(folder: vscode.Uri, extension: string, limits: PruneLimits): Promise<void> {
  let entries: Array<[string, vscode.FileType]>;
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return;
  }
  const files: Array<{ uri: vscode.Uri; size: number; mtime: number }> = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !name.endsWith(extension)) continue;
    const uri = vscode.Uri.joinPath(folder, name);
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
    if ((limits.keepNewest && index === 0) || (index < limits.maxFiles && bytes <= limits.maxBytes)) continue;
    await vscode.workspace.fs.delete(file.uri).then(undefined, () => undefined);
  }
}
