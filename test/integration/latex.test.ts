// LaTeX drafts in the real VS Code: citing with biblatex (\autocite, the preamble lines, the .bib Sourcebook keeps
// beside the draft), formatted citations as LaTeX, and the two .bib flavours of Export Bibliography. Everything here
// goes through the editor and vscode.workspace.fs, so it runs in the web worker host too; compiling is in
// latexCompile.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, nonEmpty, openDraft, waitFor, withSettings, type InsertionResult } from './citingHelpers';

const BIBLATEX = { markdown: 'footnote', latex: 'biblatex', plaintext: 'plain' };
const FORMATTED = { markdown: 'footnote', latex: 'plain', plaintext: 'plain' };
const insertCitation = (args: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', args);
const insertBibliography = () => vscode.commands.executeCommand<InsertionResult>('sourcebook.insertBibliography');

const PREAMBLE = '\\documentclass{article}\n\\usepackage{csquotes}\n';

function bibBeside(document: vscode.TextDocument): vscode.Uri {
  const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1).replace(/\.tex$/, '.sourcebook.bib');
  return vscode.Uri.joinPath(document.uri, '..', name);
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

describe('Citing with biblatex in LaTeX', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('cites with biblatex by default (the auto form), under a notes style and an in-text style alike', async () => {
    for (const style of ['chicago-notes-bibliography', 'apa']) {
      await withSettings({ 'citation.form': undefined, 'citation.style': style }, async () => {
        const editor = await openDraft(`${PREAMBLE}\\begin{document}\nA review|.\n\\end{document}\n`, 'latex');
        await insertCitation({ keys: ['byrne2014'], paragraph: 3 });
        assert.match(editor.document.getText(), /A review~\\autocite\[para\.~3\]\{byrne2014\}\./, style);
      });
    }
  });

  it('writes \\autocite with the paragraph as postnote, and adds the package, \\addbibresource and \\printbibliography in the same undo step', async () => {
    await withSettings({ 'citation.form': BIBLATEX, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nA review of the film|.\n\\end{document}\n`, 'latex');
      const before = editor.document.getText();
      const result = await insertCitation({ keys: ['crossan2025'], paragraph: 12 });
      assert.equal(result?.inserted, true, result?.message);
      const bib = bibBeside(editor.document);
      const name = bib.path.slice(bib.path.lastIndexOf('/') + 1);
      assert.equal(
        editor.document.getText(),
        `${PREAMBLE}\\usepackage[authordate,backend=biber]{biblatex-chicago}\n\\addbibresource{${name}}\n` +
          '\\begin{document}\nA review of the film~\\autocite[para.~12]{crossan2025}.\n' +
          '% sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block)\n' +
          '\\printbibliography[title={References}]\n% sourcebook:bibliography:end\n\n\\end{document}\n',
      );
      assert.equal(editor.selection.active.isEqual(editor.document.positionAt(editor.document.getText().indexOf('{crossan2025}') + '{crossan2025}'.length)), true, 'the cursor goes after the citation');
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), before, 'one undo takes the citation and the preamble lines away together');
    });
  });

  it('keeps the cited sources in <draft>.sourcebook.bib beside the draft, under a header saying Sourcebook writes it', async () => {
    await withSettings({ 'citation.form': BIBLATEX, 'citation.style': 'modern-language-association' }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nOne|.\n\\end{document}\n`, 'latex');
      await insertCitation({ items: [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }] });
      assert.match(editor.document.getText(), /One~\\autocite\[qtd\. in\]\[par\.~16\]\{byrne2014\}\./);
      assert.match(editor.document.getText(), /\\usepackage\[style=mla,backend=biber,language=american\]\{biblatex\}/);
      const bib = await read(bibBeside(editor.document));
      assert.match(bib, /^% Written by Sourcebook for draft-[\w-]+\.tex: the sources it cites, rewritten whenever a citation is inserted\n% or the draft is saved, so edits made here are lost\./);
      assert.match(bib, /\n@article\{byrne2014,\n {2}author {7}= \{Byrne, Liam\},\n/);
      assert.match(bib, /\n {2}url {10}= \{https:\/\/overland\.org\.au\/2014\/11\/pride-and-prejudice\/\},\n {2}urldate {6}= \{2026-11-20\}\n\}\n$/);
      assert.doesNotMatch(bib, /crossan2025/, 'only the sources the draft cites');
    });
  });

  it('adds the preamble lines once: a second citation adds only itself, and the .bib gains the source', async () => {
    await withSettings({ 'citation.form': BIBLATEX, 'citation.style': 'chicago-fullnote-bibliography' }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nOne|. Two.\n\\end{document}\n`, 'latex');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      const end = editor.document.getText().indexOf('Two') + 3;
      editor.selection = new vscode.Selection(editor.document.positionAt(end), editor.document.positionAt(end));
      await insertCitation({ keys: ['wikipedia-lgsm'], paragraph: 2 });
      const text = editor.document.getText();
      assert.equal(text.split('biblatex-chicago').length, 2);
      assert.equal(text.split('\\addbibresource').length, 2);
      assert.equal(text.split('\\printbibliography').length, 2);
      assert.match(text, /One~\\autocite\[para\.~4\]\{crossan2025\}\. Two~\\autocite\[para\.~2\]\{wikipedia-lgsm\}\./);
      assert.match(text, /\\printbibliography\[title=\{Bibliography\}\]/);
      const bib = await read(bibBeside(editor.document));
      assert.deepEqual([...bib.matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1]), ['crossan2025', 'wikipedia-lgsm']);
    });
  });

  it('refuses, changing nothing, when a .bib of the writer’s own has the name Sourcebook would write', async () => {
    await withSettings({ 'citation.form': BIBLATEX }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nOne|.\n\\end{document}\n`, 'latex');
      const bib = bibBeside(editor.document);
      const own = '@book{mine,\n  title = {Mine}\n}\n';
      await vscode.workspace.fs.writeFile(bib, new TextEncoder().encode(own));
      const before = editor.document.getText();
      const result = await insertCitation({ keys: ['crossan2025'] });
      assert.equal(result?.inserted, false);
      assert.match(result?.message ?? '', /was not written by Sourcebook \(its first line is not "% Written by Sourcebook"\), so Sourcebook will not overwrite it\. Rename or move that file/);
      assert.equal(editor.document.getText(), before);
      assert.equal(await read(bib), own);
    });
  });

  it('asks for an untitled draft to be saved first, since the .bib goes beside it', async () => {
    await withSettings({ 'citation.form': BIBLATEX }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nOne|.\n\\end{document}\n`, 'latex', { untitled: true });
      const result = await insertCitation({ keys: ['crossan2025'] });
      assert.equal(result?.inserted, false);
      assert.match(result?.message ?? '', /^Save the draft first/);
      assert.doesNotMatch(editor.document.getText(), /autocite/);
    });
  });

  it('writes \\printbibliography, not a thebibliography, on Insert Bibliography, and the .bib from the draft’s citations', async () => {
    await withSettings({ 'citation.form': BIBLATEX, 'citation.style': 'apa' }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nTyped by hand~\\autocite{bossy-lovewins}.\n\\end{document}\n`, 'latex');
      const result = await insertBibliography();
      assert.equal(result.inserted, true, result.message);
      const text = editor.document.getText();
      assert.match(text, /\\usepackage\[style=apa,backend=biber,language=american\]\{biblatex\}\n\\addbibresource\{draft-[\w-]+\.sourcebook\.bib\}\n\\begin\{document\}/);
      assert.match(text, /\\printbibliography\[title=\{References\}\]/);
      assert.doesNotMatch(text, /thebibliography/);
      assert.match(await read(bibBeside(editor.document)), /\n@online\{bossy-lovewins,\n/);
    });
  });

  it('cites an uncited quotation from its quick fix as Insert Citation would, preamble lines included, and corrects a paragraph in MLA’s “par.”', async () => {
    await withSettings({ 'citation.form': BIBLATEX, 'citation.style': 'mla' }, async () => {
      const quotation = "``Thatcher’s war against the NUM succeeded, and the consequences were tragic.''";
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nThen: ${quotation}\n\\end{document}\n`, 'latex');
      const document = editor.document;
      const quickFix = async (code: string, title: RegExp) => {
        const [diagnostic] = await waitFor(() => nonEmpty(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Sourcebook' && d.code === code)), code);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        const action = actions.find((candidate) => title.test(candidate.title));
        assert.ok(action?.edit, `no quick fix ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
        assert.equal(await vscode.workspace.applyEdit(action.edit), true);
      };
      await quickFix('quotation-uncited', /Add a citation/);
      assert.match(document.getText(), /tragic\.''~\\autocite\[par\.~8\]\{crossan2025\}\n/);
      assert.match(document.getText(), /\\usepackage\[style=mla,backend=biber,language=american\]\{biblatex\}\n\\addbibresource\{draft-[\w-]+\.sourcebook\.bib\}\n\\begin\{document\}/);
      await editor.edit((builder) => builder.replace(new vscode.Range(document.positionAt(document.getText().indexOf('par.~8')), document.positionAt(document.getText().indexOf('par.~8') + 6)), 'par.~6'));
      await quickFix('quotation-wrong-citation', /Cite .*paragraph 8 instead/);
      assert.match(document.getText(), /tragic\.''~\\autocite\[par\.~8\]\{crossan2025\}\n/);
    });
  });

  it('writes the .bib again when the draft is saved, with a citation typed by hand', async () => {
    await withSettings({ 'citation.form': BIBLATEX }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nOne|.\n\\end{document}\n`, 'latex');
      await insertCitation({ keys: ['crossan2025'] });
      const bib = bibBeside(editor.document);
      await editor.edit((builder) => builder.insert(editor.document.positionAt(editor.document.getText().indexOf('\n% sourcebook:bibliography:start')), ' Typed~\\autocite{byrne2014}.'));
      await editor.document.save();
      await waitFor(async () => (await read(bib)).includes('@article{byrne2014,'), 'the .bib written again on save');
      assert.deepEqual([...(await read(bib)).matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1]), ['crossan2025', 'byrne2014']);
    });
  });
});

describe('Formatted citations in LaTeX (the plain form)', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('writes the author-date citation as text and a hanging list of entries with \\textit and \\url, loading url', async () => {
    await withSettings({ 'citation.form': FORMATTED, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft(`${PREAMBLE}\\begin{document}\nThe review|.\n\\end{document}\n`, 'latex');
      await insertCitation({ items: [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }] });
      assert.match(editor.document.getText(), /The review \(Siân James, quoted in Byrne 2014, para\. 16\)\./);
      await insertBibliography();
      const text = editor.document.getText();
      assert.match(text, /\\usepackage\{csquotes\}\n\\usepackage\{url\}\n\\begin\{document\}/);
      assert.match(text, /\\section\*\{References\}\n\\begin\{list\}\{\}\{\\setlength\{\\leftmargin\}\{2em\}\\setlength\{\\itemindent\}\{-2em\}\}\n\\item Byrne, Liam\. 2014\. “Pride and Prejudice\.” \\textit\{Overland\}, November 2014\. \\url\{https:\/\/overland\.org\.au\/2014\/11\/pride-and-prejudice\/\}\.\n\\end\{list\}/);
    });
  });

  it('puts a notes style’s citation in a \\footnote', async () => {
    await withSettings({ 'citation.form': FORMATTED, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft(`\\usepackage{hyperref}\n\\begin{document}\nThe review|.\n\\end{document}\n`, 'latex');
      await insertCitation({ keys: ['byrne2014'], paragraph: 16 });
      assert.match(editor.document.getText(), /The review\\footnote\{Liam Byrne, “Pride and Prejudice,” \\textit\{Overland\}, November 2014, para\. 16, \\url\{https:\/\/overland\.org\.au\/2014\/11\/pride-and-prejudice\/\}\.\}\./);
    });
  });
});

describe('Export Bibliography in two .bib flavours', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  function target(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    return vscode.Uri.joinPath(folder.uri, name);
  }

  it('exports biblatex entries that keep the URL, access date and site', async () => {
    const uri = target('all-biblatex.bib');
    await vscode.commands.executeCommand('sourcebook.exportBibliography', { format: 'biblatex', scope: 'all', uri });
    const text = await read(uri);
    assert.match(text, /@online\{crossan2025,\n(?: {2}.*\n)* {2}organization = \{System Change Aotearoa\},\n(?: {2}.*\n)* {2}urldate {6}= \{2026-11-20\}\n\}/);
  });

  it('exports classic BibTeX with @misc, howpublished = \\url{…} and note = {Accessed …} for .bst styles', async () => {
    const uri = target('all-classic.bib');
    await vscode.commands.executeCommand('sourcebook.exportBibliography', { format: 'bibtex', scope: 'all', uri });
    const text = await read(uri);
    assert.match(text, /@misc\{crossan2025,\n(?: {2}.*\n)* {2}howpublished = \{System Change Aotearoa, \\url\{https:\/\/systemchange\.nz\/2025\/02\/15\/an-ode-to-solidarity-and-organisation\/\}\},\n(?: {2}.*\n)* {2}note {9}= \{Accessed 20 November 2026\}\n\}/);
    assert.doesNotMatch(text, /@online|urldate/);
  });
});
