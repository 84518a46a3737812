import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sourcebook.sourcebook';

describe('Sourcebook in a real VS Code', () => {
  it('is installed in the editor', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among the installed extensions`);
  });

  it('activates without an error', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('opens the sample draft from a copy of sample/, not from the repository', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    const draft = vscode.Uri.joinPath(folder.uri, 'draft.md');
    const document = await vscode.workspace.openTextDocument(draft);
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /Siân James/);
    assert.doesNotMatch(folder.uri.path, /\/sample$/, 'the workspace should be a temp copy, not sample/ itself');
  });
});
