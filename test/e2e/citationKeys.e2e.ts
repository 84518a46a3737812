import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { findWordScript, openWorkbench } from './workbench';
import type { Workbench } from './workbench';

// A writer types a citation with a slip in its key ("crosan2025"): the key is underlined, the hover says no source
// has it, and the quick fix puts in the key meant.
describe('A misspelt citation key, as the writer sees it', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('is underlined, the hover says no source has it, and the quick fix changes it to the key meant', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const page = workbench.page;
    await workbench.typeAtEnd('\nAs the review put it [@crosan2025, para. 4].');
    await page.keyboard.press('Escape'); // the key completion opened by "[@"

    // The underline's own hover (the warning with its source and code), not only the key's card: the quick fix is
    // asked for below, and VS Code offers it only once the warning is in the editor's markers.
    const hover = await workbench.hover('crosan2025', { expect: /citation-unknown-key/ });
    assert.match(hover, /No source has the key "crosan2025"\./);
    assert.match(hover, /Sourcebook\(citation-unknown-key\)/);
    const hovered = await workbench.screenshot('citation-key-warning');
    assert.ok(fs.statSync(hovered).size > 10_000, `the screenshot ${hovered} is suspiciously small`);

    // The quick fix menu, from the keyboard with the cursor in the key (Ctrl+.).
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const point = (await page.evaluate(findWordScript('crosan2025', 1))) as { x: number; y: number } | null;
    assert.ok(point, 'the misspelt key is on screen');
    await page.mouse.click(point.x, point.y);
    const fix = await workbench.openQuickFix('Change to crossan2025');
    const menu = await workbench.screenshot('citation-key-quick-fix');
    assert.ok(fs.statSync(menu).size > 10_000, `the screenshot ${menu} is suspiciously small`);
    await fix.click();

    const text = await workbench.editorTextContaining('put it [@crossan2025, para. 4].');
    assert.match(text, /\nAs the review put it \[@crossan2025, para\. 4\]\.\n?$/);
    assert.doesNotMatch(text, /crosan2025/);
  });
});
