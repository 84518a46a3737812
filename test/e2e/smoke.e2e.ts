import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('The workbench a writer opens', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('loads with the sample draft open and the draft readable on screen', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const text = await workbench.editorText();
    assert.match(text, /^# Shoulder to shoulder/);
    assert.match(text, /Siân James/);
    await workbench.page.locator('.view-line', { hasText: 'Shoulder to shoulder' }).first().waitFor();
    const file = await workbench.screenshot('workbench-draft');
    assert.ok(fs.statSync(file).size > 10_000, `the screenshot ${file} is suspiciously small`);
  });

  it('shows Siân James’s card when the mouse rests on her name in the draft', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const card = await workbench.hover('Siân James', { expect: 'Siân James' });
    assert.ok(card.length > 'Siân James'.length + 20, `the hover shows little more than the name: ${card}`);
    await workbench.screenshot('hover-sian-james');
  });

  it('lists the development extension as Sourcebook in the running extensions', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    await workbench.runCommand('Developer: Show Running Extensions');
    await workbench.page.locator('.runtime-extensions-editor', { hasText: 'Sourcebook' }).first().waitFor({ timeout: 30_000 });
  });
});
