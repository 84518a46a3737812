import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, closeAllEditors, openDraft, waitFor } from '../integration/citingHelpers';

// The browser build reads no PDFs (esbuild.js: pdf.js would double the bundle vscode.dev downloads). A PDF in a
// sources folder is told on its file, and everything else keeps working.
describe('A PDF source in the browser', () => {
  const config = () => vscode.workspace.getConfiguration('sourcebook');
  let folder: vscode.Uri;

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await config().update('sources.folders', undefined, vscode.ConfigurationTarget.Workspace);
    if (folder) await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('says on the PDF that PDFs are read in VS Code on the desktop, and the bundled sources still serve', async function () {
    this.timeout(30_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(extension && root, 'the test window has no workspace folder');
    const name = `pdf-in-browser-${Date.now()}`;
    folder = vscode.Uri.joinPath(root.uri, name);
    const pdf = vscode.Uri.joinPath(folder, 'example2017.pdf');
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'pdf', 'article.pdf'), pdf);
    await config().update('sources.folders', [name], vscode.ConfigurationTarget.Workspace);
    const problems = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(pdf).map((diagnostic) => diagnostic.message);
      return found.length > 0 ? found : undefined;
    }, 'a problem on the PDF', 20_000);
    assert.deepEqual(problems, ['example2017.pdf is not read: PDF sources are read in VS Code on the desktop; this browser build of Sourcebook does not read PDFs.']);
    const draft = await openDraft('As argued [@|');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft.document.uri, draft.selection.active);
    const keys = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(keys.includes('crossan2025'), `the bundled sources are still offered: ${keys.join(', ')}`);
    assert.ok(!keys.includes('example2017'), 'the PDF is not a source');
    await closeAllEditors();
  });
});
