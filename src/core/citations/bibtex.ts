// The sources as .bib entries, in two flavours: biblatex (read by biber: `@online` with `url`, `urldate` and the site,
// ISO dates) and classic BibTeX (for .bst styles such as plain, alpha or abbrv, which know no `@online`, `url` or
// `urldate`: a web page is `@misc` with `howpublished = {Site, \url{…}}` and `note = {Accessed …}`, so neither the
// URL nor the access date is lost). Both are UTF-8 (biber reads it; BibTeX passes it through to inputenc).
// Also the .bib Sourcebook keeps beside a LaTeX draft cited with biblatex: a file it owns, rewritten whole.
import type { Name, SourceMeta } from '../types';
import { parseDate, text, type CslDate } from './cslItem';
import { bibTitle, escapeBibText, titleWords } from './bibTitle';
import type { BiblatexDialect } from './biblatex';

export type BibFlavour = 'biblatex' | 'bibtex';

export interface BibOptions {
  flavour: BibFlavour;
  /** For biblatex: the style family the entries are written for (default `standard`, biblatex's own styles). */
  dialect?: BiblatexDialect;
}

/** CSL item type → biblatex entry type. Web texts (pages, posts, online encyclopedia entries) are `@online`. */
const BIBLATEX_TYPES: Record<string, string> = {
  webpage: 'online',
  post: 'online',
  'post-weblog': 'online',
  'entry-encyclopedia': 'online',
  'entry-dictionary': 'online',
  'article-magazine': 'article',
  'article-journal': 'article',
  'article-newspaper': 'article',
  book: 'book',
  chapter: 'incollection',
  report: 'report',
  thesis: 'thesis',
  'paper-conference': 'inproceedings',
};

/** biblatex entry type → classic BibTeX's: it has no `@online`, `@report` or `@thesis` without a degree. */
const BIBTEX_TYPES: Record<string, string> = {
  online: 'misc',
  report: 'techreport',
  thesis: 'misc',
};

/** Where the container (site, periodical, book) goes, by entry type; `@online` depends on the dialect. */
const CONTAINER_FIELD: Record<BibFlavour, Record<string, string>> = {
  biblatex: { article: 'journaltitle', incollection: 'booktitle', inproceedings: 'booktitle', book: 'series', report: 'institution', thesis: 'institution', misc: 'howpublished' },
  bibtex: { article: 'journal', incollection: 'booktitle', inproceedings: 'booktitle', book: 'series', techreport: 'institution', misc: 'howpublished' },
};

/** Periodicals that are not journals: biblatex-chicago and biblatex-mla read `entrysubtype` to cite them so. */
const SUBTYPES: Record<string, string> = { 'article-magazine': 'magazine', 'article-newspaper': 'newspaper' };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dateParts(date: CslDate | undefined): number[] | undefined {
  return date?.['date-parts']?.[0];
}

