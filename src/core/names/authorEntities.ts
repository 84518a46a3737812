// The people and groups who wrote or edited the library's sources, as entities with cards: "Liam Byrne — author of
// “Pride and prejudice,” Overland, 2014". Composed from the sources' `author` and `editor` names, whatever the
// sources came from (bundled corpus, sources folders, bibliography files, Zotero), in one pass over them.
//
// The rules, in one place:
// - One entity per name (folded: case and accents do not make two people): a person for a personal name, a group
//   for a corporate one (`literal`). Its id is the name as a slug ("liam-byrne"), made unique if taken.
// - A name an entity of the same kind already answers to (an alias of the bundled index or the writer's entity
//   files, or a discovered name) is that entity: it gains the works (its card says "author of …") instead of a
//   second card.
// - Aliases: the full name; and the family name alone ("Byrne", capitals required) only when no other entity or
//   ambiguous entry claims those words, no other author has that family name, and it is not an everyday English
//   word ("Bossy", "Young"): see COMMON_WORDS.
// - Recomposing returns the same objects for entities that did not change, so a library update that changes no
//   author does not make the library locate every name again.
import type { AliasSpec, AmbiguousAlias, AuthoredWork, Entity, EntityType, Name, Source, SourceMeta } from '../types';
import type { LibraryData } from '../library';
import { plainTitle } from '../sources/titles';
import { yearOf } from '../sources/readerText';
import { aliasKey, aliasProblem } from './nameMatcher';
import { slug, uniqueId } from './discoverEntities';
import { runSteps, runStepsInSlices, stepCounter } from '../pauser';
import type { Steps } from '../pauser';

/** The `origin` of an entity made for an author nobody described. */
export const AUTHOR_ORIGIN = 'authors';

/** A description lists this many works, then says how many more. */
const MAX_DESCRIBED_WORKS = 3;

/**
 * Family names that are also everyday English words: alone they would put a card on ordinary prose ("Bossy
 * behaviour", "Young people"), so such an author is matched by the full name only.
 */
const COMMON_WORDS = new Set(
  (
    'baker banks bell best bird bishop black bless blue bond booth bossy bright brown burns bush butler carpenter carter case ' +
    'chance church clay cook cooper cross day dean drake duke early english fair field fields fisher fox frank free friend frost ' +
    'gay glass gold good grace grant gray green grey guest hall hand hardy hart hill holly hope house hunt hunter jolly joy judge ' +
    'just king knight lamb lane law light little long love low lucky major march marsh mason may mills miner moody moon more ' +
    'morning moss new noble north page park parks pierce pike poor pope power price pride prince rich ring rivers rock rose rush ' +
    'sage savage shepherd short small smart snow south sparks spring stark steel stone story strong summer summers swift turner ' +
    'walker wall ward waters way weaver west white wild will winter wise wolf wood woods young'
  ).split(' '),
);

/** A name as a card shows it: "Liam Byrne"; a corporate name as written. */
export function displayName(name: Name): string {
  const literal = name.literal?.trim();
  if (literal) return literal;
  return [name.given, name.family].map((part) => part?.trim()).filter(Boolean).join(' ');
}

