// biblatex: which biblatex style compiles a draft to the writer's chosen style, and the citation commands Sourcebook
// writes for it. The entries themselves are written by bibtex.ts; the preamble by core/drafts/biblatexSetup.ts.
//
// Every citation is `\autocite`, never `\parencite` or `\footcite` chosen by Sourcebook: biblatex turns \autocite
// into the style's own form — parentheses under an author-date style, a footnote (its mark moved after the
// punctuation) under a notes style — so the draft's citations always follow the style its preamble loads, and a
// draft whose style changes never holds a mix of the two.
import type { StyleInfo } from './styles';
import type { ResolvedItem } from './forms';
import { escapeLatex, latexLocator } from './forms';

/**
 * How a biblatex style reads a .bib entry where the styles disagree: where a web page's site goes (biblatex-mla
 * prints `journaltitle`; the others `organization`) and whether `entrysubtype = {magazine}` is read as the kind of
 * periodical (biblatex-chicago, biblatex-mla) or printed as a description in brackets (biblatex-apa, bath).
 */
export type BiblatexDialect = 'standard' | 'chicago' | 'mla' | 'apa' | 'bath';

export interface BiblatexStyle {
  /** The preamble line that loads it. */
  usepackage: string;
  /** What the writer is told it is: "biblatex-chicago (author-date)". */
  name: string;
  dialect: BiblatexDialect;
  /** The postnote's paragraph label, one and several: "para."/"paras." (MLA 9: "par."/"pars."). */
  paragraph: readonly [string, string];
  /** For a writer's own .csl style, which has no biblatex counterpart: a sentence saying what stands in for it. */
  fallback?: string;
}

const CHICAGO_AUTHOR_DATE: BiblatexStyle = {
  usepackage: '\\usepackage[authordate,backend=biber]{biblatex-chicago}',
  name: 'biblatex-chicago (author-date)',
  dialect: 'chicago',
  paragraph: ['para.', 'paras.'],
};

const CHICAGO_NOTES: BiblatexStyle = {
  usepackage: '\\usepackage[notes,backend=biber]{biblatex-chicago}',
  name: 'biblatex-chicago (notes and bibliography)',
  dialect: 'chicago',
  paragraph: ['para.', 'paras.'],
};

/**
 * The bundled CSL styles and their biblatex counterparts. `language=` gives each its manual's punctuation and dates:
 * MLA and APA are American (a full stop inside the closing quotation mark); Cite Them Right is British.
 * Cite Them Right has no biblatex style in TeX Live; `bath` (the University of Bath's Harvard) is the nearest:
 * "(Crossan, 2025, para. 12)", "n.d." for an undated work, "Available from: … [Accessed 20 November 2026]".
 * biblatex's own `authoryear` would take an undated web page's year from its access date — a date never published.
 */
const BY_STYLE: Readonly<Record<string, BiblatexStyle>> = {
  'chicago-author-date': CHICAGO_AUTHOR_DATE,
  'chicago-fullnote-bibliography': CHICAGO_NOTES,
  'modern-language-association': {
    usepackage: '\\usepackage[style=mla,backend=biber,language=american]{biblatex}',
    name: 'biblatex-mla',
    dialect: 'mla',
    paragraph: ['par.', 'pars.'],
  },
  apa: {
    usepackage: '\\usepackage[style=apa,backend=biber,language=american]{biblatex}',
    name: 'biblatex-apa',
    dialect: 'apa',
    paragraph: ['para.', 'paras.'],
  },
  'harvard-cite-them-right': {
    usepackage: '\\usepackage[style=bath,backend=biber,language=british]{biblatex}',
    name: 'biblatex-bath (Harvard)',
    dialect: 'bath',
    paragraph: ['para.', 'paras.'],
  },
};

/**
 * The biblatex style for a citation style. A writer's own .csl file has no biblatex counterpart: a notes style is
 * compiled with biblatex-chicago's notes, any other with its author-date style, and `fallback` says so.
 */
export function biblatexStyleFor(style: Pick<StyleInfo, 'id' | 'title' | 'class'>): BiblatexStyle {
  const known = BY_STYLE[style.id];
  if (known) return known;
  const stand = style.class === 'note' ? CHICAGO_NOTES : CHICAGO_AUTHOR_DATE;
  return {
    ...stand,
    fallback: `biblatex has no style matching "${style.title}": the draft is compiled with ${stand.name}. To use another, change the \\usepackage line that loads biblatex.`,
  };
}

/** An optional argument's text, braced when it holds a bracket that would end the argument early. */
function optional(value: string): string {
  return /[[\]]/.test(value) ? `[{${value}}]` : `[${value}]`;
}

/**
 * The postnote for a locator. A page is its bare number or range (`45`, `45--47`): biblatex prints a postnote that
 * is a number or range with the style's "p."/"pp." itself (`\mkpageprefix`), and a text postnote as written. So
 * every other locator is written with its term (`chap.~3`, `l.~10`), a paragraph with the style's ("par." in MLA).
 */
function postnote(item: ResolvedItem, style: BiblatexStyle): string {
  if (!item.locator) return '';
  const label = item.label ?? 'paragraph';
  if (label === 'page' && /^[\dixvlcdm]+(?:-[\dixvlcdm]+)?$/i.test(item.locator)) return escapeLatex(item.locator).replace('-', '--');
  return latexLocator(label, item.locator, label === 'paragraph' ? style.paragraph : undefined);
}

/** `[pre][post]`, `[post]` or nothing, for one item. */
function notes(item: ResolvedItem, style: BiblatexStyle): string {
  const post = postnote(item, style);
  const pre = item.prefix ? escapeLatex(item.prefix.trim()) : '';
  if (pre) return `${optional(pre)}${optional(post)}`;
  return post ? optional(post) : '';
}

/**
 * The biblatex citation of `items`: `\autocite[para.~12]{crossan2025}`, `\autocite[45]{tate2017}`; "quoted in" as the prenote,
 * `\autocite[Siân James, quoted in][para.~17]{byrne2014}`; several sources `\autocite{a,b}`, or `\autocites` when
 * any has its own notes, `\autocites[para.~3]{a}[para.~4]{b}`.
 */
export function biblatexCitation(items: readonly ResolvedItem[], style: BiblatexStyle): string {
  if (items.length === 1) return `\\autocite${notes(items[0], style)}{${items[0].key}}`;
  if (items.every((item) => !item.locator && !item.prefix)) return `\\autocite{${items.map((item) => item.key).join(',')}}`;
  return `\\autocites${items.map((item) => `${notes(item, style)}{${item.key}}`).join('')}`;
}
