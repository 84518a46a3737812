// Property tests of locators: whatever a writer types after a key, or writes after a key in a draft, the parser,
// every form and the draft reader give a locator or none — never throw, never print "undefined".
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Citations } from '../../../src/core/citations/citations';
import { readLocatorAt } from '../../../src/core/citations/locators';
import { locatorFor, parseCitationQuery } from '../../../src/core/search/citationQuery';
import { readDraft } from '../../../src/core/drafts/draftReader';
import { CSL_LOCATOR_LABELS, type CitationForm, type SourceMeta } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const tate: SourceMeta = { key: 'tate2017', title: 'Locators in Practice', author: [{ family: 'Tate', given: 'Ann' }], type: 'book', date: '2017' };
const LEAK = /undefined|null|NaN|\[object Object\]|\[CSL STYLE ERROR/;

/** What a writer might type after a key: terms, numbers, dashes, odd text. */
const typed = fc
  .array(
    fc.oneof(
      fc.constantFrom('p.', 'pp.', 'p', 'ch.', 'chap.', 'chapter', '§', '§§', '¶', 'para.', 'sec.', 'l.', 'll.', 'fig.', 'vol.', 's.v.', 'n.', 'at', 'v.', 'c.'),
      fc.constantFrom('45', '45–47', '45-47', '45--47', '12:30', 'xii', '3, 5', '—', '-', ',', ' ', '~', '2017', 'miners', 'tate2017'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(' '))
  .filter((value) => !/undefined|null|nan|object/i.test(value));

describe('Locators, for any text typed', () => {
  const citations = new Citations([tate]);
  before(async () => {
    for (const style of ['apa', 'modern-language-association', 'chicago-fullnote-bibliography']) assert.ok((await citations.prepare(style)).ok);
  });

  it('reads any text typed in Insert Citation without throwing, and any locator it finds cites in every form without "undefined"', () => {
    const forms: CitationForm[] = ['pandoc', 'latex', 'biblatex', 'plain', 'footnote'];
    fc.assert(
      fc.property(typed, fc.boolean(), (value, withText) => {
        const query = parseCitationQuery(`tate2017 ${value}`);
        const source = { paragraphs: withText ? [{ number: 1, text: 'x', line: 0, kind: 'text' as const }] : [], referenceOnly: !withText };
        const item = { key: 'tate2017', ...locatorFor(query, source) };
        for (const form of forms) {
          for (const style of ['apa', 'modern-language-association', 'chicago-fullnote-bibliography']) {
            const made = citations.citeSync({ style, items: [item], form });
            if (made.ok) assert.doesNotMatch(made.value, LEAK, `${JSON.stringify(value)} → ${made.value}`);
            else assert.ok(made.message.length > 0);
          }
        }
      }),
      params(150),
    );
  });

  it('gives any locator and label a cite item may carry a citation or an error that says what to write, never "undefined"', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom(...CSL_LOCATOR_LABELS, 'nonsense'), (locator, label) => {
        const made = citations.citeSync({ style: 'apa', items: [{ key: 'tate2017', locator, label: label as (typeof CSL_LOCATOR_LABELS)[number] }], form: 'plain' });
        if (made.ok) assert.doesNotMatch(made.value, LEAK);
        else assert.match(made.message, /locator|label/);
      }),
      params(300),
    );
  });

  it('reads a locator from any text in at most its first 200 characters, and a draft holding any of them without throwing', () => {
    fc.assert(
      fc.property(typed, fc.constantFrom('markdown', 'latex', 'plain') as fc.Arbitrary<'markdown' | 'latex' | 'plain'>, (value, format) => {
        const read = readLocatorAt(value);
        if (read) assert.ok(read.length <= Math.min(200, value.length) && read.locator.length > 0 && !read.locator.includes('undefined'));
        const draft = `A [@tate2017, ${value}] B \\autocite[${value}]{tate2017} (Tate, ${value}) C.[^1]\n\n[^1]: Tate, *Locators*, ${value}.\n`;
        for (const citation of readDraft(draft, format).citations) {
          for (const cite of citation.cites) {
            if (cite.locator !== undefined) assert.ok(cite.label !== undefined && cite.locator.length > 0);
          }
        }
      }),
      params(300),
    );
  });
});