function isoDate(parts: readonly number[]): string {
  return parts.map((part, i) => String(part).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

/** "20 November 2026": day, month name, year — read the same way on either side of the Atlantic. */
function writtenDate(parts: readonly number[]): string {
  const [year, month, day] = parts;
  return [day, month ? MONTH_NAMES[month - 1] : undefined, year].filter((part) => part !== undefined).join(' ');
}

/** One name: "Family, Given"; an organisation or a one-word name in braces, so it is never split into parts. */
function bibName(name: Name): string | undefined {
  if (!name || typeof name !== 'object') return undefined;
  const literal = text(name.literal);
  if (literal) return `{${escapeBibText(literal)}}`;
  const family = text(name.family);
  const given = text(name.given);
  if (family && given) return `${escapeBibText(family)}, ${escapeBibText(given)}`;
  const single = family ?? given;
  return single ? `{${escapeBibText(single)}}` : undefined;
}

/** The authors joined by " and "; undefined for an unsigned work, which has no author field at all. */
function names(meta: SourceMeta): string | undefined {
  if (!Array.isArray(meta.author)) return undefined;
  const list = meta.author.map(bibName).filter((name): name is string => !!name);
  return list.length > 0 ? list.join(' and ') : undefined;
}

/** A citation key BibTeX accepts: our keys already are; anything else is made safe rather than dropped. */
function bibKey(key: unknown): string {
  const safe = String(key ?? '').replace(/[^A-Za-z0-9_:.-]/g, '_');
  return safe === '' ? 'untitled' : safe;
}

/** A URL as `url` and `\url` read it verbatim: only braces would break the entry, so they are percent-encoded. */
function safeUrl(url: string): string {
  return url.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** One source as a .bib entry in the given flavour. Unknown facts are left out, never filled in. */
export function bibEntry(meta: SourceMeta, options: BibOptions = { flavour: 'biblatex' }): string {
  const { flavour } = options;
  const dialect = options.dialect ?? 'standard';
  const cslType = text(meta.type) ?? '';
  const biblatexType = BIBLATEX_TYPES[cslType] ?? 'misc';
  const entryType = flavour === 'bibtex' ? (BIBTEX_TYPES[biblatexType] ?? biblatexType) : biblatexType;
  const fields: Array<[string, string]> = [];
  const add = (name: string, value: string | undefined) => {
    if (value) fields.push([name, value]);
  };

  const author = names(meta);
  add('author', author);
  const title = text(meta.title);
  // BibTeX's styles sort and label an entry without an author by its `key` field (biber uses the title itself).
  if (!author && flavour === 'bibtex' && title) add('key', escapeBibText(titleWords(title)));
  if (title) add('title', bibTitle(title));
  const shortTitle = text(meta.shortTitle);
  if (shortTitle) add('shorttitle', bibTitle(shortTitle));

  const container = text(meta.container);
  const url = text(meta.url);
  const issued = parseDate(meta.date);
  const issuedParts = dateParts(issued);
  const accessedParts = dateParts(parseDate(meta.accessed));

  if (flavour === 'biblatex') {
    const containerField = entryType === 'online' ? (dialect === 'mla' ? 'journaltitle' : 'organization') : CONTAINER_FIELD.biblatex[entryType];
    if (container) add(containerField ?? 'howpublished', escapeBibText(container));
    if (SUBTYPES[cslType] && dialect !== 'apa' && dialect !== 'bath') add('entrysubtype', SUBTYPES[cslType]);
    add('publisher', text(meta.publisher) && escapeBibText(text(meta.publisher) as string));
    if (issuedParts) add('date', isoDate(issuedParts));
    // A date that is not ISO 8601 ("summer 1985") cannot be a biblatex date: it is printed as written.
    else if (issued?.literal) add('year', escapeBibText(issued.literal));
    if (url) add('url', safeUrl(url));
    if (accessedParts) add('urldate', isoDate(accessedParts));
  } else {
    const where = container ? escapeBibText(container) : undefined;
    if (entryType === 'misc') {
      add('howpublished', [where, url ? `\\url{${safeUrl(url)}}` : undefined].filter(Boolean).join(', '));
    } else {
      add(CONTAINER_FIELD.bibtex[entryType] ?? 'howpublished', where);
    }
    add('publisher', text(meta.publisher) && escapeBibText(text(meta.publisher) as string));
    if (issuedParts) {
      add('year', String(issuedParts[0]));
      if (issuedParts[1]) add('month', MONTHS[issuedParts[1] - 1]);
    } else if (issued?.literal) {
      add('year', escapeBibText(issued.literal));
    }
    const accessed = url && accessedParts ? `Accessed ${writtenDate(accessedParts)}` : undefined;
    if (entryType === 'misc') add('note', accessed);
    else add('note', url ? [`\\url{${safeUrl(url)}}`, accessed].filter(Boolean).join('. ') : undefined);
  }

  const width = Math.max(...fields.map(([name]) => name.length), 0);
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${name === 'month' ? value : `{${value}}`}`);
  return `@${entryType}{${bibKey(meta.key)},\n${body.join(',\n')}\n}`;
}

/** The sources as a .bib file, in the order given. */
export function exportBib(sources: readonly SourceMeta[], options: BibOptions = { flavour: 'biblatex' }): string {
  return `${sources.map((meta) => bibEntry(meta, options)).join('\n\n')}\n`;
}

// -------------------------------------------------------------------------------------------------------------
// The .bib Sourcebook keeps beside a LaTeX draft

/** The first line of every .bib Sourcebook writes beside a draft: a file without it is never written to. */
export const SOURCEBOOK_BIB_HEADER = '% Written by Sourcebook';

/** The name of the .bib Sourcebook keeps beside a draft: `essay.tex` → `essay.sourcebook.bib`. */
export function sourcebookBibName(draftFileName: string): string {
  const base = draftFileName.replace(/\.(tex|latex|ltx)$/i, '');
  return `${base}.sourcebook.bib`;
}

/** Whether a file's text is one Sourcebook wrote (its first line is Sourcebook's header). */
export function isSourcebookBib(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith(SOURCEBOOK_BIB_HEADER);
}

/** The whole .bib Sourcebook keeps beside `draftFileName`: its header, then the cited sources' biblatex entries. */
export function sourcebookBib(draftFileName: string, sources: readonly SourceMeta[], dialect: BiblatexDialect): string {
  // An "@" would start an entry for BibTeX and biber, even in a comment line.
  const name = draftFileName.replace(/@/g, '(at)');
  const header = [
    `${SOURCEBOOK_BIB_HEADER} for ${name}: the sources it cites, rewritten whenever a citation is inserted`,
    '% or the draft is saved, so edits made here are lost. Keep sources of your own in a .bib file of your own.',
  ].join('\n');
  return sources.length === 0 ? `${header}\n` : `${header}\n\n${exportBib(sources, { flavour: 'biblatex', dialect })}`;
}
