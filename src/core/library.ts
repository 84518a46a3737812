// The library the editor features look things up in: sources, entities, and where each entity is named.
// Mentions are kept per source, so adding, changing or removing one source re-reads only that source.

import type { AmbiguousAlias, Entity, EntityType, Mention, NameMatch, Paragraph, Position, Source } from './types';
import { paragraphNumbered } from './types';
import { Fingerprinter, fingerprintOf } from './text/fingerprint';
import { NameMatcher } from './names/nameMatcher';
import type { LineMatch } from './names/nameMatcher';
import { computeMentions, computeMentionsInSlices } from './names/entityIndex';
import { MentionTable } from './names/mentionTable';
import { runSteps, runStepsInSlices } from './pauser';
import type { Steps } from './pauser';

/** What a library is made of; also the shape of the bundled corpus's JSON. */
export interface LibraryData {
  sources: Source[];
  /** With `mentions` filled in when `mentionsComputed` is passed to the constructor. */
  entities: Entity[];
  ambiguous: AmbiguousAlias[];
}

export interface LibraryOptions {
  /** The entities' `mentions` are already right for these sources (the bundled corpus): do not recompute. */
  mentionsComputed?: boolean;
}

/** A source and the mentions of one entity in it. */
export interface SourceMentions {
  source: Source;
  mentions: Mention[];
}

/** Above this many stale entities, `entities` rebuilds them all in one pass over the sources. */
const FRESH_ONE_BY_ONE = 32;

/**
 * What the name matcher is built from (each entity's id, name and aliases, and the ambiguous words, as one string),
 * and its fingerprint (`Library.namesFingerprint`), taken in the same steps.
 */
interface Names {
  signature: string;
  fingerprint: string;
}

/** The `Names` of `entities` and `ambiguous`, in one go. */
function namesSignature(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[]): Names {
  return runSteps(signingNames(entities, ambiguous));
}

/**
 * `namesSignature`, yielding after every ~1,000 parts (see `setEntitiesInSlices`). The fingerprint is taken
 * of the parts as they are added, the same as `fingerprintOf` the whole signature (taken of it in one go, thousands
 * of authors' names held the host 60 ms).
 */
function* signingNames(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[]): Steps<Names> {
  const parts: string[] = [];
  const fingerprint = new Fingerprinter();
  const push = (part: string) => {
    if (parts.length > 0) fingerprint.add('\u0000');
    // As `join` writes it.
    fingerprint.add(part === undefined || part === null ? '' : String(part));
    parts.push(part);
  };
  // A step every ~1,000 parts (a few hundred entities), the ambiguous words' too (thousands of authors share surnames).
  let signed = 0;
  const due = () => {
    if (parts.length - signed < 1024) return false;
    signed = parts.length;
    return true;
  };
  for (const entity of entities) {
    if (due()) yield;
    push(entity.id);
    push(entity.name);
    for (const alias of entity.aliases ?? []) push(alias?.caseSensitive ? `${alias.text}\u0001` : String(alias?.text));
    push('\u0002');
  }
  for (const entry of ambiguous) {
    if (due()) yield;
    push(entry.text);
    for (const candidate of entry.candidates ?? []) push(candidate);
    push('\u0002');
  }
  return { signature: parts.join('\u0000'), fingerprint: fingerprint.value };
}

/** The mentions of an entity the library's sources do not name: one frozen array for them all. */
const NO_MENTIONS = Object.freeze([]) as never[];

