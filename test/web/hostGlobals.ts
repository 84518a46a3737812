// What the extension host's global scope looks like, read before mocha (whose browser build brings its own
// shims) is loaded: the web test checks it to prove the suite ran in a web worker with no Node.
const scope = globalThis as Record<string, unknown>;

export const hostGlobals = {
  process: typeof scope.process,
  Buffer: typeof scope.Buffer,
  setImmediate: typeof scope.setImmediate,
  navigator: typeof scope.navigator,
  importScripts: typeof scope.importScripts,
  WorkerGlobalScope: typeof scope.WorkerGlobalScope,
  document: typeof scope.document,
};
