// The entity index: reads `entities.yaml`, locates every mention of every entity in the sources (with the name
// matcher, never by hand), and checks the index against the corpus. Problems are values with the file and the
// zero-based line they concern; nothing throws.

import { isMap } from 'yaml';
import { fail, ok } from '../types';
import type { AliasSpec, AmbiguousAlias, CoreError, Entity, EntityType, Fact, Mention, Paragraph, ParagraphRef, Result, Source } from '../types';
import { NameMatcher, aliasKey, aliasProblem, matchesName } from './nameMatcher';
import { mentionSpellings } from '../text/stringPool';
import { KEY_PATTERN } from '../sources/sourceParser';
import { checkYamlDepth, firstLine, lineFinder, parseYaml, truncate } from '../text/yaml';

export const ENTITY_TYPES: readonly EntityType[] = ['person', 'character', 'group', 'place', 'event', 'work'];

/** The largest entity file accepted (characters). */
const MAX_ENTITY_FILE_CHARS = 4 * 1024 * 1024;

/** Where an entity's parts are written in its file (zero-based lines), for problems found later. */
export interface EntityLocation {
  line: number;
  aliases: number[];
  facts: number[];
  related: number;
}

export interface EntityFile {
  entities: Entity[];
  ambiguous: AmbiguousAlias[];
  problems: CoreError[];
  /** By entity id. */
  locations: Map<string, EntityLocation>;
  /** Zero-based line of each ambiguous entry. */
  ambiguousLines: number[];
  file: string;
}

export interface EntityIndex {
  /** The entities with their mentions filled in, in file order. */
  entities: Entity[];
  ambiguous: AmbiguousAlias[];
  matcher: NameMatcher;
  problems: CoreError[];
}

export interface IndexOptions {
  /** Report aliases that are never found in the sources (the bundled corpus's build check). */
  requireAliasesFound?: boolean;
}

/** Reads `key#n` (or `{ source, paragraph }`) as a paragraph reference. */
export function parseParagraphRef(value: unknown): Result<ParagraphRef> {
  if (typeof value === 'string') {
    const match = /^([A-Za-z0-9_:.-]+)#(\d{1,6})$/.exec(value.trim());
    if (match) return ok({ source: match[1], paragraph: Number(match[2]) });
  } else if (value && typeof value === 'object') {
    const ref = value as Record<string, unknown>;
    if (typeof ref.source === 'string' && typeof ref.paragraph === 'number' && Number.isInteger(ref.paragraph)) {
      return ok({ source: ref.source, paragraph: ref.paragraph });
    }
  }
  return fail(`\`${truncate(String(JSON.stringify(value)), 40)}\` is not a paragraph reference: write it as \`crossan2025#14\` (source key, #, paragraph number).`);
}

/** Parses an entity file. `origin` becomes each entity's `origin` (`bundled`, or the file). Never throws. */
export function parseEntities(text: string, file: string, origin = 'bundled'): EntityFile {
  const result: EntityFile = { entities: [], ambiguous: [], problems: [], locations: new Map(), ambiguousLines: [], file };
  try {
    parseInto(result, text, origin);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.problems.push(fail(`${file} could not be read as an entity index (${reason}).`, { file, line: 0 }));
  }
  return result;
}

