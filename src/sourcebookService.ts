import * as vscode from 'vscode';
import { Sourcebook } from './core/sourcebook';

/**
 * The one Sourcebook of this window, created on first use (not at activation) and shared by every feature.
 * `onDidChange` fires when sources or entities change, so views refresh through their own events.
 */
export class SourcebookService implements vscode.Disposable {
  private instance: Promise<Sourcebook> | undefined;
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly create: () => Sourcebook | Promise<Sourcebook>) {}

  get(): Promise<Sourcebook> {
    this.instance ??= Promise.resolve(this.create()).then((sourcebook) => {
      sourcebook.onDidChange(() => this.changes.fire());
      return sourcebook;
    });
    return this.instance;
  }

  /** The Sourcebook if it has already been created, without creating it. */
  async peek(): Promise<Sourcebook | undefined> {
    return this.instance;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
