import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../src/core/sourcebook';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { StyleSwitch } from '../../src/features/styleSwitch';
import { activateExtension, closeAllEditors, openDraft, waitFor, withSettings, type InsertionResult } from './citingHelpers';

// The form a citation takes follows the style when `sourcebook.citation.form` is left at its default, `auto`: an
// in-text style (Chicago author-date, MLA, APA, Harvard) cites in the sentence — Pandoc `[@key, para. 4]` in
// Markdown, the formatted citation in plain text — and a notes style (Chicago notes and bibliography) in footnotes.
// An explicit form is kept whatever the style. Switching between the two kinds of style in a draft that has
// citations says what happens and offers to convert them.

const insertCitation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertCitation', args);
const insertQuotation = async (args?: unknown) => vscode.commands.executeCommand<InsertionResult | undefined>('sourcebook.insertQuotation', args);
const library = bundledLibrary();

/** The author's own words in Crossan's paragraph 6 (no one else speaks them), as the quotation picker passes them. */
function crossan6(): { key: string; paragraph: number; start: number; end: number } {
  const text = library.paragraph('crossan2025', 6)?.text ?? '';
  const start = text.indexOf('The power of the ruling class is highly concentrated');
  assert.ok(start >= 0, 'Crossan’s paragraph 6 has the sentence');
  return { key: 'crossan2025', paragraph: 6, start, end: start + 'The power of the ruling class is highly concentrated'.length };
}

const fileName = (editor: vscode.TextEditor) => editor.document.uri.path.slice(editor.document.uri.path.lastIndexOf('/') + 1);

describe('The citation form follows the style, by default', () => {
  before(activateExtension);
  afterEach(closeAllEditors);

  /** How each in-text style says, inside a Pandoc citation, that Dai Donovan's words are quoted in Crossan. */
  const QUOTED_IN = {
    'chicago-author-date': 'Dai Donovan, quoted in ',
    mla: 'qtd. in ',
    apa: 'Dai Donovan, as cited in ',
    harvard: 'Dai Donovan, cited in ',
  };

  for (const [style, quotedIn] of Object.entries(QUOTED_IN)) {
    it(`cites in the text in a Markdown draft under ${style}: [@crossan2025, para. 4] from Insert Citation and Insert Quotation`, async () => {
      await withSettings({ 'citation.form': undefined, 'citation.style': style }, async () => {
        const cited = await openDraft('The banner was a hundred years old|.\n');
        assert.equal((await insertCitation({ keys: ['crossan2025'], paragraph: 4 }))?.inserted, true);
        assert.equal(cited.document.getText(), 'The banner was a hundred years old [@crossan2025, para. 4].\n');

        const quoted = await openDraft('Crossan wrote that|.\n');
        assert.equal((await insertQuotation(crossan6()))?.inserted, true);
        assert.equal(quoted.document.getText(), 'Crossan wrote that “The power of the ruling class is highly concentrated” [@crossan2025, para. 6].\n');

        const spoken = await openDraft('Dai Donovan says|\n');
        assert.equal((await insertQuotation({ query: 'lodge banner down in the welfare' }))?.inserted, true);
        assert.equal(spoken.document.getText(), `Dai Donovan says “There’s a lodge banner down in the welfare.” [${quotedIn}@crossan2025, para. 4]\n`);
      });
    });
  }

  it('cites in a footnote with its note in a Markdown draft under Chicago notes and bibliography', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('The banner was a hundred years old.|\n');
      assert.equal((await insertCitation({ keys: ['crossan2025'], paragraph: 4 }))?.inserted, true);
      const text = editor.document.getText();
      assert.match(text, /^The banner was a hundred years old\.\[\^1\]\n\n\[\^1\]: Elliot Crossan, “An Ode to Solidarity and Organisation,” [^\n]*para\. 4[^\n]*\.\n$/);

      const quoted = await openDraft('Crossan wrote that |\n');
      await insertQuotation(crossan6());
      assert.match(quoted.document.getText(), /^Crossan wrote that “The power of the ruling class is highly concentrated”\[\^1\]\n\n\[\^1\]: Elliot Crossan, [^\n]*para\. 6[^\n]*\n$/);
    });
  });

  it('writes "(Crossan 2025, para. 4)" in a plain-text draft under Chicago author-date, from Insert Citation and Insert Quotation', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-author-date' }, async () => {
      const editor = await openDraft('The banner was a hundred years old|.\n', 'plaintext');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      assert.equal(editor.document.getText(), 'The banner was a hundred years old (Crossan 2025, para. 4).\n');
      const quoted = await openDraft('Crossan wrote that|.\n', 'plaintext');
      await insertQuotation(crossan6());
      assert.equal(quoted.document.getText(), 'Crossan wrote that “The power of the ruling class is highly concentrated” (Crossan 2025, para. 6).\n');
    });
  });

  it('cites in a footnote with its note at the end in a plain-text draft under a notes style, not the whole note inside the sentence', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('The banner was a hundred years old.|\n', 'plaintext');
      await insertCitation({ keys: ['byrne2014'], paragraph: 12 });
      assert.match(editor.document.getText(), /^The banner was a hundred years old\.\[\^1\]\n\n\[\^1\]: Liam Byrne, “Pride and Prejudice,” [^\n]*para\. 12[^\n]*\n$/);
    });
  });

  it('keeps footnotes under an in-text style when the writer set the footnote form', async () => {
    await withSettings({ 'citation.form': { markdown: 'footnote', latex: 'latex', plaintext: 'plain' }, 'citation.style': 'mla' }, async () => {
      const editor = await openDraft('The banner was a hundred years old.|\n');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      assert.equal(editor.document.getText(), 'The banner was a hundred years old.[^1]\n\n[^1]: Crossan, par. 4.\n');
    });
  });
});