function parseInto(result: EntityFile, text: string, origin: string): void {
  const file = result.file;
  const problem = (message: string, line: number, severity?: 'warning'): void => {
    result.problems.push(fail(message, severity ? { file, line, severity } : { file, line }));
  };
  if (typeof text !== 'string') return problem('The entity index is not text.', 0);
  if (text.length > MAX_ENTITY_FILE_CHARS) return problem(`The entity index is over ${MAX_ENTITY_FILE_CHARS / (1024 * 1024)} MB: split it.`, 0);
  if (text.includes('\u0000')) return problem('The entity index is a binary file, not YAML text.', 0);
  const depth = checkYamlDepth(text.split(/\r\n?|\n/), 'The entity index');
  if (depth) return problem(depth.message, depth.line);

  const lineOf = lineFinder(text.replace(/\r\n?/g, '\n'));
  const doc = parseYaml(text);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problem(`The entity index is not valid YAML: ${firstLine(error.message)}`, lineOf(error.pos?.[0] ?? 0));
    return;
  }
  if (!isMap(doc.contents)) return problem('The entity index starts with `entities:`, a list of entities.', 0);
  const nodeLine = (path: Array<string | number>, fallback: number): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node && typeof node === 'object' && node.range ? lineOf(node.range[0]) : fallback;
  };
  const data = doc.toJS({ maxAliasCount: 16 }) as Record<string, unknown>;
  // Each section is located by a linear search: report the first few unknown ones, then count the rest.
  const unknown = Object.keys(data).filter((field) => field !== 'entities' && field !== 'ambiguous');
  for (const field of unknown.slice(0, 10)) {
    problem(`Unknown section \`${truncate(field, 40)}\` is ignored: the index has \`entities\` and \`ambiguous\`.`, nodeLine([field], 0), 'warning');
  }
  if (unknown.length > 10) problem(`${unknown.length - 10} more unknown sections are ignored.`, nodeLine([unknown[10]], 0), 'warning');
  if (!Array.isArray(data.entities)) return problem('The entity index needs `entities:`, a list of entities.', nodeLine(['entities'], 0));

  const ids = new Set<string>();
  data.entities.forEach((raw: unknown, index: number) => {
    const line = nodeLine(['entities', index], 0);
    const read = readEntity(raw, origin, (message, path, severity) => problem(message, nodeLine(['entities', index, ...path], line), severity));
    if (!read) return;
    const { entity, aliasIndices } = read;
    if (ids.has(entity.id)) return problem(`Two entities have the id \`${entity.id}\`: ids must be unique.`, nodeLine(['entities', index, 'id'], line));
    ids.add(entity.id);
    result.entities.push(entity);
    result.locations.set(entity.id, {
      line,
      aliases: aliasIndices.map((a) => (a < 0 ? nodeLine(['entities', index, 'name'], line) : nodeLine(['entities', index, 'aliases', a], line))),
      facts: entity.facts.map((_, f) => nodeLine(['entities', index, 'facts', f], line)),
      related: nodeLine(['entities', index, 'related'], line),
    });
  });

  if (data.ambiguous === undefined || data.ambiguous === null) return;
  if (!Array.isArray(data.ambiguous)) return problem('`ambiguous` must be a list of `text` and `candidates`.', nodeLine(['ambiguous'], 0));
  data.ambiguous.forEach((raw: unknown, index: number) => {
    const line = nodeLine(['ambiguous', index], 0);
    const entry = raw as Record<string, unknown> | null;
    const candidates = entry && typeof entry === 'object' ? entry.candidates : undefined;
    if (!entry || typeof entry.text !== 'string' || !entry.text.trim() || !Array.isArray(candidates) || !candidates.every((c) => typeof c === 'string')) {
      return problem('Each ambiguous entry needs `text` (the words) and `candidates` (a list of entity ids).', line);
    }
    const why = aliasProblem(entry.text);
    if (why) return problem(`The ambiguous text "${truncate(entry.text, 40)}" ${why}.`, line);
    result.ambiguous.push({ text: entry.text.trim(), candidates: candidates as string[] });
    result.ambiguousLines.push(line);
  });
}

