// Run in a fresh process by bench/run.ts (`--only=authors`), once per way: the author entities of 5,000 references
// (bench/synthetic.ts realisticBib: a real bibliography's variety of names, editors and corporate authors) composed
// in one go (AuthorEntities.compose, as a library update did) or in slices on the shared budget
// (AuthorEntities.composeInSlices with a SharedPauser, as LibraryComposition.updateInSlices does), in a process
// whose code is cold, as the extension host's is at its first library update; then again after one reference
// changed. A 1 ms timer records how late it fires: the longest pause of the event loop. Prints one line of JSON.
//
//   node --expose-gc --import tsx bench/authorSlicing.ts one-go|sliced [references]
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { AuthorEntities } from '../src/core/names/authorEntities';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { SharedPauser } from '../src/core/pauser';
import { INDEX_SLICE_MS } from '../src/core/sourcebook';
import type { Entity, Source } from '../src/core/types';
import { realisticBib, realisticVocabulary, vocabularyOf } from './synthetic';
import { cpuNow, watchPauses } from './stats';

export interface AuthorRun {
  /** The longest time the 1 ms timer waited beyond its interval, and the CPU the process used meanwhile. */
  longestPauseMs: number;
  longestBusyPauseMs: number;
  wallMs: number;
  cpuMs: number;
}

export interface AuthorSlicingFigures {
  way: 'one-go' | 'sliced';
  references: number;
  entities: number;
  first: AuthorRun;
  again: AuthorRun;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function timed(work: () => Promise<unknown>): Promise<AuthorRun> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const watch = watchPauses(cpuNow);
  // The timer's first wait starts here: the work begins in the next turn, as a library update does.
  await new Promise((resolve) => setImmediate(resolve));
  const cpu = cpuNow();
  const wall = performance.now();
  await work();
  const run = { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
  // One more turn, so the wait that covers the end of the work is counted.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const { longestPauseMs, longestBusyPauseMs } = watch.stop();
  return { longestPauseMs, longestBusyPauseMs, ...run };
}

async function main(): Promise<void> {
  const way = process.argv[2] === 'sliced' ? 'sliced' : 'one-go';
  const count = Number(process.argv[3] ?? 5000);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const { cslJson } = realisticBib(realisticVocabulary(vocabularyOf(bundled)), count);
  const references = (await loadReferenceFile(cslJson, 'file:///library.json')).sources;
  const sources: Source[] = [...bundled.sources, ...references];
  const authors = new AuthorEntities();
  const pause = new SharedPauser(INDEX_SLICE_MS).pause;
  const compose = (described: readonly Entity[], library: readonly Source[]): Promise<Entity[]> =>
    way === 'sliced' ? authors.composeInSlices(described, bundled.ambiguous, library, pause) : Promise.resolve(authors.compose(described, bundled.ambiguous, library));
  let entities: Entity[] = [];
  const first = await timed(async () => (entities = await compose(bundled.entities, sources)));
  const changed = [...sources];
  const last = changed.length - 1;
  changed[last] = { ...changed[last], meta: { ...changed[last].meta, title: 'A changed title' } };
  const again = await timed(() => compose(entities, changed));
  const figures: AuthorSlicingFigures = { way, references: references.length, entities: entities.length - bundled.entities.length, first, again };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

void main();
