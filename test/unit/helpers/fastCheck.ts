// Shared fast-check set-up for the unit suite, loaded by mocha as a root-hook plugin (`.mocharc.json` `require`).
//
// - The suite's seed is printed when it starts; on failure fast-check also prints the seed and the shrink path of the counterexample. To replay it:
//     FC_SEED=<seed> FC_PATH=<path> npx mocha test/unit/properties/<file>.test.ts --grep "<test name>"
//   FC_SEED applies to every property in the suite; FC_PATH (which counterexample to go straight to) applies to the
//   properties that take their parameters from `params(n)`, so use it with --grep on one test.
// - Every property run by `fc.assert` anywhere in the suite is counted; the total is printed after the run, so a
//   CI log shows how many generated cases the suite checked.
// - FC_RUNS_FACTOR scales the properties that size their runs with `runs(n)` (e.g. 10 for a long nightly run).
import fc from 'fast-check';

/** Totals of the generated cases, shared by every test file (one module instance under mocha). */
export const propertyTotals = { properties: 0, cases: 0, shrinks: 0, failed: 0 };

let installed = false;

function positiveNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** `n` generated cases, scaled by FC_RUNS_FACTOR when set (never below 1). */
export function runs(n: number): number {
  const factor = positiveNumber(process.env.FC_RUNS_FACTOR) ?? 1;
  return Math.max(1, Math.round(n * factor));
}

/** Parameters for `fc.assert`: `n` runs (scaled by FC_RUNS_FACTOR), and FC_PATH when replaying a failure. */
export function params(n: number): { numRuns: number; path?: string } {
  const path = process.env.FC_PATH?.trim();
  return path ? { numRuns: runs(n), path } : { numRuns: runs(n) };
}

/** Installs the counter and the seed once; safe to call again (mocha --watch re-runs the hooks). */
export function installFastCheckConfig(): void {
  if (installed) return;
  installed = true;
  // The seed is chosen here rather than by fast-check so that it is printed before any property runs: a case that
  // hangs (synchronous code cannot be timed out by mocha) is then replayable from the log like one that fails.
  const given = process.env.FC_SEED?.trim();
  const replaying = given !== undefined && given !== '' && Number.isInteger(Number(given));
  const seed = replaying ? Number(given) : (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
  console.log(replaying ? `fast-check: replaying with seed ${seed}` : `fast-check: seed ${seed} (FC_SEED=${seed} replays this run)`);
  fc.installGlobalPlugin(() => ({
    onAllRunsComplete: (details) => {
      propertyTotals.properties++;
      propertyTotals.cases += details.numRuns;
      propertyTotals.shrinks += details.numShrinks;
      if (details.failed) propertyTotals.failed++;
    },
  }));
}

/** The line printed after the run. */
export function propertySummary(): string {
  const { properties, cases, shrinks, failed } = propertyTotals;
  const number = (n: number) => n.toLocaleString('en-GB');
  return `fast-check: ${number(cases)} generated cases in ${number(properties)} properties${shrinks > 0 ? `, ${number(shrinks)} shrink steps` : ''}${failed > 0 ? `, ${number(failed)} failed` : ''}`;
}

/** Mocha root hooks: set up before the first test, print the total after the last. */
export const mochaHooks = {
  beforeAll(): void {
    installFastCheckConfig();
  },
  afterAll(): void {
    console.log(`\n  ${propertySummary()}\n`);
  },
};

/** A query as typed: 1–4 consecutive words of one of `texts`, the last maybe cut short, maybe two letters swapped. */
export function typedQuery(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({ paragraph: fc.nat(texts.length - 1), at: fc.nat(400), words: fc.integer({ min: 1, max: 4 }), cut: fc.nat(8), swap: fc.option(fc.nat(30)) })
    .map(({ paragraph, at, words, cut, swap }) => {
      const all = texts[paragraph].split(/\s+/);
      let typed = all.slice(at % all.length, (at % all.length) + words).join(' ');
      typed = typed.slice(0, Math.max(1, typed.length - cut));
      if (swap !== null && swap + 1 < typed.length) typed = typed.slice(0, swap) + typed[swap + 1] + typed[swap] + typed.slice(swap + 2);
      return typed;
    });
}
