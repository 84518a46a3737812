import * as vscode from 'vscode';
import { Sourcebook } from '../core/sourcebook';
import { ReferenceSets } from './referenceSets';

/**
 * The one Sourcebook of this window, created on first use (not at activation) and shared by every feature.
 * `onDidChange` fires when sources or entities change, so views refresh through their own events.
 */
export class SourcebookService implements vscode.Disposable {
  private instance: Promise<Sourcebook> | undefined;
  /** Work under way that is changing the library (the writer's sources being read). */
  private changing: Promise<unknown> = Promise.resolve();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  /** The writer's bibliography files and Zotero library as read now (the library is composed from them). */
  readonly references = new ReferenceSets();

  constructor(private readonly create: () => Sourcebook | Promise<Sourcebook>) {}

  /**
   * Awaited between units of the long jobs on the writer's library outside the Sourcebook (reading bibliography
   * files, Zotero, PDFs): the Sourcebook's one budget of host time (`Sourcebook.slices`), so they take turns with
   * each other and with composing, finding names and indexing, one slice per turn of the event loop, instead of
   * each taking its own slice in the same turn.
   */
  readonly pause = (): Promise<void> => this.get().then((sourcebook) => sourcebook.slices.pause());

  get(): Promise<Sourcebook> {
    this.instance ??= Promise.resolve(this.create()).then((sourcebook) => {
      sourcebook.onDidChange(() => this.changes.fire());
      return sourcebook;
    });
    return this.instance;
  }

  /** Notes work that is changing the library, for `settled`. */
  track(work: Promise<unknown>): void {
    this.changing = Promise.all([this.changing, work.catch(() => undefined)]);
  }

  /**
   * The Sourcebook once the changes under way are in it: for checks that would otherwise warn, for a moment at
   * start-up, about a key of a source still being read.
   */
  async settled(): Promise<Sourcebook> {
    const sourcebook = await this.get();
    for (let waited = this.changing; ; waited = this.changing) {
      await waited;
      if (waited === this.changing) return sourcebook;
    }
  }

  /** The Sourcebook if it has already been created, without creating it. */
  async peek(): Promise<Sourcebook | undefined> {
    return this.instance;
  }

  dispose(): void {
    this.changes.dispose();
    this.references.dispose();
  }
}
