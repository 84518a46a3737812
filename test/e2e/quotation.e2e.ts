import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('Inserting a quotation from the quick pick, as a writer does', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('finds the passage from a few typed words and inserts it with its citation', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    await workbench.typeAtEnd('\n\nDai Donovan put it simply: ');
    await workbench.runCommand('Sourcebook: Insert Quotation…');
    await workbench.quickPickType('lodge banner welfre');
    // Typing errors are forgiven; the row shows the source and paragraph, and who speaks.
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'There’s a lodge banner down in the welfare.' }).first();
    await row.waitFor({ timeout: 20_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /Crossan 2025, para\. 4/);
    assert.match(rowText, /Dai Donovan, quoted in/);
    await workbench.screenshot('quotation-picker');
    await workbench.acceptQuickPick();
    // Chicago author-date, the default style, cites in the text: a Pandoc citation saying who speaks.
    const text = await workbench.editorTextContaining('in the welfare.”');
    assert.ok(text.includes('Dai Donovan put it simply: “There’s a lodge banner down in the welfare.” [Dai Donovan, quoted in @crossan2025, para. 4]'), `the draft ends: ${text.slice(-300)}`);
    const file = await workbench.screenshot('quotation-inserted');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
