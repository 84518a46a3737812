import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { parseSourceUri } from '../../src/edge/readerDocuments';
import { activateExtension, closeAllEditors, openDraft, sleep, temporarySourcesFolder, waitFor } from './citingHelpers';

describe('From a name to its passages', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('goes from Mark Ashton in a draft to every passage that names him, in the source reader', async () => {
    const editor = await openDraft('We remember Mark Ashton.');
    const at = editor.document.positionAt(editor.document.getText().indexOf('Ashton'));
    const links = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', editor.document.uri, at);
    const expected = bundledLibrary().entity('mark-ashton')!.mentions;
    const ours = links.filter((link) => ('targetUri' in link ? link.targetUri : link.uri).scheme === 'sourcebook');
    assert.equal(ours.length, expected.length);
    for (const [index, link] of ours.entries()) {
      assert.ok('targetUri' in link);
      assert.equal(parseSourceUri(link.targetUri)?.key, expected[index].source);
      const reader = await vscode.workspace.openTextDocument(link.targetUri);
      assert.equal(reader.getText(link.targetSelectionRange), expected[index].text);
      assert.equal(editor.document.getText(link.originSelectionRange), 'Mark Ashton');
    }
  });

  it('offers no passages for words that name nothing', async () => {
    const editor = await openDraft('An ordinary sentence.');
    const links = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(0, 5));
    assert.equal(links.length, 0);
  });

  it('picks a passage naming Siân James and opens it with her name selected', async () => {
    const pending = vscode.commands.executeCommand('sourcebook.showPassages', 'sian-james');
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await pending;
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.scheme, 'sourcebook');
    assert.equal(editor.document.getText(editor.selection), bundledLibrary().entity('sian-james')!.mentions[0].text);
  });

  it('shows a full card with every fact and every passage', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('sourcebook.showEntityCard', { entityId: 'mark-ashton' });
    assert.ok(uri);
    const card = await vscode.workspace.openTextDocument(uri);
    const text = card.getText();
    assert.match(text, /^# Mark Ashton\n/);
    const entity = bundledLibrary().entity('mark-ashton')!;
    assert.equal((text.match(/^- /gm) ?? []).length, entity.facts.length + entity.mentions.length);
    assert.ok(text.includes(`## Passages (${entity.mentions.length} mentions in ${bundledLibrary().sourcesMentioning('mark-ashton').length} sources)`));
  });

  it('shows a passage on an open full card once a source naming him arrives, and keeps it as it is for one that does not', async function () {
    this.timeout(60_000);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('sourcebook.showEntityCard', 'mark-ashton');
    assert.ok(uri);
    const card = await vscode.workspace.openTextDocument(uri);
    const before = card.getText();
    const note = (key: string, text: string) => `---\nkey: ${key}\ntitle: Notes ${key}\ntype: webpage\n---\n\n${text}\n`;
    const folder = await temporarySourcesFolder('card-sources', { 'weather.md': note('weather2026', 'A note on the weather in the valley.') });
    try {
      await sleep(1500);
      assert.equal(card.getText(), before, 'a source that does not name him leaves the card as it was');
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.folder, 'lodge.md'), new TextEncoder().encode(note('lodge2026', 'Mark Ashton spoke at the lodge in the spring.')));
      await waitFor(() => (card.getText().includes('spoke at the lodge in the spring') ? true : undefined), 'the new passage on the open card', 30_000);
    } finally {
      await folder.remove();
    }
    await waitFor(() => (card.getText() === before ? true : undefined), 'the card as it was once the sources are gone', 30_000);
  });

  it('opens the full card in the Markdown preview', async () => {
    await vscode.commands.executeCommand('sourcebook.showEntityCard', 'sian-james');
    await waitFor(
      () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && /markdown/i.test(tab.input.viewType))),
      'a Markdown preview tab',
    );
  });

  it('finds names in a LaTeX draft too', async () => {
    const editor = await openDraft('\\section{Dulais}\nSiân James spoke.\n', 'latex');
    const links = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(1, 2));
    assert.equal(links.length, bundledLibrary().entity('sian-james')!.mentions.length);
  });
});
