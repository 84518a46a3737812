// Citation keys no source has: a warning on the key itself in a Markdown, LaTeX or plain-text draft
// (`[@crosan2025, para. 3]`, `\cite{crosan2025}`), with quick fixes changing it to the keys the writer may have
// meant. Checked when a draft opens, 300 ms after the writer stops typing, and again when the library changes;
// the setting "Sourcebook › Citation: Check Keys" turns it off (a writer citing from their own .bib file).
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { suggestKeys, unknownCitationKeys } from '../core/drafts/draftCitations';
import { draftSelector, settings } from '../edge/settings';
import { draftFormat } from '../edge/citationSettings';
import { isDraft } from '../edge/drafts';
import { offsetRange } from '../edge/vscodeTypes';
import { showDiagnostics } from '../edge/diagnostics';

/** The check runs this long after the writer stops typing, or after the sources change. */
const DEBOUNCE_MS = 300;
/** Longer documents (a corpus or an export, not a draft) are not checked. */
const MAX_CHARS = 5_000_000;

/** The diagnostic code, also what the quick fixes look for. */
export const UNKNOWN_KEY_CODE = 'citation-unknown-key';

export function registerCitationKeyDiagnostics(context: vscode.ExtensionContext, service: SourcebookService): void {
  const diagnostics = new CitationKeyDiagnostics(service);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(draftSelector, diagnostics, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  diagnostics.start();
}

export class CitationKeyDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sourcebook.citationKeys');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly service: SourcebookService) {}

  start(): void {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('sourcebook.citation.checkKeys')) this.scheduleAll();
      }),
      this.service.onDidChange(() => this.scheduleAll()),
    );
    this.scheduleAll();
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  /** Checks the document now and shows a warning on each unknown key; clears them when the check is off. */
  async check(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    if (this.disposed || document.isClosed || !isDraft(document)) return [];
    if (!settings(document.uri).checkCitationKeys) {
      this.collection.delete(document.uri);
      return [];
    }
    // Once the sources being read are in: a key of one of them is not unknown, only not read yet.
    const sourcebook = await this.service.settled();
    if (this.disposed || document.isClosed) return [];
    const keys = sourcebook.library.sources.map((source) => source.meta.key);
    const text = document.getText();
    // With no sources at all, every key would be unknown: that says nothing the sources view does not.
    if (keys.length === 0 || text.length > MAX_CHARS || !settings(document.uri).checkCitationKeys) {
      this.collection.delete(document.uri);
      return [];
    }
    // The keys meant are looked for only when a quick fix is asked for: against a large library that costs more.
    const found = unknownCitationKeys(text, keys, draftFormat(document), { suggestions: false });
    const diagnostics = found.map((unknown) => {
      const diagnostic = new vscode.Diagnostic(
        offsetRange(document, unknown.start, unknown.end),
        vscode.l10n.t('No source has the key "{0}".', unknown.key),
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'Sourcebook';
      diagnostic.code = UNKNOWN_KEY_CODE;
      return diagnostic;
    });
    showDiagnostics(this.collection, document.uri, diagnostics);
    return diagnostics;
  }

  /** "Change to crossan2025": one action per likely key, each a single edit of the key alone (one undo step). */
  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    let ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'Sourcebook' && diagnostic.code === UNKNOWN_KEY_CODE);
    // The editor's markers can lag a moment behind the collection (a fix asked for right after the check): then
    // the collection's own warnings under the range are used.
    if (ours.length === 0) ours = (this.collection.get(document.uri) ?? []).filter((diagnostic) => diagnostic.range.intersection(range) !== undefined);
    if (ours.length === 0) return [];
    const keys = (await this.service.get()).library.sources.map((source) => source.meta.key);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      // The key is read from the document, not remembered: the diagnostic may be older than the last keystroke.
      const written = document.getText(diagnostic.range);
      if (!written || keys.includes(written)) continue;
      for (const [index, suggestion] of suggestKeys(written, keys).entries()) {
        const action = new vscode.CodeAction(vscode.l10n.t('Change to {0}', suggestion), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, suggestion);
        action.diagnostics = [diagnostic];
        action.isPreferred = index === 0;
        actions.push(action);
      }
    }
    return actions;
  }

  // ------------------------------------------------------------------------------------------------------

  private schedule(document: vscode.TextDocument): void {
    if (this.disposed || !isDraft(document)) return;
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document);
      }, DEBOUNCE_MS),
    );
  }

  private scheduleAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.collection.delete(uri);
  }
}