function readEntity(
  raw: unknown,
  origin: string,
  problem: (message: string, path: Array<string | number>, severity?: 'warning') => void,
): { entity: Entity; aliasIndices: number[] } | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problem('Each entity needs `id`, `name`, `type` and `description`.', []);
    return undefined;
  }
  const data = raw as Record<string, unknown>;
  const text = (field: string): string | undefined => (typeof data[field] === 'string' && (data[field] as string).trim() ? (data[field] as string).trim() : undefined);
  const id = text('id');
  if (!id || !KEY_PATTERN.test(id)) {
    problem(id ? `The id \`${truncate(id, 40)}\` may use only letters, digits and \`_ - : .\`: for example \`mark-ashton\`.` : 'An entity is missing `id`: add `id: mark-ashton` (lower case, hyphens).', id ? ['id'] : []);
    return undefined;
  }
  const name = text('name');
  if (!name) {
    problem(`Entity \`${id}\` is missing \`name\`: add the name a reader knows it by.`, []);
    return undefined;
  }
  const nameProblem = aliasProblem(name);
  if (nameProblem) {
    problem(`The name of \`${id}\` ${nameProblem}.`, ['name']);
    return undefined;
  }
  const type = text('type') as EntityType | undefined;
  if (!type || !ENTITY_TYPES.includes(type)) {
    problem(`Entity \`${id}\` needs \`type:\` one of ${ENTITY_TYPES.join(', ')}.`, type ? ['type'] : []);
    return undefined;
  }
  const description = text('description');
  if (!description) problem(`Entity \`${id}\` has no \`description\`: add one line saying who or what it is.`, [], 'warning');

  const aliases: AliasSpec[] = [];
  /** Where each alias is in the file's `aliases` list; -1 for the name. */
  const aliasIndices: number[] = [];
  if (data.aliases !== undefined && data.aliases !== null) {
    if (!Array.isArray(data.aliases)) problem(`\`aliases\` of \`${id}\` must be a list.`, ['aliases']);
    else
      data.aliases.forEach((alias: unknown, a: number) => {
        const spec: AliasSpec | undefined =
          typeof alias === 'string' || typeof alias === 'number'
            ? { text: String(alias).trim() }
            : alias && typeof alias === 'object' && typeof (alias as AliasSpec).text === 'string'
              ? { text: (alias as AliasSpec).text.trim(), ...((alias as AliasSpec).caseSensitive === true ? { caseSensitive: true } : {}) }
              : undefined;
        if (!spec) return problem(`An alias of \`${id}\` must be words, or \`{text: …, caseSensitive: true}\`.`, ['aliases', a]);
        const why = aliasProblem(spec.text);
        if (why) return problem(`The alias "${truncate(spec.text, 40)}" of \`${id}\` ${why}.`, ['aliases', a]);
        aliases.push(spec);
        aliasIndices.push(a);
      });
  }
  // The name is what a card shows, and is matched too (see `matchesName`).
  if (matchesName(name, aliases)) {
    aliases.unshift({ text: name });
    aliasIndices.unshift(-1);
  }

  const facts: Fact[] = [];
  if (data.facts !== undefined && data.facts !== null) {
    if (!Array.isArray(data.facts)) problem(`\`facts\` of \`${id}\` must be a list.`, ['facts']);
    else
      data.facts.forEach((raw: unknown, f: number) => {
        const fact = raw as Record<string, unknown> | null;
        if (!fact || typeof fact !== 'object' || typeof fact.text !== 'string' || !fact.text.trim()) {
          return problem(`A fact of \`${id}\` needs \`text\` (in our own words) and \`cites\` (paragraphs, such as \`crossan2025#14\`).`, ['facts', f]);
        }
        const cites: ParagraphRef[] = [];
        const rawCites = Array.isArray(fact.cites) ? fact.cites : fact.cites === undefined ? [] : [fact.cites];
        rawCites.forEach((cite: unknown, c: number) => {
          const ref = parseParagraphRef(cite);
          if (ref.ok) cites.push(ref.value);
          else problem(ref.message, ['facts', f, 'cites', c]);
        });
        if (cites.length === 0) problem(`The fact "${truncate(fact.text.trim(), 40)}" of \`${id}\` cites no paragraph: add \`cites: [key#n]\`.`, ['facts', f]);
        facts.push({ text: fact.text.trim(), cites });
      });
  }

  const related: string[] = [];
  if (data.related !== undefined && data.related !== null) {
    if (!Array.isArray(data.related) || !data.related.every((r) => typeof r === 'string')) problem(`\`related\` of \`${id}\` must be a list of entity ids.`, ['related']);
    else related.push(...(data.related as string[]).map((r) => r.trim()));
  }
  if (data.mentions !== undefined) problem(`\`mentions\` of \`${id}\` are computed from the aliases: remove them from the file.`, ['mentions'], 'warning');

  const entity: Entity = { id, name, type, aliases, description: description ?? '', facts, related, mentions: [], origin };
  return { entity, aliasIndices };
}

/** Every mention of an entity in one source, by entity id, in paragraph and offset order. */
export function computeMentions(matcher: NameMatcher, source: Source): Map<string, Mention[]> {
  const mentions = new Map<string, Mention[]>();
  for (const paragraph of source.paragraphs) addParagraphMentions(matcher, source.meta.key, paragraph, mentions);
  return mentions;
}

/** `computeMentions`, awaiting `pause` after each paragraph (a book's worth of text never holds the host). */
export async function computeMentionsInSlices(matcher: NameMatcher, source: Source, pause: () => Promise<void>): Promise<Map<string, Mention[]>> {
  const mentions = new Map<string, Mention[]>();
  for (const paragraph of source.paragraphs) {
    addParagraphMentions(matcher, source.meta.key, paragraph, mentions);
    await pause();
  }
  return mentions;
}

function addParagraphMentions(matcher: NameMatcher, key: string, paragraph: Paragraph, mentions: Map<string, Mention[]>): void {
  for (const match of matcher.findAll(paragraph.text)) {
    if (!match.entityId) continue;
    const mention: Mention = {
      source: key,
      paragraph: paragraph.number,
      start: match.start,
      end: match.end,
      text: mentionSpellings.shared(paragraph.text.slice(match.start, match.end)),
    };
    const list = mentions.get(match.entityId);
    if (list) list.push(mention);
    else mentions.set(match.entityId, [mention]);
  }
}

/**
 * Builds the index over the sources: fills in mentions and checks the entity file against them — a fact that
 * cites a missing source or paragraph, a related, candidate or speaker id that does not exist, two entities
 * claiming the same words without an `ambiguous` entry, and (with `requireAliasesFound`) an alias never found.
 */
