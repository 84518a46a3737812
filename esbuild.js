// Builds the extension: dist/extension.js for the desktop (Node) extension host and
// dist/web/extension.js for the browser (web worker) host, from the same source.
// Usage: node esbuild.js [--production] [--watch]
const fs = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');
const esbuild = require('esbuild');
const { browserTwinsPlugin } = require('./scripts/browserTwins');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors the way VS Code's problem matcher for esbuild expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** A Node built-in, written `fs`, `fs/promises` or `node:fs`. */
function isNodeBuiltin(specifier) {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]);
}

/**
 * The web worker extension host has no Node: importing a built-in (`fs`, `path`, `node:crypto`, …) anywhere in the
 * web bundle's graph fails the build, naming the importer — instead of esbuild quietly picking up an npm package
 * of the same name (`path`, `events`, `buffer`, `process`) as a polyfill. Node-only code belongs behind
 * `vscode.workspace.fs` or out of the web entry point.
 */
const noNodeBuiltinsPlugin = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || !isNodeBuiltin(args.path)) return undefined;
      return {
        errors: [
          {
            text: `"${args.path}" is a Node built-in and cannot be used in the web extension (dist/web/extension.js)`,
            detail: `imported by ${args.importer}`,
          },
        ],
      };
    });
  },
};

/** Our own sources must not reach for Node's globals in the web bundle (the libraries' guarded checks are fine). */
const NODE_GLOBALS = /\b(?:process\s*\.|Buffer\s*[.(]|__dirname\b|__filename\b|setImmediate\s*\(|global\s*\.)/;

const noNodeGlobalsPlugin = {
  name: 'no-node-globals',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await require('node:fs/promises').readFile(args.path, 'utf8');
      if (/[\\/]src[\\/]generated[\\/]/.test(args.path)) return { contents: source, loader: 'ts' }; // data only
      // Comments and the insides of string literals are not code (a rough cut; good enough for a guard).
      const code = source
        .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (text) => text.replace(/[^\n]/g, ' '))
        .replace(/\/\/.*$/gm, '');
      const lines = code.split('\n');
      const errors = [];
      lines.forEach((line, index) => {
        const match = NODE_GLOBALS.exec(line);
        if (match) {
          errors.push({
            text: `"${match[0].trim()}" is a Node global and does not exist in the web worker extension host`,
            location: { file: args.path, line: index + 1, column: match.index, lineText: source.split('\n')[index] },
          });
        }
      });
      return errors.length ? { errors } : { contents: source, loader: 'ts' };
    });
  },
};

/**
 * Desktop only: the libraries activation does not need are bundled into files of their own in dist/ and loaded
 * with `require` on first use, so that loading dist/extension.js at activation reads and compiles only what
 * activation needs. The web build keeps them inline: the web worker extension host has no `require`.
 * - Imported with `import()`: citeproc-js (the first citation), compromise (the first reading of the writer's
 *   own sources), unpdf (pdf.js without a worker: the first PDF source) and markdown-it (Export Draft's HTML in the
 *   browser, where it is inline; the desktop exports through Pandoc and never loads it). `import('citeproc')` becomes `require('./citeproc.js')`, run when the import is.
 * - Imported statically: yaml (the source and entity file parsers). The import gets a stand-in whose exports
 *   are getters that require dist/yaml.js the first time one of them is read.
 */
const LAZY_DYNAMIC = ['citeproc', 'compromise', 'unpdf', 'markdown-it'];
const LAZY_STATIC = ['yaml'];
const LAZY_CHUNKS = [...LAZY_DYNAMIC, ...LAZY_STATIC];
/**
 * Our own modules loaded on first use (`require('./citationJs')` inside a function, or `import()`), each bundled with
 * its libraries into a chunk of the same name: citation-js with its BibTeX and RIS plugins, for the first reading of
 * a bibliography file; the web page reader with linkedom and Readability, for the first Add Source from Web Page.
 */
