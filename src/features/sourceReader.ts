// The source reader: each source as a read-only virtual document (`sourcebook:` scheme), paragraph numbers
// visible as cited ("[12] text…"), its short author-date title in the tab, opened scrolled to a paragraph. A PDF
// source's printed pages are marker lines ("— p. 203 —") above the paragraph a page starts with, and a mark in the
// text where a page starts inside a paragraph (a decoration: the text, and so every offset, stays the paragraph's).
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import type { Source } from '../core/types';
import { PAGE_MARKER, citedName, hasText, isUnsigned, readerLayout, sourceLabel, yearOf } from '../core/sources/readerText';
import { plainTitle } from '../core/sources/titles';
import { fullCardInputs, pickText, renderFullCard, sameCardInputs } from '../core/cards/card';
import type { FullCardInputs } from '../core/cards/card';
import { CommandIds } from '../edge/commandIds';
import { chosenStyle, paragraphCiter } from '../edge/cards';
import { PARAGRAPH_PREFIX, SOURCE_SCHEME, openReaderDocument, parseCardUri, parseSourceUri, readerRange, rememberLabels } from '../edge/readerDocuments';

/** Serves the reader documents; they change when the library or the citation style changes. */
export class SourceReaderProvider implements vscode.TextDocumentContentProvider {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  /** What each open card (by URI) was last rendered from. */
  private readonly cardInputs = new Map<string, FullCardInputs>();
  /** The cards (by URI) whose check waits for every name to be found: one each, which sees the library as it is then. */
  private readonly cardsWaiting = new Set<string>();

  constructor(private readonly service: SourcebookService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const sourcebook = await this.service.get();
    rememberLabels(sourcebook);
    const card = parseCardUri(uri);
    if (card !== undefined) {
      await sourcebook.mentionsReady();
      const inputs = fullCardInputs(sourcebook.library, card);
      if (inputs) this.cardInputs.set(uri.toString(), inputs);
      else this.cardInputs.delete(uri.toString());
      return renderFullCard(sourcebook.library, card, await paragraphCiter(sourcebook)) ?? `${vscode.l10n.t('No entry in the index has the id "{0}".', card)}\n`;
    }
    const parsed = parseSourceUri(uri);
    const source = parsed ? sourcebook.library.source(parsed.key) : undefined;
    if (!parsed || !source) {
      return `${vscode.l10n.t('No source has the key "{0}". It may have been removed or renamed: reload the sources.', parsed?.key ?? uri.path)}\n`;
    }
    return readerLayout(source, await this.header(sourcebook, source)).text;
  }

  /**
   * Re-renders every open reader document. With `sourcebook` (the library changed), an open card only when what it
   * is made from changed, once every name is found (`fullCardInputs`); without (the citation style changed), every card.
   */
  refreshAll(sourcebook?: Sourcebook): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== SOURCE_SCHEME) continue;
      const card = parseCardUri(document.uri);
      if (card === undefined || !sourcebook) this.changes.fire(document.uri);
      else void this.refreshCard(sourcebook, document.uri, card);
    }
  }

  /** The document at `uri` was closed: what its card was rendered from is let go. */
  forget(uri: vscode.Uri): void {
    this.cardInputs.delete(uri.toString());
  }

  private async refreshCard(sourcebook: Sourcebook, uri: vscode.Uri, id: string): Promise<void> {
    // While a large library arrives, names are found for seconds: the checks asked for meanwhile were all run in one
    // turn when they were (65–94 ms in the host profile); the one waiting checks the library as it is when they are.
    const key = uri.toString();
    if (this.cardsWaiting.has(key)) return;
    this.cardsWaiting.add(key);
    try {
      await sourcebook.mentionsReady();
    } finally {
      this.cardsWaiting.delete(key);
    }
    if (!sameCardInputs(this.cardInputs.get(key), fullCardInputs(sourcebook.library, id))) this.changes.fire(uri);
  }

  dispose(): void {
    this.changes.dispose();
  }

  private async header(sourcebook: Sourcebook, source: Source): Promise<string[]> {
    const style = await chosenStyle(sourcebook);
    const entry = style ? sourcebook.citations.referenceSync(style.id, source.meta.key) : undefined;
    const reference = entry?.ok && entry.value ? entry.value : `${sourceLabel(source.meta, 400)}.`;
    const lines = [
      reference,
      hasText(source)
        ? vscode.l10n.t('Key: {0} · {1} paragraphs, numbered as cited · read-only', source.meta.key, source.paragraphs.length)
        : vscode.l10n.t('Key: {0} · no text in Sourcebook · read-only', source.meta.key),
    ];
    if (source.meta.note) lines.push(vscode.l10n.t('Note: {0}', source.meta.note));
    const pages = source.paragraphs.flatMap((paragraph) => paragraph.pages ?? []);
    if (source.pdf && pages.length > 0) {
      const first = pages[0].label;
      const last = pages[pages.length - 1].label;
      lines.push(vscode.l10n.t('PDF: {0} · printed pages {1} · “Open the PDF at This Page” opens it', pdfPath(source.pdf), first === last ? first : `${first}–${last}`));
    }
    // A header line must never look like a paragraph line or a page marker.
    return lines.map((line) => (PARAGRAPH_PREFIX.test(line) || PAGE_MARKER.test(line) ? ` ${line}` : line));
  }
}

