import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, closeAllEditors, completionKeys, openDraft, waitFor } from './citingHelpers';
import type { InsertionResult } from './citingHelpers';

// The writer's bibliography files inside a real VS Code: the fixtures of test/fixtures/library are copied into the
// test workspace and listed in "Sourcebook › Library: Files"; their entries must be citable like any source, a
// broken entry must be one problem at its line, and an edit of the file must show within a second.

const config = () => vscode.workspace.getConfiguration('sourcebook');
const encode = (text: string) => new TextEncoder().encode(text);

describe('The writer’s bibliography files', () => {
  let folder: vscode.Uri;
  const file = (name: string) => vscode.Uri.joinPath(folder, name);

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(extension && root, 'the test window has no workspace folder');
    const name = `library-${Date.now()}`;
    folder = vscode.Uri.joinPath(root.uri, name);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'library'), folder);
    await config().update('library.files', [`${name}/zotero-betterbibtex.bib`, `${name}/malformed.bib`], vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => (await completionKeys()).includes('heller1961'), 'the bibliography files to be read', 20_000);
  });

  after(async () => {
    await closeAllEditors();
    await config().update('library.files', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  afterEach(closeAllEditors);

  it('offers a .bib entry’s Better BibTeX key after [@', async () => {
    const keys = await completionKeys();
    assert.ok(keys.includes('robinsonGayMenLeft2007'), keys.join(', '));
    assert.ok(keys.includes('byrnePrideAndPrejudice2014'), keys.join(', '));
  });

  it('shows the formatted reference when the key is hovered', async () => {
    const content = 'As Robinson shows [@robinsonGayMenLeft2007].';
    const editor = await openDraft(content, 'markdown');
    const position = editor.document.positionAt(content.indexOf('robinsonGay') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((hover) => hover.contents).map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
    // The card is Markdown with its punctuation escaped: read it as the writer sees it.
    assert.ok(text.replace(/\\([\\`*_{}[\]()#+\-.!:,])/g, '$1').includes('Robinson, Lucy. 2007. Gay Men and the Left in Post-War Britain: How the Personal Got Political. Manchester: Manchester University Press.'), text);
  });

  it('puts a .bib entry in the bibliography', async () => {
    const editor = await openDraft('As Robinson shows [@robinsonGayMenLeft2007].\n\n|', 'markdown');
    const result = await vscode.commands.executeCommand<InsertionResult>('sourcebook.insertBibliography');
    assert.ok(result, 'Insert Bibliography did nothing');
    assert.match(editor.document.getText(), /Robinson, Lucy\. 2007\. \*Gay Men and the Left in Post-War Britain: How the Personal Got Political\*\. Manchester: Manchester University Press\./);
  });

  it('shows a broken entry’s problem at its line, and the entries after it still complete', async () => {
    const diagnostics = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(file('malformed.bib')).filter((d) => d.range.start.line === 6);
      return found.length > 0 ? found : undefined;
    }, 'the broken entry’s problem');
    assert.equal(diagnostics[0].message, 'The entry @article{byrne2014 is missing its closing brace: add `}` after its last field (or close the field left open). The entries after it are read.');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.ok((await completionKeys()).includes('heller1961'));
  });

  it('offers an entry added to the .bib within a second', async () => {
    const editor = await openDraft('As argued [@|', 'markdown');
    assert.equal((await completionKeys(editor)).includes('gamma1994'), false);
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('malformed.bib')));
    await vscode.workspace.fs.writeFile(file('malformed.bib'), encode(`${before}\n@book{gamma1994,\n  author = {Gamma, Erich and others},\n  title = {Design Patterns},\n  date = {1994}\n}\n`));
    const written = Date.now();
    const shown = await waitFor(async () => ((await completionKeys(editor)).includes('gamma1994') ? Date.now() : undefined), 'the new entry in completion', 5000);
    assert.ok(shown - written < 1000, `the new entry was offered ${shown - written} ms after the file was written`);
  });
});
