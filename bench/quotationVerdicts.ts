// The quotation check of an earlier commit against this one's, in one process: the same verdicts (every result
// compared), and the CPU time of a full check, old and new alternating. The earlier commit's src/core/quotations is
// written to a temporary folder (its imports of the rest of src/core pointed at this checkout's), so only the
// quotation domain differs between the two.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/quotationVerdicts.ts <commit> [corpus|thousand|MB] [--drafts=N] [--runs=N]
//
// corpus: the bundled sources; thousand: plus 1,000 synthetic sources (bench/run.ts's library); MB: the realistic
// library of bench/scaleLibrary.ts at that size (generated: 150 MB takes about a minute). Verdicts over the bench's
// draft with other seeds and over random alterations of source passages (changed, missing, added, bracketed and
// elided words; cited by the right, the next or another paragraph, or not), each quotation checked in full and
// against its cited source. Timing (MB only): `--runs` full checks each, alternating, each after two other drafts
// (so no paragraph's words are kept from the run before), after one untimed run each.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import type { LibraryData } from '../src/core/library';
import { loadReferenceFile } from '../src/core/references/referenceFiles';
import { parseSource } from '../src/core/sources/sourceParser';
import { wordSpans } from '../src/core/text/sentences';
import type { Source } from '../src/core/types';
import * as current from '../src/core/quotations/quotationChecker';
import * as currentCheck from '../src/core/quotations/quotationCheck';
import { findQuotations } from '../src/core/quotations/quotationFinder';
import { SourceWordIndex } from '../src/core/quotations/sourceWordIndex';
import { Random } from './random';
import { quotationDraft, realisticBib, realisticLibrary, realisticVocabulary, sourceFiles, vocabularyOf } from './synthetic';
import { summarize } from './stats';

type Check = typeof currentCheck.checkQuotation;
interface Side {
  Index: new (sources: readonly Source[]) => SourceWordIndex;
  Checker: typeof current.QuotationChecker;
  check: Check;
}

const ROOT = path.resolve(__dirname, '..');
const QUOTATIONS = ['passageQuotation', 'quotationCheck', 'quotationChecker', 'quotationFinder', 'quotationText', 'sourceWordIndex'];

