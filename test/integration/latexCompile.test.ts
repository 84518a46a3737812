// The sample draft.tex, its citations inserted by Sourcebook under biblatex in three styles (and as formatted text),
// compiled as a writer compiles it (latexmk -pdf, which runs biber) and read back from the PDF with pdftotext: the
// style's citations and its bibliography entry, the URL unbroken by hyphens. latexmk, biber, TeX Live's biblatex styles and pdftotext
// come from Debian (`npm run setup`). The extension host is Node, so the test starts the programs itself; the web
// worker host cannot, and this file is left out of the web suite.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, withSettings, type InsertionResult } from './citingHelpers';

/** Runs a program in `cwd`; rejects with its output when it fails. */
function run(program: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new Error(missing ? `${program} is not installed: run \`npm run setup\` (it installs latexmk, biber, TeX Live's biblatex styles and pdftotext from Debian).` : `${program} failed: ${error.message}\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** The sample's three citations, taken out so Sourcebook can put them back: where each was, and what it cites. */
const PLACES = [
  { after: 'on strike with the NUM', cite: '~\\cite{wikipedia-lgsm}', items: [{ key: 'wikipedia-lgsm', paragraph: 2 }] },
  { after: 'we really really needed help}', cite: '~\\cite{byrne2014}', items: [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }] },
  { after: 'the London activists and Dulais', cite: '~\\cite{crossan2025}', items: [{ key: 'crossan2025', paragraph: 12 }] },
];

/**
 * Writes the sample draft without its citations to `latex-compile/<style>/draft.tex`, inserts each citation with
 * Insert Citation and the bibliography with Insert Bibliography, saves, compiles, and returns the PDF's text.
 */
async function compileSample(style: string): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  assert.equal(folder.uri.scheme, 'file', 'the extension host sees the workspace on disk');
  const sample = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'draft.tex')));
  let text = sample;
  for (const place of PLACES) {
    assert.ok(text.includes(place.after + place.cite), `sample/draft.tex still has "${place.after}${place.cite}"`);
    text = text.replace(place.after + place.cite, place.after);
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'latex-compile', style, 'draft.tex');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  for (const place of [...PLACES].reverse()) {
    const at = document.positionAt(document.getText().indexOf(place.after) + place.after.length);
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', { items: place.items });
    assert.equal(result?.inserted, true, result?.message);
  }
  const bibliography = await vscode.commands.executeCommand<InsertionResult>('sourcebook.insertBibliography');
  assert.equal(bibliography.inserted, true, bibliography.message);
  const saved = await document.save();
  assert.ok(saved, `the draft is saved (dirty: ${document.isDirty}, closed: ${document.isClosed})`);
  const dir = vscode.Uri.joinPath(uri, '..').fsPath;
  await run('latexmk', ['-pdf', '-interaction=nonstopmode', '-halt-on-error', 'draft.tex'], dir);
  return run('pdftotext', ['-raw', 'draft.pdf', '-'], dir);
}

/** The PDF's text with its line breaks and runs of spaces as single spaces ("â" as one character, as written). */
const flat = (pdf: string) => pdf.normalize('NFC').replace(/\s+/g, ' ');
/** The PDF's text with no white space at all: a URL broken across lines reads whole, but a hyphen put in does not. */
const bare = (pdf: string) => pdf.replace(/\s+/g, '');

describe('Compiling a LaTeX draft cited by Sourcebook', () => {
  before(activateExtension);
  afterEach(closeAllEditors);
  // latexmk runs pdflatex three times and biber once: several seconds of work, more on a busy machine.
  const COMPILE_MS = 60_000;

  it('compiles to Chicago author-date: “(Crossan 2025, para. 12)”, “quoted in”, and the reference with its URL', async function () {
    this.timeout(COMPILE_MS);
    const pdf = await withSettings({ 'citation.form': { latex: 'biblatex' }, 'citation.style': 'chicago-author-date' }, () => compileSample('chicago-author-date'));
    assert.ok(flat(pdf).includes('Dulais (Crossan 2025, para. 12).'), pdf);
    assert.ok(flat(pdf).includes('help” (Siân James, quoted in Byrne 2014, para. 16).'), pdf);
    assert.ok(flat(pdf).includes('References Byrne, Liam. 2014.'), 'the bibliography is headed References, Byrne first');
    assert.ok(flat(pdf).includes('Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.” System Change Aotearoa, February 15, 2025.'), pdf);
    assert.ok(bare(pdf).includes('https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.'), pdf);
    assert.ok(flat(pdf).includes('Byrne, Liam. 2014. “Pride and Prejudice.” Overland, November.'), pdf);
  });

  it('compiles to Chicago notes and bibliography: full notes with “quoted in”, and the bibliography entry', async function () {
    this.timeout(COMPILE_MS);
    const pdf = await withSettings({ 'citation.form': { latex: 'biblatex' }, 'citation.style': 'chicago-notes-bibliography' }, () => compileSample('chicago-notes-bibliography'));
    assert.ok(flat(pdf).includes('Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para. 12, accessed November 20, 2026,'), pdf);
    assert.ok(flat(pdf).includes('Siân James, quoted in Liam Byrne, “Pride and Prejudice,” Overland, November 2014, para. 16,'), pdf);
    assert.ok(flat(pdf).includes('Bibliography Byrne, Liam.'), 'the bibliography is headed Bibliography, Byrne first');
    assert.ok(flat(pdf).includes('Crossan, Elliot. “An Ode to Solidarity and Organisation.” System Change Aotearoa, February 15, 2025.'), pdf);
    assert.ok(bare(pdf).includes('https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.'), pdf);
  });

  it('compiles to MLA: “(Crossan par. 12)”, “qtd. in”, and the Works Cited entry with the URL as MLA prints it', async function () {
    this.timeout(COMPILE_MS);
    const pdf = await withSettings({ 'citation.form': { latex: 'biblatex' }, 'citation.style': 'mla' }, () => compileSample('mla'));
    assert.ok(flat(pdf).includes('Dulais (Crossan par. 12).'), pdf);
    assert.ok(flat(pdf).includes('help” (qtd. in Byrne par. 16).'), pdf);
    assert.ok(flat(pdf).includes('Works Cited Byrne, Liam.'), 'the list is headed Works Cited, Byrne first');
    assert.ok(flat(pdf).includes('Crossan, Elliot. “An Ode to Solidarity and Organisation.” System Change Aotearoa, 15 Feb. 2025,'), pdf);
    assert.ok(bare(pdf).includes('systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.'), pdf);
  });

  it('compiles the formatted citations of the plain form, with the entries’ URLs unbroken, without biblatex', async function () {
    this.timeout(COMPILE_MS);
    const pdf = await withSettings({ 'citation.form': { latex: 'plain' }, 'citation.style': 'chicago-author-date' }, () => compileSample('plain-chicago-author-date'));
    assert.ok(flat(pdf).includes('Dulais (Crossan 2025, para. 12).'), pdf);
    assert.ok(flat(pdf).includes('help” (Siân James, quoted in Byrne 2014, para. 16).'), pdf);
    assert.ok(flat(pdf).includes('References Byrne, Liam. 2014. “Pride and Prejudice.” Overland, November 2014.'), pdf);
    assert.ok(bare(pdf).includes('https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.'), pdf);
  });
});
