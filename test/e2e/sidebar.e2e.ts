import * as assert from 'node:assert/strict';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('The Sourcebook sidebar, as a writer uses it', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  async function openSidebar(workbench: Workbench): Promise<void> {
    await workbench.page.locator('.activitybar .action-item a[aria-label^="Sourcebook"], .activitybar .action-item[aria-label^="Sourcebook"]').first().click();
    await workbench.page.locator('.monaco-list-row[aria-label^="Source: An ode to solidarity"]').first().waitFor({ timeout: 30_000 });
  }

  it('expands a source into its numbered paragraphs and opens one in the reader, highlighted', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    await openSidebar(workbench);
    await page.locator('.monaco-list-row[aria-label^="Source: An ode to solidarity"]').first().click();
    const fourth = page.locator('.monaco-list-row[aria-label^="Paragraph 4:"]').first();
    await fourth.waitFor({ timeout: 15_000 });
    assert.match((await fourth.innerText()).replace(/\s+/g, ' '), /\[4\] “There’s a lodge banner down in the welfare\./);
    await workbench.screenshot('sidebar-sources-expanded');
    await fourth.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Crossan 2025 — An ode to solidarity and organisation' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'lodge banner' }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('source-reader-paragraph-4');
  });

  it('lists people with their descriptions and Mark Ashton’s passages', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    await openSidebar(workbench);
    await page.locator('.monaco-list-row[aria-label^="People:"]').first().click();
    await page.locator('.monaco-list-row[aria-label^="Siân James, person"]').first().waitFor({ state: 'attached', timeout: 15_000 }).catch(() => undefined);
    // Type to find, as in any VS Code tree: the list scrolls to the match.
    await page.keyboard.type('Mark Ashton', { delay: 30 });
    const ashton = page.locator('.monaco-list-row[aria-label^="Mark Ashton, person"]').first();
    await ashton.waitFor({ timeout: 15_000 });
    assert.match(await ashton.innerText(), /Gay communist activist/);
    await page.locator('.monaco-list-row.focused[aria-label^="Mark Ashton, person"]').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('ArrowRight'); // expand
    await page.keyboard.press('ArrowDown'); // his first passage
    await page.locator('.monaco-list-row.focused[aria-label^="Mark Ashton in "]').first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('sidebar-entities-mark-ashton');
    // The entity's context menu: Show Card opens its full card in the Markdown preview.
    await page.locator('.monaco-list-row[aria-label^="Mark Ashton, person"]').first().click({ button: 'right' });
    const showCard = page.locator('.context-view .action-label', { hasText: 'Show Card' }).first();
    await showCard.waitFor({ timeout: 15_000 });
    await workbench.screenshot('entity-context-menu');
    await showCard.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Mark Ashton' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500); // let the preview render
    await workbench.screenshot('entity-card-mark-ashton');
  });
});
