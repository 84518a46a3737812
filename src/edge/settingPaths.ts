import * as vscode from 'vscode';

/**
 * A path a writer gave in a setting (`sourcebook.sources.folders`, `sourcebook.library.files`) as a URI: a URI as
 * it is, an absolute path on the workspace folder's file system, a relative one against the workspace folder;
 * undefined for a relative path when no folder is open.
 */
export function settingPathUri(entry: string, base: vscode.Uri | undefined): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return vscode.Uri.parse(entry);
  if (entry.startsWith('/') || /^[A-Za-z]:[\\/]/.test(entry)) return base && base.scheme !== 'file' ? base.with({ path: entry }) : vscode.Uri.file(entry);
  return base ? vscode.Uri.joinPath(base, entry) : undefined;
}
