// The name worker reads compromise's way through every source for as long as the library takes (minutes at 150 MB),
// one core's worth; the extension host's thread wakes for a keystroke, a slice of indexing or a timer and must get a
// core at once. On Linux a nice value belongs to a thread (setpriority(PRIO_PROCESS, 0) sets the calling thread's),
// so the worker lowers its own: it still has any core that is free, and yields one the host wants. On macOS and
// Windows the same call would lower the whole extension host, so there it is left alone.
import * as os from 'node:os';

/** Lowers the calling thread's priority to the lowest where that is the thread's own (Linux). */
export function lowerThisThreadsPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW);
  } catch {
    // a sandbox that forbids it: the worker runs at the host's priority, as before
  }
}
