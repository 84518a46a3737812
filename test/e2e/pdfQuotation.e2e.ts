import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/harness/paths';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

// A writer keeps a PDF among their sources (the test article, test/fixtures/pdf/article.pdf, printed as pp. 201–204)
// opens it in the source reader, which shows its text under its printed pages, then quotes it from the quotation
// picker: the row names the printed page and the draft gets "p. 201".
describe('Quoting a PDF source, as the writer does', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('shows the PDF in the reader under its printed pages, and inserts words found in it cited "p. 201"', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    // The writer puts the PDF in a folder and names it in the workspace settings.
    fs.mkdirSync(path.join(workbench.workspace, 'papers'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'pdf', 'article.pdf'), path.join(workbench.workspace, 'papers', 'example2017.pdf'));
    fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'sourcebook.sources.folders': ['papers'] }, null, 2));

    // The PDF is read in the background: the writer opens it in the source reader (from the command palette) once
    // it is listed, and sees its text under its printed pages.
    const deadline = Date.now() + 60_000;
    const listed = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Pits and Perverts' }).first();
    for (;;) {
      await workbench.runCommand('Sourcebook: Open Source…');
      await workbench.quickPickType('Pits and Perverts');
      if (await listed.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      assert.ok(Date.now() < deadline, 'the PDF never came up among the sources');
      await page.keyboard.press('Escape');
    }
    await workbench.quickPickSelect('Pits and Perverts');
    await page.locator('.editor-group-container .view-line', { hasText: '— p. 201 —' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.editor-group-container .view-line', { hasText: '— p. 204 —' }).first().waitFor({ timeout: 5_000 });

    // Back in the draft (the first editor group), the writer quotes the PDF by typing a few of its words.
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
    await workbench.typeAtEnd('\n\nOne account praises ');
    await workbench.runCommand('Sourcebook: Insert Quotation…');
    await workbench.quickPickType('efficient fluency financial officers');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'efficient fluency' }).first();
    await row.waitFor({ timeout: 20_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /Example 2017, p\. 201 \(para\. 1\)/);
    const picker = await workbench.screenshot('pdf-quotation-picker');
    assert.ok(fs.statSync(picker).size > 10_000);
    await workbench.acceptQuickPick();

    const text = await workbench.editorTextContaining('[@example2017, p. 201]');
    assert.match(text, /One account praises “[^”]*efficient fluency of the miners’ financial officers[^”]*” \[@example2017, p\. 201\]/);
    await page.locator('.editor-group-container .view-line', { hasText: 'efficient fluency' }).first().waitFor({ timeout: 5_000 });
    const shot = await workbench.screenshot('pdf-quotation-inserted');
    assert.ok(fs.statSync(shot).size > 10_000);
  });
});
