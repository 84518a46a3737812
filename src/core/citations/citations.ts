// Formats citations and bibliographies with citeproc-js (the CSL processor Zotero uses) and real CSL styles.
// citeproc-js and each style are loaded on first use, never at start-up; one engine per style is then kept and reused.
import type { CitationForm, CiteItem, SourceMeta } from '../types';
import { fail, ok, type Result } from '../types';
import type { CiteprocEngine, Csl } from 'citeproc';
import { toCslItem, type CslItem } from './cslItem';
import { escapeLatex, escapeMarkdown, escapeMarkdownLineStart, formNeedsEngine, latexCitation, pandocCitation, type ResolvedItem } from './forms';
import { itemLocator } from './locators';
import { installSortMacroSharing, withSharedSortMacros } from './sortMacros';
import { biblatexCitation, biblatexStyleFor } from './biblatex';
import {
  bundledStyles,
  errorText,
  findBundledStyle,
  loadBundledStyle,
  loadLocales,
  parseCustomStyle,
  type LoadedStyle,
  type StyleInfo,
} from './styles';

/**
 * How formatted text is marked up: plain, Markdown (`*italics*`, markup escaped), HTML (escaped, `<i>`), or LaTeX
 * (specials escaped, `\textit{…}`, URLs in `\url{…}`).
 */
export type OutputFormat = 'text' | 'markdown' | 'html' | 'latex';

export interface CitationRequest {
  /** A style id from `styles()`. */
  style: string;
  /** One or more sources, in the writer's order; the style may reorder them. */
  items: readonly CiteItem[];
  /**
   * - `plain`: the style's citation as it appears in running text ("(Crossan 2025, para. 4)"; a note style's note);
   * - `footnote`: the text of a Markdown footnote `[^n]: …` (a note style's note; an author-date style's citation);
   * - `pandoc`: `[@crossan2025, para. 4]`; `latex`: `\cite[para.~4]{crossan2025}`;
   * - `biblatex`: `\autocite[para.~4]{crossan2025}`, its paragraph label the style's ("par." in MLA).
   */
  form: CitationForm;
  /**
   * Keys already cited earlier in the same document. With a note style the first note for a source is the full
   * note and every later one the short note. Ignored by `pandoc`, `latex` and `biblatex`, whose tools count for
   * themselves.
   */
  citedBefore?: Iterable<string>;
  /**
   * Every source the document cites, anywhere in it. Names and years that collide ("Byrne 2014a", "2014b") are
   * told apart among these and the request's own sources, as the document's bibliography tells them apart, so the
   * letters in the text and in the bibliography agree. Without it, among every source cited through this object.
   */
  cited?: Iterable<string>;
  /** Markup of the result; by default Markdown for `footnote`, text for `plain`. */
  output?: OutputFormat;
}

/**
 * citeproc-js reads a field that starts with `!` or `#` as its own abbreviation syntax ("!title>>>…" hides a
 * field): "!Kung people" printed as "!!Kung People", and a value of many "!x" took its regex exponential time
 * (a 40-character title froze the engine). Wrapped in CSL's `nocase` markup, the mark is text again.
 */
