import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import MarkdownIt from 'markdown-it';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { Citations } from '../../src/core/citations/citations';
import { EXTENSION_ID, PANDOC_FORMS, activateExtension, closeAllEditors, openDraft, sleep, waitFor, withSettings, type InsertionResult } from './citingHelpers';
import { MINIMAL_STYLE } from '../fixtures/minimalStyle';

const insertBibliography = async () => vscode.commands.executeCommand<InsertionResult>('sourcebook.insertBibliography');
const library = bundledLibrary();
const citations = new Citations(library.sources.map((s) => s.meta));

async function entries(style: string, keys: string[], output: 'markdown' | 'text' | 'html'): Promise<string[]> {
  const made = await citations.bibliography(style, keys, output);
  assert.ok(made.ok, made.ok ? '' : made.message);
  return made.value;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('Insert Bibliography', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('writes the sources the draft cites, in the chosen style, between markers at the end', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('Crossan [@crossan2025, para. 4] and Byrne [@byrne2014, para. 16].\n');
      const result = await insertBibliography();
      assert.equal(result.inserted, true);
      const expected = await entries('chicago-author-date', ['crossan2025', 'byrne2014'], 'markdown');
      assert.ok(expected[0].startsWith('Byrne, Liam.'), 'Chicago sorts by author');
      assert.equal(
        editor.document.getText(),
        'Crossan [@crossan2025, para. 4] and Byrne [@byrne2014, para. 16].\n\n' +
          '<!-- sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block) -->\n' +
          `## References\n\n${expected[0]}\n\n${expected[1]}\n<!-- sourcebook:bibliography:end -->\n`,
      );
    });
  });

  it('replaces its bibliography on the next run instead of adding another, and undoes in one step', async () => {
    await withSettings({ 'citation.style': 'mla' }, async () => {
      const editor = await openDraft('One [@crossan2025].|\n');
      await insertBibliography();
      const once = editor.document.getText();
      await insertBibliography();
      assert.equal(editor.document.getText(), once, 'a second run with the same citations changes nothing');
      await editor.edit((builder) => builder.insert(new vscode.Position(0, 'One [@crossan2025].'.length), ' Two [@wikipedia-lgsm].'));
      const beforeRun = editor.document.getText();
      await insertBibliography();
      const text = editor.document.getText();
      assert.equal(count(text, 'sourcebook:bibliography:start'), 1);
      assert.match(text, /## Works Cited/);
      assert.match(text, /Crossan, Elliot\./);
      // The unsigned article is listed by its title (MLA 9).
      assert.match(text, /\n“Lesbians and Gays Support the Miners\.” \*Wikipedia\*/);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), beforeRun);
    });
  });

  it('finds the sources of Markdown footnotes and keeps the notes last', async () => {
    await withSettings({ 'citation.style': 'apa' }, async () => {
      const editor = await openDraft('A.[^1] B.[^2]\n\n[^1]: Crossan 2025, para. 4.\n[^2]: “Lesbians and Gays Support the Miners,” n.d., para. 9.\n');
      await insertBibliography();
      const text = editor.document.getText();
      assert.match(text, /^A\.\[\^1\] B\.\[\^2\]\n\n<!-- sourcebook:bibliography:start/);
      assert.match(text, /<!-- sourcebook:bibliography:end -->\n\n\[\^1\]: Crossan 2025, para\. 4\.\n\[\^2\]: “Lesbians and Gays Support the Miners,” n\.d\., para\. 9\.\n$/);
      assert.match(text, /Crossan, E\./);
      assert.match(text, /\nLesbians and Gays Support the Miners\. \(n\.d\.\)\. In \*Wikipedia\*\. Retrieved November 20, 2026, from /);
    });
  });

  it('leaves the unsigned Wikipedia article out of a Chicago bibliography, which cites it in the notes only', async () => {
    await withSettings({ 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('A.[^1] B.[^2]\n\n[^1]: Elliot Crossan, “An Ode to Solidarity and Organisation,” para. 4.\n[^2]: “Lesbians and Gays Support the Miners,” in Wikipedia, para. 9.\n');
      await insertBibliography();
      const block = /<!-- sourcebook:bibliography:start[\s\S]*sourcebook:bibliography:end -->/.exec(editor.document.getText())?.[0] ?? '';
      assert.match(block, /\nCrossan, Elliot\. “An Ode to Solidarity and Organisation\.”/);
      assert.doesNotMatch(block, /Lesbians and Gays Support the Miners\.”/);
    });
  });

  it('writes a thebibliography with \\bibitem keys before \\end{document} in LaTeX under the latex form', async () => {
    await withSettings({ 'citation.form': PANDOC_FORMS }, async () => {
      const editor = await openDraft('\\begin{document}\nText \\cite[para.~12]{byrne2014}.\n\\end{document}\n', 'latex');
      await insertBibliography();
      const text = editor.document.getText();
      assert.match(text, /\\begin\{thebibliography\}\{1\}\n\\bibitem\{byrne2014\} Byrne, Liam\./);
      assert.match(text, /\\end\{thebibliography\}\n% sourcebook:bibliography:end\n\n\\end\{document\}\n$/);
    });
  });

  it('says so, and changes nothing, when the draft cites no source', async () => {
    const editor = await openDraft('No citations here.\n');
    const result = await insertBibliography();
    assert.equal(result.inserted, false);
    assert.match(result.message ?? '', /cites no source/);
    assert.equal(editor.document.getText(), 'No citations here.\n');
  });
});

