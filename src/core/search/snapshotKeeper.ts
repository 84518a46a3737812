// When the indexes' snapshot (indexSnapshot.ts) is written: once the indexes are built, and after the library
// changes, when it has been quiet for a while (a writer saving a source file ten times a minute causes one write, not
// ten). Taking a snapshot of a 150 MB library costs about 1 s of CPU in slices (its longest turn 21–47 ms in the bench)
// and writes about 300 MB, so it is never done per keystroke. Reading it back at a start is `openFromStore`, then the opened snapshot's `knownFiles` and `restore`.
import { OpenedSnapshot } from './indexSnapshot';
import type { IndexSnapshotStore, LibrarySource, RestoredIndexes } from './indexSnapshot';

export interface SnapshotKeeperOptions {
  /** Quiet time after the last change before the snapshot is written (default 30 s). */
  delayMs?: number;
  /** Timers (the tests' own clock; default the global ones). */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

const noPause = async (): Promise<void> => {};

/** The indexes restored from the store's snapshot for `library`, or undefined (none kept, or refused): build them. */
export async function restoreFromStore(store: IndexSnapshotStore, library: readonly LibrarySource[], pause: () => Promise<void> = noPause): Promise<RestoredIndexes | undefined> {
  return (await openFromStore(store, pause))?.restore(library, pause);
}

/**
 * The store's snapshot, its checksum checked a run at a time (awaiting `pause` between runs), or undefined (none
 * kept, or refused). Read a range at a time when the store can (its posting lists then in buffers of their own).
 */
export async function openFromStore(store: IndexSnapshotStore, pause: () => Promise<void> = noPause): Promise<OpenedSnapshot | undefined> {
  const reader = await store.reader?.().catch(() => undefined);
  if (reader) {
    try {
      return await OpenedSnapshot.readInSlices(reader, pause);
    } catch {
      return undefined;
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
  const bytes = await store.get();
  return bytes ? OpenedSnapshot.openInSlices(bytes, pause) : undefined;
}

export class SnapshotKeeper {
  private timer: unknown;
  private writing: Promise<void> = Promise.resolve();
  private readonly delayMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  /**
   * `take` gives the snapshot of the indexes as they are, or undefined when there is none to take (the indexes are
   * not built, or not in step with the library: `snapshotIndexes` says so).
   */
  constructor(
    private readonly store: IndexSnapshotStore,
    private readonly take: () => Uint8Array | undefined | Promise<Uint8Array | undefined>,
    options: SnapshotKeeperOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 30_000;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** The library or its indexes changed: the snapshot is written once it has been quiet for the delay. */
  changed(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
  }

  /** Writes the snapshot now (after any write under way), when there is one to take. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      const bytes = await this.take();
      if (bytes) await this.store.set(bytes);
    });
    return this.writing;
  }

  /** No snapshot is written after this (one under way finishes). */
  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
