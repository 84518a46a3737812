// Everything the editor features look up, kept in step: the library (sources, entities, names), the passage
// search index, the citation formatter and the word index the quotation checks and Go to Definition share. Each
// part is built on first use, so activation does no work. The two indexes are built in slices of a few
// milliseconds (`searchReady`, `wordIndexReady`): a large library takes seconds to index, and the host keeps
// answering meanwhile.
import type { AmbiguousAlias, Entity, Source } from './types';
import { Library } from './library';
import { PassageIndex } from './search/passageSearch';
import { Citations } from './citations/citations';
import { CitationTargets } from './drafts/citationTargets';
import { SourceWordIndex } from './quotations/sourceWordIndex';
import { SLICE_MS, SharedPauser } from './pauser';
import { prepareKeyCompletion } from './search/keyCompletion';
import { snapshotIndexes, snapshotIndexesInSlices } from './search/indexSnapshot';
import type { LibrarySource, RestoredIndexes, SnapshotFile } from './search/indexSnapshot';
import type { IndexBuilder } from './search/indexBuilding';

export type Listener = () => void;

/** How long a slice of indexing holds the host before it gives the editor its turn (see bench: slicedIndexing). */
export const INDEX_SLICE_MS = SLICE_MS;

/** How many times a build of the word index starts again when the sources change meanwhile. */
const WORD_INDEX_RESTARTS = 3;

/**
 * How long the shared budget stays unused (no job pausing) before a restored search index makes its common prefix
 * bitmaps: after the restore and the long jobs that follow it, while nothing else is waiting for the host.
 */
const PREFIX_SETS_QUIET_MS = 1000;

/** How far a build of an index has come: sources done, of `total`. */
export interface IndexingProgress {
  index: 'search' | 'quotations';
  done: number;
  total: number;
}

export class Sourcebook {
  private searchIndex: PassageIndex | undefined;
  private citationFormatter: Citations | undefined;
  /** The library version the formatter's sources were taken at: they are taken again on next use when it moved. */
  private citationsVersion = -1;
  private sourceWords: SourceWordIndex | undefined;
  /** The word index whose sources' citation rule was last built in slices (`wordsWithCitationNames`). */
  private citationNamesFor: SourceWordIndex | undefined;
  private readonly listeners = new Set<Listener>();
  /**
   * The host's time for the long jobs on this library (reading the writer's sources, finding names, building the
   * indexes), shared: a slice of `INDEX_SLICE_MS` at a time, one job per turn of the event loop.
   */
  readonly slices = new SharedPauser(INDEX_SLICE_MS);
  private searchBuild: Promise<PassageIndex> | undefined;
  private wordsBuild: Promise<SourceWordIndex> | undefined;
  private mentionsRun: Promise<void> | undefined;
  /** Sources added, replaced or removed while the search index was being built: applied to it when it is done. */
  private readonly changedDuringSearchBuild = new Set<string>();
  /** Counts changes of the sources: a word index built over older sources is not kept. */
  private sourcesVersion = 0;
  private readonly progressListeners = new Set<(progress: IndexingProgress) => void>();
  private readonly indexedListeners = new Set<Listener>();
  private prefixSetsRun: Promise<void> = Promise.resolve();

  /**
   * `builder`, where the platform has threads, builds the indexes off the host's thread (search/indexBuilding.ts):
   * the host then only sends the texts and restores the index in slices. Without one, or when it fails, they are
   * built here in slices.
   */
  constructor(
    readonly library: Library,
    private readonly builder?: IndexBuilder,
  ) {}

  /**
   * The passage index behind the quotation picker, built in slices on first use: awaiting `pause` every few
   * milliseconds, so the host keeps answering while a large library is indexed. Later callers wait for the same
   * build; once built, it is kept up to date with the sources.
   */
  searchReady(pause: () => Promise<void> = this.slices.pause): Promise<PassageIndex> {
    if (this.searchIndex) return Promise.resolve(this.searchIndex);
    this.searchBuild ??= this.buildSearch(pause).finally(() => (this.searchBuild = undefined));
    return this.searchBuild;
  }

