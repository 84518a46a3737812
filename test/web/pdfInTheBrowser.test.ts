import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, completionKeys, temporarySourcesFolder, waitFor } from '../integration/citingHelpers';

// The browser build reads no PDFs (esbuild.js: pdf.js would double the bundle vscode.dev downloads). A PDF in a
// sources folder is told on its file, and everything else keeps working.
describe('A PDF source in the browser', () => {
  let sources: { folder: vscode.Uri; remove: () => Promise<void> } | undefined;

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  it('says on the PDF that PDFs are read in VS Code on the desktop, and the bundled sources still serve', async function () {
    this.timeout(30_000);
    sources = await temporarySourcesFolder('pdf-in-browser', { 'example2017.pdf': { copyOf: 'test/fixtures/pdf/article.pdf' } });
    const pdf = vscode.Uri.joinPath(sources.folder, 'example2017.pdf');
    const problems = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(pdf).map((diagnostic) => diagnostic.message);
      return found.length > 0 ? found : undefined;
    }, 'a problem on the PDF', 20_000);
    assert.deepEqual(problems, ['example2017.pdf is not read: PDF sources are read in VS Code on the desktop; this browser build of Sourcebook does not read PDFs.']);
    const keys = await completionKeys();
    assert.ok(keys.includes('crossan2025'), `the bundled sources are still offered: ${keys.join(', ')}`);
    assert.ok(!keys.includes('example2017'), 'the PDF is not a source');
  });
});
