// Runs the integration suite inside a real VS Code extension host: code-server (VS Code 1.139) on a free port,
// its workbench in headless Chromium with the test payload (extensionDevelopmentPath + extensionTestsPath), the
// workspace two folders (a temp copy of sample/ and an empty one; see testWorkspace.ts). Streams mocha's output and
// exits with the suite's exit code.
// Usage: node --require tsx/cjs test/integration/runCodeServer.ts   (after `npm run setup` and `npm run build`)
// Env: SOURCEBOOK_TEST_GREP (mocha --grep), SOURCEBOOK_SUITE_TIMEOUT_S (default 900), SOURCEBOOK_VERBOSE=1.
import * as path from 'node:path';
import { format } from 'node:util';
import { ROOT } from '../../scripts/harness/paths';
import { launchChromium } from '../../scripts/harness/browser';
import { buildIntegrationTests } from '../../scripts/harness/buildTests';
import { HarnessError, copySampleWorkspace, makeTempDir, remoteUri, startCodeServer, workbenchUrl } from '../../scripts/harness/codeServer';
import { shutdown } from '../../scripts/harness/processes';
import { writeTestWorkspace } from './testWorkspace';

const SUITE_TIMEOUT_MS = Number(process.env.SOURCEBOOK_SUITE_TIMEOUT_S ?? 900) * 1000;
/** The extension host must say something (mocha's first line) within this time of the page loading. */
const FIRST_OUTPUT_TIMEOUT_MS = 120_000;
const verbose = process.env.SOURCEBOOK_VERBOSE === '1';

const START_MARKER = 'SOURCEBOOK_MOCHA_START';
/** The workbench's own chatter that reaches codeAutomationLog while the suite runs. */
const WORKBENCH_NOISE = [/^Updating additional builtin extensions cache/, /^Ignoring fetching additional builtin extensions/];

/** Turns what the workbench hands codeAutomationLog (console arguments, format string first) into text. */
function formatLog(args: unknown): string {
  const parts = Array.isArray(args) ? args : [args];
  return format(...parts);
}

async function main(): Promise<number> {
  const { files } = await buildIntegrationTests();
  console.log(`integration: ${files.length} test file(s): ${files.join(', ')}`);
  const tempDir = makeTempDir('integration');
  const workspace = copySampleWorkspace(tempDir);
  const workspaceFile = writeTestWorkspace(tempDir, workspace);
  const server = await startCodeServer({
    tempDir,
    onOutput: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  console.log(`integration: code-server ${server.origin} (workspace ${workspaceFile})`);
  const browser = await launchChromium({ tempDir });
  const page = await browser.newPage();

  let lastOutputAt = 0;
  let settle: (code: number) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const exitCode = new Promise<number>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  // The workbench's own log lines arrive here too: they are kept back (and shown if the run fails) until
  // index.ts says the suite has started; from then on everything is the extension host's output.
  let started = false;
  const before: string[] = [];
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = formatLog(args);
    if (!started && !text.startsWith(START_MARKER)) {
      before.push(`[${type}] ${text}`);
      if (verbose) console.log(`[workbench ${type}] ${text}`);
      return;
    }
    started = true;
    lastOutputAt = Date.now();
    if (text.startsWith(START_MARKER)) return;
    if (!verbose && WORKBENCH_NOISE.some((pattern) => pattern.test(text))) return;
    if (type === 'error' || type === 'warn') process.stderr.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  });
  const dumpEarlyLog = () => {
    if (!started && before.length && !verbose) {
      console.error(`integration: the workbench logged before the suite could start:\n${before.slice(-40).join('\n')}`);
    }
  };
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(Number(code)));
  page.on('crash', () => fail(new HarnessError('the workbench page crashed in Chromium')));
  if (verbose) page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));

  const extensionPath = remoteUri(server, ROOT);
  const testsPath = remoteUri(server, path.join(ROOT, 'out', 'test', 'integration', 'index.js'));
  const url = `${workbenchUrl(server, {
    payload: [
      ['extensionDevelopmentPath', extensionPath],
      ['extensionTestsPath', testsPath],
    ],
  })}&workspace=${encodeURIComponent(workspaceFile)}`;
  try {
    await page.goto(url, { timeout: 60_000, waitUntil: 'domcontentloaded' });
  } catch (error) {
    throw new HarnessError(`the workbench at ${server.origin} did not load in 60 s: ${(error as Error).message}`);
  }
  const loadedAt = Date.now();

  const watchdog = new Promise<never>((_, reject) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if (lastOutputAt === 0 && now - loadedAt > FIRST_OUTPUT_TIMEOUT_MS) {
        clearInterval(timer);
        reject(
          new HarnessError(
            `waited ${FIRST_OUTPUT_TIMEOUT_MS / 1000} s for the extension host to print the first test output; ` +
              `it never started the suite (run with SOURCEBOOK_VERBOSE=1 to see the server and browser logs)`,
          ),
        );
      } else if (now - loadedAt > SUITE_TIMEOUT_MS) {
        clearInterval(timer);
        reject(new HarnessError(`waited ${SUITE_TIMEOUT_MS / 1000} s for the suite's exit code (codeAutomationExit)`));
      }
    }, 1000);
    void exitCode.finally(() => clearInterval(timer)).catch(() => undefined);
  });
  try {
    return await Promise.race([exitCode, watchdog]);
  } catch (error) {
    dumpEarlyLog();
    throw error;
  }
}

main()
  .then(async (code) => {
    await shutdown();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`integration: FAILED: ${error instanceof HarnessError ? error.message : (error as Error)?.stack ?? String(error)}`);
    await shutdown();
    process.exit(1);
  });
