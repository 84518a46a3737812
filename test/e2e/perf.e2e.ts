// Timings in the real workbench (issue 6): the mouse arriving on a name → the hover card showing, and a keystroke
// in the quotation quick pick → the list showing the new results; 20 tries each, medians printed.
//
// The machine is noisy, so each figure comes with a baseline measured in the same window, through the same path
// (editor → extension host → editor): a throwaway copy of the extension in a temp folder activates Sourcebook and
// also registers a hover provider that does no work and answers only on the made-up word "zyzzyva", and a quick
// pick that lists 40 fixed rows naming the typed value. Both Sourcebook's and the empty provider run on every
// hover, so the difference between the two medians is what Sourcebook's card costs above VS Code's own hover
// machinery (including its hover delay, the same for both).
//
// This test fails only on breakage (no hover, no list); slowness is printed, never asserted. Figures are also
// written to test-results/perf-e2e.json, which `npm run bench` copies into bench/RESULTS.md.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../../src/generated/corpus';
import type { LibraryData } from '../../src/core/library';
import { PassageIndex } from '../../src/core/search/passageSearch';
import { ROOT } from '../../scripts/harness/paths';
import { findWordScript, openWorkbench } from './workbench';
import type { Workbench } from './workbench';

const TRIES = 20;
const BASELINE_WORD = 'zyzzyva';
const BASELINE_HOVER = 'Empty baseline hover';
const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'test-results');

/** Registers the baseline hover provider and quick pick beside Sourcebook's own (in `activate`). */
const BASELINE_CODE = `const vscode = require('vscode');
const sourcebook = require('./dist/extension.js');
exports.activate = (context) => {
  const api = sourcebook.activate(context);
  context.subscriptions.push(vscode.languages.registerHoverProvider('markdown', {
    provideHover(document, position) {
      const range = document.getWordRangeAtPosition(position);
      if (range && document.getText(range) === '${BASELINE_WORD}') return new vscode.Hover('${BASELINE_HOVER}', range);
      return undefined;
    },
  }));
  context.subscriptions.push(vscode.commands.registerCommand('sourcebookBench.emptyPick', () => {
    const pick = vscode.window.createQuickPick();
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.onDidChangeValue((value) => {
      pick.items = Array.from({ length: 40 }, (_, i) => ({ label: '[' + value + '] #' + i, alwaysShow: true }));
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
  }));
  return api;
};
exports.deactivate = () => sourcebook.deactivate && sourcebook.deactivate();
`;

/**
 * A throwaway copy of the extension in a temp folder: Sourcebook's manifest, its built code and media (linked),
 * and a main file that activates Sourcebook and then registers the baseline providers. code-server loads one
 * development extension only, so the baseline lives in the same extension host, beside Sourcebook's providers.
 */
function baselineExtension(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-perf-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    main: string;
    browser?: string;
    contributes: { commands: Array<{ command: string; title: string }> };
    activationEvents?: string[];
  };
  manifest.main = './perfBaseline.js';
  delete manifest.browser;
  manifest.contributes.commands.push({ command: 'sourcebookBench.emptyPick', title: 'Sourcebook Bench: Empty Quick Pick' });
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(folder, 'perfBaseline.js'), BASELINE_CODE);
  for (const name of fs.readdirSync(ROOT).filter((n) => n.startsWith('package.nls'))) fs.copyFileSync(path.join(ROOT, name), path.join(folder, name));
  for (const name of ['dist', 'media']) fs.symlinkSync(path.join(ROOT, name), path.join(folder, name), 'dir');
  return folder;
}

/** In the page: records when the mouse last moved and when a key was last pressed (capture phase, before VS Code). */
const INSTALL_CLOCKS = `(() => {
  if (window.__perfClocks) return;
  window.__perfClocks = { move: 0, key: 0 };
  document.addEventListener('mousemove', () => { window.__perfClocks.move = performance.now(); }, true);
  document.addEventListener('keydown', () => { window.__perfClocks.key = performance.now(); }, true);
})()`;

/**
 * In the page: arms `window.__perfWait`, a promise of the milliseconds from the next mouse move (or key press) to
 * the moment `ready()` is first true after a DOM change, or -1 after `timeoutMs`. Arm it (and wait for the arming
 * to finish: input events can overtake a pending evaluation) before the move or key press.
 */
