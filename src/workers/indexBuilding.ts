// The worker thread that builds a search or quotation index on the desktop (started by src/edge/indexBuilders.ts for
// one build; bundled as dist/indexBuilding.js). The host sends the sources' texts, then which index to build; this
// thread builds it and answers with its parts (core/search/indexBuilding.ts), and is then ended.
import { parentPort } from 'node:worker_threads';
import { IndexBuildJob } from '../core/search/indexBuilding';
import type { IndexBuildRequest } from '../core/search/indexBuilding';
import { lowerThisThreadsPriority } from '../edge/threadPriority';

const port = parentPort;
if (port) {
  // Background work: the host's thread wins a contested core (Linux; see threadPriority.ts).
  lowerThisThreadsPriority();
  const job = new IndexBuildJob((answer, move) => port.postMessage(answer, move));
  port.on('message', (request: IndexBuildRequest) => job.receive(request));
}
