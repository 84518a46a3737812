// The entity a command was given — by the entity tree, a hover card's link, a keybinding or a test — read the same
// way by every command that takes one (Show Passages, Show Card, Reveal in Sidebar).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { Entity } from '../core/types';

/** The entity id a command was given: an id, or a tree element or descriptor carrying `entityId`. */
export function entityIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { entityId?: unknown }).entityId === 'string') return (arg as { entityId: string }).entityId;
  return undefined;
}

/** The entity a command was given (see `entityIdOf`); when the index has none, the writer is told so. */
export function commandEntity(sourcebook: Sourcebook, arg: unknown): Entity | undefined {
  const id = entityIdOf(arg);
  const entity = id ? sourcebook.library.entity(id) : undefined;
  if (!entity) void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: no entry in the index for "{0}".', String(id ?? '')));
  return entity;
}
