// What the Sourcebook's library holds when the writer has sources of their own: the bundled corpus (unless they
// turned it off), their sources and entity files, and the people and groups discovered in their sources. The
// rules, in one place:
// - A key is the bundled corpus's while it is on: a writer's source with a bundled key is reported on its file,
//   at its `key:` line, and not loaded; with the corpus off it loads. (Two of the writer's files with one key:
//   see `OwnSourceFiles.resolve`.)
// - The writer's reference sets (bibliography files in the order `sourcebook.library.files` lists them, then
//   Zotero) come after their sources folders: a key is the first of bundled corpus, sources folders, bibliography
//   files, Zotero that has it (a source with text wins over a bare reference of the same key). Every later place
//   that has the key gets one warning at its entry naming the place whose source is used; that source loads.
// - Entities: the bundled ones (unless off), then the writer's, whose entity replaces a bundled one of the same
//   id, then the discovered names whose id nobody described. A name the bundled corpus or the writer already
//   describes is never discovered. Then the authors and editors of every source in the library (names/authorEntities.ts).
// - What an entity file points at (facts citing `key#n`, related ids) is checked against the whole library:
//   bundled and own sources, every entity.
// - Every problem stays on its own file: one broken file never hides the others.
//
// Pure: the VS Code side (features/ownSources.ts) reads the files, applies each update to the Sourcebook (with
// pauses, so thousands of sources never freeze the editor) and shows the problems. An update names only what
// changed: setting an unchanged source or the same entities again would make every listener recompute.

import type { AmbiguousAlias, CoreError, Entity, Source } from '../types';
import type { LibraryData } from '../library';
import { NameMatcher } from '../names/nameMatcher';
import { discoveredEntities } from '../names/discoverEntities';
import { AuthorEntities } from '../names/authorEntities';
import type { SourceSightings } from '../names/discoverEntities';
import type { ReadSource } from '../names/keptSightings';
import { checkEntityReferences, fileName } from './ownSourcesLoader';
import type { ReferenceSet } from '../references/referenceSet';
import type { OwnSourceFiles } from './ownSourcesLoader';
import { runSteps, runStepsInSlices } from '../pauser';
import type { Steps } from '../pauser';

export interface LibraryEntities {
  entities: Entity[];
  ambiguous: AmbiguousAlias[];
}

/** What to change in the library, in this order: put in `entities`, take out `remove`, then set `set`. */
export interface LibraryUpdate {
  /** Keys to take out: the writer's sources that are gone, or the whole bundled corpus when it is turned off. */
  remove: string[];
  /** Sources to add or replace: the bundled corpus when it is turned on, the writer's new and changed sources. */
  set: Source[];
  /** The entities and ambiguous words, when they changed. */
  entities?: LibraryEntities;
  /** Every problem of the writer's files, by the file it concerns (files without problems are absent). */
  problems: Map<string, CoreError[]>;
}

/** What an update is applied to: the Sourcebook (a bare `Library` in tests). */
export interface UpdatableLibrary {
  setEntitiesInSlices(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[], pause: () => Promise<void>): Promise<unknown>;
  removeSource(key: string): void;
  setSourceInSlices(source: Source, pause: () => Promise<void>): Promise<unknown>;
}

/** Applies an update in its order; `pause` is awaited after each source taken out or set. */
export async function applyUpdate(library: UpdatableLibrary, update: LibraryUpdate, pause: () => Promise<void> = async () => {}): Promise<void> {
  if (update.entities) await library.setEntitiesInSlices(update.entities.entities, update.entities.ambiguous, pause);
  for (const key of update.remove) {
    library.removeSource(key);
    await pause();
  }
  for (const source of update.set) {
    await library.setSourceInSlices(source, pause);
    await pause();
  }
}

export class LibraryComposition {
  private includeBundled: boolean;
  /** The writer's sources in the library now, by key. */
  private own = new Map<string, Source>();
  /** From the writer's entity files (duplicate ids already dropped). */
  private ownEntities: readonly Entity[] = [];
  private ownAmbiguous: readonly AmbiguousAlias[] = [];
  private discoveredEntities: readonly Entity[] = [];
  private readonly authors = new AuthorEntities();
  /** The entities as last composed: what the library holds. */
  private current: LibraryEntities;

