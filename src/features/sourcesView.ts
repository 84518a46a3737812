// The Sources view: each source (title, author and year) → its paragraphs, numbered as cited, labelled by their
// first words with the full text as tooltip; a PDF source → its printed pages ("p. 201") → the paragraphs that start
// on each (one across a page break under the page it starts on). A paragraph opens in the source reader, scrolled
// and highlighted.
// The writer's library comes after the bundled corpus and the sources folders, one node per place: a bibliography
// file → its entries, the Zotero library → its collections as folders (nested) and the items in none. A source
// with no text to read (a bare reference) says "no text" and has nothing to open.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Paragraph, Source } from '../core/types';
import type { SourcePage } from '../core/pdf/pageLocator';
import { sourcePages } from '../core/pdf/pageLocator';
import { escapeMarkdownText } from '../core/cards/card';
import { citedName, isUnsigned, yearOf } from '../core/sources/readerText';
import { plainTitle } from '../core/sources/titles';
import { CommandIds } from '../edge/commandIds';
import type { ReferenceFolder, ReferenceSet } from '../core/references/referenceSet';

/**
 * A tree element; `key` and `paragraph` are what the context commands (Insert Citation) read. A source listed
 * under a place of the writer's library names the node it is in (`parent`), since one may be in several folders.
 * A page of a PDF source is `page` (its place among the source's pages: two may have the same label), with its
 * printed `label` and its `index` in the file (what "Open the PDF at This Page" reads); a paragraph under a page
 * names it.
 */
export type SourceNode =
  | { kind: 'source'; key: string; parent?: string }
  | { kind: 'page'; key: string; page: number; label: string; index?: number; parent?: string }
  | { kind: 'paragraph'; key: string; paragraph: number; page?: number; parent?: string }
  | { kind: 'place'; origin: string; key?: undefined }
  | { kind: 'folder'; origin: string; path: number[]; key?: undefined };

const nodeId = (node: SourceNode): string => {
  switch (node.kind) {
    case 'source':
      return node.parent ? `${node.parent}>s:${node.key}` : `s:${node.key}`;
    case 'page':
      return `${node.parent ? `${node.parent}>` : ''}pg:${node.key}#${node.page}`;
    case 'paragraph':
      return node.parent ? `${node.parent}>p:${node.key}#${node.paragraph}` : `p:${node.key}#${node.paragraph}`;
    case 'place':
      return `r:${node.origin}`;
    case 'folder':
      return `f:${node.origin}#${node.path.join('/')}`;
  }
};

/** The first `words` words of a text, with an ellipsis when cut. */
export function firstWords(text: string, words = 8): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ');
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

