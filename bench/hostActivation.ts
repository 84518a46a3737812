// Sourcebook's activation in the real extension host (code-server), taken apart. VS Code's Running Extensions
// view shows "Activation: N ms" = codeLoadingTime + activateCallTime, but its code-loading clock starts before an
// `await` during which the other extensions activated at the same moment (on opening a Markdown file: the GitHub
// authentication, Emmet, Markdown extensions) may load their own code first; that wait is counted as ours.
//
// For each build given, a throwaway copy of the extension (this manifest, main = a probe) is opened on the sample
// draft in a fresh window; the probe times require('vscode'), the require of dist/extension.js and activate()
// (wall and CPU), lists the files of dist/ loaded by then, and reads the extension host's performance marks
// (willLoadExtensionCode / didLoadExtensionCode). Builds are alternated, `rounds` windows each.
//
// Usage (after `npm run setup` and a build): node --require tsx/cjs bench/hostActivation.ts [rounds] [name=distFolder …]
// Default: 3 rounds of ./dist. Example: … hostActivation.ts 5 before=/tmp/old-dist after=dist
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copySampleWorkspace, makeTempDir } from '../scripts/harness/codeServer';
import { ROOT } from '../scripts/harness/paths';
import { shutdown } from '../scripts/harness/processes';
import { DEFAULT_VIEWPORT, openWorkbenchPage, startWorkbenchHarness } from '../test/harness/workbenchDriver';
import type { WorkbenchHarness } from '../test/harness/workbenchDriver';

const rounds = Number(process.argv[2] ?? 3);
const builds = (process.argv.length > 3 ? process.argv.slice(3) : [`current=${path.join(ROOT, 'dist')}`]).map((arg) => {
  const [name, folder] = arg.split('=');
  return { name, folder: path.resolve(folder) };
});

interface ProbeResult {
  vscodeWallMs: number;
  requireWallMs: number;
  requireCpuMs: number;
  activateWallMs: number;
  activateCpuMs: number;
  loaded: string[];
  marks: Array<[string, number]>;
}

/** The probe: the extension's main file in the throwaway copy. */
const PROBE = (out: string) => `const fs = require('fs');
const path = require('path');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const r = {};
let t = performance.now();
require('vscode');
r.vscodeWallMs = performance.now() - t;
t = performance.now();
let c = cpu();
const extension = require('./dist/extension.js');
r.requireWallMs = performance.now() - t;
r.requireCpuMs = cpu() - c;
exports.activate = (context) => {
  t = performance.now();
  c = cpu();
  const api = extension.activate(context);
  r.activateWallMs = performance.now() - t;
  r.activateCpuMs = cpu() - c;
  const dist = path.join(__dirname, 'dist');
  r.loaded = Object.keys(require.cache).filter((file) => path.dirname(file) === dist).map((file) => path.basename(file));
  const marks = globalThis.MonacoPerformanceMarks ? globalThis.MonacoPerformanceMarks.getMarks() : [];
  r.marks = marks.filter((m) => /ExtensionCode\\//.test(m.name)).map((m) => [m.name.replace('code/extHost/', ''), m.startTime]);
  fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(r));
  return api;
};
exports.deactivate = () => extension.deactivate && extension.deactivate();
`;

