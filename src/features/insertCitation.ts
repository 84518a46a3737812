// Insert Citation…: a keyboard-only quick pick of sources (and of the sources that name a person, group, place…),
// several of which can be checked for one citation; a paragraph is typed after the name ("crossan 4"), and a
// selection that matches a passage brings its source and paragraph to the top. Also `citeEntity`, run from the
// entity tree and hover cards: a citation of a source that mentions the entity.
import * as vscode from 'vscode';
import type { CiteItem, Entity, Source } from '../core/types';
import type { Sourcebook } from '../core/sourcebook';
import { locatorFor, matchesWords, parseCitationQuery, quickPickText, shortName, sourceSearchText } from '../core/search/citationQuery';
import { writtenLocator } from '../core/citations/locators';
import { placeOfWords } from '../core/quotations/quotationCheck';
import { placeLocator } from '../core/quotations/passageQuotation';
import { pageLocator } from '../core/pdf/pageLocator';
import { plainTitle } from '../core/sources/titles';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { TrackedInsertion } from '../edge/edits';
import { whenIndexed } from '../edge/indexing';
import { draftTracker, type DraftTracker } from '../edge/drafts';
import { citationAt, insertAtTracked, insertionPoints, prepareCiting, type InsertionResult } from '../edge/insertion';

/** Arguments that skip the picker (tests, keybindings, other features). */
export interface InsertCitationArgs {
  keys?: string[];
  paragraph?: number | string;
  items?: CiteItem[];
  /** Opens the picker with this typed in ("tate2017 p. 45"), as if the writer had typed it. */
  query?: string;
}

