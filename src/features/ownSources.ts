// The writer's own sources: the folders listed in "Sourcebook › Sources: Folders" are read into the same
// Sourcebook as the bundled corpus (sidebar, hovers, citations, quotations, search), watched, and re-read file by
// file as the writer changes them. Every problem goes to the Problems panel on the offending file at its line,
// and to the Sourcebook output channel. People and organisations named in two places but described nowhere are
// found with an NLP library and shown with a plain card. Nothing the writer owns is ever written.
//
// This file is the VS Code side: settings, trust, file watching, timing, the Problems panel and the output. What
// the library holds (bundled corpus, the writer's sources and entities, discovered names, clashing keys) is
// decided by core/sources/libraryComposition.ts, and each file is read by core/sources/ownSourcesLoader.ts.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { Sourcebook } from '../core/sourcebook';
import { Library } from '../core/library';
import type { LibraryData } from '../core/library';
import { bundledData } from '../core/sources/bundledCorpus';
import { LibraryComposition, applyUpdate } from '../core/sources/libraryComposition';
import { OwnSourceFiles, fileKind, fileName } from '../core/sources/ownSourcesLoader';
import type { SourceSightings } from '../core/names/discoverEntities';
import type { NameReader } from '../core/names/nameReader';
import { nameReader } from '../edge/nameReaders';
import { indexBuilder } from '../edge/indexBuilders';
import type { FileSystem } from '../core/fileSystem';
import type { CoreError } from '../core/types';
import type { KnownFile } from '../core/search/indexSnapshot';
import { CommandIds } from '../edge/commandIds';
import { settings } from '../edge/settings';
import { output, registerOutput } from '../edge/output';
import { VscodeFileSystem, joinUriString } from '../edge/vscodeFileSystem';
import { withDiskFiles } from '../edge/diskFiles';
import { pdfReadingStore } from '../edge/pdfReadingStore';
import { settingPathUri } from '../edge/settingPaths';
import { sourceFolderEntries, type SourceFolderEntry } from '../edge/sourceFolders';
import { IndexSnapshots } from '../edge/indexSnapshots';
import type { KeptSourceFiles } from '../edge/indexSnapshots';
import { keptSightings, withSightings } from '../core/names/keptSightings';
import type { ReadSource } from '../core/names/keptSightings';

/** Changes arriving within this time of each other are read together. */
const DEBOUNCE_MS = 200;
/** Discovery waits for the writer's files to settle, then reads only what changed. */
const DISCOVERY_DELAY_MS = 1000;
/** compromise reads about 30 KB a second: each source gets at most this long, so the editor never waits long. */
const DISCOVERY_MS_PER_SOURCE = 400;

/**
 * The Sourcebook of this window: the bundled corpus unless the writer turned it off. The writer's own sources
 * are added by `registerOwnSources` once it is created; its indexes are built in a worker (the browser's script is read
 * under `extensionUri`). (Called by the factory in extension.ts.)
 */
export function createSourcebook(extensionUri?: vscode.Uri): Sourcebook {
  const data: Partial<LibraryData> = settings().includeBundled ? bundledData() : {};
  const builder = indexBuilder({ failed: (message) => output().warn(`The search and quotation indexes could not be built in a worker (${message}); they are built on the extension host's thread from now on.`) }, extensionUri);
  return new Sourcebook(new Library(data, { mentionsComputed: true }), builder);
}

export function registerOwnSources(context: vscode.ExtensionContext, service: SourcebookService): void {
  registerOutput(context);
  const ownSources: OwnSources = new OwnSources(service, undefined, IndexSnapshots.forContext(context, () => ownSources.keptFiles));
  context.subscriptions.push(
    ownSources,
    vscode.commands.registerCommand(CommandIds.reloadSources, () => ownSources.reloadAndReport()),
  );
  ownSources.start();
}

