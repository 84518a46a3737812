// The e2e suite's workbenches: one code-server and one browser serve the whole run (started and ended by hooks.ts);
// each openWorkbench() gets a fresh browser context and a fresh copy of sample/ as its workspace, with this
// repository's extension loaded. The driver itself (hover, run a command, type in a quick pick, read the editor…)
// is test/harness/workbenchDriver.ts, shared with the web suite and the benches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copySampleWorkspace, makeTempDir } from '../../scripts/harness/codeServer';
import { ROOT } from '../../scripts/harness/paths';
import { shutdown } from '../../scripts/harness/processes';
import { DEFAULT_VIEWPORT, openWorkbenchPage, startWorkbenchHarness } from '../harness/workbenchDriver';
import type { Workbench, WorkbenchHarness } from '../harness/workbenchDriver';

export { Workbench, findWordScript } from '../harness/workbenchDriver';

let harness: WorkbenchHarness | undefined;

/** Starts code-server and Chromium for the run (hooks.ts calls this once). */
export async function startHarness(): Promise<void> {
  if (harness) return;
  harness = await startWorkbenchHarness(makeTempDir('e2e'), {
    onOutput: process.env.SOURCEBOOK_VERBOSE === '1' ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
}

/** Ends code-server, Chromium and the temp folders (hooks.ts calls this once). */
export async function stopHarness(): Promise<void> {
  harness = undefined;
  await shutdown();
}

function requireHarness(): WorkbenchHarness {
  if (!harness) throw new Error('the e2e harness is not started: run e2e tests through `npm run test:e2e`');
  return harness;
}

export interface OpenOptions {
  /** A file of the sample workspace to open first, e.g. 'draft.md'. */
  file?: string;
  /** Browser viewport; the default 1400×900 fits the sample draft. */
  viewport?: { width: number; height: number };
  /** Load the extension from this repository (default true). */
  withExtension?: boolean;
}

/** Opens a fresh workbench on a new copy of sample/, with the extension loaded, and waits until it is restored. */
export async function openWorkbench(options: OpenOptions = {}): Promise<Workbench> {
  const { server, browser, tempDir } = requireHarness();
  const workspace = copySampleWorkspace(fs.mkdtempSync(path.join(tempDir, 'ws-')));
  const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  return openWorkbenchPage(context, server, {
    folder: workspace,
    extensionDevelopmentPath: options.withExtension !== false ? ROOT : undefined,
    openFile: options.file ? path.join(workspace, options.file) : undefined,
  });
}
