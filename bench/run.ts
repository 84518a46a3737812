// `npm run bench`: times the core's hot paths in Node against a baseline measured in the same run, and prints
// one table (also written to bench/RESULTS.md). Inputs are deterministic (seeded) and built from the bundled
// corpus's own sentences, word pairs and names (bench/synthetic.ts). The machine may be busy: compare ratios.
//
// Options: --quick (fewer repetitions, for trying the script), --no-package (skip `npm run package`), --scale (only
// the rows at a real library's scale, bench/scale.ts: SOURCEBOOK_BENCH_MB of text, 150 MB unless told; they
// replace their own section of bench/RESULTS.md and a run without --scale keeps that section as it is),
// --only=search,pdf,heap (only those groups of rows; the groups are the names in `main`; RESULTS.md is then not
// written).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { PassageIndex } from '../src/core/search/passageSearch';
import { QuotationChecker } from '../src/core/quotations/quotationChecker';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import type { QuotationStatus } from '../src/core/quotations/quotationCheck';
import { Citations } from '../src/core/citations/citations';
import { DEFAULT_STYLE } from '../src/core/citations/styles';
import { parseSource } from '../src/core/sources/sourceParser';
import { escapeRegExp } from '../src/core/text/normalize';
import type { CitationForm, Entity, Source } from '../src/core/types';
import { NameMatcher } from '../src/core/names/nameMatcher';
import { AuthorEntities } from '../src/core/names/authorEntities';
import { plainFuseSearch } from './baselines';
import { Random } from './random';
import { formatBytes, formatMs, measure, measureEach, samples, summarize } from './stats';
import type { Samples, Summary } from './stats';
import { namedDraft, quotationDraft, sourceFiles, syntheticBib, vocabularyOf } from './synthetic';
import { zoteroBench } from './zotero';
import { pdfBench } from './pdf';
import type { HeapFigures } from './heap';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { pauser } from '../src/core/pauser';
import { keyCompletions } from '../src/core/search/keyCompletion';
import { scaleMegabytes, scaleRows } from './scale';
import type { SlicingFigures } from './slicedIndexing';
import type { PoolFigures } from './postingPool';
import type { NameDiscoveryFigures } from './nameDiscovery';
import type { AuthorSlicingFigures } from './authorSlicing';
import { INDEX_SLICE_MS } from '../src/core/sourcebook';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const skipPackage = process.argv.includes('--no-package');
const scaleOnly = process.argv.includes('--scale');
const reps = (full: number, fast: number): number => (quick ? fast : full);
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (group: string): boolean => !only || only.includes(group);

interface Row {
  operation: string;
  size: string;
  p50: string;
  tail: string;
  wall: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: string;
}

const rows: Row[] = [];
const notes: string[] = [];

/**
 * A full garbage collection, when the script runs with --expose-gc (as `npm run bench` does), then a pause of
 * 200 ms so V8's background threads finish sweeping what it freed (their CPU time would count in the next sample).
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function ratioText(baselineMs: number, oursMs: number): string {
  const r = baselineMs / oursMs;
  if (!Number.isFinite(r)) return '';
  return r >= 1 ? `${r >= 10 ? Math.round(r).toLocaleString('en') : r.toFixed(1)}× faster` : `${(1 / r).toFixed(1)}× the time`;
}

/**
 * A table row from per-call samples. Percentiles are of CPU time (see `Samples`); the wall-clock median is shown
 * beside them. `target.pass` judges the CPU summary.
 */
function timedRow(
  operation: string,
  size: string,
  ours: Samples,
  baseline?: { label: string; samples: Samples },
  target?: { text: string; pass: (cpu: Summary) => boolean },
): Summary {
  const cpu = summarize(ours.cpu);
  const wall = summarize(ours.wall);
  const base = baseline ? summarize(baseline.samples.cpu) : undefined;
  rows.push({
    operation,
    size,
    p50: formatMs(cpu.p50),
    tail: cpu.count > 1 ? `${formatMs(cpu.p95)} / ${formatMs(cpu.p99)}` : '(one run)',
    wall: formatMs(wall.p50),
    baseline: baseline && base ? `${baseline.label}: ${formatMs(base.p50)}` : '—',
    ratio: base ? ratioText(base.p50, cpu.p50) : '',
    target: target?.text ?? '',
    verdict: target ? (target.pass(cpu) ? 'PASS' : 'MISS') : '',
  });
  return cpu;
}

function valueRow(operation: string, size: string, value: string, target = '', pass?: boolean): void {
  rows.push({ operation, size, p50: value, tail: '', wall: '', baseline: '', ratio: '', target, verdict: pass === undefined ? '' : pass ? 'PASS' : 'MISS' });
}

/** Runs a bench helper in a fresh Node process and returns the JSON it prints. */
function fresh<T>(args: string[], execArgv: string[] = []): T {
  const out = execFileSync(process.execPath, [...execArgv, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

function fromRuns(runs: Array<{ wallMs: number; cpuMs: number }>): Samples {
  return { wall: runs.map((r) => r.wallMs), cpu: runs.map((r) => r.cpuMs) };
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

const bundled = JSON.parse(corpusJson) as LibraryData;
const vocab = vocabularyOf(bundled);
if (!scaleOnly) log('building synthetic sources (1,000 × ~10 KB) …');
const files = scaleOnly ? [] : sourceFiles(vocab, 1000, 10_000);
const corpusBytes = files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);

// ---------------------------------------------------------------------------------------------------------
// Index load (bundled) and index build (1,000 sources)

function indexLoad(): void {
  log('index load …');
  const n = reps(60, 15);
  const floor = samples();
  const load = samples();
  for (let i = 0; i < n; i++) {
    measure(floor, () => JSON.parse(corpusJson));
    measure(load, () => new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true }));
  }
  timedRow('index load (bundled library from JSON)', `${bundled.sources.length} sources, ${formatBytes(corpusJson.length)}`, load, {
    label: 'JSON.parse floor',
    samples: floor,
  });
  const searchBuild = measureEach(reps(30, 5), () => new PassageIndex(bundled.sources));
  timedRow('passage index build (bundled; first quick pick)', `${bundled.sources.length} sources`, searchBuild);
}

interface Built {
  sources: Source[];
  library: Library;
}

function indexBuild(): Built {
  log('index build for 1,000 sources …');
  const parse = samples();
  const parsed = measure(parse, () => files.map((file, i) => parseSource(file, `synthetic/${i}.md`).source).filter((s): s is Source => s !== undefined));
  if (parsed.length !== files.length) notes.push(`Only ${parsed.length} of ${files.length} synthetic sources parsed.`);
  const json = JSON.stringify(parsed);
  const floor = measureEach(reps(3, 1), () => JSON.parse(json));
  const build = samples();
  const library = measure(build, () => new Library({ sources: parsed, entities: bundled.entities, ambiguous: bundled.ambiguous }));
  measure(build, () => new PassageIndex(parsed));
  measure(build, () => new SourceWordIndex(parsed));
  const size = `1,000 sources, ${formatBytes(corpusBytes)}`;
  const vsFloor = { label: 'JSON.parse floor', samples: floor };
  const part = (k: number): Samples => ({ wall: [build.wall[k]], cpu: [build.cpu[k]] });
  timedRow('index build: parse 1,000 source files', size, parse, vsFloor);
  timedRow('index build: library + name mentions', size, part(0), vsFloor);
  timedRow('index build: passage search index', size, part(1), vsFloor);
  timedRow('index build: quotation word index', size, part(2), vsFloor);
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  timedRow('index build: all of the above', size, { wall: [parse.wall[0] + sum(build.wall)], cpu: [parse.cpu[0] + sum(build.cpu)] }, vsFloor);
  return { sources: parsed, library };
}

// ---------------------------------------------------------------------------------------------------------
// Hover

/**
 * The baseline hover, as a simple extension does it: one `\bALIAS\b` regular expression per alias (compiled once),
 * run over the line, the longest match covering the cursor. It ignores diacritics, possessives and wrapped names.
 */
function regexHover(aliases: Array<{ text: string; caseSensitive?: boolean }>): (line: string, character: number) => string | undefined {
  const patterns = aliases.map((alias) => ({
    alias: alias.text,
    re: new RegExp(`\\b${escapeRegExp(alias.text)}\\b`, alias.caseSensitive ? 'g' : 'gi'),
  }));
  return (line, character) => {
    let best: { alias: string; length: number } | undefined;
    for (const { alias, re } of patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        if (m.index <= character && character < m.index + m[0].length && (!best || m[0].length > best.length)) best = { alias, length: m[0].length };
        if (m.index > character) break;
      }
    }
    return best?.alias;
  };
}

