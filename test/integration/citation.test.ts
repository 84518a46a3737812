import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { FOOTNOTES, PANDOC_FORMS, activateExtension, closeAllEditors, openDraft, select, withSettings, type InsertionResult } from './citingHelpers';

const insertCitation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', args);

describe('Insert Citation', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('writes a Pandoc citation with the paragraph after the word at the cursor', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('They called it solidarity| and meant it.');
      const result = await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'They called it solidarity [@crossan2025, para. 4] and meant it.');
    });
  });

  it('puts several sources in one citation, in the order chosen', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('Two accounts agree.|');
      await insertCitation({ items: [{ key: 'crossan2025', paragraph: 4 }, { key: 'byrne2014', paragraph: '16-17' }] });
      assert.equal(editor.document.getText(), 'Two accounts agree. [@crossan2025, para. 4; @byrne2014, paras. 16-17]');
    });
  });

  it('adds a numbered Markdown footnote and its note at the end, with the footnote form', async () => {
    await withSettings({ 'citation.form': FOOTNOTES, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('The banner was a hundred years old.|\n\nMore prose.\n');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      assert.equal(editor.document.getText(), 'The banner was a hundred years old.[^1]\n\nMore prose.\n\n[^1]: Crossan 2025, para. 4.\n');
    });
  });

  it('cites a source in full the first time and short after, with a notes style', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('First.| Second.\n');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      const end = editor.document.getText().indexOf('Second.') + 'Second.'.length;
      editor.selection = new vscode.Selection(editor.document.positionAt(end), editor.document.positionAt(end));
      await insertCitation({ keys: ['crossan2025'], paragraph: 7 });
      const text = editor.document.getText();
      assert.match(text, /^First\.\[\^1\] Second\.\[\^2\]\n/);
      assert.match(text, /\[\^1\]: Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para\. 4, https:\/\/systemchange\.nz\/2025\/02\/15\/an-ode-to-solidarity-and-organisation\/\.\n/);
      assert.match(text, /\[\^2\]: Crossan, “An Ode to Solidarity and Organisation,” para\. 7\.\n$/);
    });
  });

  it('writes \\cite with a tied paragraph locator in LaTeX under the latex form', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('\\begin{document}\nAs the review says|.\n\\end{document}\n', 'latex');
      await insertCitation({ keys: ['byrne2014'], paragraph: 12 });
      assert.equal(editor.document.getText(), '\\begin{document}\nAs the review says~\\cite[para.~12]{byrne2014}.\n\\end{document}\n');
    });
  });

  it('writes an author-date citation in plain text, in the style chosen in the settings (applied live)', async () => {
    const editor = await openDraft('A claim|.', 'plaintext');
    await withSettings({ 'citation.style': 'chicago-author-date' }, () => insertCitation({ keys: ['crossan2025'], paragraph: 4 }));
    assert.equal(editor.document.getText(), 'A claim (Crossan 2025, para. 4).');
    await withSettings({ 'citation.style': 'apa' }, () => insertCitation({ keys: ['byrne2014'] }));
    assert.equal(editor.document.getText(), 'A claim (Crossan 2025, para. 4) (Byrne, 2014).');
  });

  it('cites the unsigned Wikipedia article by its title under MLA and APA, in plain text and in a footnote', async () => {
    const forms = { markdown: 'footnote', latex: 'latex', plaintext: 'plain' };
    const text = await openDraft('LGSM raised £22,500|.', 'plaintext');
    await withSettings({ 'citation.style': 'mla', 'citation.form': forms }, () => insertCitation({ keys: ['wikipedia-lgsm'], paragraph: 2 }));
    assert.equal(text.document.getText(), 'LGSM raised £22,500 (“Lesbians and Gays Support the Miners,” par. 2).');
    await withSettings({ 'citation.style': 'apa', 'citation.form': forms }, () => insertCitation({ keys: ['wikipedia-lgsm'], paragraph: 2 }));
    assert.equal(text.document.getText(), 'LGSM raised £22,500 (“Lesbians and Gays Support the Miners,” par. 2) (“Lesbians and Gays Support the Miners,” n.d., para. 2).');
    const markdown = await openDraft('LGSM raised £22,500.|\n');
    await withSettings({ 'citation.style': 'mla', 'citation.form': forms }, () => insertCitation({ keys: ['wikipedia-lgsm'], paragraph: 2 }));
    assert.equal(markdown.document.getText(), 'LGSM raised £22,500.[^1]\n\n[^1]: “Lesbians and Gays Support the Miners,” par. 2.\n');
  });

  it('finds the paragraph of selected words that come from a source, in the picker', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('She said LGSM came to our aid when we really really needed help, and it mattered.');
      select(editor, 'came to our aid when we really really needed help');
      const pending = insertCitation();
      // The picker opens with the passage's source first; Enter takes it.
      await new Promise((resolve) => setTimeout(resolve, 600));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const result = await pending;
      assert.equal(result?.inserted, true);
      assert.equal(editor.document.getText(), 'She said LGSM came to our aid when we really really needed help [@byrne2014, para. 16], and it mattered.');
    });
  });

  it('cites a source that names an entity, at the paragraph of its first mention (Insert citation on a card)', async () => {
    const library = bundledLibrary();
    const mentioning = library.sourcesMentioning('mark-ashton').find((m) => m.source.meta.key === 'byrne2014');
    assert.ok(mentioning, 'Byrne 2014 should mention Mark Ashton');
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('Mark Ashton|');
      await vscode.commands.executeCommand('sourcebook.citeEntity', { entityId: 'mark-ashton', key: 'byrne2014' });
      assert.equal(editor.document.getText(), `Mark Ashton [@byrne2014, para. ${mentioning.mentions[0].paragraph}]`);
    });
  });

  it('cites a source given by its key from the sources tree', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('See|');
      await vscode.commands.executeCommand('sourcebook.citeEntity', { source: 'wikipedia-lgsm', paragraph: 9 });
      assert.equal(editor.document.getText(), 'See [@wikipedia-lgsm, para. 9]');
    });
  });

  it('refuses an unknown key with a message and leaves the draft alone', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('Text|');
      const result = await insertCitation({ keys: ['no-such-source'] });
      assert.equal(result?.inserted, false);
      assert.match(result?.message ?? '', /No source has the key "no-such-source"/);
      assert.equal(editor.document.getText(), 'Text');
    });
  });
});

describe('Citation key completion', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  async function completions(content: string, language: string): Promise<vscode.CompletionItem[]> {
    const editor = await openDraft(content, language);
    // VS Code resolves an item (its formatted reference) when it shows it; the command resolves the first 20.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active, undefined, 20);
    return list.items.filter((item) => item.kind === vscode.CompletionItemKind.Reference);
  }

  const label = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

  it('offers every source key with its formatted reference after [@ in Markdown', async () => {
    const items = await completions('As argued [@|', 'markdown');
    assert.deepEqual(items.map(label).sort(), ['bossy-lovewins', 'byrne2014', 'crossan2025', 'wikipedia-lgsm']);
    const crossan = items.find((item) => label(item) === 'crossan2025');
    assert.match(String(crossan?.detail), /^Crossan, Elliot\. 2025\. “An Ode to Solidarity and Organisation\.”/);
  });

  it('offers keys inside \\cite{ in LaTeX, after a comma too', async () => {
    const items = await completions('\\cite{byrne2014,|}', 'latex');
    assert.ok(items.map(label).includes('wikipedia-lgsm'));
  });

  it('stays quiet after an e-mail address in prose', async () => {
    const items = await completions('write to me@|', 'markdown');
    assert.deepEqual(items.map(label), []);
  });
});