/** A PDF's place as the writer knows it: the path of a `file:` URI, else as given. */
function pdfPath(pdf: string): string {
  return pdf.startsWith('file:') ? vscode.Uri.parse(pdf, true).fsPath : pdf;
}

/** Opens sources in the reader and highlights the paragraph asked for. */
export class SourceReader implements vscode.Disposable {
  /** The paragraph highlight, made when a reader first opens (not at activation). */
  private highlight: vscode.TextEditorDecorationType | undefined;
  /** The mark where a printed page starts inside a paragraph of a PDF source, made when first needed. */
  private pageStart: vscode.TextEditorDecorationType | undefined;
  /** Highlighted paragraph per open reader document, re-applied when its editor becomes visible again. */
  private readonly highlighted = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: SourcebookService) {
    this.disposables.push(
      { dispose: () => this.highlight?.dispose() },
      { dispose: () => this.pageStart?.dispose() },
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.decorateAll(editor))),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme !== SOURCE_SCHEME) return;
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === event.document) this.decorateAll(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.highlighted.delete(document.uri.toString())),
    );
  }

  /**
   * Opens source `key` read-only, scrolled to and highlighting `paragraph`, with `select` (offsets in the
   * paragraph's text, e.g. a mention) selected. Undefined (and a message) for an unknown key.
   */
  async open(key: unknown, paragraph?: unknown, select?: { start: number; end: number }): Promise<vscode.TextEditor | undefined> {
    if (key && typeof key === 'object' && typeof (key as { key?: unknown }).key === 'string') {
      // A tree element or descriptor: { key, paragraph? }.
      const target = key as { key: string; paragraph?: unknown };
      return this.open(target.key, target.paragraph ?? paragraph, select);
    }
    if (typeof key !== 'string') {
      // From the command palette: choose the source.
      const chosen = await this.pick();
      return chosen ? this.open(chosen) : undefined;
    }
    const wanted = key;
    const document = await openReaderDocument(this.service, wanted);
    if (!document) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: no source has the key "{0}".', wanted));
      return undefined;
    }
    const source = (await this.service.get()).library.source(wanted);
    // A reference-only source opens on what the reader says of it: no paragraph to scroll to or complain about.
    const number = source && !hasText(source) ? undefined : typeof paragraph === 'number' ? paragraph : typeof paragraph === 'string' ? Number(paragraph) : undefined;
    const editor = await vscode.window.showTextDocument(document, { preview: true, viewColumn: this.column() });
    const span = select && Number.isFinite(select.start) && Number.isFinite(select.end) ? select : undefined;
    if (number !== undefined && Number.isInteger(number)) this.show(editor, number, span);
    this.decoratePages(editor);
    return editor;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async pick(): Promise<string | undefined> {
    const sourcebook = await this.service.get();
    const items = sourcebook.library.sources.map((source) => ({
      label: pickText(plainTitle(source.meta.title)),
      description: pickText(isUnsigned(source.meta) ? yearOf(source.meta.date) : `${citedName(source.meta)} ${yearOf(source.meta.date)}`),
      detail: hasText(source) ? vscode.l10n.t('{0} paragraphs · key {1}', source.paragraphs.length, pickText(source.meta.key)) : vscode.l10n.t('no text in Sourcebook · key {0}', pickText(source.meta.key)),
      key: source.meta.key,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open Source'), placeHolder: vscode.l10n.t('Type a title or an author'), matchOnDescription: true });
    return picked?.key;
  }

  private show(editor: vscode.TextEditor, number: number, select?: { start: number; end: number }): void {
    const range = readerRange(editor.document, number);
    if (!range) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sourcebook: this source has no paragraph {0}.', number));
      return;
    }
    this.highlighted.set(editor.document.uri.toString(), number);
    const selected = select ? readerRange(editor.document, number, select.start, select.end) : undefined;
    editor.selection = selected ? new vscode.Selection(selected.start, selected.end) : new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.decorate(editor);
  }

  private decorateAll(editor: vscode.TextEditor): void {
    this.decorate(editor);
    this.decoratePages(editor);
  }

  /** Marks each printed page that starts inside a paragraph of a PDF source, where it starts: "p. 202". */
  private decoratePages(editor: vscode.TextEditor): void {
    const key = parseSourceUri(editor.document.uri)?.key;
    if (key === undefined) return;
    void this.service.peek().then((sourcebook) => {
      const source = sourcebook?.library.source(key);
      if (!source) return;
      const marks: vscode.DecorationOptions[] = [];
      for (const paragraph of source.paragraphs) {
        for (const span of (paragraph.pages ?? []).slice(1)) {
          const at = readerRange(editor.document, paragraph.number, span.start, span.start);
          if (at) marks.push({ range: at, hoverMessage: vscode.l10n.t('Page {0} of the PDF starts here.', span.label), renderOptions: { before: { contentText: `p. ${span.label}` } } });
        }
      }
      if (marks.length === 0 && !this.pageStart) return;
      this.pageStart ??= vscode.window.createTextEditorDecorationType({
        before: { color: new vscode.ThemeColor('editorLineNumber.foreground'), border: '1px solid', margin: '0 0.4em', fontStyle: 'normal' },
      });
      editor.setDecorations(this.pageStart, marks);
    });
  }

  private decorate(editor: vscode.TextEditor): void {
    const number = this.highlighted.get(editor.document.uri.toString());
    if (number === undefined) return;
    const range = readerRange(editor.document, number);
    this.highlight ??= vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
      isWholeLine: true,
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    });
    editor.setDecorations(this.highlight, range ? [range] : []);
  }

  /** Beside the draft when a draft is active (the writer keeps it in view), else where the writer is. */
  private column(): vscode.ViewColumn {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== SOURCE_SCHEME) return vscode.ViewColumn.Beside;
    return active?.viewColumn ?? vscode.ViewColumn.Active;
  }
}