function hover(): void {
  log('hover …');
  const library = new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true });
  const lines = namedDraft(vocab, 20_000, 0.12);
  const words = lines.join(' ').split(/\s+/).length;
  const lineAt = (n: number): string | undefined => lines[n];
  const rng = new Random(7);
  const positions: Array<{ line: number; character: number }> = [];
  while (positions.length < reps(20_000, 3000)) {
    const line = rng.int(0, lines.length - 1);
    if (lines[line].length === 0) continue;
    positions.push({ line, character: rng.int(0, lines[line].length - 1) });
  }
  const aliases = [...library.entities.flatMap((e) => e.aliases), ...library.ambiguous.map((a) => ({ text: a.text }))];
  const baseline = regexHover(aliases);
  // Warm up both (JIT), then time alternately in blocks so load on the machine hits both alike.
  for (const p of positions.slice(0, 2000)) {
    library.entityAtPosition(lineAt, p);
    baseline(lines[p.line], p.character);
  }
  const ours = samples();
  const theirs = samples();
  let named = 0;
  for (let block = 0; block < positions.length; block += 1000) {
    const slice = positions.slice(block, block + 1000);
    for (const p of slice) if (measure(ours, () => library.entityAtPosition(lineAt, p))) named++;
    for (const p of slice) measure(theirs, () => baseline(lines[p.line], p.character));
  }
  timedRow(
    'hover: entity at position',
    `${words.toLocaleString('en')}-word draft, ${positions.length.toLocaleString('en')} positions`,
    ours,
    { label: `RegExp per alias (${aliases.length})`, samples: theirs },
    { text: 'p99 < 1 ms', pass: (cpu) => cpu.p99 < 1 },
  );
  notes.push(`Hover: ${Math.round((100 * named) / positions.length)}% of the random positions were on a name (the draft names someone every ~8 words).`);
}

/**
 * Author cards for a library of 5,000 reference-only sources (two authors and an editor each, names made from the
 * corpus's words): composing them, recomposing after one source changed, and the hover over a draft that names
 * them, against the hover of the bundled index alone measured in the same run.
 */
function authorCards(): void {
  log('author cards for 5,000 sources …');
  const words = [...vocab.next.keys()].filter((word) => /^[a-z]{4,}$/.test(word));
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const rng = new Random(11);
  const pick = () => cap(words[rng.int(0, words.length - 1)]);
  const sources: Source[] = Array.from({ length: 5000 }, (_, i) => ({
    meta: { key: `ref${i}`, title: `${pick()} and ${pick()}`, type: 'article-journal', container: `${pick()} Review`, date: String(1950 + (i % 70)), author: [{ given: pick(), family: `${pick()}son` }, { given: pick(), family: `${pick()}er` }], editor: [{ given: pick(), family: `${pick()}ley` }] },
    paragraphs: [],
    quotations: [],
    origin: 'bench.bib',
    referenceOnly: true,
  }));
  const all = [...bundled.sources, ...sources];
  const compose = samples();
  const recompose = samples();
  let entities: Entity[] = [];
  for (let r = 0; r < reps(10, 3); r++) {
    const authors = new AuthorEntities();
    entities = measure(compose, () => authors.compose(bundled.entities, bundled.ambiguous, all));
    const changed = [...all];
    changed[all.length - 1] = { ...changed[all.length - 1], meta: { ...changed[all.length - 1].meta, title: 'Changed' } };
    measure(recompose, () => authors.compose(entities, bundled.ambiguous, changed));
  }
  const size = `5,000 reference-only sources, ${(entities.length - bundled.entities.length).toLocaleString('en')} new author entities`;
  timedRow('authors: compose the author entities', size, compose);
  timedRow('authors: compose again after one source changed', size, recompose);

  const withAuthors = new Library({ sources: all, entities, ambiguous: bundled.ambiguous });
  const without = new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true });
  const named = entities.filter((entity) => entity.works).map((entity) => entity.name);
  const lines = namedDraft(vocab, 20_000, 0.12).map((line, i) => (i % 3 === 0 ? `${line} ${named[i % named.length]} wrote.` : line));
  const lineAt = (n: number): string | undefined => lines[n];
  const positions: Array<{ line: number; character: number }> = [];
  while (positions.length < reps(20_000, 3000)) {
    const line = rng.int(0, lines.length - 1);
    if (lines[line].length > 0) positions.push({ line, character: rng.int(0, lines[line].length - 1) });
  }
  const build = measureEach(1, () => new NameMatcher(entities, bundled.ambiguous));
  timedRow('authors: name matcher build with the author entities', `${entities.length.toLocaleString('en')} entities`, build);
  withAuthors.entityAtPosition(lineAt, positions[0]);
  for (const p of positions.slice(0, 2000)) {
    withAuthors.entityAtPosition(lineAt, p);
    without.entityAtPosition(lineAt, p);
  }
  const ours = samples();
  const theirs = samples();
  for (let block = 0; block < positions.length; block += 1000) {
    const slice = positions.slice(block, block + 1000);
    for (const p of slice) measure(ours, () => withAuthors.entityAtPosition(lineAt, p));
    for (const p of slice) measure(theirs, () => without.entityAtPosition(lineAt, p));
  }
  timedRow('hover: entity at position, with the authors of 5,000 sources', `${positions.length.toLocaleString('en')} positions, a third of the lines naming an author`, ours, {
    label: 'bundled index alone',
    samples: theirs,
  }, { text: 'p99 < 1 ms', pass: (cpu) => cpu.p99 < 1 });
}