const LAZY_LOCAL = { citationJs: 'src/core/references/citationJs.ts', webPage: 'src/core/web/webPage.ts' };

/** The stand-in for a statically imported library: its export names, each a getter that loads the chunk. */
function standIn(name) {
  const names = Object.keys(require(name)).filter((key) => key !== 'default' && key !== '__esModule');
  const getters = names.map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => load()[${JSON.stringify(key)}] });`);
  return [`let chunk;`, `const load = () => (chunk ??= require(${JSON.stringify(`./${name}.js`)}));`, ...getters].join('\n');
}

const lazyChunksPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    const names = (list) => new RegExp(`^(?:${list.join('|')})$`);
    build.onResolve({ filter: names(LAZY_DYNAMIC) }, (args) => {
      if (args.kind === 'dynamic-import') return { path: `./${args.path}.js`, external: true };
      // A static import would load the library with the extension: the chunk would be split for nothing.
      return { errors: [{ text: `"${args.path}" must be imported with import(): it is loaded on first use`, detail: `imported by ${args.importer}` }] };
    });
    build.onResolve({ filter: names(LAZY_STATIC) }, (args) => ({ path: args.path, namespace: 'lazy-chunk' }));
    build.onResolve({ filter: new RegExp(`^\\./(?:${Object.keys(LAZY_LOCAL).join('|')})$`) }, (args) =>
      args.kind === 'dynamic-import' || args.kind === 'require-call' ? { path: `${args.path}.js`, external: true } : undefined,
    );
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/, namespace: 'lazy-chunk' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, (args) => ({ contents: standIn(args.path), loader: 'js' }));
  },
};

/**
 * Each of our files that imports `vscode` would get a namespace object of its own, with all of the API's ~200
 * names copied into it when the bundle loads (esbuild's interop for an external CommonJS module): with ~25 such
 * files, ~10 ms of CPU before activate(). Instead every file imports one shared re-export, copied once.
 */
const sharedVscodePlugin = {
  name: 'shared-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'shared-vscode' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'shared-vscode' },
    );
    build.onLoad({ filter: /.*/, namespace: 'shared-vscode' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * citation-js can fetch a URL given as input, with node-fetch and sync-fetch; Sourcebook only gives it text, so
 * both are replaced by a function that says so (node-fetch would also pull Node's http into the web build).
 */
const noFetchPlugin = {
  name: 'no-fetch',
  setup(build) {
    build.onResolve({ filter: /^(?:node-fetch|sync-fetch)$/ }, (args) => ({ path: args.path, namespace: 'no-fetch' }));
    build.onLoad({ filter: /.*/, namespace: 'no-fetch' }, () => ({
      contents: "const fetch = () => { throw new Error('Sourcebook reads no URLs'); }; module.exports = fetch; module.exports.default = fetch;",
      loader: 'js',
    }));
  },
};

/**
 * The browser build reads no PDFs: pdf.js (through unpdf) would double the size of dist/web/extension.js, which
 * vscode.dev downloads on every start, and has not been tried in the web worker host. Its import gets a module
 * whose functions say so; the PDF reader reports that message on the file.
 */
const noPdfInBrowserPlugin = {
  name: 'no-pdf-in-browser',
  setup(build) {
    build.onResolve({ filter: /^unpdf$/ }, (args) => ({ path: args.path, namespace: 'no-pdf' }));
    build.onLoad({ filter: /.*/, namespace: 'no-pdf' }, () => ({
      contents:
        "const desktopOnly = async () => { throw new Error('PDF sources are read in VS Code on the desktop; this browser build of Sourcebook does not read PDFs.'); };" +
        ' module.exports = { getResolvedPDFJS: desktopOnly, getDocumentProxy: desktopOnly };',
      loader: 'js',
    }));
  },
};

const DIST = path.resolve(__dirname, 'dist');

/**
 * dist/ holds only what the last build wrote. Without this, a library taken off LAZY_CHUNKS would leave its old
 * chunk behind (and a --production build the source maps of the last development build), and every .js file
 * under dist/ goes into the .vsix. Each target reports the files it wrote (esbuild's metafile); once every
 * target has built, any other file under dist/ (dist/web too) is deleted. With --watch the same happens after
 * each rebuild, against each target's latest files; a build with errors deletes nothing.
 */
function staleOutputsPlugin(targetCount) {
  const written = new Map();
  return (target) => ({
    name: 'remove-stale-outputs',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        written.set(target, Object.keys(result.metafile.outputs).map((file) => path.resolve(__dirname, file)));
        if (written.size < targetCount) return;
        removeFilesExcept(DIST, new Set([...written.values()].flat()));
      });
    },
  });
}

function removeFilesExcept(folder, keep) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) removeFilesExcept(file, keep);
    else if (!keep.has(file)) fs.rmSync(file, { force: true });
  }
}

const common = {
  // Paths (entry points, outputs, the metafile's) are read from this folder, wherever the script is run from.
  absWorkingDir: __dirname,
  entryPoints: ['src/extension.ts'],
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  // The sample draft the walkthrough opens is bundled as a string.
  loader: { '.md': 'text' },
  logLevel: 'silent',
  metafile: true,
  plugins: [problemMatcherPlugin, sharedVscodePlugin, noFetchPlugin],
};

const targets = [
  {
    ...common,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    plugins: [...common.plugins, lazyChunksPlugin],
    // `import('./citeproc.js')` is emitted as `Promise.resolve().then(() => require('./citeproc.js'))`: the chunk
    // is loaded by the extension host's own `require`, like the extension.
    supported: { 'dynamic-import': false },
  },
  // The chunks: dist/citeproc.js, dist/compromise.js, dist/unpdf.js and dist/yaml.js, each exporting its library, and
  // dist/citationJs.js and dist/webPage.js.
  {
    ...common,
    entryPoints: { ...Object.fromEntries(LAZY_CHUNKS.map((name) => [name, name])), ...LAZY_LOCAL },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
  },
  // The worker thread that reads the writer's sources for names on the desktop: dist/nameDiscovery.js, started by
  // src/edge/nameReaders.ts from the folder of dist/extension.js. Its `import('compromise')` loads dist/compromise.js,
  // the chunk the host itself loads only if the worker fails.
  {
    ...common,
    entryPoints: { nameDiscovery: 'src/workers/nameDiscovery.ts' },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    plugins: [...common.plugins, lazyChunksPlugin],
    supported: { 'dynamic-import': false },
  },
  // The worker thread that builds the search and quotation indexes on the desktop: dist/indexBuilding.js, started by
  // src/edge/indexBuilders.ts for each build.
  {
    ...common,
    entryPoints: { indexBuilding: 'src/workers/indexBuilding.ts' },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
  },
  // The Web Worker that builds them in the browser: dist/web/indexBuilding.js, started by src/edge/indexBuilders.web.ts.
  {
    ...common,
    entryPoints: { indexBuilding: 'src/workers/indexBuildingInBrowser.ts' },
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: 'dist/web',
    plugins: [...common.plugins, noNodeBuiltinsPlugin, noNodeGlobalsPlugin],
  },
  {
    ...common,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    outfile: 'dist/web/extension.js',
    mainFields: ['browser', 'module', 'main'],
    // Node built-ins and globals must never reach the web bundle: the build fails if one is used.
    plugins: [...common.plugins, noNodeBuiltinsPlugin, noNodeGlobalsPlugin, noPdfInBrowserPlugin, browserTwinsPlugin()],
    define: { global: 'globalThis' },
  },
];

async function main() {
  const staleOutputs = staleOutputsPlugin(targets.length);
  const contexts = await Promise.all(
    targets.map((options, target) => esbuild.context({ ...options, plugins: [...options.plugins, staleOutputs(target)] })),
  );
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
  } else {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

main().catch((error) => {
  // Build errors were printed by the problem matcher; anything else is shown whole.
  if (!Array.isArray(error?.errors)) console.error(error);
  process.exit(1);
});
