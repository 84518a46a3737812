// Every quotation in a Markdown, LaTeX or plain-text draft checked against the sources as the writer types:
// - words that differ from the source: a warning showing the source's words, with a quick fix putting them in;
// - a citation naming another source or paragraph than the one the words come from (in a PDF source, another
//   printed page: "on p. 204, not p. 203"): a warning, with a fix;
// - a quotation from a source with no citation near it: information, with a fix adding one;
// - words found in no source: nothing (they may come from elsewhere);
// - a quotation cited to a source Sourcebook has no text of (a reference only): information that it cannot be checked.
// Checks are debounced and incremental (only the changed region is read again); the setting
// "Sourcebook › Quotation Check: Enabled" turns the live check off, and the command "Check Quotations in This
// Document" runs it on demand with a summary.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import { QuotationChecker } from '../core/quotations/quotationChecker';
import type { SourceWordIndex } from '../core/quotations/sourceWordIndex';
import { whenIndexed } from '../edge/indexing';
import { wrongPage, type CitedPlace, type QuotationCheck, type QuotationStatus } from '../core/quotations/quotationCheck';
import { placeLocator } from '../core/quotations/passageQuotation';
import { writtenLocator } from '../core/citations/locators';
import type { FoundCitation } from '../core/drafts/draftReader';
import type { TextEdit } from '../core/drafts/bibliographyBlock';
import type { CitationForm, CiteItem } from '../core/types';
import { noteText } from '../core/quotations/quotationText';
import { citedName } from '../core/sources/readerText';
import { CommandIds } from '../edge/commandIds';
import { draftSelector, settings } from '../edge/settings';
import { citationSettingsFor, draftFormat } from '../edge/citationSettings';
import { isDraft } from '../edge/drafts';
import { citationAt, composeInsertion, prepareCiting } from '../edge/insertion';
import { offsetRange } from '../edge/vscodeTypes';
import { output, registerOutput } from '../edge/output';
import { showDiagnostics } from '../edge/diagnostics';

/** The check runs this long after the writer stops typing. */
const TYPING_DEBOUNCE_MS = 300;
/** After the sources change (a writer's source saved), drafts are checked again after this. */
const SOURCES_DEBOUNCE_MS = 300;
const MAX_SHOWN_WORDS = 400;
/**
 * Drafts longer than this (about 170,000 words, three books) are not checked as the writer types, only by the
 * command: a document that size is a corpus or an export, not a draft, and the editor's own work on it comes first.
 */
const MAX_LIVE_CHARS = 1_000_000;

export type FindingKind = 'differs' | 'wrongCitation' | 'uncited' | 'noText';

/** The diagnostic codes, also what the quick fixes look for. */
export const QUOTATION_CODES: Record<FindingKind, string> = {
  differs: 'quotation-differs',
  wrongCitation: 'quotation-wrong-citation',
  uncited: 'quotation-uncited',
  noText: 'quotation-no-text',
};

interface Finding {
  kind: FindingKind;
  range: vscode.Range;
  check: QuotationCheck;
}

interface DraftState {
  /** Made on the first check (it needs the sources). */
  checker?: QuotationChecker;
  /** The text the checker last saw, and its document version. */
  text: string;
  version: number;
  findings: Finding[];
  /** The region changed since the last check, in the current text's offsets; 'all' to read the whole draft. */
  pending?: { start: number; end: number } | 'all';
  timer?: ReturnType<typeof setTimeout>;
}

/** What "Check Quotations in This Document" found. */
export type QuotationSummary = Record<QuotationStatus, number>;

export function registerQuotationDiagnostics(context: vscode.ExtensionContext, service: SourcebookService): void {
  registerOutput(context);
  const diagnostics = new QuotationDiagnostics(service);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(draftSelector, diagnostics, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(CommandIds.checkQuotations, (uri?: unknown) => diagnostics.checkCommand(uri instanceof vscode.Uri ? uri : undefined)),
  );
  diagnostics.start();
}