  /**
   * The word index of the quotation checks and Go to Definition, built in slices on first use after a change (as
   * `searchReady`). A build overtaken by a change of the sources still answers its callers, and is then dropped:
   * the change's listeners ask again.
   */
  wordIndexReady(pause: () => Promise<void> = this.slices.pause): Promise<SourceWordIndex> {
    if (this.sourceWords && this.citationNamesFor === this.sourceWords) return Promise.resolve(this.sourceWords);
    this.wordsBuild ??= this.wordsWithCitationNames(pause).finally(() => (this.wordsBuild = undefined));
    return this.wordsBuild;
  }

  /**
   * The word index (built, or restored), and the rule for which sources a citation names over its sources built in
   * slices too: the quotation checks resolve each citation by it, and a draft citing by author or in notes would
   * otherwise fold every source's names and titles in one block at its first check after each change (23–55 ms at
   * 5,000 references). A rule made later over the same sources takes these (drafts/citationTargets.ts).
   */
  private async wordsWithCitationNames(pause: () => Promise<void>): Promise<SourceWordIndex> {
    const index = this.sourceWords ?? (await this.buildWords(pause));
    if (this.citationNamesFor !== index) {
      await CitationTargets.inSlices([...index.sourcesByKey.values()].map((source) => source.meta), pause);
      this.citationNamesFor = index;
    }
    return index;
  }

  /** True when both indexes are built (or restored) over the library as it is now. */
  get indexed(): boolean {
    return this.searchIndex !== undefined && this.sourceWords !== undefined;
  }

  /** Hears when both indexes are built (after a build finishes, not when one is asked for); returns a function that stops. */
  onIndexed(listener: Listener): () => void {
    this.indexedListeners.add(listener);
    return () => this.indexedListeners.delete(listener);
  }

  private built(): void {
    if (this.indexed) for (const listener of this.indexedListeners) listener();
  }

  /** True while either index is being built. */
  get indexing(): boolean {
    return this.searchBuild !== undefined || this.wordsBuild !== undefined;
  }

