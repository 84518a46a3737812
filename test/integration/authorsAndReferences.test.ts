import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDraft, select, sleep, temporarySourcesFolder, waitFor, withSettings, type InsertionResult } from './citingHelpers';

// Authors get cards, and a source Sourcebook has no text of is cited, hovered and offered in the quotation picker
// with "no text for this source". The source without text is a writer's source file with front matter and no
// body, read from a sources folder by the extension itself: no text, as a bibliography entry without a file.


/** What the writer reads of the Sourcebook card at the first `words` (+2) of the editor: escapes removed. */
async function cardText(editor: vscode.TextEditor, words: string): Promise<string> {
  const position = editor.document.positionAt(editor.document.getText().indexOf(words) + 2);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
  const card = hovers.flatMap((hover) => hover.contents).find((content): content is vscode.MarkdownString => typeof content !== 'string' && 'isTrusted' in content && typeof content.isTrusted === 'object');
  return card ? card.value.replace(/\\([!-/:-@[-`{-~])/g, '$1') : '';
}

describe('Authors and reference-only sources', () => {
  let sources: { remove: () => Promise<void> } | undefined;

  before(async function () {
    this.timeout(30_000);
    await activateExtension();
    const entry = '---\nkey: tate2017\ntitle: Hidden histories of the strike\nauthor:\n  - family: Tate\n    given: Anna\ndate: 2017\ntype: book\n---\n';
    sources = await temporarySourcesFolder('references', { 'tate2017.md': entry });
  });

  after(async () => {
    await closeAllEditors();
    await sources?.remove();
  });

  afterEach(closeAllEditors);

  it('shows Liam Byrne’s card: author of his Overland article, with links to cite and open it', async () => {
    const editor = await openDraft('As Liam Byrne wrote, the film left things out.');
    const card = await cardText(editor, 'Liam Byrne');
    assert.match(card, /^\*\*Liam Byrne\*\* · \*person\*\n\nAuthor of “Pride and prejudice,” \*Overland\*, 2014 — \[Cite\]\(command:sourcebook\.citeEntity\?.*\) · \[Open\]\(command:sourcebook\.openSource\?/);
  });

  it('shows the card of the writer’s author without text: nothing to open, only to cite', async () => {
    const editor = await openDraft('Anna Tate tells it differently.');
    const card = await waitFor(async () => {
      const text = await cardText(editor, 'Anna Tate');
      return text.includes('Anna Tate') ? text : undefined;
    }, 'a card on Anna Tate', 15_000);
    assert.match(card, /^\*\*Anna Tate\*\* · \*person\*\n\nAuthor of \*Hidden histories of the strike\*, 2017 — \[Cite\]\(command:sourcebook\.citeEntity\?[^)]*\)\n\nNot named in any source\./);
  });

  it('shows the reference and "No text in Sourcebook" on a citation of a source without text', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('See [@tate2017, p. 45].');
      const card = await waitFor(async () => {
        const text = await cardText(editor, 'tate2017');
        return text.includes('Hidden') ? text : undefined;
      }, 'a card on the citation', 15_000);
      assert.equal(card, 'Tate, Anna. 2017. Hidden Histories of the Strike.\n\n*No text in Sourcebook for this source — cite it; quotations cannot be checked.*');
    });
  });

  it('lists a source without text in the quotation picker, and says "no text for this source" when it is picked', async () => {
    const editor = await openDraft('tate hidden histories');
    select(editor, 'tate hidden histories');
    const pending = vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation');
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await pending;
    assert.deepEqual(result, {
      inserted: false,
      message: 'No text for this source: Tate 2017 (tate2017) is a reference only, so there is nothing to quote from it and its quotations cannot be checked. Cite it instead.',
    });
    assert.equal(editor.document.getText(), 'tate hidden histories', 'nothing was inserted');
  });

  it('marks a quotation cited to a source without text as one Sourcebook cannot check', async () => {
    const editor = await openDraft('Tate: “the strike was a school for everyone who joined it” [@tate2017, p. 45].\n');
    const diagnostics = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Sourcebook' && d.code === 'quotation-no-text');
        return found.length > 0 ? found : undefined;
      },
      'the quotation check',
      15_000,
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.message, editor.document.getText(d.range)]),
      [[vscode.DiagnosticSeverity.Information, 'No text for this source: Sourcebook cannot check this quotation (tate2017 is a reference only).', 'the strike was a school for everyone who joined it']],
    );
  });
});
