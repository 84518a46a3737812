import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PANDOC_FORMS, activateExtension, closeAllEditors, completionKeys, openDraft, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';

// A PDF in the writer's sources folder inside a real VS Code: the test article (test/fixtures/pdf/article.pdf, pages
// labelled from 201) is copied into a folder of the workspace, which becomes the sources folder.
const insertQuotation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation', args);

/** The second paragraph of the article runs from page 201 to 202; these words are on both sides of the break. */
const ACROSS = 'Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter';
const SECOND =
  'The second paragraph begins here and carries on for quite a while so that it fills the page and runs across the page break. It speaks of fields and flowers, of difficult conflicts, of the first benefit concert at the Electric Ballroom in Camden, and of the many letters that arrived from every corner of the country offering support. Representatives travelled back and forth between the valleys and the city throughout the long and bitter winter, carrying collections, food parcels, and messages of encouragement from strangers who had never seen a coal mine. This sentence ends after the break.';

describe('A PDF source in the quotation picker', () => {
  let sources: { remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    sources = await temporarySourcesFolder('pdf-sources', { 'example2017.pdf': { copyOf: 'test/fixtures/pdf/article.pdf' } });
    // The PDF is in the library once completion after `[@` offers its key.
    const probe = await openDraft('As argued [@|');
    await waitFor(async () => (await completionKeys(probe)).includes('example2017'), 'the PDF to be read as a source', 20_000);
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  it('inserts words from page 201 cited "p. 201", found by the words typed', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('As one account has it, |');
      const result = await insertQuotation({ query: 'efficient fluency of the miners financial officers' });
      assert.equal(result?.inserted, true);
      assert.match(editor.document.getText(), /^As one account has it, “[^”]*efficient fluency of the miners’ financial officers[^”]*” \[@example2017, p\. 201\]$/);
    });
  });

  it('inserts words across the page break cited "pp. 201-202"', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('They wrote |');
      const start = SECOND.indexOf(ACROSS);
      const result = await insertQuotation({ key: 'example2017', paragraph: 2, start, end: start + ACROSS.length });
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), `They wrote “${ACROSS}” [@example2017, pp. 201-202]`);
    });
  });
});
