import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/harness/paths';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

// A writer keeps a PDF among their sources (the test article, test/fixtures/pdf/article.pdf, printed as pp. 201–204)
// and quotes it from the quotation picker: the row names the printed page, the draft gets "p. 201", and the source
// reader shows the text under its printed pages.
describe('Quoting a PDF source, as the writer does', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('finds the words in the PDF, inserts them cited "p. 201", and the reader shows the page', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    // The writer puts the PDF in a folder and names it in the workspace settings.
    fs.mkdirSync(path.join(workbench.workspace, 'papers'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'pdf', 'article.pdf'), path.join(workbench.workspace, 'papers', 'example2017.pdf'));
    fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'sourcebook.sources.folders': ['papers'] }, null, 2));

    await workbench.typeAtEnd('\n\nOne account praises ');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'efficient fluency' }).first();
    // The PDF is read in the background: the writer tries again if its words are not offered yet.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await workbench.runCommand('Sourcebook: Insert Quotation…');
      await workbench.quickPickType('efficient fluency financial officers');
      const found = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (found) break;
      assert.ok(Date.now() < deadline, 'the PDF’s words never came up in the quotation picker');
      await page.keyboard.press('Escape');
      await workbench.focusEditor();
    }
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /Example 2017, p\. 201 \(para\. 1\)/);
    const picker = await workbench.screenshot('pdf-quotation-picker');
    assert.ok(fs.statSync(picker).size > 10_000);
    await workbench.acceptQuickPick();

    const text = await workbench.editorTextContaining('[@example2017, p. 201]');
    assert.match(text, /One account praises “[^”]*efficient fluency of the miners’ financial officers[^”]*” \[@example2017, p\. 201\]/);
    const inserted = await workbench.screenshot('pdf-quotation-inserted');
    assert.ok(fs.statSync(inserted).size > 10_000);

    // The source reader, opened from the command palette: the text under its printed pages.
    await workbench.runCommand('Sourcebook: Open Source…');
    await workbench.quickPickType('Pits and Perverts');
    await workbench.quickPickSelect('Pits and Perverts');
    const marker = page.locator('.editor-group-container .view-line', { hasText: '— p. 201 —' }).first();
    await marker.waitFor({ timeout: 20_000 });
    const reader = await workbench.screenshot('pdf-source-reader-pages');
    assert.ok(fs.statSync(reader).size > 10_000);
  });
});
