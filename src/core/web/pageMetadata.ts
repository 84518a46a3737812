// The bibliographic facts a web page states about itself, read in the order Zotero's embedded-metadata translator
// trusts them: Highwire Press `citation_*` tags, then JSON-LD (schema.org `Article`, `NewsArticle`, `BlogPosting`,
// … in `@graph`s and arrays), Dublin Core (`DC.*`, `dcterms.*`), OpenGraph (`og:*`) and `article:*`, a
// `<meta name="author">`, the first `<time datetime>` of the page, and last the byline the article shows. Each
// fact says where it came from. A fact no source states is absent: the date is never read from the address, the
// author never made up from the site's name.
import type { Name } from '../types';
import type { DomDocument, DomElement } from './dom';
import { visibleText } from './dom';

export interface Fact<T> {
  value: T;
  /** Where the page states it: `citation_title`, `JSON-LD NewsArticle headline`, `byline`, … */
  from: string;
}

export interface PageFacts {
  title?: Fact<string>;
  author?: Fact<Name[]>;
  date?: Fact<string>;
  container?: Fact<string>;
  type: Fact<string>;
  url: Fact<string>;
}

/** What the article reader saw (Readability): the byline it found in the text, and its title. */
export interface ArticleHints {
  byline?: string;
  title?: string;
}

type Json = Record<string, unknown>;

/** The page's facts. `finalUrl` is the address the page came from after redirects. */
export function readPageFacts(document: DomDocument, finalUrl: string, hints: ArticleHints = {}): PageFacts {
  const meta = metaTags(document);
  const jsonLd = articleJsonLd(document);
  const ld = jsonLd.article;
  const ldType = ld ? typeName(ld) : undefined;
  const ldFrom = (field: string) => `JSON-LD ${ldType ?? 'Article'} ${field}`;

  const container =
    first(meta, 'citation_journal_title', 'citation_conference_title', 'citation_book_title') ??
    ldContainer(ld, jsonLd.website) ??
    first(meta, 'og:site_name', 'application-name');

  const title =
    first(meta, 'citation_title') ??
    ldString(ld, 'headline', ldFrom) ??
    ldString(ld, 'name', ldFrom) ??
    first(meta, 'dc.title', 'dcterms.title') ??
    withoutSiteName(first(meta, 'og:title', 'twitter:title'), container?.value) ??
    (hints.title ? withoutSiteName({ value: hints.title, from: 'the article’s heading' }, container?.value) : undefined) ??
    withoutSiteName(document.title ? { value: visibleText(document.title), from: '<title>' } : undefined, container?.value);

  const author =
    highwireAuthors(meta) ??
    ldAuthors(ld, ldFrom) ??
    nameList(meta, ['dc.creator', 'dcterms.creator']) ??
    nameList(meta, ['article:author', 'author']) ??
    bylineAuthors(hints.byline);

  const date =
    isoFact(first(meta, 'citation_publication_date', 'citation_date', 'citation_online_date')) ??
    isoFact(ldString(ld, 'datePublished', ldFrom)) ??
    isoFact(first(meta, 'dc.date', 'dcterms.date', 'dcterms.issued', 'dc.date.issued')) ??
    isoFact(first(meta, 'article:published_time')) ??
    timeElement(document);

  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  const canonicalUrl = canonical ? absolute(canonical, finalUrl) : undefined;
  const ogUrl = first(meta, 'og:url');
  const url: Fact<string> = canonicalUrl
    ? { value: canonicalUrl, from: '<link rel="canonical">' }
    : ogUrl && absolute(ogUrl.value, finalUrl)
      ? { value: absolute(ogUrl.value, finalUrl) as string, from: 'og:url' }
      : { value: finalUrl, from: 'the address the page came from (after redirects)' };

  const facts: PageFacts = { type: itemType(meta, ld, jsonLd.periodical), url };
  if (title) facts.title = title;
  if (author) facts.author = author;
  if (date) facts.date = date;
  if (container) facts.container = container;
  return facts;
}

// ------------------------------------------------------------------------------------------------------------
// <meta> tags

/** Every `<meta>`'s values by its lower-cased `name` or `property`, in page order. */
function metaTags(document: DomDocument): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const element of Array.from(document.querySelectorAll('meta'))) {
    const name = (element.getAttribute('name') ?? element.getAttribute('property') ?? '').trim().toLowerCase();
    const content = visibleText(element.getAttribute('content'));
    if (!name || !content) continue;
    tags.set(name, [...(tags.get(name) ?? []), content]);
  }
  return tags;
}

function first(meta: Map<string, string[]>, ...names: string[]): Fact<string> | undefined {
  for (const name of names) {
    const value = meta.get(name)?.[0];
    if (value) return { value, from: name };
  }
  return undefined;
}

