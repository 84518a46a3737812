// Runs Sourcebook in code-server's WEB WORKER extension host, the host vscode.dev uses: a copy of the built
// extension whose manifest has `browser` and no `main` (VS Code can only run it in a web worker), then
//   1. the integration suite (test/integration, plus test/web/webHost.test.ts, which checks the host has no Node
//      globals and that the extension is active in it), bundled for the browser, as the extension's tests;
//   2. an end-to-end hover on "Siân James" in the sample draft, as a person would, with a screenshot
//      (test-results/screenshots/web-hover.png).
// Prints mocha's counts for both together (SOURCEBOOK_MOCHA_RESULT) and exits non-zero when anything failed.
// Usage: node --require tsx/cjs test/web/runWeb.ts   (after `npm run setup` and `npm run build`)
// Env: SOURCEBOOK_TEST_GREP (in-host tests only), SOURCEBOOK_TEST_TIMEOUT_MS, SOURCEBOOK_VERBOSE=1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { HarnessError, copySampleWorkspace, makeTempDir, remoteUri, workbenchUrl } from '../../scripts/harness/codeServer';
import type { CodeServer } from '../../scripts/harness/codeServer';
import { shutdown } from '../../scripts/harness/processes';
import { DEFAULT_VIEWPORT, openWorkbenchPage, startWorkbenchHarness } from '../harness/workbenchDriver';
import { buildWebTests, prepareWebExtension } from './buildWebTests';

const verbose = process.env.SOURCEBOOK_VERBOSE === '1';
const SUITE_TIMEOUT_MS = 900_000;
const FIRST_OUTPUT_TIMEOUT_MS = 120_000;
const WEB_START_MARKER = 'SOURCEBOOK_WEB_MOCHA_START';
const WEB_RESULT_MARKER = 'SOURCEBOOK_WEB_MOCHA_RESULT';

interface Counts {
  passes: number;
  failures: number;
  pending: number;
}

function formatLog(args: unknown): string {
  return format(...(Array.isArray(args) ? args : [args]));
}

/** Phase 1: the integration suite in the web worker host; resolves with mocha's counts. */
async function runInHost(server: CodeServer, browser: Browser, extensionDir: string, testsEntry: string, workspace: string): Promise<Counts> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let started = false;
  let counts: Counts | undefined;
  let lastOutputAt = 0;
  const early: string[] = [];
  let settle: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (settle = resolve));
  const onLine = (type: string, text: string) => {
    if (text.startsWith(WEB_RESULT_MARKER)) counts = JSON.parse(text.slice(WEB_RESULT_MARKER.length)) as Counts;
    if (!started && !text.startsWith(WEB_START_MARKER)) {
      early.push(`[${type}] ${text}`);
      if (verbose) console.log(`[workbench ${type}] ${text}`);
      return;
    }
    started = true;
    lastOutputAt = Date.now();
    if (text.startsWith(WEB_START_MARKER) || text.startsWith(WEB_RESULT_MARKER)) return;
    if (type === 'error' || type === 'warn') process.stderr.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  };
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => onLine(type, formatLog(args)));
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(Number(code)));
  if (verbose) page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));

  const url = workbenchUrl(server, {
    folder: workspace,
    payload: [
      ['extensionDevelopmentPath', remoteUri(server, extensionDir)],
      ['extensionTestsPath', remoteUri(server, testsEntry)],
    ],
  });
  await page.goto(url, { timeout: 60_000, waitUntil: 'domcontentloaded' });
  const loadedAt = Date.now();
  const watchdog = new Promise<never>((_, reject) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if (counts) clearInterval(timer);
      else if (lastOutputAt === 0 && now - loadedAt > FIRST_OUTPUT_TIMEOUT_MS) {
        clearInterval(timer);
        console.error(`web: the workbench logged:\n${early.slice(-40).join('\n')}`);
        reject(new HarnessError(`the web worker extension host never started the suite in ${FIRST_OUTPUT_TIMEOUT_MS / 1000} s`));
      } else if (now - loadedAt > SUITE_TIMEOUT_MS) {
        clearInterval(timer);
        reject(new HarnessError(`waited ${SUITE_TIMEOUT_MS / 1000} s for the suite's exit code`));
      }
    }, 1000);
  });
  const code = await Promise.race([exited, watchdog]);
  await context.close();
  if (!counts) throw new HarnessError(`the suite exited (${code}) without its counts`);
  return counts;
}

