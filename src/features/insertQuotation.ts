// Insert Quotation…: a quick pick that searches every passage (sentence or paragraph) of every source as the writer
// types — accent- and case-insensitive, forgiving typing errors, ranked by the core — and inserts the chosen words
// as a quotation with its citation, "quoted in" the source when someone other than its author speaks them. A source
// Sourcebook has no text of (a reference only) is listed when the typed words name it, marked "no text for this
// source", and picking it says why nothing can be quoted from it.
import * as vscode from 'vscode';
import type { PassageHit, Source } from '../core/types';
import type { Sourcebook } from '../core/sourcebook';
import type { PassageIndex } from '../core/search/passageSearch';
import { indexingMessage, whenIndexed } from '../edge/indexing';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { TrackedInsertion } from '../edge/edits';
import { draftTracker, type DraftTracker } from '../edge/drafts';
import { insertAtTracked, insertionPoints, type InsertionResult } from '../edge/insertion';
import { matchesWords, parseCitationQuery, quickPickText, shortName, sourceSearchText } from '../core/search/citationQuery';
import { quotationFor, type Quotation } from '../core/quotations/passageQuotation';
import { hasText } from '../core/sources/readerText';
import { pageLocator } from '../core/pdf/pageLocator';
import { plainTitle } from '../core/sources/titles';

/** Arguments that skip the picker: a passage (`key`, `paragraph`, optional `start`/`end` in it) or a `query`. */
export interface InsertQuotationArgs {
  key?: string;
  paragraph?: number;
  start?: number;
  end?: number;
  /** Insert the best hit for these words, as if typed and picked. */
  query?: string;
}

interface PassageItem extends vscode.QuickPickItem {
  hit?: PassageHit;
  /** A source without text, listed so the writer learns why none of its words come up. */
  reference?: Source;
}

/** What the writer picked: a passage, or a source Sourcebook has no text of. */
type Picked = { hit: PassageHit } | { reference: Source };

/** Sources without text listed at most, above the passages. */
const MAX_REFERENCE_ITEMS = 5;

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** The paragraph around a passage, for the preview line: up to `length` characters, the passage in view. */
function context(paragraph: string, start: number, length = 320): string {
  if (paragraph.length <= length) return truncate(paragraph, length);
  const from = Math.max(0, Math.min(start - 80, paragraph.length - length));
  const slice = paragraph.slice(from, from + length);
  return `${from > 0 ? '…' : ''}${truncate(slice, length)}${from + length < paragraph.length ? '…' : ''}`;
}

/** A quick pick item for a search hit: the words, source and paragraph, and who speaks them. */
export function passageItem(sourcebook: Sourcebook, hit: PassageHit): PassageItem {
  const source = sourcebook.library.source(hit.source);
  const start = hit.start ?? 0;
  const quotation = quotationFor(sourcebook.library, hit.source, hit.paragraph, start, start + hit.text.length);
  // A PDF's passage by the printed page it is cited by, then its paragraph in the reader: "Tate 2017, p. 203 (para. 12)".
  const paragraph = sourcebook.library.paragraph(hit.source, hit.paragraph);
  const page = paragraph ? pageLocator(paragraph, start, start + hit.text.length) : undefined;
  const locator = page === undefined ? `para. ${hit.paragraph}` : `${page.includes('-') ? 'pp.' : 'p.'} ${page.replace('-', '–')} (para. ${hit.paragraph})`;
  const where = `${source ? shortName(source.meta) : hit.source}, ${locator}`;
  const speaker = quotation?.speakerName ? ` · ${vscode.l10n.t('{0}, quoted in', quotation.speakerName)}` : '';
  return {
    label: quickPickText(truncate(hit.text, 110)),
    description: quickPickText(`${where}${speaker}`),
    detail: quickPickText(context(paragraph?.text ?? hit.text, start)),
    alwaysShow: true,
    hit,
  };
}

/** A quick pick item for a source Sourcebook has no text of: "Tate 2017 — Title", marked "no text for this source". */
export function referenceItem(source: Source): PassageItem {
  return {
    label: `$(book) ${quickPickText(`${shortName(source.meta)} — ${truncate(plainTitle(source.meta.title), 90)}`)}`,
    description: vscode.l10n.t('no text for this source'),
    detail: vscode.l10n.t('A reference only: Sourcebook has none of its words to quote. Cite it with Insert Citation.'),
    alwaysShow: true,
    reference: source,
  };
}

/** The sources without text whose authors, title, year or key the typed words name. */
function referencesNamed(sourcebook: Sourcebook, value: string): Source[] {
  const { words } = parseCitationQuery(value);
  if (words.length === 0 || words.join('').length < 2) return [];
  const found: Source[] = [];
  for (const source of sourcebook.library.sources) {
    if (hasText(source) || !matchesWords(words, sourceSearchText(source.meta))) continue;
    found.push(source);
    if (found.length === MAX_REFERENCE_ITEMS) break;
  }
  return found;
}

