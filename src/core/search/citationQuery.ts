// What the writer types in the Insert Citation picker ("crossan 4", "byrne para. 16-17", "ashton"), and how
// sources are named and matched in it. Plain text in, plain data out.
import type { SourceMeta } from '../types';
import { fold } from '../text/normalize';
import { citedName } from '../sources/readerText';
import { plainTitle } from '../sources/titles';

export interface CitationQuery {
  /** Folded words to find a source or an entity by. */
  words: string[];
  /** A paragraph locator typed after them: a number or a range "16-17". */
  paragraph?: number | string;
}

/**
 * Splits the typed text into words and a trailing paragraph locator. A bare number is a locator only up to three
 * digits ("crossan 4"); a four-digit one is a year to find the source by ("crossan 2025"), unless it follows
 * "para." / "p." / "¶".
 */
export function parseCitationQuery(value: string): CitationQuery {
  const typed = value.length > 300 ? value.slice(0, 300) : value;
  const marked = /^(.*?)(?:^|\s+)(?:paras?|par|p|¶{1,2})\.?\s*(\d{1,5}(?:\s*[-–]\s*\d{1,5})?)\s*$/i.exec(typed);
  const bare = marked ? null : /^(.*?)(?:^|\s+)(\d{1,3}(?:\s*[-–]\s*\d{1,3})?)\s*$/.exec(typed);
  const match = marked ?? bare;
  const rest = match ? match[1] : typed;
  const words = fold(rest)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  if (!match) return { words };
  const locator = match[2].replace(/\s+/g, '').replace('–', '-');
  return { words, paragraph: /^\d+$/.test(locator) ? Number(locator) : locator };
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