/** Phase 2: a person hovers "Siân James" in the sample draft; the card comes from the web worker's extension. */
async function hoverAsAPerson(server: CodeServer, browser: Browser, extensionDir: string, tempDir: string): Promise<boolean> {
  const title = 'In the browser (web worker extension host): shows the card for Siân James when the mouse rests on her name';
  const workspace = copySampleWorkspace(fs.mkdtempSync(path.join(tempDir, 'ws-')));
  const context = await browser.newContext({ viewport: DEFAULT_VIEWPORT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const started = Date.now();
  try {
    const workbench = await openWorkbenchPage(context, server, {
      folder: workspace,
      extensionDevelopmentPath: extensionDir,
      openFile: path.join(workspace, 'draft.md'),
    });
    const { page } = workbench;
    const card = await workbench.hover('Siân James', { expect: 'Siân James', timeoutMs: 90_000 });
    if (!/Dulais|miner/i.test(card)) throw new Error(`the hover card does not describe Siân James: ${card.slice(0, 200)}`);
    // The worker's iframe is the web worker extension host's home: it must exist, or the card came from elsewhere.
    const workerFrames = page.frames().filter((frame) => /webWorkerExtensionHostIframe/.test(frame.url()));
    if (workerFrames.length === 0) throw new Error('the workbench has no web worker extension host frame');
    await workbench.screenshot('web-hover');
    console.log(`  ✔ ${title} (${Date.now() - started}ms)`);
    return true;
  } catch (error) {
    console.log(`  1) ${title}\n     ${(error as Error).message}`);
    return false;
  } finally {
    await context.close();
  }
}

async function main(): Promise<number> {
  const tempDir = makeTempDir('web');
  const extensionDir = prepareWebExtension(tempDir);
  const timeoutMs = Number(process.env.SOURCEBOOK_TEST_TIMEOUT_MS ?? 20_000);
  const forbidOnly = process.env.CI === 'true' || process.env.CI === '1';
  const { entry, files } = await buildWebTests(extensionDir, { grep: process.env.SOURCEBOOK_TEST_GREP, timeoutMs, forbidOnly });
  console.log(`web: a web-only copy of the extension (browser, no main) in ${extensionDir}`);
  console.log(`web: ${files.length} test file(s) bundled for the web worker: ${files.join(', ')}`);
  const workspace = copySampleWorkspace(fs.mkdtempSync(path.join(tempDir, 'ws-')));
  const { server, browser } = await startWorkbenchHarness(tempDir, {
    onOutput: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  const started = Date.now();
  const counts = await runInHost(server, browser, extensionDir, entry, workspace);
  console.log('\n  End to end in the web worker host');
  const hovered = await hoverAsAPerson(server, browser, extensionDir, tempDir);
  const total = { passes: counts.passes + (hovered ? 1 : 0), failures: counts.failures + (hovered ? 0 : 1), pending: counts.pending };
  console.log(`\n  ${total.passes} passing (${Math.round((Date.now() - started) / 1000)}s)`);
  if (total.pending) console.log(`  ${total.pending} pending`);
  if (total.failures) console.log(`  ${total.failures} failing`);
  console.log(`SOURCEBOOK_MOCHA_RESULT ${JSON.stringify(total)}`);
  return total.failures > 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await shutdown();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`web: FAILED: ${error instanceof HarnessError ? error.message : ((error as Error)?.stack ?? String(error))}`);
    await shutdown();
    process.exit(1);
  });