export class SourcesTreeProvider implements vscode.TreeDataProvider<SourceNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SourceNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly nodes = new Map<string, SourceNode>();

  constructor(private readonly service: SourcebookService) {}

  refresh(): void {
    this.nodes.clear();
    this.changes.fire(undefined);
  }

  async getChildren(element?: SourceNode): Promise<SourceNode[]> {
    const sourcebook = await this.service.get();
    const sources = sourcebook.library.sources;
    const sets = this.service.references.all().filter((set) => sources.some((source) => source.origin === set.origin));
    if (!element) {
      const places = new Set(sets.map((set) => set.origin));
      return [
        ...sources.filter((source) => !places.has(source.origin)).map((source) => this.node({ kind: 'source', key: source.meta.key })),
        ...sets.map((set) => this.node({ kind: 'place', origin: set.origin })),
      ];
    }
    if (element.kind === 'place' || element.kind === 'folder') {
      const set = sets.find((candidate) => candidate.origin === element.origin);
      if (!set) return [];
      const parent = nodeId(element);
      const inLibrary = (key: string) => sourcebook.library.source(key)?.origin === set.origin;
      const folders = element.kind === 'place' ? (set.folders ?? []) : (folderAt(set, element.path)?.folders ?? []);
      const path = element.kind === 'place' ? [] : element.path;
      const keys = element.kind === 'place' ? unfiled(set) : (folderAt(set, element.path)?.keys ?? []);
      return [
        ...folders.map((_folder, i) => this.node({ kind: 'folder', origin: set.origin, path: [...path, i] })),
        ...keys.filter(inLibrary).map((key) => this.node({ kind: 'source', key, parent })),
      ];
    }
    const source = sourcebook.library.source(element.key);
    if (element.kind === 'page') {
      const page = source ? sourcePages(source.paragraphs)[element.page] : undefined;
      return (page?.starting ?? []).map((paragraph) => this.node({ kind: 'paragraph', key: element.key, paragraph, page: element.page, parent: element.parent }));
    }
    if (element.kind !== 'source') return [];
    const pages = source ? sourcePages(source.paragraphs) : [];
    if (pages.length > 0) return pages.map((page, i) => this.node({ kind: 'page', key: element.key, page: i, label: page.label, index: page.index, parent: element.parent }));
    return (source?.paragraphs ?? []).map((paragraph) => this.node({ kind: 'paragraph', key: element.key, paragraph: paragraph.number, parent: element.parent }));
  }

  getParent(element: SourceNode): SourceNode | undefined {
    if (element.kind === 'paragraph' && element.page !== undefined) return this.nodes.get(`${element.parent ? `${element.parent}>` : ''}pg:${element.key}#${element.page}`);
    if (element.kind === 'paragraph' || element.kind === 'page') return this.nodes.get(element.parent ? `${element.parent}>s:${element.key}` : `s:${element.key}`);
    if (element.kind === 'source') return element.parent ? this.nodes.get(element.parent) : undefined;
    if (element.kind === 'folder') return this.nodes.get(element.path.length > 1 ? nodeId({ ...element, path: element.path.slice(0, -1) }) : `r:${element.origin}`);
    return undefined;
  }

  async getTreeItem(element: SourceNode): Promise<vscode.TreeItem> {
    const sourcebook = await this.service.get();
    if (element.kind === 'place' || element.kind === 'folder') {
      const set = this.service.references.all().find((candidate) => candidate.origin === element.origin);
      return set ? placeItem(set, element, nodeId(element)) : new vscode.TreeItem(element.origin);
    }
    const source = sourcebook.library.source(element.key);
    if (!source) return new vscode.TreeItem(vscode.l10n.t('Missing source {0}', element.key));
    if (element.kind === 'source') return sourceItem(source, element.parent);
    if (element.kind === 'page') {
      const page = sourcePages(source.paragraphs)[element.page];
      return page ? pageItem(source, page, nodeId(element)) : new vscode.TreeItem(vscode.l10n.t('p. {0} (missing)', element.label));
    }
    const paragraph = sourcebook.library.paragraph(element.key, element.paragraph);
    return paragraph ? paragraphItem(source, paragraph, element.parent) : new vscode.TreeItem(`[${element.paragraph}] (missing)`);
  }

  /** A source's tooltip, made only when the pointer rests on it (see `sourceTooltip`). */
  async resolveTreeItem(item: vscode.TreeItem, element: SourceNode): Promise<vscode.TreeItem> {
    if (element.kind !== 'source' || item.tooltip !== undefined) return item;
    const source = (await this.service.get()).library.source(element.key);
    if (source) item.tooltip = sourceTooltip(source);
    return item;
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** One object per element, so `reveal` and selection survive a re-render. */
  private node(node: SourceNode): SourceNode {
    const id = nodeId(node);
    const known = this.nodes.get(id);
    if (known) return known;
    this.nodes.set(id, node);
    return node;
  }
}

/** The folder at `path` (indices from the top) of a place of the writer's library. */
function folderAt(set: ReferenceSet, path: readonly number[]): ReferenceFolder | undefined {
  let folders = set.folders ?? [];
  let folder: ReferenceFolder | undefined;
  for (const index of path) {
    folder = folders[index];
    folders = folder?.folders ?? [];
  }
  return folder;
}

/** The keys of a place's entries that are in none of its folders (all of them when it has no folders). */
function unfiled(set: ReferenceSet): string[] {
  const filed = new Set<string>();
  const collect = (folders: readonly ReferenceFolder[]) => {
    for (const folder of folders) {
      for (const key of folder.keys) filed.add(key);
      collect(folder.folders);
    }
  };
  collect(set.folders ?? []);
  return set.sources.map((source) => source.meta.key).filter((key) => !filed.has(key));
}

/** A place of the writer's library (a bibliography file, the Zotero library) or one of its folders. */
function placeItem(set: ReferenceSet, element: Extract<SourceNode, { kind: 'place' | 'folder' }>, id: string): vscode.TreeItem {
  const folder = element.kind === 'folder' ? folderAt(set, element.path) : undefined;
  const name = folder ? folder.name : set.label.charAt(0).toUpperCase() + set.label.slice(1);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.contextValue = folder ? 'libraryFolder' : 'libraryPlace';
  item.iconPath = new vscode.ThemeIcon(folder ? 'folder' : set.origin === 'zotero' ? 'library' : 'file');
  const count = folder ? folder.keys.length : set.sources.length;
  item.description = vscode.l10n.t('{0} sources', count);
  item.accessibilityInformation = { label: folder ? vscode.l10n.t('Folder {0}, {1} sources', name, count) : vscode.l10n.t('{0}, {1} sources', name, count), role: 'treeitem' };
  return item;
}

/** What a source's item and tooltip show: its title on one line, whether it has text, and its byline. */
function shown(source: Source): { title: string; noText: boolean; byline: string } {
  const meta = source.meta;
  const title = plainTitle(meta.title).replace(/\s+/g, ' ');
  const noText = source.referenceOnly === true || source.paragraphs.length === 0;
  // An unsigned work is cited by its title, which is the item's label already.
  const byline = isUnsigned(meta) ? vscode.l10n.t('unsigned, {0}', yearOf(meta.date)) : `${citedName(meta)} ${yearOf(meta.date)}`;
  return { title, noText, byline };
}

