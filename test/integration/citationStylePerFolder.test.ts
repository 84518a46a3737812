import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDraft, waitFor, type InsertionResult } from './citingHelpers';

// A writer with two projects open in one window (a multi-root workspace, as the integration runners open it: see
// testWorkspace.ts), each folder with its own citation style in its folder settings: APA in the first, MLA in the
// second. Whatever cites in a draft — an insertion, a hover card, the Markdown preview — cites in the style of the
// draft's own folder.

const STYLES = ['apa', 'mla'] as const;
/** Paragraph 4 of Crossan's review, cited in each style as the style writes it. */
const CROSSAN_4 = { apa: '(Crossan, 2025, para. 4)', mla: '(Crossan, par. 4)' };
/** The start of Crossan's entry in each style's bibliography. */
const CROSSAN_ENTRY = { apa: 'Crossan, E. (2025, February 15). An ode to solidarity and organisation.', mla: 'Crossan, Elliot. “An Ode to Solidarity and Organisation.”' };

/** Markdown with its backslash escapes removed: what the writer reads. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

function folders(): readonly vscode.WorkspaceFolder[] {
  return vscode.workspace.workspaceFolders ?? [];
}

/** Sets `citation.style` in each folder's own settings (first folder APA, second MLA) for the duration of `body`. */
async function withFolderStyles(body: () => Promise<void>): Promise<void> {
  const set = async (value: (index: number) => string | undefined) => {
    for (const [index, folder] of folders().slice(0, 2).entries()) {
      await vscode.workspace.getConfiguration('sourcebook', folder.uri).update('citation.style', value(index), vscode.ConfigurationTarget.WorkspaceFolder);
    }
  };
  await set((index) => STYLES[index]);
  try {
    await body();
  } finally {
    await set(() => undefined);
  }
}

/** The Sourcebook card (the only hover that trusts commands) at the first occurrence of `words`, as the writer reads it. */
async function cardText(editor: vscode.TextEditor, words: string, into = 2): Promise<string> {
  const offset = editor.document.getText().indexOf(words);
  assert.notEqual(offset, -1, `"${words}" is not in the draft`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset + into));
  const card = hovers
    .flatMap((hover) => hover.contents)
    .find((content): content is vscode.MarkdownString => typeof content !== 'string' && 'isTrusted' in content && typeof content.isTrusted === 'object');
  assert.ok(card, `no Sourcebook card on "${words}"`);
  return shown(card.value);
}

describe('Citation styles set per workspace folder', () => {
  before(async function () {
    await activateExtension();
    // The web suite opens a single folder; the integration runners open two.
    if (folders().length < 2) this.skip();
  });
  afterEach(closeAllEditors);

  it('inserts a citation in the style of the draft’s own folder', async () => {
    await withFolderStyles(async () => {
      for (const [index, style] of STYLES.entries()) {
        const editor = await openDraft('Solidarity|', 'plaintext', { folder: folders()[index] });
        const result = await vscode.commands.executeCommand<InsertionResult>('sourcebook.insertCitation', { keys: ['crossan2025'], paragraph: 4 });
        assert.equal(result?.inserted, true, result?.message);
        assert.equal(editor.document.getText(), `Solidarity ${CROSSAN_4[style]}`, `a draft in the ${style} folder`);
      }
    });
  });

  it('shows hover cards citing in the style of the draft’s own folder', async () => {
    await withFolderStyles(async () => {
      for (const [index, style] of STYLES.entries()) {
        const other = STYLES[1 - index];
        const editor = await openDraft('As Crossan puts it [@crossan2025, para. 4]. Sian James spoke for the valley.\n', 'markdown', { folder: folders()[index] });
        const citation = await cardText(editor, '[@crossan2025');
        assert.ok(citation.includes(CROSSAN_ENTRY[style]), `the citation card in the ${style} folder gives the ${style} entry:\n${citation}`);
        assert.ok(!citation.includes(CROSSAN_ENTRY[other]), `not the ${other} entry:\n${citation}`);
        const name = await cardText(editor, 'Sian James', 6);
        const byrne15 = { apa: '(Byrne, 2014, para. 15)', mla: '(Byrne, par. 15)' };
        assert.ok(name.includes(byrne15[style]), `Siân James’s card in the ${style} folder cites ${byrne15[style]}:\n${name}`);
      }
    });
  });

  it('renders the Markdown preview in the style of the draft’s own folder', async () => {
    await withFolderStyles(async () => {
      for (const [index, style] of STYLES.entries()) {
        const editor = await openDraft('Solidarity [@crossan2025, para. 4].\n', 'markdown', { folder: folders()[index] });
        // The preview's own renderer (VS Code's Markdown extension with Sourcebook's plugin), given the document.
        const html = await waitFor(async () => {
          const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document);
          return rendered.includes('class="sourcebook-citation"') && rendered;
        }, `the ${style} style to be ready for the preview`);
        assert.ok(html.includes(`>${CROSSAN_4[style]}</span>`), `the preview of a draft in the ${style} folder cites ${CROSSAN_4[style]}:\n${html}`);
      }
    });
  });
});
