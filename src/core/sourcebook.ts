// Everything the editor features look up, kept in step: the library (sources, entities, names), the passage
// search index, the citation formatter and the word index the quotation checks and Go to Definition share. Each
// part is built on first use, so activation does no work.
import type { AmbiguousAlias, Entity, Source } from './types';
import { Library } from './library';
import { PassageIndex } from './search/passageSearch';
import { Citations } from './citations/citations';
import { SourceWordIndex } from './quotations/sourceWordIndex';

export type Listener = () => void;

export class Sourcebook {
  private searchIndex: PassageIndex | undefined;
  private citationFormatter: Citations | undefined;
  private sourceWords: SourceWordIndex | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(readonly library: Library) {}

  /** The passage index behind the quotation picker, built on first search. */
  get search(): PassageIndex {
    this.searchIndex ??= new PassageIndex(this.library.sources);
    return this.searchIndex;
  }

  /** The CSL formatter; citeproc-js itself loads on the first citation. */
  get citations(): Citations {
    this.citationFormatter ??= new Citations(this.library.sources.map((s) => s.meta));
    return this.citationFormatter;
  }

  /**
   * The words of every source paragraph, for the quotation checks of every draft and for Go to Definition: built
   * on first use after a change (0.35 s of CPU at 1,000 sources), once for all of them. A checker built on it is
   * given the new one with `setIndex` when the library changes.
   */
  get wordIndex(): SourceWordIndex {
    this.sourceWords ??= new SourceWordIndex(this.library.sources);
    return this.sourceWords;
  }

  /** Adds or replaces a source everywhere (library, search, citations, quotation checks). */
  setSource(source: Source): void {
    this.library.setSource(source);
    this.sourceWords = undefined;
    if (this.searchIndex) {
      this.searchIndex.removeSource(source.meta.key);
      this.searchIndex.addSource(source);
    }
    this.changed();
  }

  /**
   * `setSource` for a long source (a PDF book): the entities in it and its passages are found a paragraph at a time,
   * awaiting `pause` after each, and listeners hear of it once, at the end.
   */
  async setSourceInSlices(source: Source, pause: () => Promise<void>): Promise<void> {
    if (!(await this.library.setSourceInSlices(source, pause))) return;
    this.sourceWords = undefined;
    await this.searchIndex?.addSourceInSlices(source, pause);
    this.changed();
  }

  /** Replaces the entities (bundled, the writer's entity files, discovered names) and locates them again. */
  setEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[]): void {
    this.library.setEntities(entities, ambiguous);
    this.changed();
  }

  removeSource(key: string): void {
    if (!this.library.removeSource(key)) return;
    this.sourceWords = undefined;
    this.searchIndex?.removeSource(key);
    this.changed();
  }

  /** Called after any change; returns a function that stops listening. */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.citationFormatter?.setSources(this.library.sources.map((s) => s.meta));
    for (const listener of this.listeners) listener();
  }
}
