// @ts-check
// Steps shared by `npm start` and `npm test`: install npm dependencies when missing, run the harness set-up,
// run a command with its output on the terminal (and kept for counting). Plain Node with no dependencies.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const paths = require('./paths');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Environment for child commands without the outer npm's leftovers (its user agent confuses nested installs).
 * @param {NodeJS.ProcessEnv} [extra] variables to add
 * @returns {NodeJS.ProcessEnv}
 */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  delete env.npm_config_user_agent;
  return { ...env, ...extra };
}

/** @param {string} file */
function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Why `npm install` is needed (a sentence), or null when node_modules is in step with package.json.
 * @returns {string | null}
 */
function npmInstallReason() {
  const installed = path.join(paths.ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) return 'node_modules is missing';
  const newest = Math.max(mtime(path.join(paths.ROOT, 'package.json')), mtime(path.join(paths.ROOT, 'package-lock.json')));
  if (newest > mtime(installed)) return 'package.json or package-lock.json changed since the last install';
  for (const bin of ['esbuild', 'mocha', 'tsx', 'tsc', 'eslint']) {
    if (!fs.existsSync(path.join(paths.ROOT, 'node_modules', '.bin', bin))) return `node_modules/.bin/${bin} is missing`;
  }
  return null;
}

/**
 * Installs the npm dependencies when they are missing or stale: `npm ci` on a fresh clone, else `npm install`.
 * @param {(message: string) => void} [log]
 * @returns {{ ran: boolean, ms: number }}
 */
function ensureNpmDependencies(log = console.log) {
  const reason = npmInstallReason();
  if (!reason) return { ran: false, ms: 0 };
  const fresh = !fs.existsSync(path.join(paths.ROOT, 'node_modules'));
  const useCi = fresh && fs.existsSync(path.join(paths.ROOT, 'package-lock.json'));
  const args = useCi ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`npm dependencies: ${reason}; running npm ${args[0]}`);
  const started = Date.now();
  const result = spawnSync(NPM, args, { cwd: paths.ROOT, stdio: 'inherit', env: cleanEnv() });
  if (result.status !== 0) throw new Error(`npm ${args[0]} failed (exit ${result.status ?? result.signal})`);
  // npm ci may leave an older mtime; touching the marker keeps the next run from installing again.
  const marker = path.join(paths.ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(marker)) fs.utimesSync(marker, new Date(), new Date());
  return { ran: true, ms: Date.now() - started };
}

/**
 * The process groups of the steps running now, so a signal to this process reaches them.
 * @type {Set<number>}
 */
const running = new Set();
let forwarding = false;

function forwardSignals() {
  if (forwarding) return;
  forwarding = true;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      for (const pid of running) {
        try {
          process.kill(-pid, signal);
        } catch {
          // already gone
        }
      }
    });
  }
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Runs a command in its own process group, its output streamed to this terminal and also returned. With
 * options.timeoutMs, a step still running then is ended (TERM, then KILL) and reported as timed out.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, timeoutMs?: number, prefix?: string }} [options] env: variables to add; prefix: put
 *   before each line of output shown
 * @returns {Promise<{ code: number, output: string, ms: number, timedOut: boolean }>}
 */
function runStreaming(command, args, options = {}) {
  forwardSignals();
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: paths.ROOT,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    let output = '';
    let timedOut = false;
    /** @type {(chunk: Buffer, stream: NodeJS.WriteStream) => void} */
    const keep = (chunk, stream) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
      stream.write(options.prefix ? text.replace(/^(?=.)/gm, options.prefix) : text);
    };
    const { timeoutMs } = options;
    /**
     * Signals the step's whole process group (nothing when it never started).
     * @param {NodeJS.Signals} signal
     */
    const signalGroup = (signal) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          const message = `\n${path.basename(command)} ${args.join(' ')}: still running after ${timeoutMs / 60_000} min; ending it\n`;
          output += message;
          process.stderr.write(message);
          signalGroup('SIGTERM');
          setTimeout(() => signalGroup('SIGKILL'), 10_000).unref();
        }, timeoutMs)
      : undefined;
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    /** @param {number} code */
    const done = (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, output, ms: Date.now() - started, timedOut });
    };
    child.on('error', (error) => {
      output += `\n${error.message}`;
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs the harness set-up (Debian packages, Node 24, code-server).
 * @param {string[]} [extraArgs] e.g. ['--quiet']
 */
function runSetup(extraArgs = []) {
  return runStreaming(process.execPath, [path.join(__dirname, 'setup.js'), ...extraArgs]);
}

/**
 * Counts in mocha's spec-reporter summary ("12 passing", "1 failing", "2 pending"), or the integration runner's JSON line.
 * @param {string} output
 * @returns {{ passed: number, failed: number, skipped: number } | null}
 */
function mochaCounts(output) {
  const marker = /SOURCEBOOK_MOCHA_RESULT (\{.*\})/.exec(output);
  if (marker) {
    const result = JSON.parse(marker[1]);
    return { passed: result.passes, failed: result.failures, skipped: result.pending };
  }
  /** @param {string} word */
  const count = (word) => {
    const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : null;
  };
  const passed = count('passing');
  if (passed === null) return null;
  return { passed, failed: count('failing') ?? 0, skipped: count('pending') ?? 0 };
}

module.exports = { NPM, cleanEnv, npmInstallReason, ensureNpmDependencies, runStreaming, runSetup, mochaCounts };
