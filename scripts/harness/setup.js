#!/usr/bin/env node
// @ts-check
// Installs what the real-VS-Code harness needs, idempotently:
//   1. Debian packages: chromium (the browser the tests drive), libkrb5-dev (code-server's
//      `kerberos` module compiles against it when code-server is installed), and latexmk, biber,
//      texlive-latex-extra, texlive-bibtex-extra and poppler-utils (the LaTeX compile test: pdflatex, biblatex
//      and its styles, pdftotext), pandoc (Export Draft) and qpdf (the tests' encrypted PDF);
//   2. Node 24 from the npm registry (code-server 4.139 needs it) into .vscode-test/node24;
//   3. code-server into .vscode-test/code-server, installed with that Node 24.
// A second run with everything in place only checks files and takes well under a second.
// Plain Node with no dependencies: `npm start` runs it before anything else is known to work.
// Usage: node scripts/harness/setup.js [--quiet]
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const paths = require('./paths');

const quiet = process.argv.includes('--quiet');

class SetupError extends Error {}

/** @param {string} message */
function log(message) {
  if (!quiet) console.log(`setup: ${message}`);
}

/**
 * Runs a command with its output on this terminal; throws SetupError naming it when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 * @returns {number} how long it took, in ms
 */
function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new SetupError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new SetupError(`\`${[command, ...args].join(' ')}\` failed with exit code ${result.status ?? result.signal}`);
  }
  return Date.now() - started;
}

