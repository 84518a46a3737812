// Everything the editor features look up, kept in step: the library (sources, entities, names), the passage
// search index and the citation formatter. Each part is built on first use, so activation does no work.
import type { AmbiguousAlias, Entity, Source } from './types';
import { Library } from './library';
import { PassageIndex } from './search/passageSearch';
import { Citations } from './citations/citations';
import { QuotationChecker } from './quotations/quotationCheck';
import type { DraftFormat } from './quotations/quotationFinder';

export type Listener = () => void;

export class Sourcebook {
  private searchIndex: PassageIndex | undefined;
  private citationFormatter: Citations | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly checkers = new Set<QuotationChecker>();

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

  /** A quotation checker for one draft, kept up to date with the library's sources. */
  quotationChecker(format?: DraftFormat): QuotationChecker & { dispose(): void } {
    const checker = new QuotationChecker(this.library.sources, { format });
    this.checkers.add(checker);
    return Object.assign(checker, { dispose: () => void this.checkers.delete(checker) });
  }

  /** Adds or replaces a source everywhere (library, search, citations, quotation checks). */
  setSource(source: Source): void {
    this.library.setSource(source);
    if (this.searchIndex) {
      this.searchIndex.removeSource(source.meta.key);
      this.searchIndex.addSource(source);
    }
    this.changed();
  }

  /** Replaces the entities (bundled, the writer's entity files, discovered names) and locates them again. */
  setEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[]): void {
    this.library.setEntities(entities, ambiguous);
    this.changed();
  }

  removeSource(key: string): void {
    if (!this.library.removeSource(key)) return;
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
    for (const checker of this.checkers) checker.setSources(this.library.sources);
    for (const listener of this.listeners) listener();
  }
}
