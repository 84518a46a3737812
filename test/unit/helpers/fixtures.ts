// Small entity and source fixtures, written by hand, for tests that must not depend on the real corpus.
import type { AmbiguousAlias, Entity, Source } from '../../../src/core/types';

export function entity(id: string, name: string, aliases: Entity['aliases'] = [], type: Entity['type'] = 'person'): Entity {
  return { id, name, type, aliases, description: `${name}.`, facts: [], related: [], mentions: [] };
}

export const fixtureEntities: Entity[] = [
  entity('mark-ashton', 'Mark Ashton', [{ text: 'Ashton' }]),
  entity('sian-james', 'Siân James', [{ text: 'Sian James' }]),
  entity('mike-jackson', 'Mike Jackson'),
  entity('jones', 'Jones'),
  entity('pride-film', 'Pride (film)', [{ text: 'Pride', caseSensitive: true }], 'work'),
  entity('all-out', 'All Out! Dancing in Dulais', [], 'work'),
  entity('lgsm', 'Lesbians and Gays Support the Miners', [{ text: 'LGSM' }], 'group'),
  entity('num', 'National Union of Mineworkers', [{ text: 'NUM' }, { text: 'National Union of Miners' }], 'group'),
];

export const fixtureAmbiguous: AmbiguousAlias[] = [
  { text: 'James', candidates: ['sian-james', 'other-james'] },
  { text: 'Jackson', candidates: ['mike-jackson', 'other-jackson'] },
];

export function sourceText(key: string, body: string, extra = ''): string {
  return `---\nkey: ${key}\ntitle: A Test Source\nauthor:\n  - family: Tester\n    given: Tess\ntype: webpage\n${extra}---\n${body}`;
}

/** A web page by Tess Tester with these paragraphs, as the parser would give it (no quotations). */
export function notesSource(key: string, paragraphs: string[]): Source {
  return {
    meta: { key, title: `Notes ${key}`, author: [{ family: 'Tester', given: 'Tess' }], type: 'webpage' },
    paragraphs: paragraphs.map((text, i) => ({ number: i + 1, text, line: i * 2, kind: 'text' })),
    quotations: [],
    origin: `${key}.md`,
  };
}
