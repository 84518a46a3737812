// The search and quotation indexes kept between starts (issue 19): once the writer's sources are first loaded, the
// indexes are restored from the snapshot in the extension's storage (only changed and new sources are indexed
// again), or else built in slices as before, on first use; the snapshot is written once both are built, and again
// whenever they are rebuilt after the library changed and it has been quiet for a while. Nothing in the writer's
// folders is written.
import type * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import { contentHash } from '../core/text/contentHash';
import type { IndexSnapshotStore, LibrarySource } from '../core/search/indexSnapshot';
import { SnapshotKeeper, restoreFromStore } from '../core/search/snapshotKeeper';
import type { Source } from '../core/types';
import { indexSnapshotStore } from './indexSnapshotStore';
import { output } from './output';

export class IndexSnapshots implements vscode.Disposable {
  private keeper: SnapshotKeeper | undefined;
  /** The library the indexes were last seen built over, with its hashes: the snapshot's manifest. */
  private current: LibrarySource[] = [];
  private started: Promise<void> | undefined;
  private firstWrite: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;
  private disposed = false;
  /** Content hashes of the bundled sources, by source (their paragraphs' text: the corpus is fixed per build). */
  private readonly bundledHashes = new WeakMap<Source, string>();

  /**
   * `hashes` gives the content hash of each of the writer's sources read from a file (OwnSourceFiles.hashes); a
   * source without one (a bibliography entry, a Zotero item) is always indexed again.
   */
  constructor(
    private readonly store: () => Promise<IndexSnapshotStore | undefined>,
    private readonly hashes: () => Map<Source, string>,
  ) {}

  static forContext(context: vscode.ExtensionContext, hashes: () => Map<Source, string>): IndexSnapshots {
    let store: Promise<IndexSnapshotStore | undefined> | undefined;
    return new IndexSnapshots(() => (store ??= indexSnapshotStore(context)), hashes);
  }

  /**
   * The library was loaded (called after each update of the Sourcebook). The first call restores the indexes from
   * the snapshot, settling then. From then on, each time both indexes are built (as the features ask for them: the
   * first search or quotation check, and after a change of the library) the snapshot is written: the first time at
   * once, later once the library has been quiet. No index is built for the snapshot's sake.
   */
  loaded(sourcebook: Sourcebook): Promise<void> {
    this.started ??= this.start(sourcebook).catch((error: unknown) => {
      output().warn(`The search index could not be restored: ${error instanceof Error ? error.message : String(error)}. It is built as usual.`);
    });
    return this.started;
  }

  /** The library's sources with their content hashes: the snapshot's manifest. */
  async library(sourcebook: Sourcebook): Promise<LibrarySource[]> {
    const own = this.hashes();
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
    this.stopListening?.();
    this.keeper?.dispose();
  }

  private async start(sourcebook: Sourcebook): Promise<void> {
    const store = await this.store();
    if (!store || this.disposed) return;
    this.current = await this.library(sourcebook);
    const keeper = new SnapshotKeeper(store, () => sourcebook.snapshot(this.current));
    this.keeper = keeper;
    const started = Date.now();
    // One piece of work: about 680 ms of the host's time for a 150 MB library (the bench's restore row).
    const restored = await restoreFromStore(store, this.current);
    const adopted = restored !== undefined && !this.disposed && sourcebook.adoptIndexes(restored.passages, restored.words);
    if (restored && adopted) {
      output().info(`Restored the search index in ${Date.now() - started} ms: ${restored.reused.length} source(s) from the snapshot, ${restored.indexed.length} indexed again, ${restored.removed.length} gone.`);
      if (restored.indexed.length > 0 || restored.removed.length > 0) this.firstWrite = keeper.flush();
    }
    let first = !adopted;
    this.stopListening = sourcebook.onIndexed(() => {
      const now = first;
      first = false;
      const write = this.library(sourcebook).then((library) => {
        this.current = library;
        if (now) return keeper.flush();
        keeper.changed();
      });
      if (now) this.firstWrite = write;
    });
  }

  /** Settles once the first snapshot was written (after the first indexing), for the tests. */
  async written(): Promise<void> {
    await this.started;
    await this.firstWrite;
  }
}
