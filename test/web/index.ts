// Entry point of the integration suite in the web worker extension host (VS Code's `extensionTestsPath` for a
// web-only copy of the extension): the browser build of mocha (BDD), the tests bundled in by
// test/web/buildWebTests.ts, which calls runSuite with a function that loads them. No Node here: settings come
// in through the bundle's defines, output goes to console.log (the runner reads it from the workbench).
import './hostGlobals';

declare const SOURCEBOOK_TEST_GREP: string;
declare const SOURCEBOOK_TEST_TIMEOUT_MS: number;
declare const SOURCEBOOK_FORBID_ONLY: boolean;

/** Printed before the first test, and with the counts at the end (JSON after the marker). */
export const WEB_START_MARKER = 'SOURCEBOOK_WEB_MOCHA_START';
export const WEB_RESULT_MARKER = 'SOURCEBOOK_WEB_MOCHA_RESULT';

interface BrowserMocha {
  setup(options: Record<string, unknown>): void;
  run(done: (failures: number) => void): { stats?: { passes?: number; failures?: number; pending?: number } };
}

export function runSuite(loadTests: () => void): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the browser build defines globalThis.mocha
  require('mocha/mocha.js');
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  mocha.setup({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: SOURCEBOOK_TEST_TIMEOUT_MS,
    slow: 2_000,
    grep: SOURCEBOOK_TEST_GREP || undefined,
    forbidOnly: SOURCEBOOK_FORBID_ONLY,
  });
  loadTests();
  console.log(WEB_START_MARKER);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(`${WEB_RESULT_MARKER} ${JSON.stringify({ passes, failures: failed, pending })}`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed in the web worker extension host`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
