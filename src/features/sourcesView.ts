// The Sources view: each source (title, author and year) → its paragraphs, numbered as cited, labelled by their
// first words with the full text as tooltip. A paragraph opens in the source reader, scrolled and highlighted.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Paragraph, Source } from '../core/types';
import { escapeMarkdownText } from '../core/cards/card';
import { citedName, isUnsigned, yearOf } from '../core/sources/readerText';
import { plainTitle } from '../core/sources/titles';
import { CommandIds } from '../edge/commandIds';

/** A tree element; `key` and `paragraph` are what the context commands (Insert Citation) read. */
export type SourceNode = { kind: 'source'; key: string } | { kind: 'paragraph'; key: string; paragraph: number };

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
    if (!element) return sourcebook.library.sources.map((source) => this.node({ kind: 'source', key: source.meta.key }));
    if (element.kind !== 'source') return [];
    const source = sourcebook.library.source(element.key);
    return (source?.paragraphs ?? []).map((paragraph) => this.node({ kind: 'paragraph', key: element.key, paragraph: paragraph.number }));
  }

  getParent(element: SourceNode): SourceNode | undefined {
    return element.kind === 'paragraph' ? this.node({ kind: 'source', key: element.key }) : undefined;
  }

  async getTreeItem(element: SourceNode): Promise<vscode.TreeItem> {
    const sourcebook = await this.service.get();
    const source = sourcebook.library.source(element.key);
    if (!source) return new vscode.TreeItem(vscode.l10n.t('Missing source {0}', element.key));
    if (element.kind === 'source') return sourceItem(source);
    const paragraph = sourcebook.library.paragraph(element.key, element.paragraph);
    return paragraph ? paragraphItem(source, paragraph) : new vscode.TreeItem(`[${element.paragraph}] (missing)`);
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** One object per element, so `reveal` and selection survive a re-render. */
  private node(node: SourceNode): SourceNode {
    const id = node.kind === 'source' ? `s:${node.key}` : `p:${node.key}#${node.paragraph}`;
    const known = this.nodes.get(id);
    if (known) return known;
    this.nodes.set(id, node);
    return node;
  }
}

function sourceItem(source: Source): vscode.TreeItem {
  const meta = source.meta;
  const title = plainTitle(meta.title).replace(/\s+/g, ' ');
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `source:${meta.key}`;
  const unsigned = isUnsigned(meta);
  // An unsigned work is cited by its title, which is the item's label already.
  const byline = unsigned ? vscode.l10n.t('unsigned, {0}', yearOf(meta.date)) : `${citedName(meta)} ${yearOf(meta.date)}`;
  item.description = byline;
  item.contextValue = 'source';
  item.iconPath = new vscode.ThemeIcon('book');
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  tooltip.appendMarkdown(`**${escapeMarkdownText(title)}**\n\n${vscode.l10n.t('{0} · {1} paragraphs · key {2}', escapeMarkdownText(byline), source.paragraphs.length, escapeMarkdownText(meta.key))}`);
  if (meta.container) tooltip.appendMarkdown(`\n\n${escapeMarkdownText(meta.container)}`);
  if (meta.note) tooltip.appendMarkdown(`\n\n*${escapeMarkdownText(meta.note)}*`);
  item.tooltip = tooltip;
  const year = yearOf(meta.date) === 'n.d.' ? vscode.l10n.t('no date') : yearOf(meta.date);
  item.accessibilityInformation = {
    label: unsigned
      ? vscode.l10n.t('Source: {0}, unsigned, {1}, {2} paragraphs', title, year, source.paragraphs.length)
      : vscode.l10n.t('Source: {0}, by {1}, {2}, {3} paragraphs', title, citedName(meta), year, source.paragraphs.length),
    role: 'treeitem',
  };
  return item;
}

function paragraphItem(source: Source, paragraph: Paragraph): vscode.TreeItem {
  const item = new vscode.TreeItem(`[${paragraph.number}] ${firstWords(paragraph.text)}`, vscode.TreeItemCollapsibleState.None);
  item.id = `paragraph:${source.meta.key}#${paragraph.number}`;
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
  context.subscriptions.push(provider, view, service.onDidChange(() => provider.refresh()));
}
