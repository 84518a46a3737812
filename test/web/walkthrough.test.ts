import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sourcebook.sourcebook';

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document.isUntitled) {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('The walkthrough’s Open Sample Draft', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });
  afterEach(closeAll);

  it('opens the sample essay as an untitled Markdown draft with the cursor on Siân James and her card', async () => {
    await vscode.commands.executeCommand('sourcebook.openSampleDraft', { then: 'hover' });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor is active');
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.languageId, 'markdown');
    assert.match(editor.document.getText(), /^# Shoulder to shoulder: LGSM and the miners of Dulais/);
    const offset = editor.document.offsetAt(editor.selection.active);
    assert.equal(editor.document.getText().slice(offset - 1, offset + 9), 'Siân James');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.active);
    const text = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : 'value' in part ? part.value : ''))).join('\n');
    assert.match(text, /Siân James/);
  });

  it('reuses the open sample draft instead of opening a second one', async () => {
    await vscode.commands.executeCommand('sourcebook.openSampleDraft');
    const first = vscode.window.activeTextEditor?.document;
    await vscode.commands.executeCommand('sourcebook.openSampleDraft');
    assert.equal(vscode.window.activeTextEditor?.document, first);
  });

  it('makes a new paragraph before the last one and opens the quotation picker there', async () => {
    void vscode.commands.executeCommand('sourcebook.openSampleDraft', { then: 'insertQuotation' });
    await waitFor(() => /--> *\n\n\n\nReviewers agreed/.test(vscode.window.activeTextEditor?.document.getText() ?? ''), 'the new paragraph');
    const editor = vscode.window.activeTextEditor!;
    const offset = editor.document.offsetAt(editor.selection.active);
    assert.equal(editor.document.getText().slice(offset - 2, offset + 2), '\n\n\n\n');
  });

  it('puts the cursor at the end of the sentence about the film, which has no citation yet, for the citation picker', async () => {
    void vscode.commands.executeCommand('sourcebook.openSampleDraft', { then: 'insertCitation' });
    await waitFor(() => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return false;
      const offset = editor.document.offsetAt(editor.selection.active);
      return editor.document.getText().slice(offset - 8, offset + 1) === 'audience.';
    }, 'the cursor after "a new audience"');
  });
});