function highwireAuthors(meta: Map<string, string[]>): Fact<Name[]> | undefined {
  const names = meta.get('citation_author') ?? [];
  return names.length > 0 ? { value: names.map((name) => personName(name)), from: 'citation_author' } : undefined;
}

function nameList(meta: Map<string, string[]>, fields: string[]): Fact<Name[]> | undefined {
  for (const field of fields) {
    // `article:author` is often the address of an author's page, not a name.
    const names = (meta.get(field) ?? []).filter((name) => !/^https?:\/\//i.test(name));
    if (names.length > 0) return { value: names.map((name) => personName(name)), from: field };
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------------------
// JSON-LD

const ARTICLE_TYPES = new Set([
  'article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle', 'reviewnewsarticle',
  'backgroundnewsarticle', 'blogposting', 'liveblogposting', 'socialmediaposting', 'scholarlyarticle', 'techarticle',
  'report', 'review', 'criticreview', 'webpage', 'itempage',
]);
const PERIODICAL_TYPES = new Set(['periodical', 'publicationissue', 'publicationvolume', 'newspaper']);

/** The page's article object (the first of the article types; a WebPage only when nothing better), its site, and a periodical it is part of. */
function articleJsonLd(document: DomDocument): { article?: Json; website?: Json; periodical?: Json } {
  const objects: Json[] = [];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse(script.textContent ?? ''), objects, 0);
    } catch {
      // A broken block states nothing.
    }
  }
  const types = (object: Json) => asArray(object['@type']).map((type) => String(type).toLowerCase());
  const isArticle = (object: Json) => types(object).some((type) => ARTICLE_TYPES.has(type) && type !== 'webpage' && type !== 'itempage');
  const article = objects.find(isArticle) ?? objects.find((object) => types(object).some((type) => ARTICLE_TYPES.has(type)));
  const website = objects.find((object) => types(object).includes('website'));
  let periodical: Json | undefined;
  for (let part = article?.isPartOf as Json | undefined, depth = 0; part && typeof part === 'object' && depth < 4; part = part.isPartOf as Json | undefined, depth++) {
    if (types(part).some((type) => PERIODICAL_TYPES.has(type))) periodical = part;
  }
  return { article, website, periodical };
}

function collect(value: unknown, into: Json[], depth: number): void {
  if (depth > 6 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
    return;
  }
  const object = value as Json;
  if (object['@type']) into.push(object);
  if (object['@graph']) collect(object['@graph'], into, depth + 1);
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

function typeName(object: Json): string {
  return String(asArray(object['@type'])[0] ?? 'Article');
}

function ldString(ld: Json | undefined, field: string, from: (field: string) => string): Fact<string> | undefined {
  const value = ld ? asArray(ld[field])[0] : undefined;
  const text = typeof value === 'string' ? visibleText(value) : '';
  return text ? { value: text, from: from(field) } : undefined;
}

function ldAuthors(ld: Json | undefined, from: (field: string) => string): Fact<Name[]> | undefined {
  const names: Name[] = [];
  for (const author of asArray(ld?.author)) {
    if (typeof author === 'string') {
      if (visibleText(author)) names.push(personName(author));
      continue;
    }
    if (!author || typeof author !== 'object') continue;
    const object = author as Json;
    const name = typeof object.name === 'string' ? visibleText(object.name) : '';
    const isPerson = asArray(object['@type']).some((type) => String(type).toLowerCase() === 'person');
    if (isPerson && (typeof object.familyName === 'string' || typeof object.givenName === 'string')) {
      const family = visibleText(String(object.familyName ?? ''));
      const given = visibleText(String(object.givenName ?? ''));
      if (family) names.push(given ? { family, given } : { family });
      else if (name) names.push(personName(name));
    } else if (name) {
      names.push(isPerson ? personName(name) : { literal: name });
    }
  }
  return names.length > 0 ? { value: names, from: from('author') } : undefined;
}

function ldContainer(ld: Json | undefined, website: Json | undefined): Fact<string> | undefined {
  for (let part = ld?.isPartOf as Json | undefined, depth = 0; part && typeof part === 'object' && depth < 4; part = part.isPartOf as Json | undefined, depth++) {
    const types = asArray(part['@type']).map((type) => String(type).toLowerCase());
    if (types.some((type) => PERIODICAL_TYPES.has(type) && type !== 'publicationissue' && type !== 'publicationvolume') && typeof part.name === 'string' && visibleText(part.name)) {
      return { value: visibleText(part.name), from: `JSON-LD ${typeName(part)} name` };
    }
  }
  if (website && typeof website.name === 'string' && visibleText(website.name)) return { value: visibleText(website.name), from: 'JSON-LD WebSite name' };
  return undefined;
}

// ------------------------------------------------------------------------------------------------------------
// Type, dates, names

/** The CSL type the page states: a periodical's article, a news article, a blog post; otherwise a web page. */
function itemType(meta: Map<string, string[]>, ld: Json | undefined, periodical: Json | undefined): Fact<string> {
  if (meta.has('citation_journal_title')) return { value: 'article-journal', from: 'citation_journal_title' };
  const types = ld ? asArray(ld['@type']).map((type) => String(type).toLowerCase()) : [];
  const from = `JSON-LD @type ${ld ? typeName(ld) : ''}`;
  if (types.some((type) => type.endsWith('newsarticle'))) return { value: 'article-newspaper', from };
  if (types.some((type) => type === 'blogposting' || type === 'liveblogposting')) return { value: 'post-weblog', from };
  if (types.includes('scholarlyarticle')) return { value: 'article-journal', from };
  if (periodical) {
    const periodicalType = typeName(periodical).toLowerCase();
    if (periodicalType === 'newspaper') return { value: 'article-newspaper', from: 'JSON-LD isPartOf Newspaper' };
    return { value: 'article-magazine', from: `JSON-LD isPartOf ${typeName(periodical)}` };
  }
  return { value: 'webpage', from: 'no other type stated' };
}

/** An ISO date as precise as the page states it: `2014-11-03`, `2014-11`, `2014`; else nothing. */
export function isoDate(text: string): string | undefined {
  const found = /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:$|[T\s])/.exec(text);
  if (!found) return undefined;
  const [, year, month, day] = found;
  if (month && (Number(month) < 1 || Number(month) > 12)) return undefined;
  if (day && (Number(day) < 1 || Number(day) > 31)) return undefined;
  return [year, month?.padStart(2, '0'), day?.padStart(2, '0')].filter(Boolean).join('-');
}

