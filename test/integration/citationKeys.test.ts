import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { parseSourceUri } from '../../src/edge/readerDocuments';
import { activateExtension, closeAllEditors, openDraft, sleep, waitFor, withSettings } from './citingHelpers';

// Citation keys checked against the library, and citations followed to their passages, inside a real VS Code.
// The quoted words are from Crossan's review (crossan2025), paragraph 4 (Dai Donovan's lines from the film).

const CODE = 'citation-unknown-key';

function keyWarnings(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Sourcebook' && d.code === CODE);
}

/** Waits past the 300 ms debounce and then some, for a check that should find nothing. */
async function settle(): Promise<void> {
  await sleep(1200);
}

/**
 * The "Change to …" quick fixes offered on the warning, asked for until some come: the editor's markers reach the
 * code-action machinery a moment after the extension host has them.
 */
async function keyFixes(document: vscode.TextDocument, warning: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  let fixes: vscode.CodeAction[] = [];
  await waitFor(async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    fixes = actions.filter((action) => action.title.startsWith('Change to'));
    return fixes.length > 0;
  }, 'a quick fix on the warning');
  return fixes;
}

async function definitions(document: vscode.TextDocument, offset: number): Promise<vscode.LocationLink[]> {
  const links = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', document.uri, document.positionAt(offset));
  return links.filter((link): link is vscode.LocationLink => 'targetUri' in link && link.targetUri.scheme === 'sourcebook');
}