export class Library {
  private sourceList: Source[] = [];
  private readonly sourcesByKey = new Map<string, Source>();
  private entityList: Entity[] = [];
  private readonly entitiesById = new Map<string, Entity>();
  /** Entity id → its place in `entityList`. */
  private readonly entityPositions = new Map<string, number>();
  /** Entities whose `mentions` are stale: rebuilt when next read, so a change costs only the changed source. */
  private readonly stale = new Set<string>();
  private ambiguousList: AmbiguousAlias[] = [];
  private matcherCache: NameMatcher | undefined;
  /** What the matcher was built from (`namesSignature`), when entities were set with `setEntities`. */
  private namesCache: Names | undefined;
  /** Source key → the mentions in that source (names/mentionTable.ts: numbers, made objects when asked for). */
  private readonly mentionsBySource = new Map<string, MentionTable>();
  private changes = 0;
  /** Counts the times entities were set: a `setEntitiesInSlices` overtaken by a newer one is dropped. */
  private entityGeneration = 0;
  /** Keys of sources set with `setSourceMentionsLater` whose mentions are not found yet (`mentionsReady` finds them). */
  private readonly pendingMentions = new Set<string>();
  /** The run of `mentionsReady` under way. */
  private mentionsRun: Promise<boolean> | undefined;
  /** `mentionCount`'s counts by entity id, until the mentions next change. */
  private counts: Map<string, number> | undefined;
  /** The last `namesFingerprint`, with the names signature it was taken of. */
  private fingerprintMemo: { signature: string; fingerprint: string } | undefined;

  constructor(data: Partial<LibraryData> = {}, options: LibraryOptions = {}) {
    for (const source of data.sources ?? []) {
      if (this.sourcesByKey.has(source.meta.key)) continue;
      this.sourceList.push(source);
      this.sourcesByKey.set(source.meta.key, source);
    }
    this.ambiguousList = [...(data.ambiguous ?? [])];
    this.installEntities(data.entities ?? []);
    if (options.mentionsComputed) {
      const found = new Map<string, Map<string, Mention[]>>();
      for (const entity of this.entityList) {
        for (const mention of entity.mentions) {
          if (!this.sourcesByKey.has(mention.source)) continue;
          const bySource = found.get(mention.source) ?? new Map<string, Mention[]>();
          found.set(mention.source, bySource);
          const list = bySource.get(entity.id) ?? [];
          list.push(mention);
          bySource.set(entity.id, list);
        }
      }
      for (const [key, mentions] of found) this.mentionsBySource.set(key, MentionTable.of(this.sourcesByKey.get(key) as Source, mentions));
    } else {
      this.recomputeAllMentions();
    }
  }

  /** Increases on every change: a cheap way for a view to know it must refresh. */
  get version(): number {
    return this.changes;
  }

  // ------------------------------------------------------------------------------------------
  // Sources

  get sources(): readonly Source[] {
    return this.sourceList;
  }

  source(key: string): Source | undefined {
    return this.sourcesByKey.get(key);
  }

  /** Paragraph `number` (1-based, as cited) of source `key`. */
  paragraph(key: string, number: number): Paragraph | undefined {
    const source = this.sourcesByKey.get(key);
    if (!source || !Number.isInteger(number)) return undefined;
    return paragraphNumbered(source.paragraphs, number);
  }

  /**
   * Adds a source, or replaces the one with the same key, and locates the entities in it (only in it).
   * Returns the source it replaced.
   */
  setSource(source: Source): Source | undefined {
    return this.putSource(source, computeMentions(this.matcher, source));
  }

  /**
   * `setSource`, finding the entities in the source a paragraph at a time (awaiting `pause` after each). False when
   * the source was not set: its key was set or removed by someone else while this waited (theirs is newer).
   */
  async setSourceInSlices(source: Source, pause: () => Promise<void>): Promise<boolean> {
    const key = source.meta.key;
    const before = this.sourcesByKey.get(key);
    const matcher = this.matcher;
    const mentions = await computeMentionsInSlices(matcher, source, pause);
    if (this.sourcesByKey.get(key) !== before) return false;
    // The entities changed while this waited: find them again, at once.
    this.putSource(source, matcher === this.matcher ? mentions : computeMentions(this.matcher, source));
    return true;
  }

