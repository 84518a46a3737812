// The rows of issue 19's "no re-indexing at each start" (part of `npm run bench -- --scale`): in a fresh process
// (bench/snapshotLibrary.ts), a realistic library of SOURCEBOOK_BENCH_MB of text; a restart that restores the search
// and quotation indexes from their snapshot and answers the first search and the first quotation check, against the
// baseline of building both indexes and answering the same; the same after a few files changed; the snapshot's
// cost and size.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Report } from './scale';
import type { SnapshotFigures, Timing } from './snapshotLibrary';
import { formatBytes, formatMs } from './stats';

/** Restore + first search + first quotation check, after a restart (issue 19). */
const TARGET_MS = 2000;

function run(megabytes: number): SnapshotFigures {
  const root = path.resolve(__dirname, '..');
  const args = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/snapshotLibrary.ts', String(megabytes)];
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as SnapshotFigures;
}

const total = (...timings: Timing[]) => ({
  cpu: [timings.reduce((sum, t) => sum + t.cpuMs, 0)],
  wall: [timings.reduce((sum, t) => sum + t.wallMs, 0)],
});

export function snapshotRows(report: Report, megabytes: number): void {
  report.log(`scale: index snapshots, a library of ${megabytes} MB, in a fresh process …`);
  const f = run(megabytes);
  const size = `${formatBytes(f.bytes)}, ${f.sources.toLocaleString('en')} sources, ${f.passages.toLocaleString('en')} passages; 50,000-word draft, ${f.quotations} quotations`;
  const baseline = { label: 'building both indexes, then the same first search and check', samples: total(f.build.indexes, f.build.search, f.build.check) };
  const target = { text: `< ${TARGET_MS / 1000} s`, pass: (cpu: { p50: number }) => cpu.p50 < TARGET_MS };
  report.timedRow('scale: restart with the index snapshot: read + restore, first search, first quotation check', size, total(f.restore.read, f.restore.restore, f.restore.search, f.restore.check), baseline, target);
  report.timedRow(
    `scale: restart after ${f.changed.files - 1} files changed and 1 added: those read, parsed and indexed again, the rest restored, first answers`,
    `${size}; ${f.changed.indexed} indexed again, ${f.changed.reused.toLocaleString('en')} restored`,
    total(f.changed.read, f.changed.restore, f.changed.search, f.changed.check),
    baseline,
    target,
  );
  const st = f.start;
  const today = total(st.today.load, st.today.mentions, st.today.read, st.today.restore, st.today.search, st.today.check);
  const startSize = `${st.files.toLocaleString('en')} files on disk, ${formatBytes(f.bytes)}; snapshot ${formatBytes(st.snapshotBytes)} with the parsed files, ${formatBytes(st.indexOnlyBytes)} without`;
  const todayLabel = 'today’s start: every file read, hashed, parsed; mentions; indexes restored; same first answers';
  report.timedRow(
    'scale: restart, files kept: snapshot read and checked, unchanged files taken (not read), sources set (names found afterwards), indexes restored, first search and check',
    `${startSize}; ${st.kept.taken.toLocaleString('en')} files taken`,
    total(st.kept.read, st.kept.open, st.kept.load, st.kept.mentions, st.kept.restore, st.kept.search, st.kept.check),
    { label: todayLabel, samples: today },
    target,
  );
  const fresh = (runs: typeof f.fresh.kept) => ({ cpu: runs.map((run) => run.cpuMs), wall: runs.map((run) => run.wallMs) });
  report.timedRow(
    'scale: the same restart in a fresh process (as the extension host starts), 2 runs alternating with today’s: snapshot read and checked, files taken, sources set, indexes restored, first search and check',
    `${startSize}; ${f.fresh.kept[0]?.taken.toLocaleString('en')} files taken; restored search as built: ${f.fresh.kept.every((run) => run.sameSearch) ? 'yes' : 'NO'}`,
    fresh(f.fresh.kept),
    { label: `${todayLabel}, in a fresh process`, samples: fresh(f.fresh.today) },
    target,
  );
  report.timedRow(
    'scale: the same with the names found before the first answers (the start before they were found afterwards)',
    `${startSize}; ${st.kept.taken.toLocaleString('en')} files taken`,
    total(st.kept.read, st.kept.open, st.kept.load, st.kept.oneGo, st.kept.restore, st.kept.search, st.kept.check),
    { label: todayLabel, samples: today },
    target,
  );
  report.timedRow(
    'scale: the same, after 5 files changed and 1 added (only those read again)',
    `${startSize}; ${st.changed.readAgain} read again, ${st.changed.taken.toLocaleString('en')} taken, ${st.changed.indexed} indexed again`,
    total(st.changed.read, st.changed.open, st.changed.load, st.changed.mentions, st.changed.restore, st.changed.search, st.changed.check),
    { label: todayLabel, samples: today },
    target,
  );
  report.row({
    operation: 'scale: longest pause of the event loop while the snapshot is checked and the indexes restored (in slices of the shared 12 ms budget)',
    size: startSize,
    p50: `${formatMs(f.pause.slicedCpu)} CPU`,
    tail: `${formatMs(f.pause.sliced)} wall`,
    wall: `restore ${formatMs(f.pause.slicedWall)}`,
    baseline: `in one go: ${formatMs(f.pause.oneGoCpu)} CPU, ${formatMs(f.pause.oneGo)} wall`,
    ratio: report.ratioText(f.pause.oneGoCpu, f.pause.slicedCpu),
    target: '< 50 ms',
    verdict: f.pause.slicedCpu < 50 ? 'PASS' : 'MISS',
  });
  report.row({
    operation: 'scale: longest pause of the event loop while the snapshot (indexes and parsed files) is taken (in slices of the shared 12 ms budget)',
    size: startSize,
    p50: `${formatMs(f.takePause.slicedCpu)} CPU`,
    tail: `${formatMs(f.takePause.sliced)} wall`,
    wall: `take ${formatMs(f.takePause.slicedWall)}`,
    baseline: `in one go: ${formatMs(f.takePause.oneGoCpu)} CPU, ${formatMs(f.takePause.oneGo)} wall`,
    ratio: report.ratioText(f.takePause.oneGoCpu, f.takePause.slicedCpu),
    target: '< 50 ms',
    verdict: f.takePause.slicedCpu < 50 ? 'PASS' : 'MISS',
  });
  report.timedRow(
    'scale: every kept file decoded from the snapshot: records (UTF-8 runs of paragraph text, SNAPSHOT_VERSION 3), 3 runs alternating with the JSON before',
    `${st.files.toLocaleString('en')} files; records ${formatBytes(f.decode.recordBytes)}, JSON ${formatBytes(f.decode.jsonBytes)}; the same sources: ${f.decode.same ? 'yes' : 'NO'}`,
    { cpu: f.decode.records, wall: f.decode.records },
    { label: 'JSON.parse of the UTF-8 JSON (SNAPSHOT_VERSION 2)', samples: { cpu: f.decode.json, wall: f.decode.json } },
  );
  report.timedRow('scale: index snapshot, taken and written', `${formatBytes(f.save.bytes)} (${(f.save.bytes / f.bytes).toFixed(2)} B per byte of text)`, total(f.save.snapshot, f.save.write));
  report.timedRow('scale: content hash (SHA-256) of every source file', `${f.sources.toLocaleString('en')} files, ${formatBytes(f.bytes)}`, total(f.hash));
  report.note(
    `Scale, snapshots: restore ${formatMs(f.restore.restore.cpuMs)} CPU (reading the file ${formatMs(f.restore.read.cpuMs)}), first search ${formatMs(f.restore.search.cpuMs)}, first check ${formatMs(f.restore.check.cpuMs)}; ` +
      `built: indexes ${formatMs(f.build.indexes.cpuMs)}, first search ${formatMs(f.build.search.cpuMs)}, first check ${formatMs(f.build.check.cpuMs)}. ` +
      `Restored answers the same as built: search ${f.same.search ? 'yes' : 'NO'}, quotation check ${f.same.check ? 'yes' : 'NO'}. ` +
      `Indexes held (heap and typed arrays): built ${formatBytes(f.heap.built)}, restored ${formatBytes(f.heap.restored)}. Query "${f.query}".`,
  );
  const ms = (t: Timing) => formatMs(t.cpuMs);
  report.note(
    `Scale, restart with the files kept (CPU): snapshot read ${ms(st.kept.read)}, checked ${ms(st.kept.open)}, files taken ${ms(st.kept.load)}, sources set ${ms(st.kept.mentions)} (their names found afterwards: ${ms(st.kept.later)}; before the first answers, in one go: ${ms(st.kept.oneGo)}; the same mentions: ${st.kept.sameMentions ? 'yes' : 'NO'}), restore ${ms(st.kept.restore)}, first search ${ms(st.kept.search)}, first check ${ms(st.kept.check)}; ` +
      `today's start: files read, hashed and parsed ${ms(st.today.load)}, name mentions ${ms(st.today.mentions)}, snapshot read ${ms(st.today.read)}, restore ${ms(st.today.restore)}, first search ${ms(st.today.search)}, first check ${ms(st.today.check)}. ` +
      `Files taken load the same sources as read: ${st.same.sources ? 'yes' : 'NO'}; the restored index searches as built: ${st.same.search ? 'yes' : 'NO'}.`,
  );
}
