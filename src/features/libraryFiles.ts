// The writer's bibliography files: "Sourcebook › Library: Files" lists .bib (BibTeX, BibLaTeX), .json (CSL-JSON),
// .yaml/.yml (CSL-YAML) and .ris files, read into reference sets (core/references/referenceFiles.ts) that the
// library composes after the sources folders (features/ownSources.ts shows their problems in the Problems panel,
// each at its entry's line, and in the output). Each file is watched and read again within a second of a change.
// A file that cannot be read at all gets one notification saying what to do. Sourcebook never writes to them.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { ReferenceSet } from '../core/references/referenceSet';
import { loadReferenceFile, referenceFormat } from '../core/references/referenceFiles';
import { decodeSource, formatSize } from '../core/sources/sourceParser';
import { fileName } from '../core/sources/ownSourcesLoader';
import { pdfAttachment } from '../edge/pdfAttachments';
import { settings } from '../edge/settings';
import { output, registerOutput } from '../edge/output';
import { settingPathUri } from '../edge/settingPaths';

/** Changes arriving within this time of each other are read together. */
const DEBOUNCE_MS = 150;

export function registerLibraryFiles(context: vscode.ExtensionContext, service: SourcebookService): void {
  registerOutput(context);
  const files = new LibraryFiles(service);
  context.subscriptions.push(files, service.references.registerReader(() => files.reload()));
  files.start();
}

export class LibraryFiles implements vscode.Disposable {
  /** The sets as last read, by file URI, in the setting's order. */
  private sets = new Map<string, ReferenceSet>();
  private uris: string[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Files the writer was told about (once each): a second notification for the same file says nothing new. */
  private readonly notified = new Set<string>();

  constructor(private readonly service: SourcebookService) {}

  start(): void {
    this.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sourcebook.library.files') || event.affectsConfiguration('sourcebook.sources.maxFileSizeMB')) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
    );
    if (this.entries().length > 0) void this.reload();
  }

  /** Reads every listed file again (the setting changed, trust was granted, or "Reload Sources"). */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      this.uris = vscode.workspace.isTrusted ? this.resolve() : [];
      if (!vscode.workspace.isTrusted && this.entries().length > 0) output().warn('This workspace is not trusted: the bibliography files in “Sourcebook › Library: Files” are not read.');
      this.watch(this.uris);
      const previous = this.sets;
      this.sets = new Map();
      for (const uri of this.uris) {
        const set = await this.read(uri, previous.get(uri));
        if (set) this.sets.set(uri, set);
      }
      this.publish();
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work, work).catch((error) => output().error(`Reading the bibliography files failed: ${error instanceof Error ? error.message : String(error)}`));
    this.service.track(this.queue);
    return this.queue;
  }

  private publish(): void {
    this.service.references.set('files', this.uris.map((uri) => this.sets.get(uri)).filter((set): set is ReferenceSet => !!set));
  }

  /** The setting's entries, per workspace folder (it is a resource setting). */
  private entries(): Array<{ entry: string; base?: vscode.Uri }> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const scopes = folders.length > 0 ? folders.map((folder) => folder.uri) : [undefined];
    return scopes.flatMap((base) => settings(base).libraryFiles.filter((entry) => typeof entry === 'string' && entry.trim()).map((entry) => ({ entry: entry.trim(), base })));
  }

  /** Workspace-relative entries are read against their workspace folder; absolute paths and URIs as they are. */
  private resolve(): string[] {
    const uris: string[] = [];
    for (const { entry, base } of this.entries()) {
      const uri = settingPathUri(entry, base);
      if (!uri) output().warn(`The bibliography file "${entry}" is relative, but no folder is open to read it against: open the workspace, or give an absolute path.`);
      if (uri && !uris.includes(uri.toString())) uris.push(uri.toString());
    }
    return uris;
  }

  private watch(uris: readonly string[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    for (const uri of uris) {
      const file = vscode.Uri.parse(uri, true);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(file, '..'), fileName(uri)));
      const changed = () => this.changed(uri);
      this.watchers.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    }
  }

  private changed(uri: string): void {
    this.pending.add(uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      void this.enqueue(async () => {
        for (const changed of batch) {
          if (!this.uris.includes(changed)) continue;
          const set = await this.read(changed, this.sets.get(changed));
          if (set) this.sets.set(changed, set);
          else this.sets.delete(changed);
          output().debug(`Read ${fileName(changed)} again.`);
        }
        this.publish();
      });
    }, DEBOUNCE_MS);
  }

  /** One file's set, or undefined (and a message) when the file cannot be read at all. */
  private async read(uri: string, previous: ReferenceSet | undefined): Promise<ReferenceSet | undefined> {
    const name = fileName(uri);
    const file = vscode.Uri.parse(uri, true);
    const maxBytes = settings().maxFileSizeBytes;
    if (!referenceFormat(name)) return this.cannotRead(uri, `${name} is not a bibliography file Sourcebook reads: list .bib, .json (CSL-JSON), .yaml (CSL-YAML) or .ris files in “Sourcebook › Library: Files”.`);
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.size > maxBytes) return this.cannotRead(uri, `${name} is ${formatSize(stat.size)}, over the ${formatSize(maxBytes)} limit: raise “Sourcebook › Sources: Max File Size MB”, or split the file.`);
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      return this.cannotRead(uri, `The bibliography file ${name} (${file.scheme === 'file' ? file.fsPath : uri}) does not exist or cannot be read: correct or remove it in “Sourcebook › Library: Files”.`);
    }
    const text = decodeSource(bytes, name, maxBytes);
    if (!text.ok) return this.cannotRead(uri, `${text.message.replace(/a source must be Markdown or plain text/, 'a bibliography file is text')} It is not read.`);
    this.notified.delete(uri);
    const started = Date.now();
    const set = await loadReferenceFile(text.value, uri, {
      previous,
      pause: this.service.pause,
      resolve: (origin, path) => (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? vscode.Uri.file(path) : vscode.Uri.joinPath(vscode.Uri.parse(origin, true), '..', path)).toString(),
      readAttachment: (attachment) => this.readAttachment(attachment, maxBytes),
      readPdfAttachment: (attachment) => pdfAttachment(attachment, this.service.pause),
    });
    output().info(`Read ${name} in ${Date.now() - started} ms: ${set.sources.length} entr${set.sources.length === 1 ? 'y' : 'ies'}, ${set.problems.length} problem(s).`);
    return set;
  }

  private async readAttachment(uri: string, maxBytes: number): Promise<string | undefined> {
    try {
      const file = vscode.Uri.parse(uri, true);
      if ((await vscode.workspace.fs.stat(file)).size > maxBytes) return undefined;
      const text = decodeSource(await vscode.workspace.fs.readFile(file), fileName(uri), maxBytes);
      return text.ok ? text.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** A file that cannot be read: a line in the output, and one notification for it (until it reads again). */
  private cannotRead(uri: string, message: string): undefined {
    output().error(message);
    if (this.notified.has(uri)) return undefined;
    this.notified.add(uri);
    const openSettings = vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: {0}', message), openSettings).then((choice) => {
      if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'sourcebook.library.files');
    });
    return undefined;
  }
}

