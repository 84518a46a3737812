// The library the editor features look things up in: sources, entities, and where each entity is named.
// Mentions are kept per source, so adding, changing or removing one source re-reads only that source.

import type { AmbiguousAlias, CoreError, Entity, EntityType, Mention, NameMatch, Paragraph, Position, Source } from './types';
import { NameMatcher } from './nameMatcher';
import type { LineMatch } from './nameMatcher';
import { computeMentions } from './entityIndex';
import { DEFAULT_MAX_BYTES, decodeSource, formatSize, parseSource } from './sourceParser';
import type { ParsedSource } from './sourceParser';
import { joinUri } from './fileSystem';
import type { FileSystem } from './fileSystem';
import { parseEntities } from './entityIndex';
import type { EntityFile } from './entityIndex';

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
  /** Source key → entity id → mentions in that source. */
  private readonly mentionsBySource = new Map<string, Map<string, Mention[]>>();
  private changes = 0;

  constructor(data: Partial<LibraryData> = {}, options: LibraryOptions = {}) {
    for (const source of data.sources ?? []) {
      if (this.sourcesByKey.has(source.meta.key)) continue;
      this.sourceList.push(source);
      this.sourcesByKey.set(source.meta.key, source);
    }
    this.ambiguousList = [...(data.ambiguous ?? [])];
    this.installEntities(data.entities ?? []);
    if (options.mentionsComputed) {
      for (const entity of this.entityList) {
        for (const mention of entity.mentions) {
          if (!this.sourcesByKey.has(mention.source)) continue;
          const bySource = this.mentionsBySource.get(mention.source) ?? new Map<string, Mention[]>();
          this.mentionsBySource.set(mention.source, bySource);
          const list = bySource.get(entity.id) ?? [];
          list.push(mention);
          bySource.set(entity.id, list);
        }
      }
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
    const paragraph = source.paragraphs[number - 1];
    return paragraph?.number === number ? paragraph : source.paragraphs.find((p) => p.number === number);
  }

  /**
   * Adds a source, or replaces the one with the same key, and locates the entities in it (only in it).
   * Returns the source it replaced.
   */
  setSource(source: Source): Source | undefined {
    const key = source.meta.key;
    const previous = this.sourcesByKey.get(key);
    if (previous) this.sourceList[this.sourceList.indexOf(previous)] = source;
    else this.sourceList.push(source);
    this.sourcesByKey.set(key, source);
    const touched = new Set(this.mentionsBySource.get(key)?.keys() ?? []);
    const mentions = computeMentions(this.matcher, source);
    this.mentionsBySource.set(key, mentions);
    for (const id of mentions.keys()) touched.add(id);
    for (const id of touched) this.stale.add(id);
    this.changes++;
    return previous;
  }

  /** Removes source `key` and its mentions. Returns whether there was one. */
  removeSource(key: string): boolean {
    const previous = this.sourcesByKey.get(key);
    if (!previous) return false;
    this.sourceList.splice(this.sourceList.indexOf(previous), 1);
    this.sourcesByKey.delete(key);
    const touched = new Set(this.mentionsBySource.get(key)?.keys() ?? []);
    this.mentionsBySource.delete(key);
    for (const id of touched) this.stale.add(id);
    this.changes++;
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Entities

  get entities(): readonly Entity[] {
    for (const id of [...this.stale]) this.fresh(id);
    return this.entityList;
  }

  get ambiguous(): readonly AmbiguousAlias[] {
    return this.ambiguousList;
  }

  entity(id: string): Entity | undefined {
    return this.stale.has(id) ? this.fresh(id) : this.entitiesById.get(id);
  }

  /** Entities grouped by type (person, character, group, place, event, work), each group sorted by name. */
  entitiesByType(): Map<EntityType, Entity[]> {
    const groups = new Map<EntityType, Entity[]>();
    for (const type of ['person', 'character', 'group', 'place', 'event', 'work'] as EntityType[]) groups.set(type, []);
    for (const entity of this.entities) {
      const group = groups.get(entity.type) ?? [];
      group.push(entity);
      groups.set(entity.type, group);
    }
    for (const group of groups.values()) group.sort((a, b) => a.name.localeCompare(b.name));
    return groups;
  }

  /** Replaces the entities (and ambiguous words), and locates them again in every source. */
  setEntities(entities: readonly Entity[], ambiguous: readonly AmbiguousAlias[] = this.ambiguousList): void {
    this.ambiguousList = [...ambiguous];
    this.installEntities(entities);
    this.recomputeAllMentions();
    this.changes++;
  }

  /** The sources that name entity `id`, in library order, each with its mentions. */
  sourcesMentioning(id: string): SourceMentions[] {
    const result: SourceMentions[] = [];
    for (const source of this.sourceList) {
      const mentions = this.mentionsBySource.get(source.meta.key)?.get(id);
      if (mentions && mentions.length > 0) result.push({ source, mentions });
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
      const copy = { ...entity, mentions: [...(entity.mentions ?? [])] };
      this.entityPositions.set(entity.id, this.entityList.length);
      this.entityList.push(copy);
      this.entitiesById.set(entity.id, copy);
    }
    this.matcherCache = undefined;
  }

  private recomputeAllMentions(): void {
    this.mentionsBySource.clear();
    if (this.entityList.length === 0) return;
    for (const source of this.sourceList) this.mentionsBySource.set(source.meta.key, computeMentions(this.matcher, source));
    for (const id of this.entitiesById.keys()) this.stale.add(id);
  }

  /** Rebuilds `mentions` of a stale entity from the per-source lists, in library order (a new object). */
  private fresh(id: string): Entity | undefined {
    const entity = this.entitiesById.get(id);
    this.stale.delete(id);
    if (!entity) return undefined;
    const mentions: Mention[] = [];
    for (const source of this.sourceList) {
      const found = this.mentionsBySource.get(source.meta.key)?.get(id);
      if (found) for (const mention of found) mentions.push(mention);
    }
    const updated = { ...entity, mentions };
    this.entitiesById.set(id, updated);
    const position = this.entityPositions.get(id);
    if (position !== undefined) this.entityList[position] = updated;
    return updated;
  }
}

/**
 * Reads and parses one source file through the file system: too large, binary, unreadable or malformed files
 * come back as problems, never as a rejection.
 */
export async function readSourceFile(fs: FileSystem, uri: string, maxBytes = DEFAULT_MAX_BYTES): Promise<ParsedSource> {
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(uri);
    if (stat.type === 'directory') return { problems: [problemAt(uri, `${uri} is a folder, not a source file.`)] };
    if (stat.size > maxBytes) {
      return { problems: [problemAt(uri, `${uri} is over the ${formatSize(maxBytes)} limit for a source: split it, or raise the limit in the settings.`)] };
    }
    bytes = await fs.readFile(uri);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [problemAt(uri, `${uri} could not be read (${reason}).`)] };
  }
  const text = decodeSource(bytes, uri, maxBytes);
  if (!text.ok) return { problems: [text] };
  return parseSource(text.value, uri);
}