const ARM = `([clock, kind, want, old, timeoutMs]) => { window.__perfWait = new Promise((resolve) => {
  const norm = (s) => s.replace(/\\s+/g, ' ').trim();
  const ready = () => {
    if (kind === 'hover') {
      return [...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((el) => el.getBoundingClientRect().height > 0 && el.innerText.includes(want));
    }
    const rows = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((row) => norm(row.innerText));
    if (rows.length === 0) return false;
    return rows.every((row) => want.some((label) => row.includes(label))) && rows.some((row) => !old.some((label) => row.includes(label)));
  };
  const armed = performance.now();
  const finish = (value) => { observer.disconnect(); clearTimeout(timer); resolve(value); };
  const observer = new MutationObserver(() => {
    const started = window.__perfClocks[clock];
    if (started >= armed && ready()) finish(performance.now() - started);
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const timer = setTimeout(() => finish(-1), timeoutMs);
}); }`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Reloads the workbench with `folder` as the development extension instead of the repository. */
async function reloadWithExtension(workbench: Workbench, folder: string): Promise<void> {
  const url = new URL(workbench.page.url());
  const payload = JSON.parse(url.searchParams.get('payload') ?? '[]') as Array<[string, string]>;
  const entry = payload.find(([key]) => key === 'extensionDevelopmentPath');
  assert.ok(entry, `the workbench URL has no extensionDevelopmentPath: ${url.href}`);
  const authority = entry[1].slice(0, entry[1].indexOf('/', 'vscode-remote://'.length));
  entry[1] = `${authority}${folder.split(path.sep).map(encodeURIComponent).join('/')}`;
  url.searchParams.set('payload', JSON.stringify(payload));
  await workbench.page.goto(url.href, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await workbench.page.waitForFunction('!!(window.driver && window.driver.whenWorkbenchRestored)', undefined, { timeout: 60_000 });
  await workbench.page.evaluate('window.driver.whenWorkbenchRestored()');
  await workbench.waitForEditor('draft.md');
}

/** Mouse from outside the editor onto `word`; milliseconds until a hover containing `expect` shows. */
async function timeHover(workbench: Workbench, word: string, expect: string): Promise<number> {
  const { page } = workbench;
  // Away from the editor and below it (a card opens above its line and could cover the next word), then Escape.
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.mouse.move(viewport.width / 2, viewport.height - 3);
  await page.keyboard.press('Escape');
  await page
    .waitForFunction(`![...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((el) => el.getBoundingClientRect().height > 0)`, undefined, { timeout: 5_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
  const point = (await page.evaluate(findWordScript(word))) as { x: number; y: number } | null;
  assert.ok(point, `"${word}" is not on screen`);
  await page.evaluate(`(${ARM})(${JSON.stringify(['move', 'hover', expect, [], 15_000])})`);
  await page.mouse.move(point.x, point.y);
  const ms = (await page.evaluate('window.__perfWait')) as number;
  if (ms < 0) {
    await workbench.screenshot(`perf-hover-timeout-${word}`);
    const shown = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
    throw new Error(`no hover with "${expect}" within 15 s of the mouse arriving on "${word}" at ${JSON.stringify(point)}; hovers: ${JSON.stringify(shown)}`);
  }
  return ms;
}

/**
 * Types `text` key by key into the open quick pick; for each key whose first rows change, the time until the new
 * rows show. `missed` counts keys whose change was not seen within 5 s (VS Code may order rows its own way).
 */
async function timeKeystrokes(
  workbench: Workbench,
  text: string,
  rowsFor: (value: string) => string[],
  missed: { count: number },
): Promise<number[]> {
  const { page } = workbench;
  await workbench.quickInput();
  const times: number[] = [];
  let old = rowsFor('');
  for (let i = 1; i <= text.length; i++) {
    const value = text.slice(0, i);
    const want = rowsFor(value);
    const changed = want.length > 0 && want.slice(0, 5).some((label) => !old.includes(label));
    if (!changed) {
      await page.keyboard.press(text[i - 1] === ' ' ? 'Space' : text[i - 1]);
      await page.waitForTimeout(300);
    } else {
      await page.evaluate(`(${ARM})(${JSON.stringify(['key', 'rows', want, old, 5_000])})`);
      await page.keyboard.press(text[i - 1] === ' ' ? 'Space' : text[i - 1]);
      const ms = (await page.evaluate('window.__perfWait')) as number;
      if (ms >= 0) times.push(ms);
      else missed.count++;
      await page.waitForTimeout(150);
    }
    old = want;
  }
  return times;
}

/** The first 40 characters of each row label the quotation picker shows for `value` (as passageItem makes them). */
function quotationRows(index: PassageIndex): (value: string) => string[] {
  return (value) =>
    value.trim() ? index.search(value, { limit: 40 }).map((hit) => hit.text.replace(/\s+/g, ' ').trim().slice(0, 40)) : [];
}

describe('Performance in the real workbench (figures printed, never failed for slowness)', () => {
  let workbench: Workbench | undefined;
  let folder: string | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  after(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('times the hover card and the quotation quick pick against an empty provider in the same window', async function () {
    this.timeout(600_000);
    folder = baselineExtension();
    workbench = await openWorkbench({ file: 'draft.md', withExtension: true });
    // The baseline word goes on the first line, on screen like Siân James's line.
    const draft = path.join(workbench.workspace, 'draft.md');
    fs.writeFileSync(draft, fs.readFileSync(draft, 'utf8').replace(/\n/, ` ${BASELINE_WORD}\n`));
    await reloadWithExtension(workbench, folder);
    const { page } = workbench;
    await page.evaluate(INSTALL_CLOCKS);
    await page.waitForFunction(`!!${findWordScript(BASELINE_WORD)}`, undefined, { timeout: 20_000 });

    // Warm up: the first hovers wait for both extensions to activate and the corpus to load.
    await workbench.hover('Siân James', { expect: 'Reveal in sidebar' });
    await workbench.hover(BASELINE_WORD, { expect: BASELINE_HOVER });

    const ours: number[] = [];
    const empty: number[] = [];
    const notShown: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      // Alternate, so a burst of load on the machine hits both alike. A try whose hover never shows (the mouse
      // can land while the editor is still laying out on a loaded machine) is reported, not timed; most must show.
      const card = await timeHover(workbench, 'Siân James', 'Reveal in sidebar').catch((error: Error) => (notShown.push(error.message), -1));
      const baseline = await timeHover(workbench, BASELINE_WORD, BASELINE_HOVER).catch((error: Error) => (notShown.push(error.message), -1));
      if (card >= 0) ours.push(card);
      if (baseline >= 0) empty.push(baseline);
    }
    if (notShown.length) console.log(`      ${notShown.length} of ${2 * TRIES} hovers did not show in time:\n        ${notShown.join('\n        ')}`);
    assert.ok(ours.length >= TRIES / 2 && empty.length >= TRIES / 2, `too few hovers showed: ${ours.length} cards, ${empty.length} baseline of ${TRIES} each`);

    const index = new PassageIndex((JSON.parse(corpusJson) as LibraryData).sources);
    const picks: number[] = [];
    const emptyPicks: number[] = [];
    const missed = { count: 0 };
    // Keys whose first rows do not change (a space, a letter that keeps the same best hits) are typed, not timed.
    const queries = ['bread and roses', 'lodge banner welfare', 'miners strike', 'shoulder to shoulder', 'pits and perverts', 'gay liberation front', 'dulais valley', 'mark ashton'];
    for (const query of queries) {
      if (picks.length >= TRIES) break;
      await workbench.focusEditor();
      await workbench.runCommand('Sourcebook: Insert Quotation…');
      picks.push(...(await timeKeystrokes(workbench, query, quotationRows(index), missed)));
      await workbench.page.keyboard.press('Escape');
      await workbench.focusEditor();
      await workbench.runCommand('Sourcebook Bench: Empty Quick Pick');
      emptyPicks.push(...(await timeKeystrokes(workbench, query, (value) => (value ? [`[${value}] #`] : []), missed)));
      await workbench.page.keyboard.press('Escape');
    }
    assert.ok(picks.length > 0, `no keystroke in the quotation picker showed its new rows (${missed.count} not seen within 5 s)`);

    // VS Code's own record of Sourcebook's activation.
    await workbench.runCommand('Developer: Show Running Extensions');
    const row = workbench.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Sourcebook' }).first();
    const activation = await row
      .innerText({ timeout: 30_000 })
      .then((t) => t.replace(/\s+/g, ' '))
      .catch(() => '');

    const figures = {
      date: new Date().toISOString(),
      hover: { tries: ours.length, sourcebookMedianMs: median(ours), emptyMedianMs: median(empty), ratio: median(ours) / median(empty) },
      quickPick: {
        keystrokes: picks.length,
        sourcebookMedianMs: median(picks),
        emptyKeystrokes: emptyPicks.length,
        emptyMedianMs: median(emptyPicks),
        ratio: median(picks) / median(emptyPicks),
        notSeen: missed.count,
      },
      activation: activation.match(/(\d+)\s*ms/)?.[0] ?? activation,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'perf-e2e.json'), JSON.stringify(figures, null, 2));
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(
      [
        '',
        `    hover, mouse on "Siân James" → card shown: median ${f(figures.hover.sourcebookMedianMs)} over ${ours.length}; ` +
          `empty provider ("${BASELINE_WORD}"): ${f(figures.hover.emptyMedianMs)}; ratio ${figures.hover.ratio.toFixed(2)}`,
        `    quotation quick pick, keystroke → rows shown: median ${f(figures.quickPick.sourcebookMedianMs)} over ${picks.length}; ` +
          `empty quick pick: ${f(figures.quickPick.emptyMedianMs)} over ${emptyPicks.length}; ratio ${figures.quickPick.ratio.toFixed(2)}`,
        `    Running Extensions says: ${activation || '(not read)'}`,
        '',
      ].join('\n'),
    );
  });
});
