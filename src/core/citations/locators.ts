// Locators: where in a source a citation points — a page, a chapter, a paragraph, a line… — read from what a writer
// types (in Insert Citation, or in a draft's citation) and written back in each form.
//
// The labels are CSL 1.0.2's locator types. A locator is read after its term as CSL's en-US/en-GB locale writes it
// (long, short and symbol forms, singular and plural: "page", "p.", "pp.", "chapter", "chap.", "§", "¶"…), which
// is what Pandoc's citeproc recognises too, plus a few spellings writers use ("ch.", "sect.", "par." as MLA writes
// paragraphs, "fn.", "at" before a time). A value without a term is a page in a draft (Pandoc and biblatex read it so)
// and, in Insert Citation, a page of a source without text or a paragraph of one with text (the caller decides).
// A time "12:30" or "1:02:03" without a term is a timestamp.
import { CSL_LOCATOR_LABELS, fail, ok, type CslLocatorLabel, type Result } from '../types';

export type { CslLocatorLabel };

export function isLocatorLabel(value: unknown): value is CslLocatorLabel {
  return typeof value === 'string' && (CSL_LOCATOR_LABELS as readonly string[]).includes(value);
}

/**
 * The terms of each label, separated by "/": first how it is written before its value, one and several — CSL's
 * en-US short form (the long form where the locale has none), which Pandoc reads back — then the long forms and
 * other spellings that are read too. A timestamp has no term.
 */
const TERMS_OF: Readonly<Record<CslLocatorLabel, string>> = {
  act: 'act/acts',
  appendix: 'app./apps./appendix/appendices',
  'article-locator': 'art./arts./article/articles',
  book: 'bk./bks./book/books',
  canon: 'c./cc./canon/canons',
  chapter: 'chap./chaps./chapter/chapters/ch./chs./chap/chaps/ch',
  column: 'col./cols./column/columns',
  elocation: 'loc./locs./location/locations',
  equation: 'eq./eqs./equation/equations',
  figure: 'fig./figs./figure/figures',
  folio: 'fol./fols./folio/folios',
  issue: 'no./nos./number/numbers/issue/issues',
  line: 'l./ll./line/lines',
  note: 'n./nn./note/notes/fn./fnn.',
  opus: 'op./opp./opus/opera',
  page: 'p./pp./page/pages/pg./pgs./pp/p',
  paragraph: 'para./paras./paragraph/paragraphs/par./pars./para/paras/¶/¶¶',
  part: 'pt./pts./part/parts',
  rule: 'r./rr./rule/rules',
  scene: 'sc./scs./scene/scenes',
  section: 'sec./secs./section/sections/sect./sects./§/§§/sec',
  'sub-verbo': 's.v./s.vv./sub verbo/sub verbis/s. v./sv.',
  supplement: 'supp./supps./supplement/supplements',
  table: 'tbl./tbls./table/tables/tab.',
  timestamp: '/',
  'title-locator': 'tit./tits./title/titles',
  verse: 'v./vv./verse/verses',
  version: 'version/versions',
  volume: 'vol./vols./volume/volumes',
};

/** How each label is written before its value: one, several. */
const WRITTEN = (label: CslLocatorLabel): readonly [string, string] => {
  const [one, several] = TERMS_OF[label].split('/');
  return [one, several];
};

/** Every term, longest first (so "pp." wins over "p.", "paras." over "para."), with its label; lower case. */
const TERMS: ReadonlyArray<{ term: string; label: CslLocatorLabel }> = (() => {
  const terms = new Map<string, CslLocatorLabel>();
  for (const label of CSL_LOCATOR_LABELS) {
    for (const term of TERMS_OF[label].split('/')) {
      // "v." is CSL's short form of both verse and version: verses are cited far more often.
      if (term && !terms.has(term)) terms.set(term, label);
    }
  }
  return [...terms].map(([term, label]) => ({ term, label })).sort((a, b) => b.term.length - a.term.length);
})();

/** A locator as read: its label (undefined when no term was written) and its value, CSL's way ("45-47"). */
export interface ReadLocator {
  label?: CslLocatorLabel;
  locator: string;
  /** How many characters of the text it took. */
  length: number;
}