/** "author of “Pride and prejudice,” Overland, 2014; editor of …": the works as plain text. */
export function worksText(works: readonly AuthoredWork[], metaOf: (key: string) => SourceMeta | undefined, max = MAX_DESCRIBED_WORKS): string {
  const parts: string[] = [];
  for (const role of ['author', 'editor'] as const) {
    const metas = works.filter((work) => work.role === role).map((work) => metaOf(work.key)).filter((meta): meta is SourceMeta => !!meta);
    if (metas.length === 0) continue;
    const shown = metas.slice(0, max).map((meta) => workText(meta));
    const more = metas.length - shown.length;
    parts.push(`${role} of ${shown.join('; ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  return parts.join('; ');
}

/** One work as plain text: “Title,” Container, 2014 (a book's title without quotation marks). */
export function workText(meta: SourceMeta): string {
  const parts = workParts(meta);
  const title = parts.quoted ? `“${parts.title},”` : `${parts.title},`;
  return [title, parts.container ? `${parts.container},` : '', parts.year].filter(Boolean).join(' ');
}

/** The pieces a work is named by: its title (quoted unless it stands alone, as a book does), container and year. */
export function workParts(meta: SourceMeta): { title: string; quoted: boolean; container?: string; year: string } {
  const title = plainTitle(meta.title).replace(/\s+/g, ' ').trim() || meta.key;
  const container = meta.container?.replace(/\s+/g, ' ').trim() || undefined;
  return { title, quoted: container !== undefined || !STANDALONE_TYPES.has(meta.type), ...(container ? { container } : {}), year: yearOf(meta.date) };
}

/** CSL types whose title stands alone (italic in a card), not inside a container. */
const STANDALONE_TYPES = new Set(['book', 'report', 'thesis', 'motion_picture', 'broadcast', 'map', 'software', 'dataset', 'musical_score', 'graphic']);

interface Author {
  name: string;
  type: Extract<EntityType, 'person' | 'group'>;
  key: string;
  slug: string;
  family?: string;
  familyText?: string;
  works: AuthoredWork[];
}

/** An entity as last composed: what it was made from, to tell whether it changed. */
interface Composed {
  signature: string;
  /** The described entity it was merged into. */
  base?: Entity;
  entity: Entity;
  /** The metadata its description was written from, work by work. */
  metas?: Array<SourceMeta | undefined>;
}

/** Composes author entities again and again, reusing the objects of those that did not change. */
export class AuthorEntities {
  private previous = new Map<string, Composed>();
  /** Each entity that carried works, without them: the same object every time, so it compares equal. */
  private readonly stripped = new WeakMap<Entity, Entity>();
  private readonly keysByEntity = new WeakMap<Entity, string[]>();

  /**
   * `described` (the index's entities, the writer's and discovered ones; author entities of an earlier
   * composition are dropped and made again) with the authors and editors of `sources`: merged entities in place,
   * new ones after them.
   */
  compose(described: readonly Entity[], ambiguous: readonly AmbiguousAlias[], sources: readonly Source[]): Entity[] {
    return runSteps(this.composeSteps(described, ambiguous, sources));
  }

  /**
   * `compose` in slices: the same work, awaiting `pause` every few dozen sources or authors (5,000 references
   * take a few hundred milliseconds on a cold host). One composition at a time (the caller's queue).
   */
  composeInSlices(described: readonly Entity[], ambiguous: readonly AmbiguousAlias[], sources: readonly Source[], pause: () => Promise<void>): Promise<Entity[]> {
    return runStepsInSlices(this.composeSteps(described, ambiguous, sources), pause);
  }

  /** The composition as steps: yields between units of work (see `compose`). */
  *composeSteps(described: readonly Entity[], ambiguous: readonly AmbiguousAlias[], sources: readonly Source[]): Steps<Entity[]> {
    const counter = stepCounter();
    const base: Entity[] = [];
    for (const entity of described) {
      if (entity.origin !== AUTHOR_ORIGIN) base.push(this.withoutWorks(entity));
      if (counter.due()) yield;
    }
    const authors = yield* authorsOf(sources);
    if (authors.length === 0) {
      this.previous.clear();
      return base;
    }
    const claims = new Map<string, Entity[]>();
    for (const entity of base) {
      for (const key of this.aliasKeys(entity)) {
        const list = claims.get(key);
        if (!list) claims.set(key, [entity]);
        else if (!list.includes(entity)) list.push(entity);
      }
      if (counter.due()) yield;
    }
    const ambiguousKeys = new Set(ambiguous.map((entry) => aliasKey(entry.text)));
    const families = new Map<string, number>();
    for (const author of authors) if (author.family) families.set(author.family, (families.get(author.family) ?? 0) + 1);
    const metas = new Map(sources.map((source) => [source.meta.key, source.meta]));
    const ids = new Set(base.map((entity) => entity.id));

    const merged = new Map<Entity, AuthoredWork[]>();
    const added: Entity[] = [];
    const next = new Map<string, Composed>();
    for (const author of authors) {
      if (counter.due()) yield;
      const same = claims.get(author.key)?.find((entity) => sameKind(entity.type, author.type));
      if (same) {
        const works = merged.get(same);
        if (works) works.push(...author.works);
        else merged.set(same, [...author.works]);
        continue;
      }
      const id = uniqueId(author.slug, ids);
      const aliases: AliasSpec[] = [{ text: author.name }];
      const family = author.family;
      if (family && author.type === 'person' && families.get(family) === 1 && !claims.has(family) && !ambiguousKeys.has(family) && !COMMON_WORDS.has(family)) {
        if (author.familyText) aliases.push({ text: author.familyText, caseSensitive: true });
      }
      const old = this.previous.get(id);
      const description =
        old && sameWorks(old.entity.works, author.works) && author.works.every((work, i) => old.metas?.[i] === metas.get(work.key))
          ? old.entity.description
          : capitalise(worksText(author.works, (key) => metas.get(key)));
      const entity: Entity = { id, name: author.name, type: author.type, aliases, description, facts: NONE, related: NONE, mentions: NONE, origin: AUTHOR_ORIGIN, works: author.works };
      const signature = [id, author.name, author.type, ...aliases.map((alias) => `${alias.text}${alias.caseSensitive ? '\u0001' : ''}`), description].join('\u0000');
      added.push(this.reuse(next, id, signature, entity, undefined, author.works.map((work) => metas.get(work.key))));
    }
    const entities = base.map((entity) => {
      const works = merged.get(entity);
      if (!works) return entity;
      return this.reuse(next, entity.id, '', { ...entity, works }, entity);
    });
    this.previous = next;
    entities.push(...added);
    return entities;
  }

  /** The folded forms of an entity's name and aliases, worked out once per entity object. */
  private aliasKeys(entity: Entity): string[] {
    let keys = this.keysByEntity.get(entity);
    if (!keys) {
      keys = [entity.name, ...entity.aliases.map((alias) => alias.text)].map(aliasKey).filter((key): key is string => key !== undefined);
      this.keysByEntity.set(entity, keys);
    }
    return keys;
  }

  private withoutWorks(entity: Entity): Entity {
    if (!entity.works) return entity;
    let bare = this.stripped.get(entity);
    if (!bare) {
      bare = { ...entity };
      delete bare.works;
      this.stripped.set(entity, bare);
    }
    return bare;
  }

  private reuse(next: Map<string, Composed>, id: string, signature: string, entity: Entity, base?: Entity, metas?: Array<SourceMeta | undefined>): Entity {
    const old = this.previous.get(id);
    const kept = old && old.signature === signature && old.base === base && sameWorks(old.entity.works, entity.works) ? old.entity : entity;
    next.set(id, { signature, base, entity: kept, metas });
    return kept;
  }
}

/** The library's data with the authors and editors of its sources as entities (the bundled corpus's build). */
export function withAuthors(data: LibraryData): LibraryData {
  return { ...data, entities: new AuthorEntities().compose(data.entities, data.ambiguous, data.sources) };
}

/**
 * The empty facts, related ids and mentions every author entity starts with: one frozen array, not three per author
 * (thousands of authors; the library gives an entity its mentions in an array of its own).
 */
const NONE = Object.freeze([]) as never[];

/** A name as a source writes it, read once per source object (a re-read source that did not change is the same object). */
interface SourceName {
  /** `type` + folded name: one author whatever the case and accents. */
  id: string;
  text: string;
  type: Author['type'];
  key: string;
  family?: string;
  /** The family name as the full name spells it, for the alias. */
  familyText?: string;
  /** The id the name would have: its slug. */
  slug: string;
  role: AuthoredWork['role'];
}

const namesBySource = new WeakMap<Source, SourceName[]>();

function namesOf(source: Source): SourceName[] {
  let names = namesBySource.get(source);
  if (names) return names;
  names = [];
  const meta = source.meta;
  const add = (name: Name, role: AuthoredWork['role']) => {
    if (!name || typeof name !== 'object') return;
    const text = displayName(name).replace(/\s+/g, ' ');
    if (!text || aliasProblem(text)) return;
    const key = aliasKey(text) as string;
    const type = name.literal?.trim() ? 'group' : 'person';
    const family = type === 'person' && name.given?.trim() && name.family?.trim() ? aliasKey(name.family) : undefined;
    const spelled = familyText(text, family);
    // The id joined (one flat string; a template literal would keep a chain of its parts).
    names?.push({ id: [type, key].join('\u0000'), text, type, key, role, slug: slug(text), ...(family && spelled ? { family, familyText: spelled } : {}) });
  };
  for (const name of Array.isArray(meta.author) ? meta.author : []) add(name, 'author');
  for (const name of Array.isArray(meta.editor) ? meta.editor : []) add(name, 'editor');
  namesBySource.set(source, names);
  return names;
}

/** Every author and editor of `sources`, once per name and kind, with what they wrote or edited, in one pass. */
function* authorsOf(sources: readonly Source[]): Steps<Author[]> {
  const byId = new Map<string, Author>();
  const seen = new Set<string>();
  const counter = stepCounter();
  for (const source of sources) {
    if (counter.due()) yield;
    const key = source.meta.key;
    for (const name of namesOf(source)) {
      let author = byId.get(name.id);
      if (!author) {
        author = { name: name.text, type: name.type, key: name.key, slug: name.slug, works: [], ...(name.family ? { family: name.family, familyText: name.familyText } : {}) };
        byId.set(name.id, author);
      }
      const work = `${name.id}\u0000${name.role}\u0000${key}`;
      if (seen.has(work)) continue;
      seen.add(work);
      author.works.push({ key, role: name.role });
    }
  }
  return [...byId.values()];
}

/** The family name as the full name spells it ("Byrne" in "Liam Byrne"). */
function familyText(full: string, familyKey: string | undefined): string | undefined {
  if (!familyKey) return undefined;
  const words = full.split(' ');
  for (let n = 1; n < words.length; n++) {
    const tail = words.slice(-n).join(' ');
    if (aliasKey(tail) === familyKey) return tail;
  }
  return undefined;
}

function sameWorks(a: readonly AuthoredWork[] = [], b: readonly AuthoredWork[] = []): boolean {
  return a.length === b.length && a.every((work, i) => work.key === b[i].key && work.role === b[i].role);
}

function sameKind(type: EntityType, author: Author['type']): boolean {
  return author === 'group' ? type === 'group' : type === 'person';
}

function capitalise(text: string): string {
  if (!text) return '';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}
