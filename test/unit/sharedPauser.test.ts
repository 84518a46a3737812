// The host's one budget for long jobs (core/pauser.ts): optional work that holds the host in one block waits until
// the long jobs are quiet.
import * as assert from 'node:assert/strict';
import { SharedPauser } from '../../src/core/pauser';

describe('The shared budget of host time', () => {
  it('tells optional work to wait until no long job has paused for a while', async () => {
    const slices = new SharedPauser(1);
    const events: string[] = [];
    const job = (async () => {
      for (let unit = 0; unit < 30; unit++) {
        const end = Date.now() + 2;
        while (Date.now() < end) {
          // a unit of work
        }
        await slices.pause();
      }
      events.push('job done');
    })();
    const quiet = slices.whenQuiet(300).then(() => events.push('quiet'));
    await Promise.all([job, quiet]);
    assert.deepEqual(events, ['job done', 'quiet']);
  });

  it('is quiet at once when no job ever paused', async () => {
    const slices = new SharedPauser(12);
    let resolved = false;
    void slices.whenQuiet(60_000).then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(resolved, true);
  });
});
