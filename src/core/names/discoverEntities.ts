// People and organisations the writer has not described, found in their own sources with the `compromise` NLP
// library. A name is kept only when it is named in at least two places (two paragraphs, in one source or
// several) and the index does not already know it; it becomes an entity with origin `discovered` and a plain
// description ("Named in 3 of your sources") until the writer describes it in an entity file.
//
// compromise reads about 30 KB of prose a second, so the work is bounded: each source is read paragraph by
// paragraph (long paragraphs in slices), up to a character budget per source and a time budget per call; what is
// left unread is reported as `truncated`, never waited for. Sightings are kept per source so that after one
// file changes only that file is read again.

import type { Entity, EntityType, Source } from '../types';
import { fold, isWordChar } from '../text/normalize';

/** The little of compromise's document API this module uses. */
export interface NlpDocument {
  people(): NlpView;
  organizations(): NlpView;
}
export interface NlpView {
  out(format: 'array'): string[];
}
export type Nlp = (text: string) => NlpDocument;

/** Loads compromise on first use (its lexicon takes a third of a second to build: never at import time). */
export async function loadNlp(): Promise<Nlp> {
  const module = (await import('compromise')) as unknown as { default?: Nlp } & Nlp;
  return typeof module.default === 'function' ? module.default : module;
}

export type DiscoveredType = Extract<EntityType, 'person' | 'group'>;

/** A name found in one paragraph of a source. */
export interface NameSighting {
  name: string;
  type: DiscoveredType;
  source: string;
  paragraph: number;
}

export interface SourceSightings {
  sightings: NameSighting[];
  /** Part of the source was not read (character or time budget spent). */
  truncated: boolean;
}

/**
 * What name discovery reads of a source: its key and its paragraphs. A parsed `Source` is one; so is the plain copy
 * of its paragraphs that the desktop sends to the worker thread reading names (src/workers/nameDiscovery.ts).
 */
export interface NameReadable {
  meta: { key: string };
  paragraphs: ReadonlyArray<{ number: number; text: string }>;
}

export interface ReadOptions {
  /** Characters of one source read at most (default 200,000). */
  maxChars?: number;
  /** Stop reading when `now()` passes this moment (milliseconds, same clock as `now`). */
  deadline?: number;
  /** The clock (default `Date.now`); tests pass their own. */
  now?: () => number;
}

/** Slices of a long paragraph handed to compromise at once. */
const SLICE_CHARS = 4000;
export const DEFAULT_MAX_CHARS = 200_000;
/** Names kept at most: a corpus of telephone directories must not become ten thousand cards. */
const MAX_DISCOVERED = 500;
const MAX_NAME_CHARS = 60;

