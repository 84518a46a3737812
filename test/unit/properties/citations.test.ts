// Property tests of citation formatting: for any metadata a source file could hold (or a careless caller could
// pass), every style, form and output gives a citation or an error value with a message, never throws, and never
// prints "undefined", "null" or "NaN" that the metadata did not contain.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Citations, type OutputFormat } from '../../../src/core/citations/citations';
import { exportBib } from '../../../src/core/citations/bibtex';
import { exportCslJson } from '../../../src/core/citations/cslItem';
import { bundledStyles } from '../../../src/core/citations/styles';
import type { CitationForm, CiteItem, Result, SourceMeta } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

/** What must never appear in a citation unless the writer typed it. */
const LEAK = /undefined|null|NaN|\[object Object\]|\[CSL STYLE ERROR/;

/** Text a writer might type, minus the words the leak check looks for. */
function clean(arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return arbitrary.filter((value) => !/undefined|null|nan|object/i.test(value));
}

const oddText = clean(
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        '   ',
        '\n',
        'Siân James',
        'Ó Briain',
        'محمد',
        'Łódź',
        '東京',
        '👩🏽‍🔬',
        'a\u0301',
        '\u202Eevil\u202C',
        '\uD800',
        '*bold* _it_ [link](command:workbench.action.quit) <script>',
        '\\cite{x} $x$ {}',
        '# heading',
        '> quote',
        '1. list',
        '&amp; &lt;',
        'Wikipedia contributors',
      ),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(700)) },
  ),
);

const oddDate = fc.oneof(
  fc.constantFrom('2025-02-15', '2014-11', '2015', '1984-02-29', '1985-02-29', '2025-13-01', '2025-02-30', '0000', '0001-01-01', '99999', '-0044', '15/02/2025', 'Feb 2025', 'circa 1984', '1984/85', '2025-02-15T10:00:00Z', '', '  '),
  clean(fc.string({ maxLength: 12 })),
  fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

/** Values of the wrong kind, as a hand-written object or bad YAML could give them. */
const wrongKind: fc.Arbitrary<unknown> = fc.constantFrom(undefined, null, Number.NaN, Infinity, 0, 42, true, [], {}, ['a'], { family: 'x' }, new Date(Number.NaN), new Date(0));

function field(text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: wrongKind });
}

const name = fc.oneof(
  { weight: 6, arbitrary: fc.record({ family: field(oddText), given: field(oddText), literal: field(oddText) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: wrongKind },
);

const types = fc.constantFrom('webpage', 'post-weblog', 'article-magazine', 'entry-encyclopedia', 'book', 'chapter', 'report', 'thesis', 'motion_picture', 'not-a-type', '', 'WEBPAGE');

function metaArbitrary(key: string): fc.Arbitrary<SourceMeta> {
  return fc
    .record(
      {
        title: field(oddText),
        author: fc.oneof({ weight: 6, arbitrary: fc.array(name, { maxLength: 4 }) }, { weight: 1, arbitrary: wrongKind }),
        container: field(oddText),
        type: field(types),
        date: field(oddDate),
        url: field(fc.oneof(fc.webUrl(), oddText)),
        accessed: field(oddDate),
        publisher: field(oddText),
        changing: fc.oneof(fc.boolean(), wrongKind),
        note: field(oddText),
      },
      { requiredKeys: [] },
    )
    .map((fields) => ({ key, ...fields }) as unknown as SourceMeta);
}

const locators: fc.Arbitrary<CiteItem['paragraph']> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 999 }),
  fc.constantFrom(0, -1, 1.5, Number.NaN, Infinity, '', '3-4', '3–4', ' 12 ', '4-3', 'abc', '1e3', '0', '9999999'),
);

