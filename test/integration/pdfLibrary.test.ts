import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ZoteroStandIn } from '../harness/zoteroStandIn';
import { writerLibrary } from '../fixtures/zoteroLibrary';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../src/core/sourcebook';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { ZoteroReader } from '../../src/features/zotero';
import { EXTENSION_ID, PANDOC_FORMS, activateExtension, closeAllEditors, completionKeys, nonEmpty, openDraft, waitFor, withSettings, type InsertionResult } from './citingHelpers';

// PDFs attached to the writer's library inside a real VS Code: a .bib entry whose `file` field names the test article
// (test/fixtures/pdf/article.pdf, made by make.sh with pdflatex, printed as pp. 201–204), and a Zotero item with the
// article as a linked PDF attachment, served by the Zotero stand-in. The entry's facts (author, title, year) differ
// from the PDF's own document information (Ann Example, "Pits and Perverts Revisited", 2017), so a citation shows
// whose they are.
const insertQuotation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation', args);
const config = () => vscode.workspace.getConfiguration('sourcebook');
const ON_204 = 'The fifth paragraph sits in the right column';

function ours(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Sourcebook' && d.code === code);
}

describe('A PDF attached to a .bib entry (its file field), in a real VS Code', () => {
  let folder: vscode.Uri;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(extension && root);
    const name = `pdf-bib-${Date.now()}`;
    folder = vscode.Uri.joinPath(root.uri, name);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'pdf', 'article.pdf'), vscode.Uri.joinPath(folder, 'pdfs', 'lowe-letters.pdf'));
    const bib = '@article{lowe2016letters,\n  author = {Lowe, Bea},\n  title = {Letters from the valleys},\n  journaltitle = {Journal of Examples},\n  date = {2016},\n  pages = {201--224},\n  file = {Full Text:pdfs/lowe-letters.pdf:application/pdf}\n}\n';
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'refs.bib'), new TextEncoder().encode(bib));
    await config().update('library.files', [`${name}/refs.bib`], vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => (await completionKeys()).includes('lowe2016letters'), 'the .bib entry to be read', 20_000);
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    await config().update('library.files', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  afterEach(closeAllEditors);

  it('quotes the PDF’s words found by typing them, cited "p. 201" under the entry’s author and year (Lowe 2016), not the PDF’s', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('One account has it that |', 'plaintext');
      // The passage search waits until the entry's PDF is indexed.
      const result = await waitFor(async () => {
        const inserted = await insertQuotation({ query: 'efficient fluency of the miners financial officers' });
        return inserted?.inserted ? inserted : undefined;
      }, 'the quotation picker to find the PDF’s words', 15_000);
      assert.equal(result.inserted, true);
      assert.match(editor.document.getText(), /^One account has it that “[^”]*efficient fluency of the miners’ financial officers[^”]*” \(Lowe 2016, 201\)$/);
    });
  });

  it('checks a page citation of it: the words are on p. 204 of Lowe (lowe2016letters), not p. 203', async () => {
    const editor = await openDraft(`The article ends: “${ON_204}” [@lowe2016letters, p. 203].\n`);
    const [wrong] = await waitFor(() => nonEmpty(ours(editor.document.uri, 'quotation-wrong-citation')), 'the wrong page', 15_000);
    assert.equal(wrong.message, 'These words are on p. 204 of Lowe (lowe2016letters), not p. 203.');
  });

  it('opens in the reader under the entry’s title, with the PDF’s printed pages', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('sourcebook.openSource', 'lowe2016letters', 4);
    assert.ok(editor);
    const text = editor.document.getText();
    assert.match(editor.document.lineAt(0).text, /Lowe.*Letters [Ff]rom the [Vv]alleys/);
    assert.doesNotMatch(text, /Pits and Perverts Revisited/);
    assert.deepEqual(text.split('\n').filter((line) => /^— p\. /.test(line)), ['— p. 201 —', '— p. 204 —']);
  });
});