/** @param {string} name */
function isInstalledDebianPackage(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function codeServerInstalled() {
  try {
    const stamp = JSON.parse(fs.readFileSync(paths.CODE_SERVER_STAMP, 'utf8'));
    return stamp.version === paths.CODE_SERVER_VERSION && fs.existsSync(paths.CODE_SERVER_ENTRY);
  } catch {
    return false;
  }
}

function node24Installed() {
  if (!fs.existsSync(paths.NODE24)) return false;
  const result = spawnSync(paths.NODE24, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === `v${paths.NODE_VERSION}`;
}

/**
 * How to gain root for apt-get: nothing when we are root, `sudo -n` when it needs no password, else null.
 * @returns {string[] | null}
 */
function rootPrefix() {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : null;
}

function ensureDebianPackages() {
  const wanted = paths.DEBIAN_PACKAGES.filter((name) => {
    // libkrb5-dev is only needed while code-server is being compiled.
    if (name === 'libkrb5-dev' && codeServerInstalled()) return false;
    // A Chromium given by SOURCEBOOK_CHROMIUM (or already at /usr/bin/chromium) will do.
    if (name === 'chromium' && fs.existsSync(paths.CHROMIUM)) return false;
    return true;
  });
  const missing = wanted.filter((name) => !isInstalledDebianPackage(name));
  if (missing.length === 0) {
    log(`Debian packages present (${paths.DEBIAN_PACKAGES.join(', ')})`);
    return;
  }
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!hasApt) {
    throw new SetupError(
      `missing ${missing.join(', ')} and this machine has no apt-get. Install them with your package manager ` +
        `(a Chromium binary can be named with SOURCEBOOK_CHROMIUM=/path/to/chromium), then run this again.`,
    );
  }
  const prefix = rootPrefix();
  if (prefix === null) {
    throw new SetupError(
      `missing Debian packages ${missing.join(', ')}, and installing them needs root (not root, and sudo ` +
        `asks for a password). Run as root:\n    sudo sh -c '${command}'\nthen run this again.`,
    );
  }
  log(`installing Debian packages ${missing.join(', ')} (apt-get update first)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [sudo, ...sudoArgs] = prefix.length ? prefix : ['apt-get'];
  /** @type {(args: string[]) => [string, string[]]} */
  const withRoot = (args) => (prefix.length ? [sudo, [...sudoArgs, 'apt-get', ...args]] : [sudo, args]);
  run(...withRoot(['update', '-q']), { env });
  const ms = run(...withRoot(['install', '-y', '-q', '--no-install-recommends', ...missing]), { env });
  log(`Debian packages installed in ${(ms / 1000).toFixed(1)} s`);
}

/**
 * The environment for the inner npm: Node 24 first on PATH, its headers for node-gyp, nothing leaking from an outer npm.
 * @returns {NodeJS.ProcessEnv}
 */
function innerNpmEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  const keep = /^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|cache)$/i;
  for (const [name, value] of Object.entries(process.env)) {
    // Inside `npm run …` the outer npm (Node 20) leaves npm_config_user_agent, npm_node_execpath and
    // friends behind; code-server's install reads the user agent and refuses Node 20.
    if (/^npm_/i.test(name) && !keep.test(name)) continue;
    env[name] = value;
  }
  env.PATH = `${paths.NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`;
  // The machine's npm config points nodedir at Node 20's headers; the native modules must build for Node 24.
  env.npm_config_nodedir = paths.NODE24_PACKAGE_DIR;
  env.npm_config_update_notifier = 'false';
  // code-server's native modules (sqlite3, kerberos, …) compile with node-gyp: use every core.
  env.JOBS ??= 'max';
  return env;
}

/**
 * `npm install spec` into the folder `prefix` (given its own package.json).
 * @param {string} prefix
 * @param {string} spec e.g. code-server@4.139.1
 * @param {NodeJS.ProcessEnv} env
 * @returns {number} how long it took, in ms
 */
function npmInstall(prefix, spec, env) {
  fs.mkdirSync(prefix, { recursive: true });
  const manifest = path.join(prefix, 'package.json');
  // Its own package.json keeps npm from taking the repository's as the project to install into.
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, `${JSON.stringify({ name: path.basename(prefix), private: true }, null, 2)}\n`);
  }
  return run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], { env });
}

function ensureNode24() {
  if (node24Installed()) {
    log(`Node ${paths.NODE_VERSION} present`);
    return;
  }
  log(`installing Node ${paths.NODE_VERSION} from the npm registry (${paths.nodePackageName()})`);
  const env = { ...innerNpmEnv(), PATH: process.env.PATH ?? '' };
  const ms = npmInstall(paths.NODE24_DIR, `${paths.nodePackageName()}@${paths.NODE_VERSION}`, env);
  if (!node24Installed()) throw new SetupError(`Node ${paths.NODE_VERSION} did not install to ${paths.NODE24}`);
  log(`Node ${paths.NODE_VERSION} installed in ${(ms / 1000).toFixed(1)} s`);
}

function ensureCodeServer() {
  if (codeServerInstalled()) {
    log(`code-server ${paths.CODE_SERVER_VERSION} present`);
    return;
  }
  log(`installing code-server ${paths.CODE_SERVER_VERSION} with Node ${paths.NODE_VERSION} (a minute or two)`);
  fs.rmSync(paths.CODE_SERVER_STAMP, { force: true });
  const ms = npmInstall(paths.CODE_SERVER_DIR, `code-server@${paths.CODE_SERVER_VERSION}`, innerNpmEnv());
  if (!fs.existsSync(paths.CODE_SERVER_ENTRY)) {
    throw new SetupError(`code-server installed but ${paths.CODE_SERVER_ENTRY} is missing`);
  }
  fs.writeFileSync(
    paths.CODE_SERVER_STAMP,
    `${JSON.stringify({ version: paths.CODE_SERVER_VERSION, node: paths.NODE_VERSION, installedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  log(`code-server ${paths.CODE_SERVER_VERSION} installed in ${(ms / 1000).toFixed(1)} s`);
}

function main() {
  const started = Date.now();
  if (process.platform !== 'linux') {
    throw new SetupError(`the harness installs Linux builds (Node 24, Debian Chromium); this is ${process.platform}`);
  }
  fs.mkdirSync(paths.HARNESS_DIR, { recursive: true });
  ensureDebianPackages();
  ensureNode24();
  ensureCodeServer();
  log(`harness ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(process.cwd(), paths.HARNESS_DIR) || '.'})`);
}

try {
  main();
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`setup: FAILED: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