describe('Citation keys no source has, and citations followed to their passage', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('warns on a misspelt key, on the key alone, and offers the key meant', async () => {
    const editor = await openDraft('As Crossan puts it [@crosan2025, para. 4].\n');
    const { document } = editor;
    await waitFor(() => keyWarnings(document.uri).length > 0, 'a warning on the unknown key');
    const warnings = keyWarnings(document.uri);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warnings[0].message, 'No source has the key "crosan2025".');
    assert.equal(document.getText(warnings[0].range), 'crosan2025');
    const fixes = await keyFixes(document, warnings[0]);
    assert.deepEqual(fixes.map((a) => a.title), ['Change to crossan2025']);
  });

  it('changes only the key with the fix, clears the warning, and one undo restores the draft', async () => {
    const text = 'First [@crosan2025, para. 4] and then [@byrne2014].\n';
    const editor = await openDraft(text);
    const { document } = editor;
    await waitFor(() => keyWarnings(document.uri).length === 1, 'a warning on the unknown key');
    const [warning] = keyWarnings(document.uri);
    const fixes = await keyFixes(document, warning);
    const fix = fixes.find((a) => a.title === 'Change to crossan2025');
    assert.ok(fix?.edit, `no fix among: ${fixes.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), text.replace('crosan2025', 'crossan2025'));
    await waitFor(() => keyWarnings(document.uri).length === 0, 'the warning to go once the key is right');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), text);
  });

  it('says nothing about a known key, an e-mail address, a code span or a commented citation', async () => {
    const text = [
      'Known [@crossan2025, para. 4] and [see @byrne2014; @wikipedia-lgsm].',
      'Write to [editor@example.org] or follow @lgsm_official.',
      'Type `[@nosuchkey]` to cite.',
      '<!-- [@anothermissing] -->',
      '',
    ].join('\n');
    const editor = await openDraft(text);
    // An unknown key at the end shows that the check ran: then everything above it was read and let pass.
    await editor.edit((edit) => edit.insert(editor.document.positionAt(text.length), 'Last [@crosan2025].\n'));
    await waitFor(() => keyWarnings(editor.document.uri).length > 0, 'the check to run');
    assert.deepEqual(keyWarnings(editor.document.uri).map((d) => editor.document.getText(d.range)), ['crosan2025']);
  });

  it('checks the keys of LaTeX citations, each on its own', async () => {
    const editor = await openDraft('As \\cite{crossan2025,nosuch} and \\parencite[para.~4]{byrne2041}. % \\cite{commented}\n', 'latex');
    await waitFor(() => keyWarnings(editor.document.uri).length === 2, 'two warnings');
    assert.deepEqual(keyWarnings(editor.document.uri).map((d) => editor.document.getText(d.range)), ['nosuch', 'byrne2041']);
  });

  it('clears the warnings when the check is turned off, and shows them again when it is turned on', async () => {
    const editor = await openDraft('As Crossan puts it [@crosan2025, para. 4].\n');
    await waitFor(() => keyWarnings(editor.document.uri).length === 1, 'a warning on the unknown key');
    await withSettings({ 'citation.checkKeys': false }, async () => {
      await waitFor(() => keyWarnings(editor.document.uri).length === 0, 'the warnings to clear');
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'More [@nosuch].\n'));
      await settle();
      assert.equal(keyWarnings(editor.document.uri).length, 0);
    });
    await waitFor(() => keyWarnings(editor.document.uri).length === 2, 'the warnings to come back');
  });

  /** A source file's text, in the bundled corpus's format. */
  const sourceText = (key: string, title: string, body: string) =>
    `---\nkey: ${key}\ntitle: ${title}\nauthor:\n  - literal: Sourcebook test suite\ntype: manuscript\n---\n${body}\n`;

  /** Writes `files` (name → text) into a new folder of the workspace, lists it in `sources.folders` while `use` runs. */
  async function withSourcesFolder(prefix: string, files: Map<string, string>, use: () => Promise<void>): Promise<void> {
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the test window has no workspace folder');
    const name = `${prefix}-${Date.now()}`;
    const folder = vscode.Uri.joinPath(workspace.uri, name);
    await Promise.all([...files].map(([file, text]) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, file), new TextEncoder().encode(text))));
    await vscode.workspace.getConfiguration('sourcebook').update('sources.folders', [name], vscode.ConfigurationTarget.Workspace);
    try {
      await use();
    } finally {
      await vscode.workspace.getConfiguration('sourcebook').update('sources.folders', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    }
  }

  it('takes the warning back once the writer adds a source with that key', async function () {
    this.timeout(40_000);
    const files = new Map([['notes.md', sourceText('writer-notes2026', 'Notes written by the integration test', 'A first paragraph.')]]);
    const editor = await openDraft('From my own notes [@writer-notes2026].\n');
    await waitFor(() => keyWarnings(editor.document.uri).length === 1, 'a warning before the source exists');
    await withSourcesFolder('citation-keys-sources', files, async () => {
      await waitFor(() => keyWarnings(editor.document.uri).length === 0, 'the warning to go once the source is loaded', 30_000);
    });
  });

  it('does not warn, even for a moment, about a key of a source still being read', async function () {
    this.timeout(90_000);
    // Enough files that reading them takes longer than the check's 300 ms pause; the cited one is read last.
    const paragraph = 'The miners and their supporters met in the welfare hall to plan the collections. '.repeat(12);
    const files = new Map(
      Array.from({ length: 400 }, (_, i) => [`z${String(i).padStart(3, '0')}.md`, sourceText(i === 399 ? 'writer-slow2026' : `writer-filler${i}`, `Filler ${i}`, paragraph)]),
    );
    await withSourcesFolder('citation-keys-many', files, async () => {
      const editor = await openDraft('From my own notes [@writer-slow2026].\n');
      const seen: string[] = [];
      const started = Date.now();
      while (Date.now() - started < 4000) {
        for (const warning of keyWarnings(editor.document.uri)) seen.push(warning.message);
        await sleep(25);
      }
      assert.deepEqual(seen, [], 'no warning on the key while its source was being read');
      // The check did run: a key no source has is warned about in the same draft.
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'And [@nosuch2026].\n'));
      await waitFor(() => keyWarnings(editor.document.uri).length === 1, 'a warning on the unknown key', 30_000);
      assert.match(keyWarnings(editor.document.uri)[0].message, /nosuch2026/);
    });
  });

  it('goes from [@crossan2025, para. 4] to paragraph 4 in the source reader', async () => {
    const editor = await openDraft('Solidarity, as Crossan sees it [@crossan2025, para. 4].\n');
    const links = await definitions(editor.document, editor.document.getText().indexOf('crossan2025'));
    assert.equal(links.length, 1);
    const [link] = links;
    assert.equal(parseSourceUri(link.targetUri)?.key, 'crossan2025');
    assert.equal(editor.document.getText(link.originSelectionRange), '[@crossan2025, para. 4]');
    const reader = await vscode.workspace.openTextDocument(link.targetUri);
    const paragraph4 = bundledLibrary().paragraph('crossan2025', 4)!.text;
    assert.equal(reader.getText(link.targetSelectionRange ?? link.targetRange), paragraph4);
    assert.ok(reader.lineAt(link.targetRange.start.line).text.startsWith('[4] '));
  });

  it('goes to the quoted words themselves when the citation follows a quotation from that paragraph', async () => {
    const quoted = 'You support me and I support you';
    const editor = await openDraft(`Dai Donovan puts it simply: “${quoted}” [@crossan2025, para. 4].\n`);
    const links = await definitions(editor.document, editor.document.getText().indexOf('para. 4'));
    assert.equal(links.length, 1);
    const reader = await vscode.workspace.openTextDocument(links[0].targetUri);
    assert.equal(reader.getText(links[0].targetSelectionRange), quoted);
    assert.equal(reader.getText(links[0].targetRange), bundledLibrary().paragraph('crossan2025', 4)!.text);
  });

  it('goes to the first paragraph of a source cited without one, and to each source of a citation of several', async () => {
    const editor = await openDraft('See [@byrne2014; @crossan2025, para. 6].\n');
    const links = await definitions(editor.document, editor.document.getText().indexOf('byrne2014'));
    assert.deepEqual(links.map((link) => parseSourceUri(link.targetUri)?.key), ['byrne2014', 'crossan2025']);
    const first = await vscode.workspace.openTextDocument(links[0].targetUri);
    assert.ok(first.lineAt(links[0].targetSelectionRange!.start.line).text.startsWith('[1] '));
    const second = await vscode.workspace.openTextDocument(links[1].targetUri);
    assert.ok(second.lineAt(links[1].targetSelectionRange!.start.line).text.startsWith('[6] '));
  });

  it('still goes from a name to its passages outside citations', async () => {
    const editor = await openDraft('We remember Mark Ashton [@crossan2025].\n');
    const links = await definitions(editor.document, editor.document.getText().indexOf('Ashton'));
    assert.equal(links.length, bundledLibrary().entity('mark-ashton')!.mentions.length);
  });
});
