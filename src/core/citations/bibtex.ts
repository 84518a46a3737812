// BibTeX / biblatex export of the library, for LaTeX and for reference managers that import .bib files.
import type { SourceMeta } from '../types';
import { escapeLatex } from './forms';
import { parseDate, text, type CslDate } from './cslItem';
import { plainTitle } from '../sources/titles';

/** CSL item type → biblatex entry type. Web texts are `@online`; anything unmapped is `@misc`. */
const ENTRY_TYPES: Record<string, string> = {
  webpage: 'online',
  post: 'online',
  'post-weblog': 'online',
  'article-magazine': 'article',
  'article-journal': 'article',
  'article-newspaper': 'article',
  book: 'book',
  chapter: 'incollection',
  'entry-encyclopedia': 'online',
  'entry-dictionary': 'online',
  report: 'report',
  thesis: 'thesis',
  'paper-conference': 'inproceedings',
};

/** Where the container goes in each entry type. */
const CONTAINER_FIELD: Record<string, string> = {
  online: 'organization',
  article: 'journal',
  incollection: 'booktitle',
  inproceedings: 'booktitle',
  book: 'series',
  report: 'institution',
  thesis: 'institution',
  misc: 'howpublished',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(date: CslDate): string | undefined {
  const parts = date['date-parts']?.[0];
  if (!parts) return undefined;
  return parts.map((part, i) => (i === 0 ? String(part).padStart(4, '0') : String(part).padStart(2, '0'))).join('-');
}

function names(meta: SourceMeta): string | undefined {
  if (!Array.isArray(meta.author)) return undefined;
  const list = meta.author
    .map((name) => {
      if (!name || typeof name !== 'object') return undefined;
      const literal = text(name.literal);
      // Double braces keep an institution's name whole ("National Union of Mineworkers", not "Mineworkers, N.").
      if (literal) return `{${escapeLatex(literal)}}`;
      const family = text(name.family);
      const given = text(name.given);
      if (family && given) return `${escapeLatex(family)}, ${escapeLatex(given)}`;
      return family || given ? `{${escapeLatex((family ?? given) as string)}}` : undefined;
    })
    .filter((name): name is string => !!name);
  return list.length > 0 ? list.join(' and ') : undefined;
}

/** A citation key BibTeX accepts: our keys already are; anything else is made safe rather than dropped. */
function bibKey(key: unknown): string {
  const safe = String(key ?? '').replace(/[^A-Za-z0-9_:.-]/g, '_');
  return safe === '' ? 'untitled' : safe;
}

/** One source as a biblatex entry (BibTeX-compatible: `year`/`month` beside `date`, `url`, `urldate`). */
export function bibtexEntry(meta: SourceMeta): string {
  const entryType = ENTRY_TYPES[text(meta.type) ?? ''] ?? 'misc';
  const fields: Array<[string, string]> = [];
  const author = names(meta);
  if (author) fields.push(['author', author]);
  // CSL's `<span class="nocase">` markup is not BibTeX's: the title's words are kept as written by the braces.
  const title = text(plainTitle(text(meta.title) ?? ''));
  // Inner braces keep the title's capitals ("Miners", "Pride") from a style's lower-casing.
  if (title) fields.push(['title', `{${escapeLatex(title)}}`]);
  const shortTitle = text(meta.shortTitle);
  if (shortTitle) fields.push(['shorttitle', `{${escapeLatex(shortTitle)}}`]);
  const container = text(meta.container);
  if (container) fields.push([CONTAINER_FIELD[entryType] ?? 'howpublished', escapeLatex(container)]);
  const publisher = text(meta.publisher);
  if (publisher) fields.push(['publisher', escapeLatex(publisher)]);
  const issued = parseDate(meta.date);
  if (issued) {
    const iso = isoDate(issued);
    if (iso) {
      const [year, month] = issued['date-parts']?.[0] ?? [];
      fields.push(['date', iso], ['year', String(year)]);
      if (month) fields.push(['month', MONTHS[month - 1]]);
    } else if (issued.literal) {
      fields.push(['note', escapeLatex(issued.literal)]);
    }
  }
  const url = text(meta.url);
  // `url` is read verbatim by biblatex and the url package: only braces would break the entry.
  if (url) fields.push(['url', url.replace(/\{/g, '%7B').replace(/\}/g, '%7D')]);
  const accessed = parseDate(meta.accessed);
  const accessedIso = accessed && isoDate(accessed);
  if (accessedIso) fields.push(['urldate', accessedIso]);
  const width = Math.max(...fields.map(([name]) => name.length), 0);
  const body = fields.map(([name, value]) => {
    const written = name === 'month' ? value : `{${value}}`;
    return `  ${name.padEnd(width)} = ${written}`;
  });
  return `@${entryType}{${bibKey(meta.key)},\n${body.join(',\n')}\n}`;
}

/** The sources as a .bib file, in the order given. */
export function exportBibtex(sources: readonly SourceMeta[]): string {
  return `${sources.map(bibtexEntry).join('\n\n')}\n`;
}
