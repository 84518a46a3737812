// Plain data shared by every part of the core. No `vscode`, no Node built-ins.

/** A zero-based position, as in an editor: line and UTF-16 character offset. */
export interface Position {
  line: number;
  character: number;
}

/** A zero-based, end-exclusive range of a document. */
export interface Range {
  start: Position;
  end: Position;
}

/** An error a writer can act on: what went wrong and what to do. Never thrown across the core's API. */
export interface CoreError {
  ok: false;
  message: string;
  /** Where in the file the problem is (zero-based), when known. */
  line?: number;
  /** The file it came from, when it came from one. */
  file?: string;
  /** How serious: absent means an error; a warning leaves the thing usable (an unknown front-matter field). */
  severity?: 'error' | 'warning';
}

export type Result<T> = { ok: true; value: T } | CoreError;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (message: string, extra: Partial<Omit<CoreError, 'ok' | 'message'>> = {}): CoreError => ({
  ok: false,
  message,
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// Sources

/** A person's name as CSL-JSON writes it; `literal` for institutions ("National Union of Mineworkers"). */
export interface Name {
  family?: string;
  given?: string;
  literal?: string;
}

/**
 * A source's bibliographic facts, as written in its front matter. Unknown facts are absent, never guessed:
 * a source with no `date` is cited "n.d.", one with no `url` has none.
 */
export interface SourceMeta {
  /** Citation key: letters, digits, `_`, `-`, `:`, `.`; unique across all sources. */
  key: string;
  title: string;
  /** A short title (up to four words) for short notes and for telling works apart: "Ode to Solidarity". */
  shortTitle?: string;
  author: Name[];
  /** The site, magazine or encyclopedia the text appeared in. */
  container?: string;
  /** CSL item type: `post-weblog`, `article-magazine`, `entry-encyclopedia`, `webpage`, `book`, … */
  type: string;
  /** ISO 8601, as precise as known: `2025-02-15`, `2014-11`, `2015`. */
  date?: string;
  url?: string;
  /** ISO date the text was read; styles that ask for an access date use it. */
  accessed?: string;
  publisher?: string;
  /** The text changes over time (a wiki): styles cite it with the access date. */
  changing?: boolean;
  /** Free note shown to the writer, never printed in a citation. */
  note?: string;
  /** Editors (of a book, a collection); cited as CSL's `editor`. */
  editor?: Name[];
  /**
   * Further CSL-JSON fields of an entry from the writer's library (`volume`, `issue`, `page`, `DOI`, `ISBN`,
   * `edition`, `publisher-place`, `collection-title`, …), given to citeproc as they are. The fields above win
   * over these; `id`, `type`, `title`, `author`, `editor`, `issued`, `accessed` and `URL` here are ignored.
   */
  csl?: Record<string, unknown>;
}

/** A paragraph of a source as a reader counts it: 1-based `number`, the author's words only. */
/** Paragraph `number` of `paragraphs` (numbered from 1 in order as a rule; found by number if not). */
export function paragraphNumbered(paragraphs: readonly Paragraph[], number: number): Paragraph | undefined {
  const paragraph = paragraphs[number - 1];
  return paragraph?.number === number ? paragraph : paragraphs.find((p) => p.number === number);
}

export interface Paragraph {
  number: number;
  text: string;
  /** Zero-based line in the source file where the paragraph starts (for diagnostics and the reader). */
  line: number;
  /** `quote` for a block quotation, `heading` is never a paragraph. */
  kind: 'text' | 'quote';
  /**
   * A PDF source's paragraph: the printed page of each stretch of its text (offsets end-exclusive), in order — a
   * paragraph across a page break has two. Its `line` is then the zero-based index of the page it starts on.
   */
  pages?: PageSpan[];
}

/** A stretch of a paragraph's text on one printed page: `label` is the page a reader cites ("203", "xii"). */
export interface PageSpan {
  start: number;
  end: number;
  label: string;
  /** Zero-based index of the page in the PDF (what a viewer's `#page=N` counts, minus one); absent in older reads. */
  index?: number;
}

/** A quotation inside a source whose speaker is not the source's author. */
export interface QuotedSpeech {
  paragraph: number;
  /** Offsets in the paragraph's text, end-exclusive. */
  start: number;
  end: number;
  /** Who speaks: an entity id when the index knows them. */
  speaker: string;
  speakerName: string;
  /** Where the words come from ("in the film All Out! Dancing in Dulais (1986)"), when known. */
  origin?: string;
  /** Zero-based line of the quotation's entry in the source file's front matter (for diagnostics). */
  line?: number;
}

export interface Source {
  meta: SourceMeta;
  paragraphs: Paragraph[];
  quotations: QuotedSpeech[];
  /**
   * Where the source came from: `bundled`, a file URI/path string the VS Code layer understands (a source file,
   * or the bibliography file that holds its entry), or `zotero`.
   */
  origin: string;
  /** Zero-based line of the source's entry in `origin` (a `.bib` or `.ris` entry), for diagnostics. */
  entryLine?: number;
  /**
   * The source has no text Sourcebook can read (a reference from a bibliography file or Zotero without a readable
   * attachment): it is cited like any source, but has no paragraphs to quote or check against.
   */
  referenceOnly?: boolean;
  /**
   * The PDF the source's text was read from (a URI string, or a path for a Zotero linked file), when it is a PDF:
   * the file itself in a sources folder, or the PDF attached to a library entry.
   */
  pdf?: string;
}

// ---------------------------------------------------------------------------------------------
// Entities

export type EntityType = 'person' | 'character' | 'group' | 'place' | 'event' | 'work';

/** A pointer at a paragraph of a source, the citation unit everywhere in Sourcebook. */
export interface ParagraphRef {
  source: string;
  paragraph: number;
}

export interface Fact {
  /** In the project's own words. */
  text: string;
  cites: ParagraphRef[];
}

export interface AliasSpec {
  text: string;
  /** Match only with this exact capitalisation (for names that are also ordinary words: "Pride"). */
  caseSensitive?: boolean;
}

export interface Mention extends ParagraphRef {
  /** Offsets in the paragraph's text, end-exclusive. */
  start: number;
  end: number;
  /** The words as the source writes them. */
  text: string;
}

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  aliases: AliasSpec[];
  description: string;
  facts: Fact[];
  related: string[];
  /** Filled by the index builder, never written by hand. */
  mentions: Mention[];
  /** `bundled`, or `discovered` (found by NLP in the writer's sources, not yet described), `authors`, or a file. */
  origin?: string;
  /** The library's sources this person or group wrote or edited: filled in from the sources, never written by hand. */
  works?: AuthoredWork[];
}

/** A source an entity wrote (`author`) or edited (`editor`). */
export interface AuthoredWork {
  key: string;
  role: 'author' | 'editor';
}

/** Words that name more than one entity ("James", "Jackson"): a card lists the candidates instead. */
export interface AmbiguousAlias {
  text: string;
  candidates: string[];
}

// ---------------------------------------------------------------------------------------------
// Name matching

export interface NameMatch {
  /** Offsets into the text that was searched, end-exclusive. */
  start: number;
  end: number;
  /** The entity named, or undefined when the words are ambiguous. */
  entityId?: string;
  /** For ambiguous words: the entities they might name. */
  candidates?: string[];
  /** The alias as written in the index. */
  alias: string;
}

// ---------------------------------------------------------------------------------------------
// Search

export interface PassageHit {
  source: string;
  paragraph: number;
  /** The sentence or paragraph that matched. */
  text: string;
  /** Offsets of the matched words inside `text`, for highlighting. */
  highlights: Array<[number, number]>;
  score: number;
  /** Whether `text` is one sentence or a whole paragraph (passage search fills this in). */
  kind?: 'sentence' | 'paragraph';
  /** Offset of `text` in the paragraph's text (0 for a whole paragraph). */
  start?: number;
}

// ---------------------------------------------------------------------------------------------
// Citations

/**
 * How a citation is written into a draft: a Markdown footnote, Pandoc `[@key]`, LaTeX `\cite`, biblatex `\autocite`
 * or formatted text.
 */
export type CitationForm = 'footnote' | 'pandoc' | 'latex' | 'biblatex' | 'plain';

/** The `sourcebook.citation.form` setting for a language: a form, or `auto` (the style's class decides). */
export type CitationFormSetting = CitationForm | 'auto';

/** CSL 1.0.2's locator types: what kind of place in a source a citation's locator names. */
export const CSL_LOCATOR_LABELS = [
  'act', 'appendix', 'article-locator', 'book', 'canon', 'chapter', 'column', 'elocation', 'equation', 'figure',
  'folio', 'issue', 'line', 'note', 'opus', 'page', 'paragraph', 'part', 'rule', 'scene', 'section', 'sub-verbo',
  'supplement', 'table', 'timestamp', 'title-locator', 'verse', 'version', 'volume',
] as const;

export type CslLocatorLabel = (typeof CSL_LOCATOR_LABELS)[number];

export interface CiteItem {
  key: string;
  /** Paragraph number, or a range "3-4" (the same as `locator` with the label `paragraph`; this one wins). */
  paragraph?: number | string;
  /** Any other locator, as CSL takes it: "45", "45-47", "xii", "miners" (for `sub-verbo`), "12:30". */
  locator?: string;
  /** What `locator` counts, a CSL 1.0.2 locator type; a page when absent (as in CSL). */
  label?: CslLocatorLabel;
  /** The cited words are spoken by someone other than the author: "quoted in". */
  speaker?: string;
}
