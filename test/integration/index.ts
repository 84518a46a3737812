// Entry point of the integration suite inside the extension host (VS Code's `extensionTestsPath`): runs every
// bundled *.test.js beside this file with mocha (BDD: describe/it) and settles when the suite is done.
// The same module serves the code-server runner and @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Printed before the first test: the code-server runner shows the extension host's output from here on. */
export const START_MARKER = 'SOURCEBOOK_MOCHA_START';
/** The line the runners read the counts from (JSON after the marker). */
export const RESULT_MARKER = 'SOURCEBOOK_MOCHA_RESULT';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(dir, file));
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.SOURCEBOOK_TEST_COLOR === '1',
    timeout: Number(process.env.SOURCEBOOK_TEST_TIMEOUT_MS ?? 20_000),
    slow: 2_000,
    grep: process.env.SOURCEBOOK_TEST_GREP || undefined,
    forbidOnly: process.env.CI === 'true',
  });
  const files = testFiles(__dirname);
  for (const file of files) mocha.addFile(file);
  console.log(`${START_MARKER} ${files.length} file(s)`);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(`${RESULT_MARKER} ${JSON.stringify({ passes, failures: failed, pending })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