  /**
   * `bundled` is the corpus as this composition adds it back; `bundledLoaded` says whether the library it
   * updates was built with the bundled corpus in it.
   */
  constructor(
    private readonly bundled: LibraryData,
    bundledLoaded: boolean,
  ) {
    this.includeBundled = bundledLoaded;
    this.current = runSteps(this.composeEntities());
  }

  /** The writer's sources in the library now. */
  get ownSources(): Source[] {
    return [...this.own.values()];
  }

  /** The people and groups discovered in the writer's sources, as last given to `setDiscovered`. */
  get discovered(): readonly Entity[] {
    return this.discoveredEntities;
  }

  /**
   * Brings the library up to date with the writer's files as read now, their reference sets (bibliography files
   * and Zotero, in order of precedence) and the setting for the bundled corpus.
   */
  update(files: OwnSourceFiles, includeBundled: boolean, references: readonly ReferenceSet[] = [], read?: ReadonlyMap<string, ReadSource>): LibraryUpdate {
    return runSteps(this.updateSteps(files, includeBundled, references, read));
  }

  /**
   * `update` in slices: composing the authors of thousands of references awaits `pause` between a few dozen of
   * them. Updates run one at a time (the caller's queue). `read`: what discovery found in the sources before (kept in
   * the indexes' snapshot, by source key), whose discovered names are composed in this update (`discoverFromKept`).
   */
  updateInSlices(files: OwnSourceFiles, includeBundled: boolean, references: readonly ReferenceSet[], pause: () => Promise<void>, read?: ReadonlyMap<string, ReadSource>): Promise<LibraryUpdate> {
    return runStepsInSlices(this.updateSteps(files, includeBundled, references, read), pause);
  }

  private *updateSteps(files: OwnSourceFiles, includeBundled: boolean, references: readonly ReferenceSet[], read?: ReadonlyMap<string, ReadSource>): Steps<LibraryUpdate> {
    const reserved = new Set(includeBundled ? this.bundled.sources.map((source) => source.meta.key) : []);
    const resolved = files.resolve(reserved);
    const next = new Map(resolved.sources.map((source) => [source.meta.key, source]));
    const problems = resolved.problems;
    const report = (file: string, problem: CoreError) => problems.set(file, [...(problems.get(file) ?? []), problem]);
    for (const set of references) {
      for (const problem of set.problems) report(set.origin, problem);
      for (const source of set.sources) {
        const key = source.meta.key;
        const used = reserved.has(key) ? 'the bundled corpus' : next.has(key) ? placeName(next.get(key) as Source, references) : undefined;
        if (used === undefined) {
          next.set(key, source);
          continue;
        }
        const message = `The key \`${key}\` is also in ${used}, whose source is used: give one of them another key, or remove this entry if it is the same work.`;
        report(set.origin, { ok: false, message, severity: 'warning', file: set.origin, line: source.entryLine });
      }
    }

    const remove = [...this.own.keys()].filter((key) => !next.has(key));
    const set: Source[] = [];
    if (includeBundled !== this.includeBundled) {
      if (includeBundled) set.push(...this.bundled.sources);
      else remove.push(...this.bundled.sources.map((source) => source.meta.key));
    }
    for (const [key, source] of next) if (this.own.get(key) !== source) set.push(source);

    this.includeBundled = includeBundled;
    this.own = next;
    this.ownEntities = resolved.entities;
    this.ownAmbiguous = resolved.ambiguous;
    if (read) this.discoverFromKept(read);
    const entities = yield* this.recompose();

    for (const [file, found] of this.referenceProblems(files)) problems.set(file, [...(problems.get(file) ?? []), ...found]);
    return { remove, set, entities, problems };
  }

  /**
   * The people and groups named in the writer's sources (`sightings`, one per source) that neither the bundled
   * corpus (unless off) nor the writer's entity files describe.
   */
  undescribed(sightings: Iterable<SourceSightings>): Entity[] {
    const bundled = this.includeBundled ? this.bundled : { entities: [], ambiguous: [] };
    const known = new NameMatcher([...bundled.entities, ...this.ownEntities], [...bundled.ambiguous, ...this.ownAmbiguous]);
    const isKnown = (name: string) => known.findAll(name).some((match) => match.start === 0 && match.end === name.length);
    return discoveredEntities(sightings, { isKnown });
  }

