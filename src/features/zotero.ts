// The writer's Zotero library, read through Zotero 7's local API when "Sourcebook › Zotero: Enabled" is on, and
// given to the library as one reference set (service.references, 'zotero'). The last library read is kept in the
// extension's global storage and used while Zotero is closed or its local API is off; a status bar item says so,
// and Sourcebook reads again when Zotero answers (every 30 seconds, when the window gets focus, on "Reload
// Sources"). The first long read shows a cancellable progress notification. In the browser (vscode.dev) the
// extension cannot reach Zotero — Zotero's server answers no cross-origin request — and says so once.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { output } from '../edge/output';
import { loadZoteroLibrary, parseSnapshot, readTime, snapshotJson } from '../core/references/zoteroReader';
import type { ZoteroSnapshot } from '../core/references/zoteroReader';
import type { ReferenceSet } from '../core/references/referenceSet';
import { pdfAttachment } from '../edge/pdfAttachments';

const POLL_MS = 30_000;
const SNAPSHOT_FILE = 'zotero-library.json';
export const ZOTERO_DEFAULT_URL = 'http://127.0.0.1:23119';
export const BROWSER_MESSAGE = 'Sourcebook reads Zotero only in VS Code on the desktop: in the browser, Zotero’s local API cannot be reached (it answers no web page).';

/** What the reader needs of the window, so a test can build one with its own storage and message sink. */
export interface ZoteroReaderDeps {
  storage: vscode.Uri;
  /** Shows a warning with actions; resolves to the one chosen. */
  warn?: (message: string, ...actions: string[]) => Thenable<string | undefined>;
  /** Runs in a web worker (the browser extension host). */
  inBrowser?: boolean;
  /** Where a problem of the library (an unreadable attachment) is written; the Output channel by default. */
  logProblem?: (message: string) => void;
}

const zoteroSettings = () => {
  const config = vscode.workspace.getConfiguration('sourcebook');
  return { enabled: config.get<boolean>('zotero.enabled', false), url: config.get<string>('zotero.url', ZOTERO_DEFAULT_URL).trim() || ZOTERO_DEFAULT_URL };
};

/** The web worker extension host has `importScripts`; Node's has not. */
const runsInBrowser = (): boolean => typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';

export function registerZotero(context: vscode.ExtensionContext, service: SourcebookService): void {
  const reader = new ZoteroReader(service, { storage: context.globalStorageUri });
  context.subscriptions.push(
    reader,
    service.references.registerReader(() => reader.read('reload')),
    vscode.commands.registerCommand(CommandIds.useZotero, () => reader.turnOn()),
  );
  reader.start();
}

