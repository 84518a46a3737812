import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

// The sample draft quotes Dai Donovan's lines from Crossan's review with two words left out ("Should mean."
// and "I’ll"): a writer opening it sees the misquotation underlined, the source's words in the hover, and a
// quick fix that puts them in.
describe('A misquotation in the draft, as the writer sees it', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('is underlined, shows the source’s words, and its quick fix puts them in', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const page = workbench.page;
    const squiggle = page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ state: 'attached', timeout: 60_000 });

    const hover = await workbench.hover('movement means', { expect: /The source says/ });
    assert.match(hover, /The source says: “That’s what the labour movement means\. Should mean\. You support me and I support you\./);
    const hovered = await workbench.screenshot('quotation-check-squiggle-hover');
    assert.ok(fs.statSync(hovered).size > 10_000, `the screenshot ${hovered} is suspiciously small`);

    // The quick fix menu, opened from the keyboard with the cursor in the quotation (Ctrl+.).
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const word = page.locator('.editor-group-container.active .view-line', { hasText: 'movement means' }).first();
    await word.click({ position: { x: 60, y: 5 } });
    const fix = await workbench.openQuickFix('Replace with the source’s words');
    const menu = await workbench.screenshot('quotation-check-quick-fix-menu');
    assert.ok(fs.statSync(menu).size > 10_000, `the screenshot ${menu} is suspiciously small`);
    await fix.click();

    await page.waitForFunction(
      `[...document.querySelectorAll('.editor-group-container.active .view-line')].some((line) => line.textContent.replace(/\\u00a0/g, ' ').includes('Should mean.'))`,
      undefined,
      { timeout: 15_000 },
    );
    const text = await workbench.editorText();
    assert.match(text, /> That’s what the labour movement means\. Should mean\. You support me and I support you\. Whoever you are\. Wherever you come from\./);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 15_000 });
    await workbench.screenshot('quotation-check-fixed');
  });
});