export class QuotationDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sourcebook.quotations');
  private readonly states = new Map<string, DraftState>();
  private readonly tooLong = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private sourcesTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly service: SourcebookService) {}

  start(): void {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 'all')),
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sourcebook.quotationCheck')) this.onSettingChanged();
      }),
      this.service.onDidChange(() => this.onSourcesChanged()),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 'all');
  }

  dispose(): void {
    this.disposed = true;
    if (this.sourcesTimer) clearTimeout(this.sourcesTimer);
    for (const state of this.states.values()) if (state.timer) clearTimeout(state.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  /** Checks the document now (pending edits included) and shows the diagnostics. */
  async check(document: vscode.TextDocument): Promise<QuotationCheck[]> {
    const sourcebook = await this.service.get();
    // A large library is indexed in slices; the status bar says how far it has come.
    const index = await whenIndexed(sourcebook, 'quotations', sourcebook.wordIndexReady(), 'editor');
    if (this.disposed || document.isClosed || !index) return [];
    const state = this.stateOf(document);
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.checker ??= new QuotationChecker(index, { format: draftFormat(document) });
    const text = document.getText();
    const pending = state.pending;
    let results: QuotationCheck[];
    try {
      results = pending === undefined || pending === 'all' || state.version < 0 ? state.checker.checkAll(text) : state.checker.update(text, pending);
    } catch (error) {
      // The checker promises never to throw; if it does, the draft is left without diagnostics, not broken.
      output().error(`Checking the quotations of ${vscode.workspace.asRelativePath(document.uri)} failed: ${String(error)}`);
      results = [];
    }
    state.text = text;
    state.version = document.version;
    state.pending = undefined;
    state.findings = findingsOf(document, results);
    showDiagnostics(this.collection, document.uri, state.findings.map((finding) => toDiagnostic(finding, sourcebook, index)));
    return results;
  }

  /** The command: checks the active draft (or `uri`) and tells the writer what was found. */
  async checkCommand(uri?: vscode.Uri): Promise<QuotationSummary | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || !isDraft(document)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown, LaTeX or plain-text draft to check its quotations.'));
      return undefined;
    }
    this.stateOf(document).pending = 'all';
    const results = await this.check(document);
    const summary: QuotationSummary = { verified: 0, differs: 0, wrongCitation: 0, uncited: 0, notFound: 0, noText: 0 };
    for (const result of results) summary[result.status]++;
    const name = vscode.workspace.asRelativePath(document.uri);
    const unchecked = summary.noText > 0 ? ` ${vscode.l10n.t('{0} cite a source Sourcebook has no text of, and could not be checked.', summary.noText)}` : '';
    const message =
      (results.length === 0
        ? vscode.l10n.t('No quotations of four words or more in {0}.', name)
        : vscode.l10n.t(
            'Quotations in {0}: {1} verified, {2} differ from the source, {3} cite the wrong place, {4} uncited, {5} found in no source.',
            name,
            summary.verified,
            summary.differs,
            summary.wrongCitation,
            summary.uncited,
            summary.notFound,
          )) + unchecked;
    output().info(message);
    void vscode.window.showInformationMessage(message);
    return summary;
  }

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'Sourcebook' && Object.values(QUOTATION_CODES).includes(String(diagnostic.code)));
    if (ours.length === 0) return [];
    let state = this.states.get(document.uri.toString());
    if (!state || state.version !== document.version) {
      await this.check(document); // the diagnostics are older than the text: their offsets would be wrong
      state = this.states.get(document.uri.toString());
    }
    if (!state || token.isCancellationRequested) return [];
    const sourcebook = await this.service.get();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = state.findings.find((f) => QUOTATION_CODES[f.kind] === String(diagnostic.code) && f.range.isEqual(diagnostic.range));
      if (!finding) continue;
      const action = await this.fix(document, finding, sourcebook);
      if (!action) continue;
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    return actions;
  }

  // ------------------------------------------------------------------------------------------------------

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const document = event.document;
    if (event.contentChanges.length === 0 || !isDraft(document)) return;
    if (!settings(document.uri).quotationCheckEnabled) {
      this.collection.delete(document.uri); // shown by the command, now out of date
      this.states.delete(document.uri.toString());
      return;
    }
    const state = this.stateOf(document);
    if (state.pending !== 'all') {
      if (event.contentChanges.length > 1 || state.version < 0) state.pending = 'all';
      else state.pending = mapRange(state.pending, event.contentChanges[0]);
    }
    this.schedule(document);
  }

  private stateOf(document: vscode.TextDocument): DraftState {
    const key = document.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = { text: '', version: -1, findings: [], pending: 'all' };
      this.states.set(key, state);
    }
    return state;
  }

  private schedule(document: vscode.TextDocument, pending?: 'all'): void {
    if (this.disposed || !isDraft(document) || !settings(document.uri).quotationCheckEnabled) return;
    if (documentLength(document) > MAX_LIVE_CHARS) {
      if (!this.tooLong.has(document.uri.toString())) {
        this.tooLong.add(document.uri.toString());
        output().info(`${vscode.workspace.asRelativePath(document.uri)} is over ${MAX_LIVE_CHARS.toLocaleString('en')} characters: its quotations are checked only by “Check Quotations in This Document”.`);
      }
      return;
    }
    const state = this.stateOf(document);
    if (pending) state.pending = 'all';
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!document.isClosed && settings(document.uri).quotationCheckEnabled) void this.check(document);
    }, TYPING_DEBOUNCE_MS);
  }

  private forget(uri: vscode.Uri): void {
    const state = this.states.get(uri.toString());
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri.toString());
    this.collection.delete(uri);
  }

  private onSettingChanged(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (!isDraft(document)) continue;
      if (settings(document.uri).quotationCheckEnabled) this.schedule(document, 'all');
      else this.forget(document.uri);
    }
  }

  /** A source was added, changed or removed: every checker gets the new sources and every draft is read again. */
  private onSourcesChanged(): void {
    if (this.sourcesTimer) clearTimeout(this.sourcesTimer);
    this.sourcesTimer = setTimeout(() => {
      this.sourcesTimer = undefined;
      void this.service.get().then(async (sourcebook) => {
        const index = await whenIndexed(sourcebook, 'quotations', sourcebook.wordIndexReady(), 'editor');
        if (!index || this.disposed) return;
        for (const [key, state] of this.states) {
          state.checker?.setIndex(index);
          state.pending = 'all';
          const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
          if (document) this.schedule(document, 'all');
        }
      });
    }, SOURCES_DEBOUNCE_MS);
  }

  private async fix(document: vscode.TextDocument, finding: Finding, sourcebook: Sourcebook): Promise<vscode.CodeAction | undefined> {
    const { check } = finding;
    const edit = new vscode.WorkspaceEdit();
    if (finding.kind === 'noText') return undefined; // nothing to correct: the words cannot be checked
    if (finding.kind === 'differs') {
      if (check.replacement === undefined) return undefined;
      const action = new vscode.CodeAction(vscode.l10n.t('Replace with the source’s words'), vscode.CodeActionKind.QuickFix);
      edit.replace(document.uri, offsetRange(document, check.quotation.start, check.quotation.end), check.replacement);
      action.edit = edit;
      action.isPreferred = true;
      return action;
    }
    const expected: CitedPlace | undefined = check.expectedCitation ?? (check.match ? { source: check.match.source, paragraph: check.match.paragraph, page: check.match.page } : undefined);
    if (!expected) return undefined;
    const item = citeItem(sourcebook, expected, check);
    const label = describeRef(sourcebook, expected);
    if (finding.kind === 'wrongCitation') {
      const citation = check.quotation.citation;
      if (!citation) return undefined;
      const made = await correctedCitation(document, sourcebook, citation, item);
      if (!made) return undefined;
      edit.replace(document.uri, offsetRange(document, made.start, made.end), made.text);
      const action = new vscode.CodeAction(vscode.l10n.t('Cite {0} instead', label), vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.isPreferred = true;
      return action;
    }
    const added = await addedCitation(document, sourcebook, check.quotation.outerEnd, item);
    if (!added) return undefined;
    edit.insert(document.uri, document.positionAt(check.quotation.outerEnd), added.text);
    // What a LaTeX preamble needs for it (biblatex's lines: its .bib is written when the draft is saved).
    for (const extra of added.edits) edit.replace(document.uri, offsetRange(document, extra.start, extra.end), extra.text);
    if (added.append) edit.insert(document.uri, document.positionAt(document.getText().length), added.append);
    const action = new vscode.CodeAction(vscode.l10n.t('Add a citation of {0}', label), vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.isPreferred = true;
    return action;
  }
}

// ---------------------------------------------------------------------------------------------------------

/** The range in the new text that covers an earlier pending range and this change. */
export function mapRange(pending: { start: number; end: number } | undefined, change: { rangeOffset: number; rangeLength: number; text: string }): { start: number; end: number } {
  const start = change.rangeOffset;
  const oldEnd = change.rangeOffset + change.rangeLength;
  const newEnd = start + change.text.length;
  const delta = change.text.length - change.rangeLength;
  const map = (offset: number) => (offset <= start ? offset : offset >= oldEnd ? offset + delta : newEnd);
  if (!pending) return { start, end: newEnd };
  return { start: Math.min(map(pending.start), start), end: Math.max(map(pending.end), newEnd) };
}

function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

function findingsOf(document: vscode.TextDocument, results: readonly QuotationCheck[]): Finding[] {
  const findings: Finding[] = [];
  for (const check of results) {
    if (check.status === 'noText') findings.push({ kind: 'noText', range: offsetRange(document, check.quotation.start, check.quotation.end), check });
    if (check.status === 'notFound' || !check.match) continue;
    const words = offsetRange(document, check.quotation.start, check.quotation.end);
    if (check.status === 'differs' && check.replacement !== undefined) findings.push({ kind: 'differs', range: words, check });
    if (check.citation === 'wrong' && check.quotation.citation) {
      const citation = check.quotation.citation;
      findings.push({ kind: 'wrongCitation', range: offsetRange(document, citation.start, citation.end), check });
    }
    if (check.citation === 'missing') findings.push({ kind: 'uncited', range: offsetRange(document, check.quotation.outerStart, check.quotation.outerEnd), check });
  }
  return findings;
}

function toDiagnostic(finding: Finding, sourcebook: Sourcebook, index: SourceWordIndex): vscode.Diagnostic {
  const { check } = finding;
  const where = check.match ? describeRef(sourcebook, check.match) : '';
  let message: string;
  let severity: vscode.DiagnosticSeverity;
  if (finding.kind === 'differs') {
    const words = shorten(check.replacement ?? check.match?.text ?? '');
    message = vscode.l10n.t('The source says: “{0}” — {1}', words, where);
    severity = vscode.DiagnosticSeverity.Warning;
  } else if (finding.kind === 'wrongCitation') {
    const expected = check.expectedCitation ?? check.match;
    const page = wrongPage(index, check);
    message =
      page && expected
        ? vscode.l10n.t('These words are on {0} of {1}, not {2}.', pageText(page.found), describeSource(sourcebook, expected.source), pageText(page.cited))
        : vscode.l10n.t('These words come from {0}, but the citation names {1}.', expected ? describeRef(sourcebook, expected) : where, describeCited(check.quotation.citation));
    severity = vscode.DiagnosticSeverity.Warning;
  } else if (finding.kind === 'noText') {
    message = vscode.l10n.t('No text for this source: Sourcebook cannot check this quotation ({0} is a reference only).', check.noTextSource ?? '');
    severity = vscode.DiagnosticSeverity.Information;
  } else {
    message = vscode.l10n.t('Quoted from {0}, with no citation next to it.', where);
    severity = vscode.DiagnosticSeverity.Information;
  }
  const diagnostic = new vscode.Diagnostic(finding.range, message, severity);
  diagnostic.source = 'Sourcebook';
  diagnostic.code = QUOTATION_CODES[finding.kind];
  return diagnostic;
}

function shorten(text: string): string {
  const words = text.split(/\s+/);
  return words.length <= MAX_SHOWN_WORDS ? text : `${words.slice(0, MAX_SHOWN_WORDS).join(' ')} …`;
}

/**
 * "Crossan (crossan2025), paragraph 4" — who a writer recognises (an unsigned work: its title), with the key; in a
 * PDF source the printed page, "Example (example2017), p. 204".
 */
function describeRef(sourcebook: Sourcebook, ref: CitedPlace): string {
  return `${describeSource(sourcebook, ref.source)}, ${ref.page !== undefined ? pageText(ref.page) : `paragraph ${ref.paragraph}`}`;
}

function describeSource(sourcebook: Sourcebook, key: string): string {
  const source = sourcebook.library.source(key);
  return source ? `${citedName(source.meta)} (${key})` : key;
}

/** "p. 204", "pp. 201–202". */
function pageText(page: string): string {
  return writtenLocator('page', page).replace(/-/g, '–');
}

function describeCited(citation: FoundCitation | undefined): string {
  if (!citation) return 'another place';
  const parts = citation.cites.map((cite) => {
    const who = cite.key ?? [cite.name, cite.year].filter(Boolean).join(' ') ?? '';
    const paragraph = cite.paragraph !== undefined ? `, paragraph ${cite.paragraph}` : '';
    const other = cite.paragraph === undefined && cite.locator && cite.label ? `, ${writtenLocator(cite.label, cite.locator).replace(/-/g, '–')}` : '';
    return `${who || 'a source'}${paragraph}${other}`;
  });
  return parts.length > 0 ? parts.join('; ') : `“${citation.text}”`;
}

/** The item to cite (a PDF source by its page), "quoted in" when the words are someone else's speech recorded in the source. */
function citeItem(sourcebook: Sourcebook, ref: CitedPlace, check: QuotationCheck): CiteItem {
  const item: CiteItem = { key: ref.source, ...placeLocator(ref) };
  const source = sourcebook.library.source(ref.source);
  const match = check.match;
  if (source && match && match.source === ref.source && match.paragraph === ref.paragraph) {
    const speech = source.quotations.find((q) => q.paragraph === ref.paragraph && q.start <= match.start && q.end >= match.end);
    if (speech) item.speaker = speech.speakerName;
  }
  return item;
}

/** The form a citation the writer wrote is in, as the insertion path names it. */
const FORM_OF: Record<FoundCitation['form'], CitationForm> = { pandoc: 'pandoc', latex: 'latex', footnote: 'footnote', authorDate: 'plain' };

/** The citation as it should read: same form as the writer's (Pandoc, LaTeX command, footnote, author-date). */
async function correctedCitation(
  document: vscode.TextDocument,
  sourcebook: Sourcebook,
  citation: FoundCitation,
  item: CiteItem,
): Promise<{ start: number; end: number; text: string } | undefined> {
  if (citation.cites.length > 1) return undefined; // which of several works is wrong is the writer's call
  // A LaTeX command is corrected in the draft's LaTeX form: biblatex's postnote is the style's ("par." in MLA).
  const drafted = FORM_OF[citation.form] === 'latex' ? await citationSettingsFor(sourcebook, document) : undefined;
  const form = drafted?.ok && drafted.value.form === 'biblatex' ? 'biblatex' : FORM_OF[citation.form];
  if (form === 'footnote' && !citation.footnote) return undefined;
  const citing = await prepareCiting(sourcebook, document, form);
  if (!citing.ok) return undefined;
  const made = citationAt(citing.value, citation.start, [item]);
  if (!made.ok) return undefined;
  if (form === 'latex' || form === 'biblatex') {
    // Keep the writer's command (\parencite, \autocite, …).
    const command = /^\\[A-Za-z]*cite[A-Za-z]*\*?/.exec(citation.text)?.[0];
    return { start: citation.start, end: citation.end, text: command ? made.value.replace(/^\\[A-Za-z]*cite/, command) : made.value };
  }
  if (form === 'footnote' && citation.footnote) return { start: citation.footnote.start, end: citation.footnote.end, text: noteText(made.value) };
  return { start: citation.start, end: citation.end, text: made.value };
}

/** The citation to add after a quotation, as Insert Citation would put it there: in the form the writer chose for this kind of file. */
async function addedCitation(
  document: vscode.TextDocument,
  sourcebook: Sourcebook,
  offset: number,
  item: CiteItem,
): Promise<{ text: string; append?: string; edits: TextEdit[] } | undefined> {
  const citing = await prepareCiting(sourcebook, document);
  const made = citing.ok ? composeInsertion(citing.value, [offset], { items: [item] }) : citing;
  if (!made.ok) {
    void vscode.window.showWarningMessage(made.message);
    return undefined;
  }
  return { text: made.value.texts[0], append: made.value.append || undefined, edits: made.value.edits };
}