  /**
   * At a restart, before any name is found in the sources: the names discovered in the sources that have kept
   * sightings (the very source discovery read), in the library's order, as discovery composes them. Discovery then
   * reads only the others; when they add nothing, the entities stay as composed here and the names are found once.
   */
  private discoverFromKept(read: ReadonlyMap<string, ReadSource>): void {
    const sightings: SourceSightings[] = [];
    for (const source of this.own.values()) {
      const kept = read.get(source.meta.key);
      if (kept?.source === source) sightings.push(kept.read);
    }
    if (sightings.length > 0) this.discoveredEntities = this.undescribed(sightings);
  }

  /** Whether `found` tells anything new: another name, description or type than the names discovered before. */
  discoveryChanged(found: readonly Entity[]): boolean {
    return !sameEntities(found, this.discoveredEntities);
  }

  /** Takes the names discovered now; returns the entities to put in the library, or undefined when none changed. */
  setDiscovered(found: readonly Entity[]): LibraryEntities | undefined {
    return runSteps(this.discoveredSteps(found));
  }

  /** `setDiscovered` in slices (as `updateInSlices`). */
  setDiscoveredInSlices(found: readonly Entity[], pause: () => Promise<void>): Promise<LibraryEntities | undefined> {
    return runStepsInSlices(this.discoveredSteps(found), pause);
  }

  private *discoveredSteps(found: readonly Entity[]): Steps<LibraryEntities | undefined> {
    if (!this.discoveryChanged(found)) return undefined;
    this.discoveredEntities = found;
    return yield* this.recompose();
  }

  /** Composes the entities again; returns them when they differ from what the library holds. */
  private *recompose(): Steps<LibraryEntities | undefined> {
    const next = yield* this.composeEntities();
    if (sameItems(next.entities, this.current.entities) && sameItems(next.ambiguous, this.current.ambiguous)) return undefined;
    this.current = next;
    return next;
  }

  /** Bundled (unless off) + the writer's entity files (theirs win on the same id) + discovered names + authors. */
  private *composeEntities(): Steps<LibraryEntities> {
    const bundled = this.includeBundled ? this.bundled : { entities: [], ambiguous: [], sources: [] };
    const ownIds = new Set(this.ownEntities.map((entity) => entity.id));
    const described = [...bundled.entities.filter((entity) => !ownIds.has(entity.id)), ...this.ownEntities];
    const ids = new Set(described.map((entity) => entity.id));
    const ambiguous = [...bundled.ambiguous, ...this.ownAmbiguous];
    const named = [...described, ...this.discoveredEntities.filter((entity) => !ids.has(entity.id))];
    return { entities: yield* this.authors.composeSteps(named, ambiguous, [...bundled.sources, ...this.own.values()]), ambiguous };
  }

  /** What the writer's entity files cite or relate to that the library, as composed now, does not have. */
  private referenceProblems(files: OwnSourceFiles): Map<string, CoreError[]> {
    const sources = [...(this.includeBundled ? this.bundled.sources : []), ...this.own.values()];
    const paragraphCounts = new Map(sources.map((source) => [source.meta.key, source.paragraphs.length]));
    const entityIds = new Set(this.current.entities.map((entity) => entity.id));
    const problems = new Map<string, CoreError[]>();
    const entityFiles = new Set(this.ownEntities.map((entity) => entity.origin ?? ''));
    for (const uri of entityFiles) {
      const entityFile = uri === '' ? undefined : files.file(uri)?.entityFile;
      if (!entityFile) continue;
      const found = checkEntityReferences(entityFile, paragraphCounts, entityIds);
      if (found.length > 0) problems.set(uri, found);
    }
    return problems;
  }
}

/** Where a source in the library comes from, as a warning about another entry of its key names it. */
function placeName(source: Source, references: readonly ReferenceSet[]): string {
  const set = references.find((candidate) => candidate.origin === source.origin);
  return set ? set.label : fileName(source.origin);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameEntities(a: readonly Entity[], b: readonly Entity[]): boolean {
  return a.length === b.length && a.every((entity, i) => entity.id === b[i].id && entity.name === b[i].name && entity.description === b[i].description && entity.type === b[i].type);
}
