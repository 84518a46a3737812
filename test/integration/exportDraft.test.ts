// Export Draft through the system's Pandoc (and latexmk for a LaTeX draft): a draft cited by Sourcebook in a notes
// style and in an author-date style, exported to Word, HTML and PDF, and read back as a reader sees it — the .docx's
// word/document.xml and word/footnotes.xml (unzip), the HTML's text, the PDF's text (pdftotext). Pandoc, TeX Live,
// unzip and pdftotext come from Debian (`npm run setup`). The web worker host cannot start programs: this file is
// left out of the web suite (exportDraftInTheBrowser.test.ts checks the browser's HTML export).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openDraft, withSettings, type InsertionResult } from './citingHelpers';

/** Runs a program; resolves with its standard output (as bytes decoded UTF-8). */
function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The text of a Word XML part as a reader reads it: runs joined, tags dropped, entities read. */
async function wordText(docx: vscode.Uri, part: string): Promise<string> {
  const xml = await run('unzip', ['-p', docx.fsPath, part]);
  return xml
    .replace(/<w:tab\/>/g, ' ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const count = (text: string, part: string) => text.split(part).length - 1;
const flat = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ');

/** Where each citation goes in the draft, and what it cites. */
const PLACES = [
  { after: 'LGSM chose the Dulais valley', items: [{ key: 'crossan2025', paragraph: 7 }] },
  { after: 'when we really needed help', items: [{ key: 'byrne2014', paragraph: 16 }] },
  { after: 'the pit closures programme', items: [{ key: 'crossan2025', paragraph: 18 }] },
];
const PROSE = '# Shoulder to shoulder\n\nLGSM chose the Dulais valley. Siân James said they came "when we really needed help". Ashton spoke of "the pit closures programme".\n';

/** A draft whose citations Sourcebook inserts (and its bibliography, when asked), saved. */
async function citedDraft(withBibliography: boolean): Promise<vscode.TextDocument> {
  const editor = await openDraft(PROSE);
  for (const place of PLACES) {
    const at = editor.document.positionAt(editor.document.getText().indexOf(place.after) + place.after.length);
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', { items: place.items });
    assert.equal(result?.inserted, true, result?.message);
  }
  if (withBibliography) {
    const bibliography = await vscode.commands.executeCommand<InsertionResult>('sourcebook.insertBibliography');
    assert.equal(bibliography.inserted, true, bibliography.message);
  }
  assert.ok(await editor.document.save());
  return editor.document;
}

function exportDraft(document: vscode.TextDocument, format: string, name: string): Thenable<vscode.Uri> {
  const output = vscode.Uri.joinPath(document.uri, '..', name);
  return vscode.commands.executeCommand<vscode.Uri>('sourcebook.exportDraft', { uri: document.uri, format, output });
}

describe('Export Draft', () => {
  before(activateExtension);
  afterEach(closeAllEditors);
  const PANDOC_MS = 60_000;

  it('exports a Chicago notes draft to Word: the notes as Word footnotes, full then short, and the bibliography once', async function () {
    this.timeout(PANDOC_MS);
    await withSettings({ 'citation.style': 'chicago-notes-bibliography', 'citation.form': undefined }, async () => {
      const document = await citedDraft(true);
      assert.match(document.getText(), /\[\^1\]: Elliot Crossan/, 'Sourcebook wrote footnotes');
      const docx = await exportDraft(document, 'docx', 'notes.docx');
      assert.equal(docx.path, vscode.Uri.joinPath(document.uri, '..', 'notes.docx').path);
      const notes = flat(await wordText(docx, 'word/footnotes.xml'));
      assert.ok(notes.includes('Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para. 7'), notes);
      assert.ok(notes.includes('Liam Byrne, “Pride and Prejudice,” Overland, November 2014, para. 16'), notes);
      assert.ok(notes.includes('Crossan, “An Ode to Solidarity and Organisation,” para. 18.'), `the later note is short: ${notes}`);
      const body = flat(await wordText(docx, 'word/document.xml'));
      assert.ok(body.includes('LGSM chose the Dulais valley.'), body);
      assert.equal(count(body, 'Bibliography'), 1, body);
      assert.equal(count(body, 'Crossan, Elliot. “An Ode to Solidarity and Organisation.”'), 1, body);
      assert.equal(count(body, 'Byrne, Liam. “Pride and Prejudice.”'), 1, body);
      assert.ok(!body.includes('Elliot Crossan, “An Ode'), 'the notes are footnotes, not in the body');
    });
  });

  it('exports a Chicago notes draft cited as [@key] to Word: Pandoc makes the notes, full then short, and lists each source once', async function () {
    this.timeout(PANDOC_MS);
    await withSettings({ 'citation.style': 'chicago-notes-bibliography', 'citation.form': { markdown: 'pandoc' } }, async () => {
      const document = await citedDraft(false);
      assert.match(document.getText(), /\[@crossan2025, para\. 18\]/, 'Sourcebook wrote Pandoc citations');
      const docx = await exportDraft(document, 'docx', 'notes-pandoc.docx');
      const notes = flat(await wordText(docx, 'word/footnotes.xml'));
      assert.ok(notes.includes('Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para. 7'), notes);
      assert.ok(notes.includes('Crossan, “An Ode to Solidarity and Organisation,” para. 18.'), `the later note is short: ${notes}`);
      const body = flat(await wordText(docx, 'word/document.xml'));
      assert.equal(count(body, 'Bibliography'), 1, body);
      assert.equal(count(body, 'Crossan, Elliot. “An Ode to Solidarity and Organisation.”'), 1, body);
      assert.equal(count(body, 'Byrne, Liam. “Pride and Prejudice.”'), 1, body);
    });
  });

  it('exports a Chicago author-date draft to Word: Pandoc formats “(Crossan 2025, para. 7)” and lists each reference once', async function () {
    this.timeout(PANDOC_MS);
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': undefined }, async () => {
      const document = await citedDraft(false);
      assert.match(document.getText(), /\[@crossan2025, para\. 7\]/, 'Sourcebook wrote Pandoc citations');
      const docx = await exportDraft(document, 'docx', 'author-date.docx');
      const body = flat(await wordText(docx, 'word/document.xml'));
      assert.ok(body.includes('LGSM chose the Dulais valley (Crossan 2025, para. 7).'), body);
      assert.ok(body.includes('(Byrne 2014, para. 16)'), body);
      assert.equal(count(body, 'References'), 1, body);
      assert.equal(count(body, 'Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.”'), 1, body);
      assert.equal(count(body, 'Byrne, Liam. 2014. “Pride and Prejudice.”'), 1, body);
    });
  });

  it('exports an author-date draft with Sourcebook’s bibliography to HTML: the citations, and the bibliography once', async function () {
    this.timeout(PANDOC_MS);
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': undefined }, async () => {
      const document = await citedDraft(true);
      const html = await exportDraft(document, 'html', 'author-date.html');
      const text = flat(new TextDecoder().decode(await vscode.workspace.fs.readFile(html)).replace(/<[^>]+>/g, ''));
      assert.ok(text.includes('LGSM chose the Dulais valley (Crossan 2025, para. 7).'), text);
      assert.equal(count(text, 'Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.”'), 1, text);
      assert.equal(count(text, 'Byrne, Liam. 2014. “Pride and Prejudice.”'), 1, text);
    });
  });

  it('exports a Chicago notes draft to PDF: its text has the notes and the bibliography once', async function () {
    this.timeout(PANDOC_MS * 2);
    await withSettings({ 'citation.style': 'chicago-notes-bibliography', 'citation.form': undefined }, async () => {
      const document = await citedDraft(true);
      const pdf = await exportDraft(document, 'pdf', 'notes.pdf');
      const text = flat(await run('pdftotext', ['-raw', pdf.fsPath, '-']));
      assert.ok(text.includes('Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para. 7'), text);
      assert.ok(text.includes('Crossan, “An Ode to Solidarity and Organisation,” para. 18.'), text);
      assert.equal(count(text, 'Crossan, Elliot. “An Ode to Solidarity and Organisation.”'), 1, text);
      assert.equal(count(text, 'Byrne, Liam. “Pride and Prejudice.”'), 1, text);
    });
  });

  it('exports a LaTeX draft to PDF with latexmk and biber: the biblatex citation and the bibliography', async function () {
    this.timeout(PANDOC_MS * 2);
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': undefined }, async () => {
      const editor = await openDraft('\\documentclass{article}\n\\begin{document}\nLGSM chose the Dulais valley.\n\\end{document}\n', 'latex');
      const at = editor.document.positionAt(editor.document.getText().indexOf(' valley') + ' valley'.length);
      editor.selection = new vscode.Selection(at, at);
      const result = await vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', { items: [{ key: 'crossan2025', paragraph: 7 }] });
      assert.equal(result?.inserted, true, result?.message);
      assert.ok(await editor.document.save());
      assert.match(editor.document.getText(), /\\autocite\[para\.~7\]\{crossan2025\}/);
      const pdf = await exportDraft(editor.document, 'pdf', 'latex.pdf');
      const text = flat(await run('pdftotext', ['-raw', pdf.fsPath, '-']));
      assert.ok(text.includes('LGSM chose the Dulais valley (Crossan 2025, para. 7).'), text);
      assert.equal(count(text, 'Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.”'), 1, text);
    });
  });

  it('says what to install when sourcebook.pandoc.path names no program, and writes nothing', async function () {
    this.timeout(PANDOC_MS);
    await withSettings({ 'pandoc.path': '/nonexistent/pandoc' }, async () => {
      const document = (await openDraft('Text [@crossan2025, para. 4].\n')).document;
      const output = vscode.Uri.joinPath(document.uri, '..', 'missing-pandoc.docx');
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('sourcebook.exportDraft', { uri: document.uri, format: 'docx', output })),
        /Export Draft needs Pandoc, and "\/nonexistent\/pandoc" could not be run\. Install Pandoc 2\.11 or later/,
      );
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(output)), 'no file was written');
    });
  });

  it('says Pandoc 2.9 is too old for --citeproc, naming its version, when sourcebook.pandoc.path is an old Pandoc', async function () {
    this.timeout(PANDOC_MS);
    // A stand-in for an old Pandoc: a program that answers --version as Pandoc 2.9.2.1 does.
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'old-pandoc-'));
    const program = path.join(folder, 'pandoc');
    await fs.writeFile(program, '#!/bin/sh\necho "pandoc 2.9.2.1"\necho "Compiled with pandoc-types 1.20"\n', { mode: 0o755 });
    try {
      await withSettings({ 'pandoc.path': program }, async () => {
        const document = (await openDraft('Text [@crossan2025, para. 4].\n')).document;
        await assert.rejects(
          Promise.resolve(vscode.commands.executeCommand('sourcebook.exportDraft', { uri: document.uri, format: 'html', output: vscode.Uri.joinPath(document.uri, '..', 'old.html') })),
          /Export Draft needs Pandoc 2\.11 or later \(for --citeproc\); ".*pandoc" is Pandoc 2\.9\.2\.1\. Install Pandoc 2\.11 or later/,
        );
      });
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('writes into sourcebook.export.outputFolder, named after the draft, when no output is given', async function () {
    this.timeout(PANDOC_MS);
    const folderName = `exports-${Date.now()}`;
    await withSettings({ 'export.outputFolder': folderName }, async () => {
      const document = (await openDraft('Text [@crossan2025, para. 4].\n')).document;
      const written = await vscode.commands.executeCommand<vscode.Uri>('sourcebook.exportDraft', { uri: document.uri, format: 'html' });
      const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1).replace(/\.md$/, '.html');
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      assert.ok(folder);
      assert.equal(written.toString(), vscode.Uri.joinPath(folder.uri, folderName, name).toString());
      const text = flat(new TextDecoder().decode(await vscode.workspace.fs.readFile(written)).replace(/<[^>]+>/g, ''));
      assert.ok(text.includes('Text (Crossan 2025, para. 4).'), text);
    });
  });

  it('names the draft’s line when Pandoc cannot read it', async function () {
    this.timeout(PANDOC_MS);
    const document = (await openDraft('---\ntitle: A\nauthor: [unclosed\n---\n\nText [@crossan2025, para. 4].\n')).document;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('sourcebook.exportDraft', { uri: document.uri, format: 'html', output: vscode.Uri.joinPath(document.uri, '..', 'broken.html') })),
      /Pandoc could not export draft-[\w-]+\.md: line 3: YAML parse exception/,
    );
  });
});