/** The quotation domain of `commit`, loaded from a temporary folder. */
async function earlier(commit: string): Promise<Side> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-quotations-'));
  for (const name of QUOTATIONS) {
    const text = execFileSync('git', ['show', `${commit}:src/core/quotations/${name}.ts`], { cwd: ROOT, encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, `${name}.ts`), text.replace(/from '\.\.\//g, `from '${path.join(ROOT, 'src', 'core')}/`));
  }
  const index = (await import(path.join(dir, 'sourceWordIndex.ts'))) as { SourceWordIndex: Side['Index'] };
  const checker = (await import(path.join(dir, 'quotationChecker.ts'))) as { QuotationChecker: Side['Checker'] };
  const check = (await import(path.join(dir, 'quotationCheck.ts'))) as { checkQuotation: Check };
  return { Index: index.SourceWordIndex, Checker: checker.QuotationChecker, check: check.checkQuotation };
}

function option(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** A full collection, then time for V8's helper threads to finish sweeping (their CPU would count in the next run). */
function collect(): void {
  gc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
}

async function main(): Promise<void> {
  const commit = process.argv[2];
  const which = process.argv[3] ?? 'corpus';
  if (!commit) throw new Error('usage: bench/quotationVerdicts.ts <commit> [corpus|thousand|MB] [--drafts=N] [--runs=N]');
  const drafts = option('drafts', 100);
  const runs = option('runs', 0);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const base = vocabularyOf(bundled);
  let vocab = base;
  let sources: Source[] = bundled.sources;
  let quotable: Source[] = bundled.sources;
  if (which === 'thousand') {
    sources = [...bundled.sources, ...sourceFiles(base, 1000, 10_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source).filter((s): s is Source => s !== undefined)];
    quotable = sources;
  } else if (which !== 'corpus') {
    vocab = realisticVocabulary(base);
    const texts = realisticLibrary(vocab, Number(which) * 1_000_000)
      .files.map((file, i) => parseSource(file, `library/${i}.md`).source)
      .filter((s): s is Source => s !== undefined);
    const references = (await loadReferenceFile(realisticBib(vocab, 5000).bib, 'library.bib')).sources;
    sources = [...bundled.sources, ...texts, ...references];
    const step = Math.max(1, Math.floor(texts.length / 150));
    quotable = texts.filter((_, i) => i % step === 0);
  }
  const old = await earlier(commit);
  const now: Side = { Index: SourceWordIndex, Checker: current.QuotationChecker, check: currentCheck.checkQuotation };
  const oldIndex = new old.Index(sources);
  const newIndex = new now.Index(sources);

  // Verdicts.
  const verdict = (r: currentCheck.QuotationCheck): string => JSON.stringify([r.status, r.match, r.differences, r.citation, r.replacement, r.expectedCitation, r.noTextSource]);
  let results = 0;
  const differences: string[] = [];
  const compare = (text: string): void => {
    for (const quotation of findQuotations(text, { format: 'markdown' })) {
      const key = quotation.citation?.cites[0]?.key;
      for (const options of key ? [{}, { source: key }] : [{}]) {
        results++;
        const a = verdict(old.check(oldIndex, quotation, options));
        const b = verdict(now.check(newIndex, quotation, options));
        if (a !== b) differences.push(`${quotation.text} ${JSON.stringify(options)}: ${a} → ${b}`);
      }
    }
  };
  for (let seed = 0; seed < drafts; seed++) compare(quotationDraft(quotable, vocab, 5_000, 100, 50_000 + seed).text);
  const rng = new Random(7);
  const words = [...vocab.next.keys()];
  const pool = quotable.flatMap((source) => source.paragraphs.map((paragraph) => ({ key: source.meta.key, paragraph })));
  let lines: string[] = [];
  for (let k = 0; k < drafts * 100; k++) {
    const { key, paragraph } = rng.pick(pool);
    const spans = wordSpans(paragraph.text);
    if (spans.length < 6) continue;
    const length = rng.int(4, Math.min(25, spans.length));
    const first = rng.int(0, spans.length - length);
    const quoted = spans.slice(first, first + length).map((span) => paragraph.text.slice(span.start, span.end));
    for (let edits = rng.int(0, 4); edits > 0; edits--) {
      const at = rng.int(0, quoted.length - 1);
      const kind = rng.int(0, 5);
      if (kind === 0) quoted[at] = rng.pick(words);
      else if (kind === 1 && quoted.length > 3) quoted.splice(at, 1);
      else if (kind === 2) quoted.splice(at, 0, rng.pick(words));
      else if (kind === 3 && at > 0) quoted[at] = `… ${quoted[at]}`;
      else if (kind === 4) quoted[at] = `[${quoted[at]}]`;
      else quoted[at] = quoted[at].toUpperCase();
    }
    const c = rng.int(0, 4);
    const cite = [``, ` [@${key}, para. ${paragraph.number}]`, ` [@${key}, para. ${paragraph.number + 1}]`, ` [@${rng.pick(pool).key}]`, ` [@${key}]`][c];
    lines.push(`Prose before, “${quoted.join(' ').replace(/[“”"]/g, '‘')}”${cite}. After.`);
    if (lines.length === 200) {
      compare(lines.join('\n\n'));
      lines = [];
    }
  }
  compare(lines.join('\n\n'));
  console.log(`${which}: ${results.toLocaleString('en')} results compared, ${differences.length} differences`);
  for (const difference of differences.slice(0, 10)) console.log(`  ${difference}`);

  // CPU time of a full check, alternating.
  if (runs > 0) {
    const draft = quotationDraft(quotable, vocab, 50_000, 200).text;
    const others = [1, 2].map((k) => quotationDraft(quotable, vocab, 50_000, 200, 50_000 + k).text);
    const times = { old: [] as number[], new: [] as number[] };
    const once = (who: 'old' | 'new', timed: boolean): void => {
      const make = () => (who === 'old' ? new old.Checker(oldIndex, { format: 'markdown' }) : new now.Checker(newIndex, { format: 'markdown' }));
      for (const other of others) make().checkAll(other);
      const checker = make();
      collect();
      const start = cpuNow();
      checker.checkAll(draft);
      if (timed) times[who].push(cpuNow() - start);
    };
    once('old', false);
    once('new', false);
    for (let r = 0; r < runs; r++) for (const who of r % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) once(who, true);
    for (const who of ['old', 'new'] as const) {
      const s = summarize(times[who]);
      const mean = times[who].reduce((a, b) => a + b, 0) / times[who].length;
      console.log(`${who}: ${runs} full checks, CPU mean ${mean.toFixed(1)} ms, p50 ${s.p50.toFixed(1)}, p95 ${s.p95.toFixed(1)}, max ${s.max.toFixed(1)}`);
    }
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  }
}

void main();
