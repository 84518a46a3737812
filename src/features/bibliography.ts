// Insert Bibliography (the sources this draft cites, in the chosen style, between markers: written once, replaced on
// the next run; under biblatex, `\printbibliography` and the .bib beside the draft) and Export Bibliography… (biblatex,
// classic BibTeX or CSL-JSON to a file the writer picks, for LaTeX, Pandoc and Zotero).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { SourceMeta } from '../core/types';
import { exportBib } from '../core/citations/bibtex';
import { biblatexStyleFor } from '../core/citations/biblatex';
import { exportCslJson } from '../core/citations/cslItem';
import { citedKeys, uniqueKeys } from '../core/drafts/draftCitations';
import { bibliographyBlock, bibliographyEdit, bibliographyHeading, type TextEdit } from '../core/drafts/bibliographyBlock';
import { biblatexSetup, urlSetup } from '../core/drafts/latexPreamble';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { draftTracker, isDraft, type DraftTracker } from '../edge/drafts';
import { tellAboutBiblatex, type InsertionResult } from '../edge/insertion';
import { citationSettingsFor, draftFormat } from '../edge/citationSettings';
import { writeSourcebookBib } from '../edge/sourcebookBib';

/** The export's file formats: `biblatex` and `bibtex` are .bib files (see bibtex.ts), `csl-json` for Pandoc and Zotero. */
export type ExportFormat = 'biblatex' | 'bibtex' | 'csl-json';

export interface ExportArgs {
  format?: ExportFormat;
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
    const settings = await citationSettingsFor(sourcebook, document);
    if (!settings.ok) return warn(settings.message);
    const { form, format } = settings.value;
    // biblatex formats the entries itself; the other forms' entries come from the citation engine.
    const biblatex = format === 'latex' && form === 'biblatex';
    const style = biblatex ? settings : await sourcebook.citations.prepare(settings.value.style.id);
    if (!style.ok) return warn(style.message);

