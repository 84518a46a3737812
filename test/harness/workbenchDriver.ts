// The real VS Code workbench (code-server + headless Chromium), driven as a person would drive it: start the two,
// load a workbench page on a folder (an extension under development loaded, a file open), then open a file, hover a
// word with the mouse, run a command by its title in the command palette, type in a quick pick, read the editor's
// text, take a screenshot. Shared by the e2e suite (test/e2e/workbench.ts), the web suite's end-to-end hover
// (test/web/runWeb.ts) and the activation bench (bench/hostActivation.ts); it is not a test itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness/browser';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/harness/codeServer';
import type { CodeServer } from '../../scripts/harness/codeServer';
import { SCREENSHOTS_DIR } from '../../scripts/harness/paths';

/** User settings of every driven workbench: no preview tabs, no minimap. */
export const WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.editor.enablePreview': false,
  'editor.minimap.enabled': false,
};

/** The browser viewport the tests and screenshots use; it fits the sample draft. */
export const DEFAULT_VIEWPORT = { width: 1400, height: 900 };

export interface WorkbenchHarness {
  server: CodeServer;
  browser: Browser;
  tempDir: string;
}

/**
 * Starts code-server (with WORKBENCH_SETTINGS) and headless Chromium, their files in `tempDir`; both are ended by
 * shutdown() from scripts/harness/processes.
 */
export async function startWorkbenchHarness(tempDir: string, options: { onOutput?: (line: string) => void } = {}): Promise<WorkbenchHarness> {
  const server = await startCodeServer({ tempDir, settings: WORKBENCH_SETTINGS, onOutput: options.onOutput });
  const browser = await launchChromium({ tempDir });
  return { server, browser, tempDir };
}

export interface WorkbenchPageOptions {
  /** The folder to open (absolute path). */
  folder: string;
  /** An extension to load from this folder (absolute path), as VS Code's --extensionDevelopmentPath. */
  extensionDevelopmentPath?: string;
  /** A file to open (absolute path); its editor tab is awaited. */
  openFile?: string;
}

/**
 * Loads the workbench on `options.folder` in a new page of `context` and waits until it is restored (and the file's
 * editor is active and rendered).
 */
