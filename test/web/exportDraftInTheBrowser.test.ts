import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDraft, withSettings } from '../integration/citingHelpers';

// The browser runs no Pandoc: Export Draft writes HTML from the Markdown preview's rendering (the citations
// formatted, the notes numbered, the bibliography at the end), and says that the other formats need the desktop.
describe('Export Draft in the browser', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('writes HTML with the formatted citation, the note and the bibliography, from the preview’s rendering', async function () {
    this.timeout(30_000);
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': undefined }, async () => {
      const document = (await openDraft('# Solidarity\n\nLGSM chose Dulais [@crossan2025, para. 7]. A note.[^1]\n\n[^1]: Siân James said so.\n')).document;
      const output = vscode.Uri.joinPath(document.uri, '..', 'browser-export.html');
      const written = await vscode.commands.executeCommand<vscode.Uri>('sourcebook.exportDraft', { uri: document.uri, format: 'html', output });
      assert.equal(written.toString(), output.toString());
      const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(output));
      const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
      assert.match(html, /^<!DOCTYPE html>/);
      assert.ok(text.includes('LGSM chose Dulais (Crossan 2025, para. 7).'), text);
      assert.ok(text.includes('Siân James said so.'), text);
      assert.equal(text.split('Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.”').length - 1, 1, text);
    });
  });

  it('says a Word export needs VS Code on the desktop, and writes nothing', async function () {
    this.timeout(30_000);
    const document = (await openDraft('Text [@crossan2025, para. 4].\n')).document;
    const output = vscode.Uri.joinPath(document.uri, '..', 'browser-export.docx');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('sourcebook.exportDraft', { uri: document.uri, format: 'docx', output })),
      /Exporting to Word \(\.docx\) runs Pandoc, which needs VS Code on the desktop; in the browser, Export Draft writes HTML\./,
    );
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(output)));
  });
});
