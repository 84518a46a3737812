import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PANDOC_FORMS, activateExtension, closeAllEditors, completionKeys, nonEmpty, openDraft, select, sleep, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';
import { paragraphAtPosition, readerRange } from '../../src/edge/readerDocuments';
import { PdfPageOpener, type PdfOpenResult } from '../../src/features/openPdfAtPage';
import { SourcesTreeProvider, type SourceNode } from '../../src/features/sourcesView';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { Sourcebook } from '../../src/core/sourcebook';
import { Library } from '../../src/core/library';
import { bundledData } from '../../src/core/sources/bundledCorpus';
import { readPdfSource } from '../../src/core/pdf/pdfSource';

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

const openSource = (...args: unknown[]) => vscode.commands.executeCommand<vscode.TextEditor | undefined>('sourcebook.openSource', ...args);
const treeLabel = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

describe('PDF sources in a real VS Code', () => {
  let sources: { folder: vscode.Uri; remove: () => Promise<void> } | undefined;

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

// Its own key (pages2017): the suite before removes its example2017 in slices, and a key both had could be the old one.
describe('A PDF source’s printed pages in the reader and the Sources view', () => {
  let sources: { folder: vscode.Uri; remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    sources = await temporarySourcesFolder('pdf-pages', { 'pages2017.pdf': { copyOf: 'test/fixtures/pdf/article.pdf' } });
    const probe = await openDraft('As argued [@|');
    await waitFor(async () => (await completionKeys(probe)).includes('pages2017'), 'the PDF to be read as a source', 20_000);
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  it('shows the text under its printed pages, "— p. 201 —" and "— p. 204 —", and opens at paragraph 4 below its page', async () => {
    const editor = await openSource('pages2017', 4);
    assert.ok(editor);
    const lines = editor.document.getText().split('\n');
    assert.deepEqual(lines.filter((line) => /^— p\. /.test(line)), ['— p. 201 —', '— p. 204 —']);
    const at = editor.selection.active.line;
    assert.ok(lines[at].startsWith('[4] The fourth paragraph sits in the left column'), lines[at]);
    assert.equal(lines[at - 1], '— p. 204 —');
    assert.match(editor.document.getText(), /^PDF: .*pages2017\.pdf · printed pages 201–204/m);
  });

  it('maps reader positions to the right paragraph after the page markers (Quote Selection, hovers, Go to Definition use them)', async () => {
    const editor = await openSource('pages2017', 1);
    assert.ok(editor);
    const document = editor.document;
    const marker = document.getText().split('\n').indexOf('— p. 204 —');
    assert.equal(paragraphAtPosition(document, new vscode.Position(marker, 4)), undefined, 'a page marker is no paragraph');
    const range = readerRange(document, 5, 4, 15);
    assert.ok(range);
    assert.equal(document.getText(range), 'fifth parag');
    assert.deepEqual(paragraphAtPosition(document, range.start), { key: 'pages2017', paragraph: 5, offset: 4 });
  });

  it('Open the PDF at This Page: in this browser window, says it needs the desktop, naming the page at the cursor and its place in the file', async () => {
    const editor = await openSource('pages2017', 2);
    assert.ok(editor);
    const range = readerRange(editor.document, 2, SECOND.indexOf('This sentence ends'), SECOND.indexOf('This sentence ends'));
    assert.ok(range);
    editor.selection = new vscode.Selection(range.start, range.start);
    const result = await vscode.commands.executeCommand<PdfOpenResult>('sourcebook.openPdfAtPage');
    assert.ok('message' in result, JSON.stringify(result));
    assert.match(result.message, /needs VS Code on the desktop.*pages2017\.pdf yourself at p\. 202 \(page 2 of the file\)\./);
  });

  it('Open the PDF at This Page: on the desktop, hands the system the PDF with #page=N for the page at the cursor', async () => {
    const editor = await openSource('pages2017', 4);
    assert.ok(editor);
    const opened: string[] = [];
    const notes: string[] = [];
    const service = new SourcebookService(async () => {
      const read = await readPdfSource({ uri: vscode.Uri.joinPath(sources!.folder, 'pages2017.pdf').toString(), name: 'pages2017.pdf', bytes: await vscode.workspace.fs.readFile(vscode.Uri.joinPath(sources!.folder, 'pages2017.pdf')) });
      return new Sourcebook(new Library({ ...bundledData(), sources: [...bundledData().sources, read.source!] }));
    });
    try {
      const opener = new PdfPageOpener(service, { onDesktop: true, openExternal: async (uri) => (opened.push(uri.toString(true)), true), note: (message) => notes.push(message) });
      assert.deepEqual(await opener.open(), { opened: `${vscode.Uri.joinPath(sources!.folder, 'pages2017.pdf').toString(true)}#page=4` });
      assert.deepEqual(notes, ['Sourcebook: opened pages2017.pdf — p. 204 (page 4 of the file) (most PDF viewers open at the first page).']);
      const fromTree = await opener.open({ kind: 'page', key: 'pages2017', page: 0, label: '201', index: 0 });
      assert.ok('opened' in fromTree && fromTree.opened.endsWith('pages2017.pdf#page=1'), JSON.stringify(fromTree));
      const told: string[] = [];
      const plain = await new PdfPageOpener(service, { onDesktop: true, openExternal: async () => true, tell: (message) => told.push(message) }).open({ key: 'crossan2025' });
      assert.deepEqual(plain, { message: 'Sourcebook: crossan2025 is not a PDF source: it has no PDF to open.' });
      assert.equal(opened.length, 2);
    } finally {
      service.dispose();
    }
  });

  it('lists a PDF source’s printed pages in the Sources view, each with the paragraphs that start on it', async () => {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(sources!.folder, 'pages2017.pdf'));
    const read = await readPdfSource({ uri: 'file:///papers/pages2017.pdf', name: 'pages2017.pdf', bytes });
    assert.ok(read.source);
    const service = new SourcebookService(() => new Sourcebook(new Library({ ...bundledData(), sources: [...bundledData().sources, read.source!] })));
    try {
      const tree = new SourcesTreeProvider(service);
      const source: SourceNode = (await tree.getChildren()).find((node) => node.key === 'pages2017')!;
      const pages = await tree.getChildren(source);
      const pageItems = await Promise.all(pages.map((node) => tree.getTreeItem(node)));
      assert.deepEqual(pageItems.map((item) => [treeLabel(item), item.description, item.contextValue]), [
        ['p. 201', '2 paragraphs', 'pdfPage'],
        ['p. 202', 'continues [2] · 1 paragraph', 'pdfPage'],
        ['p. 204', '2 paragraphs', 'pdfPage'],
      ]);
      const onFirst = await Promise.all((await tree.getChildren(pages[0])).map((node) => tree.getTreeItem(node)));
      assert.deepEqual(onFirst.map((item) => treeLabel(item).split(' ').slice(0, 3).join(' ')), ['[1] The first', '[2] The second']);
      const onSecond = await tree.getChildren(pages[1]);
      assert.deepEqual((await Promise.all(onSecond.map((node) => tree.getTreeItem(node)))).map((item) => item.command?.arguments), [['pages2017', 3]]);
      assert.equal(tree.getParent(onSecond[0]), pages[1]);
      assert.equal(tree.getParent(pages[1]), source);
      const crossan = (await tree.getChildren()).find((node) => node.key === 'crossan2025')!;
      assert.ok((await tree.getChildren(crossan)).every((node) => node.kind === 'paragraph'), 'a source without pages keeps its paragraphs');
    } finally {
      service.dispose();
    }
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