function snippet(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

interface SourceItem extends vscode.QuickPickItem {
  cite: CiteItem;
}

/** What a citation of one item would insert at the cursor ("Inserts [@tate2017, p. 45]", "Inserts a footnote: …"). */
export type CitationPreview = (cite: CiteItem) => string | undefined;

/** How many items show what they would insert (each is formatted on every keystroke). */
const PREVIEWED = 5;

/** ", para. 4", ", p. 45", ", chap. 3": the locator as the item's label shows it. */
function locatorLabel(cite: CiteItem): string {
  if (cite.paragraph !== undefined) return `, ${writtenLocator('paragraph', String(cite.paragraph))}`;
  return cite.locator !== undefined ? `, ${writtenLocator(cite.label ?? 'page', cite.locator)}` : '';
}

/**
 * The picker's items for a query: sources matching its words, then sources naming a matching entity. An item
 * whose citation has a locator other than a paragraph, or whose source has no text, shows what will be inserted.
 */
export function citationItems(sourcebook: Sourcebook, value: string, chosen: ReadonlyMap<string, CiteItem>, found?: CiteItem, preview?: CitationPreview): SourceItem[] {
  const query = parseCitationQuery(value);
  const { words } = query;
  const typedLocator = query.paragraph !== undefined || query.locator !== undefined;
  const library = sourcebook.library;
  const items: SourceItem[] = [];
  const seen = new Set<string>();
  const add = (source: Source, cite: CiteItem, why?: string) => {
    if (seen.has(source.meta.key)) return;
    seen.add(source.meta.key);
    const shown = chosen.get(source.meta.key) ?? cite;
    const first = shown.paragraph === undefined ? undefined : library.paragraph(source.meta.key, Number(String(shown.paragraph).split('-')[0]));
    const withText = !source.referenceOnly && source.paragraphs.length > 0;
    const inserted = !first && (shown.locator !== undefined || !withText) && items.length < PREVIEWED ? preview?.(shown) : undefined;
    const about = withText ? `${source.paragraphs.length} paragraphs` : vscode.l10n.t('no text');
    items.push({
      label: quickPickText(`${shortName(source.meta)}${locatorLabel(shown)}`),
      description: quickPickText(why ?? plainTitle(source.meta.title)),
      detail: quickPickText(
        first
          ? `¶${first.number} ${snippet(first.text)}`
          : inserted !== undefined
            ? inserted
            : `${source.meta.container ?? ''} · ${about} · @${source.meta.key}`,
      ),
      alwaysShow: true,
      cite: shown,
    });
  };
  if (found && words.length === 0 && !typedLocator) {
    const source = library.source(found.key);
    if (source) add(source, found, vscode.l10n.t('the selected words are in this paragraph'));
  }
  for (const source of library.sources) {
    if (chosen.has(source.meta.key)) add(source, chosen.get(source.meta.key) as CiteItem);
  }
  for (const source of library.sources) {
    if (!matchesWords(words, sourceSearchText(source.meta))) continue;
    add(source, { key: source.meta.key, ...locatorFor(query, source) });
  }
  // Names only once every source's mentions are found (the quick pick refreshes then): never a half-found count.
  if (words.length > 0 && library.mentionsPending === 0) {
    for (const entity of library.entitiesAsListed) {
      if (!matchesWords(words, [entity.name, ...entity.aliases.map((a) => a.text)].join(' '))) continue;
      for (const { source, mentions } of library.sourcesMentioning(entity.id)) {
        const typed = locatorFor(query, source);
        add(source, { key: source.meta.key, ...(Object.keys(typed).length > 0 ? typed : { paragraph: mentions[0].paragraph }) }, vscode.l10n.t('names {0} ({1}×)', entity.name, mentions.length));
      }
    }
  }
  return items;
}

/** The passage the selected words come from, when they are one (for the locator). */
async function passageOfSelection(sourcebook: Sourcebook, editor: vscode.TextEditor): Promise<CiteItem | undefined> {
  const selected = editor.document.getText(editor.selection).trim();
  if (selected.split(/\s+/).length < 3 || selected.length > 2000) return undefined;
  // A large library is indexed in slices: the writer sees how far it has come, and may cancel (no locator then).
  const search = await whenIndexed(sourcebook, 'search', sourcebook.searchReady(), 'writer');
  const words = search && (await whenIndexed(sourcebook, 'quotations', sourcebook.wordIndexReady(), 'writer'));
  if (!search || !words) return undefined;
  const hit = search.search(selected, { limit: 1 })[0];
  // Scores from 2 up are hits containing the exact phrase (see passageSearch.ts).
  if (!hit || hit.score < 2) return undefined;
  // In a PDF source, the page of the selected words themselves ("p. 202", "pp. 201-202" across a break).
  const place = placeOfWords(words, hit.source, selected);
  const paragraph = sourcebook.library.paragraph(hit.source, hit.paragraph);
  const where = place?.paragraph === hit.paragraph ? place : { paragraph: hit.paragraph, page: paragraph && pageLocator(paragraph) };
  return { key: hit.source, ...placeLocator(where) };
}

export class CitationPicker {
  constructor(
    private readonly service: SourcebookService,
    private readonly tracker: DraftTracker,
  ) {}

  async insertCitation(args?: InsertCitationArgs): Promise<InsertionResult | undefined> {
    const editor = await this.tracker.editor();
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a draft (Markdown, LaTeX or plain text) to insert a citation into.'));
      return undefined;
    }
    const sourcebook = await this.service.get();
    const tracked = new TrackedInsertion(editor.document, insertionPoints(editor));
    try {
      const items = args?.items ?? args?.keys?.map((key) => ({ key, ...(args.paragraph !== undefined ? { paragraph: args.paragraph } : {}) }));
      const chosen = items ?? (await this.pick(sourcebook, await passageOfSelection(sourcebook, editor), previewIn(sourcebook, editor), args?.query));
      if (!chosen || chosen.length === 0) return undefined;
      return await insertAtTracked(sourcebook, tracked, { items: chosen });
    } finally {
      tracked.dispose();
    }
  }

  /**
   * The quick pick: resolves with the checked items (or the highlighted one), undefined when dismissed. Once
   * `preview` is ready (the style loaded), items show what they would insert.
   */
  pick(sourcebook: Sourcebook, found?: CiteItem, preview?: Promise<CitationPreview | undefined>, typed?: string): Promise<CiteItem[] | undefined> {
    const quickPick = vscode.window.createQuickPick<SourceItem>();
    if (typed) quickPick.value = typed;
    quickPick.title = vscode.l10n.t('Insert Citation');
    quickPick.placeholder = vscode.l10n.t('Type an author, title or name, then a paragraph or page ("crossan 4", "tate2017 p. 45", "ch. 3"); ↓ and Space check several sources; Enter inserts');
    quickPick.canSelectMany = true;
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    const chosen = new Map<string, CiteItem>();
    let shows: CitationPreview | undefined;
    let open = true;
    const refresh = () => {
      const items = citationItems(sourcebook, quickPick.value, chosen, found, shows);
      quickPick.items = items;
      quickPick.selectedItems = items.filter((item) => chosen.has(item.cite.key));
    };
    return new Promise((resolve) => {
      let result: CiteItem[] | undefined;
      quickPick.onDidChangeValue(refresh);
      quickPick.onDidChangeSelection((selected) => {
        const keys = new Set(selected.map((item) => item.cite.key));
        for (const item of quickPick.items) {
          if (keys.has(item.cite.key)) {
            if (!chosen.has(item.cite.key)) chosen.set(item.cite.key, item.cite);
          } else {
            chosen.delete(item.cite.key);
          }
        }
      });
      quickPick.onDidAccept(() => {
        // Nothing checked: Enter takes the highlighted item, or the top one (a multi-select list highlights none).
        const fallback = quickPick.activeItems[0] ?? quickPick.items[0];
        result = chosen.size > 0 ? [...chosen.values()] : fallback ? [fallback.cite] : undefined;
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        open = false;
        quickPick.dispose();
        resolve(result && result.length > 0 ? result : undefined);
      });
      refresh();
      quickPick.show();
      if (sourcebook.library.mentionsPending > 0) void sourcebook.mentionsReady().then(() => open && refresh());
      void preview?.then((ready) => {
        shows = ready;
        if (open && ready) refresh();
      });
    });
  }

  /**
   * A citation of a source that mentions an entity (from the entity tree or a hover card), or of a source or
   * paragraph (from the sources tree). Accepts an entity id, a source key, `{ entityId }`, `{ key, paragraph }`,
   * `{ source, paragraph }`, or a tree item carrying one of those.
   */
  async citeEntity(arg?: unknown): Promise<InsertionResult | undefined> {
    const sourcebook = await this.service.get();
    await sourcebook.mentionsReady();
    const target = readTarget(sourcebook, arg);
    if (!target) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Nothing to cite: choose a person, group, place, event, work or source.'));
      return undefined;
    }
    if ('cite' in target) return this.insertCitation({ items: [target.cite] });
    const mentioning = sourcebook.library.sourcesMentioning(target.entity.id);
    if (mentioning.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No source mentions {0} yet.', target.entity.name));
      return undefined;
    }
    const editor = await this.tracker.editor();
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a draft (Markdown, LaTeX or plain text) to insert a citation into.'));
      return undefined;
    }
    const tracked = new TrackedInsertion(editor.document, insertionPoints(editor));
    try {
      let cite: CiteItem | undefined;
      const preferred = target.key ? mentioning.find((m) => m.source.meta.key === target.key) : undefined;
      if (preferred ?? mentioning.length === 1) {
        const only = preferred ?? mentioning[0];
        cite = { key: only.source.meta.key, paragraph: only.mentions[0].paragraph };
      } else {
        const picked = await vscode.window.showQuickPick(
          mentioning.map(({ source, mentions }) => ({
            label: quickPickText(`${shortName(source.meta)}, para. ${mentions[0].paragraph}`),
            description: quickPickText(plainTitle(source.meta.title)),
            detail: quickPickText(snippet(sourcebook.library.paragraph(source.meta.key, mentions[0].paragraph)?.text ?? '')),
            cite: { key: source.meta.key, paragraph: mentions[0].paragraph } as CiteItem,
          })),
          { title: vscode.l10n.t('Cite a source naming {0}', target.entity.name), matchOnDescription: true, matchOnDetail: true },
        );
        cite = picked?.cite;
      }
      if (!cite) return undefined;
      return await insertAtTracked(sourcebook, tracked, { items: [cite] });
    } finally {
      tracked.dispose();
    }
  }
}

