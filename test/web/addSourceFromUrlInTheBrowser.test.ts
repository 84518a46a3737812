import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../integration/citingHelpers';

// The browser build reads no web pages (esbuild.js puts src/core/web/webPage.web.ts in place of the page reader):
// most sites refuse to be read by another site's worker (CORS). The command says that it needs the desktop before it
// asks anything, and writes nothing.
describe('Add Source from Web Page in the browser', () => {
  before(activateExtension);

  it('stops before asking where to save the page, writes nothing and returns no file', async function () {
    this.timeout(20_000);
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root, 'the test window has no workspace folder');
    assert.deepEqual(vscode.workspace.getConfiguration('sourcebook', root.uri).get('sources.folders'), [], 'no sources folder is set');
    // With no sources folder set, the desktop asks (a modal dialog) whether to create one: here it must stop first.
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('sourcebook.addSourceFromUrl', { url: 'https://valley-courier.example/news/2024/pit-village-remembers' });
    assert.equal(written, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(root.uri, 'sources'))), 'no sources folder was created');
  });
});
