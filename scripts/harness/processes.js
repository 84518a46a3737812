// @ts-check
// Child processes that are always ended: each is started in its own process group, and the whole
// group is killed on stop, on normal exit, on an uncaught failure and on Ctrl-C / SIGTERM.
const { spawn } = require('node:child_process');

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();
/** @type {Array<() => (void | Promise<void>)>} */
const cleanups = [];
/** @type {Set<string>} temp folders removed once every process is gone */
const tempDirs = new Set();
/** @type {Promise<void> | undefined} */
let shuttingDown;
let handlersInstalled = false;
let exiting = false;

/** @param {import('node:child_process').ChildProcess} child */
function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Signals every process in the group led by pid; a group that is already empty is fine.
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is empty
  }
}

async function runCleanups() {
  while (cleanups.length) {
    const cleanup = cleanups.pop();
    try {
      await cleanup?.();
    } catch (error) {
      console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort, synchronous: whatever is still running when this process exits is killed, and the temp
  // folders go (also when mocha or a failure calls process.exit before the clean-ups have run).
  process.on('exit', () => {
    for (const child of live) killGroup(child.pid, 'SIGKILL');
    removeTempDirs();
  });
  /** @type {(reason: string, code: number) => void} */
  const stopAndExit = (reason, code) => {
    if (exiting) return;
    exiting = true;
    console.error(`\n${reason}: stopping everything this run started`);
    void shutdown().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => stopAndExit(signal, signal === 'SIGINT' ? 130 : 143));
  }
  // `npm run` can die on SIGTERM without passing it on; an orphaned run must not keep servers alive.
  const parent = process.ppid;
  if (parent > 1) {
    setInterval(() => {
      if (process.ppid !== parent) stopAndExit('the parent process ended', 143);
    }, 1000).unref();
  }
}

/**
 * Registers an async clean-up (close a browser, delete a temp folder) run by shutdown(), newest first.
 * @param {() => (void | Promise<void>)} cleanup
 */
function onShutdown(cleanup) {
  installHandlers();
  cleanups.push(cleanup);
}

function removeTempDirs() {
  for (const dir of tempDirs) {
    if (process.env.SOURCEBOOK_KEEP_TEMP) {
      console.error(`kept ${dir} (SOURCEBOOK_KEEP_TEMP)`);
    } else {
      try {
        require('node:fs').rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      } catch (error) {
        console.error(`could not remove ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    tempDirs.delete(dir);
  }
}

/**
 * Removes `dir` at shutdown or exit, after every process that could write into it has been ended.
 * @param {string} dir
 */
function removeOnExit(dir) {
  installHandlers();
  tempDirs.add(dir);
}

/**
 * Runs the registered clean-ups, ends every process group still alive (TERM, then KILL after a grace period),
 * then removes the temp folders. Calling it again returns the same promise.
 * @returns {Promise<void>}
 */
function shutdown() {
  shuttingDown ??= (async () => {
    await runCleanups();
    await Promise.all([...live].map((child) => stopProcess(child)));
    removeTempDirs();
  })();
  return shuttingDown;
}

/**
 * Starts a command in its own process group, tracked so that it is ended with this process.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnOptions} [options] stdout and stderr are pipes unless options.stdio says otherwise
 * @returns {import('node:child_process').ChildProcess}
 */
function startProcess(command, args, options = {}) {
  installHandlers();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  live.add(child);
  child.on('exit', () => live.delete(child));
  child.on('error', () => live.delete(child));
  return child;
}

/**
 * Ends a process group: SIGTERM, then SIGKILL if it has not gone after graceMs.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
function stopProcess(child, graceMs = 3000) {
  return new Promise((/** @type {() => void} */ resolve) => {
    if (hasExited(child)) {
      // The leader may be gone while its group lives on (extension hosts): sweep the group anyway.
      killGroup(child.pid, 'SIGKILL');
      live.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // Children of the leader that ignored SIGTERM go too.
      killGroup(child.pid, 'SIGKILL');
      live.delete(child);
      resolve();
    });
    killGroup(child.pid, 'SIGTERM');
  });
}

module.exports = { startProcess, stopProcess, onShutdown, removeOnExit, shutdown };
