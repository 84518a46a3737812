// The search and quotation indexes, and the writer's source files as parsed, kept between starts (issue 19). At a
// start the snapshot in the extension's storage is opened first (its checksum checked in slices): a source file whose
// modification time and size are unchanged is taken from it as parsed instead of being read (`knownFiles`); once the
// sources are loaded, each index the snapshot holds is restored (only changed and new sources are indexed again), the
// others built in slices as before, on first use. The snapshot is written again with what is built — the parsed files,
// and each index built and in step with the library — once the first indexing is done, and after the library changed
// and it has been quiet for a while; a start that changed nothing writes nothing. Nothing in the writer's folders is
// written. With each kept file go the names discovery found in it and where each name is mentioned in it (under a
// fingerprint of the names): a restart composes the discovered names first and takes the mentions of unchanged files
// (`takeMentions`), so the names are found once, and only in what changed.
import type * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import { contentHash } from '../core/text/contentHash';
import type { IndexSnapshotStore, KnownFile, LibrarySource, OpenedSnapshot, SnapshotFile } from '../core/search/indexSnapshot';
import { SnapshotKeeper, openFromStore } from '../core/search/snapshotKeeper';
import { keptMentions, withMentionsSteps } from '../core/names/keptMentions';
import { runStepsInSlices } from '../core/pauser';
import type { Source } from '../core/types';
import { indexSnapshotStore } from './indexSnapshotStore';
import { output } from './output';

/** What the snapshot keeps of the writer's files (OwnSourceFiles). */
export interface KeptSourceFiles {
  /** The content hash of each source read from a file (a bibliography entry, a Zotero item has none). */
  hashes(): Map<Source, string>;
  /** The source files as parsed, that a snapshot can keep. */
  snapshotFiles(): SnapshotFile[];
  /** How many files the last full load took from the snapshot. */
  readonly taken: number;
}

export class IndexSnapshots implements vscode.Disposable {
  private keeper: SnapshotKeeper | undefined;
  /** The library the indexes were last seen built over, with its hashes: the snapshot's manifest. */
  private current: LibrarySource[] = [];
  private opened: Promise<OpenedSnapshot | undefined> | undefined;
  /** The files kept in the snapshot, as the first load was given them (their mentions are taken at the start). */
  private known: ReadonlyMap<string, KnownFile> | undefined;
  private started: Promise<void> | undefined;
  private firstWrite: Promise<void> | undefined;
  private readonly stopListening: Array<() => void> = [];
  private disposed = false;
  /** Something the snapshot in the store does not have yet: a file read, an index built, the library changed. */
  private dirty = true;
  /** Content hashes of the bundled sources, by source (their paragraphs' text: the corpus is fixed per build). */
  private readonly bundledHashes = new WeakMap<Source, string>();

  /** `files` gives the writer's source files as read now (OwnSources.sourceFiles). */
  constructor(
    private readonly store: () => Promise<IndexSnapshotStore | undefined>,
    private readonly files: () => KeptSourceFiles,
  ) {}

  static forContext(context: vscode.ExtensionContext, files: () => KeptSourceFiles): IndexSnapshots {
    let store: Promise<IndexSnapshotStore | undefined> | undefined;
    return new IndexSnapshots(() => (store ??= indexSnapshotStore(context)), files);
  }

  /**
   * The writer's files kept in the snapshot, by URI, for the first load of the sources (undefined after it, or when
   * none is kept or it is refused): its checksum is checked a run at a time, awaiting `pause` between runs.
   */
  async knownFiles(pause: () => Promise<void>): Promise<ReadonlyMap<string, KnownFile> | undefined> {
    if (this.opened || this.started) return undefined;
    this.opened = this.store().then((store) => (store && !this.disposed ? openFromStore(store, pause) : undefined));
    try {
      this.known = (await this.opened)?.knownFiles();
      return this.known;
    } catch {
      return undefined;
    }
  }

  /**
   * The library was loaded (called after each update of the Sourcebook). The first call restores the indexes from
   * the snapshot, settling then. From then on the snapshot is written with what is built: at once the first time both
   * indexes are built (the first search and quotation check ask for them), later once the library has been quiet. No
   * index is built for the snapshot's sake.
   */
  loaded(sourcebook: Sourcebook): Promise<void> {
    if (this.started) {
      // A later update: a file read again, removed, a bibliography changed.
      this.dirty = true;
      void this.started.then(() => this.refresh(sourcebook));
      return this.started;
    }
    this.started = this.start(sourcebook).catch((error: unknown) => {
      output().warn(`The search index could not be restored: ${error instanceof Error ? error.message : String(error)}. It is built as usual.`);
    });
    return this.started;
  }

  /** Names were discovered in sources read for them: the snapshot, which keeps them with the files, is written again. */
  namesRead(sourcebook: Sourcebook): void {
    if (!this.started) return;
    this.dirty = true;
    void this.started.then(() => this.refresh(sourcebook));
  }

