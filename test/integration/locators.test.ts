// Locators beyond paragraphs in the real VS Code: the writer types "tate2017 p. 45" in Insert Citation and the
// citation goes in with the page, in the form the draft takes — Pandoc and a footnote in Markdown, biblatex's
// \autocite in LaTeX — as one undo step. The source is a writer's own book in a sources folder of the test workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Library } from '../../src/core/library';
import { Sourcebook } from '../../src/core/sourcebook';
import { bundledData } from '../../src/core/sources/bundledCorpus';
import { citationItems, previewIn } from '../../src/features/insertCitation';
import { FOOTNOTES, PANDOC_FORMS, activateExtension, closeAllEditors, completionKeys, openDraft, sleep, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';

const insertCitation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', args);

/** A book of the writer's (a test fixture), with front matter as a sources folder holds it. */
const BOOK = [
  '---',
  'key: tate2017',
  'title: Locators in Practice',
  'author:',
  '  - family: Tate',
  '    given: Ann',
  'type: book',
  'date: 2017',
  'publisher: Test Press',
  '---',
  'A first paragraph of the test book, written by the integration test.',
  '',
].join('\n');

/** Types `query` in the Insert Citation picker and presses Enter on the first item. */
async function pickTyped(query: string): Promise<InsertionResult | undefined> {
  const pending = insertCitation({ query });
  await sleep(800);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return pending;
}

/** Undoes once and returns the draft's text. */
async function undoOnce(editor: vscode.TextEditor): Promise<string> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('undo');
  return editor.document.getText();
}

describe('Insert Citation with a page or chapter typed after the key', () => {
  let sources: { remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    sources = await temporarySourcesFolder('locator-sources', { 'tate2017.md': BOOK });
    // The book is in the library once completion after `[@` offers its key.
    const probe = await openDraft('As argued [@|');
    await waitFor(async () => (await completionKeys(probe)).includes('tate2017'), 'the test book to be offered after [@', 20_000);
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  it('inserts [@tate2017, p. 45] in Markdown for "tate2017 p. 45", and one undo takes it out', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('A claim about locators|.');
      const result = await pickTyped('tate2017 p. 45');
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'A claim about locators [@tate2017, p. 45].');
      assert.equal(await undoOnce(editor), 'A claim about locators.');
    });
  });

  it('inserts [@tate2017, chap. 3] for "tate2017 ch. 3" and [@tate2017, pp. 45-47] for "tate2017 pp. 45–47"', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('One| and two.');
      assert.equal((await pickTyped('tate2017 ch. 3'))?.inserted, true);
      editor.selection = new vscode.Selection(editor.document.positionAt(editor.document.getText().length - 1), editor.document.positionAt(editor.document.getText().length - 1));
      assert.equal((await pickTyped('tate2017 pp. 45–47'))?.inserted, true);
      assert.equal(editor.document.getText(), 'One [@tate2017, chap. 3] and two [@tate2017, pp. 45-47].');
    });
  });

  it('adds a footnote whose note gives the page, with the footnote form, in one undo step', async () => {
    await withSettings({ 'citation.form': FOOTNOTES, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('A claim about locators.|\n\nMore prose.\n');
      const result = await pickTyped('tate2017 p. 45');
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'A claim about locators.[^1]\n\nMore prose.\n\n[^1]: Tate 2017, 45.\n');
      assert.equal(await undoOnce(editor), 'A claim about locators.\n\nMore prose.\n');
    });
  });

  it('writes biblatex’s \\autocite[45]{tate2017} in LaTeX, the page a bare postnote, in one undo step', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-author-date' }, async () => {
      const original = '\\documentclass{article}\n\\begin{document}\nA claim about locators|.\n\\end{document}\n';
      const editor = await openDraft(original, 'latex');
      const result = await pickTyped('tate2017 p. 45');
      assert.equal(result?.inserted, true);
      assert.match(editor.document.getText(), /\nA claim about locators~\\autocite\[45\]\{tate2017\}\.\n/);
      assert.equal(await undoOnce(editor), original.replace('|', ''));
    });
  });

  it('shows in the picker what "tate2017 p. 45" will insert, in the draft’s form', async () => {
    const data = bundledData();
    const book = { meta: { key: 'tate2017', title: 'Locators in Practice', author: [{ family: 'Tate', given: 'Ann' }], type: 'book', date: '2017', publisher: 'Test Press' }, paragraphs: [], quotations: [], origin: 'test', referenceOnly: true };
    const sourcebook = new Sourcebook(new Library({ ...data, sources: [...data.sources, book] }));
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('A claim|.');
      const [item] = citationItems(sourcebook, 'tate2017 p. 45', new Map(), undefined, await previewIn(sourcebook, editor));
      assert.equal(item.label, 'Tate 2017, p. 45');
      assert.equal(item.detail, 'Inserts [@tate2017, p. 45]');
      // A bare number is a page of a source without text.
      const [bare] = citationItems(sourcebook, 'tate2017 45–47', new Map(), undefined, await previewIn(sourcebook, editor));
      assert.equal(bare.detail, 'Inserts [@tate2017, pp. 45-47]');
    });
    await withSettings({ 'citation.form': FOOTNOTES, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('A claim.|');
      const [item] = citationItems(sourcebook, 'tate2017 p. 45', new Map(), undefined, await previewIn(sourcebook, editor));
      assert.equal(item.detail, 'Inserts a footnote: Ann Tate, *Locators in Practice* (Test Press, 2017), 45.');
    });
  });
});
