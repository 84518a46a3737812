// @ts-check
// The modules the browser build swaps for their `.web.ts` twin (same folder, same exports): one list for esbuild.js's
// browser build and the web tests' build (test/web/buildWebTests.ts), so a test bundles what the writer's browser runs.
// Plain Node with no dependencies.
const path = require('node:path');

/**
 * Each module's name (the import path's last part), with why the browser has its own.
 * @type {Readonly<Record<string, string>>}
 */
const BROWSER_TWINS = {
  // The browser runs no programs: Export Draft's process runner (Node's child_process) says so; the feature writes
  // HTML from the preview there.
  pandocProcess: 'no processes',
  // The browser reads no web pages: most sites send no CORS headers, so a web worker may not read them, and linkedom
  // with Readability would only add weight. The page reader and the flag saying pages can be read say that adding a
  // web page needs VS Code on the desktop.
  webPage: 'no web pages',
  webPageSupport: 'no web pages',
  // The browser starts no worker threads: names are read on the host's thread in slices (nameReaders.web.ts), not in
  // dist/nameDiscovery.js.
  nameReaders: 'no worker threads',
  // The search and quotation indexes are built in a Web Worker (dist/web/indexBuilding.js, its script read through
  // `vscode.workspace.fs`), not a worker thread (dist/indexBuilding.js).
  indexBuilders: 'Web Workers, not worker threads',
  // The browser has no file handles or disk: the index snapshot is read whole, and the writer's files go through
  // `vscode.workspace.fs` (diskFiles.web.ts).
  snapshotFileReader: 'no file handles',
  diskFiles: 'no disk',
};

/**
 * An esbuild plugin resolving each import of a twinned module to its `.web.ts` file.
 * @returns {import('esbuild').Plugin}
 */
function browserTwinsPlugin() {
  const filter = new RegExp(`(?:^|/)(?:${Object.keys(BROWSER_TWINS).join('|')})$`);
  return {
    name: 'browser-twins',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: path.resolve(args.resolveDir, `${args.path}.web.ts`) }));
    },
  };
}

module.exports = { BROWSER_TWINS, browserTwinsPlugin };