  /** Hears how far the builds of the indexes have come; returns a function that stops listening. */
  onIndexingProgress(listener: (progress: IndexingProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  private async buildSearch(pause: () => Promise<void>): Promise<PassageIndex> {
    this.changedDuringSearchBuild.clear();
    const sources = [...this.library.sources];
    const progress = (done: number) => this.progress('search', done, sources.length);
    const index = (await this.passagesBuiltElsewhere(sources, pause, progress)) ?? (await PassageIndex.inSlices(sources, pause, progress));
    // Built in one go meanwhile (by `search`): that one is current.
    if (this.searchIndex) return this.searchIndex;
    // On the shared budget too: a source's passages marked removed one source per turn, and once most of the index
    // is removed, rebuilt in slices (searches meanwhile answer from it, removed passages skipped), never in one go.
    // A source changed again meanwhile is taken again.
    while (this.changedDuringSearchBuild.size > 0 && !this.searchIndex) {
      const key = this.changedDuringSearchBuild.values().next().value as string;
      this.changedDuringSearchBuild.delete(key);
      index.removeSource(key, { pause });
      await pause();
      const source = this.library.source(key);
      if (source) await index.addSourceInSlices(source, pause);
    }
    this.changedDuringSearchBuild.clear();
    if (!this.searchIndex) {
      this.searchIndex = index;
      this.built();
    }
    return this.searchIndex;
  }

  private async buildWords(pause: () => Promise<void>): Promise<SourceWordIndex> {
    // A change of the sources while this builds starts it again (a build over sources that are gone is wasted
    // work), at most `WORD_INDEX_RESTARTS` times: a library that keeps changing (PDFs read one after another) still
    // gets an index to check against, and the next change's listeners ask again.
    for (let restarts = 0; ; restarts++) {
      const version = this.sourcesVersion;
      const sources = [...this.library.sources];
      const overtaken = () => restarts < WORD_INDEX_RESTARTS && version !== this.sourcesVersion;
      const progress = (done: number) => this.progress('quotations', done, sources.length);
      const built = await this.wordsBuiltElsewhere(sources, pause, progress, overtaken);
      if (built === 'overtaken') continue;
      const index = built ?? (await SourceWordIndex.inSlices(sources, pause, progress, overtaken));
      if (this.sourceWords) return this.sourceWords;
      if (!index) continue;
      if (version === this.sourcesVersion) {
        this.sourceWords = index;
        this.built();
      }
      return index;
    }
  }

  /** The passage index over `sources` built by the builder and restored here in slices; undefined when it cannot. */
  private async passagesBuiltElsewhere(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<PassageIndex | undefined> {
    const parts = await this.builder?.passageParts(sources, pause, progress);
    const index = parts && (await PassageIndex.fromSnapshotPartsInSlices(parts, sources, pause));
    // The bitmaps a build in slices makes at its end, so that no keystroke of the first searches makes them.
    await index?.commonPrefixSetsInSlices(pause);
    return index;
  }

  /**
   * The word index over `sources` built by the builder and restored here in slices; undefined when it cannot,
   * 'overtaken' when the sources changed while it was built (it is not restored).
   */
  private async wordsBuiltElsewhere(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void, overtaken: () => boolean): Promise<SourceWordIndex | 'overtaken' | undefined> {
    const parts = await this.builder?.wordParts(sources, pause, progress);
    if (!parts) return undefined;
    if (overtaken()) return 'overtaken';
    return SourceWordIndex.fromSnapshotPartsInSlices(parts, sources, [], pause);
  }

  /**
   * Takes the indexes restored from a snapshot (`OpenedSnapshot.restore`) as built, each that the snapshot held, when
   * they were restored for exactly the library's sources as they are now; returns whether they were taken. A build
   * under way then answers with these; an index the snapshot did not hold is built as usual, on first use.
   */
  adoptIndexes(restored: Pick<RestoredIndexes, 'passages' | 'words' | 'sources'>): boolean {
    const sources = this.library.sources;
    if (!restored.passages && !restored.words) return false;
    if (restored.sources.length !== sources.length || !sources.every((source, i) => restored.sources[i] === source)) return false;
    if (restored.words && (restored.words.sourcesByKey.size !== sources.length || !sources.every((source) => restored.words?.sourcesByKey.get(source.meta.key) === source))) return false;
    if (restored.passages) {
      this.searchIndex = restored.passages;
      this.changedDuringSearchBuild.clear();
      this.prefixSetsRun = this.commonPrefixSetsWhenQuiet(restored.passages);
    }
    if (restored.words) this.sourceWords = restored.words;
    return true;
  }

  /**
   * A restored search index has no prefix bitmaps (a build in slices makes the commonest at its end): once the
   * shared budget is quiet (the restore and the long jobs after it done, so never before the first answers), they are
   * made on it, so that the writer's next keystrokes do not make them. A search meanwhile answers as before, making
   * the one it needs.
   */
  private async commonPrefixSetsWhenQuiet(index: PassageIndex): Promise<void> {
    await this.slices.whenQuiet(PREFIX_SETS_QUIET_MS);
    if (this.searchIndex === index) await index.commonPrefixSetsInSlices(this.slices.pause);
  }

  /** Resolves when the prefix bitmaps of the last restored search index are made (at once when there is none). */
  prefixSetsMade(): Promise<void> {
    return this.prefixSetsRun;
  }

  /**
   * The snapshot (`snapshotIndexes`) of each index already built and in step with the library, with `library` (the
   * library's sources, each with its content hash) as its manifest, and the writer's parsed `files`; undefined when
   * there is nothing to keep: never builds.
   */
  snapshot(library: readonly LibrarySource[], files: readonly SnapshotFile[] = []): Uint8Array | undefined {
    return snapshotIndexes(this.searchIndex, this.sourceWords, library, files);
  }

  /**
   * `snapshot` taking turns on the shared budget (`slices`); undefined also when the library changed meanwhile (the
   * indexes may have changed under it: the next write takes them again).
   */
  async snapshotInSlices(library: readonly LibrarySource[], files: readonly SnapshotFile[] = []): Promise<Uint8Array | undefined> {
    const version = this.library.version;
    const bytes = await snapshotIndexesInSlices(this.searchIndex, this.sourceWords, library, files, this.slices.pause);
    return this.library.version === version ? bytes : undefined;
  }

  private progress(index: IndexingProgress['index'], done: number, total: number): void {
    for (const listener of this.progressListeners) listener({ index, done, total });
  }

  /** The passage index, built in one go on first use (tests, bench); the features await `searchReady`. */
  get search(): PassageIndex {
    this.searchIndex ??= new PassageIndex(this.library.sources);
    return this.searchIndex;
  }

  /** The CSL formatter; citeproc-js itself loads on the first citation. */
  get citations(): Citations {
    // Taken from the library when asked for, not at every change: thousands of sources set one by one (a
    // bibliography file read at a start) would each copy and index every source's facts again, in one block each.
    if (this.citationFormatter && this.citationsVersion !== this.library.version) this.citationFormatter.setSources(this.library.sources.map((s) => s.meta));
    this.citationFormatter ??= new Citations(this.library.sources.map((s) => s.meta), { pause: this.slices.pause });
    this.citationsVersion = this.library.version;
    return this.citationFormatter;
  }

  /**
   * The words of every source paragraph, for the quotation checks of every draft and for Go to Definition: built
   * in one go on first use after a change (0.35 s of CPU at 1,000 sources), once for all of them; the features
   * await `wordIndexReady`. A checker built on it is given the new one with `setIndex` when the library changes.
   */
  get wordIndex(): SourceWordIndex {
    this.sourceWords ??= new SourceWordIndex(this.library.sources);
    return this.sourceWords;
  }

  /** Adds or replaces a source everywhere (library, search, citations, quotation checks). */
  setSource(source: Source): void {
    this.library.setSource(source);
    this.sourcesChanged(source.meta.key);
    if (this.searchIndex) {
      // Over half of the index removed: rebuilt in slices on the shared budget, never in one go.
      this.searchIndex.removeSource(source.meta.key, { pause: this.slices.pause });
      this.searchIndex.addSource(source);
    }
    this.changed();
  }

  /**
   * `setSource` for a long source (a PDF book), or one of thousands: its passages are added a paragraph at a time,
   * awaiting `pause` after each, and listeners hear of it once, at the end. The entities named in it are found later,
   * on the shared budget, by `mentionsReady` (which every reader of mentions awaits).
   */
  async setSourceInSlices(source: Source, pause: () => Promise<void>): Promise<void> {
    this.library.setSourceMentionsLater(source);
    this.sourcesChanged(source.meta.key);
    // Its completion entry too, in this turn: made for 5,000 new sources at the first completion, a 30 ms block.
    prepareKeyCompletion(source);
    await this.searchIndex?.addSourceInSlices(source, pause);
    this.changed();
  }

  /**
   * Resolves when the library knows where every entity is named: the sources set with `setSourceInSlices` are read
   * for names in slices of the shared budget (`slices`). What shows mentions (cards, the Entities view, references,
   * the citation picker's names) awaits this first, so it never shows half-found mentions; listeners hear nothing
   * (the sources did not change: the quotation checks and views need not run again).
   */
  mentionsReady(): Promise<void> {
    if (this.library.mentionsPending === 0 && !this.mentionsRun) return Promise.resolve();
    this.mentionsRun ??= this.findMentions().finally(() => (this.mentionsRun = undefined));
    return this.mentionsRun;
  }

  private async findMentions(): Promise<void> {
    while (this.library.mentionsPending > 0) await this.library.mentionsReady(this.slices.pause);
  }

  /** Replaces the entities (bundled, the writer's entity files, discovered names) and locates them again. */
  setEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[]): void {
    this.library.setEntities(entities, ambiguous);
    this.changed();
  }

  /** `setEntities`, finding the new names in every source a paragraph at a time (see `Library.setEntitiesInSlices`). */
  async setEntitiesInSlices(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[], pause: () => Promise<void>): Promise<void> {
    await this.library.setEntitiesInSlices(entities, ambiguous, pause);
    this.changed();
  }

  removeSource(key: string): void {
    if (!this.library.removeSource(key)) return;
    this.sourcesChanged(key);
    this.searchIndex?.removeSource(key, { pause: this.slices.pause });
    this.changed();
  }

  /** Called after any change; returns a function that stops listening. */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private sourcesChanged(key: string): void {
    this.sourceWords = undefined;
    this.sourcesVersion++;
    // A build under way applies it when done (cleared when a build starts).
    if (!this.searchIndex) this.changedDuringSearchBuild.add(key);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
