#!/usr/bin/env node
// @ts-check
// `npm test`: everything, from a fresh clone. Installs npm dependencies when missing, runs the harness set-up,
// builds, then lint, typecheck, unit tests (mocha in Node), integration tests (in a real VS Code extension host
// through code-server), web tests (the same suite in the web worker extension host) and end-to-end tests
// (Playwright in the real workbench). Prints each suite's counts and
// wall time and a summary; exits non-zero naming every suite that failed. No suite is skipped silently: without
// Chromium or code-server, CI fails and elsewhere the skip is printed loudly.
// Plain Node: runs before `npm install`.
// Usage: node scripts/test.js [--only unit,integration,...]
const path = require('node:path');
const { chromiumProblem } = require('./harness/browserCheck');
const { NPM, ensureNpmDependencies, runStreaming, runSetup, mochaCounts } = require('./harness/steps');
const paths = require('./harness/paths');

const CI = process.env.CI === 'true' || process.env.CI === '1';
/** No suite may take longer than this (CI has 90 minutes for everything). */
const SUITE_TIMEOUT_MS = Number(process.env.SOURCEBOOK_STEP_TIMEOUT_MIN ?? 25) * 60_000;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg === -1 ? null : new Set(process.argv[onlyArg + 1]?.split(','));

// Ctrl-C reaches the running suite too (same process group); it cleans up after itself, and this run then
// stops with the summary so far instead of starting the next suite.
/** @type {NodeJS.Signals | null} */
let interrupted = null;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = signal;
    console.error(`\n${signal}: stopping after the running step has cleaned up (again to quit at once)`);
  });
}

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */
/** @typedef {'ok' | 'FAILED' | 'SKIPPED'} Status */
/** @type {Array<{ name: string, status: Status, ms: number, counts?: Counts | null, note?: string }>} */
const results = [];

/** @param {string} text */
function banner(text) {
  const line = '='.repeat(Math.max(60, text.length + 4));
  console.log(`\n${line}\n  ${text}\n${line}`);
}

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * @param {string} name
 * @param {Status} status
 * @param {number} ms
 * @param {Counts | null} [counts]
 * @param {string} [note]
 */
