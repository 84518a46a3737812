// The desktop's name reader: compromise runs in a worker thread (dist/nameDiscovery.js, beside dist/extension.js),
// started when there is a first source to read and ended with the extension. The host sends each source's
// paragraphs and gets its sightings back; it never loads compromise itself. If the worker cannot start, crashes or
// answers with an error, that is told once, and names are read on the host's thread in slices from then on, so
// discovery goes on (the reads waiting for the worker are read there too). The browser build uses
// nameReaders.web.ts instead (see esbuild.js).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InThreadNameReader, nameRequest } from '../core/names/nameReader';
import type { NameAnswer, NameReader, NameReaderEvents, NameWorkerReady } from '../core/names/nameReader';
import type { NameReadable, SourceSightings } from '../core/names/discoverEntities';

/** The worker's file in the built extension: dist/nameDiscovery.js, next to dist/extension.js (this bundle). */
export const NAME_WORKER_FILE = path.join(__dirname, 'nameDiscovery.js');

/** Reads names in a worker thread; on the host's thread, awaiting `pause` between stretches, if the worker fails. */
export function nameReader(pause: () => Promise<void>, events: NameReaderEvents = {}): NameReader {
  return new WorkerNameReader(() => new Worker(NAME_WORKER_FILE), () => new InThreadNameReader(pause, (ms) => events.loaded?.('host', ms)), events);
}

interface Waiting {
  source: NameReadable;
  budgetMs: number;
  resolve: (read: SourceSightings) => void;
  reject: (error: unknown) => void;
}

export class WorkerNameReader implements NameReader {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private lastId = 0;
  private fallback: NameReader | undefined;
  private failed = false;
  private disposed = false;

  constructor(
    /** Starts the worker thread (the built dist/nameDiscovery.js; tests start the TypeScript entry). */
    private readonly start: () => Worker,
    /** The reader used once the worker has failed. */
    private readonly inThread: () => NameReader,
    private readonly events: NameReaderEvents = {},
  ) {}

  read(source: NameReadable, budgetMs: number): Promise<SourceSightings> {
    if (this.disposed) return Promise.reject(new Error('Names are no longer read: the reader was disposed.'));
    if (this.failed) return this.fallbackReader().read(source, budgetMs);
    let worker: Worker;
    try {
      worker = this.worker ??= this.started();
    } catch (error) {
      this.fail(error);
      return this.fallbackReader().read(source, budgetMs);
    }
    const id = ++this.lastId;
    return new Promise<SourceSightings>((resolve, reject) => {
      this.waiting.set(id, { source, budgetMs, resolve, reject });
      worker.ref(); // a read is waiting: the worker keeps the process alive until it answers
      try {
        worker.postMessage(nameRequest(id, source, budgetMs));
      } catch (error) {
        this.fail(error);
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const item of waiting) item.reject(new Error('Names are no longer read: the reader was disposed.'));
    this.fallback?.dispose();
  }

  private started(): Worker {
    const worker = this.start();
    worker.unref();
    worker.on('message', (message: NameAnswer | NameWorkerReady) => this.received(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('messageerror', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`the worker thread stopped (exit code ${code})`));
    });
    return worker;
  }

  private received(message: NameAnswer | NameWorkerReady): void {
    if ('loadedMs' in message) return this.events.loaded?.('worker', message.loadedMs);
    if ('loadError' in message) return this.fail(new Error(`compromise could not be loaded: ${message.loadError}`));
    const item = this.waiting.get(message.id);
    if (!item) return;
    if ('error' in message) return this.fail(new Error(message.error));
    this.waiting.delete(message.id);
    if (this.waiting.size === 0) this.worker?.unref();
    item.resolve(message.read);
  }

  /** Tells the failure once, ends the worker, and reads what was waiting (and all that follows) on this thread. */
  private fail(error: unknown): void {
    if (this.failed || this.disposed) return;
    this.failed = true;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.events.failed?.(error instanceof Error ? error.message : String(error));
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const item of waiting) this.fallbackReader().read(item.source, item.budgetMs).then(item.resolve, item.reject);
  }

  private fallbackReader(): NameReader {
    this.fallback ??= this.inThread();
    return this.fallback;
  }
}
