import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PANDOC_FORMS, activateExtension, closeAllEditors, completionKeys, nonEmpty, openDraft, select, sleep, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';

// A PDF in the writer's sources folder inside a real VS Code: the test article (test/fixtures/pdf/article.pdf, pages
// labelled from 201) is copied into a folder of the workspace, which becomes the sources folder.
const insertQuotation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation', args);

/** The second paragraph of the article runs from page 201 to 202; these words are on both sides of the break. */
const ACROSS = 'Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter';
const SECOND =
  'The second paragraph begins here and carries on for quite a while so that it fills the page and runs across the page break. It speaks of fields and flowers, of difficult conflicts, of the first benefit concert at the Electric Ballroom in Camden, and of the many letters that arrived from every corner of the country offering support. Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter, carrying collections, food parcels, and messages of encouragement from strangers who had never seen a coal mine. This sentence ends after the break.';

/** Our diagnostics on a document, with this code. */
function ours(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Sourcebook' && d.code === code);
}

async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action?.edit, `no quick fix "${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
}

const ON_204 = 'The fifth paragraph sits in the right column';
const PAGE_DRAFT = `# Pages

She writes of the “efficient fluency of the miners’ financial officers” [@example2017, p. 201].

They went “${ACROSS}” [@example2017, pp. 201–2].

The article ends: “${ON_204}” [@example2017, p. 203].

