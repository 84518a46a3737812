// The one way a citation goes into a draft, for every command that inserts one (Insert Citation, Insert Quotation,
// Cite from the sidebar or a card, Quote Selection in Draft) and for the quotation check's quick fixes: what the
// writer chose (sources, paragraphs, quoted words) becomes text for that draft — in the form and style its folder's
// settings give it (citationSettings.ts: a footnote, Pandoc, LaTeX `\cite`, biblatex `\autocite` or plain text;
// with `auto`, as the style's class says), the short form once a source was cited before, a footnote's note
// appended at the end, what a LaTeX draft must load for it added to its preamble — and goes in as a single undo step
// (an editor edit for the commands, a WorkspaceEdit for the quick fixes). Under biblatex the .bib the draft's
// `\addbibresource` names is written first.
import * as vscode from 'vscode';
import type { CitationForm, CiteItem, Result } from '../core/types';
import { ok } from '../core/types';
import type { Sourcebook } from '../core/sourcebook';
import { formNeedsEngine } from '../core/citations/forms';
import { biblatexStyleFor, type BiblatexStyle } from '../core/citations/biblatex';
import type { OutputFormat } from '../core/citations/citations';
import { bibliographyHeading, type TextEdit } from '../core/drafts/bibliographyBlock';
import { biblatexSetup, urlSetup, type PreambleSetup } from '../core/drafts/latexPreamble';
import { citedKeys, keysCitedBefore, uniqueKeys, type CitedKey } from '../core/drafts/draftCitations';
import { footnoteDefinitionAppend, nextFootnoteLabel } from '../core/drafts/footnotes';
import { noteText, quotationText } from '../core/quotations/quotationText';
import { TrackedInsertion, editorFor, insertAsOneUndoStep } from './edits';
import { citationSettingsFor, type CitationSettings } from './citationSettings';
import { isReadOnly } from './drafts';
import { sourcebookBibFor, writeSourcebookBib } from './sourcebookBib';

/** What to insert: a citation of `items`, after the quoted `quotation` when there is one. */
export interface Insertion {
  items: CiteItem[];
  quotation?: string;
}

export interface InsertionResult {
  inserted: boolean;
  /** Why nothing was inserted, as told to the writer. */
  message?: string;
}

/** Citing in one draft: its settings read and its style ready, so the text is then made without waiting. */
export interface DraftCiting {
  sourcebook: Sourcebook;
  document: vscode.TextDocument;
  settings: CitationSettings;
  /** The form citations are made in: the draft's form (`settings.form`), unless asked for another. */
  form: CitationForm;
  /** Under the biblatex form: the biblatex style the draft is compiled with. */
  biblatex?: BiblatexStyle;
}

/** Reads the draft's settings and makes its style ready, for citations in `form` (default: the draft's form). */
export async function prepareCiting(sourcebook: Sourcebook, document: vscode.TextDocument, form?: CitationForm): Promise<Result<DraftCiting>> {
  const settings = await citationSettingsFor(sourcebook, document);
  if (!settings.ok) return settings;
  const citingForm = form ?? settings.value.form;
  if (formNeedsEngine(citingForm)) {
    const ready = await sourcebook.citations.prepare(settings.value.style.id);
    if (!ready.ok) return ready;
  }
  const biblatex = citingForm === 'biblatex' ? biblatexStyleFor(settings.value.style) : undefined;
  return ok({ sourcebook, document, settings: settings.value, form: citingForm, ...(biblatex ? { biblatex } : {}) });
}

/** Where a draft's citations are, read once per insertion. */
interface CitedInDraft {
  cited: CitedKey[];
  unique: string[];
}

function citedIn(citing: DraftCiting, text: string): CitedInDraft | undefined {
  // Pandoc, LaTeX and biblatex citations read the same whatever came before them.
  if (citing.form === 'pandoc' || citing.form === 'latex' || citing.form === 'biblatex') return undefined;
  const cited = citedKeys(text, citing.sourcebook.library.sources.map((s) => s.meta), citing.settings.format);
  return { cited, unique: uniqueKeys(cited) };
}

/** A formatted citation in a LaTeX draft is LaTeX (`\textit`, `\url`), and a notes style's goes in a `\footnote`. */
function isLatexNote(citing: DraftCiting): boolean {
  return citing.form === 'plain' && citing.settings.format === 'latex' && citing.settings.style.class === 'note';
}

function cite(citing: DraftCiting, draft: CitedInDraft | undefined, offset: number, items: CiteItem[], alsoBefore: readonly string[] = []): Result<string> {
  const before = draft ? keysCitedBefore(draft.cited, offset) : [];
  for (const key of alsoBefore) if (!before.includes(key)) before.push(key);
  const output: OutputFormat | undefined = citing.form === 'plain' && citing.settings.format === 'latex' ? 'latex' : undefined;
  const made = citing.sourcebook.citations.citeSync({
    style: citing.settings.style.id,
    items,
    form: citing.form,
    citedBefore: draft ? before : undefined,
    cited: draft?.unique,
    ...(output ? { output } : {}),
  });
  return made.ok && isLatexNote(citing) ? ok(latexFootnote(made.value)) : made;
}

