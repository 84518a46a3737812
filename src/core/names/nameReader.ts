// Who reads the writer's sources for names. compromise builds its lexicon when it loads (about 200 ms in one block)
// and then reads about 30 KB of prose a second, so on the desktop it runs in a worker thread
// (src/edge/nameReaders.ts starts src/workers/nameDiscovery.ts) and the extension host only sends each source's
// paragraphs and receives the names; in the browser it reads on the host's thread, in slices (`InThreadNameReader`).
// Both read with the same function (`namesInSource`), so they find the same names.

import { DEFAULT_MAX_CHARS, loadNlp, namesInSource, namesInSourceInSlices } from './discoverEntities';
import type { NameReadable, Nlp, SourceSightings } from './discoverEntities';

export interface NameReader {
  /** The people and organisations named in each paragraph of `source`, reading it for at most `budgetMs`. */
  read(source: NameReadable, budgetMs: number): Promise<SourceSightings>;
  /** Stops reading: a worker is ended, reads not answered yet are refused. */
  dispose(): void;
}

/** What a reader tells the writer's output channel. */
export interface NameReaderEvents {
  /** compromise was loaded, in a worker thread or on the host's own, in `ms`. */
  loaded?(where: 'worker' | 'host', ms: number): void;
  /** The worker thread failed (told once): names are read on the host's thread, in slices, from then on. */
  failed?(message: string): void;
}

/** Reads on this thread, awaiting `pause` after each stretch of text (the browser, and the desktop's fallback). */
export class InThreadNameReader implements NameReader {
  private nlp: Promise<Nlp> | undefined;

  constructor(
    private readonly pause: () => Promise<void>,
    /** Told once how long compromise took to load here. */
    private readonly loaded?: (ms: number) => void,
    /** Loads compromise (the bench loads the built chunk, as the extension does). */
    private readonly load: () => Promise<Nlp> = loadNlp,
  ) {}

  async read(source: NameReadable, budgetMs: number): Promise<SourceSightings> {
    if (!this.nlp) {
      const started = Date.now();
      this.nlp = this.load();
      void this.nlp.then(() => this.loaded?.(Date.now() - started), () => undefined);
    }
    const nlp = await this.nlp;
    return namesInSourceInSlices(nlp, source, this.pause, { deadline: Date.now() + budgetMs });
  }

  dispose(): void {
    this.nlp = undefined;
  }
}

// ----------------------------------------------------------------------------------------------------------
// The messages between the extension host and the worker thread

/** One source to read: only what `namesInSource` reads of it, cut at the characters it would read at most. */
export interface NameRequest {
  id: number;
  key: string;
  paragraphs: Array<{ number: number; text: string }>;
  /** Paragraphs with text were left out (past `maxChars`): the reading is then truncated, as on the host. */
  cut: boolean;
  budgetMs: number;
  maxChars: number;
}

export type NameAnswer = { id: number; read: SourceSightings } | { id: number; error: string };

/** The worker's first message: compromise is loaded (or could not be). */
export type NameWorkerReady = { loadedMs: number } | { loadError: string };

/**
 * The request for one source: its key and the plain text of the paragraphs compromise would reach (a copy of
 * at most `maxChars` and one paragraph more, so a 5 MB book does not cross the thread boundary whole).
 */
export function nameRequest(id: number, source: NameReadable, budgetMs: number, maxChars = DEFAULT_MAX_CHARS): NameRequest {
  const paragraphs: NameRequest['paragraphs'] = [];
  let chars = 0;
  let cut = false;
  for (const paragraph of source.paragraphs) {
    if (chars >= maxChars) {
      if (paragraph.text.length > 0) {
        cut = true;
        break;
      }
      continue;
    }
    paragraphs.push({ number: paragraph.number, text: paragraph.text });
    chars += paragraph.text.length;
  }
  return { id, key: source.meta.key, paragraphs, cut, budgetMs, maxChars };
}

/** Reads one request (in the worker): what `namesInSource` finds in the source on the host's thread. */
export function answerNameRequest(nlp: Nlp, request: NameRequest, now: () => number = Date.now): NameAnswer {
  try {
    const read = namesInSource(nlp, { meta: { key: request.key }, paragraphs: request.paragraphs }, { maxChars: request.maxChars, deadline: now() + request.budgetMs, now });
    return { id: request.id, read: request.cut && !read.truncated ? { ...read, truncated: true } : read };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
