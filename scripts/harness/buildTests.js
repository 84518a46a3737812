// @ts-check
// Bundles the integration suite for the extension host: test/integration/index.ts (which brings mocha along)
// to out/test/integration/index.js, and every test/integration/**/*.test.ts to the matching .test.js beside it.
// `vscode` stays external: the extension host provides it. Usage: node scripts/harness/buildTests.js
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');

const SOURCE_DIR = path.join(paths.ROOT, 'test', 'integration');
const OUT_DIR = path.join(paths.ROOT, 'out', 'test', 'integration');

/**
 * Every *.test.ts under test/integration, relative to it, sorted so runs are repeatable.
 * @returns {string[]}
 */
function integrationTestFiles() {
  return fs
    .readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/**
 * Bundles the suite into OUT_DIR (emptied first).
 * @returns {Promise<{ outDir: string, files: string[] }>} the folder and the test files, relative to test/integration
 */
async function buildIntegrationTests() {
  const esbuild = require('esbuild');
  const files = integrationTestFiles();
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  /** @type {import('esbuild').BuildOptions} */
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: true,
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's optional parallel mode pulls in workerpool; the extension host runs serially.
    logOverride: { 'require-resolve-not-external': 'silent', 'unsupported-require-call': 'silent' },
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(SOURCE_DIR, 'index.ts')],
    outfile: path.join(OUT_DIR, 'index.js'),
  });
  if (files.length) {
    await esbuild.build({
      ...common,
      entryPoints: files.map((file) => path.join(SOURCE_DIR, file)),
      outbase: SOURCE_DIR,
      outdir: OUT_DIR,
    });
  }
  return { outDir: OUT_DIR, files };
}

module.exports = { buildIntegrationTests, integrationTestFiles, OUT_DIR };

if (require.main === module) {
  const started = Date.now();
  buildIntegrationTests().then(
    ({ files }) => console.log(`built ${files.length} integration test file(s) in ${Date.now() - started} ms`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