describe('Export Bibliography', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  function target(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    return vscode.Uri.joinPath(folder.uri, name);
  }

  it('exports every source as BibTeX', async () => {
    const uri = target('all.bib');
    const written = await vscode.commands.executeCommand<vscode.Uri>('sourcebook.exportBibliography', { format: 'bibtex', scope: 'all', uri });
    assert.equal(written?.toString(), uri.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    for (const source of library.sources) assert.match(text, new RegExp(`^@[a-z]+\\{${source.meta.key},$`, 'm'));
  });

  it('exports the sources the draft cites as CSL-JSON for Pandoc', async () => {
    await openDraft('Only [@byrne2014] here.\n');
    const uri = target('cited.json');
    await vscode.commands.executeCommand('sourcebook.exportBibliography', { format: 'csl-json', scope: 'document', uri });
    const items = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as Array<{ id: string; title: string }>;
    assert.deepEqual(items.map((item) => item.id), ['byrne2014']);
    assert.equal(items[0].title, 'Pride and prejudice', 'stored in sentence case, as CSL-JSON keeps titles');
  });
});

describe('Choose Citation Style', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  it('writes the chosen bundled style to the settings, and the next citation uses it', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.form': PANDOC_FORMS }, async () => {
      await vscode.commands.executeCommand('sourcebook.chooseCitationStyle', { style: 'apa' });
      assert.equal(vscode.workspace.getConfiguration('sourcebook').get('citation.style'), 'apa');
      const editor = await openDraft('Plain|', 'plaintext');
      await vscode.commands.executeCommand('sourcebook.insertCitation', { keys: ['crossan2025'], paragraph: 4 });
      assert.equal(editor.document.getText(), 'Plain (Crossan, 2025, para. 4)');
    });
  });

  it('uses a writer’s .csl file chosen from disk', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const file = vscode.Uri.joinPath(folder.uri, 'writers-own.csl');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(MINIMAL_STYLE));
    await withSettings({ 'citation.customStyleFile': '' }, async () => {
      await vscode.commands.executeCommand('sourcebook.chooseCitationStyle', { file: file.fsPath });
      assert.equal(vscode.workspace.getConfiguration('sourcebook').get('citation.customStyleFile'), file.fsPath);
      const editor = await openDraft('Mine|', 'plaintext');
      await vscode.commands.executeCommand('sourcebook.insertCitation', { keys: ['crossan2025'], paragraph: 4 });
      assert.equal(editor.document.getText(), 'Mine [Crossan para. 4]');
    });
  });
});

/** The HTML the Markdown preview renders for `source` with the extension's plugin, once it holds `ready`. */
async function previewHtml(source: string, ready: string, what: string): Promise<string> {
  const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { extendMarkdownIt(md: MarkdownIt): MarkdownIt };
  const md = api.extendMarkdownIt(new MarkdownIt());
  return waitFor(() => {
    const html = md.render(source);
    return html.includes(ready) && html;
  }, what);
}

describe('Citations in the Markdown preview', () => {
  before(activateExtension);

  it('renders [@key, para. N] as the formatted citation, with the bibliography at the end', async () => {
    await withSettings({ 'citation.style': 'chicago-author-date', 'citation.customStyleFile': '' }, async () => {
      const source = 'Solidarity [@crossan2025, para. 4]. A [link](https://example.org) and [@nobody] stay.';
      const html = await previewHtml(source, 'class="sourcebook-citation"', 'the style to be ready for the preview');
      assert.match(html, /<span class="sourcebook-citation" title="\[@crossan2025, para\. 4\]">\(Crossan 2025, para\. 4\)<\/span>/);
      assert.match(html, /<a href="https:\/\/example\.org">link<\/a>/);
      assert.match(html, /\[@nobody\]/);
      const [entry] = await entries('chicago-author-date', ['crossan2025'], 'html');
      assert.ok(html.includes(`<h2>References</h2><div class="sourcebook-bibliography-entry">${entry}</div>`));
      await sleep(0);
    });
  });
});

describe('Footnotes in the Markdown preview', () => {
  before(activateExtension);

  it('shows the notes Sourcebook writes as numbered notes at the end, not as raw [^1] text', async () => {
    const source = 'A lodge banner.[^1]\n\n[^1]: Dai Donovan, quoted in Crossan 2025, para. 4.\n';
    const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { extendMarkdownIt(md: MarkdownIt): MarkdownIt };
    const html = api.extendMarkdownIt(new MarkdownIt()).render(source);
    assert.match(html, /A lodge banner\.<sup class="sourcebook-footnote-ref"><a href="#sourcebook-fn-1" id="sourcebook-fnref-1">1<\/a><\/sup>/);
    assert.match(html, /<li id="sourcebook-fn-1">Dai Donovan, quoted in Crossan 2025, para\. 4\. <a href="#sourcebook-fnref-1">↩<\/a><\/li>/);
    assert.doesNotMatch(html, /\[\^1\]/);
  });
});

describe('Citations in the Markdown preview with a notes style', () => {
  before(activateExtension);

  it('renders citations as numbered notes, full then short, listed before the bibliography', async () => {
    await withSettings({ 'citation.style': 'chicago-notes-bibliography', 'citation.customStyleFile': '' }, async () => {
      const source = 'One [@crossan2025, para. 4]. Two [@crossan2025, para. 7].';
      const html = await previewHtml(source, 'sourcebook-note-ref', 'the notes style to be ready for the preview');
      assert.match(html, /One <sup class="sourcebook-note-ref"><a href="#sourcebook-note-1" id="sourcebook-note-ref-1">1<\/a><\/sup>\. Two <sup[^>]*><a[^>]*>2<\/a><\/sup>\./);
      assert.match(html, /<li id="sourcebook-note-1">Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para\. 4, /);
      assert.match(html, /<li id="sourcebook-note-2">Crossan, “An Ode to Solidarity and Organisation,” para\. 7\./);
      assert.ok(html.indexOf('sourcebook-notes') < html.indexOf('<h2>Bibliography</h2>'));
    });
  });
});
