import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { READER_LANGUAGE, paragraphAtPosition, parseSourceUri, readerRange, sourceUri } from '../../src/edge/readerDocuments';
import { activateExtension, closeAllEditors, sleep, waitFor, withSettings } from './citingHelpers';

const openSource = (...args: unknown[]) => vscode.commands.executeCommand<vscode.TextEditor | undefined>('sourcebook.openSource', ...args);

describe('The source reader', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('opens a source read-only with its paragraphs numbered as cited, at the paragraph asked for', async () => {
    const editor = await openSource('crossan2025', 4);
    assert.ok(editor);
    const document = editor.document;
    assert.equal(document.uri.scheme, 'sourcebook');
    assert.equal(parseSourceUri(document.uri)?.key, 'crossan2025');
    assert.equal(document.languageId, READER_LANGUAGE);
    const text = document.getText();
    assert.match(text, /^\[4\] “There’s a lodge banner down in the welfare\./m);
    const paragraphs = bundledLibrary().source('crossan2025')!.paragraphs;
    for (const paragraph of paragraphs) assert.ok(text.includes(`[${paragraph.number}] `), `paragraph ${paragraph.number} is missing`);
    const line = document.lineAt(editor.selection.active.line).text;
    assert.ok(line.startsWith('[4] '), `the cursor is on "${line.slice(0, 30)}", not paragraph 4`);
    await waitFor(() => editor.visibleRanges.some((range) => range.contains(editor.selection.active)), 'paragraph 4 to scroll into view');
  });

  it('shows the author, year and title in the tab', async () => {
    await openSource('crossan2025', 1);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, 'Crossan 2025 — An ode to solidarity and organisation');
  });

  it('starts with the formatted reference in the chosen style', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openSource('crossan2025');
      assert.ok(editor);
      assert.match(editor.document.lineAt(0).text, /^Crossan, Elliot\. 2025\. “An Ode to Solidarity and Organisation\.” System Change Aotearoa\./);
    });
  });

  it('refuses typing: the source is read-only', async () => {
    const editor = await openSource('byrne2014', 2);
    assert.ok(editor);
    const before = editor.document.getText();
    await vscode.commands.executeCommand('type', { text: 'scribble' });
    await vscode.commands.executeCommand('deleteLeft');
    await sleep(200);
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
  });

  it('keeps one document per source, whichever paragraph is asked for', async () => {
    const first = await openSource('wikipedia-lgsm', 3);
    const second = await openSource('wikipedia-lgsm', 9);
    assert.ok(first && second);
    assert.equal(first.document.uri.toString(), second.document.uri.toString());
    assert.ok(second.document.lineAt(second.selection.active.line).text.startsWith('[9] '));
  });

  it('selects a mention inside its paragraph when asked', async () => {
    const ashton = bundledLibrary().entity('mark-ashton')!.mentions[0];
    const editor = await openSource(ashton.source, ashton.paragraph, { start: ashton.start, end: ashton.end });
    assert.ok(editor);
    assert.equal(editor.document.getText(editor.selection), ashton.text);
  });

  it('maps a position in the reader back to the paragraph and the offset in its text', async () => {
    const editor = await openSource('byrne2014', 16);
    assert.ok(editor);
    const range = readerRange(editor.document, 16, 0, 10)!;
    const paragraph = bundledLibrary().paragraph('byrne2014', 16)!;
    assert.equal(editor.document.getText(range), paragraph.text.slice(0, 10));
    assert.deepEqual(paragraphAtPosition(editor.document, range.end), { key: 'byrne2014', paragraph: 16, offset: 10 });
    assert.equal(paragraphAtPosition(editor.document, new vscode.Position(0, 0)), undefined);
  });

  it('says so for an unknown key instead of opening an empty tab', async () => {
    assert.equal(await openSource('no-such-source', 1), undefined);
    assert.equal(parseSourceUri(vscode.Uri.parse('file:///tmp/x.md')), undefined);
    assert.deepEqual(parseSourceUri(sourceUri('crossan2025', 12)), { key: 'crossan2025', paragraph: 12 });
  });

  it('asks which source to open when run from the command palette', async () => {
    const pending = openSource();
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const editor = await pending;
    assert.ok(editor);
    assert.equal(parseSourceUri(editor.document.uri)?.key, bundledLibrary().sources[0].meta.key);
  });

  it('opens a source from a tree element carrying its key and paragraph', async () => {
    const editor = await openSource({ kind: 'cited', key: 'byrne2014', paragraph: 12 });
    assert.ok(editor);
    assert.ok(editor.document.lineAt(editor.selection.active.line).text.startsWith('[12] '));
  });
});
