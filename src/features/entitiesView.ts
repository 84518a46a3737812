// The People, Groups, Places, Events, Works view: entities grouped by type → each entity (its description as the
// item's description, its card as tooltip) → the passages that name it, each with a snippet; a passage opens in
// the source reader. Context actions on an entity: Insert Citation, Show Card.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Entity, EntityType, Mention } from '../core/types';
import type { Library } from '../core/library';
import { TYPE_HEADINGS, TYPE_LABELS, mentionSnippet } from '../core/cards/card';
import { sourceLabel } from '../core/sources/readerText';
import { CommandIds } from '../edge/commandIds';
import { cardMarkdown, entityCard } from '../edge/cards';
import { commandEntity } from '../edge/commandEntity';

/** A tree element. `entityId` is what the context commands (Insert Citation, Show Card) read. */
export type EntityNode =
  | { kind: 'type'; type: EntityType }
  | { kind: 'entity'; entityId: string }
  | { kind: 'mention'; entityId: string; index: number };

const TYPE_ICONS: Record<EntityType, string> = {
  person: 'person',
  character: 'device-camera-video',
  group: 'organization',
  place: 'location',
  event: 'calendar',
  work: 'file-media',
};

export class EntitiesTreeProvider implements vscode.TreeDataProvider<EntityNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<EntityNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly nodes = new Map<string, EntityNode>();
  /**
   * Per library version: how many entities each type has (the root and its headings), and, made when a type is
   * first opened, the entities grouped by type and sorted by name (sorting thousands of discovered authors by name
   * takes 15–55 ms; the root and each of its six headings were grouping and sorting every entity at every refresh).
   */
  private grouped: { library: Library; version: number; counts: Map<EntityType, number>; groups?: Map<EntityType, Entity[]> } | undefined;

  constructor(private readonly service: SourcebookService) {}

  refresh(): void {
    this.nodes.clear();
    this.changes.fire(undefined);
  }

  async getChildren(element?: EntityNode): Promise<EntityNode[]> {
    const library = await this.libraryWithMentions();
    if (!element) {
      return [...this.grouping(library).counts].filter(([, count]) => count > 0).map(([type]) => this.node({ kind: 'type', type }));
    }
    if (element.kind === 'type') {
      const grouping = this.grouping(library);
      // Grouped without making every entity's mentions objects: an item shows their count (`mentionCount`).
      grouping.groups ??= library.entitiesByType({ mentions: false });
      return (grouping.groups.get(element.type) ?? []).map((entity) => this.node({ kind: 'entity', entityId: entity.id }));
    }
    if (element.kind === 'entity') return (library.entity(element.entityId)?.mentions ?? []).map((_, index) => this.node({ kind: 'mention', entityId: element.entityId, index }));
    return [];
  }

  private grouping(library: Library): NonNullable<EntitiesTreeProvider['grouped']> {
    if (this.grouped?.library === library && this.grouped.version === library.version) return this.grouped;
    // Counted without gathering each changed entity's mentions (`library.entities` does: 11–34 ms at 5,000 references).
    this.grouped = { library, version: library.version, counts: library.entityCountsByType() };
    return this.grouped;
  }

  /** The library once every source's mentions are found: the view never shows half-found mentions. */
  private async libraryWithMentions(): Promise<Library> {
    const sourcebook = await this.service.get();
    await sourcebook.mentionsReady();
    return sourcebook.library;
  }

  async getParent(element: EntityNode): Promise<EntityNode | undefined> {
    if (element.kind === 'type') return undefined;
    if (element.kind === 'mention') return this.node({ kind: 'entity', entityId: element.entityId });
    const entity = (await this.service.get()).library.entity(element.entityId, { mentions: false });
    return entity ? this.node({ kind: 'type', type: entity.type }) : undefined;
  }

  /** The element of entity `id`, for `reveal`. */
  entityNode(id: string): EntityNode {
    return this.node({ kind: 'entity', entityId: id });
  }

  async getTreeItem(element: EntityNode): Promise<vscode.TreeItem> {
    const library = await this.libraryWithMentions();
    if (element.kind === 'type') {
      const count = this.grouping(library).counts.get(element.type) ?? 0;
      const item = new vscode.TreeItem(TYPE_HEADINGS[element.type], vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `type:${element.type}`;
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[element.type]);
      item.accessibilityInformation = { label: vscode.l10n.t('{0}: {1} entries', TYPE_HEADINGS[element.type], count), role: 'treeitem' };
      return item;
    }
    const entity = library.entity(element.entityId, { mentions: element.kind === 'mention' });
    if (!entity) return new vscode.TreeItem(vscode.l10n.t('Missing entry {0}', element.entityId));
    if (element.kind === 'entity') return entityItem(entity, library.mentionCount(entity.id));
    const mention = entity.mentions[element.index];
    const source = mention ? library.source(mention.source) : undefined;
    const paragraph = mention ? library.paragraph(mention.source, mention.paragraph) : undefined;
    if (!mention || !source || !paragraph) return new vscode.TreeItem(vscode.l10n.t('(missing passage)'));
    return mentionItem(entity, mention, sourceLabel(source.meta, 30), paragraph.text);
  }

  /** The entity's card as tooltip, built only when the pointer rests on it. */
  async resolveTreeItem(item: vscode.TreeItem, element: EntityNode): Promise<vscode.TreeItem> {
    if (element.kind !== 'entity') return item;
    const card = await entityCard(await this.service.get(), element.entityId, { links: false });
    if (card) item.tooltip = cardMarkdown(card, false);
    return item;
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** One object per element, so `reveal` and selection survive a re-render. */
  private node(node: EntityNode): EntityNode {
    const id = node.kind === 'type' ? `t:${node.type}` : node.kind === 'entity' ? `e:${node.entityId}` : `m:${node.entityId}#${node.index}`;
    const known = this.nodes.get(id);
    if (known) return known;
    this.nodes.set(id, node);
    return node;
  }
}

