// The window the integration suite runs in (Node side, used by the runners): a multi-root workspace of two folders,
// so the settings a folder sets for itself (the citation settings are resource-scoped: each folder may cite in its
// own style) can be tested as a writer with two projects open meets them. The first folder is the copy of sample/
// every test writes its drafts and settings in; the second starts empty. Its own settings clear "Sources: Folders",
// so the sources folders the tests set for the workspace are read in the first folder only (VS Code resolves a
// workspace-level entry against each folder).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The second folder's name, as the tests see it (`vscode.workspace.workspaceFolders[1].name`). */
export const SECOND_FOLDER = 'second-folder';

/** Writes `<tempDir>/sourcebook-tests.code-workspace` with `firstFolder` and a new empty second folder; returns its path. */
export function writeTestWorkspace(tempDir: string, firstFolder: string): string {
  const second = path.join(tempDir, SECOND_FOLDER);
  fs.mkdirSync(path.join(second, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(second, '.vscode', 'settings.json'), `${JSON.stringify({ 'sourcebook.sources.folders': [] }, null, 2)}\n`);
  const file = path.join(tempDir, 'sourcebook-tests.code-workspace');
  fs.writeFileSync(file, `${JSON.stringify({ folders: [{ path: firstFolder }, { path: second }], settings: {} }, null, 2)}\n`);
  return file;
}
