// Timing helpers: per-call samples in milliseconds and their percentiles.
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Milliseconds since an arbitrary origin, with sub-microsecond resolution. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CPU time used by this process so far (user + system, all its threads), in milliseconds. */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The CPU time of this process's main thread alone, in milliseconds (Linux: its scheduler counters, in nanoseconds);
 * NaN elsewhere. `cpuNow` counts every thread: workers and the collector's helpers too.
 */
export function mainThreadCpuNow(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/**
 * Wall-clock and CPU time of each call. On a busy machine the wall time includes waiting for a core; the CPU time
 * is what the work itself costs (it also counts the garbage collector's helper threads, so it is not flattering).
 */
export interface Samples {
  wall: number[];
  cpu: number[];
}

export function samples(): Samples {
  return { wall: [], cpu: [] };
}

export function measure<T>(into: Samples, work: () => T): T {
  const cpu = cpuNow();
  const wall = now();
  const result = work();
  into.wall.push(now() - wall);
  into.cpu.push(cpuNow() - cpu);
  return result;
}

export async function measureAsync<T>(into: Samples, work: () => Promise<T>): Promise<T> {
  const cpu = cpuNow();
  const wall = now();
  const result = await work();
  into.wall.push(now() - wall);
  into.cpu.push(cpuNow() - cpu);
  return result;
}

export function measureEach(times: number, work: (i: number) => void): Samples {
  const into = samples();
  for (let i = 0; i < times; i++) measure(into, () => work(i));
  return into;
}

/** Times `work` once, in milliseconds. */
export function timeOnce(work: () => void): number {
  const start = now();
  work();
  return now() - start;
}

export async function timeOnceAsync(work: () => Promise<unknown>): Promise<number> {
  const start = now();
  await work();
  return now() - start;
}

/** Runs `work` `times` times and returns each run's time. */
export function timeEach(times: number, work: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = now();
    work(i);
    samples.push(now() - start);
  }
  return samples;
}

/** A time for a table cell: µs below 1 ms, ms otherwise, s above 10 s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : ms < 0.1 ? 1 : 0)} µs`;
  if (ms < 100) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * The longest gap between 1-ms timer ticks while `work` runs: how long the event loop was held. `longestBusy` is the
 * longest gap counting only the CPU time the process used in it (its work and its garbage collector's): on a machine
 * whose cores are shared with other work, the rest of a gap is the process waiting for a core, not holding the loop.
 */
export async function withLongestPause<T>(work: () => Promise<T>): Promise<{ value: T; longest: number; longestBusy: number }> {
  let last = now();
  let lastCpu = cpuNow();
  let longest = 0;
  let longestBusy = 0;
  const tick = () => {
    const at = now();
    const cpu = cpuNow();
    longest = Math.max(longest, at - last);
    longestBusy = Math.max(longestBusy, Math.min(at - last, cpu - lastCpu));
    last = at;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, 1);
  try {
    const value = await work();
    tick();
    return { value, longest, longestBusy };
  } finally {
    clearInterval(timer);
  }
}

/** What `watchPauses` saw: the event loop's waits beyond the 1 ms timer, and the collector's long pauses. */
export interface PauseFigures {
  longestPauseMs: number;
  p999PauseMs: number;
  pausesOver50: number;
  /** The longest wait counting only the CPU time used in it (`cpu`'s clock): on a shared machine the rest is waiting for a core. */
  longestBusyPauseMs: number;
  collectionsOver20Ms: number[];
}

/**
 * Watches the event loop with a 1 ms timer and the garbage collector's pauses over 20 ms until `stop()` is called.
 * `cpu` is the clock of the busy part (the process's CPU by default; a thread's own, to leave out a worker).
 */
export function watchPauses(cpu: () => number = cpuNow): { stop: () => PauseFigures } {
  const waits: number[] = [];
  let busiest = 0;
  let last = performance.now();
  let lastCpu = cpu();
  const timer = setInterval(() => {
    const at = performance.now();
    const used = cpu();
    waits.push(at - last - 1);
    busiest = Math.max(busiest, Math.min(at - last - 1, used - lastCpu));
    last = at;
    lastCpu = used;
  }, 1);
  const collections: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.duration > 20) collections.push(Math.round(entry.duration));
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      clearInterval(timer);
      observer.disconnect();
      waits.sort((a, b) => b - a);
      return {
        longestPauseMs: waits[0] ?? 0,
        p999PauseMs: waits[Math.floor(waits.length / 1000)] ?? 0,
        pausesOver50: waits.filter((ms) => ms > 50).length,
        longestBusyPauseMs: busiest,
        collectionsOver20Ms: collections,
      };
    },
  };
}
