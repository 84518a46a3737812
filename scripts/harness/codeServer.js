// @ts-check
// Starts code-server (VS Code 1.139 in the browser, with a Node extension host) for tests and `npm start`:
// a free port on 127.0.0.1, no auth, its user data, extensions and XDG folders in a fresh temp folder
// (nothing is written into the home folder), and its whole process group ended on stop.
// Plain Node with no dependencies.
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const paths = require('./paths');
const { startProcess, stopProcess, onShutdown, removeOnExit } = require('./processes');

/** A harness problem worth a plain message (not installed, did not start) rather than a stack. */
class HarnessError extends Error {}

/**
 * Settings that keep the workbench quiet and screenshots clean.
 * @type {Readonly<Record<string, unknown>>}
 */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.commandCenter': false,
};

/**
 * Asks the OS for a port nobody is listening on.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function checkInstalled() {
  if (!fs.existsSync(paths.NODE24) || !fs.existsSync(paths.CODE_SERVER_ENTRY)) {
    throw new HarnessError(
      `code-server ${paths.CODE_SERVER_VERSION} is not installed under ${paths.HARNESS_DIR}: run \`npm run setup\` first`,
    );
  }
}

/**
 * A fresh temp folder for one run; removed on shutdown unless SOURCEBOOK_KEEP_TEMP is set.
 * @param {string} prefix
 * @returns {string}
 */
function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sourcebook-${prefix}-`));
  removeOnExit(dir);
  return dir;
}

/**
 * Copies sample/ to a fresh folder, so tests and demos never change the repository's files.
 * @param {string} tempDir
 * @returns {string} the copy: `tempDir`/workspace
 */
function copySampleWorkspace(tempDir) {
  const workspace = path.join(tempDir, 'workspace');
  fs.cpSync(paths.SAMPLE_DIR, workspace, { recursive: true });
  return workspace;
}

/**
 * Environment for code-server and its extension hosts: Node 24 first, home and XDG folders in the temp folder.
 * @param {string} tempDir
 * @returns {NodeJS.ProcessEnv}
 */
function isolatedEnv(tempDir) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    // An outer `npm run` leaks its own settings; VS Code's own variables would confuse a nested host.
    if (/^npm_/i.test(name) || /^VSCODE_/.test(name) || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  const home = path.join(tempDir, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(tempDir, 'runtime'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return {
    ...env,
    ...dirs,
    PATH: `${paths.NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    // No extension gallery: these machines reach no marketplace, and the tests must not try.
    EXTENSIONS_GALLERY: '{}',
  };
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * A running code-server.
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} host
 * @property {string} origin e.g. http://127.0.0.1:41234
 * @property {string} tempDir
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {NodeJS.ProcessEnv} env
 * @property {import('node:child_process').ChildProcess} process
 * @property {readonly string[]} output the server's last output lines
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} StartOptions
 * @property {string} [tempDir] a folder for user data, extensions and XDG dirs (default: a new temp folder)
 * @property {Record<string, unknown>} [settings] user settings on top of DEFAULT_SETTINGS
 * @property {(line: string) => void} [onOutput] receives the server's output lines (default: kept for errors only)
 * @property {number} [startTimeoutMs] how long to wait for /healthz (default 60 s)
 * @property {string} [host] the address to bind (default 127.0.0.1)
 * @property {boolean} [keepSettings] leave an existing settings.json alone (npm start keeps the writer's changes)
 */

/**
 * Starts code-server and resolves when /healthz answers.
 * @param {StartOptions} [options]
 * @returns {Promise<CodeServer>}
 */
async function startCodeServer(options = {}) {
  checkInstalled();
  const tempDir = options.tempDir ?? makeTempDir('vscode');
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!options.keepSettings || !fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2)}\n`);
  }
  const env = isolatedEnv(tempDir);
  const host = options.host ?? '127.0.0.1';
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [
      paths.CODE_SERVER_ENTRY,
      '--auth', 'none',
      '--bind-addr', `${host}:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time', '5',
      '--vscode-option', 'enable-smoke-test-driver',
    ];
    const child = startProcess(paths.NODE24, args, { env, cwd: tempDir });
    /** @type {string[]} */
    const output = [];
    /** @param {Buffer | string} chunk */
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 200) output.shift();
        options.onOutput?.(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);

    const started = Date.now();
    let ready = false;
    while (Date.now() - started < startTimeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await healthy(port)) {
        ready = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    if (ready) {
      /** @type {CodeServer} */
      const server = {
        port,
        host,
        origin: `http://${host}:${port}`,
        tempDir,
        userDataDir,
        extensionsDir,
        env,
        process: child,
        output,
        stop: () => stopProcess(child),
      };
      onShutdown(server.stop);
      return server;
    }
    await stopProcess(child);
    const exited = child.exitCode !== null || child.signalCode !== null;
    const addressInUse = output.some((line) => line.includes('EADDRINUSE'));
    if (addressInUse && attempt < 3) continue;
    throw new HarnessError(
      (exited
        ? `code-server exited (${child.exitCode ?? child.signalCode}) before answering GET /healthz on port ${port}`
        : `code-server did not answer GET /healthz on port ${port} within ${startTimeoutMs / 1000} s`) +
        (output.length ? `; its last output:\n${output.slice(-30).join('\n')}` : '; it printed nothing'),
    );
  }
}

/**
 * A vscode-remote URI for a file on this machine, as the workbench in the browser names it.
 * @param {Pick<CodeServer, 'host' | 'port'>} server
 * @param {string} absolutePath
 * @returns {string}
 */
function remoteUri(server, absolutePath) {
  return `vscode-remote://${server.host}:${server.port}${absolutePath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * The workbench URL for a folder, with an optional payload (e.g. extensionDevelopmentPath, extensionTestsPath, openFile).
 * @param {Pick<CodeServer, 'origin' | 'host' | 'port'>} server
 * @param {{ folder?: string, payload?: ReadonlyArray<readonly [string, string]> }} [options]
 * @returns {string}
 */
function workbenchUrl(server, { folder, payload } = {}) {
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(folder)}`);
  if (payload?.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.origin}/${query.length ? `?${query.join('&')}` : ''}`;
}

module.exports = {
  HarnessError,
  DEFAULT_SETTINGS,
  freePort,
  makeTempDir,
  copySampleWorkspace,
  startCodeServer,
  remoteUri,
  workbenchUrl,
};
