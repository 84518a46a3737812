import * as assert from 'node:assert/strict';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

describe('The first-run walkthrough', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  async function openWalkthrough(workbench: Workbench): Promise<void> {
    await workbench.runCommand('Welcome: Open Walkthrough...');
    await workbench.quickPickType('Sourcebook');
    await workbench.quickPickSelect('Get Started with Sourcebook');
    await workbench.page.getByText('Rest the pointer on a name').first().waitFor({ timeout: 30_000 });
  }

  it('opens the sample draft and shows the card for Siân James from its first step’s button', async () => {
    workbench = await openWorkbench();
    const { page } = workbench;
    await openWalkthrough(workbench);
    const button = page.getByRole('button', { name: 'Open the Sample Draft and Show a Card' }).first();
    await button.waitFor({ timeout: 15_000 });
    await page.locator('.getting-started-media img, .getting-started-media').first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('walkthrough');
    await button.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ timeout: 30_000 });
    const card = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Siân James' }).last();
    await card.waitFor({ timeout: 60_000 });
    assert.match(await card.innerText(), /Dulais/);
    assert.match(await workbench.editorText(), /^# Shoulder to shoulder: LGSM and the miners of Dulais/);
    await workbench.screenshot('walkthrough-sample-draft-card');
  });

  it('shows each step with its image and its button', async () => {
    workbench = await openWorkbench();
    const { page } = workbench;
    await openWalkthrough(workbench);
    const steps: Array<[string, string, string]> = [
      ['Browse the sources and the people in them', 'Open the Sourcebook Sidebar', 'sidebar.png'],
      ['Insert a quotation', 'Insert a Quotation in the Sample Draft', 'quotation.png'],
      ['Cite in your chosen style', 'Insert a Citation in the Sample Draft', 'citation.png'],
    ];
    for (const [title, buttonName, file] of steps) {
      await page.getByText(title, { exact: true }).first().click();
      await page.getByRole('button', { name: buttonName }).first().waitFor({ timeout: 15_000 });
      // The step's image, shown once it has loaded (naturalWidth stays 0 for a missing file).
      const image = page.locator('.getting-started-media img:visible').first();
      await image.waitFor({ timeout: 15_000 });
      const shown = `[...document.querySelectorAll(".getting-started-media img")].some((img) => img.offsetParent && img.naturalWidth > 0 && decodeURIComponent(img.currentSrc).includes(${JSON.stringify(`walkthrough/${file}`)}))`;
      await page
        .waitForFunction(shown, undefined, { timeout: 15_000 })
        .catch(async () => assert.fail(`the image of "${title}" did not load: ${await page.evaluate('[...document.querySelectorAll(".getting-started-media img")].map((img) => [decodeURIComponent(img.currentSrc), img.offsetParent ? "shown" : "hidden", img.naturalWidth].join(" ")).join("; ")')}`));
    }
    await workbench.screenshot('walkthrough-citation-step');
  });

  it('inserts a quotation into the sample draft, and opens the citation picker there, from the buttons of steps three and four', async () => {
    workbench = await openWorkbench();
    const { page } = workbench;
    await openWalkthrough(workbench);
    await page.getByText('Insert a quotation', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Insert a Quotation in the Sample Draft' }).first().click();
    await page.locator('.quick-input-widget', { hasText: 'Insert Quotation' }).first().waitFor({ timeout: 30_000 });
    await workbench.quickPickType('lodge banner welfare');
    await workbench.quickPickSelect('lodge banner');
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ timeout: 30_000 });
    // The sample opens before the quotation goes in: wait for its citation, a Pandoc citation like the sample's own
    // (the default style, Chicago author-date, cites in the text).
    const text = await workbench.editorTextContaining('quoted in @crossan2025');
    assert.match(text, /^# Shoulder to shoulder/);
    assert.match(text, /-->\n\n“There’s a lodge banner down in the welfare\.” \[Dai Donovan, quoted in @crossan2025, para\. 4\]\n\nReviewers agreed/, 'the quotation is a paragraph of its own');
    assert.doesNotMatch(text, /\[\^1\]/, 'no footnote among the sample’s in-text citations');
    await workbench.screenshot('walkthrough-quotation-inserted');

    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
    await page.getByText('Cite in your chosen style', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Insert a Citation in the Sample Draft' }).first().click();
    await page.locator('.quick-input-widget', { hasText: 'Insert Citation' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });
});
