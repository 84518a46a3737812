// Export Draft…: the draft as Word, PDF, HTML or OpenDocument with its citations and bibliography, through the
// system's Pandoc (`--citeproc`, the draft's own style as CSL, the cited sources as CSL-JSON; see
// core/export/pandocExport.ts) and, for a LaTeX draft's PDF, latexmk. Programs run asynchronously and are killed on
// cancel. In the browser, HTML is written from the Markdown preview's rendering and the other formats need the desktop.
import * as vscode from 'vscode';
import { toCslItem } from '../core/citations/cslItem';
import { findBundledStyle } from '../core/citations/styles';
import { citedKeys, uniqueKeys } from '../core/drafts/draftCitations';
import {
  choosePdfEngine,
  exportFileName,
  fontFallbackArgs,
  LATEX_ENGINES,
  pandocErrorLine,
  hasCiteproc,
  latexmkArgs,
  messageLine,
  NO_PDF_ENGINE,
  nocitedMetadata,
  pandocArgs,
  parsePandocVersion,
  PDF_ENGINES,
  prepareDraft,
  EXPORT_FORMATS,
  type ExportFormat,
} from '../core/export/pandocExport';
import { bundledStyleXml, styleLocale } from '../core/export/styleXml';
import { installCitations, type MarkdownIt as PreviewMarkdownIt } from '../core/preview/previewCitations';
import { installFootnotes, type FootnoteHost } from '../core/preview/previewFootnotes';
import type { SourceMeta } from '../core/types';
import { CommandIds } from '../edge/commandIds';
import { citationStyleFor, draftFormat, resolveFile, styleSettingFor } from '../edge/citationSettings';
import { draftTracker, isDraft, type DraftTracker } from '../edge/drafts';
import { output } from '../edge/output';
import { previewStyles } from '../edge/previewStyles';
import * as processes from '../edge/pandocProcess';
import { settings } from '../edge/settings';
import type { SourcebookService } from '../edge/sourcebookService';

export interface ExportDraftArgs {
  /** The draft (default: the active draft, else the one last edited). */
  uri?: vscode.Uri;
  format: ExportFormat;
  /** Where to write (default: beside the draft, or in `sourcebook.export.outputFolder`); overwritten without asking. */
  output?: vscode.Uri;
}

/** An export that could not be made: the message the writer is shown (and a script's call rejects with). */
class ExportProblem extends Error {
  constructor(
    message: string,
    readonly actions: ReadonlyArray<{ title: string; run: () => unknown }> = [],
  ) {
    super(message);
  }
}

const LABELS: Record<ExportFormat, string> = { docx: 'Word (.docx)', pdf: 'PDF', html: 'HTML', odt: 'OpenDocument (.odt)' };

export class DraftExporter {
  constructor(
    private readonly service: SourcebookService,
    private readonly tracker: DraftTracker,
    private readonly storage: vscode.Uri,
  ) {}

  /** The command: with `args`, for scripts and tests (rejects with the message when it fails); without, asks. */
  async run(args?: ExportDraftArgs): Promise<vscode.Uri | undefined> {
    try {
      return await this.export(args);
    } catch (error) {
      const problem = error instanceof ExportProblem ? error : new ExportProblem(error instanceof Error ? error.message : String(error));
      const choice = vscode.window.showWarningMessage(problem.message, ...problem.actions.map((action) => action.title));
      void choice.then((title) => problem.actions.find((action) => action.title === title)?.run());
      if (args) throw problem;
      return undefined;
    }
  }