function record(name, status, ms, counts, note) {
  results.push({ name, status, ms, counts, note });
  const countText = counts ? `: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : '';
  console.log(`\n>> ${name}: ${status}${countText} (${seconds(ms)})${note ? ` — ${note}` : ''}`);
}

/** @param {string} name */
function wanted(name) {
  return !only || only.has(name);
}

/**
 * Runs one step; a test suite's counts come from mocha's summary, and a suite that ran no test fails.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ suite?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<boolean>} whether it passed (true too when it is not wanted)
 */
async function step(name, command, args, { suite = false, env } = {}) {
  if (!wanted(name)) return true;
  if (interrupted) process.exit(finish(startedAt) || 130);
  banner(`${name}: ${[path.basename(command), ...args].join(' ')}`);
  const { code, output, ms, timedOut } = await runStreaming(command, args, { env, timeoutMs: SUITE_TIMEOUT_MS });
  const counts = suite ? mochaCounts(output) : undefined;
  if (interrupted) {
    record(name, 'FAILED', ms, counts, `interrupted (${interrupted})`);
    process.exit(finish(startedAt) || 130);
  }
  if (suite && code === 0 && (!counts || counts.passed + counts.failed === 0)) {
    record(name, 'FAILED', ms, counts, 'the suite ran no test');
    return false;
  }
  if (timedOut) {
    record(name, 'FAILED', ms, counts, `timed out after ${SUITE_TIMEOUT_MS / 60_000} min (SOURCEBOOK_STEP_TIMEOUT_MIN)`);
    return false;
  }
  if (code !== 0) {
    record(name, 'FAILED', ms, counts, `exit code ${code}`);
    return false;
  }
  record(name, 'ok', ms, counts);
  return true;
}

/**
 * @param {string} name
 * @param {string} reason
 */
function skip(name, reason) {
  if (!wanted(name)) return;
  if (CI) {
    banner(`${name}: FAILED — ${reason}`);
    record(name, 'FAILED', 0, null, `${reason} (CI never skips a suite)`);
    return;
  }
  const line = '!'.repeat(78);
  console.log(`\n${line}\n!!  SKIPPED ${name.toUpperCase()} TESTS: ${reason}\n!!  (In CI this is a failure.)\n${line}`);
  record(name, 'SKIPPED', 0, null, reason);
}

const startedAt = Date.now();

async function main() {
  const started = startedAt;
  const bin = (/** @type {string} */ name) => path.join(paths.ROOT, 'node_modules', '.bin', name);

  banner('npm dependencies');
  const npmStarted = Date.now();
  try {
    const { ran } = ensureNpmDependencies((message) => console.log(message));
    record('npm install', 'ok', Date.now() - npmStarted, undefined, ran ? 'installed' : 'already in place');
  } catch (error) {
    record('npm install', 'FAILED', Date.now() - npmStarted, undefined, error instanceof Error ? error.message : String(error));
    return finish(started);
  }

  banner('harness set-up (Debian chromium, libkrb5-dev and TeX Live for the LaTeX compile test, Pandoc, qpdf, Node 24, code-server)');
  const setup = await runSetup();
  if (interrupted) process.exit(finish(startedAt) || 130);
  let harnessProblem = null;
  if (setup.code !== 0) {
    harnessProblem = `the harness set-up failed (${/setup: FAILED: (.*)/.exec(setup.output)?.[1] ?? `exit ${setup.code}`})`;
    record('setup', CI ? 'FAILED' : 'SKIPPED', setup.ms, undefined, harnessProblem);
  } else {
    record('setup', 'ok', setup.ms);
    const problem = chromiumProblem();
    if (problem) harnessProblem = problem;
  }

  const built = await step('build', NPM, ['run', '--silent', 'build']);
  await step('lint', NPM, ['run', '--silent', 'lint']);
  await step('typecheck', NPM, ['run', '--silent', 'typecheck']);
  // In CI a stray `.only` would silently skip the rest of a suite: refuse it.
  const forbidOnly = CI ? ['--forbid-only'] : [];
  await step('unit', NPM, ['run', '--silent', 'test:unit', ...(CI ? ['--', ...forbidOnly] : [])], { suite: true });

  /** @type {Array<[string, string, string[]]>} */
  const suites = [
    ['integration', process.execPath, ['--require', 'tsx/cjs', 'test/integration/runCodeServer.ts']],
    // The same integration suite in the web worker extension host (the browser build), plus an e2e hover there.
    ['web', process.execPath, ['--require', 'tsx/cjs', 'test/web/runWeb.ts']],
    ['e2e', bin('mocha'), ['--config', 'test/e2e/.mocharc.json', ...forbidOnly]],
  ];
  for (const [name, command, args] of suites) {
    if (!wanted(name)) continue;
    if (harnessProblem) skip(name, harnessProblem);
    else if (!built) {
      banner(`${name}: not run — the build failed`);
      record(name, 'FAILED', 0, null, 'not run: the extension did not build');
    } else await step(name, command, args, { suite: true });
  }
  return finish(started);
}

/**
 * Prints the summary.
 * @param {number} started
 * @returns {number} the exit code
 */
function finish(started) {
  banner('summary');
  const width = Math.max(...results.map((r) => r.name.length), 5);
  console.log(`${'step'.padEnd(width)}  result   passed  failed  skipped  time`);
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    const c = r.counts;
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    const cells = c ? [c.passed, c.failed, c.skipped].map((n, i) => String(n).padStart([6, 6, 7][i])) : ['', '', ''].map((s, i) => s.padStart([6, 6, 7][i]));
    console.log(`${r.name.padEnd(width)}  ${r.status.padEnd(7)}  ${cells.join('  ')}  ${seconds(r.ms).padStart(7)}${r.note ? `  ${r.note}` : ''}`);
  }
  console.log(`wall time: ${seconds(Date.now() - started)}`);
  const failed = results.filter((r) => r.status === 'FAILED').map((r) => r.name);
  const skipped = results.filter((r) => r.status === 'SKIPPED').map((r) => r.name);
  if (skipped.length) console.log(`SKIPPED (loudly): ${skipped.join(', ')}`);
  if (failed.length) console.log(`FAILED: ${failed.join(', ')}`);
  // The plain closing line CI reads.
  console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
