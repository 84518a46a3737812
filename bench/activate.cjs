// Run in a fresh process by bench/run.ts: loads the built bundle (dist/extension.js) and calls activate() with a
// minimal fake of the `vscode` module, timing both. The fake answers any property with another fake that can be
// called or constructed, so registrations cost what the extension's own code costs and nothing of VS Code's.
// This measures the extension's own work only; the real extension host's cost is measured by the e2e perf test.
const Module = require('node:module');
const path = require('node:path');

function fake(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_target, property) {
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.toPrimitive) return () => '';
      if (property === Symbol.iterator) return function* () {};
      if (property === 'length') return 0;
      return fake(`${name}.${String(property)}`);
    },
    set: () => true, // a property the extension sets (a status bar item's `name`) is accepted and forgotten
    apply: () => fake(`${name}()`),
    construct: () => fake(`new ${name}`),
  });
}

// The module's names (classes, namespaces, enums), read from @types/vscode: esbuild's ESM interop copies them.
const declarations = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const vscode = {};
for (const match of declarations.matchAll(/^\texport (?:class|namespace|enum|const|let|function) (\w+)/gm)) {
  vscode[match[1]] = fake(`vscode.${match[1]}`);
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

// The bundle to load: dist/extension.js unless another path is given (to compare two builds).
const bundle = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'extension.js'));
const subscriptions = [];
const context = new Proxy(
  { subscriptions, extensionUri: fake('extensionUri'), extensionPath: path.resolve(__dirname, '..') },
  { get: (target, property) => (property in target ? target[property] : fake(`context.${String(property)}`)) },
);

const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const wall = () => Number(process.hrtime.bigint()) / 1e6;
const w0 = wall();
const c0 = cpu();
const extension = require(bundle);
const w1 = wall();
const c1 = cpu();
extension.activate(context);
const w2 = wall();
const c2 = cpu();
console.log(
  JSON.stringify({
    requireWallMs: w1 - w0,
    requireCpuMs: c1 - c0,
    activateWallMs: w2 - w1,
    activateCpuMs: c2 - c1,
    subscriptions: subscriptions.length,
    // The files of dist/ loaded by then: only the bundle itself, the chunks being for later (esbuild.js).
    loaded: Object.keys(require.cache)
      .filter((file) => path.dirname(file) === path.dirname(bundle))
      .map((file) => path.basename(file)),
  }),
);
