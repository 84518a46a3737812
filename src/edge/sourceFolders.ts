// The writer's sources folders as "Sourcebook › Sources: Folders" lists them: every workspace folder's value (a
// relative entry read against its workspace folder), in order, each once. Read by the own-sources loader and by
// Add Source from Web Page, so both agree on which folders they are.
import * as vscode from 'vscode';
import { settings } from './settings';
import { settingPathUri } from './settingPaths';

export interface SourceFolderEntry {
  /** As the writer wrote it in the setting. */
  entry: string;
  /** The workspace folder a relative entry is read against (none when no folder is open). */
  base?: vscode.Uri;
}

/** Every entry of the setting, per workspace folder (or the window's, when no folder is open). */
export function sourceFolderEntries(): SourceFolderEntry[] {
  const workspaceFolders = vscode.workspace.workspaceFolders ?? [];
  const entries: SourceFolderEntry[] = [];
  const scopes = workspaceFolders.length > 0 ? workspaceFolders.map((folder) => folder.uri) : [undefined];
  for (const base of scopes) {
    for (const entry of settings(base).sourceFolders) {
      if (typeof entry === 'string' && entry.trim()) entries.push({ entry: entry.trim(), base });
    }
  }
  return entries;
}

/** The folders the entries name, each once, with the first entry naming it; a relative entry without a base is left out. */
export function sourceFolders(): Array<{ uri: vscode.Uri; entry: string }> {
  const seen = new Map<string, { uri: vscode.Uri; entry: string }>();
  for (const { entry, base } of sourceFolderEntries()) {
    const uri = settingPathUri(entry, base);
    if (uri && !seen.has(uri.toString())) seen.set(uri.toString(), { uri, entry });
  }
  return [...seen.values()];
}