  /**
   * Adds a source, or replaces the one with the same key, at once: the entities in it are found later, by
   * `mentionsReady` (a restart with thousands of sources answers searches and checks before every name is found).
   * Until then `pendingMentions` counts it and its mentions are absent: readers of mentions await `mentionsReady`.
   */
  setSourceMentionsLater(source: Source): Source | undefined {
    const previous = this.putSource(source, new Map());
    this.pendingMentions.add(source.meta.key);
    return previous;
  }

  /** How many sources' mentions are still to be found (set with `setSourceMentionsLater`). */
  get mentionsPending(): number {
    return this.pendingMentions.size;
  }

  /**
   * Finds the mentions of every source set with `setSourceMentionsLater`, a paragraph at a time (awaiting `pause`
   * after each); resolves when none is left, to whether any was found by this call (callers that wait meanwhile share
   * one run). A source replaced or entities changed meanwhile are read again.
   */
  mentionsReady(pause: () => Promise<void> = async () => {}): Promise<boolean> {
    if (this.pendingMentions.size === 0) return this.mentionsRun ?? Promise.resolve(false);
    this.mentionsRun ??= this.findPendingMentions(pause).finally(() => (this.mentionsRun = undefined));
    return this.mentionsRun;
  }

  private async findPendingMentions(pause: () => Promise<void>): Promise<boolean> {
    let found = false;
    while (this.pendingMentions.size > 0) {
      const key = this.pendingMentions.values().next().value as string;
      const source = this.sourcesByKey.get(key);
      if (!source) {
        this.pendingMentions.delete(key);
        continue;
      }
      const matcher = this.matcher;
      const mentions = await computeMentionsInSlices(matcher, source, pause);
      // Replaced, removed, or the names changed meanwhile: the loop reads it again if it is still pending.
      if (!this.pendingMentions.has(key) || this.sourcesByKey.get(key) !== source || matcher !== this.matcher) continue;
      this.pendingMentions.delete(key);
      this.installMentions(source, mentions);
      found = true;
    }
    return found;
  }

  /**
   * A fingerprint of the names mentions are found with now (every entity's id, name and aliases, and the ambiguous
   * words): mentions found under one fingerprint are those the same names find (keptMentions.ts).
   */
  get namesFingerprint(): string {
    // Entities set with `setEntities` or `setEntitiesInSlices`: taken with their signature (in its steps).
    if (this.namesCache) return this.namesCache.fingerprint;
    const { signature } = namesSignature(this.entityList, this.ambiguousList);
    if (this.fingerprintMemo?.signature !== signature) this.fingerprintMemo = { signature, fingerprint: fingerprintOf(signature) };
    return this.fingerprintMemo.fingerprint;
  }

  /**
   * The mentions found in source `key` (names/mentionTable.ts: `all()` makes them objects); undefined while they are
   * still to be found (or no such source).
   */
  mentionTableOf(key: string): MentionTable | undefined {
    return this.pendingMentions.has(key) ? undefined : this.mentionsBySource.get(key);
  }

  /** Whether the mentions of source `key` are found (`mentionTableOf` gives them). */
  mentionsFound(key: string): boolean {
    return !this.pendingMentions.has(key) && this.mentionsBySource.has(key);
  }

  /**
   * Takes mentions found in an earlier session instead of finding them: for each source still to be read for names
   * (set with `setSourceMentionsLater`) that is the very `source` given, when they were found under the names now
   * (`fingerprint` is `namesFingerprint`). `mentions` gives them, or undefined when they do not fit the source (then
   * it is read as usual). Returns how many sources took theirs.
   */
  takeMentions(kept: Iterable<{ source: Source; fingerprint: string; mentions: () => MentionTable | undefined }>): number {
    const now = this.namesFingerprint;
    let taken = 0;
    for (const { source, fingerprint, mentions } of kept) {
      const key = source.meta.key;
      if (fingerprint !== now || !this.pendingMentions.has(key) || this.sourcesByKey.get(key) !== source) continue;
      const found = mentions();
      if (!found) continue;
      this.pendingMentions.delete(key);
      this.installMentions(source, found);
      taken++;
    }
    return taken;
  }