const MAX_VALUE = 60;
/** One value: a number, roman numeral or short alphanumeric ("45", "xii", "4b", "A-3" is a range of A and 3). */
const VALUE = /^[\p{L}\p{N}][\p{L}\p{N}]{0,11}/u;
const DASH = /^\s*(?:---|--|-|–|—)\s*/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:---|--|-|–|—)\s*\d{1,2}:\d{2}(?::\d{2})?)?/;

/**
 * A locator at the start of `text` (a comma and spaces before it are skipped): a term and its value — a value,
 * a range ("45–47", "45--47") or a list ("3, 5-7") — or, without a term, a value that starts with a digit or a
 * time. "s.v." takes the words after it, up to a semicolon, bracket or the end. Undefined when there is none.
 * Never reads more than a short stretch of text.
 */
export function readLocatorAt(text: string): ReadLocator | undefined {
  const head = text.length > 200 ? text.slice(0, 200) : text;
  let at = 0;
  const skip = () => {
    while (at < head.length && /[\s~]/.test(head[at])) at++;
  };
  skip();
  if (head[at] === ',') at++;
  skip();
  const lower = head.slice(at, at + 20).toLowerCase();
  let label: CslLocatorLabel | undefined;
  for (const { term, label: termLabel } of TERMS) {
    if (!lower.startsWith(term)) continue;
    const after = lower[term.length];
    // A word term must end there ("page" not "pages" read as "page"+"s"; "pt." not "ptolemy").
    if (/\p{L}/u.test(term[term.length - 1]) && after !== undefined && /\p{L}/u.test(after)) continue;
    label = termLabel;
    at += term.length;
    break;
  }
  if (label === undefined && /^at\s+\d/i.test(head.slice(at)) && TIME.test(head.slice(at + 2).trimStart())) {
    label = 'timestamp';
    at += 2;
  }
  skip();
  const rest = head.slice(at);
  if (label === 'sub-verbo') {
    const words = /^[^;[\]{}()\n]{1,60}/.exec(rest);
    const value = trimEnd(words?.[0] ?? '', ' \t\r.,').trim();
    if (!value) return undefined;
    return { label, locator: value.replace(/^["“‘']|["”’']$/g, ''), length: at + (words?.[0].trimEnd().length ?? 0) };
  }
  const time = TIME.exec(rest);
  if (time && (label === undefined || label === 'timestamp')) {
    return { label: 'timestamp', locator: oneDash(time[0]), length: at + time[0].length };
  }
  if (label === undefined && !/^\d/.test(rest)) return undefined;
  const parts: string[] = [];
  let taken = 0;
  for (;;) {
    const first = VALUE.exec(rest.slice(taken));
    if (!first) break;
    let part = first[0];
    let end = taken + first[0].length;
    const dash = DASH.exec(rest.slice(end));
    const second = dash ? VALUE.exec(rest.slice(end + dash[0].length)) : null;
    if (dash && second) {
      part += `-${second[0]}`;
      end += dash[0].length + second[0].length;
    }
    if (label === undefined && !/^\d/.test(part)) break;
    parts.push(part);
    taken = end;
    // A list goes on after ", " or " & " only with another value that starts like the first (digits after digits).
    const more = /^\s*(?:,|&|and)\s*/.exec(rest.slice(taken));
    const next = more ? VALUE.exec(rest.slice(taken + more[0].length)) : null;
    if (!more || !next || /^\d/.test(next[0]) !== /^\d/.test(parts[0]) || /^\d{4}$/.test(next[0])) break;
    if (parts.join(', ').length > MAX_VALUE) break;
    taken += more[0].length;
  }
  if (parts.length === 0) return undefined;
  return { ...(label ? { label } : {}), locator: parts.join(', '), length: at + taken };
}

/** `text` without any of `chars` at its end. */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** Every dash of a range ("45 – 47", "45--47", "45—47") written as CSL writes it: "45-47". */
function oneDash(text: string): string {
  return text.replace(/[–—]/g, '-').replace(/-+/g, '-').replace(/ ?- ?/g, '-');
}

/** Whether a locator names more than one place: a range or a list ("45-47", "3, 5"), which takes the plural term. */
export function isPlural(locator: string): boolean {
  return /[-,&]/.test(locator);
}

/** The term written before `locator` in a Pandoc citation or a note: "p.", "pp.", "chap."; '' for a timestamp. */
export function locatorTerm(label: CslLocatorLabel, locator: string): string {
  return WRITTEN(label)[isPlural(locator) ? 1 : 0];
}

/** A locator as Pandoc and a note write it: "p. 45", "pp. 45-47", "chap. 3", "s.v. miners", "12:30". */
export function writtenLocator(label: CslLocatorLabel, locator: string): string {
  const term = locatorTerm(label, locator);
  return term ? `${term} ${locator}` : locator;
}

/** A paragraph value checked: a positive number, or a range "3-4" / "3–4". Returned as CSL wants it ("3-4"). */
export function paragraphLocator(value: number | string | undefined): Result<string | undefined> {
  if (value === undefined || value === '') return ok(undefined);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value > 0) return ok(String(value));
    return fail(`A paragraph locator must be a whole number from 1 up (got ${String(value)}).`);
  }
  const match = typeof value === 'string' ? /^\s*(\d{1,6})\s*(?:[-–—]\s*(\d{1,6})\s*)?$/.exec(value) : null;
  if (!match || Number(match[1]) < 1 || (match[2] !== undefined && Number(match[2]) < Number(match[1]))) {
    return fail(`A paragraph locator must be a number or a range such as 3-4 (got "${String(value).slice(0, 40)}").`);
  }
  return ok(match[2] === undefined ? match[1] : `${match[1]}-${match[2]}`);
}

/** The value of a locator that is not a paragraph, checked: short, no brackets or markup; dashes made "-". */
function otherLocator(value: string, label: CslLocatorLabel): Result<string> {
  const flat = value.replace(/\s+/g, ' ').trim();
  const ok1 = label === 'sub-verbo' ? /^[\p{L}\p{N}][\p{L}\p{N}\p{M} .,:'’&/-]{0,59}$/u : /^[\p{L}\p{N}][\p{L}\p{N} .,:&/–—-]{0,59}$/u;
  if (!ok1.test(flat)) {
    return fail(`A ${label} locator must be a short number, range or word such as 45 or 45-47 (got "${flat.slice(0, 40)}").`);
  }
  return ok(label === 'sub-verbo' ? flat : oneDash(flat));
}

/** A cite item's locator, checked, as CSL takes it: its label and value. */
export interface CheckedLocator {
  label: CslLocatorLabel;
  locator: string;
}

/**
 * The locator of a cite item: `paragraph` (as today), else `locator` with its `label` (a page when it has none, as
 * in CSL). Undefined when it has none; an error value a writer can act on when it is malformed.
 */
export function itemLocator(item: { paragraph?: number | string; locator?: string; label?: string }): Result<CheckedLocator | undefined> {
  if (item.paragraph !== undefined && item.paragraph !== '') {
    const paragraph = paragraphLocator(item.paragraph);
    if (!paragraph.ok) return paragraph;
    return ok(paragraph.value === undefined ? undefined : { label: 'paragraph', locator: paragraph.value });
  }
  if (item.locator === undefined || (typeof item.locator === 'string' && item.locator.trim() === '')) return ok(undefined);
  if (typeof item.locator !== 'string') return fail(`A locator must be text such as "45" (got ${typeof item.locator}).`);
  if (item.label !== undefined && !isLocatorLabel(item.label)) {
    return fail(`"${String(item.label).slice(0, 30)}" is not a CSL locator label: use page, chapter, section, line, paragraph, … .`);
  }
  const label: CslLocatorLabel = item.label ?? 'page';
  if (label === 'paragraph') {
    const paragraph = paragraphLocator(item.locator);
    if (!paragraph.ok) return paragraph;
    return ok({ label, locator: paragraph.value as string });
  }
  const value = otherLocator(item.locator, label);
  return value.ok ? ok({ label, locator: value.value }) : value;
}