  /** The library's sources with their content hashes: the snapshot's manifest. */
  async library(sourcebook: Sourcebook): Promise<LibrarySource[]> {
    const own = this.files().hashes();
    const library: LibrarySource[] = [];
    for (const source of sourcebook.library.sources) {
      let hash = own.get(source);
      if (hash === undefined && source.origin === 'bundled') {
        hash = this.bundledHashes.get(source);
        if (hash === undefined) {
          hash = await contentHash(`bundled\n${source.paragraphs.map((paragraph) => paragraph.text).join('\n')}`);
          this.bundledHashes.set(source, hash);
        }
      }
      library.push({ source, hash });
    }
    return library;
  }

  dispose(): void {
    this.disposed = true;
    for (const stop of this.stopListening) stop();
    this.keeper?.dispose();
  }

  private async start(sourcebook: Sourcebook): Promise<void> {
    const store = await this.store();
    if (!store || this.disposed) return;
    const started = Date.now();
    const opened = await (this.opened ?? openFromStore(store, sourcebook.slices.pause));
    this.opened = Promise.resolve(undefined);
    // Names still to be found in unchanged files (kept under other names): the snapshot is written again with them.
    const mentionsMissing = this.takeMentions(sourcebook);
    this.current = await this.library(sourcebook);
    const keeper = new SnapshotKeeper(store, () => this.take(sourcebook));
    this.keeper = keeper;
    const files = this.files();
    let complete = false;
    const restored = opened && !this.disposed ? await opened.restore(this.current, sourcebook.slices.pause) : undefined;
    if (restored && !this.disposed && sourcebook.adoptIndexes(restored)) {
      const parts = [restored.passages ? 'search' : '', restored.words ? 'quotation' : ''].filter(Boolean).join(' and ');
      output().info(`Restored the ${parts} index${restored.passages && restored.words ? 'es' : ''} in ${Date.now() - started} ms: ${restored.reused.length} source(s) from the snapshot, ${restored.indexed.length} indexed again, ${restored.removed.length} gone.`);
      complete = restored.passages !== undefined && restored.words !== undefined && restored.indexed.length === 0 && restored.removed.length === 0;
    }
    // Nothing to write when the files and both indexes came from the snapshot as they are now.
    this.dirty = !(complete && files.taken === files.snapshotFiles().length) || mentionsMissing;
    let first = !sourcebook.indexed;
    this.stopListening.push(
      sourcebook.onIndexed(() => {
        this.dirty = true;
        const now = first;
        first = false;
        const write = this.library(sourcebook).then((library) => {
          this.current = library;
          if (now) return keeper.flush();
          keeper.changed();
        });
        if (now) this.firstWrite = write;
      }),
      // One index built (a session that only searches, or only checks quotations): kept once it has been quiet.
      sourcebook.onIndexingProgress((progress) => {
        if (progress.done !== progress.total) return;
        this.dirty = true;
        void this.refresh(sourcebook);
      }),
    );
    if (!sourcebook.indexed && this.dirty) keeper.changed();
    else if (sourcebook.indexed && this.dirty) this.firstWrite = keeper.flush();
  }

  /**
   * Before the names are found in the sources loaded at the start: each unchanged file takes the mentions kept with
   * it, when the names are those they were found with (the same fingerprint); the others are read for names as usual.
   */
  private takeMentions(sourcebook: Sourcebook): boolean {
    const known = this.known;
    this.known = undefined;
    if (!known || this.disposed) return false;
    const files = this.files();
    const byUri = new Map<string, { source?: Source; hash?: string }>();
    for (const [source, hash] of files.hashes()) byUri.set(source.origin, { source, hash });
    const taken = sourcebook.library.takeMentions(keptMentions(known, (uri) => byUri.get(uri)));
    if (taken > 0) output().info(`Took where each name is mentioned in ${taken} unchanged source(s) from the index snapshot.`);
    return files.snapshotFiles().some((file) => !sourcebook.library.mentionsFound(file.source.meta.key));
  }

  /** The library changed, or an index was built: the snapshot is written once it has been quiet. */
  private async refresh(sourcebook: Sourcebook): Promise<void> {
    if (this.disposed || !this.keeper) return;
    this.current = await this.library(sourcebook);
    this.keeper.changed();
  }

  /**
   * The snapshot to write, when the store's is behind (`dirty`), taken in slices; none when the library changed
   * meanwhile (the change writes it again once quiet).
   */
  private async take(sourcebook: Sourcebook): Promise<Uint8Array | undefined> {
    if (!this.dirty || this.disposed) return undefined;
    this.dirty = false;
    // With where each name is mentioned: written once the names in the sources are found.
    await sourcebook.mentionsReady();
    // Taken on the shared budget from its first step: called when an index is built, whose last slice has spent it.
    const { pause } = sourcebook.slices;
    await pause();
    const version = sourcebook.library.version;
    const files = await runStepsInSlices(withMentionsSteps(this.files().snapshotFiles(), sourcebook.library), pause);
    await pause();
    const bytes = sourcebook.library.version === version ? await sourcebook.snapshotInSlices(this.current, files) : undefined;
    if (!bytes) this.dirty = true;
    return bytes;
  }

  /** Settles once the first snapshot was written (after the first indexing), for the tests. */
  async written(): Promise<void> {
    await this.started;
    await this.firstWrite;
  }
}
