// The bundled styles' engines built with their sort keys' macros shared (src/core/citations/sortMacros.ts) format
// exactly as engines built as citeproc-js builds them: the same sort keys for items of every CSL type with every kind
// of contributor, the same engine settings, and the same citations and bibliographies of the corpus, the test
// library and those items (locators, repeated notes, "2014a"/"2014b", every output format).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import CSL from 'citeproc';
import type { CiteprocEngine } from 'citeproc';
import { Citations, type OutputFormat } from '../../../src/core/citations/citations';
import { CSL_TYPES, type CslItem } from '../../../src/core/citations/cslItem';
import { installSortMacroSharing, withSharedSortMacros } from '../../../src/core/citations/sortMacros';
import { bundledStyles, loadBundledStyle, loadLocales } from '../../../src/core/citations/styles';
import { loadReferenceFile } from '../../../src/core/references/referenceFiles';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import type { Name, SourceMeta } from '../../../src/core/types';

installSortMacroSharing(CSL);
const STYLES = bundledStyles().map((style) => style.id);

const PEOPLE: Name[] = [
  { family: 'Byrne', given: 'Liam' },
  { family: 'Robinson', given: 'Lucy' },
  { family: 'Kelliher', given: 'Diarmaid' },
  { family: 'Frost', given: 'Diane' },
];

/** Who made a work, in each form the styles' name macros and substitutes tell apart. */
const CONTRIBUTORS: Record<string, Record<string, unknown>> = {
  author: { author: [PEOPLE[0]] },
  fourAuthors: { author: PEOPLE },
  organisation: { author: [{ literal: 'Lesbians and Gays Support the Miners' }] },
  editors: { editor: PEOPLE.slice(1, 3) },
  translator: { translator: [PEOPLE[3]] },
  director: { director: [PEOPLE[2]] },
  composer: { composer: [PEOPLE[1]], author: [PEOPLE[0]] },
  none: {},
};

/** Facts, from a bare title to a full record; the last has no title at all. */
const FACTS: Array<Record<string, unknown>> = [
  { title: 'Pride and prejudice' },
  {
    title: 'Gay men and the left in post-war Britain: how the personal got political',
    'container-title': 'Overland',
    'collection-title': 'Studies in Labour History',
    volume: '12',
    issue: '3',
    page: '201-204',
    publisher: 'Manchester University Press',
    'publisher-place': 'Manchester',
    edition: '2',
    number: '7',
    genre: 'PhD thesis',
    medium: 'Film',
    issued: { 'date-parts': [[2014, 11]] },
    URL: 'https://overland.org.au/2014/11/pride-and-prejudice/',
    DOI: '10.1000/xyz123',
  },
  { 'container-title': 'The Guardian', issued: { 'date-parts': [[2015]] }, status: 'in press' },
];

function syntheticItems(): CslItem[] {
  const items: CslItem[] = [];
  for (const type of CSL_TYPES) {
    for (const [who, names] of Object.entries(CONTRIBUTORS)) {
      // The facts taken in turn: each type meets each kind of contributor, and each kind each set of facts.
      const i = items.length % FACTS.length;
      items.push({ id: `${type}-${who}-${i}`, type, ...names, ...FACTS[i] });
    }
  }
  return items;
}

/** An engine for a bundled style, built as citeproc-js builds it or with the sort keys' macros shared. */
function engine(styleId: string, shared: boolean, items: Map<string, CslItem>): CiteprocEngine {
  const style = loadBundledStyle(styleId);
  assert.ok(style.ok);
  const locales = loadLocales();
  const sys = { retrieveItem: (id: string) => items.get(id), retrieveLocale: (lang: string) => locales[lang] ?? locales['en-US'] };
  const make = () => new CSL.Engine(sys, style.value.csl);
  return shared ? withSharedSortMacros(make) : make();
}

type Internal = CiteprocEngine & Record<string, { tokens: unknown[] } & Record<string, unknown>>;

const sortTokens = (built: CiteprocEngine): number =>
  (built as Internal).citation_sort.tokens.length + (built as Internal).bibliography_sort.tokens.length;

/** The engine's settings after its build, functions and patterns as their source text. */
function settings(built: CiteprocEngine): string {
  const state = built as Internal;
  const picked = {
    opt: state.opt,
    citation: state.citation.opt,
    bibliography: state.bibliography.opt,
    citationSort: state.citation_sort.opt,
    bibliographySort: state.bibliography_sort.opt,
    build: state.build,
    macros: Object.keys(state.macros as object).sort(),
  };
  // Keys in order: a flag may be set at another moment of the build (`has_institution`, in a list's configuration).
  return JSON.stringify(picked, (_key, value: unknown) => {
    if (typeof value === 'function' || value instanceof RegExp) return String(value);
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
    return value;
  });
}