/** Reads one source's paragraphs with compromise and returns the people and organisations named in each. */
export function namesInSource(nlp: Nlp, source: NameReadable, options: ReadOptions = {}): SourceSightings {
  const steps = reading(nlp, source, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `namesInSource`, awaiting `pause` after each stretch of text handed to compromise, so a long source never holds
 * the host; the time spent paused is added to the deadline (the source gets its full time of reading).
 */
export async function namesInSourceInSlices(nlp: Nlp, source: NameReadable, pause: () => Promise<void>, options: ReadOptions = {}): Promise<SourceSightings> {
  const now = options.now ?? Date.now;
  const moving = { ...options };
  const steps = reading(nlp, source, moving);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const before = now();
    await pause();
    if (moving.deadline !== undefined) moving.deadline += now() - before;
  }
}

/** Reads the source; yields after each stretch of text handed to compromise. */
function* reading(nlp: Nlp, source: NameReadable, options: ReadOptions): Generator<void, SourceSightings> {
  const now = options.now ?? Date.now;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const sightings: NameSighting[] = [];
  let read = 0;
  for (const paragraph of source.paragraphs) {
    for (let offset = 0; offset < paragraph.text.length; offset += SLICE_CHARS) {
      if (read >= maxChars || (options.deadline !== undefined && now() > options.deadline)) {
        return { sightings, truncated: true };
      }
      const slice = paragraph.text.slice(offset, offset + SLICE_CHARS);
      read += slice.length;
      let document: NlpDocument;
      try {
        document = nlp(slice);
      } catch {
        continue; // compromise failed on this slice: the rest of the source is still worth reading
      }
      const seen = new Set<string>();
      const add = (raw: string, type: DiscoveredType) => {
        const name = type === 'person' ? cleanPersonName(raw) : cleanOrganisationName(raw);
        if (!name || seen.has(`${type}:${name}`)) return;
        seen.add(`${type}:${name}`);
        sightings.push({ name, type, source: source.meta.key, paragraph: paragraph.number });
      };
      for (const raw of safeArray(() => document.people().out('array'))) add(raw, 'person');
      for (const raw of safeArray(() => document.organizations().out('array'))) add(raw, 'group');
      yield;
    }
  }
  return { sightings, truncated: false };
}

function safeArray(get: () => string[]): string[] {
  try {
    const value = get();
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** Words a capitalised run may contain without being a name word. */
const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'de', 'la', 'van', 'von', 'der', 'du', '&']);
/** Capitalised words that start a sentence rather than a name ("There Is Power", "The group"). */
const NOT_NAME_WORDS = new Set(['the', 'a', 'an', 'there', 'this', 'that', 'these', 'those', 'it', 'is', 'in', 'on', 'at', 'but', 'and', 'when', 'while', 'after', 'before', 'if', 'we', 'they', 'he', 'she', 'i', 'his', 'her', 'their', 'our', 'my', 'mr', 'mrs', 'ms', 'dr']);

/** The name's words as written, up to the first bracket, possessive, or word that is not capitalised. */
function nameWords(raw: string): string[] {
  const cut = raw.split(/[()[\]{}:;,!?"“”]/)[0] ?? '';
  const words = cut
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}&]+/u, '').replace(/[’']s$/u, '').replace(/(?<=^|[\p{L}\p{N}])[^\p{L}\p{N}]+$/u, ''))
    .filter((word) => word.length > 0);
  const kept: string[] = [];
  for (const word of words) {
    if (isCapitalised(word) || (kept.length > 0 && CONNECTORS.has(word.toLowerCase()))) kept.push(word);
    else break;
  }
  while (kept.length > 0 && CONNECTORS.has(kept[kept.length - 1].toLowerCase())) kept.pop();
  return kept;
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && isWordChar(first);
}

function isAcronym(word: string): boolean {
  return word.length >= 3 && word.length <= 8 && word === word.toUpperCase() && /^[\p{Lu}\p{N}&]+$/u.test(word);
}

/** "Mark Ashton's" → "Mark Ashton"; single words ("Ashton", "Billy") are too ambiguous to keep. */
export function cleanPersonName(raw: string): string | undefined {
  const words = nameWords(raw);
  if (words.length < 2 || words.length > 4) return undefined;
  if (NOT_NAME_WORDS.has(words[0].toLowerCase())) return undefined;
  if (words.some((word) => isAcronym(word) && word.length > 1 && !/^[A-Z]\.?$/.test(word))) return undefined;
  const name = words.join(' ');
  return name.length <= MAX_NAME_CHARS ? name : undefined;
}

/** "Dulais Support Group," → "Dulais Support Group"; one word only when it is an acronym ("NUM", "LGSM"). */
export function cleanOrganisationName(raw: string): string | undefined {
  const words = nameWords(raw);
  if (words.length === 0 || words.length > 8) return undefined;
  if (NOT_NAME_WORDS.has(words[0].toLowerCase())) return undefined;
  if (words.length === 1 && !isAcronym(words[0])) return undefined;
  const name = words.join(' ');
  return name.length <= MAX_NAME_CHARS ? name : undefined;
}

export interface DiscoverOptions {
  /** True when the index (bundled or the writer's entity files) already names this: such names are skipped. */
  isKnown?: (name: string) => boolean;
  /** Paragraphs a name must appear in (default 2). */
  minPlaces?: number;
}

/**
 * Turns the sightings of every source into entities: one per name (folded: case, accents and curly apostrophes
 * do not make two people), kept when named in `minPlaces` paragraphs or more and not known to the index.
 * The most common spelling is the entity's name. Sorted by how often the name appears, then by name.
 */
export function discoveredEntities(perSource: Iterable<SourceSightings>, options: DiscoverOptions = {}): Entity[] {
  const minPlaces = Math.max(1, options.minPlaces ?? 2);
  interface Tally {
    type: DiscoveredType;
    spellings: Map<string, number>;
    places: Set<string>;
    sources: Set<string>;
  }
  const tallies = new Map<string, Tally>();
  for (const { sightings } of perSource) {
    for (const sighting of sightings) {
      const id = `${sighting.type}:${fold(sighting.name)}`;
      let tally = tallies.get(id);
      if (!tally) {
        tally = { type: sighting.type, spellings: new Map(), places: new Set(), sources: new Set() };
        tallies.set(id, tally);
      }
      tally.spellings.set(sighting.name, (tally.spellings.get(sighting.name) ?? 0) + 1);
      tally.places.add(`${sighting.source}#${sighting.paragraph}`);
      tally.sources.add(sighting.source);
    }
  }
  const people = new Set([...tallies.entries()].filter(([, tally]) => tally.type === 'person').map(([id]) => id.slice('person:'.length)));
  const entities: Array<{ entity: Entity; places: number }> = [];
  const ids = new Set<string>();
  for (const [id, tally] of tallies) {
    if (tally.places.size < minPlaces) continue;
    // compromise sometimes reads a person as an organisation too: the person wins.
    if (tally.type === 'group' && people.has(id.slice('group:'.length))) continue;
    const name = [...tally.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    if (options.isKnown?.(name)) continue;
    const entityId = uniqueId(`discovered-${slug(name)}`, ids);
    entities.push({
      places: tally.places.size,
      entity: {
        id: entityId,
        name,
        type: tally.type,
        aliases: [{ text: name, caseSensitive: true }],
        description: describe(tally.sources.size, tally.places.size),
        facts: [],
        related: [],
        mentions: [],
        origin: 'discovered',
      },
    });
  }
  entities.sort((a, b) => b.places - a.places || a.entity.name.localeCompare(b.entity.name));
  return entities.slice(0, MAX_DISCOVERED).map((item) => item.entity);
}

/** The plain card text of a name found but not described. */
export function describe(sources: number, places: number): string {
  if (sources === 1) return places === 2 ? 'Named twice in one of your sources' : `Named ${places} times in one of your sources`;
  return `Named in ${sources} of your sources`;
}

/** A name as an id: "Mark Ashton" → "mark-ashton". */
export function slug(name: string): string {
  const folded = fold(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return folded || 'name';
}

/** `base`, or `base-2`, `base-3`… when taken; the id returned is added to `taken`. */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * Reads every source (within the time budget) and returns the entities discovered in them. For a one-off
 * call; the VS Code layer keeps `namesInSource` results per source and calls `discoveredEntities` itself.
 */
export function discoverEntities(
  nlp: Nlp,
  sources: readonly Source[],
  options: DiscoverOptions & ReadOptions & { budgetMs?: number } = {},
): { entities: Entity[]; truncated: boolean } {
  const now = options.now ?? Date.now;
  const deadline = options.deadline ?? now() + (options.budgetMs ?? 5000);
  const read = sources.map((source) => namesInSource(nlp, source, { maxChars: options.maxChars, deadline, now }));
  return { entities: discoveredEntities(read, options), truncated: read.some((item) => item.truncated) };
}