/**
 * A note in LaTeX: `\footnote{…}`. Inside its argument a URL's `%` would end the line and `#` stop LaTeX, so they are
 * written `\%` and `\#` (hyperref's `\url` prints them as `%` and `#`; the url package alone shows the backslash).
 */
function latexFootnote(note: string): string {
  return `\\footnote{${note.replace(/\\url\{[^}]*\}/g, (url) => url.replace(/[%#]/g, '\\$&'))}}`;
}

/** A citation of `items` as it reads at `offset` of the draft now: the short form when the sources were cited before. */
export function citationAt(citing: DraftCiting, offset: number, items: CiteItem[]): Result<string> {
  return cite(citing, citedIn(citing, citing.document.getText()), offset, items);
}

/** A citation goes after a word with a space (a tie before a LaTeX command); a note goes straight after. */
function separatorBefore(previous: string, form: string, note = false): string {
  if (!previous || /\s|[([{]/.test(previous) || form === 'footnote' || note) return '';
  return form === 'latex' || form === 'biblatex' ? '~' : ' ';
}

/**
 * What the draft must load for the citation: under biblatex its package, `\addbibresource` and `\printbibliography`;
 * for formatted citations in LaTeX that print a URL, the `url` package. An error value when the draft cannot cite
 * with biblatex (it uses natbib or \bibliographystyle).
 */
function preambleFor(citing: DraftCiting, text: string, citations: readonly string[]): Result<PreambleSetup> {
  if (citing.settings.format !== 'latex') return ok({ edits: [], noPreamble: false });
  if (citing.biblatex) {
    const bib = sourcebookBibFor(citing.document);
    if (!bib.ok) return bib;
    return biblatexSetup(text, { style: citing.biblatex, resource: bib.value.name, heading: bibliographyHeading(citing.settings.style) });
  }
  if (citations.some((citation) => citation.includes('\\url{'))) return ok(urlSetup(text));
  return ok({ edits: [], noPreamble: false });
}

/**
 * What inserting `what` at each of `offsets` (ascending) of the draft as it is now puts there, and the footnotes'
 * notes to append at its end ('' when none). Reads the document's text: call it with nothing awaited between it
 * and the edit.
 */
export function composeInsertion(citing: DraftCiting, offsets: readonly number[], what: Insertion): Result<{ texts: string[]; append: string; edits: TextEdit[]; noPreamble: boolean }> {
  const { document, form, settings } = citing;
  const text = document.getText();
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const draft = citedIn(citing, text);
  const keys = what.items.map((item) => item.key);
  const texts: string[] = [];
  const notes: Array<{ label: string; text: string }> = [];
  const firstLabel = form === 'footnote' ? Number(nextFootnoteLabel(text)) : 0;

  for (let i = 0; i < offsets.length; i++) {
    const offset = offsets[i];
    // At the second cursor and after, the sources cited at the cursors before it count as cited before.
    const citation = cite(citing, draft, offset, what.items, i > 0 ? keys : []);
    if (!citation.ok) return citation;
    let reference = citation.value;
    if (form === 'footnote') {
      const label = String(firstLabel + i);
      reference = `[^${label}]`;
      notes.push({ label, text: noteText(citation.value) });
    }
    const position = document.positionAt(offset);
    const line = document.lineAt(position.line).text;
    const lineBefore = line.slice(0, position.character);
    if (what.quotation !== undefined) {
      const quoted = quotationText({
        words: what.quotation,
        format: settings.format,
        form: settings.quotationForm,
        blockWords: settings.blockQuotationWords,
        citation: reference,
        citationIsNoteReference: form === 'footnote' || isLatexNote(citing),
        lineBefore,
        lineAfter: line.slice(position.character),
        eol,
      });
      texts.push(/^[\r\n]/.test(quoted) || quoted.startsWith('>') || quoted.startsWith('\\begin') ? quoted : separatorBefore(lineBefore.slice(-1), 'plain') + quoted);
    } else {
      texts.push(separatorBefore(lineBefore.slice(-1), form, isLatexNote(citing)) + reference);
    }
  }
  const setup = preambleFor(citing, text, texts);
  if (!setup.ok) return setup;

  // The notes go at the end of the draft as it will read after the insertions (one may be at its very end).
  let tail = text;
  for (let i = offsets.length - 1; i >= 0; i--) tail = tail.slice(0, offsets[i]) + texts[i] + tail.slice(offsets[i]);
  let append = '';
  for (const note of notes) {
    const definition = footnoteDefinitionAppend(tail, note.label, note.text);
    append += definition;
    tail += definition;
  }
  return ok({ texts, append, edits: setup.value.edits, noPreamble: setup.value.noPreamble });
}

/** Cursors to insert at: after each selection (a selection is cited, not replaced). */
export function insertionPoints(editor: vscode.TextEditor): vscode.Selection[] {
  return editor.selections.map((s) => new vscode.Selection(s.end, s.end));
}

function refuse(message: string): InsertionResult {
  void vscode.window.showWarningMessage(message);
  return { inserted: false, message };
}

/**
 * Inserts `what` at the positions `tracked` has followed since the writer asked, as one undo step. Refuses, with
 * a message and without touching the draft, when the draft was closed, is read-only, or the text at a cursor
 * changed while the writer was choosing.
 */
export async function insertAtTracked(sourcebook: Sourcebook, tracked: TrackedInsertion, what: Insertion): Promise<InsertionResult> {
  const document = tracked.document;
  if (document.isClosed) return refuse(vscode.l10n.t('The draft was closed before the insertion could be made. Nothing was changed.'));
  if (isReadOnly(document)) {
    return refuse(vscode.l10n.t('{0} is read-only: open the draft you are writing and run the command there.', vscode.workspace.asRelativePath(document.uri)));
  }
  const citing = await prepareCiting(sourcebook, document);
  if (!citing.ok) return refuse(citing.message);
  let editor: vscode.TextEditor;
  try {
    editor = await editorFor(document);
  } catch {
    return refuse(vscode.l10n.t('The draft could not be shown, so nothing was inserted.'));
  }
  const biblatex = citing.value.biblatex;
  let bibCreated = false;
  if (biblatex && citing.value.settings.format === 'latex') {
    // The .bib goes first, so the draft never names a .bib that lacks a source it cites.
    const written = await writeSourcebookBib(sourcebook, document, biblatex, what.items.map((item) => item.key));
    if (!written.ok) return refuse(written.message);
    bibCreated = written.value.created;
  }

  // From here to the edit nothing is awaited: the text the insertion is computed from is the text it goes into.
  const resolved = tracked.resolve();
  if ('refused' in resolved) return refuse(resolved.refused);
  const order = resolved.positions
    .map((position, index) => ({ position, index, offset: document.offsetAt(position) }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index);
  const made = composeInsertion(citing.value, order.map((o) => o.offset), what);
  if (!made.ok) return refuse(made.message);
  const { texts, append, edits, noPreamble } = made.value;
  const replacements = edits.map((edit) => ({ range: new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), text: edit.text }));

  try {
    const done = await insertAsOneUndoStep(editor, order.map((o) => o.position), (i) => texts[i], append || undefined, replacements);
    if (!done) return refuse(vscode.l10n.t('The draft changed while the text was being inserted, so nothing was inserted. Run the command again.'));
    // Each cursor goes just after what was inserted at it (not after a footnote appended at the end); text added to
    // the preamble moves the cursors after it.
    let shift = 0;
    editor.selections = order.map(({ offset }, i) => {
      shift += texts[i].length;
      const before = edits.filter((edit) => edit.start < offset).reduce((sum, edit) => sum + edit.text.length - (edit.end - edit.start), 0);
      const position = document.positionAt(offset + shift + before);
      return new vscode.Selection(position, position);
    });
  } catch (error) {
    return refuse(vscode.l10n.t('Nothing was inserted: {0}', error instanceof Error ? error.message : String(error)));
  }
  if (biblatex) tellAboutBiblatex(biblatex, edits.length > 0, bibCreated && noPreamble);
  return { inserted: true };
}

/**
 * What the writer should know after a biblatex citation: that a style of their own is compiled with a stand-in
 * (when its package line was just added), and that a file without a preamble needs biblatex loaded where the
 * preamble is (when its .bib was just made).
 */
export function tellAboutBiblatex(style: BiblatexStyle, preambleChanged: boolean, noPreamble: boolean): void {
  if (style.fallback && preambleChanged) void vscode.window.showInformationMessage(style.fallback);
  if (noPreamble) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('This file has no \\begin{document}: load biblatex ({0}) and add \\addbibresource for its .bib in the file that has the preamble.', style.usepackage),
    );
  }
}

/** As `insertAtTracked`, at the editor's cursors now (no picker in between). */
export async function insertNow(sourcebook: Sourcebook, editor: vscode.TextEditor, what: Insertion): Promise<InsertionResult> {
  const tracked = new TrackedInsertion(editor.document, insertionPoints(editor));
  try {
    return await insertAtTracked(sourcebook, tracked, what);
  } finally {
    tracked.dispose();
  }
}