export function buildIndex(entityFile: EntityFile, sources: readonly Source[], options: IndexOptions = {}): EntityIndex {
  const problems: CoreError[] = [];
  const file = entityFile.file;
  const at = (line: number, message: string): void => {
    problems.push(fail(message, { file, line }));
  };
  const entities = entityFile.entities.map((entity) => ({ ...entity, mentions: [] as Mention[] }));
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const location = (id: string): EntityLocation => entityFile.locations.get(id) ?? { line: 0, aliases: [], facts: [], related: 0 };
  const sourcesByKey = new Map<string, Source>();
  for (const source of sources) sourcesByKey.set(source.meta.key, source);

  // Two entities claiming the same words.
  const ambiguousKeys = new Set(entityFile.ambiguous.map((entry) => aliasKey(entry.text)));
  const claims = new Map<string, { id: string; alias: AliasSpec }[]>();
  for (const entity of entities) {
    entity.aliases.forEach((alias, a) => {
      const key = aliasKey(alias.text);
      if (key === undefined || ambiguousKeys.has(key)) return;
      const claimants = claims.get(key) ?? [];
      const clash = claimants.find((c) => c.id !== entity.id && (!c.alias.caseSensitive || !alias.caseSensitive || c.alias.text === alias.text));
      if (clash) {
        at(location(entity.id).aliases[a] ?? location(entity.id).line, `"${alias.text}" names both \`${clash.id}\` and \`${entity.id}\`: keep it on one, or list it under \`ambiguous\` with both as candidates.`);
      }
      claimants.push({ id: entity.id, alias });
      claims.set(key, claimants);
    });
  }

  // Facts, related ids, ambiguous candidates.
  for (const entity of entities) {
    entity.facts.forEach((fact, f) => {
      const line = location(entity.id).facts[f] ?? location(entity.id).line;
      for (const cite of fact.cites) {
        const source = sourcesByKey.get(cite.source);
        if (!source) at(line, `A fact of \`${entity.id}\` cites \`${cite.source}#${cite.paragraph}\`, but there is no source \`${cite.source}\`.`);
        else if (cite.paragraph < 1 || cite.paragraph > source.paragraphs.length) {
          at(line, `A fact of \`${entity.id}\` cites paragraph ${cite.paragraph} of \`${cite.source}\`, which has ${source.paragraphs.length} paragraphs.`);
        }
      }
    });
    for (const id of entity.related) {
      if (!byId.has(id)) at(location(entity.id).related, `\`${entity.id}\` is related to \`${id}\`, which is not an entity id.`);
    }
  }
  entityFile.ambiguous.forEach((entry, index) => {
    for (const id of entry.candidates) {
      if (!byId.has(id)) at(entityFile.ambiguousLines[index] ?? 0, `The ambiguous "${entry.text}" lists \`${id}\`, which is not an entity id.`);
    }
  });
  for (const source of sources) {
    for (const quotation of source.quotations) {
      if (!byId.has(quotation.speaker)) {
        problems.push(
          fail(`The quotation in paragraph ${quotation.paragraph} is spoken by \`${quotation.speaker}\`, which is not an entity id in ${file}.`, {
            file: source.origin,
            line: quotation.line ?? 0,
          }),
        );
      }
    }
  }

  // Mentions, and which aliases were found.
  const matcher = new NameMatcher(entities, entityFile.ambiguous);
  for (const source of sources) {
    for (const [id, mentions] of computeMentions(matcher, source)) byId.get(id)?.mentions.push(...mentions);
  }
  if (options.requireAliasesFound) {
    // Found anywhere as whole words, even inside a longer name: "Considine" in "Paddy Considine" is spelled right.
    const foundKeys = new Set<string>();
    for (const source of sources) {
      for (const paragraph of source.paragraphs) {
        for (const match of matcher.findEvery(paragraph.text)) {
          const key = aliasKey(paragraph.text.slice(match.start, match.end)) ?? '';
          foundKeys.add(match.entityId ? `${match.entityId}\u0001${key}` : key);
        }
      }
    }
    for (const entity of entities) {
      entity.aliases.forEach((alias, a) => {
        const key = aliasKey(alias.text);
        if (key === undefined || foundKeys.has(`${entity.id}\u0001${key}`) || foundKeys.has(key)) return;
        at(
          location(entity.id).aliases[a] ?? location(entity.id).line,
          `The alias "${alias.text}" of \`${entity.id}\` is never found in the corpus${alias.caseSensitive ? ' with that capitalisation' : ''}: fix its spelling or remove it.`,
        );
      });
    }
  }
  return { entities, ambiguous: entityFile.ambiguous, matcher, problems };
}