    // Nothing is awaited from here to the edit (but for biblatex's .bib, after which the text is read again): the
    // bibliography is made from the text it goes into.
    const text = document.getText();
    const metas = sourcebook.library.sources.map((s) => s.meta);
    const keys = uniqueKeys(citedKeys(text, metas, format));
    if (keys.length === 0) {
      return warn(vscode.l10n.t('This draft cites no source yet: insert a citation first (Sourcebook: Insert Citation…).'));
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const heading = bibliographyHeading(settings.value.style);
    const edits: TextEdit[] = [];
    if (biblatex) {
      // biblatex prints the entries: the draft needs \printbibliography, and the .bib written from its citations.
      const compiledWith = biblatexStyleFor(settings.value.style);
      const written = await writeSourcebookBib(sourcebook, document, compiledWith);
      if (!written.ok) return warn(written.message);
      const setup = biblatexSetup(document.getText(), { style: compiledWith, resource: written.value.name, heading });
      if (!setup.ok) return warn(setup.message);
      const done = await applyEdits(editor, setup.value.edits);
      if (done.inserted) tellAboutBiblatex(compiledWith, setup.value.edits.length > 0, setup.value.noPreamble);
      return done;
    }
    let block: string;
    if (format === 'latex') {
      let entries: string[];
      let entryKeys: string[] | undefined;
      if (form === 'plain') {
        // Formatted citations name no key: the entries are a list, in the style's order, as the style formats them.
        const made = sourcebook.citations.bibliographySync(settings.value.style.id, keys, 'latex');
        if (!made.ok) return warn(made.message);
        if (made.value.length === 0) return warn(nothingToList(settings.value.style.title));
        entries = made.value;
      } else {
        // One entry per key, so each \bibitem carries its key (every \cite needs one, even of a source the style
        // leaves out of its bibliography); sorted as the styles sort (by author, then title).
        const made = keys.map((key) => ({ key, entry: sourcebook.citations.referenceSync(settings.value.style.id, key, 'latex') }));
        const failed = made.find((m) => !m.entry.ok);
        if (failed && !failed.entry.ok) return warn(failed.entry.message);
        const sorted = made.map((m) => ({ key: m.key, text: m.entry.ok ? m.entry.value : '' })).sort((a, b) => a.text.localeCompare(b.text));
        entries = sorted.map((m) => m.text);
        entryKeys = sorted.map((m) => m.key);
      }
      block = bibliographyBlock({ format, heading, entries, keys: entryKeys, latex: form === 'plain' ? 'list' : 'thebibliography', eol });
      if (entries.some((entry) => entry.includes('\\url{'))) edits.push(...urlSetup(text).edits);
    } else {
      const made = sourcebook.citations.bibliographySync(settings.value.style.id, keys, format === 'markdown' ? 'markdown' : 'text');
      if (!made.ok) return warn(made.message);
      if (made.value.length === 0) return warn(nothingToList(settings.value.style.title));
      block = bibliographyBlock({ format, heading, entries: made.value, eol });
    }
    const edit = bibliographyEdit(text, block, format);
    if (!edit.ok) return warn(edit.message);
    if (text.slice(edit.value.start, edit.value.end) !== edit.value.text) edits.push(edit.value);
    return applyEdits(editor, edits);
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
    const extension = format === 'csl-json' ? 'json' : 'bib';
    let target = typeof args?.uri === 'string' ? vscode.Uri.file(args.uri) : args?.uri;
    if (!target) {
      const folder = draft && draft.uri.scheme === 'file' ? vscode.Uri.joinPath(draft.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `references.${extension}`) : undefined,
        filters: format === 'csl-json' ? { 'CSL-JSON': ['json'] } : { BibTeX: ['bib'] },
        saveLabel: vscode.l10n.t('Export'),
        title: vscode.l10n.t('Export Bibliography'),
      });
      if (!target) return undefined;
    }
    const content = format === 'csl-json' ? exportCslJson(metas) : exportBib(metas, { flavour: format });
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

  private async pickFormat(): Promise<ExportFormat | undefined> {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: vscode.l10n.t('BibLaTeX (biber) — keeps URLs, access dates and sites'),
          detail: vscode.l10n.t('.bib for LaTeX with biblatex and biber: @online with url, urldate and the site; ISO dates; reference managers read it too'),
          format: 'biblatex' as const,
        },
        {
          label: vscode.l10n.t('BibTeX (classic .bst styles) — @misc with howpublished = \\url{…} and note = {Accessed …}'),
          detail: vscode.l10n.t('.bib for BibTeX styles such as plain, alpha or abbrv, which know no @online, url or urldate: the URL and the access date are kept where they print'),
          format: 'bibtex' as const,
        },
        { label: vscode.l10n.t('CSL-JSON (.json)'), detail: vscode.l10n.t('For Pandoc (--bibliography) and Zotero'), format: 'csl-json' as const },
      ],
      { title: vscode.l10n.t('Export Bibliography'), placeHolder: vscode.l10n.t('Choose the file format') },
    );
    return picked?.format;
  }
}

/** Applies the edits (offsets in the draft's text now) as one undo step; none to make is success. */
async function applyEdits(editor: vscode.TextEditor, edits: readonly TextEdit[]): Promise<InsertionResult> {
  if (edits.length === 0) return { inserted: true };
  const document = editor.document;
  const ranges = edits.map((edit) => ({ range: new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), text: edit.text }));
  const warn = (message: string): InsertionResult => {
    void vscode.window.showWarningMessage(message);
    return { inserted: false, message };
  };
  try {
    const done = await editor.edit((builder) => ranges.forEach(({ range, text }) => builder.replace(range, text)), { undoStopBefore: true, undoStopAfter: true });
    if (!done) return warn(vscode.l10n.t('The draft changed while the bibliography was being written, so nothing was changed. Run the command again.'));
  } catch (error) {
    return warn(vscode.l10n.t('The bibliography could not be written: {0}', error instanceof Error ? error.message : String(error)));
  }
  return { inserted: true };
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

/** When the style lists none of the draft's sources (Chicago leaves an unsigned encyclopedia entry out). */
function nothingToList(styleTitle: string): string {
  return vscode.l10n.t('{0} cites the sources of this draft in the notes or the text only (an unsigned encyclopedia entry has no bibliography entry): there is no bibliography to insert.', styleTitle);
}
