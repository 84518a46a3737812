// Search per keystroke of an earlier commit against this one's, in one process: the same top 20 for every keystroke
// (hits compared field by field), and the CPU time per keystroke, old and new alternating query by query (the load
// of a shared machine varies). The earlier commit's src/core/search is written to a temporary folder (its imports of
// the rest of src/core pointed at this checkout's), so only the search domain differs between the two.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/searchAlternating.ts <commit> [MB] [--queries=N] [--rounds=N] [--profile=file.cpuprofile] [--old-own-strings]
//
// `--old-own-strings`: the old side indexes a copy of the sources whose paragraph texts are strings of their own (as
// the parsers made them before packing them, core/text/packedTexts.ts); the new side the packed texts.
// The library is bench/scaleLibrary.ts's realistic one at MB (150 by default) with its 5,000 references; the
// queries are the scale bench's ("bread and roses", then phrases of three to five words from random sentences,
// seed 19), 24 of them by default (the bench types the first 12), typed letter by letter. `--profile` writes a JSON
// array of CPU profiles of this checkout's side, one per keystroke that took over 14 ms (each phrase typed again up
// to it).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { PassageIndex } from '../src/core/search/passageSearch';
import { parseSource } from '../src/core/sources/sourceParser';
import { wordSpans } from '../src/core/text/sentences';
import type { PassageHit, Source } from '../src/core/types';
import { Random } from './random';
import { cpuNow, summarize } from './stats';
import { realisticBib, realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

interface Searcher {
  search(query: string): PassageHit[];
}
type IndexClass = new (sources: readonly Source[]) => Searcher;

const ROOT = path.resolve(__dirname, '..');

/** The search domain of `commit`, loaded from a temporary folder. */
async function earlier(commit: string): Promise<IndexClass> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-search-'));
  // Its packages (fuse.js) from this checkout's.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const names = execFileSync('git', ['ls-tree', '--name-only', `${commit}:src/core/search`], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((name) => name.endsWith('.ts'));
  for (const name of names) {
    const text = execFileSync('git', ['show', `${commit}:src/core/search/${name}`], { cwd: ROOT, encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, name), text.replace(/from '\.\.\//g, `from '${path.join(ROOT, 'src', 'core')}/`));
  }
  const module = (await import(path.join(dir, 'passageSearch.ts'))) as { PassageIndex: IndexClass };
  return module.PassageIndex;
}

function option(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

const log = (text: string): void => void process.stderr.write(`${text}\n`);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** The queries of bench/scaleLibrary.ts's search row, continued to `count`. */
function queriesOf(texts: readonly Source[], count: number): string[] {
  const rng = new Random(19);
  const queries = ['bread and roses'];
  while (queries.length < count) {
    const source = rng.pick(texts);
    const paragraph = rng.pick(source.paragraphs);
    const spans = wordSpans(paragraph.text);
    if (spans.length < 8) continue;
    const length = rng.int(3, 5);
    const first = rng.int(0, spans.length - length);
    queries.push(paragraph.text.slice(spans[first].start, spans[first + length - 1].end).toLowerCase());
  }
  return queries;
}

/** The sources with each paragraph's text a string of its own, as the parsers made them before they packed them. */
function withOwnStrings(sources: readonly Source[]): Source[] {
  return sources.map((source) => ({ ...source, paragraphs: source.paragraphs.map((paragraph) => ({ ...paragraph, text: JSON.parse(JSON.stringify(paragraph.text)) as string })) }));
}

const hitText = (hits: PassageHit[]): string => JSON.stringify(hits.map((h) => [h.source, h.paragraph, h.kind, h.start, h.score, h.highlights]));

async function main(): Promise<void> {
  const commit = process.argv[2];
  if (!commit) throw new Error('usage: bench/searchAlternating.ts <commit> [MB] [--queries=N] [--rounds=N] [--profile=file]');
  const megabytes = Number(process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 150);
  const rounds = option('rounds', 3);
  const profile = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
  const Old = await earlier(commit);

  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  log(`generating and parsing ${megabytes} MB …`);
  const texts = realisticLibrary(vocab, megabytes * 1_000_000)
    .files.map((file, i) => parseSource(file, `library/${i}.md`).source)
    .filter((s): s is Source => s !== undefined);
  const references = (await loadReferenceFile(realisticBib(vocab, 5000).bib, 'library.bib')).sources;
  const sources = [...bundled.sources, ...texts, ...references];
  const queries = queriesOf(texts, option('queries', 24));
  const typed = queries.map((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)).filter((k) => !k.endsWith(' ')));

  log('building the two indexes …');
  const sides: Array<{ name: string; index: Searcher; cpu: number[]; byKeystroke: Map<string, number> }> = [
    { name: 'old', index: new Old(process.argv.includes('--old-own-strings') ? withOwnStrings(sources) : sources), cpu: [], byKeystroke: new Map() },
    { name: 'new', index: new PassageIndex(sources), cpu: [], byKeystroke: new Map() },
  ];
  gc();

  // Every keystroke's top 20 compared (the first pass, untimed).
  let differ = 0;
  const differing: string[] = [];
  for (const keystrokes of typed) {
    for (const q of keystrokes) {
      const a = hitText(sides[0].index.search(q));
      const b = hitText(sides[1].index.search(q));
      if (a !== b) {
        differ++;
        if (differing.length < 10) differing.push(q);
      }
    }
  }
  const keystrokes = typed.flat().length;
  log(`top 20 compared: ${differ} of ${keystrokes} keystrokes differ${differing.length ? ` (${differing.map((q) => `"${q}"`).join(', ')})` : ''}`);

  const loads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    loads.push(os.loadavg()[0]);
    typed.forEach((qs, k) => {
      // Old first in even rounds for even queries, new first otherwise.
      const order = (round + k) % 2 === 0 ? [sides[0], sides[1]] : [sides[1], sides[0]];
      for (const side of order) {
        for (const q of qs) {
          const start = cpuNow();
          side.index.search(q);
          const ms = cpuNow() - start;
          side.cpu.push(ms);
          side.byKeystroke.set(q, Math.max(side.byKeystroke.get(q) ?? 0, ms));
        }
      }
    });
  }
  loads.push(os.loadavg()[0]);
  const figures = (cpu: number[]): string => {
    const s = summarize(cpu);
    const p99 = [...cpu].sort((a, b) => a - b)[Math.min(cpu.length - 1, Math.floor(cpu.length * 0.99))];
    return `p50 ${s.p50.toFixed(2)}, p95 ${s.p95.toFixed(2)}, p99 ${p99.toFixed(2)} ms (mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(2)})`;
  };
  const benchCount = typed.slice(0, 12).flat().length;
  for (const side of sides) {
    const bench: number[] = [];
    for (let round = 0, at = 0; round < rounds; round++) {
      bench.push(...side.cpu.slice(at, at + benchCount));
      at += keystrokes;
    }
    log(`${side.name}: all ${side.cpu.length} keystrokes ${figures(side.cpu)}; the bench's 12 phrases (${bench.length}) ${figures(bench)}`);
    log(`  slowest: ${[...side.byKeystroke].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([q, ms]) => `"${q}" ${ms.toFixed(1)}`).join(', ')}`);
  }
  log(`${megabytes} MB, ${queries.length} phrases, ${keystrokes} keystrokes a round, ${rounds} rounds alternating; load average ${loads.map((l) => l.toFixed(1)).join(' → ')} on ${os.cpus().length} CPUs`);

  if (profile) {
    const session = new inspector.Session();
    session.connect();
    const post = (method: string, params?: object): Promise<unknown> =>
      new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    // The keystrokes over 14 ms, each profiled alone (the phrase typed up to it: a keystroke reuses the one before).
    const profiles: object[] = [];
    for (const qs of typed) {
      if (!qs.some((q) => (sides[1].byKeystroke.get(q) ?? 0) > 14)) continue;
      for (const q of qs) {
        const slow = (sides[1].byKeystroke.get(q) ?? 0) > 14;
        if (slow) await post('Profiler.start');
        sides[1].index.search(q);
        if (slow) profiles.push(((await post('Profiler.stop')) as { profile: object }).profile);
      }
    }
    fs.writeFileSync(profile, JSON.stringify(profiles));
    log(`profiles of the slow keystrokes typed once more (this checkout) written to ${profile}`);
  }
}

void main();
