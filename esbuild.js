// Builds the extension: dist/extension.js for the desktop (Node) extension host and
// dist/web/extension.js for the browser (web worker) host, from the same source.
// Usage: node esbuild.js [--production] [--watch]
const { builtinModules } = require('node:module');
const esbuild = require('esbuild');

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

const common = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  // The sample draft the walkthrough opens is bundled as a string.
  loader: { '.md': 'text' },
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
};

const targets = [
  { ...common, format: 'cjs', platform: 'node', target: 'node20', outfile: 'dist/extension.js' },
  {
    ...common,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    outfile: 'dist/web/extension.js',
    mainFields: ['browser', 'module', 'main'],
    // Node built-ins and globals must never reach the web bundle: the build fails if one is used.
    plugins: [...common.plugins, noNodeBuiltinsPlugin, noNodeGlobalsPlugin],
    define: { global: 'globalThis' },
  },
];

async function main() {
  const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
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