export class OwnSources implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('sourcebook.sources');
  private files: OwnSourceFiles;
  private folders: string[] = [];
  /** How the writer wrote each folder in the setting, by its URI: what messages name. */
  private readonly folderEntries = new Map<string, string>();
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, 'changed' | 'deleted'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** What the Sourcebook holds of the bundled corpus and the writer's files (made when it is first updated). */
  private composition: LibraryComposition | undefined;
  private sightings = new Map<string, ReadSource>();
  /** Reads sources for names: a worker thread on the desktop, slices on the host's thread in the browser. */
  private names: NameReader | undefined;
  private logged = new Set<string>();
  private readonly warnedFolders = new Set<string>();
  private untrustedShown = false;
  private disposed = false;
  /** Increases with every change applied: a discovery run that sees it change stops (a newer one follows). */
  private generation = 0;

  constructor(
    private readonly service: SourcebookService,
    private readonly fs: FileSystem = withDiskFiles(new VscodeFileSystem()),
    /** The indexes kept between starts: restored after the first load, written again after changes. */
    readonly snapshots?: IndexSnapshots,
  ) {
    this.files = this.newFiles();
  }

  start(): void {
    this.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sourcebook.sources')) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      this.service.references.onDidChange(() => void this.enqueue(() => this.apply())),
    );
    if (this.folderSettings().length > 0 || this.workspaceListsFolders()) void this.reload();
  }

  /**
   * Whether the workspace's own settings list sources folders. In an untrusted workspace VS Code hides those
   * values from `get` (the setting is restricted), but `inspect` still shows them: enough to say why they are
   * not loaded.
   */
  private workspaceListsFolders(): boolean {
    const scopes = [undefined, ...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri)];
    return scopes.some((scope) => {
      const inspected = vscode.workspace.getConfiguration('sourcebook', scope).inspect<string[]>('sources.folders');
      return (inspected?.workspaceValue?.length ?? 0) > 0 || (inspected?.workspaceFolderValue?.length ?? 0) > 0;
    });
  }

  /** Settles when every reload and file change asked for so far has been applied. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Reads every folder again (the settings changed, trust was granted, or the writer asked). */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      const configured = this.folderSettings().length > 0 || this.workspaceListsFolders();
      if (!vscode.workspace.isTrusted) {
        if (configured) this.showUntrusted();
        this.files = this.newFiles();
        this.watch([]);
        if (await this.service.peek()) await this.apply();
        return;
      }
      const current = settings();
      if (!configured && !(await this.service.peek())) return; // nothing to add, and nothing built yet to update
      this.folders = this.resolveFolders();
      this.files = this.newFiles();
      this.watch(this.folders);
      const started = Date.now();
      // At a start, the files unchanged since the indexes' snapshot was written are taken from it, not read.
      const pause = (await this.service.get()).slices.pause;
      const known = await this.snapshots?.knownFiles(pause);
      const folderProblems = await this.files.loadAll(this.folders, known, pause);
      this.reportFolders(folderProblems);
      await this.apply(this.takeKeptSightings(known));
      if (this.folders.length > 0) {
        const taken = this.files.taken > 0 ? ` (${this.files.taken} unchanged since the last start, taken from the index snapshot)` : '';
        output().info(`Read ${this.files.size - this.files.taken} file(s) from ${this.folders.length} sources folder(s) in ${Date.now() - started} ms${taken}: ${this.ownSourceCount()} source(s) loaded${current.includeBundled ? ' beside the bundled corpus' : ', bundled corpus off'}.`);
      }
    });
  }

  async reloadAndReport(): Promise<{ sources: number; problems: number }> {
    await Promise.all([this.reload(), this.service.references.reloadAll()]);
    await this.idle();
    let problems = 0;
    this.diagnostics.forEach((_uri, list) => (problems += list.length));
    const result = { sources: this.ownSourceCount(), problems };
    const message = vscode.workspace.isTrusted
      ? vscode.l10n.t('Sourcebook: {0} of your sources loaded, {1} problem(s) in the Problems panel.', result.sources, result.problems)
      : vscode.l10n.t('Sourcebook: this workspace is not trusted, so your own sources are not loaded.');
    void vscode.window.showInformationMessage(message);
    return result;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.discoveryTimer) clearTimeout(this.discoveryTimer);
    this.names?.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.snapshots?.dispose();
    this.diagnostics.dispose();
  }

  // ------------------------------------------------------------------------------------------------------
  // Folders and files

  private newFiles(): OwnSourceFiles {
    return new OwnSourceFiles(this.fs, { maxBytes: settings().maxFileSizeBytes, join: joinUriString, pdfStore: pdfReadingStore(), pause: this.service.pause });
  }

  /** The setting's entries, per workspace folder (it is a resource setting). */
  private folderSettings(): SourceFolderEntry[] {
    return sourceFolderEntries();
  }

  /** Workspace-relative entries are read against their workspace folder; absolute paths and URIs as they are. */
  private resolveFolders(): string[] {
    const result: string[] = [];
    for (const { entry, base } of this.folderSettings()) {
      const uri = settingPathUri(entry, base);
      if (!uri) output().warn(`The sources folder "${entry}" is relative, but no folder is open to read it against: open the workspace, or give an absolute path.`);
      if (uri && !result.includes(uri.toString())) {
        result.push(uri.toString());
        this.folderEntries.set(uri.toString(), entry === uri.fsPath || uri.scheme !== 'file' ? `“${entry}”` : `“${entry}” (${uri.fsPath})`);
      }
    }
    return result;
  }

  private watch(folders: readonly string[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    for (const folder of folders) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.parse(folder, true), '**/*'));
      this.watchers.push(
        watcher,
        watcher.onDidCreate((uri) => this.changed(uri, 'changed')),
        watcher.onDidChange((uri) => this.changed(uri, 'changed')),
        watcher.onDidDelete((uri) => this.changed(uri, 'deleted')),
      );
    }
  }

  private changed(uri: vscode.Uri, kind: 'changed' | 'deleted'): void {
    this.pending.set(uri.toString(), kind);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.readChanges());
    }, DEBOUNCE_MS);
  }

  /** Reads only the files that changed, then brings the Sourcebook up to date. */
  private async readChanges(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    let relevant = false;
    for (const [uri, kind] of batch) {
      if (kind === 'deleted') {
        relevant = this.files.forget(uri) || relevant;
        continue;
      }
      let isFolder = false;
      try {
        isFolder = (await this.fs.stat(uri)).type === 'directory';
      } catch {
        relevant = this.files.forget(uri) || relevant; // gone again before we could read it
        continue;
      }
      if (isFolder) {
        const listing = await this.files.listFolder(uri);
        for (const file of listing.uris) await this.files.readFile(file);
        relevant = relevant || listing.uris.length > 0;
      } else if (fileKind(fileName(uri))) {
        await this.files.readFile(uri);
        output().debug(`Read ${fileName(uri)} again.`);
        relevant = true;
      }
    }
    if (relevant) await this.apply();
  }

  // ------------------------------------------------------------------------------------------------------
  // Bringing the Sourcebook up to date

  /** `kept`: the names discovery found before in the sources loaded now (kept in the snapshot), composed at once. */
  private async apply(kept?: ReadonlyMap<string, ReadSource>): Promise<void> {
    const sourcebook = await this.service.get();
    this.composition ??= new LibraryComposition(bundledData(), sourcebook.library.sources.some((source) => source.origin === 'bundled'));
    const update = await this.composition.updateInSlices(this.files, settings().includeBundled, this.service.references.all(), sourcebook.slices.pause, kept);
    await applyUpdate(sourcebook, update, sourcebook.slices.pause);
    // Before the first search or check after the start: the indexes restored from their snapshot, if one is kept.
    await this.snapshots?.loaded(sourcebook);
    // Then, on the shared budget, the names in the sources set: what shows mentions awaits them.
    void sourcebook.mentionsReady();
    this.generation++;
    await this.showProblems(update.problems, sourcebook.slices.pause);
    this.scheduleDiscovery();
  }

  /** The writer's source files as read now (their hashes and parsed sources, for the indexes' snapshot). */
  get sourceFiles(): OwnSourceFiles {
    return this.files;
  }

  /** What the indexes' snapshot keeps of the writer's files: each as parsed, with the names discovery found in it. */
  get keptFiles(): KeptSourceFiles {
    const files = this.files;
    const sightings = this.sightings;
    return { hashes: () => files.hashes(), snapshotFiles: () => withSightings(files.snapshotFiles(), sightings), taken: files.taken };
  }

  /**
   * At a start, what discovery found in the files as they are now, kept in the snapshot: discovery does not read
   * those again, and the names it found are composed before any name is found in the sources (so they are found once).
   */
  private takeKeptSightings(known: ReadonlyMap<string, KnownFile> | undefined): Map<string, ReadSource> | undefined {
    if (!known) return undefined;
    const kept = keptSightings(known, (uri) => this.files.file(uri));
    for (const [key, read] of kept.exact) this.sightings.set(key, read);
    return kept.guessed;
  }

  /** What this window shows in the Problems panel for `uri` (its own sources' problems). */
  problemsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  private ownSourceCount(): number {
    return this.composition?.ownSources.length ?? 0;
  }

  /**
   * Shows the problems in the Problems panel and the output, a file per turn of the shared budget (`pause`): each
   * file's problems cross to the window in one message, and thousands of them (a bibliography file's) take tens of
   * milliseconds to make and send; their lines in the output a few dozen a turn. A file whose problems are gone is
   * cleared at the end.
   */
  private async showProblems(problems: Map<string, CoreError[]>, pause: () => Promise<void>): Promise<void> {
    const logged = new Set<string>();
    const shown = new Set<string>();
    for (const [file, list] of problems) {
      await pause();
      // A place that is not a file (`zotero`) has no line to show a problem at: the output channel says it.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(file)) {
        for (const problem of list) {
          const key = `${file}\u0000${problem.message}`;
          logged.add(key);
          if (!this.logged.has(key)) output().warn(`${file}: ${problem.message}`);
        }
        continue;
      }
      const uri = vscode.Uri.parse(file, true);
      this.diagnostics.set(uri, list.map(toDiagnostic));
      shown.add(uri.toString());
      const relative = vscode.workspace.asRelativePath(uri);
      let lines = 0;
      for (const problem of list) {
        const key = `${file}\u0000${problem.line ?? 0}\u0000${problem.message}`;
        logged.add(key);
        if (this.logged.has(key)) continue;
        // Each line crosses to the window: a bibliography file's thousand warnings are written a few dozen a turn.
        if (++lines % 50 === 0) await pause();
        const where = `${relative}:${(problem.line ?? 0) + 1}`;
        if (problem.severity === 'warning') output().warn(`${where}: ${problem.message}`);
        else output().error(`${where}: ${problem.message}`);
      }
    }
    const gone: vscode.Uri[] = [];
    this.diagnostics.forEach((uri) => void (shown.has(uri.toString()) || gone.push(uri)));
    for (const uri of gone) this.diagnostics.delete(uri);
    this.logged = logged;
  }

  /** A missing folder: one warning notification (once per folder), and a line in the output. */
  private reportFolders(problems: readonly CoreError[]): void {
    const missing: string[] = [];
    for (const problem of problems) {
      const folder = problem.file ?? '';
      const named = this.folderEntries.get(folder);
      const message = named ? problem.message.split(folder).join(named) : problem.message;
      if (problem.severity === 'warning') output().warn(message);
      else output().error(message);
      if (this.folders.includes(folder) && !this.warnedFolders.has(folder) && problem.severity !== 'warning') {
        this.warnedFolders.add(folder);
        missing.push(message);
      }
    }
    if (missing.length === 0) return;
    const openSettings = vscode.l10n.t('Open Settings');
    const message = missing.length === 1
      ? vscode.l10n.t('Sourcebook: {0}', missing[0])
      : vscode.l10n.t('Sourcebook: {0} sources folders could not be read. {1}', missing.length, missing.join(' '));
    void vscode.window.showWarningMessage(message, openSettings).then((choice) => {
      if (choice !== openSettings) return;
      // Open the settings where the folders are written: the workspace's, or the user's.
      const inWorkspace = vscode.workspace.getConfiguration('sourcebook').inspect('sources.folders')?.workspaceValue !== undefined;
      void vscode.commands.executeCommand(inWorkspace ? 'workbench.action.openWorkspaceSettings' : 'workbench.action.openSettings', inWorkspace ? { query: 'sourcebook.sources.folders' } : 'sourcebook.sources.folders');
    });
  }

  private showUntrusted(): void {
    if (this.untrustedShown) return;
    this.untrustedShown = true;
    const message = vscode.l10n.t('Sourcebook: this workspace is not trusted, so the sources folders it lists are not loaded. The bundled corpus works as usual; trust the workspace to load your own sources.');
    output().warn(message);
    const manage = vscode.l10n.t('Manage Workspace Trust');
    void vscode.window.showInformationMessage(message, manage).then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  // ------------------------------------------------------------------------------------------------------
  // People and organisations nobody described

  private scheduleDiscovery(): void {
    if (this.discoveryTimer) clearTimeout(this.discoveryTimer);
    this.discoveryTimer = setTimeout(() => {
      this.discoveryTimer = undefined;
      void this.discover().catch((error: unknown) => {
        if (!this.disposed) output().error(`Looking for names in your sources failed: ${String(error)}`);
      });
    }, DISCOVERY_DELAY_MS);
  }

  /**
   * Reads the sources that changed for names, between other work: it runs outside the queue, so a file the
   * writer saves meanwhile is read at once, and this run gives up (a newer one is scheduled by that change).
   */
  private async discover(): Promise<void> {
    const generation = this.generation;
    const stale = () => this.disposed || this.generation !== generation;
    const composition = this.composition;
    if (!composition) return;
    const own = composition.ownSources;
    if (own.length === 0 && composition.discovered.length === 0) return;
    const sourcebook = await this.service.get();
    const pause = sourcebook.slices.pause;
    // Started on the first source to read (compromise loads in the worker, or here in the browser); ended on dispose.
    const names = (this.names ??= nameReader(pause, {
      loaded: (where, ms) => {
        if (!this.disposed) output().info(where === 'worker' ? `Loaded the NLP library (compromise) in a worker thread in ${ms} ms: names are read there.` : `Loaded the NLP library (compromise) in ${ms} ms.`);
      },
      failed: (message) => {
        if (!this.disposed) output().error(`Reading names in a worker thread failed (${message}); names are read on the editor's thread, in slices, from now on.`);
      },
    }));
    const next = new Map<string, ReadSource>();
    const started = Date.now();
    let read = 0;
    for (const source of own) {
      if (stale()) return;
      const cached = this.sightings.get(source.meta.key);
      if (cached?.source === source) {
        next.set(source.meta.key, cached);
        continue;
      }
      await pause();
      if (stale()) return;
      // In the worker the host only sends the paragraphs; on the host's thread (the browser) the editor gets its
      // turn after each paragraph (or 4,000 characters of a long one) compromise reads.
      let sightings: SourceSightings;
      try {
        sightings = await names.read(source, DISCOVERY_MS_PER_SOURCE);
      } catch (error) {
        if (!stale()) output().error(`The NLP library could not be loaded, so undescribed people and groups are not shown: ${String(error)}`);
        return;
      }
      if (stale()) return;
      if (sightings.truncated) output().info(`${source.meta.key}: only the first part was searched for names (time limit).`);
      next.set(source.meta.key, { source, read: sightings });
      read++;
    }
    if (stale()) return;
    this.sightings = next;
    const found = composition.undescribed([...next.values()].map((item) => item.read));
    if (read > 0) output().info(`Read ${read} source(s) for names in ${Date.now() - started} ms: ${found.length} person(s) and group(s) not yet described.`);
    // What was read is kept with the files at the next snapshot.
    if (read > 0) this.snapshots?.namesRead(sourcebook);
    if (!composition.discoveryChanged(found)) return;
    await this.enqueue(async () => {
      if (stale()) return;
      const changed = await composition.setDiscoveredInSlices(found, pause);
      if (changed) await sourcebook.setEntitiesInSlices(changed.entities, changed.ambiguous, pause);
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(() => (this.disposed ? undefined : task())).catch((error: unknown) => {
      output().error(`Reading your sources failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.queue = next;
    this.service.track(next);
    return next;
  }
}

function toDiagnostic(problem: CoreError): vscode.Diagnostic {
  const line = Math.max(0, problem.line ?? 0);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, 0, line, 10_000),
    problem.message,
    problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'Sourcebook';
  return diagnostic;
}
