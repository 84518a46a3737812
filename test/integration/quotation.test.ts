import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { FOOTNOTES, PANDOC_FORMS, activateExtension, closeAllEditors, openDraft, select, sleep, waitFor, withSettings, type InsertionResult } from './citingHelpers';

const insertQuotation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation', args);
const library = bundledLibrary();

/** The words a source records as spoken by someone else in a paragraph, from the corpus itself. */
function speech(key: string, paragraph: number) {
  const quotation = library.source(key)?.quotations.find((q) => q.paragraph === paragraph);
  const text = library.paragraph(key, paragraph)?.text;
  assert.ok(quotation && text !== undefined, `${key} has no recorded quotation in paragraph ${paragraph}`);
  return { words: text.slice(quotation.start, quotation.end), speaker: quotation.speakerName, text };
}

describe('Insert Quotation', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('quotes a sentence inline with its citation, "quoted in" when a character speaks it', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('Dai Donovan says|');
      const result = await insertQuotation({ query: 'lodge banner down in the welfare' });
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'Dai Donovan says “There’s a lodge banner down in the welfare.” [Dai Donovan, quoted in @crossan2025, para. 4]');
    });
  });

  it('searches as the writer types in the real picker and inserts the chosen passage', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('lodge banner welfare');
      select(editor, 'lodge banner welfare');
      // The selected words fill the picker's search box; Enter takes the best hit.
      const pending = insertQuotation();
      await sleep(800);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const result = await pending;
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'lodge banner welfare “There’s a lodge banner down in the welfare.” [Dai Donovan, quoted in @crossan2025, para. 4]');
    });
  });

  it('sets a long quotation as a block quotation on lines of its own', async () => {
    const { words, speaker } = speech('crossan2025', 4);
    assert.ok(words.split(/\s+/).length >= 40, 'the speech should be over the 40-word threshold');
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('In one scene Dai Donovan says:|\n\nAfter.\n');
      await insertQuotation({ key: 'crossan2025', paragraph: 4 });
      assert.equal(editor.document.getText(), `In one scene Dai Donovan says:\n\n> ${words} [${speaker}, quoted in @crossan2025, para. 4]\n\nAfter.\n`);
    });
  });

  it('keeps a long quotation inline when the setting says inline', async () => {
    const { words } = speech('crossan2025', 4);
    await withSettings({ 'citation.form': PANDOC_FORMS, 'quotation.form': 'inline' }, async () => {
      const editor = await openDraft('He says|');
      await insertQuotation({ key: 'crossan2025', paragraph: 4 });
      assert.ok(editor.document.getText().startsWith(`He says “${words}” [`));
    });
  });

  it('writes a footnote for the quotation with the footnote form', async () => {
    await withSettings({ 'citation.form': FOOTNOTES, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('Siân James said LGSM|\n');
      const { text } = speech('byrne2014', 16);
      const start = text.indexOf('came to our aid');
      const end = text.indexOf('needed help') + 'needed help'.length;
      await insertQuotation({ key: 'byrne2014', paragraph: 16, start, end });
      assert.equal(
        editor.document.getText(),
        'Siân James said LGSM “came to our aid when we really really needed help”[^1]\n\n[^1]: Siân James, quoted in Byrne 2014, para. 16.\n',
      );
    });
  });

  it('writes ``…\'\' and a tied \\cite in LaTeX under the latex form', async () => {
    const text = library.paragraph('byrne2014', 2)?.text ?? '';
    const words = text.split(' ').slice(0, 6).join(' ');
    assert.doesNotMatch(words, /[\\{}$&#%_^~"“”]/, 'pick words without LaTeX specials for this check');
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('Byrne writes |.', 'latex');
      await insertQuotation({ key: 'byrne2014', paragraph: 2, start: 0, end: words.length });
      assert.equal(editor.document.getText(), `Byrne writes \`\`${words}''~\\cite[para.~2]{byrne2014}.`);
    });
  });
});

describe('Quote Selection in Draft', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('quotes words selected in the source reader into the draft last edited, with the paragraph', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const draft = await openDraft('She remembered that LGSM|\n');
      const { text } = speech('byrne2014', 16);
      const start = text.indexOf('came to our aid');
      const end = text.indexOf('needed help') + 'needed help'.length;
      await vscode.commands.executeCommand('sourcebook.openSource', 'byrne2014', 16, { start, end });
      await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'sourcebook' && !vscode.window.activeTextEditor.selection.isEmpty, 'the reader with the words selected');
      const result = await vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.quoteSelectionInDraft');
      assert.equal(result?.inserted, true);
      assert.equal(draft.document.getText(), 'She remembered that LGSM “came to our aid when we really really needed help” [Siân James, quoted in @byrne2014, para. 16]\n');
    });
  });

});
