// Index builds in another thread, whichever the platform has (core/search/indexBuilding.ts says what passes between
// them): the host sends the sources' texts a batch per slice — once for both indexes when the second is asked for
// over the same sources while the first is built — and each index's parts are gathered as the thread answers. A
// thread that cannot start, fails, answers an error or parts that do not hold together, or falls silent, is told once
// and every index is built on the host's thread in slices from then on. The threads themselves are the edge's: a
// worker thread on the desktop (src/edge/indexBuilders.ts), a Web Worker in the browser (indexBuilders.web.ts).
import { BuiltParts, textBatches } from './indexBuilding';
import type { BuiltIndex, IndexBuildAnswer, IndexBuildRequest, IndexBuilder } from './indexBuilding';
import type { PassageIndexParts } from './passageSearch';
import type { SourceWordParts } from '../quotations/sourceWordIndex';
import type { Source } from '../types';

/** A thread that builds indexes, as the host sees it. */
export interface BuilderThread {
  /** Sends a request (copied to the thread). */
  post(request: IndexBuildRequest): void;
  /** Hears the thread's answers, and its failure: an error, a message it could not read, its end. */
  listen(answer: (answer: IndexBuildAnswer) => void, failed: (error: unknown) => void): void;
  /** Ends the thread. */
  end(): void;
}

export interface IndexBuilderEvents {
  /** Told once, when a thread failed: the indexes are built on the host's thread from then on. */
  failed?: (message: string) => void;
}

export class ThreadIndexBuilder implements IndexBuilder {
  private failed = false;
  /** The worker building over the sources last sent, while it has builds to answer: a second index asked over the same sources joins it. */
  private job: BuildJob | undefined;

  constructor(
    /** Starts a thread that builds (a worker thread on the desktop, a Web Worker in the browser). */
    private readonly start: () => BuilderThread,
    private readonly events: IndexBuilderEvents = {},
    /** How long a worker may stay silent while a build waits before it is taken for stuck. */
    private readonly silenceMs = SILENCE_MS,
  ) {}

  async passageParts(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<PassageIndexParts | undefined> {
    const built = await this.build('search', sources, pause, progress);
    return this.heldTogether(built, await built?.passages(pause));
  }

  async wordParts(sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<SourceWordParts | undefined> {
    const built = await this.build('quotations', sources, pause, progress);
    return this.heldTogether(built, await built?.quotations(pause));
  }

  /** The parts of a `built` index; parts that do not hold together fail the builder, as an error would. */
  private heldTogether<T>(built: BuiltParts | undefined, parts: T | undefined): T | undefined {
    if (built && parts === undefined) this.fail(new Error('the index it built did not hold together'));
    return parts;
  }

  private build(index: BuiltIndex, sources: readonly Source[], pause: () => Promise<void>, progress: (done: number) => void): Promise<BuiltParts | undefined> {
    if (this.failed) return Promise.resolve(undefined);
    if (this.job?.takes(index, sources)) return this.job.build(index, progress);
    let thread: BuilderThread;
    try {
      thread = this.start();
    } catch (error) {
      this.fail(error);
      return Promise.resolve(undefined);
    }
    const job = new BuildJob(thread, sources, pause, this.silenceMs, (error) => {
      if (this.job === job) this.job = undefined;
      if (error !== undefined) this.fail(error);
    });
    this.job = job;
    return job.build(index, progress);
  }

  /** Tells the failure once; every build from then on is the host's. */
  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.events.failed?.(error instanceof Error ? error.message : String(error));
  }
}

/**
 * How long a worker may stay silent while a build waits: it tells its progress at every 1 % of the sources, so a
 * worker silent this long is stuck, and the index is built on the host.
 */
const SILENCE_MS = 120_000;

interface Waiting {
  parts: BuiltParts;
  progress: (done: number) => void;
  resolve: (parts: BuiltParts | undefined) => void;
}

/**
 * One worker: the sources' texts sent once, a batch per slice, then each index asked for over them, answered in turn;
 * ended when no build is left to answer, or at the first failure (every build waiting then answers undefined).
 */
class BuildJob {
  private readonly waiting = new Map<BuiltIndex, Waiting>();
  private readonly sent: Promise<void>;
  private ended = false;
  private silence: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly thread: BuilderThread,
    private readonly sources: readonly Source[],
    pause: () => Promise<void>,
    private readonly silenceMs: number,
    private readonly onEnd: (error?: unknown) => void,
  ) {
    thread.listen(
      (answer) => this.received(answer),
      (error) => this.end(error),
    );
    this.sent = this.send(pause);
    this.sent.catch((error: unknown) => this.end(error));
  }

  /** Whether `index` over `sources` (the same sources, in the same order) can be built by this job. */
  takes(index: BuiltIndex, sources: readonly Source[]): boolean {
    return !this.ended && !this.waiting.has(index) && sources.length === this.sources.length && sources.every((source, i) => source === this.sources[i]);
  }

  build(index: BuiltIndex, progress: (done: number) => void): Promise<BuiltParts | undefined> {
    return new Promise((resolve) => {
      this.waiting.set(index, { parts: new BuiltParts(), progress, resolve });
      void this.sent.then(() => {
        if (this.ended) return;
        this.thread.post({ build: index });
        this.heard();
      });
    });
  }

  /** The sources' texts, a batch per slice. */
  private async send(pause: () => Promise<void>): Promise<void> {
    for (const batch of textBatches(this.sources)) {
      if (this.ended) return;
      this.thread.post({ sources: batch });
      await pause();
    }
  }

  private received(answer: IndexBuildAnswer): void {
    this.heard();
    if ('error' in answer) return this.end(new Error(answer.error));
    const waiting = this.waiting.get(answer.index);
    if (!waiting) return;
    if ('done' in answer) return waiting.progress(answer.done);
    waiting.parts.add(answer);
    if (!waiting.parts.complete) return;
    this.waiting.delete(answer.index);
    waiting.resolve(waiting.parts);
    if (this.waiting.size === 0) this.end();
  }

  /** The worker answered (or was asked to build): it has `silenceMs` to answer again while a build waits. */
  private heard(): void {
    clearTimeout(this.silence);
    if (this.ended || this.waiting.size === 0) return;
    this.silence = setTimeout(() => this.end(new Error(`it did not answer for ${this.silenceMs / 1000} s`)), this.silenceMs);
    this.silence.unref?.();
  }

  /** Ends the thread; what is still waiting answers undefined (built on the host). */
  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.silence);
    this.thread.end();
    for (const waiting of this.waiting.values()) waiting.resolve(undefined);
    this.waiting.clear();
    this.onEnd(error);
  }
}