function sourceItem(source: Source, parent?: string): vscode.TreeItem {
  const meta = source.meta;
  const { title, noText, byline } = shown(source);
  const item = new vscode.TreeItem(title, noText ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = parent ? `${parent}>source:${meta.key}` : `source:${meta.key}`;
  const unsigned = isUnsigned(meta);
  item.description = noText ? vscode.l10n.t('{0} · no text', byline) : byline;
  item.contextValue = 'source';
  item.iconPath = new vscode.ThemeIcon('book');
  const year = yearOf(meta.date) === 'n.d.' ? vscode.l10n.t('no date') : yearOf(meta.date);
  const extentWords = noText ? vscode.l10n.t('no text') : vscode.l10n.t('{0} paragraphs', source.paragraphs.length);
  item.accessibilityInformation = {
    label: unsigned
      ? vscode.l10n.t('Source: {0}, unsigned, {1}, {2}', title, year, extentWords)
      : vscode.l10n.t('Source: {0}, by {1}, {2}, {3}', title, citedName(meta), year, extentWords),
    role: 'treeitem',
  };
  return item;
}

/**
 * A source's tooltip (title, byline, extent, key, container, note), made when the pointer rests on the source
 * (`resolveTreeItem`): VS Code reads every Markdown tooltip through its Markdown parser when a list is shown, and
 * the sources listed at every refresh of a large library took 20–40 ms a refresh in it.
 */
function sourceTooltip(source: Source): vscode.MarkdownString {
  const meta = source.meta;
  const { title, noText, byline } = shown(source);
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  const extent = noText ? vscode.l10n.t('{0} · no text · key {1}', escapeMarkdownText(byline), escapeMarkdownText(meta.key)) : vscode.l10n.t('{0} · {1} paragraphs · key {2}', escapeMarkdownText(byline), source.paragraphs.length, escapeMarkdownText(meta.key));
  tooltip.appendMarkdown(`**${escapeMarkdownText(title)}**\n\n${extent}`);
  if (meta.container) tooltip.appendMarkdown(`\n\n${escapeMarkdownText(meta.container)}`);
  if (meta.note) tooltip.appendMarkdown(`\n\n*${escapeMarkdownText(meta.note)}*`);
  return tooltip;
}

/** A printed page of a PDF source: its paragraphs below it, or (when none starts on it) the one it carries on. */
function pageItem(source: Source, page: SourcePage, id: string): vscode.TreeItem {
  const count = page.starting.length;
  const item = new vscode.TreeItem(vscode.l10n.t('p. {0}', page.label), count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.contextValue = 'pdfPage';
  item.iconPath = new vscode.ThemeIcon('file-pdf');
  const continues = page.continuing !== undefined ? vscode.l10n.t('continues [{0}]', page.continuing) : undefined;
  const paragraphs = count === 1 ? vscode.l10n.t('1 paragraph') : vscode.l10n.t('{0} paragraphs', count);
  item.description = count === 0 ? continues : continues ? `${continues} · ${paragraphs}` : paragraphs;
  item.tooltip = page.index !== undefined ? vscode.l10n.t('Printed page {0} (page {1} of the PDF)', page.label, page.index + 1) : vscode.l10n.t('Printed page {0}', page.label);
  if (count === 0 && page.continuing !== undefined) {
    item.command = { title: vscode.l10n.t('Open in the source reader'), command: CommandIds.openSource, arguments: [source.meta.key, page.continuing] };
  }
  item.accessibilityInformation = { label: vscode.l10n.t('Page {0}, {1}', page.label, item.description ?? ''), role: 'treeitem' };
  return item;
}

function paragraphItem(source: Source, paragraph: Paragraph, parent?: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`[${paragraph.number}] ${firstWords(paragraph.text)}`, vscode.TreeItemCollapsibleState.None);
  item.id = `${parent ? `${parent}>` : ''}paragraph:${source.meta.key}#${paragraph.number}`;
  item.contextValue = 'paragraph';
  item.iconPath = new vscode.ThemeIcon(paragraph.kind === 'quote' ? 'quote' : 'note');
  // A plain string tooltip is shown as text: no Markdown to escape.
  item.tooltip = `[${paragraph.number}] ${paragraph.text}`;
  item.command = { title: vscode.l10n.t('Open in the source reader'), command: CommandIds.openSource, arguments: [source.meta.key, paragraph.number] };
  item.accessibilityInformation = {
    label: paragraph.kind === 'quote'
      ? vscode.l10n.t('Paragraph {0}, a block quotation: {1}', paragraph.number, firstWords(paragraph.text, 20))
      : vscode.l10n.t('Paragraph {0}: {1}', paragraph.number, firstWords(paragraph.text, 20)),
    role: 'treeitem',
  };
  return item;
}

export function registerSourcesView(context: vscode.ExtensionContext, service: SourcebookService): void {
  const provider = new SourcesTreeProvider(service);
  const view = vscode.window.createTreeView('sourcebook.sources', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view, service.onDidChange(() => provider.refresh()), service.references.onDidChange(() => provider.refresh()));
}
