// Insert Bibliography (the sources this draft cites, in the chosen style, between markers: written once, replaced on
// the next run) and Export Bibliography… (BibTeX or CSL-JSON to a file the writer picks, for Pandoc, Zotero, LaTeX).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { SourceMeta } from '../core/types';
import { exportBibtex } from '../core/citations/bibtex';
import { exportCslJson } from '../core/citations/cslItem';
import { citedKeys, uniqueKeys } from '../core/drafts/draftCitations';
import { bibliographyBlock, bibliographyEdit, bibliographyHeading } from '../core/drafts/bibliographyBlock';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { draftTracker, isDraft, type DraftTracker } from '../edge/drafts';
import type { InsertionResult } from '../edge/insertion';
import { citationStyleFor, draftFormat } from '../edge/citationSettings';

export interface ExportArgs {
  format?: 'bibtex' | 'csl-json';
  /** `document`: only the sources the active draft cites. */
  scope?: 'all' | 'document';
  /** Where to write, skipping the save dialog. */
  uri?: vscode.Uri | string;
}

export class BibliographyCommands {
  constructor(
    private readonly service: SourcebookService,
    private readonly tracker: DraftTracker,
  ) {}

  async insert(): Promise<InsertionResult> {
    const warn = (message: string): InsertionResult => {
      void vscode.window.showWarningMessage(message);
      return { inserted: false, message };
    };
    const editor = await this.tracker.editor();
    if (!editor) return warn(vscode.l10n.t('Open a draft (Markdown, LaTeX or plain text) to insert its bibliography.'));
    const document = editor.document;
    const sourcebook = await this.service.get();
    const style = await citationStyleFor(sourcebook, document.uri);
    if (!style.ok) return warn(style.message);

    // Nothing is awaited from here to the edit: the bibliography is made from the text it goes into.
    const text = document.getText();
    const format = draftFormat(document);
    const metas = sourcebook.library.sources.map((s) => s.meta);
    const keys = uniqueKeys(citedKeys(text, metas, format));
    if (keys.length === 0) {
      return warn(vscode.l10n.t('This draft cites no source yet: insert a citation first (Sourcebook: Insert Citation…).'));
    }
    const output = format === 'markdown' ? 'markdown' : 'text';
    let entries: string[];
    let entryKeys: string[] | undefined;
    if (format === 'latex') {
      // One entry per key, so each \bibitem carries its key (every \cite needs one, even of a source the style
      // leaves out of its bibliography); sorted as the styles sort (by author, then title).
      const made = keys.map((key) => ({ key, entry: sourcebook.citations.referenceSync(style.value.id, key, 'text') }));
      const failed = made.find((m) => !m.entry.ok);
      if (failed && !failed.entry.ok) return warn(failed.entry.message);
      const sorted = made.map((m) => ({ key: m.key, text: m.entry.ok ? m.entry.value : '' })).sort((a, b) => a.text.localeCompare(b.text));
      entries = sorted.map((m) => m.text);
      entryKeys = sorted.map((m) => m.key);
    } else {
      const made = sourcebook.citations.bibliographySync(style.value.id, keys, output);
      if (!made.ok) return warn(made.message);
      if (made.value.length === 0) {
        return warn(vscode.l10n.t('{0} cites the sources of this draft in the notes or the text only (an unsigned encyclopedia entry has no bibliography entry): there is no bibliography to insert.', style.value.title));
      }
      entries = made.value;
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const block = bibliographyBlock({ format, heading: bibliographyHeading(style.value), entries, keys: entryKeys, eol });
    const edit = bibliographyEdit(text, block, format);
    if (!edit.ok) return warn(edit.message);
    const range = new vscode.Range(document.positionAt(edit.value.start), document.positionAt(edit.value.end));
    if (document.getText(range) === edit.value.text) return { inserted: true };
    try {
      const done = await editor.edit((builder) => builder.replace(range, edit.value.text), { undoStopBefore: true, undoStopAfter: true });
      if (!done) return warn(vscode.l10n.t('The draft changed while the bibliography was being written, so nothing was changed. Run the command again.'));
    } catch (error) {
      return warn(vscode.l10n.t('The bibliography could not be written: {0}', error instanceof Error ? error.message : String(error)));
    }
    return { inserted: true };
  }

  async export(args?: ExportArgs): Promise<vscode.Uri | undefined> {
    const sourcebook = await this.service.get();
    const format = args?.format ?? (await this.pickFormat());
    if (!format) return undefined;
    const draft = vscode.window.activeTextEditor && isDraft(vscode.window.activeTextEditor.document) ? vscode.window.activeTextEditor.document : this.tracker.lastDraft;
    const cited = draft ? uniqueKeys(citedKeys(draft.getText(), sourcebook.library.sources.map((s) => s.meta), draftFormat(draft))) : [];
    let scope = args?.scope;
    if (!scope) {
      if (cited.length === 0) {
        scope = 'all';
      } else {
        const picked = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Sources this draft cites'), description: vscode.l10n.t('{0} sources', cited.length), scope: 'document' as const },
            { label: vscode.l10n.t('All sources'), description: vscode.l10n.t('{0} sources', sourcebook.library.sources.length), scope: 'all' as const },
          ],
          { title: vscode.l10n.t('Export Bibliography') },
        );
        if (!picked) return undefined;
        scope = picked.scope;
      }
    }
    const metas: SourceMeta[] =
      scope === 'document'
        ? cited.map((key) => sourcebook.library.source(key)?.meta).filter((meta): meta is SourceMeta => meta !== undefined)
        : sourcebook.library.sources.map((s) => s.meta);
    const extension = format === 'bibtex' ? 'bib' : 'json';
    let target = typeof args?.uri === 'string' ? vscode.Uri.file(args.uri) : args?.uri;
    if (!target) {
      const folder = draft && draft.uri.scheme === 'file' ? vscode.Uri.joinPath(draft.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `references.${extension}`) : undefined,
        filters: format === 'bibtex' ? { BibTeX: ['bib'] } : { 'CSL-JSON': ['json'] },
        saveLabel: vscode.l10n.t('Export'),
        title: vscode.l10n.t('Export Bibliography'),
      });
      if (!target) return undefined;
    }
    const content = format === 'bibtex' ? exportBibtex(metas) : exportCslJson(metas);
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The bibliography could not be written to {0}: {1}', target.toString(true), error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    if (!args?.uri) {
      void vscode.window
        .showInformationMessage(vscode.l10n.t('Exported {0} sources to {1}.', metas.length, vscode.workspace.asRelativePath(target)), vscode.l10n.t('Open'))
        .then((choice) => (choice && target ? vscode.window.showTextDocument(target) : undefined));
    }
    return target;
  }

  private async pickFormat(): Promise<'bibtex' | 'csl-json' | undefined> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'BibTeX (.bib)', detail: vscode.l10n.t('For LaTeX (biblatex, natbib) and reference managers'), format: 'bibtex' as const },
        { label: 'CSL-JSON (.json)', detail: vscode.l10n.t('For Pandoc (--bibliography) and Zotero'), format: 'csl-json' as const },
      ],
      { title: vscode.l10n.t('Export Bibliography'), placeHolder: vscode.l10n.t('Choose the file format') },
    );
    return picked?.format;
  }
}

/** Kept for tests: the sources a draft cites, each once, in order of first citation. */
export function keysCitedIn(sourcebook: Sourcebook, document: vscode.TextDocument): string[] {
  return uniqueKeys(citedKeys(document.getText(), sourcebook.library.sources.map((s) => s.meta), draftFormat(document)));
}

export function registerBibliographyCommands(context: vscode.ExtensionContext, service: SourcebookService): void {
  const commands = new BibliographyCommands(service, draftTracker(context));
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.insertBibliography, () => commands.insert()),
    vscode.commands.registerCommand(CommandIds.exportBibliography, (args?: ExportArgs) => commands.export(args instanceof vscode.Uri ? undefined : args)),
  );
}
