// What held the extension host during its longest pauses: a CPU profile of this process (the extension host: the
// integration tests run in it), taken with the inspector from inside, and for each long pause the functions the
// profile's samples fell in while it lasted. Opt-in (SOURCEBOOK_HOST_CPU_PROFILE=1): sampling costs the host a
// little time of its own, so the figures of a run without it are the ones to quote.
import * as fs from 'node:fs';
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A pause of the event loop, from `start` to `end` (performance.now() milliseconds). */
export interface Pause {
  start: number;
  end: number;
  label: string;
}

/** A started profile: `stop` ends it, writes it to `file`, and tells what ran in each pause. */
export interface HostProfile {
  stop(pauses: readonly Pause[], file: string): Promise<string[]>;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Starts sampling the host every `intervalUs` microseconds. */
export async function startHostProfile(intervalUs = 500): Promise<HostProfile> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: intervalUs });
  // The profile's clock (microseconds) against performance.now(): its start is when Profiler.start is called (the
  // call itself then holds the thread a while, logging the code already compiled).
  const startedAt = performance.now();
  await post(session, 'Profiler.start');
  return {
    async stop(pauses, file) {
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      session.disconnect();
      fs.writeFileSync(file, JSON.stringify(profile));
      return pauses.map((pause) => `${pause.label} at ${((pause.start - startedAt) / 1000).toFixed(2)} s: ${attribute(profile, startedAt, pause)}`);
    },
  };
}

/** Where the host's time went between `pause.start` and `pause.end`: the heaviest frames of ours, and the collector. */
function attribute(profile: Profile, startedAt: number, pause: Pause): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const weights = new Map<string, number>();
  let time = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const at = startedAt + (time - profile.startTime) / 1000;
    if (at < pause.start || at > pause.end) continue;
    const node = byId.get(profile.samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total++;
    const name = describe(node, byId, parent);
    weights.set(name, (weights.get(name) ?? 0) + 1);
  }
  if (total === 0) return 'no samples (the host was waiting for a core)';
  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, count]) => `${name} ${Math.round((100 * count) / total)}%`)
    .join(', ');
}

/**
 * A sample as a short name: the collector, or the innermost frame of Sourcebook's own code (dist/*.js) with the
 * frame it was in when that is a library's (citeproc, compromise, …), else the innermost frame.
 */
function describe(node: ProfileNode, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  const frame = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  const { functionName } = node.callFrame;
  if (functionName === '(garbage collector)' || functionName === '(program)') return functionName;
  for (let current: ProfileNode | undefined = node; current; current = byId.get(parent.get(current.id) ?? -1)) {
    if (/\/dist\/[^/]+\.js$/.test(current.callFrame.url)) return current === node ? frame(current) : `${frame(current)} → ${frame(node)}`;
  }
  return frame(node);
}