describe('Switching between a notes style and an in-text style in a draft with citations', () => {
  let switcher: StyleSwitch | undefined;
  let asked: string[] = [];
  let told: string[] = [];
  let answer: string | undefined;

  before(activateExtension);
  beforeEach(() => {
    asked = [];
    told = [];
  });
  afterEach(async () => {
    switcher?.dispose();
    switcher = undefined;
    await closeAllEditors();
  });

  /** A switch that answers the notification as the writer would, with `answer`, and records what it was told. */
  function watch(reply: string | undefined): StyleSwitch {
    answer = reply;
    switcher = new StyleSwitch(
      new SourcebookService(() => new Sourcebook(library)),
      async (message) => {
        asked.push(message);
        return answer;
      },
      (message) => told.push(message),
    );
    return switcher;
  }

  /** Changes the style (user settings) and waits until the switch has looked at the drafts. */
  async function switchTo(style: string, watching: StyleSwitch): Promise<void> {
    const seen = watching.changesSeen;
    await vscode.workspace.getConfiguration('sourcebook').update('citation.style', style, vscode.ConfigurationTarget.Global);
    await waitFor(() => watching.changesSeen > seen, `the change to ${style} to be seen`);
    await watching.latestCheck;
  }

  it('says what happens and converts the draft’s footnotes into Pandoc citations in one undo step, leaving a note with the writer’s words', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-notes-bibliography' }, async () => {
      const editor = await openDraft('The banner was a hundred years old.| LGSM came to help.|\n');
      await insertCitation({ keys: ['crossan2025'], paragraph: 4 });
      const own = 'See Crossan, “An Ode to Solidarity and Organisation,” para. 7, for the whole speech.';
      await editor.edit((edit) => {
        edit.insert(editor.document.positionAt(editor.document.getText().indexOf('\n')), ' Proud.[^3]');
        edit.insert(editor.document.positionAt(editor.document.getText().length), `[^3]: ${own}\n`);
      });
      const footnotes = editor.document.getText();
      assert.match(footnotes, /^The banner was a hundred years old\.\[\^1\] LGSM came to help\.\[\^2\] Proud\.\[\^3\]\n\n\[\^1\]: Elliot Crossan, [^\n]*\n\[\^2\]: Crossan, “An Ode to Solidarity and Organisation,” para\. 4\.\n\[\^3\]: See/);

      const watching = watch('Convert the citations');
      await switchTo('mla', watching);
      assert.deepEqual(asked, [`“MLA Handbook, 9th edition” cites in the text; the 3 citations in ${fileName(editor)} are footnotes. New citations will be in the text.`]);
      assert.equal(editor.document.getText(), `The banner was a hundred years old [@crossan2025, para. 4]. LGSM came to help [@crossan2025, para. 4]. Proud.[^3]\n\n[^3]: ${own}\n`);
      assert.deepEqual(told, [
        `Converted 2 of the 3 citations in ${fileName(editor)} into citations in the text. One note has words of your own around its citation, so it was left as written.`,
      ]);

      // New citations are in the text; the conversion is one undo step.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), footnotes);
      watching.dispose();
    });
  });

  it('offers to turn Pandoc citations into numbered footnotes when the style becomes a notes style, and leaves the draft as written when told to keep it', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'apa' }, async () => {
      const written = 'The banner was a hundred years old [@crossan2025, para. 4]. LGSM came [@byrne2014, para. 16].\n';
      const editor = await openDraft(written);
      const watching = watch('Keep as written');
      await switchTo('chicago-notes-bibliography', watching);
      assert.deepEqual(asked, [
        `“Chicago Manual of Style 17th edition (notes and bibliography)” cites in notes; the 2 citations in ${fileName(editor)} are in the text. New citations will be footnotes.`,
      ]);
      assert.equal(editor.document.getText(), written);
      assert.deepEqual(told, []);

      answer = 'Convert the citations';
      await switchTo('harvard', watching);
      await switchTo('chicago-notes-bibliography', watching);
      assert.match(editor.document.getText(), /^The banner was a hundred years old\.\[\^1\] LGSM came\.\[\^2\]\n\n\[\^1\]: Elliot Crossan, [^\n]*para\. 4[^\n]*\n\[\^2\]: Liam Byrne, “Pride and Prejudice,” [^\n]*para\. 16[^\n]*\n$/);
      watching.dispose();
    });
  });

  it('asks nothing when the style changes within one kind (Chicago author-date → MLA), or the draft’s form is set', async () => {
    await withSettings({ 'citation.form': undefined, 'citation.style': 'chicago-author-date' }, async () => {
      await openDraft('Old [@crossan2025, para. 4].\n');
      const watching = watch('Convert the citations');
      await switchTo('mla', watching);
      assert.deepEqual(asked, []);
      await withSettings({ 'citation.form': { markdown: 'pandoc', latex: 'latex', plaintext: 'plain' } }, async () => {
        await switchTo('chicago-notes-bibliography', watching);
        assert.deepEqual(asked, []);
      });
      watching.dispose();
    });
  });
});