/** Changes of the library within this time of each other render the open readers once. */
const REFRESH_DEBOUNCE_MS = 250;

export function registerSourceReader(context: vscode.ExtensionContext, service: SourcebookService): void {
  const provider = new SourceReaderProvider(service);
  const reader = new SourceReader(service);
  // A large library arrives a source at a time: the open readers are rendered again once it pauses, not at each.
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The citation style changed since the last refresh: every card is rendered again.
  let styleChanged = false;
  const refresh = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const everyCard = styleChanged;
      styleChanged = false;
      void service.peek().then((sourcebook) => {
        if (!sourcebook) return;
        rememberLabels(sourcebook);
        provider.refreshAll(everyCard ? undefined : sourcebook);
      });
    }, REFRESH_DEBOUNCE_MS);
  };
  context.subscriptions.push(
    { dispose: () => timer && clearTimeout(timer) },
    provider,
    reader,
    vscode.workspace.registerTextDocumentContentProvider(SOURCE_SCHEME, provider),
    vscode.commands.registerCommand(CommandIds.openSource, (key: unknown, paragraph?: unknown, select?: { start: number; end: number }) =>
      reader.open(key, paragraph, select),
    ),
    service.onDidChange(refresh),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('sourcebook.citation')) return;
      styleChanged = true;
      refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((document) => provider.forget(document.uri)),
  );
}
