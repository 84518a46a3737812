// Which form a draft's citations take (`formFor`: the setting, the draft's markup and the style's class), and the
// forms that need no CSL engine: Pandoc's `[@key, para. 12]` and LaTeX's `\cite[para.~12]{key}`, both formatted
// later by the writer's own toolchain, and how they write a locator (locators.ts).
import type { CitationForm, CitationFormSetting } from '../types';
import type { DraftFormat } from '../drafts/draftReader';
import type { StyleClass } from './cslXml';
import { isPlural, writtenLocator, type CslLocatorLabel } from './locators';

/**
 * The form a draft's citations take. An explicit setting is kept whatever the style. `auto` follows the style's
 * class, as its manual does: a notes style cites in notes, an in-text style in the sentence.
 * - Markdown: notes → a footnote `[^1]` with its note; in-text → Pandoc `[@crossan2025, para. 4]` (the preview
 *   formats it; Pandoc formats it on export).
 * - Plain text: in-text → the formatted "(Crossan 2025, para. 4)"; notes → a footnote `[^1]` with its note at the
 *   end, the convention plain text has for notes (and the one Sourcebook reads back there): the alternative, the
 *   whole note inside the sentence, is in no manual.
 * - LaTeX: biblatex's `\autocite`, whatever the class: biblatex makes it a footnote under a notes style and a
 *   parenthesis under an in-text style, as the style it loads says (see biblatex.ts).
 */
export function formFor(setting: CitationFormSetting, format: DraftFormat, styleClass: StyleClass): CitationForm {
  if (setting !== 'auto') return setting;
  if (format === 'latex') return 'biblatex';
  if (styleClass === 'note') return 'footnote';
  return format === 'markdown' ? 'pandoc' : 'plain';
}

/** Whether citations in `form` are formatted by the citation engine (footnotes, plain text), not by the writer's tools. */
export function formNeedsEngine(form: CitationForm): boolean {
  return form === 'footnote' || form === 'plain';
}

/** One item of a citation, checked: its key, locator (CSL form) and "quoted in" prefix if any. */
export interface ResolvedItem {
  key: string;
  /** The locator's value as CSL takes it ("45", "45-47", "miners"), with its label. */
  locator?: string;
  label?: CslLocatorLabel;
  /** Already phrased for the style: "Siân James, quoted in ". */
  prefix?: string;
}

/**
 * Pandoc: `[@a, para. 3; @b]`, `[@tate2017, p. 45]`, `[@tate2017, chap. 3]`, each locator after the term CSL's en-US
 * locale abbreviates it with, which Pandoc's citeproc reads back; "quoted in" as a prefix:
 * `[Siân James, quoted in @byrne2014, para. 17]`.
 */
export function pandocCitation(items: readonly ResolvedItem[]): string {
  const parts = items.map((item) => {
    const prefix = item.prefix ? `${escapePandoc(item.prefix)}` : '';
    const locator = item.locator ? `, ${escapePandoc(writtenLocator(item.label ?? 'paragraph', item.locator))}` : '';
    return `${prefix}@${item.key}${locator}`;
  });
  return `[${parts.join('; ')}]`;
}

/** Characters that would end or split a Pandoc citation if they appeared in a prefix. */
function escapePandoc(value: string): string {
  return value.replace(/([[\]@;\\])/g, '\\$1');
}

/** A locator in LaTeX: its term and a tie, en dashes as `--`: `p.~45`, `pp.~45--47`, `chap.~3`. */
export function latexLocator(label: CslLocatorLabel, locator: string, terms?: readonly [string, string]): string {
  const written = writtenLocator(label, locator);
  const term = terms ? terms[isPlural(locator) ? 1 : 0] : written.slice(0, written.length - locator.length).trim();
  const value = label === 'sub-verbo' ? escapeLatex(locator) : escapeLatex(locator).replace(/-/g, '--');
  return term ? `${term}~${value}` : value;
}

/**
 * LaTeX: `\cite[para.~12]{key}`, `\cite[p.~45]{key}`; several keys without locators share one command, `\cite{a,b}`. LaTeX's `\cite`
 * has one optional argument, which applies to the whole command, so items with their own locators each get their own
 * `\cite`, joined by "; ". A "quoted in" phrase goes before the command, as text, and the citation is then put in
 * parentheses, since `\cite` prints only the bracketed number: "(Siân James, quoted in [2, para. 17])".
 */
export function latexCitation(items: readonly ResolvedItem[]): string {
  if (items.every((item) => !item.locator && !item.prefix)) return `\\cite{${items.map((item) => item.key).join(',')}}`;
  const cited = items
    .map((item) => {
      const prefix = item.prefix ? escapeLatex(item.prefix) : '';
      const locator = item.locator ? `[${latexLocator(item.label ?? 'paragraph', item.locator)}]` : '';
      return `${prefix}\\cite${locator}{${item.key}}`;
    })
    .join('; ');
  return items.some((item) => item.prefix) ? `(${cited})` : cited;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '%': '\\%',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\~{}',
};

/** Escapes the characters LaTeX treats as commands (`\ { } $ & # % _ ^ ~`). Unicode letters pass through. */
export function escapeLatex(value: string): string {
  return value.replace(/[\\{}$&#%_^~]/g, (c) => LATEX_SPECIALS[c]);
}

/**
 * Escapes what Markdown would read as markup (`\ * _ [ ] < > backtick`), leaving intraword underscores (URLs, keys)
 * alone since they never start emphasis.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\*[\]<>`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
}

/** A formatted citation or entry placed at the start of a Markdown line must not become a heading, quote or list. */
export function escapeMarkdownLineStart(value: string): string {
  return value.replace(/^(\s*)([#>+-]|\d+[.)])/, (_match, space: string, marker: string) => `${space}${marker.replace(/([#>+\-.)])$/, '\\$1')}`);
}
