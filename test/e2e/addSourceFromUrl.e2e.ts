import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';
import { WEB_PATHS, WebPageServer } from '../harness/webPageServer';

// Add Source from Web Page as a writer runs it, in a workspace with no sources folder yet: the address selected in
// the draft is offered, Sourcebook asks before it creates sources/ and adds it to the setting, the article opens in
// the reader; run again on the same page, it asks before it touches the file already there.
describe('Add Source from Web Page, as the writer sees it', () => {
  let workbench: Workbench | undefined;
  let server: WebPageServer | undefined;

  before(async () => {
    server = await WebPageServer.start();
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  it('offers the selected address, asks before creating sources/, opens the article, and asks before replacing it', async () => {
    assert.ok(server);
    const address = server.url(WEB_PATHS.news);
    workbench = await openWorkbench({ file: 'draft.md' });
    const page = workbench.page;
    fs.writeFileSync(path.join(workbench.workspace, 'reading-list.md'), `${address}\n`);
    await workbench.openFile('reading-list.md');
    await workbench.focusEditor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');

    await workbench.runCommand('Sourcebook: Add Source from Web Page…');
    const input = page.locator('.quick-input-widget input');
    await page.waitForFunction(`document.querySelector('.quick-input-widget input')?.value === ${JSON.stringify(address)}`, undefined, { timeout: 15_000 }).catch(() => undefined);
    assert.equal(await input.inputValue(), address, 'the address selected in the draft is offered');
    await page.keyboard.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /You have no sources folder yet\. Create “sources” in .* and add it to Sourcebook › Sources: Folders\?/);
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'sources')), false, 'nothing is written before the writer answers');
    await workbench.screenshot('add-source-from-web-page-ask-folder');
    await dialog.locator('.monaco-button', { hasText: 'Create and Add' }).click();

    const written = path.join(workbench.workspace, 'sources', 'evans2024pit.md');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(written) && Date.now() < deadline) await page.waitForTimeout(250);
    assert.ok(fs.existsSync(written), 'the article is written to sources/evans2024pit.md');
    const settings = JSON.parse(fs.readFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings['sourcebook.sources.folders'], ['sources']);
    // The reader opens on the new source: its tab, and its first paragraph.
    await page.locator('.monaco-editor .view-lines', { hasText: 'Forty years after the first picket lines' }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('add-source-from-web-page');
    const firstText = fs.readFileSync(written, 'utf8');

    // Again: the file is there, so the writer is asked, and Cancel leaves it as it was.
    await workbench.runCommand('Sourcebook: Add Source from Web Page…');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(address);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ timeout: 30_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(question, /evans2024pit\.md is already in this sources folder\. Save the page under another key, or replace the file\?/);
    assert.match(question, /Save as “evans2024pita”/);
    assert.match(question, /Replace/);
    await workbench.screenshot('add-source-from-web-page-clash');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await page.waitForTimeout(500);
    assert.deepEqual(fs.readdirSync(path.join(workbench.workspace, 'sources')), ['evans2024pit.md']);
    assert.equal(fs.readFileSync(written, 'utf8'), firstText);
  });
});
