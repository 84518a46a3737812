import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('Hover cards, as a writer sees them', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('shows Siân James’s card, with a fact cited to Byrne’s paragraph, when the mouse rests on her name', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const card = await workbench.hover('Siân James', { expect: 'Dulais mining community' });
    assert.match(card, /Siân James/);
    assert.match(card, /person/);
    assert.match(card, /\(Byrne 2014, para\. 15\)/);
    assert.match(card, /Insert citation/);
    assert.match(card, /Show passages/);
    assert.match(card, /Reveal in sidebar/);
    const file = await workbench.screenshot('hover-card-sian-james');
    assert.ok(fs.statSync(file).size > 10_000);
  });

  it('shows the cited paragraph when the mouse rests on a citation', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const card = await workbench.hover('@byrne2014', { expect: 'came to our aid' });
    assert.match(card, /Byrne, Liam\. 2014\./);
    assert.match(card, /\[16\]/);
    await workbench.screenshot('hover-citation-byrne');
  });

  it('runs “Reveal in sidebar” from the card: the entity is selected in the Sourcebook sidebar', async () => {
    workbench = await openWorkbench({ file: 'draft.md' });
    const { page } = workbench;
    await workbench.hover('Siân James', { expect: 'Reveal in sidebar' });
    await page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Reveal in sidebar' }).first().click();
    const row = page.locator('.monaco-list-row.selected[aria-label^="Siân James, person"]').first();
    await row.waitFor({ timeout: 20_000 });
    await workbench.screenshot('hover-reveal-in-sidebar');
  });
});
