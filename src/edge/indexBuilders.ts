// The desktop's index builder: the search and quotation indexes are built in a worker thread (dist/indexBuilding.js,
// beside dist/extension.js), at the lowest priority, ended once it has answered; the host's side of a build is
// core/search/threadIndexBuilder.ts. The browser build uses indexBuilders.web.ts instead (see
// scripts/browserTwins.js): a Web Worker.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ThreadIndexBuilder } from '../core/search/threadIndexBuilder';
import type { BuilderThread, IndexBuilderEvents } from '../core/search/threadIndexBuilder';
import type { IndexBuildAnswer, IndexBuilder } from '../core/search/indexBuilding';

/** The worker's file in the built extension: dist/indexBuilding.js, next to dist/extension.js (this bundle). */
export const INDEX_WORKER_FILE = path.join(__dirname, 'indexBuilding.js');

/**
 * Builds the indexes in worker threads. (`extensionUri` is the browser twin's, which reads its script from there; the
 * desktop's is beside this bundle.)
 */
export function indexBuilder(events: IndexBuilderEvents = {}, _extensionUri?: unknown): IndexBuilder | undefined {
  return new WorkerIndexBuilder(() => new Worker(INDEX_WORKER_FILE), events);
}

/** The desktop's builder: each build in a worker thread that `start` starts (tests start the TypeScript entry). */
export class WorkerIndexBuilder extends ThreadIndexBuilder {
  constructor(start: () => Worker, events: IndexBuilderEvents = {}, silenceMs?: number) {
    super(() => workerThread(start()), events, silenceMs);
  }
}

/** A worker thread as a `BuilderThread`. */
function workerThread(worker: Worker): BuilderThread {
  return {
    post: (request) => worker.postMessage(request),
    listen(answer, failed) {
      worker.on('message', (message: IndexBuildAnswer) => answer(message));
      worker.on('error', failed);
      worker.on('messageerror', failed);
      worker.on('exit', (code) => failed(new Error(`the worker thread stopped (exit code ${code})`)));
    },
    end: () => void worker.terminate(),
  };
}
