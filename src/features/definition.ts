// From a name to its passages: Go to Definition / Peek on an entity name shows where the sources name it (in the
// reader documents); "Show Passages" picks one of those mentions; "Show Card" opens the entity's full card.
import * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';
import type { Mention } from '../core/types';
import { mentionSnippet, pickText } from '../core/card';
import { sourceLabel } from '../core/readerText';
import { CommandIds } from '../commandIds';
import { draftSelector } from '../settings';
import { toRange } from '../vscodeTypes';
import { READER_LANGUAGE, cardUri, openReaderDocument, readerRange } from './sourceReader';

/** The entity id a command was given: an id, or a tree element or descriptor carrying `entityId`. */
export function entityIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { entityId?: unknown }).entityId === 'string') return (arg as { entityId: string }).entityId;
  return undefined;
}

/** Go to Definition / Peek: the mentions of the name under the cursor, in the reader documents of the sources. */
export class EntityDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly service: SourcebookService) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[] | undefined> {
    const sourcebook = await this.service.get();
    const lineAt = (line: number) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
    const found = sourcebook.library.entityAtPosition(lineAt, { line: position.line, character: position.character });
    const ids = found?.match.entityId ? [found.match.entityId] : (found?.match.candidates ?? []);
    if (!found || ids.length === 0) return undefined;
    const origin = toRange(found.range);
    const links: vscode.LocationLink[] = [];
    for (const id of ids) {
      for (const { source, mentions } of sourcebook.library.sourcesMentioning(id)) {
        if (token.isCancellationRequested) return undefined;
        const reader = await openReaderDocument(this.service, source.meta.key);
        if (!reader) continue;
        for (const mention of mentions) {
          const target = readerRange(reader, mention.paragraph, mention.start, mention.end);
          if (!target) continue;
          const paragraph = readerRange(reader, mention.paragraph) ?? target;
          links.push({ originSelectionRange: origin, targetUri: reader.uri, targetRange: paragraph, targetSelectionRange: target });
        }
      }
    }
    return links;
  }
}

interface PassageItem extends vscode.QuickPickItem {
  key: string;
  mention: Mention;
}

/** "Show Passages": a quick pick of the passages that name the entity; the chosen one opens in the reader. */
export async function showPassages(service: SourcebookService, arg: unknown): Promise<void> {
  const id = entityIdOf(arg);
  const sourcebook = await service.get();
  const entity = id ? sourcebook.library.entity(id) : undefined;
  if (!entity) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: no entry in the index for "{0}".', String(id ?? '')));
    return;
  }
  const items: PassageItem[] = [];
  for (const { source, mentions } of sourcebook.library.sourcesMentioning(entity.id)) {
    for (const mention of mentions) {
      const paragraph = sourcebook.library.paragraph(source.meta.key, mention.paragraph);
      if (!paragraph) continue;
      items.push({
        label: pickText(mentionSnippet(paragraph.text, mention)),
        description: pickText(`${sourceLabel(source.meta, 40)}, para. ${mention.paragraph}`),
        key: source.meta.key,
        mention,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sourcebook: no source names {0}.', entity.name));
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: pickText(vscode.l10n.t('Passages naming {0} ({1})', entity.name, items.length)),
    placeHolder: vscode.l10n.t('Type to filter; Enter opens the passage in the source reader'),
    matchOnDescription: true,
  });
  if (picked) await vscode.commands.executeCommand(CommandIds.openSource, picked.key, picked.mention.paragraph, { start: picked.mention.start, end: picked.mention.end });
}

/** "Show Card": the entity's full card (every fact, every passage) in the Markdown preview. */
export async function showEntityCard(service: SourcebookService, arg: unknown): Promise<vscode.Uri | undefined> {
  const id = entityIdOf(arg);
  const sourcebook = await service.get();
  const entity = id ? sourcebook.library.entity(id) : undefined;
  if (!entity) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: no entry in the index for "{0}".', String(id ?? '')));
    return undefined;
  }
  const uri = cardUri(entity.id, entity.name);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
  return uri;
}

export function registerEntityNavigation(context: vscode.ExtensionContext, service: SourcebookService): void {
  const selector: vscode.DocumentSelector = [...(draftSelector as vscode.DocumentFilter[]), { language: READER_LANGUAGE }];
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(selector, new EntityDefinitionProvider(service)),
    vscode.commands.registerCommand(CommandIds.showPassages, (arg: unknown) => showPassages(service, arg)),
    vscode.commands.registerCommand(CommandIds.showEntityCard, (arg: unknown) => showEntityCard(service, arg)),
  );
}