And: “This sentence ends after the break” as well.
`;

describe('PDF sources in a real VS Code', () => {
  let sources: { remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    sources = await temporarySourcesFolder('pdf-sources', { 'example2017.pdf': { copyOf: 'test/fixtures/pdf/article.pdf' } });
    // The PDF is in the library once completion after `[@` offers its key.
    const probe = await openDraft('As argued [@|');
    await waitFor(async () => (await completionKeys(probe)).includes('example2017'), 'the PDF to be read as a source', 20_000);
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  describe('A PDF source in the quotation picker', () => {

    it('inserts words from page 201 cited "p. 201", found by the words typed', async () => {
      await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
        const editor = await openDraft('As one account has it, |');
        const result = await insertQuotation({ query: 'efficient fluency of the miners financial officers' });
        assert.equal(result?.inserted, true);
        assert.match(editor.document.getText(), /^As one account has it, “[^”]*efficient fluency of the miners’ financial officers[^”]*” \[@example2017, p\. 201\]$/);
      });
    });

    it('inserts words across the page break cited "pp. 201-202"', async () => {
      await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
        const editor = await openDraft('They wrote |');
        const start = SECOND.indexOf(ACROSS);
        const result = await insertQuotation({ key: 'example2017', paragraph: 2, start, end: start + ACROSS.length });
        assert.equal(result?.inserted, true);
        assert.equal(editor.document.getText(), `They wrote “${ACROSS}” [@example2017, pp. 201-202]`);
      });
    });

    it('finds the page of words selected in the draft for Insert Citation: p. 202', async () => {
      await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
        const editor = await openDraft('They wrote that this sentence ends after the break, and so on.');
        select(editor, 'this sentence ends after the break');
        const pending = vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation');
        // The picker opens with the passage's source first; Enter takes it.
        await sleep(600);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        assert.equal((await pending)?.inserted, true);
        assert.equal(editor.document.getText(), 'They wrote that this sentence ends after the break [@example2017, p. 202], and so on.');
      });
    });
  });

  describe('The quotation check on a PDF source cited by page', () => {
    it('verifies words on the cited page and across the break, and reports a wrong page and an uncited quotation with their fixes', async () => {
      await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
        const editor = await openDraft(PAGE_DRAFT);
        const document = editor.document;
        const all = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Sourcebook');
        await waitFor(() => all().length >= 2, 'the quotation diagnostics', 15_000);
        assert.equal(all().length, 2, all().map((d) => d.message).join('\n'));

        const [wrong] = ours(document.uri, 'quotation-wrong-citation');
        assert.equal(wrong.severity, vscode.DiagnosticSeverity.Warning);
        assert.equal(document.getText(wrong.range), '[@example2017, p. 203]');
        assert.equal(wrong.message, 'These words are on p. 204 of Example (example2017), not p. 203.');

        const [uncited] = ours(document.uri, 'quotation-uncited');
        assert.equal(uncited.message, 'Quoted from Example (example2017), p. 202, with no citation next to it.');

        await applyFix(document, wrong, 'Cite Example (example2017), p. 204 instead');
        assert.match(document.getText(), /“The fifth paragraph sits in the right column” \[@example2017, p\. 204\]\./);
        await applyFix(document, ours(document.uri, 'quotation-uncited')[0], 'Add a citation of Example (example2017), p. 202');
        assert.match(document.getText(), /“This sentence ends after the break” \[@example2017, p\. 202\] as well\./);
        await waitFor(() => all().length === 0, 'no diagnostics once both are fixed', 10_000);
      });
    });

    it('names the right page of an author-date citation in plain text: (Example 2017, 202)', async () => {
      const plain = await openDraft(`The article ends: “${ON_204}” (Example 2017, 202).\n`, 'plaintext');
      const [wrong] = await waitFor(() => nonEmpty(ours(plain.document.uri, 'quotation-wrong-citation')), 'a wrong page in plain text', 15_000);
      assert.equal(wrong.message, 'These words are on p. 204 of Example (example2017), not p. 202.');
    });
  });

  describe('Go to Definition on a page citation of a PDF source', () => {
    async function definitionAt(editor: vscode.TextEditor, words: string): Promise<{ reader: vscode.TextDocument; link: vscode.LocationLink }> {
      const at = editor.document.positionAt(editor.document.getText().indexOf(words) + 2);
      const links = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', editor.document.uri, at);
      const link = links.find((one): one is vscode.LocationLink => 'targetUri' in one && one.targetUri.scheme === 'sourcebook');
      assert.ok(link, `no link into the source reader from ${words}`);
      return { reader: await vscode.workspace.openTextDocument(link.targetUri), link };
    }

    it('opens the paragraph holding page 204 in the source reader', async () => {
      const editor = await openDraft('As the article has it [@example2017, p. 204].');
      const { reader, link } = await definitionAt(editor, 'example2017');
      assert.match(reader.getText(link.targetSelectionRange), /The fourth paragraph sits in the left column/);
    });

    it('opens the paragraph after a page without text (p. 203 holds none)', async () => {
      const editor = await openDraft('As the article has it [@example2017, p. 203].');
      const { reader, link } = await definitionAt(editor, 'example2017');
      assert.match(reader.getText(link.targetSelectionRange), /The fourth paragraph sits in the left column/);
    });

    it('selects the quoted words when the page citation follows a quotation from that page', async () => {
      const editor = await openDraft('They say “This sentence ends after the break” [@example2017, p. 202].');
      const { reader, link } = await definitionAt(editor, 'example2017');
      assert.equal(reader.getText(link.targetSelectionRange), 'This sentence ends after the break');
    });
  });
});

describe('PDFs Sourcebook cannot read, in a real VS Code', () => {
  let sources: { folder: vscode.Uri; remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    sources = await temporarySourcesFolder('pdf-bad', {
      'locked.pdf': { copyOf: 'test/fixtures/pdf/encrypted.pdf' },
      'cut.pdf': { copyOf: 'test/fixtures/pdf/truncated.pdf' },
      'huge.pdf': { copyOf: 'test/fixtures/pdf/pages2000.pdf' },
      'example2017.pdf': { copyOf: 'test/fixtures/pdf/article.pdf' },
    });
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  it('reports an encrypted, a truncated and a 2,000-page PDF once each in the Problems panel, and the readable PDF still serves', async () => {
    const folder = sources!.folder;
    const problems = (name: string) => vscode.languages.getDiagnostics(vscode.Uri.joinPath(folder, name)).filter((d) => d.source === 'Sourcebook');
    await waitFor(() => ['locked.pdf', 'cut.pdf', 'huge.pdf'].every((name) => problems(name).length > 0), 'the three problems', 20_000);
    assert.deepEqual(
      ['locked.pdf', 'cut.pdf', 'huge.pdf'].map((name) => problems(name).map((d) => d.message.split(':')[0])),
      [['locked.pdf is encrypted with a password'], ['cut.pdf is damaged (Invalid PDF structure.)'], ['huge.pdf has 2,000 pages, over the 1,500-page limit for a PDF source']],
    );
    assert.deepEqual(problems('example2017.pdf'), []);
    const probe = await openDraft('As argued [@|');
    await waitFor(async () => (await completionKeys(probe)).includes('example2017'), 'the readable PDF to be a source', 20_000);
  });
});
