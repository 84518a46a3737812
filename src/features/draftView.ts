// The This Draft view: for the active draft, the sources it cites and the people, groups, places… it names, each
// with a count. Re-read as the writer types, at most once per pause (debounced), never per keystroke.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import { citedKeys } from '../core/drafts/draftCitations';
import { TYPE_LABELS } from '../core/cards/card';
import { sourceLabel } from '../core/sources/readerText';
import { plainTitle } from '../core/sources/titles';
import { CommandIds } from '../edge/commandIds';
import { draftFormat } from '../edge/citationSettings';
import { isDraft } from '../edge/drafts';

/** How long typing must pause before the view is re-read. */
export const DRAFT_VIEW_DELAY_MS = 400;

export type DraftNode =
  | { kind: 'heading'; which: 'sources' | 'names' }
  | { kind: 'cited'; key: string; count: number; offset: number }
  | { kind: 'named'; entityId: string; count: number; start: number; end: number };

/** What the draft cites and names: plain data, computed once per pause in typing. */
export interface DraftSummary {
  uri: vscode.Uri;
  cited: Array<Extract<DraftNode, { kind: 'cited' }>>;
  named: Array<Extract<DraftNode, { kind: 'named' }>>;
}

/** Names are looked for in slices of about this many characters, cut at blank lines, yielding in between. */
const SLICE_CHARS = 64 * 1024;

const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Reads the draft once: citations by key (first place, count) and names by entity (first place, count). A long
 * draft is read in slices with pauses between them, so the extension host stays responsive; `stale()` says a
 * newer read has started and this one can stop (undefined is returned).
 */
export async function summarizeDraft(sourcebook: Sourcebook, document: vscode.TextDocument, stale: () => boolean = () => false): Promise<DraftSummary | undefined> {
  const text = document.getText();
  const library = sourcebook.library;
  const cited = new Map<string, { key: string; count: number; offset: number }>();
  for (const entry of citedKeys(text, library.sources.map((source) => source.meta), draftFormat(document))) {
    const known = cited.get(entry.key);
    if (known) known.count++;
    else cited.set(entry.key, { key: entry.key, count: 1, offset: entry.offset });
  }
  const named = new Map<string, { entityId: string; count: number; start: number; end: number }>();
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + SLICE_CHARS);
    if (to < text.length) {
      const blank = text.indexOf('\n\n', to);
      to = blank < 0 || blank - to > SLICE_CHARS ? text.length : blank;
    }
    for (const match of library.namesIn(text.slice(from, to))) {
      if (!match.entityId) continue;
      const known = named.get(match.entityId);
      if (known) known.count++;
      else named.set(match.entityId, { entityId: match.entityId, count: 1, start: from + match.start, end: from + match.end });
    }
    from = to;
    if (from < text.length) {
      await yieldToHost();
      if (stale()) return undefined;
    }
  }
  return {
    uri: document.uri,
    cited: [...cited.values()].map((entry) => ({ kind: 'cited', ...entry })),
    named: [...named.values()]
      .sort((a, b) => b.count - a.count || a.start - b.start)
      .map((entry) => ({ kind: 'named', ...entry })),
  };
}