/** Tells the writer a source has no text to quote, and offers to cite it instead; the result says what was told. */
function explainNoText(source: Source): InsertionResult {
  const cite = vscode.l10n.t('Insert Citation');
  const message = vscode.l10n.t(
    'No text for this source: {0} ({1}) is a reference only, so there is nothing to quote from it and its quotations cannot be checked. Cite it instead.',
    shortName(source.meta),
    source.meta.key,
  );
  void vscode.window.showInformationMessage(message, cite).then((choice) => {
    if (choice === cite) void vscode.commands.executeCommand(CommandIds.citeEntity, { key: source.meta.key });
  });
  return { inserted: false, message };
}

export class QuotationPicker {
  constructor(
    private readonly service: SourcebookService,
    private readonly tracker: DraftTracker,
  ) {}

  async run(args?: InsertQuotationArgs): Promise<InsertionResult | undefined> {
    const editor = await this.tracker.editor();
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a draft (Markdown, LaTeX or plain text) to insert a quotation into.'));
      return undefined;
    }
    const sourcebook = await this.service.get();
    const tracked = new TrackedInsertion(editor.document, insertionPoints(editor));
    try {
      let quotation: Quotation | undefined;
      const named = args?.key !== undefined ? sourcebook.library.source(args.key) : undefined;
      if (named && !hasText(named)) return explainNoText(named);
      if (args?.key !== undefined && args.paragraph !== undefined) {
        quotation = quotationFor(sourcebook.library, args.key, args.paragraph, args.start, args.end);
        if (!quotation) {
          void vscode.window.showWarningMessage(vscode.l10n.t('There is no paragraph {0} in {1}.', args.paragraph, args.key));
          return undefined;
        }
      } else if (args?.query !== undefined) {
        const index = await whenIndexed(sourcebook, 'search', sourcebook.searchReady(), 'writer');
        if (!index) return undefined;
        const hit = index.search(args.query, { limit: 1 })[0];
        if (!hit) {
          void vscode.window.showWarningMessage(vscode.l10n.t('No passage matches "{0}".', args.query));
          return undefined;
        }
        quotation = quotationFor(sourcebook.library, hit.source, hit.paragraph, hit.start ?? 0, (hit.start ?? 0) + hit.text.length);
      } else {
        const picked = await this.pick(sourcebook, editor.document.getText(editor.selection));
        if (picked && 'reference' in picked) return explainNoText(picked.reference);
        const hit = picked?.hit;
        if (hit) quotation = quotationFor(sourcebook.library, hit.source, hit.paragraph, hit.start ?? 0, (hit.start ?? 0) + hit.text.length);
      }
      if (!quotation) return undefined;
      return await insertAtTracked(sourcebook, tracked, { items: [quotation.cite], quotation: quotation.words });
    } finally {
      tracked.dispose();
    }
  }

  /** The searching quick pick; resolves with the chosen passage (or source without text), undefined when dismissed. */
  pick(sourcebook: Sourcebook, initial = ''): Promise<Picked | undefined> {
    const quickPick = vscode.window.createQuickPick<PassageItem>();
    quickPick.title = vscode.l10n.t('Insert Quotation');
    quickPick.placeholder = vscode.l10n.t('Type words of the passage (accents and typing errors are forgiven); Enter inserts it with its citation');
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    // A large library is still being indexed (in slices): the pick opens now, says how far indexing has come,
    // lists the sources named by the words typed, and finds passages once the index is there.
    let index: PassageIndex | undefined;
    const title = quickPick.title;
    const stopProgress = sourcebook.onIndexingProgress((step) => {
      if (step.index === 'search' && !index) quickPick.title = `${title} — ${indexingMessage(step)}`;
    });
    const search = () => {
      const value = quickPick.value;
      // The core ranks; every hit is shown as it ranks it (alwaysShow), whatever VS Code's own filter thinks.
      if (!value.trim()) {
        quickPick.items = [];
        return;
      }
      const references = referencesNamed(sourcebook, value).map(referenceItem);
      quickPick.items = [...references, ...(index?.search(value, { limit: 40 }) ?? []).map((hit) => passageItem(sourcebook, hit))];
    };
    let hidden = false;
    void sourcebook.searchReady().then((ready) => {
      index = ready;
      if (hidden) return;
      stopProgress();
      quickPick.title = title;
      quickPick.busy = false;
      search();
    });
    return new Promise((resolve) => {
      let result: Picked | undefined;
      quickPick.onDidChangeValue(search);
      quickPick.onDidAccept(() => {
        const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        result = item?.reference ? { reference: item.reference } : item?.hit ? { hit: item.hit } : undefined;
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        hidden = true;
        stopProgress();
        quickPick.dispose();
        resolve(result);
      });
      const selected = initial.replace(/\s+/g, ' ').trim();
      if (selected && selected.length < 200) quickPick.value = selected;
      quickPick.busy = !index;
      search();
      quickPick.show();
    });
  }
}

export function registerQuotationPicker(context: vscode.ExtensionContext, service: SourcebookService): void {
  const picker = new QuotationPicker(service, draftTracker(context));
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.insertQuotation, (args?: InsertQuotationArgs) => picker.run(args instanceof vscode.Uri ? undefined : args)),
  );
}
