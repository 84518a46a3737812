// Runs the same integration suite under @vscode/test-electron: VS Code desktop, downloaded on first use into
// .vscode-test/ (the standard path for CI elsewhere). These machines cannot download VS Code: there, use
// runCodeServer.ts (`npm run test:integration`). A VS Code already on disk can be named with
// SOURCEBOOK_VSCODE_EXECUTABLE=/path/to/code.
// Usage: node --require tsx/cjs test/integration/runElectron.ts   (after `npm run build`)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildIntegrationTests } from '../../scripts/harness/buildTests';
import { HARNESS_DIR, ROOT, SAMPLE_DIR } from '../../scripts/harness/paths';
import { writeTestWorkspace } from './testWorkspace';

async function main(): Promise<number> {
  const { outDir, files } = await buildIntegrationTests();
  console.log(`integration (electron): ${files.length} test file(s)`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-electron-'));
  try {
    const workspace = path.join(temp, 'workspace');
    fs.cpSync(SAMPLE_DIR, workspace, { recursive: true });
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(outDir, 'index.js'),
      vscodeExecutablePath: process.env.SOURCEBOOK_VSCODE_EXECUTABLE || undefined,
      cachePath: path.join(HARNESS_DIR, 'electron'),
      launchArgs: [
        writeTestWorkspace(temp, workspace),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(temp, 'user-data')}`,
        `--extensions-dir=${path.join(temp, 'extensions')}`,
      ],
      extensionTestsEnv: { SOURCEBOOK_TEST_GREP: process.env.SOURCEBOOK_TEST_GREP ?? '' },
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(message);
    console.error(
      `integration (electron): FAILED: ${message}\n` +
        (offline
          ? 'VS Code desktop could not be downloaded from this machine. Use `npm run test:integration` (code-server), ' +
            'or set SOURCEBOOK_VSCODE_EXECUTABLE to a VS Code already installed.'
          : 'See the output above.'),
    );
    process.exit(1);
  },
);