describe('A PDF attached to a Zotero item, in a real VS Code', () => {
  let standIn: ZoteroStandIn;
  let dir: string;
  let pdf: string;

  before(async function () {
    this.timeout(40_000);
    await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-zotero-pdf-'));
    pdf = path.join(dir, 'Example - 2016 - Pits and perverts revisited.pdf');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    fs.copyFileSync(path.join(extension.extensionPath, 'test', 'fixtures', 'pdf', 'article.pdf'), pdf);
    standIn = await ZoteroStandIn.start(writerLibrary(undefined, pdf));
  });

  after(async () => {
    await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(closeAllEditors);

  describe('with Zotero turned on', () => {
    const previous: Record<string, unknown> = {};
    before(async function () {
      this.timeout(40_000);
      for (const key of ['zotero.enabled', 'zotero.url']) previous[key] = config().inspect(key)?.globalValue;
      await config().update('zotero.url', standIn.url, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('sourcebook.useZotero'), 7);
    });
    after(async () => {
      for (const [key, value] of Object.entries(previous)) await config().update(key, value, vscode.ConfigurationTarget.Global);
    });

    it('finds the attached PDF’s words and quotes them cited "p. 202" with the item’s key', async () => {
      await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
        const editor = await openDraft('They wrote |');
        const result = await waitFor(async () => {
          const inserted = await insertQuotation({ query: 'this sentence ends after the break' });
          return inserted?.inserted ? inserted : undefined;
        }, 'the quotation picker to find the Zotero PDF’s words', 15_000);
        assert.equal(result.inserted, true);
        assert.match(editor.document.getText(), /^They wrote “[^”]*This sentence ends after the break[^”]*” \[@example2016pits, p\. 202\]$/);
      });
    });

    it('checks a quotation of it cited by the wrong page, naming the right one', async () => {
      const editor = await openDraft(`The article ends: “${ON_204}” [@example2016pits, p. 201].\n`);
      const [wrong] = await waitFor(() => nonEmpty(ours(editor.document.uri, 'quotation-wrong-citation')), 'the wrong page', 15_000);
      assert.equal(wrong.message, 'These words are on p. 204 of Example (example2016pits), not p. 201.');
    });
  });

  describe('an attachment Sourcebook cannot read', () => {
    it('is logged once, not at every read of the library; again when it changes', async () => {
      await withSettings({ 'zotero.enabled': true, 'zotero.url': standIn.url }, async () => {
        const storage = vscode.Uri.file(fs.mkdtempSync(path.join(dir, 'storage-')));
        const service = new SourcebookService(() => new Sourcebook(bundledLibrary()));
        const logged: string[] = [];
        const reader = new ZoteroReader(service, { storage, warn: async () => undefined, inBrowser: false, logProblem: (message) => logged.push(message) });
        try {
          // Robinson's stored PDF is not on this machine: one problem, whatever the number of reads.
          for (let read = 0; read < 3; read++) await reader.read('reload');
          assert.deepEqual(logged.map((line) => /item (\w+)/.exec(line)?.[1]), ['R8BNSN27'], logged.join('\n'));
          // The article's PDF goes missing: that is new, and logged once.
          fs.renameSync(pdf, `${pdf}.moved`);
          await reader.read('reload');
          await reader.read('reload');
          assert.deepEqual(logged.map((line) => /item (\w+)/.exec(line)?.[1]), ['R8BNSN27', 'EXMP2017'], logged.join('\n'));
          // It comes back, then goes missing again: logged again.
          fs.renameSync(`${pdf}.moved`, pdf);
          await reader.read('reload');
          fs.renameSync(pdf, `${pdf}.moved`);
          await reader.read('reload');
          assert.deepEqual(logged.map((line) => /item (\w+)/.exec(line)?.[1]), ['R8BNSN27', 'EXMP2017', 'EXMP2017'], logged.join('\n'));
        } finally {
          if (fs.existsSync(`${pdf}.moved`)) fs.renameSync(`${pdf}.moved`, pdf);
          reader.dispose();
          service.dispose();
        }
      });
    });
  });
});