  private putSource(source: Source, mentions: Map<string, Mention[]>): Source | undefined {
    const key = source.meta.key;
    const previous = this.sourcesByKey.get(key);
    if (previous) this.sourceList[this.sourceList.indexOf(previous)] = source;
    else this.sourceList.push(source);
    this.sourcesByKey.set(key, source);
    this.pendingMentions.delete(key);
    this.installMentions(source, mentions);
    this.changes++;
    return previous;
  }

  private installMentions(source: Source, mentions: ReadonlyMap<string, readonly Mention[]> | MentionTable): void {
    const key = source.meta.key;
    const table = mentions instanceof MentionTable ? mentions : MentionTable.of(source, mentions);
    const touched = new Set(this.mentionsBySource.get(key)?.ids ?? []);
    this.mentionsBySource.set(key, table);
    this.counts = undefined;
    for (const id of table.ids) touched.add(id);
    for (const id of touched) this.stale.add(id);
  }

  /** Removes source `key` and its mentions. Returns whether there was one. */
  removeSource(key: string): boolean {
    const previous = this.sourcesByKey.get(key);
    if (!previous) return false;
    this.sourceList.splice(this.sourceList.indexOf(previous), 1);
    this.sourcesByKey.delete(key);
    this.pendingMentions.delete(key);
    const touched = new Set(this.mentionsBySource.get(key)?.ids ?? []);
    this.mentionsBySource.delete(key);
    this.counts = undefined;
    for (const id of touched) this.stale.add(id);
    this.changes++;
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Entities

  get entities(): readonly Entity[] {
    if (this.stale.size > FRESH_ONE_BY_ONE) this.freshAll();
    for (const id of [...this.stale]) this.fresh(id);
    return this.entityList;
  }

  /**
   * Every entity, their `mentions` not brought up to date (they may be stale: `mentionCount` and `sourcesMentioning`
   * give them): for a search over names, without making every mention an object first.
   */
  get entitiesAsListed(): readonly Entity[] {
    return this.entityList;
  }

  get ambiguous(): readonly AmbiguousAlias[] {
    return this.ambiguousList;
  }

  /**
   * Entity `id`. With `{ mentions: false }` its `mentions` are not brought up to date (they may be stale: count them
   * with `mentionCount`): a view listing thousands of entities does not make every mention an object.
   */
  entity(id: string, options: { mentions?: boolean } = {}): Entity | undefined {
    return this.stale.has(id) && options.mentions !== false ? this.fresh(id) : this.entitiesById.get(id);
  }

  /** How many times the sources name entity `id` (counted for every entity at once after a change, from numbers). */
  mentionCount(id: string): number {
    if (!this.counts) {
      this.counts = new Map<string, number>();
      for (const table of this.mentionsBySource.values()) for (const entityId of table.ids) this.counts.set(entityId, (this.counts.get(entityId) ?? 0) + table.count(entityId));
    }
    return this.counts.get(id) ?? 0;
  }

  /**
   * How many entities each type has (person, character, group, place, event, work, in that order; a type of no
   * entity counts 0): the sizes of `entitiesByType`'s groups, without bringing anyone's mentions up to date (the
   * headings of a view; `entities` gathers every changed entity's mentions first, 11–34 ms at 5,000 references).
   */
  entityCountsByType(): Map<EntityType, number> {
    const counts = new Map<EntityType, number>((['person', 'character', 'group', 'place', 'event', 'work'] as EntityType[]).map((type) => [type, 0]));
    for (const entity of this.entityList) counts.set(entity.type, (counts.get(entity.type) ?? 0) + 1);
    return counts;
  }

  /**
   * Entities grouped by type (person, character, group, place, event, work), each group sorted by name. With
   * `{ mentions: false }` their `mentions` are not brought up to date (as `entity`).
   */
  entitiesByType(options: { mentions?: boolean } = {}): Map<EntityType, Entity[]> {
    const groups = new Map<EntityType, Entity[]>();
    for (const type of ['person', 'character', 'group', 'place', 'event', 'work'] as EntityType[]) groups.set(type, []);
    for (const entity of options.mentions === false ? this.entityList : this.entities) {
      const group = groups.get(entity.type) ?? [];
      group.push(entity);
      groups.set(entity.type, group);
    }
    for (const group of groups.values()) group.sort((a, b) => a.name.localeCompare(b.name));
    return groups;
  }

  /**
   * Replaces the entities (and ambiguous words), and locates them again in every source — unless their ids, names,
   * aliases and the ambiguous words are all as they were (a description or an author's works changed): then the
   * mentions found are still right, and are kept.
   */
  setEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[] = this.ambiguousList): void {
    this.setNamedEntities(entities, ambiguous, namesSignature(entities, ambiguous));
  }