export async function openWorkbenchPage(
  context: BrowserContext,
  server: Pick<CodeServer, 'origin' | 'host' | 'port'>,
  options: WorkbenchPageOptions,
): Promise<Workbench> {
  const payload: Array<[string, string]> = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, options.extensionDevelopmentPath)]);
  if (options.openFile) payload.push(['openFile', remoteUri(server, options.openFile)]);
  const page = await context.newPage();
  await page.goto(workbenchUrl(server, { folder: options.folder, payload }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.waitForFunction('!!(window.driver && window.driver.whenWorkbenchRestored)', undefined, { timeout: 60_000 });
  await page.evaluate('window.driver.whenWorkbenchRestored()');
  const workbench = new Workbench(page, context, options.folder);
  if (options.openFile) await workbench.waitForEditor(path.basename(options.openFile));
  return workbench;
}

/** Finds `word` (its nth occurrence) in the rendered lines of the active editor; null when it is not on screen. */
const FIND_WORD_SCRIPT = `([word, occurrence]) => {
  const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines')
    || document.querySelector('.monaco-editor .view-lines');
  if (!editor) return null;
  const lines = [...editor.querySelectorAll('.view-line')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  let seen = 0;
  for (const line of lines) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node, start: text.length });
      text += node.textContent.replace(/\\u00a0/g, ' ');
    }
    let index = text.indexOf(word);
    while (index !== -1) {
      seen += 1;
      if (seen === occurrence) {
        const middle = index + Math.floor(word.length / 2);
        const hit = nodes.filter((n) => n.start <= middle).pop();
        const range = document.createRange();
        range.setStart(hit.node, middle - hit.start);
        range.setEnd(hit.node, Math.min(middle - hit.start + 1, hit.node.textContent.length));
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      index = text.indexOf(word, index + 1);
    }
  }
  return null;
}`;

/**
 * A script for `page.evaluate` or `page.waitForFunction`: the middle of the `occurrence`th `word` (counted from 1)
 * among the rendered lines of the active editor, as `{ x, y }`, or null when it is not on screen.
 */
export function findWordScript(word: string, occurrence = 1): string {
  return `(${FIND_WORD_SCRIPT})(${JSON.stringify([word, occurrence])})`;
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
    /** The absolute path of the folder this workbench opened (a copy of sample/ in the tests). */
    readonly workspace: string,
  ) {}

  /** Waits until an editor tab named `fileName` is active and its text is rendered. */
  async waitForEditor(fileName: string, timeoutMs = 30_000): Promise<void> {
    await this.page
      .locator('.tabs-container .tab.active', { hasText: fileName })
      .first()
      .waitFor({ timeout: timeoutMs })
      .catch(() => {
        throw new Error(`waited ${timeoutMs / 1000} s for an editor tab "${fileName}" to be active`);
      });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-line').first().waitFor({ timeout: timeoutMs });
  }

  /** Opens a file of the workspace by its relative path through Quick Open (Ctrl+P), as a person would. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = await this.quickInput();
    await input.fill(relativePath);
    const fileName = path.basename(relativePath);
    await this.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: fileName })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => {
        throw new Error(`Quick Open did not list "${relativePath}" within 15 s`);
      });
    await this.page.keyboard.press('Enter');
    await this.waitForEditor(fileName);
  }

  /**
   * Moves the mouse over `word` in the active editor and returns the hover widget's text once it shows
   * something for `expect` (a string or pattern the hover must contain; default: any text). The move is
   * retried, since the extension may still be activating when the first hover is asked for.
   */
  async hover(word: string, options: { occurrence?: number; expect?: string | RegExp; timeoutMs?: number } = {}): Promise<string> {
    const { occurrence = 1, expect, timeoutMs = 45_000 } = options;
    const deadline = Date.now() + timeoutMs;
    let lastText = '';
    await this.revealText(word, occurrence);
    while (Date.now() < deadline) {
      const point = (await this.page.evaluate(findWordScript(word, occurrence))) as
        | { x: number; y: number }
        | null;
      if (!point) throw new Error(`"${word}" (occurrence ${occurrence}) is not on screen in the active editor`);
      await this.page.mouse.move(5, 5);
      await this.page.mouse.move(point.x, point.y, { steps: 3 });
      // Keep the mouse still while the hover loads ("Loading..." at first, while the extension activates).
      const attemptEnd = Math.min(deadline, Date.now() + 10_000);
      while (Date.now() < attemptEnd) {
        await this.page.waitForTimeout(250);
        const hover = this.page.locator('.monaco-hover:not(.hidden)').last();
        if (!(await hover.isVisible().catch(() => false))) continue;
        lastText = (await hover.innerText().catch(() => '')).trim();
        if (!lastText || /^Loading/.test(lastText)) continue;
        const matches = expect === undefined || (typeof expect === 'string' ? lastText.includes(expect) : expect.test(lastText));
        if (matches) return lastText;
      }
    }
    throw new Error(
      `waited ${timeoutMs / 1000} s for a hover on "${word}"${expect ? ` containing ${String(expect)}` : ''}; ` +
        (lastText ? `the last hover said: ${lastText}` : 'no hover appeared'),
    );
  }

  /** Scrolls the editor to `word` with the Find widget when it is not on screen. */
  async revealText(word: string, occurrence = 1): Promise<void> {
    const onScreen = await this.page.evaluate(findWordScript(word, occurrence));
    if (onScreen) return;
    await this.focusEditor();
    await this.page.keyboard.press('Control+F');
    await this.page.keyboard.insertText(word);
    for (let i = 1; i < occurrence; i++) await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
  }

  /**
   * Opens the quick-fix menu from the keyboard (Ctrl+.) with the cursor where it is, as a writer does once the light
   * bulb shows that VS Code has the fixes for this spot, and returns the menu's row titled `title`. Pressing Ctrl+.
   * earlier races the editor's own code-action request: when any extension's diagnostics of the file change
   * meanwhile (VS Code's Markdown server reports its own on its schedule), VS Code restarts the request as an
   * automatic one and shows only the light bulb.
   */
  async openQuickFix(title: string, timeoutMs = 30_000): Promise<Locator> {
    await this.page.locator('.editor-group-container.active .monaco-editor .lightBulbWidget').first().waitFor({ state: 'visible', timeout: timeoutMs });
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    // A menu asked for while a language server republishes the file's diagnostics is turned into the light bulb
    // alone (VS Code restarts the request as an automatic one): seeing no menu, a writer presses Ctrl+. again.
    for (let press = 1; press <= 3; press++) {
      await this.page.keyboard.press('Control+.');
      if (await row.waitFor({ timeout: 8_000 }).then(() => true, () => false)) return row;
      if (await this.page.locator('.action-widget').first().isVisible().catch(() => false)) break;
    }
    await row.waitFor({ timeout: timeoutMs }).catch(async () => {
      const shown = await this.page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
      const picture = await this.screenshot('quick-fix-missing').catch(() => 'no screenshot');
      throw new Error(
        `waited ${timeoutMs / 1000} s for the quick fix "${title}"; the menu shows ${shown.length ? shown.join(' | ') : 'nothing'} (${picture})`,
      );
    });
    return row;
  }

  /** Puts the keyboard focus in the active editor. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  }

  /** Types `text` at the end of the active editor, key by key. */
  async typeAtEnd(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type(text);
  }

  /** Runs a command from the command palette by typing its title, e.g. 'Sourcebook: Insert Quotation…'. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = await this.quickInput();
    await input.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: title }) })
      .first();
    await row.waitFor({ timeout: 15_000 }).catch(async () => {
      const shown = await this.quickPickItems();
      throw new Error(`the command palette has no command "${title}"; it shows: ${shown.slice(0, 10).join(' | ') || 'nothing'}`);
    });
    await row.click();
    // The palette closes before the command's own quick pick (if any) opens: wait until the box no longer holds the
    // `>` command text, so what a test types next goes to the command's picker, not into the closing palette.
    await this.page
      .waitForFunction(
        `(() => { const box = document.querySelector('.quick-input-widget .quick-input-box input');
          return !box || box.offsetParent === null || !box.value.startsWith('>'); })()`,
        undefined,
        { timeout: 10_000 },
      )
      .catch(() => undefined);
  }

  /** The quick input box (command palette, quick pick, input box) once it is open. */
  async quickInput(timeoutMs = 15_000): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => {
      throw new Error(`waited ${timeoutMs / 1000} s for a quick pick / input box to open`);
    });
    return input;
  }

  /** Types into the open quick pick as a person would (key by key, so filtering runs as it does for them). */
  async quickPickType(text: string, options: { replace?: boolean } = {}): Promise<void> {
    const input = await this.quickInput();
    if (options.replace) await input.fill('');
    await input.pressSequentially(text, { delay: 20 });
  }

  /** The labels of the quick pick's visible rows, in order. */
  async quickPickItems(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /**
   * Waits for a quick pick row containing `text` and picks it (click); without `text`, accepts the active row (Enter).
   */
  async quickPickSelect(text?: string, timeoutMs = 15_000): Promise<void> {
    if (text === undefined) {
      await this.quickInput();
      await this.page.keyboard.press('Enter');
      return;
    }
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout: timeoutMs }).catch(async () => {
      throw new Error(`waited ${timeoutMs / 1000} s for a quick pick item "${text}"; shown: ${(await this.quickPickItems()).join(' | ')}`);
    });
    // The rows are redrawn after each keystroke: wait until two reads 150 ms apart agree, so the click lands on a
    // row that stays (a click on a row being replaced picked nothing, once).
    let shown = '';
    for (let i = 0; i < 20; i++) {
      const now = (await this.quickPickItems()).join('\n');
      if (now === shown) break;
      shown = now;
      await this.page.waitForTimeout(150);
    }
    await row.click();
  }

  /** Accepts the open quick pick's choice (Enter) and waits for it to close. */
  async acceptQuickPick(timeoutMs = 10_000): Promise<void> {
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The active editor's text once it contains `expected`, read every quarter second; after 40 reads, the last read. */
  async editorTextContaining(expected: string): Promise<string> {
    let text = '';
    for (let i = 0; i < 40 && !text.includes(expected); i++) {
      await this.page.waitForTimeout(250);
      text = await this.editorText();
    }
    return text;
  }

  /** The whole text of the active editor (through the clipboard; the cursor and selection are put back). */
  async editorText(): Promise<string> {
    await this.focusEditorKeepingSelection();
    await this.page.evaluate('navigator.clipboard.writeText("")');
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Control+C');
    await this.page.keyboard.press('Control+U'); // Soft undo: the selection before Select All
    const text = await this.page.waitForFunction('navigator.clipboard.readText().then((t) => t || null)', undefined, { timeout: 5_000 }).catch(() => null);
    return text ? String(await text.jsonValue()) : '';
  }

  private async focusEditorKeepingSelection(): Promise<void> {
    const active = this.page.locator('.editor-group-container.active .monaco-editor').first();
    const focused = await active.evaluate('(el) => el.classList.contains("focused")').catch(() => false);
    if (!focused) await this.page.keyboard.press('Control+1'); // Focus the first editor group, as a person would.
  }

  /** Reads a file of this workbench's workspace from disk (after the editor saved it). */
  readWorkspaceFile(relativePath: string): string {
    return fs.readFileSync(path.join(this.workspace, relativePath), 'utf8');
  }

  /** Saves a PNG of the whole workbench to test-results/screenshots/NAME.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes this workbench's browser context (its page and storage). */
  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