function isoFact(fact: Fact<string> | undefined): Fact<string> | undefined {
  const value = fact ? isoDate(fact.value) : undefined;
  return fact && value ? { value, from: fact.from } : undefined;
}

/** The first `<time datetime>` that is not in a comment, a footer or a sidebar. */
function timeElement(document: DomDocument): Fact<string> | undefined {
  for (const time of Array.from(document.querySelectorAll('time[datetime]'))) {
    if (inChrome(time)) continue;
    const value = isoDate(time.getAttribute('datetime') ?? '');
    if (value) return { value, from: '<time datetime>' };
  }
  return undefined;
}

function inChrome(element: DomElement): boolean {
  for (let node: DomElement | null = element, depth = 0; node && depth < 30; node = node.parentElement, depth++) {
    const tag = node.tagName.toLowerCase();
    if (tag === 'footer' || tag === 'aside' || tag === 'nav') return true;
    const marks = `${node.getAttribute('class') ?? ''} ${node.getAttribute('id') ?? ''}`.toLowerCase();
    if (/comment|related|sidebar/.test(marks)) return true;
  }
  return false;
}

/** "Family, Given" or "Given Family"; one word alone is printed as it is. */
export function personName(text: string): Name {
  const name = visibleText(text);
  const comma = name.indexOf(',');
  if (comma > 0) return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
  const words = name.split(' ');
  if (words.length < 2) return { literal: name };
  // "Ursula K. Le Guin", "Ludwig van Beethoven": a lower-case particle and what follows are the family name.
  let familyStart = words.length - 1;
  while (familyStart > 1 && /^(van|von|de|der|den|del|della|di|da|du|le|la|ten|ter)$/i.test(words[familyStart - 1])) familyStart--;
  return { family: words.slice(familyStart).join(' '), given: words.slice(0, familyStart).join(' ') };
}

/** The byline the article shows: "By Ann Example and Bo Other" → two people. */
function bylineAuthors(byline: string | undefined): Fact<Name[]> | undefined {
  const text = visibleText(byline)
    .replace(/^(written\s+)?by\s+/i, '')
    .split(/\s[|·•–—]\s/)[0]
    .trim();
  if (!text || text.length > 200) return undefined;
  const names = text.split(/,|&|\band\b/i).map((name) => name.trim()).filter((name) => name && !/\d/.test(name));
  return names.length > 0 ? { value: names.map((name) => personName(name)), from: 'byline' } : undefined;
}

/** A title without the site's name glued to it ("Pride and Prejudice | Overland" → "Pride and Prejudice"). */
function withoutSiteName(fact: Fact<string> | undefined, site: string | undefined): Fact<string> | undefined {
  if (!fact || !site) return fact;
  const value = fact.value;
  const lower = value.toLowerCase();
  const name = site.toLowerCase();
  let trimmed = value;
  for (const separator of [' | ', ' - ', ' – ', ' — ', ' : ', ' · ', ' • ']) {
    if (lower.endsWith(`${separator}${name}`)) trimmed = value.slice(0, value.length - separator.length - name.length).trim();
    else if (lower.startsWith(`${name}${separator}`)) trimmed = value.slice(name.length + separator.length).trim();
  }
  return trimmed && trimmed !== fact.value ? { value: trimmed, from: `${fact.from}, without the site’s name` } : fact;
}

function absolute(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
