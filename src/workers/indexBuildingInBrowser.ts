// The Web Worker that builds a search or quotation index in the browser (vscode.dev): bundled as
// dist/web/indexBuilding.js, started by src/edge/indexBuilders.web.ts for one build, as the desktop's worker thread
// (indexBuilding.ts). A browser offers no thread priority to lower.
import { IndexBuildJob } from '../core/search/indexBuilding';
import type { IndexBuildAnswer, IndexBuildRequest } from '../core/search/indexBuilding';

/** What this file uses of a dedicated worker's global scope (the project's types are Node's). */
interface WorkerScope {
  postMessage(message: IndexBuildAnswer, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: IndexBuildRequest }) => void) | null;
  crossOriginIsolated?: boolean;
}

const scope = globalThis as unknown as WorkerScope;
// Memory is shared with the host only where the page is cross-origin isolated (SharedArrayBuffer may not be posted otherwise).
const job = new IndexBuildJob((answer, move) => scope.postMessage(answer, move ?? []), scope.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function');
scope.onmessage = (event) => job.receive(event.data);