/** What a citation would insert at the editor's (first) cursor, once the draft's style is ready. */
export async function previewIn(sourcebook: Sourcebook, editor: vscode.TextEditor): Promise<CitationPreview | undefined> {
  const citing = await prepareCiting(sourcebook, editor.document);
  if (!citing.ok) return undefined;
  const offset = editor.document.offsetAt(editor.selection.end);
  const note = citing.value.form === 'footnote';
  return (cite) => {
    const made = citationAt(citing.value, offset, [cite]);
    if (!made.ok) return undefined;
    return note ? vscode.l10n.t('Inserts a footnote: {0}', made.value) : vscode.l10n.t('Inserts {0}', made.value);
  };
}

type Target = { entity: Entity; key?: string } | { cite: CiteItem };

function readTarget(sourcebook: Sourcebook, arg: unknown): Target | undefined {
  const library = sourcebook.library;
  const fromId = (id: unknown, paragraph?: unknown, key?: unknown): Target | undefined => {
    if (typeof id !== 'string') return undefined;
    const entity = library.entity(id);
    if (entity) return { entity, key: typeof key === 'string' ? key : undefined };
    if (library.source(id)) {
      return { cite: { key: id, ...(typeof paragraph === 'number' || typeof paragraph === 'string' ? { paragraph } : {}) } };
    }
    return undefined;
  };
  if (typeof arg === 'string') return fromId(arg);
  if (!arg || typeof arg !== 'object') return undefined;
  const value = arg as Record<string, unknown>;
  if (value.kind === 'mention' && typeof value.entityId === 'string' && typeof value.index === 'number') {
    const mention = library.entity(value.entityId)?.mentions[value.index];
    if (mention) return { cite: { key: mention.source, paragraph: mention.paragraph } };
  }
  const nested = (value.entity ?? value.source) as Record<string, unknown> | string | undefined;
  return (
    fromId(value.entityId, value.paragraph, value.key) ??
    fromId(value.key, value.paragraph) ??
    fromId(typeof value.source === 'string' ? value.source : undefined, value.paragraph) ??
    (typeof nested === 'object' && nested ? fromId(nested.id ?? (nested.meta as { key?: string } | undefined)?.key, value.paragraph ?? (value.paragraphNumber as number | undefined)) : undefined) ??
    fromId(value.id, value.paragraph)
  );
}

export function registerCitationCommands(context: vscode.ExtensionContext, service: SourcebookService): void {
  const picker = new CitationPicker(service, draftTracker(context));
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.insertCitation, (args?: InsertCitationArgs) => picker.insertCitation(args instanceof vscode.Uri ? undefined : args)),
    vscode.commands.registerCommand(CommandIds.citeEntity, (arg?: unknown) => picker.citeEntity(arg)),
  );
}