/** A copy of the extension whose main is the probe and whose dist/ holds the build's .js files. */
function probeExtension(tempDir: string, name: string, folder: string, out: string): string {
  const extension = path.join(tempDir, `extension-${name}`);
  fs.mkdirSync(path.join(extension, 'dist'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; browser?: string };
  manifest.main = './probe.js';
  delete manifest.browser;
  fs.writeFileSync(path.join(extension, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(extension, 'probe.js'), PROBE(out));
  for (const file of fs.readdirSync(ROOT).filter((n) => n.startsWith('package.nls'))) fs.copyFileSync(path.join(ROOT, file), path.join(extension, file));
  for (const dir of ['media', 'l10n']) fs.symlinkSync(path.join(ROOT, dir), path.join(extension, dir), 'dir');
  for (const file of fs.readdirSync(folder).filter((n) => n.endsWith('.js'))) fs.copyFileSync(path.join(folder, file), path.join(extension, 'dist', file));
  return extension;
}

interface Row {
  build: string;
  shownMs: number;
  waitMs: number;
  loadMs: number;
  requireCpuMs: number;
  activateWallMs: number;
  activateCpuMs: number;
  loaded: string;
}

/** Opens the sample draft in a fresh window with `extension` loaded; returns the Running Extensions row and the probe's figures. */
async function oneWindow({ server, browser, tempDir }: WorkbenchHarness, extension: string, out: string): Promise<{ shown: string; probe?: ProbeResult }> {
  fs.rmSync(out, { force: true });
  const workspace = copySampleWorkspace(fs.mkdtempSync(path.join(tempDir, 'ws-')));
  const context = await browser.newContext({ viewport: DEFAULT_VIEWPORT });
  try {
    const workbench = await openWorkbenchPage(context, server, {
      folder: workspace,
      extensionDevelopmentPath: extension,
      openFile: path.join(workspace, 'draft.md'),
    });
    const { page } = workbench;
    for (let i = 0; i < 150 && !fs.existsSync(out); i++) await new Promise((resolve) => setTimeout(resolve, 200));
    await workbench.runCommand('Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Sourcebook' }).first();
    const shown = await row.innerText({ timeout: 30_000 }).then((text) => text.replace(/\s+/g, ' '), () => '');
    const probe = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as ProbeResult) : undefined;
    return { shown, probe };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const tempDir = makeTempDir('host-activation');
  const harness = await startWorkbenchHarness(tempDir);
  const out = path.join(tempDir, 'probe.json');
  const extensions = new Map(builds.map((b) => [b.name, probeExtension(tempDir, b.name, b.folder, out)]));
  const rows: Row[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { name } of builds) {
      const { shown, probe } = await oneWindow(harness, extensions.get(name)!, out);
      const shownMs = Number(/(\d+)\s*ms/.exec(shown)?.[1] ?? NaN);
      const mark = (label: string) => probe?.marks.find(([n]) => n === `${label}/sourcebook.sourcebook`)?.[1] ?? NaN;
      const loadMs = mark('didLoadExtensionCode') - mark('willLoadExtensionCode');
      const row: Row = {
        build: name,
        shownMs,
        waitMs: shownMs - loadMs - (probe?.activateWallMs ?? NaN),
        loadMs,
        requireCpuMs: probe?.requireCpuMs ?? NaN,
        activateWallMs: probe?.activateWallMs ?? NaN,
        activateCpuMs: probe?.activateCpuMs ?? NaN,
        loaded: probe?.loaded.join(' ') ?? '(no probe result)',
      };
      rows.push(row);
      const ms = (value: number) => `${Math.round(value)} ms`;
      console.log(
        `${name}: shown ${ms(row.shownMs)} = waiting for other extensions' code ~${ms(row.waitMs)} + loading ours ${ms(row.loadMs)} ` +
          `(${ms(row.requireCpuMs)} CPU) + activate() ${ms(row.activateWallMs)} (${ms(row.activateCpuMs)} CPU); dist/ files loaded: ${row.loaded}; load average ${os.loadavg()[0].toFixed(1)}`,
      );
    }
  }
  const median = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return sorted.length ? sorted[sorted.length >> 1] : NaN;
  };
  console.log('\nmedians (ms): build | shown | waiting | loading (wall / CPU) | activate() (wall / CPU)');
  for (const { name } of builds) {
    const mine = rows.filter((r) => r.build === name);
    const m = (key: keyof Row) => Math.round(median(mine.map((r) => r[key] as number)));
    console.log(`${name} | ${m('shownMs')} | ${m('waitMs')} | ${m('loadMs')} / ${m('requireCpuMs')} | ${m('activateWallMs')} / ${m('activateCpuMs')}`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => shutdown());
