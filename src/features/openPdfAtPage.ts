// "Open the PDF at This Page": from the source reader of a PDF source (the page at the cursor) or a page in the
// Sources view, the PDF itself opens in the system's PDF viewer, asked for the page by a `#page=N` fragment (N the
// page's place in the file, not its printed label) — which a browser's PDF viewer honours and most others ignore,
// so the status bar says which page of the file it is. It needs the PDF on the machine VS Code runs its windows on:
// in the browser (vscode.dev, code-server) or a remote window, it says so, with the path and the page.
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { PageSpan, Source } from '../core/types';
import { readerPageAt } from '../core/sources/readerText';
import { CommandIds } from '../edge/commandIds';
import { ContextKey } from '../edge/contextKey';
import { documentLayout, parseSourceUri } from '../edge/readerDocuments';

/** The context key that shows the command in a reader of a PDF source (editor title, command palette). */
const READER_IS_PDF = 'sourcebook.readerIsPdf';

export interface PdfOpenerDeps {
  /** Hands a URI to the system (`vscode.env.openExternal`). */
  openExternal: (uri: vscode.Uri) => Thenable<boolean>;
  /** Whether the system that opens it is the one the PDF is on: VS Code on the desktop, in a local window. */
  onDesktop: boolean;
  /** Says something to the writer (a notification by default). */
  tell?: (message: string) => void;
  /** Says what was opened, briefly (the status bar by default). */
  note?: (message: string) => void;
}

/** What the command did: the URI handed to the system, or what it said instead. */
export type PdfOpenResult = { opened: string } | { message: string };

/** A page of a PDF source, as the Sources view and hover links name it. */
interface PageTarget {
  key: string;
  label?: string;
  index?: number;
}

export class PdfPageOpener {
  constructor(
    private readonly service: SourcebookService,
    private readonly deps: PdfOpenerDeps,
  ) {}

  /** Opens the PDF of `target` (a page of the Sources view, `{ key, label }`), or of the reader at its cursor. */
  async open(target?: unknown): Promise<PdfOpenResult> {
    const sourcebook = await this.service.get();
    const asked = pageTarget(target) ?? this.atCursor();
    if (!asked) return this.say(vscode.l10n.t('Sourcebook: put the cursor in the source reader of a PDF source, on the page to open.'));
    const source = sourcebook.library.source(asked.key);
    if (!source) return this.say(vscode.l10n.t('Sourcebook: no source has the key "{0}".', asked.key));
    if (!source.pdf) return this.say(vscode.l10n.t('Sourcebook: {0} is not a PDF source: it has no PDF to open.', asked.key));
    const page = asked.label !== undefined ? pageNamed(source, asked.label, asked.index) : this.pageAtCursor(source);
    const file = pdfUri(source.pdf);
    const where = page ? pageWords(page) : '';
    if (!this.deps.onDesktop || file.scheme !== 'file') {
      return this.say(
        page
          ? vscode.l10n.t('Sourcebook: opening a PDF in its viewer needs VS Code on the desktop, with the PDF on this machine. Open {0} yourself at {1}.', file.scheme === 'file' ? file.fsPath : source.pdf, where)
          : vscode.l10n.t('Sourcebook: opening a PDF in its viewer needs VS Code on the desktop, with the PDF on this machine. Open {0} yourself.', file.scheme === 'file' ? file.fsPath : source.pdf),
      );
    }
    const uri = page?.index !== undefined ? file.with({ fragment: `page=${page.index + 1}` }) : file;
    if (!(await this.deps.openExternal(uri))) {
      return this.say(page ? vscode.l10n.t('Sourcebook: the system did not open {0}. Open it yourself at {1}.', file.fsPath, where) : vscode.l10n.t('Sourcebook: the system did not open {0}. Open it yourself.', file.fsPath));
    }
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    (this.deps.note ?? ((message: string) => vscode.window.setStatusBarMessage(message, 10_000)))(
      page ? vscode.l10n.t('Sourcebook: opened {0} — {1} (most PDF viewers open at the first page).', decodeURIComponent(name), where) : vscode.l10n.t('Sourcebook: opened {0}.', decodeURIComponent(name)),
    );
    return { opened: uri.toString(true) };
  }

  /** The source of the active reader, when the cursor is in one. */
  private atCursor(): PageTarget | undefined {
    const editor = vscode.window.activeTextEditor;
    const key = editor ? parseSourceUri(editor.document.uri)?.key : undefined;
    return key === undefined ? undefined : { key };
  }

  private pageAtCursor(source: Source): PageSpan | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || parseSourceUri(editor.document.uri)?.key !== source.meta.key) return undefined;
    const layout = documentLayout(editor.document, source);
    return layout ? readerPageAt(source, layout, editor.selection.active) : undefined;
  }

  private say(message: string): PdfOpenResult {
    (this.deps.tell ?? ((text: string) => void vscode.window.showInformationMessage(text)))(message);
    return { message };
  }
}

/** "p. 203 (page 3 of the file)", or "p. 203" when the page's place in the file is not known. */
function pageWords(page: PageSpan): string {
  return page.index !== undefined ? vscode.l10n.t('p. {0} (page {1} of the file)', page.label, page.index + 1) : vscode.l10n.t('p. {0}', page.label);
}

/** A command argument naming a page: a Sources view page node, or `{ key, label?, index? }`. */
function pageTarget(target: unknown): PageTarget | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const { key, label, index } = target as { key?: unknown; label?: unknown; index?: unknown };
  if (typeof key !== 'string') return undefined;
  return { key, label: typeof label === 'string' ? label : undefined, index: typeof index === 'number' ? index : undefined };
}

/** The page of a source with this printed label (and place in the file, when given). */
function pageNamed(source: Source, label: string, index?: number): PageSpan | undefined {
  for (const paragraph of source.paragraphs) {
    const span = paragraph.pages?.find((candidate) => candidate.label === label && (index === undefined || candidate.index === index));
    if (span) return span;
  }
  return undefined;
}

/** A source's PDF as a URI: `file:` URIs as they are, a path as a file. */
function pdfUri(pdf: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:/i.test(pdf) && !/^[A-Za-z]:[\\/]/.test(pdf) ? vscode.Uri.parse(pdf, true) : vscode.Uri.file(pdf);
}

export function registerOpenPdfAtPage(context: vscode.ExtensionContext, service: SourcebookService): void {
  const opener = new PdfPageOpener(service, {
    openExternal: (uri) => vscode.env.openExternal(uri),
    onDesktop: vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined,
  });
  // Asked at every library change (6,427 times as 1,424 files and 5,000 references arrive), told when it changes.
  const readerIsPdf = new ContextKey<boolean>((isPdf) => vscode.commands.executeCommand('setContext', READER_IS_PDF, isPdf));
  const updateContext = () => {
    const key = vscode.window.activeTextEditor ? parseSourceUri(vscode.window.activeTextEditor.document.uri)?.key : undefined;
    readerIsPdf.set(key === undefined ? false : service.peek().then((sourcebook) => sourcebook?.library.source(key)?.pdf !== undefined));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.openPdfAtPage, (target?: unknown) => opener.open(target)),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    service.onDidChange(updateContext),
  );
}