/** Every string inside a value (objects and arrays walked), the texts a writer could have typed. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object' && !(value instanceof Date)) for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

const KEYS = ['alpha', 'beta:2024', 'gamma.b-c_d'];

describe('Property: citations for any metadata', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  const styleIds = bundledStyles().map((style) => style.id);
  const citations = new Citations([]);

  before(async function () {
    this.timeout(60000);
    for (const style of styleIds) {
      const prepared = await citations.prepare(style);
      assert.ok(prepared.ok, `style ${style} loads`);
    }
  });

  function assertResult(result: Result<string | string[]>, leakFree: boolean, what: string): void {
    if (!result.ok) {
      assert.equal(typeof result.message, 'string', `${what}: an error has a message`);
      assert.ok(result.message.trim().length > 0, `${what}: the message says something`);
      return;
    }
    const texts = typeof result.value === 'string' ? [result.value] : result.value;
    for (const text of texts) {
      assert.equal(typeof text, 'string', `${what}: a citation is text`);
      if (leakFree) assert.doesNotMatch(text, LEAK, `${what}: ${JSON.stringify(text).slice(0, 300)}`);
    }
  }

  it('gives a citation or an error value in every style, form and output, never "undefined", "null" or "NaN"', () => {
    fc.assert(
      fc.property(
        fc.tuple(metaArbitrary(KEYS[0]), metaArbitrary(KEYS[1]), metaArbitrary(KEYS[2])),
        fc.constantFrom(...styleIds),
        fc.array(fc.record({ key: fc.constantFrom(...KEYS, 'unknown-key'), paragraph: locators, speaker: fc.option(oddText, { nil: undefined }) }, { requiredKeys: ['key'] }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom<OutputFormat | undefined>(undefined, 'text', 'markdown', 'html', 'latex'),
        fc.subarray(KEYS),
        (metas, style, items, output, citedBefore) => {
          citations.setSources(metas);
          // The leak check applies when no text the writer typed contains the words; values of the wrong kind
          // (NaN, null, an invalid Date, an object) are checked too: they must never print as such.
          const leakFree = !stringsIn([metas, items]).some((text) => LEAK.test(text));
          for (const form of ['footnote', 'plain', 'pandoc', 'latex', 'biblatex'] as const) {
            const request = { style, items, form, citedBefore, ...(output ? { output } : {}) };
            const citation = citations.citeSync(request);
            assertResult(citation, leakFree, `${style} ${form} ${output ?? 'default'}`);
            if (items.some((item) => item.key === 'unknown-key')) assert.equal(citation.ok, false, 'an unknown key is an error value');
          }
          assertResult(citations.bibliographySync(style, KEYS, output ?? 'text'), leakFree, `${style} bibliography`);
          const exported = [exportBib(metas, { flavour: 'biblatex' }), exportBib(metas, { flavour: 'bibtex' }), exportCslJson(metas)];
          if (leakFree) for (const text of exported) assert.doesNotMatch(text, LEAK, text.slice(0, 300));
        },
      ),
      params(200),
    );
  });

  it('gives an error value, not an exception, for requests no caller should make', () => {
    const requests = fc.record({
      style: fc.oneof(fc.constantFrom(...styleIds), fc.constantFrom('', 'no-such-style', '__proto__', 'constructor')),
      items: fc.oneof(fc.constant([] as CiteItem[]), fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...KEYS), oddText) }), { maxLength: 2 })),
      form: fc.constantFrom('footnote', 'plain', 'pandoc', 'latex', 'biblatex', 'html', '', 'FOOTNOTE') as fc.Arbitrary<CitationForm>,
    });
    fc.assert(
      fc.property(fc.tuple(metaArbitrary(KEYS[0]), metaArbitrary(KEYS[1]), metaArbitrary(KEYS[2])), requests, (metas, request) => {
        citations.setSources(metas);
        const result = citations.citeSync(request);
        assertResult(result, false, JSON.stringify(request));
        if (!styleIds.includes(request.style) || request.items.length === 0) assert.equal(result.ok, false, 'no style or no item is an error value');
        assertResult(citations.bibliographySync(request.style, (request.items as CiteItem[]).map((item) => item.key)), false, 'bibliography');
      }),
      params(120),
    );
  });
});
