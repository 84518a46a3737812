import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, closeAllEditors, openDraft, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';
import { WEB_PATHS, WebPageServer } from '../harness/webPageServer';

// Add Source from Web Page in a real VS Code: the pages of test/fixtures/web/ are served on 127.0.0.1 by the tests'
// stand-in for the web, the command is run as a script runs it (`{ url, folder }`, no prompts), and the new source
// is then cited and quoted like any other.
const addSource = async (args: { url: string; folder?: vscode.Uri }) => vscode.commands.executeCommand<vscode.Uri | undefined>('sourcebook.addSourceFromUrl', args);

/** The front matter's fields, in order, and the whole text. */
async function written(uri: vscode.Uri): Promise<{ text: string; fields: string[] }> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
  return { text, fields: [...frontMatter.matchAll(/^([a-z]+):/gm)].map((match) => match[1]) };
}

async function filesIn(folder: vscode.Uri): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

describe('Add Source from Web Page in a real VS Code', () => {
  let server: WebPageServer;
  let sources: { folder: vscode.Uri; remove: () => Promise<void> };

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    server = await WebPageServer.start(vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures').fsPath);
    sources = await temporarySourcesFolder('web-sources', {});
  });

  after(async () => {
    await closeAllEditors();
    await server?.close();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  it('writes the news article with the facts its tags state, and opens it in the source reader', async function () {
    this.timeout(30_000);
    const uri = await addSource({ url: server.url(WEB_PATHS.news), folder: sources.folder });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(sources.folder, 'evans2024pit.md').toString());
    const { text, fields } = await written(uri);
    assert.deepEqual(fields, ['key', 'title', 'author', 'container', 'type', 'date', 'url', 'accessed', 'note']);
    assert.match(text, /^title: "Pit village remembers the strike, forty years on" +# citation_title$/m);
    assert.match(text, /^author: +# citation_author\n {2}- family: "Evans"\n {4}given: "Rhian"\n {2}- family: "Pritchard"\n {4}given: "Tom"$/m);
    assert.match(text, /^container: "The Valley Courier" +# og:site_name$/m);
    assert.match(text, /^date: 2024-03-05 +# citation_publication_date$/m);
    assert.match(text, /^url: "https:\/\/valley-courier\.example\/news\/2024\/pit-village-remembers" +# <link rel="canonical">$/m);
    assert.match(text, new RegExp(`^accessed: ${today()}$`, 'm'));
    assert.ok(!/Share on Facebook|Related stories|All rights reserved/.test(text), 'page chrome is left out');
    const reader = vscode.window.activeTextEditor?.document;
    assert.equal(reader?.uri.scheme, 'sourcebook', `the source reader is open (active: ${reader?.uri.toString()})`);
    assert.ok(reader?.getText().includes('The lodge banner, restored last year by volunteers'), 'the reader shows the article');
  });

  it('writes no date for the magazine review, whose address holds 2014/11 but whose page states none, into the one sources folder without asking', async function () {
    this.timeout(30_000);
    const uri = await addSource({ url: server.url(WEB_PATHS.magazine) });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(sources.folder, 'carverndpride.md').toString());
    const { text, fields } = await written(uri);
    assert.deepEqual(fields, ['key', 'title', 'author', 'container', 'type', 'url', 'accessed', 'note']);
    assert.match(text, /^author: +# byline\n {2}- family: "Carver"\n {4}given: "Liam"$/m);
    assert.match(text, /the page states no date \(cited “n\.d\.”\)/);
  });

  it('cites the new source: "(Evans and Pritchard 2024, para. 2)" in a plain-text draft', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': undefined }, async () => {
      const editor = await openDraft('The banner was restored.|', 'plaintext');
      const result = await vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', { keys: ['evans2024pit'], paragraph: 2 });
      assert.equal(result?.inserted, true, result?.message);
      assert.equal(editor.document.getText(), 'The banner was restored. (Evans and Pritchard 2024, para. 2)');
    });
  });

  it('checks a quotation from the page against the new source, and warns of a changed word', async function () {
    this.timeout(30_000);
    const exact = 'The lodge banner, restored last year by volunteers, hung above the stage';
    const draft = `# Notes\n\nThe Courier saw it: “${exact}” [@evans2024pit, para. 2].\n\nAnd again: “${exact.replace('last year', 'last month')}” [@evans2024pit, para. 2].\n`;
    const { document } = await openDraft(draft);
    const summary = await vscode.commands.executeCommand<Record<string, number>>('sourcebook.checkQuotations', document.uri);
    assert.equal(summary.verified, 1, JSON.stringify(summary));
    assert.equal(summary.differs, 1, JSON.stringify(summary));
    const differs = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Sourcebook' && d.code === 'quotation-differs');
      return found.length > 0 ? found : undefined;
    }, 'the misquotation’s warning');
    assert.equal(differs.length, 1);
    const line = document.lineAt(differs[0].range.start.line).text;
    assert.ok(line.startsWith('And again:'), `the warning is on the changed quotation, not the exact one: ${line}`);
  });

  it('never replaces the file already there: the same page again is saved as "evans2024pita"', async function () {
    this.timeout(30_000);
    const first = vscode.Uri.joinPath(sources.folder, 'evans2024pit.md');
    const before = (await written(first)).text;
    const uri = await addSource({ url: server.url(WEB_PATHS.news), folder: sources.folder });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(sources.folder, 'evans2024pita.md').toString());
    assert.match((await written(uri)).text, /^key: evans2024pita$/m);
    assert.equal((await written(first)).text, before);
  });

  it('saves a PDF address as <key>.pdf beside a sidecar with its address, read as a PDF source', async function () {
    this.timeout(40_000);
    const uri = await addSource({ url: server.url(WEB_PATHS.pdf), folder: sources.folder });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(sources.folder, 'tate-article.pdf').toString());
    const sidecar = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(sources.folder, 'tate-article.yaml')));
    assert.match(sidecar, new RegExp(`^url: "${server.url(WEB_PATHS.pdf).replace(/[.]/g, '\\.')}"`, 'm'));
    assert.match(sidecar, new RegExp(`^accessed: ${today()}$`, 'm'));
    const reader = vscode.window.activeTextEditor?.document;
    assert.equal(reader?.uri.scheme, 'sourcebook', 'the PDF source is open in the reader');
    assert.ok(reader?.getText().includes('efficient fluency'), 'the reader shows the PDF’s text');
  });

  describe('writes nothing when the page cannot be read', () => {
    it('a page that is not there (404)', async () => {
      const files = await filesIn(sources.folder);
      assert.equal(await addSource({ url: server.url(WEB_PATHS.missing), folder: sources.folder }), undefined);
      assert.deepEqual(await filesIn(sources.folder), files);
    });

    it('an answer that is not a web page (JSON)', async () => {
      const files = await filesIn(sources.folder);
      assert.equal(await addSource({ url: server.url(WEB_PATHS.json), folder: sources.folder }), undefined);
      assert.deepEqual(await filesIn(sources.folder), files);
    });

    it('a page with no article in it (a sign-in form)', async () => {
      const files = await filesIn(sources.folder);
      assert.equal(await addSource({ url: server.url(WEB_PATHS.noArticle), folder: sources.folder }), undefined);
      assert.deepEqual(await filesIn(sources.folder), files);
    });

    it('a page larger than 5 MB, sent without its length', async function () {
      this.timeout(30_000);
      const files = await filesIn(sources.folder);
      assert.equal(await addSource({ url: server.url(WEB_PATHS.oversized), folder: sources.folder }), undefined);
      assert.deepEqual(await filesIn(sources.folder), files);
    });

    it('an address that is not a web address, before anything is fetched', async () => {
      const files = await filesIn(sources.folder);
      const asked = server.requests.length;
      assert.equal(await addSource({ url: 'ftp://valley-courier.example/news', folder: sources.folder }), undefined);
      assert.equal(server.requests.length, asked);
      assert.deepEqual(await filesIn(sources.folder), files);
    });

    it('a page that never answers, once the 15 s timeout passes', async function () {
      this.timeout(40_000);
      const files = await filesIn(sources.folder);
      const started = Date.now();
      assert.equal(await addSource({ url: server.url(WEB_PATHS.neverAnswers), folder: sources.folder }), undefined);
      assert.ok(Date.now() - started >= 14_000, `gave up after ${Date.now() - started} ms`);
      assert.deepEqual(await filesIn(sources.folder), files);
    });
  });
});