export class ZoteroReader implements vscode.Disposable {
  readonly statusBar = vscode.window.createStatusBarItem('sourcebook.zotero', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private poll: ReturnType<typeof setInterval> | undefined;
  private current: ReferenceSet | undefined;
  private snapshot: ZoteroSnapshot | undefined;
  private reading: Promise<void> | undefined;
  private readonly told = new Set<string>();
  /** The problems of the last library read, as logged: a problem is logged when it appears, not at every read. */
  private logged = new Set<string>();
  private disposed = false;

  constructor(
    private readonly service: SourcebookService,
    private readonly deps: ZoteroReaderDeps,
  ) {
    this.statusBar.name = vscode.l10n.t('Sourcebook: Zotero');
    this.statusBar.command = CommandIds.reloadSources;
  }

  start(): void {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sourcebook.zotero')) void this.read('settings');
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.poll) void this.read('focus');
      }),
    );
    if (zoteroSettings().enabled) void this.read('start');
  }

  /** The walkthrough's button: turns the setting on (for every workspace) and reads the library. */
  async turnOn(): Promise<number | undefined> {
    if (!zoteroSettings().enabled) await vscode.workspace.getConfiguration('sourcebook').update('zotero.enabled', true, vscode.ConfigurationTarget.Global);
    await this.read('reload');
    const read = this.current?.sources.length;
    if (read !== undefined && !this.statusBar.text) void vscode.window.showInformationMessage(vscode.l10n.t('Sourcebook: {0} items read from your Zotero library.', read));
    return read;
  }

  /** Reads the library (one read at a time; a read asked for during one follows it). */
  read(reason: 'start' | 'reload' | 'settings' | 'poll' | 'focus'): Promise<void> {
    const next = (this.reading ?? Promise.resolve()).then(() => this.readNow(reason)).catch((error: unknown) => output().error(`Reading Zotero failed: ${String(error)}`));
    this.reading = next;
    this.service.track(next);
    return next;
  }

  private async readNow(reason: string): Promise<void> {
    const { enabled, url } = zoteroSettings();
    if (this.disposed) return;
    if (!enabled) {
      this.stopPolling();
      this.statusBar.hide();
      this.statusBar.text = '';
      this.current = undefined;
      this.service.references.set('zotero', []);
      return;
    }
    if (this.deps.inBrowser ?? runsInBrowser()) {
      this.tellOnce('browser', BROWSER_MESSAGE);
      return;
    }
    const firstRead = !this.current && !(await this.loadSnapshot());
    const started = Date.now();
    const result = await this.withProgress(firstRead && (reason === 'start' || reason === 'reload' || reason === 'settings'), (progress, signal) =>
      loadZoteroLibrary({ get: (address, init) => fetch(address, init), baseUrl: url, signal, progress, pause: this.service.pause, readText, readPdf: (location) => pdfAttachment(location, this.service.pause), previous: this.current ?? this.snapshot?.set }),
    );
    if (this.disposed) return;
    if (result.ok) {
      this.stopPolling();
      this.statusBar.hide();
      this.statusBar.text = '';
      this.give(result.value);
      this.snapshot = { url, readAt: new Date().toISOString(), set: result.value };
      output().info(`Read ${result.value.sources.length} item(s) from Zotero at ${url} in ${Date.now() - started} ms.`);
      this.logProblems(result.value.problems.map((problem) => `Zotero: ${problem.message}`));
      await this.saveSnapshot(this.snapshot);
      return;
    }
    const reasonOf = 'reason' in result ? result.reason : 'failed';
    if (reasonOf === 'cancelled') return;
    output().warn(result.message);
    const kept = this.snapshot?.url === url ? this.snapshot : undefined;
    if (kept && !this.current) this.give(kept.set);
    this.showStatus(reasonOf === 'off' ? 'off' : reasonOf === 'closed' ? 'closed' : 'failed', kept?.readAt);
    if (reasonOf === 'off' || reasonOf === 'failed') this.tellOnce(reasonOf, result.message);
    else this.tellOnce('closed', kept ? vscode.l10n.t('Sourcebook: Zotero is not running, so your Zotero library as read at {0} is used. Start Zotero and Sourcebook reads it again.', readTime(kept.readAt)) : vscode.l10n.t('Sourcebook: Zotero is not running: start Zotero and Sourcebook reads your library.'));
    this.startPolling();
  }

  /**
   * Logs the problems of this read that the last read did not have (a missing PDF is one line, not one per read); a
   * problem that goes away and comes back, or changes, is logged again.
   */
  private logProblems(problems: readonly string[]): void {
    const log = this.deps.logProblem ?? ((message: string) => output().warn(message));
    for (const problem of problems) if (!this.logged.has(problem)) log(problem);
    this.logged = new Set(problems);
  }

  /** What the status bar says, for tests and for the writer. */
  get status(): string {
    return this.statusBar.text;
  }

  private showStatus(state: 'off' | 'closed' | 'failed', readAt: string | undefined): void {
    const using = readAt ? vscode.l10n.t('using the library read at {0}', readTime(readAt)) : vscode.l10n.t('no library read yet');
    const what = { off: vscode.l10n.t('Zotero’s local API is off'), closed: vscode.l10n.t('Zotero closed'), failed: vscode.l10n.t('Zotero not read') }[state];
    this.statusBar.text = `$(library) ${what} — ${using}`;
    this.statusBar.tooltip = vscode.l10n.t('Sourcebook reads your Zotero library again when Zotero answers. Click to read it now.');
    this.statusBar.show();
  }

  private give(set: ReferenceSet): void {
    this.current = set;
    this.service.references.set('zotero', [set]);
  }

  private tellOnce(what: string, message: string): void {
    if (this.told.has(what)) return;
    this.told.add(what);
    const openSettings = vscode.l10n.t('Open Settings');
    const warn = this.deps.warn ?? ((text: string, ...actions: string[]) => vscode.window.showWarningMessage(text, ...actions));
    void Promise.resolve(warn(message.startsWith('Sourcebook') ? message : `Sourcebook: ${message}`, openSettings)).then((choice) => {
      if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'sourcebook.zotero');
    });
  }

  private startPolling(): void {
    this.poll ??= setInterval(() => void this.read('poll'), POLL_MS);
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  private async withProgress<T>(visible: boolean, work: (progress: (read: number, total: number) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    if (!visible) return work(() => undefined, abort.signal);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sourcebook: reading your Zotero library'), cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      let shown = 0;
      return work((read, total) => {
        progress.report({ message: vscode.l10n.t('{0} of {1} items', read, total), increment: total > 0 ? ((read - shown) / total) * 100 : undefined });
        shown = read;
      }, abort.signal);
    });
  }

  private get snapshotUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.storage, SNAPSHOT_FILE);
  }

  /** The kept copy, read once; whether there is one. */
  private async loadSnapshot(): Promise<boolean> {
    if (this.snapshot) return true;
    try {
      const parsed = parseSnapshot(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.snapshotUri)));
      if (parsed.ok) this.snapshot = parsed.value;
      else output().warn(parsed.message);
    } catch {
      // nothing kept yet
    }
    return this.snapshot !== undefined;
  }

  private async saveSnapshot(snapshot: ZoteroSnapshot): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(this.deps.storage);
      await vscode.workspace.fs.writeFile(this.snapshotUri, new TextEncoder().encode(snapshotJson(snapshot)));
    } catch (error) {
      output().warn(`The Zotero library could not be kept for when Zotero is closed: ${String(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopPolling();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.statusBar.dispose();
  }
}

/** An attachment's text from disk: a `file:` URL (stored in Zotero) or a path (a linked file). */
async function readText(location: string): Promise<string | undefined> {
  try {
    const uri = location.startsWith('file:') ? vscode.Uri.parse(location, true) : vscode.Uri.file(location);
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

