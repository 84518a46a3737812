// Run in a fresh process by bench/scale.ts: a folder taken out of the settings removes over half of a large library
// (60% of its text), a source after another (each in its own turn of the event loop, as the extension's file
// watcher and settings handler remove them). Over half of the search index is then removed passages, and it is rebuilt from the sources
// left: in one go (`removeSource` without a pause), or in slices on the host's shared 12 ms budget (with
// `Sourcebook.slices.pause`, as the extension does). Measured: the event loop's longest pause while the removals and
// the rebuild run (a monitor takes a turn of the loop whenever it can), the CPU, and the time until the index is
// rebuilt. Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/removalPause.ts 30
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { SLICE_MS, SharedPauser } from '../src/core/pauser';
import { parseSource } from '../src/core/sources/sourceParser';
import type { Source } from '../src/core/types';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

export interface RemovalRun {
  /** The event loop's longest pause while the sources were removed and the index rebuilt (wall clock). */
  longestPauseMs: number;
  /**
   * The CPU the process used in its longest pause by that measure (the rest of a pause is waiting for a core on a
   * busy machine), counting the garbage collector's helper threads.
   */
  longestBusyMs: number;
  /** The most CPU the process used between two turns of the monitor: the longest the work itself held the loop. */
  busiestMs: number;
  /** From the first removal until the index was rebuilt. */
  wallMs: number;
  cpuMs: number;
  /** Searches answered by the monitor meanwhile (one per turn of the loop, at most every 5 ms). */
  searches: number;
}

export interface RemovalFigures {
  bytes: number;
  sources: number;
  removed: number;
  passagesBefore: number;
  passagesAfter: number;
  oneGo: RemovalRun;
  sliced: RemovalRun;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function removeHalf(index: PassageIndex, keys: readonly string[], pause: (() => Promise<void>) | undefined): Promise<RemovalRun> {
  gc();
  await turn();
  let running = true;
  let longest = 0;
  let longestBusy = 0;
  let busiest = 0;
  let searches = 0;
  const cpuNow = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  let last = performance.now();
  let lastCpu = cpuNow();
  let lastSearch = 0;
  // The monitor: a turn of the event loop whenever it can get one; the gap between two is the host's pause. Now and
  // then it searches, as a writer typing in the quotation picker meanwhile would.
  const monitor = (): void => {
    const now = performance.now();
    const cpuAt = cpuNow();
    busiest = Math.max(busiest, cpuAt - lastCpu);
    if (now - last > longest) {
      longest = now - last;
      longestBusy = cpuAt - lastCpu;
    }
    if (now - lastSearch > 5) {
      index.search('bread and roses');
      searches++;
      lastSearch = performance.now();
    }
    last = performance.now();
    lastCpu = cpuNow();
    if (running) setImmediate(monitor);
  };
  const cpu = process.cpuUsage();
  const wall = performance.now();
  setImmediate(monitor);
  for (const key of keys) {
    index.removeSource(key, pause ? { pause } : {});
    await turn();
  }
  await index.rebuilt();
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  running = false;
  await turn();
  return { longestPauseMs: longest, longestBusyMs: longestBusy, busiestMs: busiest, wallMs, cpuMs: (used.user + used.system) / 1000, searches };
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 30);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  const files = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);
  const sources = [...bundled.sources, ...files.map((file, i) => parseSource(file, `library/${i}.md`).source).filter((s): s is Source => s !== undefined)];
  // Every other source, then more, until 60% of the text is taken out (so over half of the index is removed
  // passages): the books, articles and web captures taken out are spread over the library.
  const characters = (source: Source): number => source.paragraphs.reduce((sum, p) => sum + p.text.length, 0);
  const total = sources.reduce((sum, source) => sum + characters(source), 0);
  const keys: string[] = [];
  let removedCharacters = 0;
  for (const source of [...sources.filter((_, i) => i % 2 === 1), ...sources.filter((_, i) => i % 2 === 0)]) {
    if (removedCharacters > 0.6 * total) break;
    keys.push(source.meta.key);
    removedCharacters += characters(source);
  }
  process.stderr.write(`  [removal] ${sources.length} sources; removing ${keys.length}, in one go …\n`);
  const first = new PassageIndex(sources);
  const passagesBefore = first.size;
  const oneGo = await removeHalf(first, keys, undefined);
  const passagesAfter = first.size;
  process.stderr.write('  [removal] … and in slices\n');
  const second = new PassageIndex(sources);
  const slices = new SharedPauser(SLICE_MS);
  const sliced = await removeHalf(second, keys, slices.pause);
  if (second.size !== passagesAfter) throw new Error(`the sliced rebuild left ${second.size} passages, the one in one go ${passagesAfter}`);
  const figures: RemovalFigures = { bytes, sources: sources.length, removed: keys.length, passagesBefore, passagesAfter, oneGo, sliced };
  console.log(JSON.stringify(figures));
}

void main();
