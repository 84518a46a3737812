// Prepares the web-only run: a copy of the extension whose manifest has `browser` and no `main` (so VS Code can
// run it only in the web worker extension host), and the integration tests bundled for that host (platform
// browser, `node:assert/strict` mapped to ./assert.ts, mocha's browser build) into the copy's out/test/web/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from '../../scripts/harness/paths';
import { browserTwinsPlugin } from '../../scripts/browserTwins';

const INTEGRATION_DIR = path.join(ROOT, 'test', 'integration');
const WEB_DIR = path.join(ROOT, 'test', 'web');

/** Integration test files that cannot apply in a browser (each file must say why). */
const NOT_IN_THE_BROWSER = new Map<string, string>([
  ['addSourceFromUrl.test.ts', 'starts the tests\' stand-in for the web, an HTTP server (node:http), which the web worker cannot; adding a web page is desktop only: addSourceFromUrlInTheBrowser.test.ts checks what the browser does instead'],
  ['exportDraft.test.ts', 'runs Pandoc, latexmk, unzip and pdftotext, programs the web worker extension host cannot start: exportDraftInTheBrowser.test.ts checks the browser\'s HTML export'],
  ['largeLibrary.test.ts', 'measures the pauses of the desktop extension host (Node) while 30 MB of generated sources are read and indexed, and writes its figures with node:fs'],
  ['latexCompile.test.ts', 'runs latexmk and pdftotext, programs the web worker extension host cannot start'],
  ['pdfLibrary.test.ts', 'reads PDFs attached to a .bib entry and a Zotero item (pdf.js is desktop only) and starts the Zotero stand-in, an HTTP server the web worker cannot'],
  ['pdfSources.test.ts', 'reads a PDF, which the browser build does not (pdf.js is desktop only): pdfInTheBrowser.test.ts checks what it says instead'],
  ['zotero.test.ts', 'starts the Zotero stand-in, an HTTP server (node:http), which the web worker cannot; Zotero is desktop only'],
]);

/** The tests run in the web worker: every integration test file that applies, then the web host's own. */
export function webTestFiles(): string[] {
  const integration = fs
    .readdirSync(INTEGRATION_DIR)
    .filter((file) => file.endsWith('.test.ts') && !NOT_IN_THE_BROWSER.has(file))
    .sort()
    .map((file) => path.join(INTEGRATION_DIR, file));
  const web = fs
    .readdirSync(WEB_DIR)
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join(WEB_DIR, file));
  return [...web, ...integration];
}

/** The files of the extension as it is shipped, plus the test fixtures the integration tests read. */
const COPIED = ['dist/web', 'media', 'l10n', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'test/fixtures'];

/** A web-only copy of the built extension in `dir`: the manifest loses `main`, so only a web worker can run it. */
export function prepareWebExtension(dir: string): string {
  const extensionDir = path.join(dir, 'extension');
  fs.mkdirSync(extensionDir, { recursive: true });
  for (const item of COPIED) {
    const from = path.join(ROOT, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(extensionDir, item), { recursive: true });
  }
  if (!fs.existsSync(path.join(extensionDir, 'dist', 'web', 'extension.js'))) {
    throw new Error('dist/web/extension.js is missing: run `npm run build` first');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.main;
  delete manifest.scripts;
  delete manifest.devDependencies;
  delete manifest.dependencies;
  fs.writeFileSync(path.join(extensionDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return extensionDir;
}

export interface WebTestOptions {
  grep?: string;
  timeoutMs?: number;
  /** Fail on a stray `.only` (CI). */
  forbidOnly?: boolean;
}

/** Bundles the tests for the web worker into `<extensionDir>/out/test/web/index.js`; returns its path. */
export async function buildWebTests(extensionDir: string, options: WebTestOptions = {}): Promise<{ entry: string; files: string[] }> {
  const files = webTestFiles();
  const entry = path.join(extensionDir, 'out', 'test', 'web', 'index.js');
  const loads = files.map((file) => `  require(${JSON.stringify(file)});`).join('\n');
  await esbuild.build({
    stdin: {
      contents: `import { runSuite } from ${JSON.stringify(path.join(WEB_DIR, 'index.ts'))};\n` +
        `export function run() {\n  return runSuite(() => {\n${loads}\n  });\n}\n`,
      resolveDir: WEB_DIR,
      sourcefile: 'webTestsEntry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    outfile: entry,
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    alias: { 'node:assert/strict': path.join(WEB_DIR, 'assert.ts'), 'node:assert': path.join(WEB_DIR, 'assert.ts') },
    // As in esbuild.js's browser build: each module with a browser twin (the name reader, the disk, …) is the twin.
    plugins: [browserTwinsPlugin()],
    define: {
      SOURCEBOOK_TEST_GREP: JSON.stringify(options.grep ?? ''),
      SOURCEBOOK_TEST_TIMEOUT_MS: String(options.timeoutMs ?? 20_000),
      SOURCEBOOK_FORBID_ONLY: String(options.forbidOnly ?? false),
      global: 'globalThis',
    },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return { entry, files: files.map((file) => path.relative(ROOT, file)) };
}
