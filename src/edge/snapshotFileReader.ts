// The desktop's reader of the index snapshot's file (src/edge/indexSnapshotStore.ts): a range at a time, through one
// file handle (a snapshot written meanwhile is renamed over the file: the handle still reads the one opened), each
// range into a buffer of its own, so the restored posting lists keep theirs and not the whole file
// (core/search/indexSnapshot.ts, `OpenedSnapshot.readInSlices`). Each buffer is a SharedArrayBuffer: V8 counts an
// ArrayBuffer as its heap's external memory, and the ~300 MB of a 150 MB library's snapshot read in made it run full
// collections on the host's thread (3–4 major ones, up to 32 ms, in a restart's restore: bench/restoreCollections.ts);
// a shared one is counted to no isolate (0–1, ≤ 11 ms), and nothing else holds it. The browser build uses
// snapshotFileReader.web.ts (esbuild.js puts it in its place): it reads the snapshot whole.
import { open } from 'node:fs/promises';
import type { SnapshotReader } from '../core/search/indexSnapshot';

/** The file at `fsPath` to read a range at a time, or undefined when it cannot be opened (none kept). */
export async function openSnapshotFile(fsPath: string): Promise<SnapshotReader | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(fsPath, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset: number, length: number): Promise<Uint8Array> {
        const bytes = new Uint8Array(new SharedArrayBuffer(length));
        for (let done = 0; done < length; ) {
          const { bytesRead } = await handle.read(bytes, done, length - done, offset + done);
          if (bytesRead === 0) throw new Error(`The index snapshot ends at ${offset + done} bytes, not ${size}.`);
          done += bytesRead;
        }
        return bytes;
      },
      close: () => handle.close(),
    };
  } catch {
    await handle.close().catch(() => undefined);
    return undefined;
  }
}