  /** `setEntities` with their `namesSignature` already made. */
  private setNamedEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[], names: Names): void {
    this.entityGeneration++;
    const matcher = names.signature === this.namesCache?.signature ? this.matcherCache : undefined;
    this.ambiguousList = [...ambiguous];
    this.installEntities(entities);
    this.namesCache = names;
    if (matcher) {
      this.matcherCache = matcher;
      for (const id of this.entitiesById.keys()) this.stale.add(id);
    } else {
      this.recomputeAllMentions();
    }
    this.changes++;
  }

  /**
   * `setEntities` for a large library: when the names changed, every source is read again for them a paragraph at a
   * time (awaiting `pause` after each), and the new entities and their mentions replace the old at once at the
   * end; sources set meanwhile are read again then. A newer `setEntities` meanwhile wins (this one is dropped). The
   * names' signature and the matcher are made on the budget too (thousands of authors take tens of milliseconds).
   */
  async setEntitiesInSlices(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[] = this.ambiguousList, pause: () => Promise<void> = async () => {}): Promise<void> {
    const generation = ++this.entityGeneration;
    const names = await runStepsInSlices(signingNames(entities, ambiguous), pause);
    if (generation !== this.entityGeneration) return;
    if (names.signature === this.namesCache?.signature) return this.setNamedEntities(entities, ambiguous, names);
    const ids = new Set<string>();
    const matcher = await NameMatcher.inSlices(
      entities.filter((entity) => !ids.has(entity.id) && ids.add(entity.id)),
      ambiguous,
      pause,
    );
    if (generation !== this.entityGeneration) return;
    const found = new Map<Source, MentionTable>();
    for (const source of [...this.sourceList]) {
      found.set(source, MentionTable.of(source, await computeMentionsInSlices(matcher, source, pause)));
      if (generation !== this.entityGeneration) return;
    }
    this.ambiguousList = [...ambiguous];
    this.installEntities(entities);
    this.matcherCache = matcher;
    this.namesCache = names;
    this.mentionsBySource.clear();
    this.counts = undefined;
    this.pendingMentions.clear();
    for (const source of this.sourceList) this.mentionsBySource.set(source.meta.key, found.get(source) ?? MentionTable.of(source, computeMentions(matcher, source)));
    for (const id of this.entitiesById.keys()) this.stale.add(id);
    this.changes++;
  }

  /** The sources that name entity `id`, in library order, each with its mentions. */
  sourcesMentioning(id: string): SourceMentions[] {
    const result: SourceMentions[] = [];
    for (const source of this.sourceList) {
      const table = this.mentionsBySource.get(source.meta.key);
      if (table && table.count(id) > 0) result.push({ source, mentions: table.of(id) });
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------
  // Names in the writer's text

  /** The matcher over every entity's aliases, built on first use. */
  get matcher(): NameMatcher {
    this.matcherCache ??= new NameMatcher(this.entityList, this.ambiguousList);
    return this.matcherCache;
  }

  /** The name covering `offset` in `text` (a line, or lines joined by "\n"); see `NameMatcher.matchAt`. */
  entityAt(text: string, offset: number): NameMatch | undefined {
    return this.matcher.matchAt(text, offset);
  }

  /** The name at an editor position, looking at neighbouring lines for wrapped names. */
  entityAtPosition(lineAt: (line: number) => string | undefined, position: Position): LineMatch | undefined {
    return this.matcher.matchAtPosition(lineAt, position);
  }

  /** Every name in `text`, left to right (ambiguous ones with `candidates`). */
  namesIn(text: string): NameMatch[] {
    return this.matcher.findAll(text);
  }

  /** How many times each entity is named in `text` (entity id → count); ambiguous words are not counted. */
  entitiesNamedIn(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const match of this.matcher.findAll(text)) {
      if (match.entityId) counts.set(match.entityId, (counts.get(match.entityId) ?? 0) + 1);
    }
    return counts;
  }

  /** Plain data, for JSON (the bundled corpus) or for building another library. */
  toData(): LibraryData {
    return { sources: [...this.sourceList], entities: [...this.entities], ambiguous: [...this.ambiguousList] };
  }

  // ------------------------------------------------------------------------------------------

  private installEntities(entities: readonly Entity[]): void {
    this.entityList = [];
    this.entitiesById.clear();
    this.entityPositions.clear();
    this.stale.clear();
    for (const entity of entities) {
      if (this.entitiesById.has(entity.id)) continue;
      const copy = { ...entity, mentions: entity.mentions?.length ? [...entity.mentions] : NO_MENTIONS };
      this.entityPositions.set(entity.id, this.entityList.length);
      this.entityList.push(copy);
      this.entitiesById.set(entity.id, copy);
    }
    this.matcherCache = undefined;
  }

  private recomputeAllMentions(): void {
    this.mentionsBySource.clear();
    this.counts = undefined;
    this.pendingMentions.clear();
    if (this.entityList.length === 0) return;
    for (const source of this.sourceList) this.mentionsBySource.set(source.meta.key, MentionTable.of(source, computeMentions(this.matcher, source)));
    for (const id of this.entitiesById.keys()) this.stale.add(id);
  }

  /** Rebuilds `mentions` of every stale entity in one pass over the sources (many stale: one by one would be slow). */
  private freshAll(): void {
    const found = new Map<string, Mention[]>();
    for (const source of this.sourceList) {
      const table = this.mentionsBySource.get(source.meta.key);
      for (const id of table?.ids ?? []) {
        if (!this.stale.has(id)) continue;
        const mentions = (table as MentionTable).kept(id);
        const list = found.get(id);
        if (list) for (const mention of mentions) list.push(mention);
        else found.set(id, mentions.slice());
      }
    }
    for (const id of this.stale) {
      const entity = this.entitiesById.get(id);
      if (!entity) continue;
      const updated = { ...entity, mentions: found.get(id) ?? NO_MENTIONS };
      this.entitiesById.set(id, updated);
      const position = this.entityPositions.get(id);
      if (position !== undefined) this.entityList[position] = updated;
    }
    this.stale.clear();
  }

  /** Rebuilds `mentions` of a stale entity from the per-source lists, in library order (a new object). */
  private fresh(id: string): Entity | undefined {
    const entity = this.entitiesById.get(id);
    this.stale.delete(id);
    if (!entity) return undefined;
    const mentions: Mention[] = [];
    for (const source of this.sourceList) {
      for (const mention of this.mentionsBySource.get(source.meta.key)?.kept(id) ?? []) mentions.push(mention);
    }
    const updated = { ...entity, mentions: mentions.length > 0 ? mentions : NO_MENTIONS };
    this.entitiesById.set(id, updated);
    const position = this.entityPositions.get(id);
    if (position !== undefined) this.entityList[position] = updated;
    return updated;
  }
}
