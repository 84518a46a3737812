import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ZoteroStandIn } from '../harness/zoteroStandIn';
import { writerLibrary } from '../fixtures/zoteroLibrary';
import { bundledData, bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { Library } from '../../src/core/library';
import { Sourcebook } from '../../src/core/sourcebook';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { ZOTERO_OFF_MESSAGE } from '../../src/core/references/zoteroClient';
import { loadZoteroLibrary, readTime } from '../../src/core/references/zoteroReader';
import { ZoteroReader } from '../../src/features/zotero';
import { SourcesTreeProvider } from '../../src/features/sourcesView';
import type { SourceNode } from '../../src/features/sourcesView';
import { activateExtension, closeAllEditors, openDraft, waitFor, withSettings } from './citingHelpers';

const label = (item: vscode.TreeItem | vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');

describe('The writer’s Zotero library', () => {
  let standIn: ZoteroStandIn;
  let dir: string;
  before(async () => {
    await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-zotero-'));
    const bossy = path.join(dir, 'bossy-lovewins.md');
    fs.writeFileSync(bossy, '# The Story\n\nThis week marked a major historical moment.\n');
    standIn = await ZoteroStandIn.start(writerLibrary(bossy));
  });
  after(async () => {
    await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(closeAllEditors);

  describe('turned on in the settings', () => {
    const previous: Record<string, unknown> = {};
    before(async () => {
      const config = vscode.workspace.getConfiguration('sourcebook');
      for (const key of ['zotero.enabled', 'zotero.url']) previous[key] = config.inspect(key)?.globalValue;
      await config.update('zotero.url', standIn.url, vscode.ConfigurationTarget.Global);
      // The walkthrough's button: turns Zotero on and settles when the library is read.
      assert.equal(await vscode.commands.executeCommand('sourcebook.useZotero'), 6);
    });
    after(async () => {
      const config = vscode.workspace.getConfiguration('sourcebook');
      for (const [key, value] of Object.entries(previous)) await config.update(key, value, vscode.ConfigurationTarget.Global);
    });

    it('offers a Zotero item’s key after [@ with its formatted reference', async () => {
      const editor = await openDraft('Robinson saw it coming [@|].\n');
      const item = await waitFor(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active);
        return list.items.find((candidate) => label(candidate) === 'robinson2007gay');
      }, 'the Zotero key in the completion list');
      assert.match(`${item.detail ?? ''} ${typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '')}`, /Robinson/);
    });

    it('shows a Zotero item’s formatted reference on hover over its key, and does not warn about the key', async () => {
      const cited = await openDraft('Robinson saw it coming [@robinson2007gay].\n');
      const at = cited.document.positionAt(cited.document.getText().indexOf('robinson2007gay') + 3);
      const text = await waitFor(async () => {
        const found = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cited.document.uri, at));
        return found.includes('Manchester University Press') ? found : undefined;
      }, 'the hover on the Zotero key');
      assert.ok(text.startsWith('Robinson\\, Lucy\\. 2007\\. Gay Men and the Left in Post\\-War Britain\\: How the Personal Got Political\\. Manchester University Press\\.'), text);
      const warnings = vscode.languages.getDiagnostics(cited.document.uri).filter((diagnostic) => diagnostic.message.includes('robinson2007gay'));
      assert.deepEqual(warnings.map((diagnostic) => diagnostic.message), []);
    });
  });

  it('lists the Zotero library in the Sources view by collection, and an item with no text as “no text”', async () => {
    const read = await loadZoteroLibrary({ get: (url, init) => fetch(url, init), baseUrl: standIn.url, readText: (file) => fs.promises.readFile(file, 'utf8') });
    assert.ok(read.ok);
    const set = read.value;
    const service = new SourcebookService(() => new Sourcebook(new Library({ ...bundledData(), sources: [...bundledData().sources, ...set.sources] })));
    try {
      service.references.set('zotero', [set]);
      const tree = new SourcesTreeProvider(service);
      const roots = await tree.getChildren();
      const rootItems = await Promise.all(roots.map((node) => tree.getTreeItem(node)));
      assert.deepEqual(rootItems.slice(-1).map((item) => [label(item), item.description]), [['Your Zotero library', '6 sources']]);
      assert.equal(roots.length, bundledLibrary().sources.length + 1, 'the bundled sources stay at the top');
      const places = await tree.getChildren(roots[roots.length - 1]);
      const placeItems = await Promise.all(places.map((node) => tree.getTreeItem(node)));
      assert.deepEqual(placeItems.map((item) => label(item)), ['Background reading', 'The miners’ strike']);
      const strike = await tree.getChildren(places[1]);
      const strikeItems = await Promise.all(strike.map((node) => tree.getTreeItem(node)));
      assert.deepEqual(strikeItems.map((item) => [label(item), item.description]), [
        ['Films', '2 sources'],
        ['An unlikely alliance at the barricades', 'Healy n.d. · no text'],
        ['Pride and prejudice', 'Byrne 2014 · no text'],
        ['#LoveWins flashback: Lesbians and Gays Support the Miners', 'Bossy n.d.'],
      ]);
      assert.equal(strikeItems[1].collapsibleState, vscode.TreeItemCollapsibleState.None);
      const bossy: SourceNode = strike[3];
      const paragraphs = await tree.getChildren(bossy);
      assert.deepEqual((await Promise.all(paragraphs.map((node) => tree.getTreeItem(node)))).map(label), ['[1] This week marked a major historical moment.']);
      assert.equal(tree.getParent(paragraphs[0]), bossy);
      assert.equal(tree.getParent(bossy), places[1]);
    } finally {
      service.dispose();
    }
  });

  describe('when Zotero does not answer', () => {
    let storage: vscode.Uri;
    const readers: ZoteroReader[] = [];
    const services: SourcebookService[] = [];
    const newReader = (warnings: string[] = []) => {
      const service = new SourcebookService(() => new Sourcebook(bundledLibrary()));
      const reader = new ZoteroReader(service, { storage, warn: async (message) => (warnings.push(message), undefined), inBrowser: false });
      readers.push(reader);
      services.push(service);
      return { service, reader };
    };
    beforeEach(() => {
      storage = vscode.Uri.file(fs.mkdtempSync(path.join(dir, 'storage-')));
    });
    afterEach(async () => {
      for (const reader of readers.splice(0)) reader.dispose();
      for (const service of services.splice(0)) service.dispose();
      standIn.localApi = true;
      await standIn.open();
    });

    it('says once that Zotero’s local API is off, with what to tick in Zotero’s settings', async () => {
      await withSettings({ 'zotero.enabled': true, 'zotero.url': standIn.url }, async () => {
        standIn.localApi = false;
        const warnings: string[] = [];
        const { reader } = newReader(warnings);
        await reader.read('reload');
        await reader.read('reload');
        assert.deepEqual(warnings, [`Sourcebook: ${ZOTERO_OFF_MESSAGE}`]);
        assert.equal(reader.status, '$(library) Zotero’s local API is off — no library read yet');
      });
    });

    it('while Zotero is closed, says so in the status bar and cites from the library read before; reads again when it answers', async () => {
      await withSettings({ 'zotero.enabled': true, 'zotero.url': standIn.url }, async () => {
        const first = newReader();
        await first.reader.read('reload');
        assert.equal(first.reader.status, '');
        first.reader.dispose();
        await standIn.close();

        const warnings: string[] = [];
        const { service, reader } = newReader(warnings);
        await reader.read('start');
        const kept = service.references.all();
        assert.deepEqual(kept.map((set) => set.origin), ['zotero']);
        assert.ok(kept[0].sources.some((source) => source.meta.key === 'robinson2007gay'));
        const readAt = JSON.parse(fs.readFileSync(path.join(storage.fsPath, 'zotero-library.json'), 'utf8')).readAt as string;
        assert.equal(reader.status, `$(library) Zotero closed — using the library read at ${readTime(readAt)}`);
        assert.deepEqual(warnings, [`Sourcebook: Zotero is not running, so your Zotero library as read at ${readTime(readAt)} is used. Start Zotero and Sourcebook reads it again.`]);

        await standIn.open();
        await reader.read('focus');
        assert.equal(reader.status, '');
      });
    });
  });
});
