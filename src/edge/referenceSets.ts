import * as vscode from 'vscode';
import type { ReferenceSet } from '../core/references/referenceSet';

/**
 * The writer's reference sets as read now, shared by the features that read them (bibliography files, Zotero)
 * and the one that composes the library from them (ownSources.ts). A feature sets its sets; the composer is told.
 * A reader passes its reads to `SourcebookService.track`, so that `settled()` waits for them.
 */
export class ReferenceSets implements vscode.Disposable {
  /** Sets by the reader that gave them: `files` (in the setting's order), `zotero`. */
  private readonly byReader = new Map<string, readonly ReferenceSet[]>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;

  private readonly readers = new Set<() => Promise<void>>();

  /** A reader's way to read its files or library again ("Sourcebook: Reload Sources"). */
  registerReader(reload: () => Promise<void>): vscode.Disposable {
    this.readers.add(reload);
    return new vscode.Disposable(() => this.readers.delete(reload));
  }

  /** Asks every reader to read again; settles when each has set its sets. */
  async reloadAll(): Promise<void> {
    await Promise.all([...this.readers].map((reload) => reload()));
  }

  /** Replaces what `reader` gives (an empty list takes its sets out). */
  set(reader: 'files' | 'zotero', sets: readonly ReferenceSet[]): void {
    if (sets.length === 0 && !this.byReader.has(reader)) return;
    if (sets.length === 0) this.byReader.delete(reader);
    else this.byReader.set(reader, sets);
    this.changes.fire();
  }

  /** Every set, in order of precedence: bibliography files, then Zotero. */
  all(): ReferenceSet[] {
    return [...(this.byReader.get('files') ?? []), ...(this.byReader.get('zotero') ?? [])];
  }

  dispose(): void {
    this.changes.dispose();
  }
}