export class DraftTreeProvider implements vscode.TreeDataProvider<DraftNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<DraftNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private summary: DraftSummary | undefined;
  private document: vscode.TextDocument | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts reads, so a slow read of an old version never overwrites a newer one. */
  private generation = 0;
  /** When the last read started (`Date.now()`). */
  private lastRead = Number.NEGATIVE_INFINITY;
  private readonly headings = {
    sources: { kind: 'heading', which: 'sources' } as DraftNode,
    names: { kind: 'heading', which: 'names' } as DraftNode,
  };

  constructor(private readonly service: SourcebookService) {}

  /** Follows `document` (or none); re-reads it after `delay` ms, replacing any re-read still waiting. */
  follow(document: vscode.TextDocument | undefined, delay = DRAFT_VIEW_DELAY_MS): void {
    if (document && !isDraft(document)) return; // a source or an output pane: keep showing the draft
    this.document = document;
    if (this.timer) clearTimeout(this.timer);
    // A long draft waits longer for a pause: about one more second per megabyte.
    const length = document ? document.offsetAt(document.lineAt(document.lineCount - 1).range.end) : 0;
    const wait = delay === 0 ? 0 : delay + Math.min(3000, Math.round(length / 1000));
    this.timer = setTimeout(() => void this.update(), wait);
  }

  /**
   * The library changed: `document` is read again at once, or, while changes keep coming (thousands of references
   * arriving one by one), at most once per `DRAFT_VIEW_DELAY_MS` — each read over the library as it is then, so the
   * last change is always read. Each read finds the draft's citations among every source (a few ms at 5,000). The
   * draft followed is `active` when that is a draft, else the one shown.
   */
  libraryChanged(active: vscode.TextDocument | undefined): void {
    if (active && isDraft(active)) this.document = active;
    if (this.timer || !this.document) return; // a read waiting already reads the library as it is when it runs
    this.timer = setTimeout(() => void this.update(), Math.max(0, this.lastRead + DRAFT_VIEW_DELAY_MS - Date.now()));
  }

  /** The summary shown now (for tests and the view's title). */
  get current(): DraftSummary | undefined {
    return this.summary;
  }

  async update(): Promise<void> {
    this.timer = undefined;
    this.lastRead = Date.now();
    const generation = ++this.generation;
    const document = this.document;
    let summary: DraftSummary | undefined;
    if (document && !document.isClosed) {
      summary = await summarizeDraft(await this.service.get(), document, () => generation !== this.generation);
      if (generation !== this.generation) return; // a newer read is under way
    }
    this.summary = summary;
    this.changes.fire(undefined);
  }

  getChildren(element?: DraftNode): DraftNode[] {
    const summary = this.summary;
    if (!summary) return [];
    if (!element) return [this.headings.sources, this.headings.names];
    if (element.kind !== 'heading') return [];
    return element.which === 'sources' ? summary.cited : summary.named;
  }

  async getTreeItem(element: DraftNode): Promise<vscode.TreeItem> {
    const summary = this.summary;
    if (element.kind === 'heading') {
      const count = element.which === 'sources' ? (summary?.cited.length ?? 0) : (summary?.named.length ?? 0);
      const label = element.which === 'sources' ? vscode.l10n.t('Sources cited') : vscode.l10n.t('Names');
      const item = new vscode.TreeItem(label, count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `draft:${element.which}`;
      item.description = count === 0 ? (element.which === 'sources' ? vscode.l10n.t('none yet') : vscode.l10n.t('none found')) : String(count);
      item.accessibilityInformation = { label: `${label}: ${count}`, role: 'treeitem' };
      return item;
    }
    const library = (await this.service.get()).library;
    const times = (count: number) => (count === 1 ? vscode.l10n.t('once') : vscode.l10n.t('{0} times', count));
    if (element.kind === 'cited') {
      const source = library.source(element.key);
      const label = source ? sourceLabel(source.meta, 50) : element.key;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = `draft:cited:${element.key}`;
      item.description = vscode.l10n.t('cited {0}', times(element.count));
      item.contextValue = 'source';
      item.iconPath = new vscode.ThemeIcon('book');
      item.tooltip = source ? `${plainTitle(source.meta.title)}\n${vscode.l10n.t('Key: {0}', element.key)}` : element.key;
      item.command = { title: vscode.l10n.t('Open in the source reader'), command: CommandIds.openSource, arguments: [element.key] };
      item.accessibilityInformation = { label: vscode.l10n.t('{0}, cited {1}', label, times(element.count)), role: 'treeitem' };
      return item;
    }
    const entity = library.entity(element.entityId, { mentions: false });
    const name = entity?.name ?? element.entityId;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `draft:named:${element.entityId}`;
    item.description = `${times(element.count)}${entity ? ` · ${TYPE_LABELS[entity.type]}` : ''}`;
    item.contextValue = 'entity';
    item.iconPath = new vscode.ThemeIcon('symbol-field');
    item.tooltip = entity ? `${entity.name}: ${entity.description}` : name;
    if (summary) {
      const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === summary.uri.toString());
      const selection = document ? new vscode.Range(document.positionAt(element.start), document.positionAt(element.end)) : undefined;
      item.command = { title: vscode.l10n.t('Go to the first mention in the draft'), command: 'vscode.open', arguments: [summary.uri, { selection, preserveFocus: false }] };
    }
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, named {1} in the draft', name, times(element.count)), role: 'treeitem' };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changes.dispose();
  }
}

export function registerDraftView(context: vscode.ExtensionContext, service: SourcebookService): void {
  const provider = new DraftTreeProvider(service);
  const view = vscode.window.createTreeView('sourcebook.draft', { treeDataProvider: provider });
  // A preview or another non-text tab keeps the last draft on show; closing that draft clears it.
  const followActive = (delay?: number) => {
    const document = vscode.window.activeTextEditor?.document;
    if (document) provider.follow(document, delay);
  };
  context.subscriptions.push(
    provider,
    view,
    vscode.window.onDidChangeActiveTextEditor(() => {
      if (view.visible) followActive(0);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (view.visible && event.document === vscode.window.activeTextEditor?.document) followActive();
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (provider.current?.uri.toString() === document.uri.toString()) provider.follow(undefined, 0);
    }),
    // Nothing is read while the view is hidden; it catches up when shown.
    view.onDidChangeVisibility((event) => {
      if (event.visible) followActive(0);
    }),
    service.onDidChange(() => {
      if (view.visible) provider.libraryChanged(vscode.window.activeTextEditor?.document);
    }),
  );
  if (view.visible) followActive(0);
}
