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
  /**
   * For each known cause of long blocks (citeproc-js, compromise, the garbage collector, …), the longest of
   * `pauses` in which it took at least a quarter of the samples. Call after `stop`.
   */
  causes(pauses: readonly Pause[]): Record<string, string>;
  /**
   * How long the host's own thread ran (its non-idle samples) in each of `pauses`, longest first: the process's CPU
   * time also counts its worker threads (name discovery) and the collector's helpers, this counts the thread that
   * answers the editor; with what ran in each. Call after `stop`.
   */
  busiest(pauses: readonly Pause[], count: number): Array<{ label: string; busyMs: number; attribution: string }>;
}

/** Known causes of long blocks, by the frames of a sample (innermost first). */
const CAUSES: Record<string, (frames: ReadonlyArray<ProfileNode['callFrame']>) => boolean> = {
  'citeproc-js (citation engine)': (frames) => frames.some((frame) => /\/citeproc\.js$/.test(frame.url)),
  'compromise (name discovery)': (frames) => frames.some((frame) => /\/compromise\.js$/.test(frame.url)),
  'garbage collector': (frames) => frames[0]?.functionName === '(garbage collector)',
  'author entities': (frames) => frames.some((frame) => /composeSteps|authorsOf/.test(frame.functionName)),
  'bibliography files (citation-js)': (frames) => frames.some((frame) => /\/citationJs\.js$/.test(frame.url)),
  'PDF reading (pdf.js)': (frames) => frames.some((frame) => /\/unpdf\.js$/.test(frame.url)),
  'index snapshot': (frames) => frames.some((frame) => /snapshotIndexes|restoreIndexes/.test(frame.functionName)),
};

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
  let stopped: Profile | undefined;
  return {
    async stop(pauses, file) {
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      stopped = profile;
      session.disconnect();
      fs.writeFileSync(file, JSON.stringify(profile));
      return pauses.map((pause) => `${pause.label} at ${((pause.start - startedAt) / 1000).toFixed(2)} s, thread busy ${Math.round(busyIn(profile, startedAt, pause, intervalUs))} ms: ${attribute(profile, startedAt, pause)}`);
    },
    busiest(pauses, count) {
      if (!stopped) return [];
      const profile = stopped;
      return pauses
        .map((pause) => ({ pause, label: `${pause.label} at ${((pause.start - startedAt) / 1000).toFixed(2)} s`, busyMs: Math.round(busyIn(profile, startedAt, pause, intervalUs)) }))
        .sort((a, b) => b.busyMs - a.busyMs)
        .slice(0, count)
        .map(({ pause, label, busyMs }) => ({ label, busyMs, attribution: attribute(profile, startedAt, pause) }));
    },
    causes(pauses) {
      if (!stopped) return {};
      const samples = framesOf(stopped, startedAt);
      const found: Record<string, string> = {};
      for (const [cause, matches] of Object.entries(CAUSES)) {
        let longest: { pause: Pause; share: number } | undefined;
        for (const pause of pauses) {
          if (longest && pause.end - pause.start <= longest.pause.end - longest.pause.start) continue;
          const inside = samples.filter((sample) => sample.at >= pause.start && sample.at <= pause.end);
          const share = inside.filter((sample) => matches(sample.frames)).length / Math.max(1, inside.length);
          if (share >= 0.25) longest = { pause, share };
        }
        found[cause] = longest ? `${longest.pause.label} at ${((longest.pause.start - startedAt) / 1000).toFixed(2)} s, ${Math.round(100 * longest.share)}% of its samples` : 'in no pause over 16 ms';
      }
      return found;
    },
  };
}

/** Each sample's time (performance.now() milliseconds) and frames, innermost first; idle samples left out. */
function framesOf(profile: Profile, startedAt: number): Array<{ at: number; frames: Array<ProfileNode['callFrame']> }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples: Array<{ at: number; frames: Array<ProfileNode['callFrame']> }> = [];
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const frames: Array<ProfileNode['callFrame']> = [];
    for (let node = byId.get(profile.samples[i]); node; node = byId.get(parent.get(node.id) ?? -1)) frames.push(node.callFrame);
    if (frames[0]?.functionName === '(idle)') continue;
    samples.push({ at: startedAt + (time - profile.startTime) / 1000, frames });
  }
  return samples;
}

/** The milliseconds of the profile's non-idle samples between `pause.start` and `pause.end`: the thread running. */
function busyIn(profile: Profile, startedAt: number, pause: Pause, intervalUs: number): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let time = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const at = startedAt + (time - profile.startTime) / 1000;
    if (at < pause.start || at > pause.end) continue;
    // A sample stands for the time since the one before, up to twice the interval: a longer gap is the thread not
    // running at all (waiting for a core: the signal that takes a sample waits with it), not work.
    if (byId.get(profile.samples[i])?.callFrame.functionName !== '(idle)') busy += Math.min(profile.timeDeltas[i], 2 * intervalUs) / 1000;
  }
  return busy;
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
  const frame = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-3).join('/')}:${n.callFrame.lineNumber + 1}`;
  const { functionName } = node.callFrame;
  if (functionName === '(garbage collector)' || functionName === '(program)') return functionName;
  for (let current: ProfileNode | undefined = node; current; current = byId.get(parent.get(current.id) ?? -1)) {
    if (/\/dist\/[^/]+\.js$/.test(current.callFrame.url)) return current === node ? frame(current) : `${frame(current)} → ${frame(node)}`;
  }
  return frame(node);
}
