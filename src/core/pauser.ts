// Long work on the extension host (thousands of sources) gives the host back its turn every few milliseconds,
// so the editor never freezes: call the returned function between units of work and await it.

/**
 * The work done between two turns of the host's event loop, at most: short enough that a slice stretched by a busy
 * machine (a core shared with other work) still keeps the host's longest pause under 50 ms.
 */
export const SLICE_MS = 12;

/** A function that yields (one macrotask) when `sliceMs` of work have passed since the last yield. */
export function pauser(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    sliceStart = Date.now();
  };
}

/**
 * One budget of host time for several long jobs (reading the writer's sources, finding names, building the
 * indexes): each awaits `pause` between units of work; once the slice is spent, the job waits in line and the
 * event loop turns (I/O, timers, the editor's requests) before the next job in line runs one slice. Separate
 * `pauser`s would run their slices back to back in one turn of the loop (timer callbacks due together).
 */
export class SharedPauser {
  private sliceStart = Date.now();
  private readonly waiting: Array<() => void> = [];
  private turnScheduled = false;
  /** When a job last paused: long work under way pauses every few milliseconds. */
  private lastPause = Number.NEGATIVE_INFINITY;

  constructor(private readonly sliceMs: number) {}

  /** Awaited between units of work: resolves at once while the slice lasts, else in a later turn of the loop. */
  readonly pause = (): Promise<void> => {
    this.lastPause = Date.now();
    if (Date.now() - this.sliceStart < this.sliceMs) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.scheduleTurn();
    });
  };

  /**
   * Resolves once no job has paused for `quietMs` (checked every `quietMs`): for optional work that would hold the
   * host in one block (building a citation engine ahead of the first citation), done when the long jobs are over.
   */
  whenQuiet(quietMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.waiting.length === 0 && Date.now() - this.lastPause >= quietMs) resolve();
        else setTimeout(check, quietMs);
      };
      check();
    });
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    nextTurn(() => {
      this.turnScheduled = false;
      this.sliceStart = Date.now();
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.scheduleTurn();
    });
  }
}

/** Runs `callback` in a later turn of the event loop, after pending I/O (setImmediate where there is one). */
function nextTurn(callback: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate) immediate(callback);
  else setTimeout(callback, 0);
}

/**
 * Work written once for both ways of running it: a generator that yields between units of work and returns its
 * result. `runSteps` runs it in one go; `runStepsInSlices` awaits `pause` at each yield, so the same code gives the
 * same result either way.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end in one go. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs `steps` to the end, awaiting `pause` at each yield. */
export async function runStepsInSlices<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Counts units of work; `due()` is true every `every` units: where a generator yields without yielding per unit. */
export function stepCounter(every = 4): { due: () => boolean } {
  let count = 0;
  return { due: () => ++count % every === 0 };
}
