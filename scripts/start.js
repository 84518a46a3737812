#!/usr/bin/env node
// `npm start`: from a fresh clone, installs what is missing (npm dependencies, then the harness: Debian chromium
// and libkrb5-dev, Node 24, code-server), builds the extension, and serves a real VS Code (code-server on
// 127.0.0.1, a free port) with the extension loaded and the sample workspace open. Prints the URL; Ctrl-C
// stops everything it started. Plain Node: runs before `npm install`.
//
// The workspace is a copy of sample/ in .vscode-test/start/workspace, made on the first run and kept, so your
// edits survive a restart and the repository's sample/ stays clean. Options:
//   --fresh          start over from sample/ (new copy, default settings)
//   --folder PATH    open PATH instead of the sample copy
//   --watch          rebuild the extension on every change (reload the window to pick it up)
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./harness/paths');
const { ensureNpmDependencies, runSetup, runStreaming, NPM } = require('./harness/steps');

function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function fail(message) {
  console.error(`\nnpm start: ${message}`);
  process.exit(1);
}

async function main() {
  const started = Date.now();
  try {
    ensureNpmDependencies((message) => console.log(`npm start: ${message}`));
  } catch (error) {
    fail(error.message);
  }

  const setup = await runSetup();
  if (setup.code !== 0) fail('the harness set-up failed (see above); fix that and run `npm start` again.');

  console.log('npm start: building the extension');
  const build = await runStreaming(NPM, ['run', '--silent', 'build']);
  if (build.code !== 0) fail('the extension did not build (see above).');

  // Required only now: they need nothing from node_modules, but keep the order obvious.
  const { startCodeServer, remoteUri, workbenchUrl } = require('./harness/codeServer');
  const { startProcess, shutdown } = require('./harness/processes');

  const stateDir = path.join(paths.HARNESS_DIR, 'start');
  const workspaceCopy = path.join(stateDir, 'workspace');
  if (process.argv.includes('--fresh')) fs.rmSync(stateDir, { recursive: true, force: true });
  let folder = option('--folder') ? path.resolve(option('--folder')) : workspaceCopy;
  if (!option('--folder') && !fs.existsSync(workspaceCopy)) {
    fs.cpSync(paths.SAMPLE_DIR, workspaceCopy, { recursive: true });
  }
  if (!fs.existsSync(folder)) fail(`no folder ${folder}`);
  folder = fs.realpathSync(folder);

  const server = await startCodeServer({ tempDir: stateDir, keepSettings: true }).catch((error) => fail(error.message));

  if (process.argv.includes('--watch')) {
    const watcher = startProcess(process.execPath, [path.join(paths.ROOT, 'esbuild.js'), '--watch'], { cwd: paths.ROOT });
    watcher.stdout.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.includes('finished')) console.log('npm start: rebuilt — reload the window (Developer: Reload Window) to use it');
    });
    watcher.stderr.pipe(process.stderr);
  }

  const draft = path.join(folder, 'draft.md');
  const payload = [['extensionDevelopmentPath', remoteUri(server, paths.ROOT)]];
  if (fs.existsSync(draft)) payload.push(['openFile', remoteUri(server, draft)]);
  const url = workbenchUrl(server, { folder, payload });

  console.log(`
  Sourcebook is running in VS Code (code-server ${paths.CODE_SERVER_VERSION}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Open this URL in a browser on this machine:

    ${url}

  Workspace: ${folder}${folder === workspaceCopy ? '  (a copy of sample/; `npm start -- --fresh` starts over)' : ''}
  Try: hover "Siân James" in draft.md, or run "Sourcebook" commands from the command palette (F1).
  Press Ctrl-C to stop.
`);

  server.process.on('exit', (code, signal) => {
    console.error(`npm start: code-server stopped (${code ?? signal}); shutting down`);
    void shutdown().finally(() => process.exit(1));
  });
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
