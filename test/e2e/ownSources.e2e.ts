import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

// A sources folder that does not exist: the writer gets one warning, with a button to the setting.
describe('A sources folder that does not exist, as the writer sees it', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('is one warning with an Open Settings button that shows the setting', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const page = workbench.page;
    // The writer adds a folder to the workspace settings by hand, with a typo.
    fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'sourcebook.sources.folders': ['my-sourcse'] }, null, 2));

    // Toasts are held back in the test workbench's smoke-test mode: the warning is read in the notification
    // centre, where a writer finds it too (the bell in the status bar).
    const notification = page.locator('.notifications-center .notification-list-item', { hasText: 'my-sourcse' });
    const deadline = Date.now() + 60_000;
    while ((await notification.count()) === 0 && Date.now() < deadline) {
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'my-sourcse' });
      if ((await toast.count()) > 0) break;
      await page.waitForTimeout(1000);
      if (!(await page.locator('.notifications-center.visible').count())) await workbench.runCommand('Notifications: Show Notifications');
    }
    const shown = page.locator('.notifications-center .notification-list-item, .notifications-toasts .notification-toast').filter({ hasText: 'my-sourcse' });
    await shown.first().waitFor({ timeout: 5_000 });
    assert.equal(await shown.count(), 1, 'one warning, not one per check');
    const text = (await shown.first().innerText()).replace(/\s+/g, ' ');
    assert.match(text, /The sources folder “my-sourcse” \(\/[^)]*\/my-sourcse\) does not exist: correct or remove it in the setting/);
    await workbench.screenshot('own-sources-missing-folder');

    await shown.first().locator('.monaco-button', { hasText: 'Open Settings' }).click();
    await page.locator('.settings-editor').first().waitFor({ timeout: 30_000 });
    await page.locator('.settings-editor .setting-item', { hasText: 'Folders' }).first().waitFor({ timeout: 30_000 });
    // The workspace tab, where the writer wrote the folder.
    const selectedTab = page.locator('.settings-editor [role="tab"][aria-selected="true"]');
    await selectedTab.first().waitFor({ timeout: 10_000 });
    assert.equal((await selectedTab.first().innerText()).trim(), 'Workspace');
    await workbench.screenshot('own-sources-missing-folder-settings');
  });
});
