import * as assert from 'node:assert/strict';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('Inserting a citation from the quick pick, as a writer does', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('cites two sources in one citation, a paragraph typed after a name, keyboard only', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    await workbench.typeAtEnd('\n\nTwo reviews agree');
    await workbench.runCommand('Sourcebook: Insert Citation…');
    await workbench.quickPickType('crossan 4');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Crossan 2025, para. 4' }).first().waitFor({ timeout: 15_000 });
    // Check it (focus the list, Space), then find the second source and check it too.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await workbench.quickPickType('byrne 12', { replace: true });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Byrne 2014, para. 12' }).first().waitFor({ timeout: 15_000 });
    const rows = await workbench.quickPickItems();
    const byrneIndex = rows.findIndex((row) => row.includes('Byrne 2014, para. 12'));
    assert.notEqual(byrneIndex, -1);
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < byrneIndex; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await workbench.screenshot('citation-picker');
    await workbench.acceptQuickPick();
    // Chicago author-date, the default style, cites in the text: a Pandoc citation, like the sample's own.
    const text = await workbench.editorTextContaining('Two reviews agree [@');
    assert.ok(text.trimEnd().endsWith('Two reviews agree [@crossan2025, para. 4; @byrne2014, para. 12]'), `the draft ends: ${text.slice(-300)}`);
    await workbench.screenshot('citation-inserted');
  });
});
