import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, nonEmpty, sleep, waitFor } from './citingHelpers';

// Quotations in a draft checked against the bundled corpus inside a real VS Code: the diagnostics appear where
// vscode.languages.getDiagnostics reports them, and each quick fix, applied as VS Code applies it, leaves the
// draft reading as it should. The sentences are from Crossan's review (crossan2025), paragraphs 6 and 8.

function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Sourcebook' && (code === undefined || d.code === code));
}

const written: vscode.Uri[] = [];

async function writeDraft(name: string, text: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  written.push(uri);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: RegExp): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action, `no quick fix ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(action.edit, 'the quick fix carries no edit');
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
}

const DRAFT = `# Solidarity (quotation check test)

Crossan wrote that "The power of the ruling class is very concentrated" [@crossan2025, para. 6].

He added: "It is relatively easy for the top 1% to organise collectively" [@crossan2025, para. 8].

Then: "Thatcher’s war against the NUM succeeded, and the consequences were tragic."

Someone said "the moon is made of green cheese entirely" once.
`;

describe('Quotations checked against their sources as the writer works', () => {
  let counter = 0;
  const config = () => vscode.workspace.getConfiguration('sourcebook');

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('citation.form', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('quotationCheck.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('warns about changed words, a wrong paragraph and an uncited quotation, and leaves an unknown one alone', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const diagnostics = await waitFor(() => (ours(document.uri).length >= 3 ? ours(document.uri) : undefined), 'three quotation diagnostics');
    assert.equal(diagnostics.length, 3, diagnostics.map((d) => d.message).join('\n'));

    const [differs] = ours(document.uri, 'quotation-differs');
    assert.equal(differs.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(differs.message, /^The source says: “The power of the ruling class is highly concentrated”/);
    assert.equal(document.getText(differs.range), 'The power of the ruling class is very concentrated');

    const [wrong] = ours(document.uri, 'quotation-wrong-citation');
    assert.equal(wrong.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(wrong.range), '[@crossan2025, para. 8]');
    assert.match(wrong.message, /crossan2025\), paragraph 6/);

    const [uncited] = ours(document.uri, 'quotation-uncited');
    assert.equal(uncited.severity, vscode.DiagnosticSeverity.Information);
    assert.match(document.getText(uncited.range), /^"Thatcher’s war against the NUM/);

    const moon = document.getText().indexOf('the moon');
    assert.ok(!ours(document.uri).some((d) => d.range.contains(document.positionAt(moon))), 'a quotation found in no source is left alone');
  });

  it('replaces a misquotation with the source’s words', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const [differs] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-differs')), 'the changed-words warning');
    await applyFix(document, differs, /source’s words/);
    assert.match(document.getText(), /Crossan wrote that "The power of the ruling class is highly concentrated" \[@crossan2025, para\. 6\]\./);
    await waitFor(() => ours(document.uri, 'quotation-differs').length === 0, 'the warning to go once the words are right');
  });

  it('corrects a citation that names the wrong paragraph', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const [wrong] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-wrong-citation')), 'the wrong-citation warning');
    await applyFix(document, wrong, /Cite .*paragraph 6 instead/);
    assert.match(document.getText(), /organise collectively" \[@crossan2025, para\. 6\]\./);
    await waitFor(() => ours(document.uri, 'quotation-wrong-citation').length === 0, 'the warning to go once the citation is right');
  });

  it('adds a Pandoc citation to an uncited quotation under an in-text style, by default', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const [uncited] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-uncited')), 'the uncited information');
    await applyFix(document, uncited, /Add a citation/);
    assert.match(document.getText(), /the consequences were tragic\." \[@crossan2025, para\. 8\]\n/);
    await waitFor(() => ours(document.uri, 'quotation-uncited').length === 0, 'the information to go once cited');
  });

  it('adds a footnote to an uncited quotation when the writer cites in footnotes', async () => {
    await config().update('citation.form', { markdown: 'footnote', latex: 'latex', plaintext: 'plain' }, vscode.ConfigurationTarget.Workspace);
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const [uncited] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-uncited')), 'the uncited information');
    await applyFix(document, uncited, /Add a citation/);
    const text = document.getText();
    assert.match(text, /the consequences were tragic\."\[\^1\]\n/);
    assert.match(text, /\n\n\[\^1\]: [^\n]*Crossan[^\n]*\n$/, `the note is not at the end:\n${text}`);
  });

  it('corrects a LaTeX citation and keeps the writer’s \\parencite', async () => {
    const tex = '\\documentclass{article}\n\\begin{document}\nHe added: ``It is relatively easy for the top 1\\% to organise collectively\'\' \\parencite[para.~8]{crossan2025}.\n\\end{document}\n';
    const document = await writeDraft(`check-${++counter}.tex`, tex);
    if (document.languageId !== 'latex') await vscode.languages.setTextDocumentLanguage(document, 'latex');
    const [wrong] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-wrong-citation')), 'the wrong-citation warning in LaTeX');
    await applyFix(document, wrong, /Cite .*paragraph 6 instead/);
    assert.match(document.getText(), /collectively'' \\parencite\[para\.~6\]\{crossan2025\}\./);
  });

  it('checks a plain-text draft too', async () => {
    const document = await writeDraft(`check-${++counter}.txt`, 'Crossan: "The power of the ruling class is very concentrated."\n');
    if (document.languageId !== 'plaintext') await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    const [differs] = await waitFor(() => nonEmpty(ours(document.uri, 'quotation-differs')), 'the changed-words warning in plain text');
    assert.match(differs.message, /highly concentrated/);
  });

  it('updates as the writer types, and drops the warning when the word is put right', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    await waitFor(() => ours(document.uri, 'quotation-differs').length === 1, 'the first check');
    const at = document.getText().indexOf('very concentrated');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 4)), 'highly'));
    await waitFor(() => ours(document.uri, 'quotation-differs').length === 0, 'the warning to go after typing the right word', 5_000);
    const tragic = document.getText().indexOf('were tragic');
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(tragic), document.positionAt(tragic + 4)), 'are'));
    await waitFor(() => ours(document.uri, 'quotation-differs').length === 1, 'a warning on the newly changed word', 5_000);
    assert.match(ours(document.uri, 'quotation-differs')[0].message, /the consequences were tragic/);
  });

  it('re-checks a long draft quickly as the writer types in it', async function () {
    this.timeout(60_000);
    // 100 copies of the test draft: 400 quotations, 300 of them diagnosed.
    const long = Array.from({ length: 100 }, () => DRAFT.replace(/^# .*\n/, '')).join('\n');
    const document = await writeDraft(`check-${++counter}.md`, long);
    await waitFor(() => ours(document.uri).length === 300, 'the first check of the long draft', 30_000);
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().lastIndexOf('very concentrated');
    const before = Date.now();
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 4)), 'highly'));
    // Timed from the moment the edit is in the document: what the check adds to the writer's typing.
    const started = Date.now();
    await waitFor(() => ours(document.uri).length === 299, 'the last misquotation’s warning to go', 10_000);
    const editMs = Date.now() - started;
    console.log(`      long draft (${document.lineCount} lines, 400 quotations): diagnostics ${editMs} ms after the edit was applied (300 ms of it the typing pause; applying the edit took ${started - before} ms)`);
    assert.ok(editMs < 1000, `the check after an edit took ${editMs} ms`);
  });

  it('runs on demand and reports a summary', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    const summary = await vscode.commands.executeCommand<Record<string, number>>('sourcebook.checkQuotations', document.uri);
    assert.deepEqual(summary, { verified: 0, differs: 1, wrongCitation: 1, uncited: 1, notFound: 1, noText: 0 });
  });

  it('leaves the Problems panel untouched when a check finds what it found before, so an open quick-fix menu stays open', async () => {
    // A plain-text draft: in Markdown, VS Code's own Markdown language server reports its (empty) diagnostics on
    // its own schedule, and this test listens to every change of the draft's diagnostics.
    const document = await writeDraft(`check-${++counter}.txt`, DRAFT);
    await waitFor(() => (ours(document.uri).length === 3 ? true : undefined), 'the first check');
    let changes = 0;
    let lastChange = Date.now();
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((uri) => uri.toString() === document.uri.toString())) return;
      changes++;
      lastChange = Date.now();
    });
    try {
      // The first check's own change event may still be on its way (VS Code batches them): wait for a quiet spell.
      await waitFor(() => (Date.now() - lastChange > 500 ? true : undefined), 'the first check’s events to arrive', 10_000);
      changes = 0;
      // Five checks that find the same: each would tell VS Code of a change if the diagnostics were set again
      // (VS Code merges changes only within 50 ms). One stray change of VS Code's own is allowed for.
      for (let run = 0; run < 5; run++) {
        const summary = await vscode.commands.executeCommand<Record<string, number>>('sourcebook.checkQuotations', document.uri);
        assert.equal(summary.differs, 1, 'the check ran again and found the misquotation');
        await sleep(250);
      }
      await sleep(500);
      assert.ok(changes <= 1, `VS Code was told ${changes} times of diagnostics that did not change: it restarts its code-action request on every markers change`);

      const editor = await vscode.window.showTextDocument(document);
      const at = document.getText().indexOf('very concentrated');
      await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 4)), 'highly'));
      await waitFor(() => (ours(document.uri).length === 2 ? true : undefined), 'the warning on the corrected words to go');
      await waitFor(() => (changes > 0 ? true : undefined), 'VS Code to be told of the check that found something new');
    } finally {
      listener.dispose();
    }
  });

  it('stops checking when the setting is turned off, and starts again when it is turned on', async () => {
    const document = await writeDraft(`check-${++counter}.md`, DRAFT);
    await waitFor(() => ours(document.uri).length === 3, 'the first check');
    await config().update('quotationCheck.enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => ours(document.uri).length === 0, 'the diagnostics to go', 5_000);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'x'));
    await sleep(700);
    assert.equal(ours(document.uri).length, 0, 'no check while the setting is off');
    await config().update('quotationCheck.enabled', true, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => ours(document.uri).length === 3, 'the diagnostics to come back', 5_000);
  });
});
