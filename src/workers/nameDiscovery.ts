// The worker thread that reads the writer's sources for names on the desktop (started by src/edge/nameReaders.ts;
// bundled as dist/nameDiscovery.js). compromise loads here, not in the extension host: its lexicon takes about
// 200 ms to build and its reading about a second per 30 KB, and none of it holds the editor. The host sends one
// source at a time (`NameRequest`); each is answered in order with its sightings (`NameAnswer`).
import { parentPort } from 'node:worker_threads';
import { loadNlp } from '../core/names/discoverEntities';
import { answerNameRequest } from '../core/names/nameReader';
import { lowerThisThreadsPriority } from '../edge/threadPriority';
import type { NameAnswer, NameRequest, NameWorkerReady } from '../core/names/nameReader';

const port = parentPort;
if (port) {
  // Background work: the host's thread wins a contested core (Linux; see threadPriority.ts).
  lowerThisThreadsPriority();
  const started = Date.now();
  const nlp = loadNlp();
  nlp.then(
    () => port.postMessage({ loadedMs: Date.now() - started } satisfies NameWorkerReady),
    (error: unknown) => port.postMessage({ loadError: error instanceof Error ? error.message : String(error) } satisfies NameWorkerReady),
  );
  // Requests are answered in the order they came: each waits for compromise, then reads in one go (this thread
  // has nothing else to do).
  port.on('message', (request: NameRequest) => {
    nlp.then(
      (loaded) => port.postMessage(answerNameRequest(loaded, request)),
      (error: unknown) => port.postMessage({ id: request.id, error: `compromise could not be loaded: ${error instanceof Error ? error.message : String(error)}` } satisfies NameAnswer),
    );
  });
}