function withPlainLeadingMarks(item: CslItem): CslItem {
  for (const [field, value] of Object.entries(item)) {
    if (typeof value === 'string' && /^[!#]/.test(value)) item[field] = `<span class="nocase">${value[0]}</span>${value.slice(1)}`;
  }
  return item;
}

/** The loaded CSL processor and the Markdown and LaTeX output formats added to it. */
let citeprocPromise: Promise<Csl> | undefined;

function loadCiteproc(): Promise<Csl> {
  citeprocPromise ??= import('citeproc').then((module) => {
    const csl = ((module as { default?: Csl }).default ?? module) as Csl;
    addMarkdownFormat(csl);
    addLatexFormat(csl);
    installSortMacroSharing(csl);
    return csl;
  });
  return citeprocPromise;
}

/** Adds an output format to citeproc-js: its text format with this escaping and this markup. */
function addFormat(csl: Csl, name: string, escape: (value: string) => string, markup: Record<string, unknown>): void {
  csl.Output.Formats[name] ??= { ...csl.Output.Formats.text, text_escape: (value: string | undefined) => escape(value ?? ''), ...markup };
}

/** Markdown output: italics as `*…*`, bold as `**…**`, and markup escaped. */
function addMarkdownFormat(csl: Csl): void {
  addFormat(csl, 'markdown', escapeMarkdown, {
    '@font-style/italic': '*%%STRING%%*',
    '@font-style/oblique': '*%%STRING%%*',
    '@font-weight/bold': '**%%STRING%%**',
  });
}

const LATEX_UNESCAPES: Record<string, string> = {
  '\\textbackslash{}': '\\',
  '\\^{}': '^',
  '\\~{}': '~',
};

/** The text `escapeLatex` was given back (citeproc-js hands the URL hook its escaped text). */
function unescapeLatex(value: string): string {
  return value.replace(/\\textbackslash\{\}|\\\^\{\}|\\~\{\}|\\([{}$&#%_])/g, (match: string, char?: string) => char ?? LATEX_UNESCAPES[match]);
}

/** A URL in `\url{…}`, as it was (a brace or backslash in it percent-encoded: `\url` reads its argument verbatim). */
function latexUrl(_state: unknown, value: string): string {
  return `\\url{${unescapeLatex(value).replace(/[{}\\]/g, encodeURIComponent)}}`;
}

/**
 * LaTeX output: specials escaped, italics as `\textit{…}`, bold, small capitals, superscripts and subscripts as their
 * commands, and URLs in `\url{…}`, which breaks them at slashes without a hyphen.
 */
function addLatexFormat(csl: Csl): void {
  addFormat(csl, 'latex_sourcebook', escapeLatex, {
    '@font-style/italic': '\\textit{%%STRING%%}',
    '@font-style/oblique': '\\textit{%%STRING%%}',
    '@font-weight/bold': '\\textbf{%%STRING%%}',
    '@font-variant/small-caps': '\\textsc{%%STRING%%}',
    '@vertical-align/sup': '\\textsuperscript{%%STRING%%}',
    '@vertical-align/sub': '\\textsubscript{%%STRING%%}',
    // citeproc-js marks a URL's group "@DOI" as well as a DOI's (the DOI with its https://doi.org/ prefix).
    '@URL/true': latexUrl,
    '@DOI/true': latexUrl,
  });
}

/** citeproc-js's name for each output format. */
const ENGINE_FORMATS: Record<OutputFormat, string> = { text: 'text', markdown: 'markdown', html: 'html', latex: 'latex_sourcebook' };

interface ReadyStyle {
  style: LoadedStyle;
  engine: CiteprocEngine;
  /** The items as this style's engine sees them (MLA's URLs lose their scheme), made as the engine asks for them. */
  items: Map<string, CslItem>;
  /** The `sources` array the items were made from; a new array (after `setSources`) means they are made again. */
  itemsFrom?: readonly SourceMeta[];
  /**
   * The keys registered with the engine, which decide disambiguation ("2014a") and the bibliography. Only the
   * sources actually cited or listed are registered: registering a whole library of 1,000 takes seconds.
   */
  registry: string[];
  /** The engine's current output format (switching costs more than a citation). */
  mode?: OutputFormat;
  /** Recent citations, by request: hovers and previews format the same few again and again. */
  memo: Map<string, string>;
  /** Single references (hover cards), by output and key; they depend only on the source's facts. */
  references: Map<string, string>;
  /**
   * Bibliographies by output and keys, until the library changes: a bibliography depends only on its sources' facts,
   * and the preview asks for the same one at every render (citeproc-js takes 90–150 ms to format 50 entries again).
   */
  bibliographies: Map<string, string[]>;
}

const MEMO_SIZE = 500;
/** Bibliographies remembered per style (a few drafts' and their previews'). */
const BIBLIOGRAPHIES_KEPT = 16;
/** Stand-in paragraph numbers (this plus the item's place in the citation) formatted in place of real ones. */
const LOCATOR_STAND_IN = 987_654_300;

/**
 * Citations for a set of sources. Create one per library; `setSources` when the library changes. Methods ending in
 * `Sync` need the style prepared first (`prepare`, or any awaited call with that style); they never load anything.
 */
export class Citations {
  private sources: readonly SourceMeta[];
  private byKey = new Map<string, SourceMeta>();
  private readonly ready = new Map<string, ReadyStyle>();
  private readonly custom = new Map<string, LoadedStyle>();
  private readonly pending = new Map<string, Promise<Result<StyleInfo>>>();
  private locales: Record<string, unknown> | undefined;
  private readonly pause: () => Promise<void>;
  private readonly shareSortMacros: boolean;

  /**
   * `pause` is awaited between the steps of building a style's engine (loading citeproc-js, then the engine): the
   * library's shared budget of host time (`Sourcebook.slices.pause`), so each step starts a turn of its own.
   * `shareSortMacros: false` builds the bundled styles' engines exactly as citeproc-js builds them (see
   * sortMacros.ts; for the test that compares the two).
   */
  constructor(sources: readonly SourceMeta[], options: { pause?: () => Promise<void>; shareSortMacros?: boolean } = {}) {
    this.sources = sources;
    this.pause = options.pause ?? (async () => {});
    this.shareSortMacros = options.shareSortMacros ?? true;
    this.index();
  }

  /** Replaces the library (after an edit to a source). Engines are kept; their items are refreshed on next use. */
  setSources(sources: readonly SourceMeta[]): void {
    this.sources = sources;
    this.index();
  }

  /** The bundled styles, then the writer's own. */
  styles(): StyleInfo[] {
    return [...bundledStyles(), ...[...this.custom.values()].map((style) => style.info)];
  }

  /** Adds a writer's .csl style (its XML text). Replaces an earlier custom style with the same id. */
  async addStyle(xml: string, fallbackId?: string): Promise<Result<StyleInfo>> {
    const parsed = parseCustomStyle(xml, fallbackId);
    if (!parsed.ok) return parsed;
    const style = parsed.value;
    if (findBundledStyle(style.info.id)) style.info = { ...style.info, id: `custom-${style.info.id}` };
    const built = await this.build(style);
    if (!built.ok) return built;
    this.custom.set(style.info.id, style);
    return ok(style.info);
  }

  /** Whether `prepare(styleId)` has completed, so the `Sync` methods can format with it. */
  isReady(styleId: string): boolean {
    return this.ready.has(styleId);
  }

  /** Loads citeproc-js and the style if needed and builds its engine. Safe to call often. */
  prepare(styleId: string): Promise<Result<StyleInfo>> {
    const readyStyle = this.ready.get(styleId);
    if (readyStyle) return Promise.resolve(ok(readyStyle.style.info));
    let pending = this.pending.get(styleId);
    if (!pending) {
      pending = this.load(styleId).finally(() => this.pending.delete(styleId));
      this.pending.set(styleId, pending);
    }
    return pending;
  }

  /** A citation in the requested form and style. Loads the style on first use. */
  async cite(request: CitationRequest): Promise<Result<string>> {
    if (formNeedsEngine(request.form)) {
      const prepared = await this.prepare(request.style);
      if (!prepared.ok) return prepared;
    }
    return this.citeSync(request);
  }

  /** As `cite`, for a style already prepared (Pandoc, LaTeX and biblatex forms need no engine, only a known style). */
  citeSync(request: CitationRequest): Result<string> {
    const style = this.styleRules(request.style);
    if (!style.ok) return style;
    const items = this.resolve(request.items, style.value);
    if (!items.ok) return items;
    if (request.form === 'pandoc') return ok(pandocCitation(items.value));
    if (request.form === 'latex') return ok(latexCitation(items.value));
    if (request.form === 'biblatex') {
      const info = this.styles().find((known) => known.id === request.style);
      if (!info) return this.unknownStyle(request.style);
      return ok(biblatexCitation(items.value, biblatexStyleFor(info)));
    }
    if (request.form !== 'footnote' && request.form !== 'plain') {
      return fail(`Unknown citation form "${String(request.form)}": use footnote, pandoc, latex, biblatex or plain.`);
    }
    const ready = this.engineFor(request.style);
    if (!ready.ok) return ready;
    const before = new Set(request.citedBefore ?? []);
    const cluster = items.value.map((item) => {
      const entry: Record<string, unknown> = { id: item.key, position: before.has(item.key) ? 1 : 0 };
      if (item.locator) {
        entry.locator = item.locator;
        entry.label = item.label ?? 'paragraph';
      }
      if (item.prefix) entry.prefix = item.prefix;
      return entry;
    });
    const output = request.output ?? (request.form === 'footnote' ? 'markdown' : 'text');
    const keys = items.value.map((item) => item.key);
    const synced =
      request.cited === undefined
        ? this.register(ready.value, keys, false)
        : this.register(ready.value, [...new Set([...request.cited, ...keys])].filter((key) => this.byKey.has(key)), true);
    if (!synced.ok) return synced;
    // A single locator number is put in after formatting: the citation is formatted once per source and form
    // with stand-in numbers (citeproc-js takes ~0.5 ms a cluster; a writer cites many paragraphs of a few sources).
    const paragraphs = cluster.map((entry) => (typeof entry.locator === 'string' && /^\d+$/.test(entry.locator) ? entry.locator : undefined));
    const standIn = (i: number) => String(LOCATOR_STAND_IN + i);
    const template = cluster.map((entry, i) => (paragraphs[i] ? { ...entry, locator: standIn(i) } : entry));
    const fill = (text: string) => paragraphs.reduce<string>((filled, number, i) => (number ? filled.replace(standIn(i), number) : filled), text);
    const templateResult = this.formatCluster(ready.value, output, template);
    if (!templateResult.ok) return templateResult;
    // A style that writes locators its own way (in words, with digit grouping) is formatted with the real numbers.
    const placed = paragraphs.every((number, i) => !number || templateResult.value.split(standIn(i)).length === 2);
    return placed ? ok(fill(templateResult.value)) : this.formatCluster(ready.value, output, cluster);
  }

  /** One citation cluster from the engine, remembered until the registered sources change. */
  private formatCluster(ready: ReadyStyle, output: OutputFormat, cluster: Array<Record<string, unknown>>): Result<string> {
    const memoKey = `${output}\u0000${JSON.stringify(cluster)}`;
    const known = ready.memo.get(memoKey);
    if (known !== undefined) return ok(known);
    const result = this.run(ready, output, (engine) => engine.makeCitationCluster(cluster));
    if (result.ok) {
      if (ready.memo.size >= MEMO_SIZE) ready.memo.delete(ready.memo.keys().next().value as string);
      ready.memo.set(memoKey, result.value);
    }
    return result;
  }

  /**
   * Bibliography / works-cited entries for the given sources (all sources if omitted), in the style's order. A
   * source the style cites in the notes or text only (Chicago: an unsigned encyclopedia entry) has no entry.
   */
  async bibliography(styleId: string, keys?: readonly string[], output: OutputFormat = 'text'): Promise<Result<string[]>> {
    const prepared = await this.prepare(styleId);
    if (!prepared.ok) return prepared;
    return this.bibliographySync(styleId, keys, output);
  }

  bibliographySync(styleId: string, keys?: readonly string[], output: OutputFormat = 'text'): Result<string[]> {
    const ready = this.engineFor(styleId);
    if (!ready.ok) return ready;
    const wanted = keys === undefined ? this.sources.map((source) => source.key) : [...new Set(keys)];
    for (const key of wanted) if (!this.byKey.has(key)) return this.unknownKey(key);
    const { items, leavesOut } = ready.value.style;
    const listed = leavesOut ? wanted.filter((key) => !leavesOut(toCslItem(this.byKey.get(key) as SourceMeta, items))) : wanted;
    return this.rememberedEntries(ready.value, listed, output);
  }

  /** The entries of exactly these sources, as the style formats them. */
  private entries(ready: ReadyStyle, keys: readonly string[], output: OutputFormat): Result<string[]> {
    if (keys.length === 0) return ok([]);
    const synced = this.register(ready, keys, true);
    if (!synced.ok) return synced;
    return this.run(ready, output, (engine) => {
      const bibliography = engine.makeBibliography();
      return bibliography ? bibliography[1].map((entry) => entry.trim()) : [];
    });
  }

  /** `entries`, remembered until the library changes (`ReadyStyle.bibliographies`). */
  private rememberedEntries(ready: ReadyStyle, keys: readonly string[], output: OutputFormat): Result<string[]> {
    const memoKey = `${output}\u0000${keys.join('\u0000')}`;
    const known = ready.itemsFrom === this.sources ? ready.bibliographies.get(memoKey) : undefined;
    if (known) return ok([...known]);
    const made = this.entries(ready, keys, output);
    if (made.ok) {
      if (ready.bibliographies.size >= BIBLIOGRAPHIES_KEPT) ready.bibliographies.delete(ready.bibliographies.keys().next().value as string);
      ready.bibliographies.set(memoKey, [...made.value]);
    }
    return made;
  }

  /**
   * One source's reference, as a hover card, the reader and completions show it: its bibliography entry, also for
   * a source the style's bibliography leaves out.
   */
  async reference(styleId: string, key: string, output: OutputFormat = 'text'): Promise<Result<string>> {
    const prepared = await this.prepare(styleId);
    if (!prepared.ok) return prepared;
    return this.referenceSync(styleId, key, output);
  }

  /** As `reference`, for a prepared style; remembered until the library changes. */
  referenceSync(styleId: string, key: string, output: OutputFormat = 'text'): Result<string> {
    const ready = this.engineFor(styleId);
    if (!ready.ok) return ready;
    if (!this.byKey.has(key)) return this.unknownKey(key);
    if (ready.value.itemsFrom === this.sources) {
      const known = ready.value.references.get(`${output}\u0000${key}`);
      if (known !== undefined) return ok(known);
    }
    const entries = this.entries(ready.value, [key], output);
    if (!entries.ok) return entries;
    const entry = entries.value[0] ?? '';
    ready.value.references.set(`${output}\u0000${key}`, entry);
    return ok(entry);
  }

  // -------------------------------------------------------------------------------------------

  private index(): void {
    this.byKey = new Map(this.sources.map((source) => [source.key, source]));
  }

  private unknownKey(key: string): Result<never> {
    return fail(`No source has the key "${key}". Check the spelling, or add the source to the library.`);
  }

  private styleRules(styleId: string): Result<LoadedStyle | { quotedIn: LoadedStyle['quotedIn'] }> {
    const ready = this.ready.get(styleId);
    if (ready) return ok(ready.style);
    const bundled = findBundledStyle(styleId) ?? this.custom.get(styleId);
    if (bundled) return ok(bundled);
    return this.unknownStyle(styleId);
  }

  private unknownStyle(styleId: string): Result<never> {
    const known = this.styles().map((style) => style.id).join(', ');
    return fail(`Unknown citation style "${styleId}". Known styles: ${known}.`);
  }

  private resolve(items: readonly CiteItem[], style: { quotedIn: LoadedStyle['quotedIn'] }): Result<ResolvedItem[]> {
    if (!Array.isArray(items) || items.length === 0) return fail('A citation needs at least one source.');
    const resolved: ResolvedItem[] = [];
    for (const item of items) {
      if (!item || typeof item.key !== 'string' || !this.byKey.has(item.key)) return this.unknownKey(String(item?.key));
      const locator = itemLocator(item);
      if (!locator.ok) return locator;
      const speaker = typeof item.speaker === 'string' ? item.speaker.trim() : '';
      resolved.push({
        key: item.key,
        ...(locator.value ? { locator: locator.value.locator, label: locator.value.label } : {}),
        ...(speaker ? { prefix: style.quotedIn.prefix(speaker) } : {}),
      });
    }
    return ok(resolved);
  }

  private async load(styleId: string): Promise<Result<StyleInfo>> {
    const custom = this.custom.get(styleId);
    let style: LoadedStyle;
    if (custom) {
      style = custom;
    } else {
      if (!findBundledStyle(styleId)) return this.unknownStyle(styleId);
      const loaded = loadBundledStyle(styleId);
      if (!loaded.ok) return loaded;
      style = loaded.value;
    }
    return this.build(style);
  }

  private async build(style: LoadedStyle): Promise<Result<StyleInfo>> {
    try {
      const csl = await loadCiteproc();
      // Evaluating citeproc-js's module (~30 ms) and building the engine (40–80 ms) are two blocks: not one turn.
      await this.pause();
      this.locales ??= loadLocales();
      const locales = this.locales;
      const items = new Map<string, CslItem>();
      const sys = {
        // Each source is turned into a CSL item when the engine first asks for it (converting a whole library of
        // 1,000 up front cost ~100 ms on the first citation after every change to it).
        retrieveItem: (id: string) => {
          let item = items.get(id);
          const source = item ? undefined : this.byKey.get(id);
          if (source) {
            item = withPlainLeadingMarks(toCslItem(source, style.items));
            items.set(id, item);
          }
          return item;
        },
        retrieveLocale: (lang: string) => locales[lang] ?? (lang.startsWith('en') ? locales['en-US'] : undefined),
      };
      // A bundled style's sort keys call each macro once (APA's engine: 0.1 s instead of 0.5 s; sortMacros.ts).
      const make = () => new csl.Engine(sys, style.csl);
      const engine = style.info.bundled && this.shareSortMacros ? withSharedSortMacros(make) : make();
      const ready: ReadyStyle = { style, engine, items, registry: [], memo: new Map(), references: new Map(), bibliographies: new Map() };
      this.ready.set(style.info.id, ready);
      // The first citation formatted with it (10–25 ms) starts a turn of its own too.
      await this.pause();
      return ok(style.info);
    } catch (error) {
      return fail(`The citation style "${style.info.title}" could not be used: ${errorText(error)}`);
    }
  }

  /**
   * Makes the engine's items match the current sources, and registers `keys`: added to those already registered
   * for a citation, or exactly these for a bibliography. Any change empties the memo of formatted citations.
   */
  private register(ready: ReadyStyle, keys: readonly string[], exact: boolean): Result<void> {
    try {
      let registry = ready.registry;
      let changed = false;
      if (ready.itemsFrom !== this.sources) {
        ready.items.clear();
        ready.itemsFrom = this.sources;
        ready.references.clear();
        ready.bibliographies.clear();
        registry = registry.filter((key) => this.byKey.has(key));
        // The engine keeps its own copy of registered items: drop them so edited facts are read again.
        ready.engine.updateItems([]);
        changed = true;
      }
      if (exact) {
        if (changed || registry.length !== keys.length || registry.some((key, i) => key !== keys[i])) {
          registry = [...keys];
          changed = true;
        }
      } else {
        const known = new Set(registry);
        const added = keys.filter((key) => !known.has(key));
        if (added.length > 0) {
          registry = [...registry, ...new Set(added)];
          changed = true;
        }
      }
      if (changed) {
        // citeproc-js marks items "tainted" when their disambiguation changes and only forgets the marks in
        // processCitationCluster, which Sourcebook does not use; left alone, the marks pile up and every later
        // update re-sorts every item ever marked (95 ms per new source at 1,000 cited). The previous update has
        // already acted on them, so they are dropped before the next.
        ready.engine.tmp.taintedItemIDs = {};
        ready.engine.updateItems(registry);
        ready.registry = registry;
        ready.memo.clear();
      }
      return ok(undefined);
    } catch (error) {
      ready.registry = [];
      ready.itemsFrom = undefined;
      return fail(`The style "${ready.style.info.title}" could not read these sources: ${errorText(error)}`);
    }
  }

  private engineFor(styleId: string): Result<ReadyStyle> {
    const ready = this.ready.get(styleId);
    if (ready) return ok(ready);
    if (findBundledStyle(styleId) || this.custom.has(styleId)) {
      return fail(`The citation style "${styleId}" is not loaded yet: call prepare("${styleId}") first.`);
    }
    return this.unknownStyle(styleId);
  }

  /** Runs citeproc-js, turning its exceptions and error strings into error values. */
  private run<T extends string | string[]>(ready: ReadyStyle, output: OutputFormat, work: (engine: CiteprocEngine) => T): Result<T> {
    try {
      if (ready.mode !== output) {
        ready.engine.setOutputFormat(ENGINE_FORMATS[output]);
        // The URL hook is called only when asked for; the other formats print URLs as text.
        ready.engine.opt.development_extensions.wrap_url_and_doi = output === 'latex';
        ready.mode = output;
      }
      let result = work(ready.engine);
      if (output === 'markdown') {
        result = (typeof result === 'string' ? escapeMarkdownLineStart(result) : result.map(escapeMarkdownLineStart)) as T;
      }
      const texts: string[] = typeof result === 'string' ? [result] : result;
      const broken = texts.find((value) => value.includes('[CSL STYLE ERROR'));
      if (broken) return fail(`The style "${ready.style.info.title}" could not format this source: ${broken.trim()}`);
      return ok(result);
    } catch (error) {
      return fail(`The style "${ready.style.info.title}" could not format this citation: ${errorText(error)}`);
    }
  }
}