function entityItem(entity: Entity, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(entity.name, count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `entity:${entity.id}`;
  item.description = entity.description.replace(/\s+/g, ' ');
  item.contextValue = 'entity';
  item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[entity.type] ?? 'symbol-misc');
  item.accessibilityInformation = {
    label: count === 1
      ? vscode.l10n.t('{0}, {1}: {2}. Named 1 time in the sources.', entity.name, TYPE_LABELS[entity.type] ?? entity.type, entity.description.replace(/\.\s*$/, ''))
      : vscode.l10n.t('{0}, {1}: {2}. Named {3} times in the sources.', entity.name, TYPE_LABELS[entity.type] ?? entity.type, entity.description.replace(/\.\s*$/, ''), count),
    role: 'treeitem',
  };
  return item;
}

function mentionItem(entity: Entity, mention: Mention, where: string, paragraphText: string): vscode.TreeItem {
  // Little before the name, so it shows in a narrow sidebar.
  const snippet = mentionSnippet(paragraphText, mention, 60, 20);
  const at = snippet.indexOf(mention.text);
  const label: vscode.TreeItemLabel = { label: snippet, highlights: at >= 0 ? [[at, at + mention.text.length]] : [] };
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `mention:${entity.id}:${mention.source}#${mention.paragraph}:${mention.start}`;
  item.description = `${where}, para. ${mention.paragraph}`;
  item.contextValue = 'mention';
  item.iconPath = new vscode.ThemeIcon('quote');
  item.tooltip = `[${mention.paragraph}] ${paragraphText}`;
  item.command = {
    title: vscode.l10n.t('Open in the source reader'),
    command: CommandIds.openSource,
    arguments: [mention.source, mention.paragraph, { start: mention.start, end: mention.end }],
  };
  item.accessibilityInformation = { label: vscode.l10n.t('{0} in {1}, paragraph {2}: {3}', entity.name, where, mention.paragraph, snippet), role: 'treeitem' };
  return item;
}

export function registerEntitiesView(context: vscode.ExtensionContext, service: SourcebookService): void {
  const provider = new EntitiesTreeProvider(service);
  const view = vscode.window.createTreeView('sourcebook.entities', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    service.onDidChange(() => provider.refresh()),
    vscode.commands.registerCommand(CommandIds.revealEntity, async (arg: unknown) => {
      const entity = commandEntity(await service.get(), arg);
      if (!entity) return false;
      await view.reveal(provider.entityNode(entity.id), { select: true, focus: true, expand: false });
      return true;
    }),
  );
}