function problemAt(file: string, message: string, line = 0): CoreError {
  return { ok: false, message, file, line };
}

export interface FolderOptions {
  /** Files larger than this are reported and skipped (bytes; default 10 MB). */
  maxBytes?: number;
  /** Stop after this many files (a folder of 100,000 files is a mistake, not a library). */
  maxFiles?: number;
  /** How deep to go into sub-folders (0: only the folder itself). */
  maxDepth?: number;
  /** Origin given to entities read from the folder's `entities.yaml`. */
  entityOrigin?: string;
}

export interface FolderContents {
  /** The good sources, in file-name order; of two with the same key, the first. */
  sources: Source[];
  /** One entry per bad file (and both files of a duplicated key); every other source still loads. */
  problems: CoreError[];
  /** The folder's `entities.yaml`, when it has one. */
  entities?: EntityFile;
}

const SOURCE_EXTENSIONS = ['.md', '.markdown', '.txt'];
const ENTITY_FILE = 'entities.yaml';

/**
 * Reads a folder of the writer's sources (Markdown or plain text with front matter, and optionally an
 * `entities.yaml`). Never rejects: a missing folder, unreadable, binary, oversized or malformed files are
 * problems, each reported once. Symbolic links are not followed (no loops); hidden folders are skipped.
 */
export async function loadSourceFolder(fs: FileSystem, folder: string, options: FolderOptions = {}): Promise<FolderContents> {
  const maxFiles = options.maxFiles ?? 10_000;
  const maxDepth = options.maxDepth ?? 4;
  const result: FolderContents = { sources: [], problems: [] };
  const files: string[] = [];
  let entityUri: string | undefined;

  const walk = async (uri: string, depth: number): Promise<void> => {
    let entries: Array<[string, string]>;
    try {
      entries = await fs.readDirectory(uri);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.problems.push(problemAt(uri, depth === 0 ? `The sources folder ${uri} does not exist or cannot be read (${reason}).` : `${uri} cannot be read (${reason}).`));
      return;
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, type] of entries) {
      if (files.length >= maxFiles) return;
      const child = joinUri(uri, name);
      if (type === 'directory') {
        if (depth < maxDepth && !name.startsWith('.') && name !== 'node_modules') await walk(child, depth + 1);
      } else if (type === 'file') {
        if (depth === 0 && name === ENTITY_FILE) entityUri = child;
        else if (SOURCE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) files.push(child);
      }
    }
  };
  await walk(folder, 0);
  if (files.length >= maxFiles) {
    result.problems.push(problemAt(folder, `${folder} holds more than ${maxFiles} source files: only the first ${maxFiles} are read.`));
  }

  // A few files at a time: fast on a local disk, gentle on a remote one.
  const parsed: ParsedSource[] = new Array(files.length);
  for (let i = 0; i < files.length; i += 16) {
    const batch = files.slice(i, i + 16);
    const read = await Promise.all(batch.map((uri) => readSourceFile(fs, uri, options.maxBytes)));
    read.forEach((item, j) => (parsed[i + j] = item));
  }
  const firstByKey = new Map<string, string>();
  const reported = new Set<string>();
  parsed.forEach((item, i) => {
    result.problems.push(...item.problems);
    if (!item.source) return;
    const key = item.source.meta.key;
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, files[i]);
      result.sources.push(item.source);
      return;
    }
    if (!reported.has(first)) {
      reported.add(first);
      result.problems.push(problemAt(first, `The key \`${key}\` is also used by ${files[i]}: keys must be unique (this one is kept).`, 1));
    }
    result.problems.push(problemAt(files[i], `The key \`${key}\` is already used by ${first}: give this source another key (it is skipped until then).`, 1));
  });

  if (entityUri) {
    try {
      const bytes = await fs.readFile(entityUri);
      const text = decodeSource(bytes, entityUri, options.maxBytes ?? DEFAULT_MAX_BYTES);
      if (text.ok) result.entities = parseEntities(text.value, entityUri, options.entityOrigin ?? entityUri);
      else result.problems.push(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.problems.push(problemAt(entityUri, `${entityUri} could not be read (${reason}).`));
    }
  }
  return result;
}
