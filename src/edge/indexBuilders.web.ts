// The browser build's index builder (see scripts/browserTwins.js): each build in a Web Worker running
// dist/web/indexBuilding.js (src/workers/indexBuildingInBrowser.ts), ended once it has answered; the host's side of a
// build is core/search/threadIndexBuilder.ts, as on the desktop. The extension host in the browser is itself a Web
// Worker, and its extension's files may live on another origin (vscode.dev's CDN, a remote's server): the script is
// read through `vscode.workspace.fs` and started from a blob: URL of this origin, which VS Code lets a web extension
// start. Where there is no Worker, or the script cannot be read or started, the builder's failure is told once and the
// indexes are built on the host's thread in slices.
import * as vscode from 'vscode';
import { ThreadIndexBuilder } from '../core/search/threadIndexBuilder';
import type { BuilderThread, IndexBuilderEvents } from '../core/search/threadIndexBuilder';
import type { IndexBuildAnswer, IndexBuildRequest, IndexBuilder } from '../core/search/indexBuilding';

/** The worker's script in the built extension. */
export const INDEX_WORKER_SCRIPT = 'dist/web/indexBuilding.js';

/** What this file uses of a Web Worker (the project's types are Node's). */
interface WebWorker {
  postMessage(message: IndexBuildRequest): void;
  onmessage: ((event: { data: IndexBuildAnswer }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror: (() => void) | null;
  terminate(): void;
}

type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;

/**
 * Builds the indexes in Web Workers running the script under `extensionUri`; undefined without one or where the
 * host has no Worker (the indexes are then built on the host's thread, in slices).
 */
export function indexBuilder(events: IndexBuilderEvents = {}, extensionUri?: vscode.Uri): IndexBuilder | undefined {
  const Worker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (!extensionUri || !Worker) return undefined;
  let script: Promise<string> | undefined;
  // Read once, on the first build: a session that never searches never reads it.
  const scriptUrl = () => (script ??= workerScriptUrl(vscode.Uri.joinPath(extensionUri, INDEX_WORKER_SCRIPT)));
  return new ThreadIndexBuilder(() => webWorkerThread(Worker, scriptUrl()), events);
}

/** A blob: URL of the script at `uri`, read through VS Code's file system (whatever the scheme). */
async function workerScriptUrl(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
}

/** A Web Worker as a `BuilderThread`, started once `url` is known; requests posted before then wait for it. */
function webWorkerThread(Worker: WebWorkerConstructor, url: Promise<string>): BuilderThread {
  let worker: WebWorker | undefined;
  let ended = false;
  const waiting: IndexBuildRequest[] = [];
  let answered: (answer: IndexBuildAnswer) => void = () => {};
  let failed: (error: unknown) => void = () => {};
  url.then(
    (started) => {
      if (ended) return;
      try {
        worker = new Worker(started, { name: 'Sourcebook index builder' });
      } catch (error) {
        failed(error);
        return;
      }
      worker.onmessage = (event) => answered(event.data);
      worker.onerror = (event) => {
        event.preventDefault?.();
        failed(new Error(event.message || 'the Web Worker could not run'));
      };
      worker.onmessageerror = () => failed(new Error('a message from the Web Worker could not be read'));
      for (const request of waiting.splice(0)) worker.postMessage(request);
    },
    (error: unknown) => failed(new Error(`its script could not be read (${error instanceof Error ? error.message : String(error)})`)),
  );
  return {
    post: (request) => (worker ? worker.postMessage(request) : waiting.push(request)),
    listen(answer, fail) {
      answered = answer;
      failed = fail;
    },
    end() {
      ended = true;
      waiting.length = 0;
      worker?.terminate();
    },
  };
}
