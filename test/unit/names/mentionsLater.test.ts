// A restart sets thousands of sources at once and finds the names in them afterwards, on the shared budget: what is
// found in the end is what setting each source in one go finds, and nothing waiting on mentions hears of them early.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Library } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Entity, Source } from '../../../src/core/types';
import { entity, fixtureAmbiguous, fixtureEntities, sourceText } from '../helpers/fixtures';
import { params } from '../helpers/fastCheck';

const WORDS = ['Mark', 'Ashton', 'Siân', 'Sian', 'James', 'Mike', 'Jackson', 'Jones', 'Okapi', 'NUM', 'LGSM', 'Pride', 'pride', 'met', 'the', 'and', 'of', 'miners', 'Union'];

function source(key: string, paragraphs: string[][]): Source {
  const body = paragraphs.map((words) => `${words.join(' ')}.`).join('\n\n');
  const parsed = parseSource(sourceText(key, `${body}\n`), `${key}.md`);
  assert.ok(parsed.source, JSON.stringify(parsed.problems));
  return parsed.source;
}

/** The entity sets a run switches between: the fixtures, one more name, one fewer. */
const ENTITY_SETS: Entity[][] = [fixtureEntities, [...fixtureEntities, entity('okapi-jones', 'Okapi Jones')], fixtureEntities.filter((e) => e.id !== 'mark-ashton')];

type Step =
  | { kind: 'later' | 'now'; key: string; paragraphs: string[][] }
  | { kind: 'remove'; key: string }
  | { kind: 'entities'; set: number }
  | { kind: 'turns'; turns: number };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const paragraphsArb = fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('later' as const), key: keyArb, paragraphs: paragraphsArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('now' as const), key: keyArb, paragraphs: paragraphsArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('entities' as const), set: fc.integer({ min: 0, max: ENTITY_SETS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('turns' as const), turns: fc.integer({ min: 0, max: 8 }) }) },
);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Everything a reader of mentions sees: each entity's mentions, and the sources naming it. */
function mentionsSeen(library: Library): unknown {
  return library.entities.map((e) => ({ id: e.id, mentions: e.mentions, sources: library.sourcesMentioning(e.id).map((s) => [s.source.meta.key, s.mentions]) }));
}

describe('Names found after the sources are set', () => {
  it('finds, once ready, the mentions that setting every source in one go finds, whatever changes meanwhile', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const later = new Library({ entities: fixtureEntities, ambiguous: fixtureAmbiguous });
        const oneGo = new Library({ entities: fixtureEntities, ambiguous: fixtureAmbiguous });
        let ready: Promise<boolean> | undefined;
        for (const step of steps) {
          if (step.kind === 'turns') {
            ready ??= later.mentionsReady(turn);
            for (let i = 0; i < step.turns; i++) await turn();
          } else if (step.kind === 'remove') {
            later.removeSource(step.key);
            oneGo.removeSource(step.key);
          } else if (step.kind === 'entities') {
            later.setEntities(ENTITY_SETS[step.set], fixtureAmbiguous);
            oneGo.setEntities(ENTITY_SETS[step.set], fixtureAmbiguous);
          } else {
            const set = source(step.key, step.paragraphs);
            if (step.kind === 'later') later.setSourceMentionsLater(set);
            else later.setSource(set);
            oneGo.setSource(set);
          }
        }
        await later.mentionsReady(turn);
        await ready;
        assert.equal(later.mentionsPending, 0);
        assert.deepEqual(
          later.sources.map((s) => s.meta.key),
          oneGo.sources.map((s) => s.meta.key),
        );
        assert.deepEqual(mentionsSeen(later), mentionsSeen(oneGo));
      }),
      params(60),
    );
  });

  it('counts a source set for later as pending until its names are found, and lists none of its mentions meanwhile', async () => {
    const library = new Library({ entities: fixtureEntities, ambiguous: fixtureAmbiguous });
    library.setSourceMentionsLater(source('a', [['Mark', 'Ashton', 'met', 'the', 'NUM']]));
    assert.equal(library.mentionsPending, 1);
    assert.deepEqual(library.sourcesMentioning('mark-ashton'), []);
    assert.equal(await library.mentionsReady(turn), true);
    assert.equal(library.mentionsPending, 0);
    assert.deepEqual(
      library.sourcesMentioning('mark-ashton').map((s) => s.mentions.map((m) => m.text)),
      [['Mark Ashton']],
    );
    assert.equal(await library.mentionsReady(turn), false);
  });

  it('answers every reader waiting at once after the last pending source, on the sourcebook’s shared budget, without telling listeners the sources changed', async () => {
    const library = new Library({ entities: fixtureEntities, ambiguous: fixtureAmbiguous });
    const sourcebook = new Sourcebook(library);
    let heard = 0;
    sourcebook.onDidChange(() => heard++);
    const paragraphs = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? ['Siân', 'James', 'and', 'LGSM'] : ['the', 'miners', 'met']));
    await sourcebook.setSourceInSlices(source('a', paragraphs), sourcebook.slices.pause);
    await sourcebook.setSourceInSlices(source('b', [['Mike', 'Jackson', 'of', 'LGSM']]), sourcebook.slices.pause);
    assert.equal(library.mentionsPending, 2, 'the names are not found while the sources are set');
    heard = 0;
    const seen: number[] = [];
    const readers = [1, 2, 3].map(() => sourcebook.mentionsReady().then(() => seen.push(library.sourcesMentioning('lgsm').length)));
    await Promise.all(readers);
    assert.deepEqual(seen, [2, 2, 2]);
    assert.equal(heard, 0, 'the sources did not change: nothing is checked or drawn again');
    const oneGo = new Library({ sources: [...library.sources], entities: fixtureEntities, ambiguous: fixtureAmbiguous });
    assert.deepEqual(mentionsSeen(library), mentionsSeen(oneGo));
  });
});