  private async export(args?: ExportDraftArgs): Promise<vscode.Uri | undefined> {
    const document = args?.uri ? await vscode.workspace.openTextDocument(args.uri) : this.activeDraft();
    if (!document) throw new ExportProblem(vscode.l10n.t('Open a draft (Markdown, LaTeX or plain text) to export it.'));
    const latex = draftFormat(document) === 'latex';
    const format = args?.format ?? (await this.pickFormat(latex));
    if (!format) return undefined;
    if (!EXPORT_FORMATS.includes(format)) throw new ExportProblem(vscode.l10n.t('Export Draft writes docx, pdf, html or odt, not "{0}".', String(format)));
    if (latex && format !== 'pdf') throw new ExportProblem(vscode.l10n.t('A LaTeX draft is exported to PDF (with latexmk); export a Markdown draft for Word, HTML or OpenDocument.'));
    if (!processes.canRunPrograms && (format !== 'html' || latex)) {
      throw new ExportProblem(vscode.l10n.t('Exporting to {0} runs Pandoc, which needs VS Code on the desktop; in the browser, Export Draft writes HTML.', LABELS[format]));
    }
    const target = args?.output ?? (await this.target(document, format));
    if (!target) return undefined;

    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0} to {1}…', fileName(document.uri), LABELS[format]), cancellable: true },
      async (_progress, cancel) => {
        if (!processes.canRunPrograms) return this.previewHtml(document);
        return latex ? this.latexPdf(document, cancel) : this.pandoc(document, format, cancel);
      },
    );
    if (!written) return undefined;
    await vscode.workspace.fs.writeFile(target, written);
    if (!args) {
      // On disk: opened by the system's application for it, revealed in the file manager; elsewhere (the browser), in VS Code.
      const onDisk = target.scheme === 'file';
      const open = vscode.l10n.t('Open');
      const reveal = vscode.l10n.t('Reveal');
      void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0}.', vscode.workspace.asRelativePath(target)), ...(onDisk ? [open, reveal] : [open])).then((choice) => {
        if (choice === open) void (onDisk ? vscode.env.openExternal(target) : vscode.commands.executeCommand('vscode.open', target));
        if (choice === reveal) void vscode.commands.executeCommand('revealFileInOS', target);
      });
    }
    return target;
  }

  private activeDraft(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor?.document;
    return active && isDraft(active) ? active : this.tracker.lastDraft;
  }

  private async pickFormat(latex: boolean): Promise<ExportFormat | undefined> {
    const formats = latex ? (['pdf'] as const) : EXPORT_FORMATS;
    const picked = await vscode.window.showQuickPick(
      formats.map((format) => ({ label: LABELS[format], format })),
      { title: vscode.l10n.t('Export Draft'), placeHolder: vscode.l10n.t('Choose the format') },
    );
    return picked?.format;
  }

  /** Beside the draft or in the output folder; an existing file is replaced only when the writer says so. */
  private async target(document: vscode.TextDocument, format: ExportFormat): Promise<vscode.Uri | undefined> {
    const folderSetting = settings(document.uri).exportOutputFolder;
    const folder = folderSetting ? resolveFile(folderSetting, document.uri) : document.uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(document.uri, '..');
    if (!folder) throw new ExportProblem(vscode.l10n.t('Save the draft first: an export is written beside it.'));
    const target = vscode.Uri.joinPath(folder, exportFileName(fileName(document.uri), format));
    let exists = false;
    try {
      await vscode.workspace.fs.stat(target);
      exists = true;
    } catch {
      await vscode.workspace.fs.createDirectory(folder);
    }
    if (exists) {
      const replace = vscode.l10n.t('Replace');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} exists. Replace it?', vscode.workspace.asRelativePath(target)), { modal: true }, replace);
      if (choice !== replace) return undefined;
    }
    return target;
  }

  /** Pandoc's `--version`: the program to run, or a problem saying what to install. */
  private async checkPandoc(): Promise<string> {
    const program = settings().pandocPath || 'pandoc';
    const openSetting = { title: vscode.l10n.t('Open Setting'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'sourcebook.pandoc.path') };
    const install = vscode.l10n.t('Install Pandoc 2.11 or later (pandoc.org/installing.html; Debian and Ubuntu: `sudo apt install pandoc`), or set sourcebook.pandoc.path to it.');
    const result = await processes.runProgram(program, ['--version']);
    const version = result.missing || result.code !== 0 ? undefined : parsePandocVersion(result.stdout);
    if (!version) {
      output().error(`Export Draft: ${program} --version: ${result.stderr.trim() || `exit code ${String(result.code)}`}`);
      throw new ExportProblem(vscode.l10n.t('Export Draft needs Pandoc, and "{0}" could not be run. {1}', program, install), [openSetting]);
    }
    if (!hasCiteproc(version)) {
      throw new ExportProblem(vscode.l10n.t('Export Draft needs Pandoc 2.11 or later (for --citeproc); "{0}" is Pandoc {1}. {2}', program, version.join('.'), install), [openSetting]);
    }
    return program;
  }

  private async pandoc(document: vscode.TextDocument, format: ExportFormat, cancel: vscode.CancellationToken): Promise<Uint8Array | undefined> {
    const program = await this.checkPandoc();
    const pdfEngine = format === 'pdf' ? await this.pdfEngine() : undefined;
    const fontFallback = pdfEngine ? await this.fontFallback(pdfEngine) : undefined;
    const sourcebook = await this.service.get();
    const style = await citationStyleFor(sourcebook, document.uri);
    if (!style.ok) throw new ExportProblem(style.message);
    const text = document.getText();
    const keys = uniqueKeys(citedKeys(text, sourcebook.library.sources.map((s) => s.meta), draftFormat(document)));
    const options = findBundledStyle(style.value.id)?.items ?? {};
    const metas = keys.map((key) => sourcebook.library.source(key)?.meta).filter((meta): meta is SourceMeta => meta !== undefined);
    const csl = await this.cslFile(document, style.value.id);
    const folder = await processes.temporaryFolder();
    try {
      const file = (name: string) => processes.joinPath(folder, name);
      const prepared = prepareDraft(text, draftFormat(document));
      await processes.writeText(file('draft.md'), prepared.text);
      await processes.writeText(file('references.json'), `${JSON.stringify(metas.map((meta) => toCslItem(meta, options)), null, 2)}\n`);
      const nocite = prepared.keepsOwnBibliography ? undefined : nocitedMetadata(keys);
      if (nocite) await processes.writeText(file('metadata.yaml'), nocite);
      const outputFile = file(`export.${format}`);
      const args = pandocArgs({
        format,
        inputFile: file('draft.md'),
        outputFile,
        resourcePath: document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..').fsPath : undefined,
        cslFile: csl.path,
        bibliographyFile: file('references.json'),
        style: style.value,
        lang: csl.lang ?? 'en-US',
        citedKeys: keys,
        prepared,
        metadataFile: nocite ? file('metadata.yaml') : undefined,
        fallbackTitle: fileName(document.uri).replace(/\.[^.]*$/, ''),
        referenceDoc: this.referenceDoc(document),
        pdfEngine,
        fontFallback,
      });
      output().info(`Export Draft: ${program} ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
      const result = await processes.runProgram(program, args, { cwd: folder, cancel });
      if (result.cancelled) return undefined;
      this.report(document, 'Pandoc', result);
      return await vscode.workspace.fs.readFile(vscode.Uri.file(outputFile));
    } finally {
      await processes.removeFolder(folder);
    }
  }

  /** A LaTeX draft's PDF, compiled by latexmk (pdflatex and biber) from the saved draft into a temporary folder. */
  private async latexPdf(document: vscode.TextDocument, cancel: vscode.CancellationToken): Promise<Uint8Array | undefined> {
    if (document.uri.scheme !== 'file') throw new ExportProblem(vscode.l10n.t('A LaTeX draft is compiled from its file on disk: save it to a folder first.'));
    if (document.isDirty) {
      const save = vscode.l10n.t('Save and Export');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('latexmk compiles the saved draft. Save {0} first?', fileName(document.uri)), { modal: true }, save);
      if (choice !== save || !(await document.save())) return undefined;
    }
    if (!(await processes.programInstalled('latexmk'))) {
      throw new ExportProblem(vscode.l10n.t('A LaTeX draft is exported to PDF with latexmk, which is not installed: install TeX Live with latexmk and biber (Debian and Ubuntu: `sudo apt install latexmk biber texlive-latex-extra texlive-bibtex-extra`).'));
    }
    const folder = await processes.temporaryFolder();
    try {
      const name = fileName(document.uri);
      const result = await processes.runProgram('latexmk', latexmkArgs(name, folder), { cwd: vscode.Uri.joinPath(document.uri, '..').fsPath, cancel });
      if (result.cancelled) return undefined;
      this.report(document, 'latexmk', result);
      return await vscode.workspace.fs.readFile(vscode.Uri.file(processes.joinPath(folder, exportFileName(name, 'pdf'))));
    } finally {
      await processes.removeFolder(folder);
    }
  }

  /** The program's messages to the Output channel; a failure is a problem naming the draft's line when it gives one. */
  private report(document: vscode.TextDocument, program: string, result: processes.ProgramResult): void {
    const messages = `${result.stderr}\n${program === 'latexmk' ? result.stdout : ''}`.trim();
    if (result.code === 0) {
      if (messages) output().warn(`Export Draft (${program}): ${messages}`);
      return;
    }
    output().error(`Export Draft (${program}) failed with exit code ${String(result.code)}:\n${messages}`);
    const line = program === 'Pandoc' ? pandocErrorLine(messages, document.lineCount) : messageLine(messages, document.lineCount);
    const showOutput = { title: vscode.l10n.t('Show Output'), run: () => output().show() };
    const firstError = messages.split(/\r?\n/).find((l) => /error|^!/i.test(l)) ?? messages.split(/\r?\n/)[0] ?? '';
    if (line !== undefined) {
      const goTo = {
        title: vscode.l10n.t('Go to Line {0}', line),
        run: async () => {
          const editor = await vscode.window.showTextDocument(document);
          const at = new vscode.Position(line - 1, 0);
          editor.selection = new vscode.Selection(at, at);
          editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
        },
      };
      throw new ExportProblem(vscode.l10n.t('{0} could not export {1}: line {2}: {3}', program, fileName(document.uri), line, firstError.trim()), [goTo, showOutput]);
    }
    throw new ExportProblem(vscode.l10n.t('{0} could not export {1}: {2}', program, fileName(document.uri), firstError.trim() || vscode.l10n.t('see the Output channel')), [showOutput]);
  }

  private async pdfEngine(): Promise<string> {
    const installed = new Set<string>();
    for (const engine of PDF_ENGINES) if (await processes.programInstalled(engine)) installed.add(engine);
    const engine = choosePdfEngine((name) => installed.has(name));
    if (!engine) throw new ExportProblem(NO_PDF_ENGINE);
    return engine;
  }

  /** Arguments that set the PDF in Computer Modern when Latin Modern is missing (`fontFallbackArgs`); kpsewhich knows. */
  private async fontFallback(engine: string): Promise<string[]> {
    if (!LATEX_ENGINES.has(engine) || !(await processes.programInstalled('kpsewhich'))) return [];
    const found = await processes.runProgram('kpsewhich', ['lmodern.sty']);
    const fallback = fontFallbackArgs(engine, found.code === 0 && found.stdout.trim() !== '');
    if (fallback.length > 0) output().info('Export Draft: lmodern.sty is not installed (Debian and Ubuntu: sudo apt install lmodern); the PDF is set in Computer Modern.');
    return fallback;
  }

  /** The style's .csl file: the writer's as it is; a bundled one written to the extension's storage. */
  private async cslFile(document: vscode.TextDocument, styleId: string): Promise<{ path: string; lang?: string }> {
    const setting = styleSettingFor(document.uri);
    if ('file' in setting) {
      const xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(setting.file));
      if (setting.file.scheme === 'file') return { path: setting.file.fsPath, lang: styleLocale(xml) };
      return this.storeStyle(`custom-${styleId}`, xml);
    }
    const xml = bundledStyleXml(styleId);
    if (!xml.ok) throw new ExportProblem(xml.message);
    return this.storeStyle(styleId, xml.value);
  }

  private async storeStyle(name: string, xml: string): Promise<{ path: string; lang?: string }> {
    const folder = vscode.Uri.joinPath(this.storage, 'styles');
    await vscode.workspace.fs.createDirectory(folder);
    const uri = vscode.Uri.joinPath(folder, `${name}.csl`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(xml));
    return { path: uri.fsPath, lang: styleLocale(xml) };
  }

  private referenceDoc(document: vscode.TextDocument): string | undefined {
    const setting = settings(document.uri).exportReferenceDoc;
    return setting ? resolveFile(setting, document.uri).fsPath : undefined;
  }

  /**
   * The browser's HTML: the draft rendered as the Markdown preview renders it (markdown-it with Sourcebook's citations
   * and notes: the formatted citations, the notes, the bibliography at the end), as a page of its own.
   */
  private async previewHtml(document: vscode.TextDocument): Promise<Uint8Array> {
    const { default: MarkdownIt } = await import('markdown-it');
    const md = new MarkdownIt({ html: true });
    const styles = previewStyles(this.service);
    installCitations(md as unknown as PreviewMarkdownIt, (current) => styles.ready(current));
    installFootnotes(md as unknown as FootnoteHost);
    // markdown-it renders synchronously: the style is loaded first, so the citations come formatted.
    await styles.whenReady(document.uri);
    const body = md.render(document.getText(), { currentDocument: document.uri });
    const title = fileName(document.uri).replace(/\.[^.]*$/, '');
    const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const page = `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escape(title)}</title>\n</head>\n<body>\n${body}</body>\n</html>\n`;
    return new TextEncoder().encode(page);
  }
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'draft';
}

export function registerExportDraft(context: vscode.ExtensionContext, service: SourcebookService): void {
  const exporter = new DraftExporter(service, draftTracker(context), context.globalStorageUri);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.exportDraft, (args?: ExportDraftArgs) => exporter.run(args instanceof vscode.Uri ? undefined : args)),
  );
}