/**
 * The author entities of 5,000 realistic references (bench/authorSlicing.ts, a fresh process per way, its code cold
 * as the host's is at its first library update): the longest event-loop pause when they are composed in one go, the
 * baseline, and in slices on the shared budget.
 */
function authorSlicingRows(): void {
  log('author entities of 5,000 references: one go, in slices …');
  const oneGo = fresh<AuthorSlicingFigures>(['--expose-gc', '--import', 'tsx', 'bench/authorSlicing.ts', 'one-go']);
  const sliced = fresh<AuthorSlicingFigures>(['--expose-gc', '--import', 'tsx', 'bench/authorSlicing.ts', 'sliced']);
  const size = `${sliced.references.toLocaleString('en')} references (realisticBib), ${sliced.entities.toLocaleString('en')} author entities; cold process`;
  for (const [when, ours, theirs] of [
    ['first composition', sliced.first, oneGo.first],
    ['again after one reference changed', sliced.again, oneGo.again],
  ] as const) {
    rows.push({
      operation: `authors in slices of ${INDEX_SLICE_MS} ms (${when}): longest event-loop pause (a 1 ms timer's lateness)`,
      size,
      p50: formatMs(ours.longestPauseMs),
      tail: `longest with the process busy: ${formatMs(ours.longestBusyPauseMs)}; CPU ${formatMs(ours.cpuMs)}`,
      wall: formatMs(ours.wallMs),
      baseline: `one go: ${formatMs(theirs.longestPauseMs)} (busy ${formatMs(theirs.longestBusyPauseMs)}; CPU ${formatMs(theirs.cpuMs)})`,
      ratio: ratioText(theirs.longestBusyPauseMs, ours.longestBusyPauseMs),
      target: '< 50 ms',
      verdict: ours.longestPauseMs < 50 ? 'PASS' : 'MISS',
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Quotation search

const QUERY = 'bread and roses';
const keystrokes = Array.from({ length: QUERY.length }, (_, i) => QUERY.slice(0, i + 1)).filter((q) => !q.endsWith(' '));

function search(label: string, sources: readonly Source[], rounds: number, baselineRounds: number, targeted: boolean): void {
  log(`quotation search: ${label} …`);
  const index = new PassageIndex(sources);
  for (const q of keystrokes) index.search(q);
  const ours = samples();
  const slowest = new Map<string, number>();
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const q of keystrokes) {
      const found = measure(ours, () => index.search(q));
      slowest.set(q, Math.max(slowest.get(q) ?? 0, ours.cpu[ours.cpu.length - 1]));
      if (q === QUERY) hits = found.length;
    }
  }
  const fuse = plainFuseSearch(sources);
  fuse('b');
  const theirs = samples();
  for (let r = 0; r < baselineRounds; r++) for (const q of keystrokes) measure(theirs, () => fuse(q));
  const base = summarize(theirs.cpu);
  const target = targeted ? { text: 'p95 < 16 ms, ≥ 10× fuse.js', pass: (cpu: Summary) => cpu.p95 < 16 && base.p50 / cpu.p50 >= 10 } : undefined;
  timedRow(`quotation search per keystroke ("b" … "${QUERY}")`, `${label}, ${index.size.toLocaleString('en')} passages`, ours, { label: 'plain fuse.js', samples: theirs }, target);
  const total = (values: number[], n: number): string => formatMs(values.reduce((a, b) => a + b, 0) / n);
  const worst = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 2);
  notes.push(
    `Search, ${label}: "${QUERY}" → ${hits} hits; CPU for the ${keystrokes.length} keystrokes: ours ${total(ours.cpu, rounds)}, plain fuse.js ${total(theirs.cpu, baselineRounds)}; slowest keystrokes ${worst.map(([q, ms]) => `"${q}" ${formatMs(ms)}`).join(', ')}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Quotation check

function quotationCheck(label: string, sources: readonly Source[], withIncremental: boolean): void {
  log(`quotation check: ${label} …`);
  const draft = quotationDraft(bundled.sources, vocab, 50_000, 200);
  const words = draft.text.split(/\s+/).length;
  const size = `${words.toLocaleString('en')} words, ${draft.quotations} quotations (${draft.altered} altered); ${label}`;
  const indexBuild = measureEach(reps(5, 2), () => new SourceWordIndex(sources));
  const full = samples();
  let statuses = new Map<QuotationStatus, number>();
  let found = 0;
  for (let r = 0; r < reps(12, 3) + 1; r++) {
    const checker = new QuotationChecker(sources, { format: 'markdown' });
    // Each run builds a new index, leaving the last one's tens of MB as garbage: collected and swept here, not
    // inside the timed check (in the extension the index is built once per library; the check runs on every edit).
    collectGarbage();
    const into = r > 0 ? full : samples(); // the first run warms the JIT
    const results = measure(into, () => checker.checkAll(draft.text));
    found = results.length;
    statuses = new Map();
    for (const result of results) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  }
  timedRow('quotation check: full', size, full, undefined, { text: '< 100 ms', pass: (cpu) => cpu.p95 < 100 });
  timedRow('quotation check: its source word index (once per library)', label, indexBuild);
  notes.push(`Quotation check (${label}): ${found} quotations found; ${[...statuses].map(([status, n]) => `${n} ${status}`).join(', ')}.`);
  if (!withIncremental) return;
  const checker = new QuotationChecker(sources, { format: 'markdown' });
  let text = draft.text;
  checker.checkAll(text);
  const rng = new Random(11);
  const incremental = samples();
  let rechecked = 0;
  for (let k = 0; k < reps(200, 40); k++) {
    const at = rng.int(0, text.length - 1);
    text = `${text.slice(0, at)}e${text.slice(at)}`;
    measure(incremental, () => checker.update(text, { start: at, end: at + 1 }));
    rechecked += checker.lastRechecked;
  }
  timedRow(
    'quotation check: incremental, one keystroke',
    `same draft, ${incremental.cpu.length} keystrokes at random places`,
    incremental,
    { label: 'full re-check', samples: full },
    { text: '< 10 ms', pass: (cpu) => cpu.p95 < 10 },
  );
  notes.push(`Incremental check: ${(rechecked / incremental.cpu.length).toFixed(2)} quotations re-aligned per keystroke on average. Check targets are judged on p95.`);
}

// ---------------------------------------------------------------------------------------------------------
// Citations

async function citations(built: Built): Promise<void> {
  log('citations …');
  // Bundled as the extension is (esbuild), so loading citeproc-js costs what it costs in the extension host.
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-bench-'));
  const script = path.join(bundleDir, 'firstCitation.js');
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), ['bench/firstCitation.ts', '--bundle', '--platform=node', '--target=node20', `--outfile=${script}`, '--log-level=error'], { cwd: ROOT });
  const firsts: Array<{ wallMs: number; cpuMs: number; ok: boolean; text: string }> = [];
  for (let i = 0; i < reps(5, 1); i++) firsts.push(fresh([script]));
  timedRow('citation: first (CSL engine + style load)', `fresh process ×${firsts.length}, chicago-author-date`, fromRuns(firsts), undefined, {
    text: '< 150 ms',
    pass: (cpu) => cpu.p50 < 150,
  });
  if (!firsts[0].ok) notes.push(`The first citation failed: ${firsts[0].text}`);
  // APA's engine is the largest to build (its sort keys call its longest macros; src/core/citations/sortMacros.ts).
  const firstsApa: Array<{ wallMs: number; cpuMs: number; ok: boolean; text: string; longestBlockMs: number }> = [];
  for (let i = 0; i < reps(5, 1); i++) firstsApa.push(fresh([script, 'apa']));
  timedRow('citation: first in APA (CSL engine + style load)', `fresh process ×${firstsApa.length}, apa`, fromRuns(firstsApa), undefined, {
    text: '< 200 ms',
    pass: (cpu) => cpu.p50 < 200,
  });
  const longest = firstsApa.map((run) => run.longestBlockMs).sort((a, b) => a - b);
  notes.push(`APA's first citation: longest block between the engine build's pauses ${formatMs(longest[longest.length >> 1])} (median of ${longest.length}).`);
  if (!firstsApa[0].ok) notes.push(`The first citation in APA failed: ${firstsApa[0].text}`);

  const forms: CitationForm[] = ['footnote', 'plain'];
  /**
   * 1,000 citations of sources picked from `cited` (all of `library` by default). With `asDraft`, each passes the
   * keys cited before it, as the extension does when it inserts citations into a draft one after another.
   */
  const run = async (library: Source[], label: string, cited: Source[] = library, asDraft = false): Promise<void> => {
    const formatter = new Citations(library.map((s) => s.meta));
    await formatter.prepare(DEFAULT_STYLE);
    const rng = new Random(3);
    const citedSoFar: string[] = [];
    const requests = Array.from({ length: 1000 }, () => {
      const source = rng.pick(cited);
      const request = {
        style: DEFAULT_STYLE,
        items: [{ key: source.meta.key, paragraph: rng.int(1, Math.max(1, source.paragraphs.length)) }],
        form: rng.pick(forms),
        ...(asDraft ? { cited: [...citedSoFar] } : {}),
      };
      if (!citedSoFar.includes(source.meta.key)) citedSoFar.push(source.meta.key);
      return request;
    });
    const requestKey = (request: (typeof requests)[number]): string => JSON.stringify({ ...request, cited: undefined });
    const distinct = new Set(requests.map(requestKey)).size;
    const each = samples();
    const seen = new Set<string>();
    const firstTimes: number[] = [];
    const repeatTimes: number[] = [];
    let failed = 0;
    for (const request of requests) {
      if (!measure(each, () => formatter.citeSync(request)).ok) failed++;
      const key = requestKey(request);
      (seen.has(key) ? repeatTimes : firstTimes).push(each.cpu[each.cpu.length - 1]);
      seen.add(key);
    }
    timedRow(`citation: next 1,000`, `${label} (${distinct} distinct requests)`, each, undefined, { text: '< 1 ms each', pass: (cpu) => cpu.p95 < 1 });
    const fresh1 = summarize(firstTimes);
    notes.push(`Citations, ${label}: a request not formatted before (not in the memo) costs p50 ${formatMs(fresh1.p50)}, p95 ${formatMs(fresh1.p95)} CPU; a repeated one p50 ${formatMs(summarize(repeatTimes).p50)}.`);
    if (failed > 0) notes.push(`${failed} of the 1,000 citations (${label}) failed.`);
  };
  await run(bundled.sources, 'bundled corpus');
  await run(built.sources, '1,000 sources, each cited outside any draft (as a card\'s facts are): all registered together');
  await run(built.sources, '1,000 sources, a draft citing 50 of them, written citation by citation', built.sources.slice(0, 50), true);
}

// ---------------------------------------------------------------------------------------------------------
// The writer's Zotero library

async function zotero(): Promise<void> {
  log('Zotero library (5,000 items from the stand-in) …');
  const f = await zoteroBench(5000);
  const size = `${f.items.toLocaleString('en')} items, stand-in in another process`;
  rows.push({
    operation: 'Zotero: library read and first citation (citable after)',
    size,
    p50: formatMs(f.citableMs),
    tail: '(one run)',
    wall: formatMs(f.citableMs),
    baseline: `fetch + JSON.parse of the same pages: ${formatMs(f.baselineMs)}`,
    ratio: ratioText(f.baselineMs, f.citableMs),
    target: '< 1 s',
    verdict: f.citableMs < 1000 ? 'PASS' : 'MISS',
  });
  rows.push({
    operation: 'Zotero: longest pause of the event loop while the library is read',
    size,
    p50: formatMs(f.longestPauseMs),
    tail: '',
    wall: '',
    baseline: `fetch + JSON.parse only: ${formatMs(f.baselinePauseMs)}`,
    ratio: '',
    target: '< 50 ms',
    verdict: f.longestPauseMs < 50 ? 'PASS' : 'MISS',
  });
  notes.push(`Zotero: the library was read in ${formatMs(f.loadMs)} (wall clock, pages of 100 over HTTP); the first citation: ${f.citation}.`);
}

// ---------------------------------------------------------------------------------------------------------
// A PDF book

async function pdfBook(): Promise<void> {
  log('PDF book (300 pages, made with pdflatex once) …');
  const f = await pdfBench(vocab, bundled, reps(5, 2));
  const size = `${f.pages} pages, ${f.words.toLocaleString('en')} words, ${formatBytes(f.bytes)}`;
  timedRow('PDF: text per page, labels and paragraphs (unpdf)', size, { wall: f.extractionCpu, cpu: f.extractionCpu }, {
    label: "pdf.js's getTextContent of every page",
    samples: { wall: f.floorCpu, cpu: f.floorCpu },
  });
  rows.push({
    operation: 'PDF: book added → found by a search (read, library, search index)',
    size,
    p50: formatMs(f.searchableMs),
    tail: '(one run, wall)',
    wall: formatMs(f.searchableMs),
    baseline: '',
    ratio: '',
    target: '< 5 s',
    verdict: f.found && f.searchableMs < 5000 ? 'PASS' : 'MISS',
  });
  valueRow('PDF: longest pause of the event loop while the book is added', size, `${formatMs(f.longestPauseMs)} (busy: ${formatMs(f.longestBusyPauseMs)})`, '< 50 ms', f.longestPauseMs < 50);
  timedRow(`PDF: book read again at a restart, from its kept reading (${formatBytes(f.keptBytes)})`, size, { wall: f.keptCpu, cpu: f.keptCpu }, {
    label: 'JSON.parse of the kept reading',
    samples: { wall: f.keptFloorCpu, cpu: f.keptFloorCpu },
  });
  notes.push(`PDF book: while pdf.js alone read it, the event loop's longest pause was ${formatMs(f.floorPauseMs)}; ${f.found ? 'the search found a sentence of its last page' : 'the search did NOT find a sentence of its last page'}.`);
}

// ---------------------------------------------------------------------------------------------------------
// Sizes, heap and activation

function sizes(): void {
  log('sizes, heap and activation …');
  // Packaging builds the production bundle (vscode:prepublish); without it, build it here. Either way the bundle
  // measured below is a production build made just now, whatever another build left in dist/ before.
  let vsix = 'not measured (--no-package)';
  if (!skipPackage) {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-bench-')), 'sourcebook.vsix');
    try {
      execFileSync('npm', ['run', 'package', '--', '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      vsix = formatBytes(fs.statSync(out).size);
    } catch (error) {
      const lines = String((error as { stderr?: Buffer }).stderr ?? error).split('\n').map((l) => l.trim());
      const reason = lines.find((l) => /error/i.test(l) && !/^npm (warn|error)/i.test(l)) ?? lines.find((l) => l && !/^npm warn/i.test(l)) ?? '';
      vsix = `not measured: npm run package failed (${reason.replace(/\|/g, '/').slice(0, 240)})`;
    }
  }
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  if (skipPackage || fs.readFileSync(bundle, 'utf8').includes('sourceMappingURL')) {
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'ignore' });
  }
  // The desktop build is dist/extension.js, loaded at activation, plus chunks required on first use (esbuild.js);
  // the CSL engine is one of them, so the size target applies to all the desktop files together.
  const dist = path.dirname(bundle);
  const chunks = fs.readdirSync(dist).filter((name) => name.endsWith('.js') && name !== 'extension.js').sort();
  const sizeOf = (name: string): number => fs.statSync(path.join(dist, name)).size;
  const bytes = sizeOf('extension.js');
  const total = chunks.reduce((sum, name) => sum + sizeOf(name), bytes);
  const under = (value: number): boolean => value < 1.5 * 1024 * 1024;
  valueRow('size: desktop code (production build, with citeproc-js)', `dist/extension.js + ${chunks.length} chunks`, formatBytes(total), '< 1.5 MB', under(total));
  valueRow('size: dist/extension.js, loaded at activation', '', formatBytes(bytes));
  for (const name of chunks) valueRow(`size: dist/${name}, loaded on first use`, '', formatBytes(sizeOf(name)));
  const web = fs.statSync(path.join(dist, 'web', 'extension.js')).size;
  valueRow('size: dist/web/extension.js (browser: one file, with citeproc-js)', '', formatBytes(web), '< 1.5 MB', under(web));
  valueRow('size: .vsix (npm run package)', '', vsix);

  type Activation = { requireWallMs: number; requireCpuMs: number; activateWallMs: number; activateCpuMs: number; loaded: string[] };
  const runs = Array.from({ length: reps(7, 3) }, () => fresh<Activation>(['bench/activate.cjs']));
  const loaded = [...new Set(runs.flatMap((r) => r.loaded))].filter((name) => name !== 'extension.js');
  timedRow(
    'activation: activate() of the built bundle',
    `fake vscode module, ${runs.length} fresh processes`,
    fromRuns(runs.map((r) => ({ wallMs: r.activateWallMs, cpuMs: r.activateCpuMs }))),
    undefined,
    { text: '< 10 ms', pass: (cpu) => cpu.p50 < 10 },
  );
  timedRow(
    'activation: loading dist/extension.js (require) before activate()',
    `the same processes; ${formatBytes(bytes)}; chunks loaded by activation: ${loaded.length ? loaded.join(', ') : 'none'}`,
    fromRuns(runs.map((r) => ({ wallMs: r.requireWallMs, cpuMs: r.requireCpuMs }))),
    undefined,
    { text: '< 10 ms, if loading counts', pass: (cpu) => cpu.p50 < 10 },
  );
  notes.push(
    'Activation is timed here with a fake `vscode` module. In the real extension host `activate()` also pays for VS Code\'s API calls (configuration reads, tree views, registrations), and the Running Extensions view\'s "Activation" figure adds the time other extensions activated at the same moment spend loading their code; `node --require tsx/cjs bench/hostActivation.ts` takes that figure apart.',
  );
}

/** Memory after loading 1,000 sources (bench/heap.ts, in a fresh process): in all, and per byte of source text. */
function heapRows(): void {
  const heap = fresh<HeapFigures>(['--expose-gc', '--import', 'tsx', 'bench/heap.ts']);
  valueRow(
    'heap used after loading 1,000 sources',
    `${heap.sources} sources, ${formatBytes(corpusBytes)}: library, search and quotation indexes (+${formatBytes(heap.deltaBytes)} over the empty process, typed-array stores included)`,
    formatBytes(heap.heapBytes),
    '< 300 MB',
    heap.heapBytes < 300 * 1024 * 1024,
  );
  const perByte = (bytes: number): number => bytes / heap.textBytes;
  const indexes = perByte(heap.searchBytes + heap.quotationBytes);
  const parsed = perByte(heap.parsedBytes);
  rows.push({
    operation: 'memory per byte of source text: search + quotation indexes (heap and typed-array stores)',
    size: `${heap.sources} sources, ${formatBytes(heap.textBytes)} of paragraph text; search ${perByte(heap.searchBytes).toFixed(2)}, quotation ${perByte(heap.quotationBytes).toFixed(2)}`,
    p50: `${indexes.toFixed(2)} B/B`,
    tail: '',
    wall: '',
    baseline: `the parsed sources themselves: ${parsed.toFixed(2)} B/B`,
    ratio: `${(indexes / parsed).toFixed(2)}× the sources`,
    target: '≤ 2 B/B',
    verdict: indexes <= 2 ? 'PASS' : 'MISS',
  });
  notes.push(`Memory per byte of source text (${formatBytes(heap.textBytes)}): parsed sources ${parsed.toFixed(2)}, library with name mentions ${perByte(heap.libraryBytes).toFixed(2)}, passage search index ${perByte(heap.searchBytes).toFixed(2)}, quotation word index ${perByte(heap.quotationBytes).toFixed(2)} (V8 heap plus typed-array backing stores, after a full collection).`);
}

/**
 * Issue 19's "no pause" (bench/slicedIndexing.ts, in a fresh process): the longest pause of the event loop while a
 * realistic library's two indexes are built in slices, against the one-go build (the host held for all of it), and
 * what slicing costs in CPU.
 */
function slicingRows(): void {
  const megabytes = Number(process.env.SOURCEBOOK_SLICING_MB ?? (quick ? 10 : 30));
  const figures = fresh<SlicingFigures>(['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/slicedIndexing.ts', String(megabytes), `${INDEX_SLICE_MS},30`]);
  const size = `realistic library, ${formatBytes(figures.bytes)}: ${figures.sources.toLocaleString('en')} sources, ${figures.paragraphs.toLocaleString('en')} paragraphs; search + quotation indexes`;
  const oneGo = `one go (the old build): the host held ${formatMs(figures.oneGo.wallMs)}`;
  for (const run of figures.sliced) {
    rows.push({
      operation: `index build in slices of ${run.sliceMs} ms: longest event-loop pause (a 1 ms timer's lateness, GC included)`,
      size,
      p50: formatMs(run.longestPauseMs),
      tail: `${run.pausesOver50} pause(s) > 50 ms; longest with the process busy: ${formatMs(run.longestBusyPauseMs)}`,
      wall: formatMs(run.wallMs),
      baseline: oneGo,
      ratio: ratioText(figures.oneGo.wallMs, run.longestPauseMs),
      target: '< 50 ms',
      verdict: run.longestPauseMs < 50 ? 'PASS' : 'MISS',
    });
    rows.push({
      operation: `index build in slices of ${run.sliceMs} ms: CPU`,
      size,
      p50: formatMs(run.cpuMs),
      tail: '(one run)',
      wall: formatMs(run.wallMs),
      baseline: `one go: ${formatMs(figures.oneGo.cpuMs)}`,
      ratio: `${(((run.cpuMs - figures.oneGo.cpuMs) / figures.oneGo.cpuMs) * 100).toFixed(0)}% overhead`,
      target: '',
      verdict: '',
    });
  }
  const worker = figures.worker;
  const inSlices = figures.sliced.find((run) => run.sliceMs === INDEX_SLICE_MS) ?? figures.sliced[0];
  rows.push({
    operation: `index build in a worker thread, restored in slices of ${INDEX_SLICE_MS} ms: longest event-loop pause (GC included)`,
    size,
    p50: worker.failed ? `failed: ${worker.failed}` : formatMs(worker.longestPauseMs),
    tail: `${worker.pausesOver50} pause(s) > 50 ms; longest with the process busy: ${formatMs(worker.longestBusyPauseMs)}`,
    wall: formatMs(worker.wallMs),
    baseline: `in slices of ${inSlices.sliceMs} ms: ${formatMs(inSlices.longestPauseMs)}`,
    ratio: ratioText(inSlices.longestPauseMs, worker.longestPauseMs),
    target: '< 50 ms',
    verdict: !worker.failed && worker.longestPauseMs < 50 ? 'PASS' : 'MISS',
  });
  rows.push({
    operation: "index build in a worker thread: the host thread's own CPU (sending the texts, restoring the indexes)",
    size,
    p50: formatMs(worker.hostBusyMs),
    tail: `process CPU ${formatMs(worker.cpuMs)} (the worker's included)`,
    wall: formatMs(worker.wallMs),
    baseline: `in slices of ${inSlices.sliceMs} ms: ${formatMs(inSlices.hostBusyMs)}`,
    ratio: ratioText(inSlices.hostBusyMs, worker.hostBusyMs),
    target: '',
    verdict: '',
  });
  const moved = figures.workerMoved;
  rows.push({
    operation: "index build in a worker thread, its parts on shared memory: the host's collections set off by memory outside its heap",
    size,
    p50: worker.failed ? `failed: ${worker.failed}` : `${worker.collections.external}`,
    tail: `major ${worker.collections.major} (moved: ${moved.collections.major}), the longest ${formatMs(worker.collections.longestMajor)} (moved: ${formatMs(moved.collections.longestMajor)}); longest pause ${formatMs(worker.longestPauseMs)} (moved: ${formatMs(moved.longestPauseMs)})`,
    wall: formatMs(worker.wallMs),
    baseline: moved.failed ? `moved: failed: ${moved.failed}` : `parts moved: ${moved.collections.external}`,
    ratio: `all collections ${ratioText(moved.collections.sum, worker.collections.sum)}`,
    // Judged only when the moved parts set some off (at 30 MB they may not: V8's limit is 64 MB; SOURCEBOOK_SLICING_MB=150).
    target: moved.collections.external > 0 ? '0' : '0 (nothing to judge: the moved parts set off none at this size)',
    verdict: !worker.failed && !moved.failed && moved.collections.external > 0 && worker.collections.external === 0 ? 'PASS' : 'MISS',
  });
  notes.push(`Indexing in slices (${formatBytes(figures.bytes)}): one go held the host ${formatMs(figures.oneGo.wallMs)} (search index ${formatMs(figures.oneGo.searchMs)}, quotation word index ${formatMs(figures.oneGo.wordsMs)}; ${formatMs(figures.oneGo.cpuMs)} CPU); in slices the host got its turn ${figures.sliced.map((run) => `${run.yields.toLocaleString('en')} times (${run.sliceMs} ms slices; collections over 20 ms: ${run.collectionsOver20Ms.join(', ') || 'none'})`).join(', ')}. "Busy" pauses are waits during which the process used as much CPU (its work or its garbage collector's); the rest of a longer wait is the process waiting for a core on a loaded machine.`);
}

/**
 * Issue 19's "no pause", the search index's posting pool (bench/postingPool.ts, in a fresh process): its longest
 * single growth step and the event loop's longest pause while a realistic library is indexed in slices, the pool in
 * chunks against the pool that grew by copying itself, same run (each built twice, alternating; the worse of two).
 */
function poolRows(): void {
  const megabytes = Number(process.env.SOURCEBOOK_POOL_MB ?? (quick ? 10 : 30));
  const figures = fresh<PoolFigures>(['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/postingPool.ts', String(megabytes)]);
  const worst = (pool: 'chunks' | 'copying', key: 'longestAllocateMs' | 'trimMs' | 'longestBusyPauseMs' | 'longestPauseMs' | 'longestCollectionMs') =>
    Math.max(...figures.runs.filter((run) => run.pool === pool).map((run) => run[key]));
  const size = `realistic library, ${formatBytes(figures.bytes)}: ${figures.sources.toLocaleString('en')} sources; pool ${formatBytes(figures.poolBytes)}`;
  const block = (pool: 'chunks' | 'copying') => Math.max(worst(pool, 'longestAllocateMs'), worst(pool, 'trimMs'));
  rows.push({
    operation: "search index build in slices of 12 ms: the posting pool's longest single step (allocate, where it grows, or trim)",
    size,
    p50: formatMs(block('chunks')),
    tail: `trim ${formatMs(worst('chunks', 'trimMs'))}; longest collection meanwhile ${formatMs(worst('chunks', 'longestCollectionMs'))}`,
    wall: '',
    baseline: `pool grown and trimmed by copying: ${formatMs(block('copying'))} (trim ${formatMs(worst('copying', 'trimMs'))})`,
    ratio: ratioText(block('copying'), block('chunks')),
    target: '',
    verdict: '',
  });
  rows.push({
    operation: 'search index build in slices of 12 ms: longest event-loop pause with the process busy (pool in chunks)',
    size,
    p50: formatMs(worst('chunks', 'longestBusyPauseMs')),
    tail: `longest wait ${formatMs(worst('chunks', 'longestPauseMs'))}`,
    wall: '',
    baseline: `pool grown by copying: ${formatMs(worst('copying', 'longestBusyPauseMs'))} (longest wait ${formatMs(worst('copying', 'longestPauseMs'))})`,
    ratio: ratioText(worst('copying', 'longestBusyPauseMs'), worst('chunks', 'longestBusyPauseMs')),
    target: '< 50 ms',
    verdict: worst('chunks', 'longestBusyPauseMs') < 50 ? 'PASS' : 'MISS',
  });
  notes.push(`Posting pool (${formatBytes(figures.bytes)}): ${figures.runs.map((run) => `${run.pool}: longest allocate ${formatMs(run.longestAllocateMs)} (${run.allocatesOver2Ms} over 2 ms), trim ${formatMs(run.trimMs)}, busy ${formatMs(run.longestBusyPauseMs)}, longest collection ${formatMs(run.longestCollectionMs)}, CPU ${formatMs(run.cpuMs)}`).join('; ')}. A long allocate of the chunked pool is a garbage collection it set off, not a copy.`);
}

/**
 * Issue 19's "no pause" for name discovery (bench/nameDiscovery.ts, in a fresh process): the longest pause of this
 * thread while a realistic library is read for names in the desktop's worker thread, against reading it on this
 * thread in slices (the browser's way, and the desktop's before), same run; the timer alone is the machine's noise.
 */
function nameDiscoveryRows(): void {
  const megabytes = Number(process.env.SOURCEBOOK_NAMES_MB ?? (quick ? 1 : 3));
  const figures = fresh<NameDiscoveryFigures>(['--expose-gc', '--import', 'tsx', 'bench/nameDiscovery.ts', String(megabytes)]);
  const size = `realistic library, ${formatBytes(figures.bytes)}: ${figures.sources} sources, 400 ms of reading each`;
  const run = (where: string) => figures.runs.find((item) => item.where === where)!;
  const [idle, worker, host] = [run('idle'), run('worker'), run('host')];
  for (const item of [worker, host]) {
    rows.push({
      operation: `name discovery ${item.where === 'worker' ? 'in a worker thread (desktop)' : "on the host's thread in slices (browser)"}: the host thread's longest pause with that thread busy (10 ms ticks)`,
      size,
      p50: formatMs(item.longestBusyPauseMs),
      tail: `longest wait ${formatMs(item.longestPauseMs)} (machine idle: ${formatMs(idle.longestPauseMs)}); ${item.pausesOver50} wait(s) > 50 ms`,
      wall: formatMs(item.wallMs),
      baseline: item === worker ? `on the host's thread: ${formatMs(host.longestBusyPauseMs)}` : `timer alone: ${formatMs(idle.longestBusyPauseMs)}`,
      ratio: item === worker ? ratioText(host.longestBusyPauseMs, Math.max(worker.longestBusyPauseMs, 1)) : '',
      target: '< 50 ms',
      verdict: item.longestBusyPauseMs < 50 ? 'PASS' : 'MISS',
    });
  }
  notes.push(`Name discovery (${formatBytes(figures.bytes)}, worker ${figures.worker}): in the worker thread the host's thread had no garbage collection over 20 ms (${worker.collectionsOver20Ms.join(', ') || 'none'}), on its own thread ${host.collectionsOver20Ms.length} (${host.collectionsOver20Ms.join(', ')} ms); compromise's first load is on the host's thread only in the second. Sightings ${worker.sightings} vs ${host.sightings} and sources cut by the 400 ms budget ${worker.truncated} vs ${host.truncated}: the worker, not interrupted by the host's slices and collections, reads further in the same time. "Busy" counts this thread's own CPU (Linux per-thread clock, 10 ms ticks); a longer wait is the thread waiting for a core on a loaded machine.`);
}

// ---------------------------------------------------------------------------------------------------------

function table(): string {
  const header: Row = {
    operation: 'operation',
    size: 'size',
    p50: 'p50 (CPU)',
    tail: 'p95 / p99 (CPU)',
    wall: 'p50 wall',
    baseline: 'baseline p50 (CPU)',
    ratio: 'ratio',
    target: 'target',
    verdict: 'met?',
  };
  const all = [header, ...rows];
  const lines = all.map((row) => `| ${[row.operation, row.size, row.p50, row.tail, row.wall, row.baseline, row.ratio, row.target, row.verdict].join(' | ')} |`);
  lines.splice(1, 0, '| --- | --- | ---: | ---: | ---: | --- | ---: | --- | --- |');
  return lines.join('\n');
}

interface E2eFigures {
  date: string;
  hover: { tries: number; sourcebookMedianMs: number; emptyMedianMs: number; ratio: number };
  quickPick: { keystrokes: number; sourcebookMedianMs: number; emptyKeystrokes: number; emptyMedianMs: number; ratio: number; notSeen: number };
  activation: string;
}

/** The latest figures of the in-VS-Code perf test (test/e2e/perf.e2e.ts), when it has run on this machine. */
function e2eSection(): string[] {
  const file = path.join(ROOT, 'test-results', 'perf-e2e.json');
  if (!fs.existsSync(file)) return ['In the real VS Code: not measured yet (run `npm run test:e2e -- --grep Performance`).', ''];
  const f = JSON.parse(fs.readFileSync(file, 'utf8')) as E2eFigures;
  const ms = (value: number): string => `${Math.round(value)} ms`;
  return [
    `In the real VS Code (code-server + Chromium, \`npm run test:e2e -- --grep Performance\`, ${f.date.slice(0, 16).replace('T', ' ')} UTC), wall-clock medians:`,
    '',
    '| measurement | Sourcebook | empty provider, same window | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| mouse arrives on a name → hover card shown (${f.hover.tries} tries) | ${ms(f.hover.sourcebookMedianMs)} | ${ms(f.hover.emptyMedianMs)} | ${f.hover.ratio.toFixed(2)} |`,
    `| keystroke in the quotation quick pick → new rows shown (${f.quickPick.keystrokes} keystrokes) | ${ms(f.quickPick.sourcebookMedianMs)} | ${ms(f.quickPick.emptyMedianMs)} | ${f.quickPick.ratio.toFixed(2)} |`,
    '',
    `VS Code's Running Extensions view gave Sourcebook's activation as: ${f.activation || 'not read'}. Both hovers include VS Code's hover delay (editor.hover.delay, 300 ms by default).`,
    '',
  ];
}

// ---------------------------------------------------------------------------------------------------------
// A writer's bibliography file: 5,000 entries

async function bibliographyFile(): Promise<void> {
  log('bibliography file of 5,000 entries …');
  const { bib, cslJson } = syntheticBib(vocab, 5000);
  await loadReferenceFile('@book{warm,\n  title = {Up}\n}\n', 'warm-up.bib'); // loads citation-js
  const floor = measureEach(reps(10, 3), () => JSON.parse(cslJson));
  const load = samples();
  let longest = 0;
  for (let i = 0; i < reps(3, 1); i++) {
    collectGarbage();
    const slice = pauser();
    let last = performance.now();
    const pause = async () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      await slice();
      last = performance.now();
    };
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const set = await loadReferenceFile(bib, 'synthetic.bib', { pause });
    const used = process.cpuUsage(cpu);
    load.wall.push(performance.now() - wall);
    load.cpu.push((used.user + used.system) / 1000);
    if (set.sources.length !== 5000 || set.problems.length > 0) notes.push(`The synthetic .bib gave ${set.sources.length} sources and ${set.problems.length} problems.`);
  }
  const size = `5,000 entries, ${formatBytes(bib.length)}`;
  timedRow('bibliography file: read a .bib (citation-js, entry by entry, with pauses)', size, load, { label: 'JSON.parse of the same as CSL-JSON', samples: floor });
  valueRow('bibliography file: longest work between two pauses', size, formatMs(longest), '< 50 ms', longest < 50);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = await loadReferenceFile(bib, 'synthetic.bib');
  collectGarbage();
  const heap = process.memoryUsage().heapUsed - before;
  valueRow('heap for 5,000 reference-only sources (one .bib read)', size, `${(heap / (1024 * 1024)).toFixed(1)} MB`, '< 50 MB', heap < 50 * 1024 * 1024);
  if (kept.sources.length === 0) notes.push('The heap row kept no sources.');

  // Completion after `[@`: the entries for every key (the feature wraps each in a CompletionItem and formats only the
  // reference VS Code shows). The first request builds each source's entry; later ones reuse them.
  const library = kept.sources;
  const first = samples();
  measure(first, () => keyCompletions(library));
  // What the writer types after `[@`, one request per keystroke: nothing, then a name growing letter by letter.
  const name = library[Math.floor(library.length / 2)].meta.key;
  const typed = ['', ...Array.from({ length: Math.min(8, name.length) }, (_, i) => name.slice(0, i + 1))];
  const again = measureEach(reps(100, 20), (i) => keyCompletions(library, typed[i % typed.length]));
  const keysOnly = measureEach(reps(100, 20), () => library.map((source) => ({ label: source.meta.key })));
  const completion = `${library.length.toLocaleString('en')} keys, typed "" … "${typed[typed.length - 1]}"`;
  timedRow('completion after [@: entries for what is typed (≤ 200 per request)', completion, again, { label: 'an object per key, no filter', samples: keysOnly }, { text: 'p95 < 16 ms', pass: (cpu) => cpu.p95 < 16 });
  notes.push(`Completion over ${completion}: the first request after a library change builds each entry, ${formatMs(first.cpu[0])} CPU.`);
}

const SCALE_START = '<!-- scale rows: start -->';
const SCALE_END = '<!-- scale rows: end -->';
const resultsFile = path.join(ROOT, 'bench', 'RESULTS.md');

/** The section of bench/RESULTS.md written by `--scale`, as it is now (empty when there is none). */
function scaleSection(): string {
  const text = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '';
  const start = text.indexOf(SCALE_START);
  const end = text.indexOf(SCALE_END);
  return start >= 0 && end > start ? text.slice(start, end + SCALE_END.length) : '';
}

/** `--scale`: the rows at a real library's scale, written into their own section of bench/RESULTS.md. */
async function scaleMain(): Promise<void> {
  const started = new Date();
  const load = os.loadavg()[0];
  await scaleRows({ timedRow, row: (row) => rows.push(row), note: (text) => notes.push(text), log, ratioText }, quick);
  const megabytes = scaleMegabytes(quick);
  const command = `${megabytes === 150 ? '' : `SOURCEBOOK_BENCH_MB=${megabytes} `}npm run bench -- --scale${quick ? ' --quick' : ''}`;
  const section = [
    SCALE_START,
    '',
    '## At a real library\'s scale (issue 19)',
    '',
    `Produced by \`${command}\` (bench/scale.ts) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.toFixed(1)} at the start. ` +
      'Each library is built in a fresh process; the realistic vocabulary is generated word forms ranked by a Zipf–Mandelbrot distribution under English\'s function words, with the corpus\'s words and names mixed in, in sentences and paragraphs of prose\'s lengths (bench/synthetic.ts). ' +
      'Percentiles are of CPU time, as above; a one-run row is one build.',
    '',
    table(),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
    SCALE_END,
  ].join('\n');
  const previous = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '';
  const old = scaleSection();
  fs.writeFileSync(resultsFile, old ? previous.replace(old, () => section) : `${previous.trimEnd()}\n\n${section}\n`);
  console.log(section);
  const misses = rows.filter((row) => row.verdict === 'MISS').map((row) => row.operation);
  log(misses.length > 0 ? `targets missed: ${misses.join('; ')}` : 'every target met');
}

async function main(): Promise<void> {
  if (scaleOnly) return scaleMain();
  const started = new Date();
  const load = os.loadavg()[0];
  if (wanted('load')) indexLoad();
  let builtOnce: Built | undefined;
  const built = (): Built => (builtOnce ??= indexBuild());
  if (wanted('build')) built();
  if (wanted('hover')) hover();
  if (wanted('authors')) authorCards();
  if (wanted('authors')) authorSlicingRows();
  if (wanted('search')) {
    search('bundled corpus', bundled.sources, reps(20, 4), reps(20, 4), false);
    search('100 sources', built().sources.slice(0, 100), reps(10, 3), reps(3, 1), false);
    search('1,000 sources', built().sources, reps(10, 2), 1, true);
  }
  if (wanted('quotations')) {
    quotationCheck('bundled corpus', bundled.sources, true);
    quotationCheck('bundled + 1,000 sources', [...bundled.sources, ...built().sources], false);
  }
  if (wanted('citations')) await citations(built());
  if (wanted('zotero')) await zotero();
  if (wanted('bib')) await bibliographyFile();
  if (wanted('pdf')) await pdfBook();
  if (wanted('sizes')) sizes();
  if (wanted('heap')) heapRows();
  if (wanted('slicing')) slicingRows();
  if (wanted('names')) nameDiscoveryRows();
  if (wanted('pool')) poolRows();
  if (only) {
    console.log(table());
    for (const note of notes) console.log(`- ${note}`);
    return;
  }

  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  const e2e = e2eSection();
  const markdown = [
    `<!-- Generated by \`${command}\` (bench/run.ts); do not edit by hand. -->`,
    '',
    `Produced by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — Node ${process.version}, ${os.cpus().length} CPUs, load average ${load.toFixed(1)} at the start (other work was running: read the ratios, not the single times). ` +
      'Percentiles are of the CPU time each call used (process.cpuUsage, every thread of the process, so garbage-collector helper threads count), which a busy machine inflates far less than wall-clock time; the wall-clock median is beside them. ' +
      `Synthetic sources are built from the bundled corpus's sentences, word pairs and names (${vocab.next.size.toLocaleString('en')} distinct words), so every word in them is common: harder on posting lists than a real library's vocabulary.`,
    '',
    table(),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
    ...e2e,
  ].join('\n');
  const kept = scaleSection();
  fs.writeFileSync(resultsFile, kept ? `${markdown.trimEnd()}\n\n${kept}\n` : markdown);
  console.log(markdown);
  const misses = rows.filter((row) => row.verdict === 'MISS').map((row) => row.operation);
  log(misses.length > 0 ? `targets missed: ${misses.join('; ')}` : 'every target met');
}

void main();
