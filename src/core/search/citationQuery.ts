// What the writer types in the Insert Citation picker ("crossan 4", "byrne para. 16-17", "tate2017 p. 45",
// "ashton"), and how
// sources are named and matched in it. Plain text in, plain data out.
import type { CiteItem, CslLocatorLabel, Source, SourceMeta } from '../types';
import { readLocatorAt } from '../citations/locators';
import { fold } from '../text/normalize';
import { citedName } from '../sources/readerText';
import { plainTitle } from '../sources/titles';

export interface CitationQuery {
  /** Folded words to find a source or an entity by. */
  words: string[];
  /**
   * A paragraph typed after them: "para. 4", "¶ 16-17" — or a bare number or range ("crossan 4"), which is a
   * paragraph of a source with text and a page of one without (`locatorFor` decides).
   */
  paragraph?: number | string;
  /** Any other locator typed after them ("p. 45", "chap. 3", "s.v. miners"), as CSL takes it, and its label. */
  locator?: string;
  label?: CslLocatorLabel;
  /** The locator was typed without a term (`paragraph` then holds it). */
  bare?: true;
}

/**
 * Splits the typed text into words and a trailing locator: any CSL locator by its term ("tate2017 p. 45",
 * "pp. 45–47", "ch. 3", "§ 2", "l. 10", "s.v. miners", "at 12:30"; see citations/locators.ts), or a bare number or
 * range. A bare number is a locator only up to three digits ("crossan 4"); a four-digit one is a year to find the
 * source by ("crossan 2025"), unless it follows a term ("p. 1984").
 */
export function parseCitationQuery(value: string): CitationQuery {
  const typed = value.length > 300 ? value.slice(0, 300) : value;
  for (let at = 0; at < typed.length; at++) {
    if (at > 0 && !/\s/.test(typed[at - 1])) continue;
    if (/\s/.test(typed[at])) continue;
    const read = readLocatorAt(typed.slice(at));
    if (!read || typed.slice(at + read.length).trim() !== '') continue;
    if (read.label === undefined && !/^\d{1,3}(?:-\d{1,3})?$/.test(read.locator)) continue;
    const words = wordsOf(typed.slice(0, at));
    if (read.label === undefined || read.label === 'paragraph') {
      const paragraph = /^\d+(?:-\d+)?$/.test(read.locator) ? read.locator : undefined;
      if (paragraph === undefined) continue;
      return { words, paragraph: /^\d+$/.test(paragraph) ? Number(paragraph) : paragraph, ...(read.label ? {} : { bare: true as const }) };
    }
    return { words, locator: read.locator, label: read.label };
  }
  return { words: wordsOf(typed) };
}

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * The locator a query gives a source: a typed locator as typed; a paragraph (typed or bare) of a source with
 * text when it has that paragraph; a bare number of a source without text (a reference from the writer's library) is
 * a page, as in Pandoc and biblatex, and a paragraph typed for it is kept (it cannot be checked).
 */
export function locatorFor(query: CitationQuery, source: Pick<Source, 'paragraphs' | 'referenceOnly'>): Pick<CiteItem, 'paragraph' | 'locator' | 'label'> {
  if (query.locator !== undefined) return { locator: query.locator, ...(query.label ? { label: query.label } : {}) };
  if (query.paragraph === undefined) return {};
  const withText = !source.referenceOnly && source.paragraphs.length > 0;
  if (!withText) return query.bare ? { locator: String(query.paragraph), label: 'page' } : { paragraph: query.paragraph };
  const [from, to] = String(query.paragraph).split('-').map(Number);
  const last = source.paragraphs.length;
  const exists = from >= 1 && from <= last && (to === undefined || (to >= from && to <= last));
  return exists ? { paragraph: query.paragraph } : {};
}

/** Whether every typed word starts a word of `haystack` (case and accents ignored). */
export function matchesWords(words: readonly string[], haystack: string): boolean {
  const tokens = fold(haystack).split(/[^\p{L}\p{N}]+/u);
  return words.every((word) => tokens.some((token) => token.startsWith(word)));
}

/** "Crossan 2025", "Smith & Jones 2020", "Smith et al. 2020"; an unsigned work by its title: "“Lesbians and Gays Support the Miners” n.d.". */
export function shortName(meta: SourceMeta): string {
  const name = (index: number) => meta.author[index]?.family ?? meta.author[index]?.literal ?? '';
  const first = name(0) || citedName(meta);
  const more = meta.author.length > 2 ? ' et al.' : meta.author.length === 2 ? ` & ${name(1)}` : '';
  return `${first}${more} ${meta.date?.slice(0, 4) ?? 'n.d.'}`;
}

/** Everything a source can be found by in the picker: authors, year, title, container, key. */
export function sourceSearchText(meta: SourceMeta): string {
  const names = meta.author.map((a) => [a.given, a.family, a.literal].filter(Boolean).join(' ')).join(' ');
  return `${names} ${meta.date ?? ''} ${plainTitle(meta.title)} ${meta.container ?? ''} ${meta.key}`;
}

/**
 * Text for a quick pick label, description or detail: VS Code draws `$(name)` there as an icon, so a source's
 * `$(` is broken with a zero-width space; line breaks become spaces.
 */
export function quickPickText(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(').replace(/\s+/g, ' ');
}