describe('Sort keys with shared macros (sortMacros.ts)', () => {
  const items = new Map(syntheticItems().map((item) => [item.id, item]));

  it('builds APA’s sort keys from shared macro lists, not 52,000 copied tokens', () => {
    const own = engine('apa', false, items);
    const shared = engine('apa', true, items);
    assert.ok(sortTokens(own) > 10_000, `citeproc-js's own build: ${sortTokens(own)} sort tokens`);
    assert.ok(sortTokens(shared) < 200, `shared: ${sortTokens(shared)} sort tokens`);
  });

  for (const styleId of STYLES) {
    it(`gives ${styleId} the same settings and the same sort keys for ${items.size} items of every type`, function () {
      this.timeout(60_000);
      const own = engine(styleId, false, items);
      const shared = engine(styleId, true, items);
      assert.equal(settings(shared), settings(own));
      const ids = [...items.keys()];
      const keysOf = (built: CiteprocEngine, id: string, area: string) =>
        [...(CSL as unknown as { getSortKeys: (this: CiteprocEngine, item: unknown, area: string) => string[] }).getSortKeys.call(built, items.get(id), area)];
      let compared = 0;
      // Registered a few at a time: a year suffix is in the keys, and disambiguating hundreds at once takes seconds.
      for (let start = 0; start < ids.length; start += 24) {
        const batch = ids.slice(start, start + 24);
        own.updateItems(batch);
        shared.updateItems(batch);
        for (const id of batch) {
          for (const area of ['citation_sort', 'bibliography_sort']) {
            const expected = keysOf(own, id, area);
            assert.deepEqual(keysOf(shared, id, area), expected, `${styleId} ${area} ${id}`);
            if (expected.some((key) => key !== undefined)) compared++;
          }
        }
      }
      assert.ok(compared > ids.length / 2, `${compared} sort keys compared`);
    });
  }
});

/** The corpus, the test library (CSL-JSON) and the synthetic items as sources, with two "Byrne 2014"s. */
async function library(): Promise<SourceMeta[]> {
  const corpus = bundledData().sources.map((source) => source.meta);
  const file = path.join(__dirname, '..', '..', 'fixtures', 'library', 'library.json');
  const set = await loadReferenceFile(fs.readFileSync(file, 'utf8'), file);
  const fromFile = set.sources.map((source) => ({ ...source.meta, key: `lib-${source.meta.key}` }));
  // Every third synthetic item (120, of every kind of contributor and set of facts), to keep the test short.
  const synthetic = syntheticItems().filter((_item, i) => i % 3 === 0).map((item): SourceMeta => {
    const { id, type, title, author, editor, issued, URL, ...csl } = item;
    const date = (issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0].map((part) => String(part).padStart(2, '0')).join('-');
    return {
      key: id,
      type,
      title: (title as string | undefined) ?? '',
      author: (author as Name[] | undefined) ?? [],
      ...(editor ? { editor: editor as Name[] } : {}),
      ...(date ? { date } : {}),
      ...(URL ? { url: URL as string } : {}),
      csl,
    };
  });
  const twin: SourceMeta = { key: 'byrne2014-twin', type: 'article-magazine', title: 'Solidarity forever', author: [{ family: 'Byrne', given: 'Liam' }], date: '2014-05', container: 'Overland' };
  return [...corpus, ...fromFile, twin, ...synthetic];
}

describe('Citations with shared sort macros', () => {
  for (const styleId of STYLES) {
    it(`formats ${styleId}'s citations and bibliographies exactly as citeproc-js's own build`, async function () {
      this.timeout(60_000);
      const sources = await library();
      const shared = new Citations(sources);
      const own = new Citations(sources, { shareSortMacros: false });
      const keys = sources.map((source) => source.key);
      const outputs: OutputFormat[] = ['text', 'markdown', 'html', 'latex'];
      for (const output of outputs) {
        const [a, b] = await Promise.all([own.bibliography(styleId, undefined, output), shared.bibliography(styleId, undefined, output)]);
        assert.ok(a.ok && b.ok);
        assert.deepEqual(b.value, a.value, `${styleId} bibliography (${output})`);
        assert.ok(a.value.length > 50);
      }
      const requests = [
        { items: [{ key: 'crossan2025', paragraph: 4 }] },
        { items: [{ key: 'byrne2014', paragraph: 17, speaker: 'Siân James' }, { key: 'byrne2014-twin' }] },
        { items: [{ key: 'lib-robinson2007', page: '45-47' }, { key: 'wikipedia-lgsm' }], citedBefore: ['lib-robinson2007'] },
        ...keys.filter((_key, i) => i % 7 === 0).map((key, i) => ({ items: [{ key, paragraph: i + 1 }], citedBefore: i % 2 ? [key] : [] })),
      ];
      for (const request of requests) {
        for (const form of ['plain', 'footnote'] as const) {
          const call = { style: styleId, form, cited: keys, ...request };
          const [a, b] = await Promise.all([own.cite(call), shared.cite(call)]);
          assert.ok(a.ok, a.ok ? '' : a.message);
          assert.deepEqual(b, a, `${styleId} ${form} ${JSON.stringify(request)}`);
        }
      }
    });
  }
});
