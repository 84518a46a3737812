// Mocha global fixtures for the e2e run: one code-server and one Chromium for all *.e2e.ts files.
import { startHarness, stopHarness } from './workbench';

export async function mochaGlobalSetup(): Promise<void> {
  await startHarness();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopHarness();
}
