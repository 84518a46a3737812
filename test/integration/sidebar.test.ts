import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../src/core/sourcebook';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { SourcesTreeProvider } from '../../src/features/sourcesView';
import type { SourceNode } from '../../src/features/sourcesView';
import { EntitiesTreeProvider } from '../../src/features/entitiesView';
import { DraftTreeProvider } from '../../src/features/draftView';
import { Library } from '../../src/core/library';
import { parseSource } from '../../src/core/sources/sourceParser';
import { TYPE_HEADINGS } from '../../src/core/cards/card';
import { activateExtension, closeAllEditors, openDraft, sleep } from './citingHelpers';

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

describe('The Sourcebook sidebar', () => {
  let service: SourcebookService;
  before(async () => {
    await activateExtension();
    service = new SourcebookService(() => new Sourcebook(bundledLibrary()));
  });
  after(() => service.dispose());
  afterEach(closeAllEditors);

  describe('Sources', () => {
    it('lists each source by title with its author and year', async () => {
      const tree = new SourcesTreeProvider(service);
      const roots = await tree.getChildren();
      assert.equal(roots.length, bundledLibrary().sources.length);
      const items = await Promise.all(roots.map((node) => tree.getTreeItem(node)));
      const crossan = items.find((item) => label(item) === 'An ode to solidarity and organisation');
      assert.ok(crossan, `titles: ${items.map(label).join(' | ')}`);
      assert.equal(crossan.description, 'Crossan 2025');
      assert.equal(crossan.contextValue, 'source');
      assert.equal(crossan.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.match(crossan.accessibilityInformation?.label ?? '', /^Source: An ode to solidarity and organisation, by Crossan, 2025, \d+ paragraphs$/);
    });

    it('numbers a source’s paragraphs as cited, first words as label, full text as tooltip, opening the reader', async () => {
      const tree = new SourcesTreeProvider(service);
      const source: SourceNode = (await tree.getChildren()).find((node) => node.key === 'crossan2025')!;
      const paragraphs = await tree.getChildren(source);
      const expected = bundledLibrary().source('crossan2025')!.paragraphs;
      assert.equal(paragraphs.length, expected.length);
      const fourth = await tree.getTreeItem(paragraphs[3]);
      assert.equal(label(fourth), `[4] ${expected[3].text.split(' ').slice(0, 8).join(' ')}…`);
      assert.equal(fourth.tooltip, `[4] ${expected[3].text}`);
      assert.equal(fourth.contextValue, 'paragraph');
      assert.deepEqual(fourth.command?.arguments, ['crossan2025', 4]);
      assert.equal(fourth.command?.command, 'sourcebook.openSource');
      assert.match(fourth.accessibilityInformation?.label ?? '', /^Paragraph 4: “There’s a lodge banner/);
      assert.equal(tree.getParent(paragraphs[3]), source);
    });

    it('shows a source’s title, byline, paragraphs and key as its tooltip once the pointer rests on it, not when the list is shown', async () => {
      const tree = new SourcesTreeProvider(service);
      const source: SourceNode = (await tree.getChildren()).find((node) => node.key === 'crossan2025')!;
      const item = await tree.getTreeItem(source);
      // VS Code reads every Markdown tooltip of a list through its Markdown parser each time the list is shown.
      assert.equal(item.tooltip, undefined, 'no tooltip made when the list is shown');
      const tooltip = (await tree.resolveTreeItem(item, source)).tooltip as vscode.MarkdownString;
      const paragraphs = bundledLibrary().source('crossan2025')!.paragraphs.length;
      assert.match(tooltip.value, new RegExp(`^\\*\\*An ode to solidarity and organisation\\*\\*\n\nCrossan 2025 · ${paragraphs} paragraphs · key crossan2025`));
    });
  });

  describe('Hostile sources', () => {
    it('shows a title with a command link and HTML as text, in the label and the tooltip', async () => {
      const hostile = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
      const parsed = parseSource(`---\nkey: hostile\ntitle: '${hostile}'\nauthor:\n  - literal: '$(zap) **Evil**'\ntype: webpage\n---\nText ${hostile}.\n`, 'hostile.md');
      assert.ok(parsed.source, JSON.stringify(parsed.problems));
      const hostileService = new SourcebookService(() => new Sourcebook(new Library({ sources: [parsed.source!] })));
      try {
        const tree = new SourcesTreeProvider(hostileService);
        const [root] = await tree.getChildren();
        const item = await tree.getTreeItem(root);
        assert.equal(label(item), hostile, 'a tree label is plain text, shown as written');
        const tooltip = (await tree.resolveTreeItem(item, root)).tooltip as vscode.MarkdownString;
        assert.ok(!tooltip.isTrusted, 'the tooltip trusts no command');
        assert.equal(tooltip.supportHtml, false);
        assert.ok(tooltip.value.includes('\\[run\\]\\(command\\:workbench'), tooltip.value);
        assert.doesNotMatch(tooltip.value, /(?<!\\)<img/);
        const [paragraph] = await tree.getChildren(root);
        assert.equal((await tree.getTreeItem(paragraph)).tooltip, `[1] Text ${hostile}.`);
      } finally {
        hostileService.dispose();
      }
    });
  });

  describe('People, groups, places, events, works', () => {
    it('groups the index by type, people first, with counts', async () => {
      const tree = new EntitiesTreeProvider(service);
      const groups = await Promise.all((await tree.getChildren()).map((node) => tree.getTreeItem(node)));
      assert.equal(label(groups[0]), 'People');
      const people = bundledLibrary().entities.filter((entity) => entity.type === 'person').length;
      assert.equal(groups[0].description, String(people));
      assert.deepEqual(groups.map(label), ['People', 'Characters', 'Groups', 'Places', 'Events', 'Works']);
    });

    it('counts each type’s entities for the headings without sorting them, and sorts a type’s entities once per change of the library', async () => {
      const library = new Library(bundledLibrary().toData());
      // The real grouping, counted: the root and each of its six headings were each grouping and sorting every entity.
      let groupings = 0;
      const grouping = library.entitiesByType.bind(library);
      library.entitiesByType = () => (groupings++, grouping());
      const own = new SourcebookService(() => new Sourcebook(library));
      try {
        const tree = new EntitiesTreeProvider(own);
        const show = async () => {
          const roots = await tree.getChildren();
          return { roots, items: await Promise.all(roots.map((node) => tree.getTreeItem(node))) };
        };
        const shown = await show();
        assert.equal(groupings, 0, 'the headings are counted, not sorted');
        const groups = [...grouping()].filter(([, group]) => group.length > 0);
        assert.deepEqual(shown.items.map((item) => [label(item), item.description]), groups.map(([type, group]) => [TYPE_HEADINGS[type], String(group.length)]));
        const people = async () => (await tree.getChildren((await show()).roots[0])).map((node) => (node.kind === 'entity' ? node.entityId : ''));
        assert.deepEqual(await people(), groups[0][1].map((entity) => entity.id), 'people sorted by name');
        await people();
        assert.equal(groupings, 1, 'nothing changed: sorted once');
        const person = bundledLibrary().entities.find((entity) => entity.type === 'person')!;
        library.setEntities([...library.entities, { ...person, id: 'nia-haystack', name: 'Nia Haystack', aliases: [], mentions: [] }]);
        assert.equal((await show()).items[0].description, String(groups[0][1].length + 1), 'the new person counted');
        assert.ok((await people()).includes('nia-haystack'));
        assert.equal(groupings, 2);
      } finally {
        own.dispose();
      }
    });

    it('shows Mark Ashton with his description, the entity context actions and his passages with snippets', async () => {
      const tree = new EntitiesTreeProvider(service);
      const people = (await tree.getChildren())[0];
      const nodes = await tree.getChildren(people);
      const items = await Promise.all(nodes.map((node) => tree.getTreeItem(node)));
      const index = items.findIndex((item) => label(item) === 'Mark Ashton');
      assert.ok(index >= 0);
      const ashton = items[index];
      assert.equal(ashton.contextValue, 'entity');
      assert.match(String(ashton.description), /^Gay communist activist/);
      assert.match(ashton.accessibilityInformation?.label ?? '', /^Mark Ashton, person: Gay communist activist.*Named 13 times in the sources\.$/);
      const mentions = await tree.getChildren(nodes[index]);
      assert.equal(mentions.length, bundledLibrary().entity('mark-ashton')!.mentions.length);
      const first = await tree.getTreeItem(mentions[0]);
      const firstLabel = first.label as vscode.TreeItemLabel;
      const [from, to] = firstLabel.highlights![0];
      assert.match(firstLabel.label.slice(from, to), /Ashton/);
      assert.equal(first.command?.command, 'sourcebook.openSource');
      const resolved = await tree.resolveTreeItem(ashton, nodes[index]);
      assert.match((resolved.tooltip as vscode.MarkdownString).value, /\*\*Mark Ashton\*\*/);
      assert.equal(await tree.getParent(nodes[index]), people);
    });

    it('reveals an entity in the sidebar from a card link', async () => {
      const revealed = await vscode.commands.executeCommand<boolean>('sourcebook.revealEntity', 'sian-james');
      assert.equal(revealed, true);
      assert.equal(await vscode.commands.executeCommand('sourcebook.revealEntity', 'nobody-at-all'), false);
    });
  });

  describe('This draft', () => {
    it('lists the sources the draft cites and the names it uses, most named first', async () => {
      const folder = vscode.workspace.workspaceFolders![0];
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'draft.md'));
      const tree = new DraftTreeProvider(service);
      tree.follow(document, 0);
      await tree.update();
      const [sources, names] = tree.getChildren();
      const cited = await Promise.all(tree.getChildren(sources).map((node) => tree.getTreeItem(node)));
      assert.deepEqual(cited.map(label).sort(), ['Byrne 2014 — Pride and prejudice', 'Crossan 2025 — An ode to solidarity and organisation', '“Lesbians and Gays Support the Miners” (n.d.)'].sort());
      const crossan = cited.find((item) => label(item).startsWith('Crossan'))!;
      const times = (document.getText().match(/@crossan2025/g) ?? []).length;
      assert.equal(crossan.description, `cited ${times} times`);
      const named = await Promise.all(tree.getChildren(names).map((node) => tree.getTreeItem(node)));
      const ashton = named.find((item) => label(item) === 'Mark Ashton');
      assert.ok(ashton, `names: ${named.map(label).join(', ')}`);
      assert.equal(ashton.contextValue, 'entity');
      assert.equal(ashton.command?.command, 'vscode.open');
      tree.dispose();
    });

    it('re-reads the draft once after typing pauses, not on every keystroke', async function () {
      this.timeout(60_000);
      const editor = await openDraft('Nothing yet.');
      const tree = new DraftTreeProvider(service);
      let refreshes = 0;
      tree.onDidChangeTreeData(() => refreshes++);
      for (const word of [' Mark', ' Ashton', ' met', ' Siân James.']) {
        await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), word));
        tree.follow(editor.document, 3000); // a pause of 3 s: longer than any one edit takes, even in a slow web host
      }
      assert.equal(refreshes, 0, 'nothing is read while typing');
      await sleep(3500);
      assert.equal(refreshes, 1);
      const ids = tree.current!.named.map((node) => node.entityId).sort();
      assert.deepEqual(ids, ['mark-ashton', 'sian-james']);
      tree.dispose();
    });

    it('re-reads the draft at most once per 400 ms while the library keeps changing, the last change included', async function () {
      this.timeout(60_000);
      const editor = await openDraft('Nothing yet [@late2026].');
      const library = new Library(bundledLibrary().toData());
      const own = new SourcebookService(() => new Sourcebook(library));
      const tree = new DraftTreeProvider(own);
      try {
        let reads = 0;
        tree.onDidChangeTreeData(() => reads++);
        // A hundred sources arriving one by one, a turn of the event loop apart, in ~100 ms or more (a bibliography file read).
        const started = Date.now();
        for (let i = 0; i < 100; i++) {
          const parsed = parseSource(`---\nkey: ${i === 99 ? 'late2026' : `arrived${i}`}\ntitle: Arrived ${i}\ntype: book\n---\nText ${i}.\n`, `arrived${i}.md`);
          library.setSource(parsed.source!);
          tree.libraryChanged(editor.document);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        const elapsed = Date.now() - started;
        await sleep(1000);
        assert.ok(reads <= Math.ceil(elapsed / 400) + 2, `${reads} reads in ${elapsed} ms`);
        assert.deepEqual(tree.current?.cited.map((node) => node.key), ['late2026'], 'the last source to arrive is read');
      } finally {
        tree.dispose();
        own.dispose();
      }
    });

    it('reads a 20,000-line draft in slices, leaving the extension host free between them', async () => {
      const paragraph = 'The strike went on through the winter; the valley held together while money came from London.\n\n';
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${paragraph.repeat(10_000)}Mark Ashton [@crossan2025, para. 4].\n` });
      const summarize = (await import('../../src/features/draftView')).summarizeDraft;
      const sourcebook = await service.get();
      let longest = 0;
      let last = Date.now();
      const ticker = setInterval(() => {
        const now = Date.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      const start = Date.now();
      const summary = await summarize(sourcebook, document);
      const total = Date.now() - start;
      clearInterval(ticker);
      console.log(`        this draft: ${document.lineCount} lines read in ${total} ms, longest pause of the host ${longest} ms`);
      assert.ok(summary);
      assert.equal(summary.named.find((node) => node.entityId === 'london')?.count, 10_000);
      assert.deepEqual(summary.cited.map((node) => node.key), ['crossan2025']);
      assert.ok(summary.named.some((node) => node.entityId === 'mark-ashton'));
      // Names are read in 64 KB slices; the longest stretch is citedKeys's single pass over the whole text.
      assert.ok(longest < 1500, `the host was blocked for ${longest} ms at a stretch`);
    });
  });
});
