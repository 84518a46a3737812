// Property tests of what the citation commands write into a draft: the bibliography block (written once, replaced,
// never duplicated, no word of the draft lost), footnote labels that never collide, quotation text, and reading the
// citations back from any text.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bibliographyBlock, bibliographyEdit } from '../../../src/core/drafts/bibliographyBlock';
import { citedKeys, parsePandocCitation } from '../../../src/core/drafts/draftCitations';
import { nextFootnoteLabel } from '../../../src/core/drafts/footnotes';
import { quotationText } from '../../../src/core/quotations/quotationText';
import type { DraftFormat } from '../../../src/core/drafts/draftReader';
import type { SourceMeta } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const SOURCES: SourceMeta[] = [
  { key: 'crossan2025', title: 'An ode to solidarity and organisation', author: [{ family: 'Crossan', given: 'Elliot' }], type: 'webpage', date: '2025' },
  { key: 'byrne2014', title: 'Pride and prejudice', author: [{ family: 'Byrne', given: 'Liam' }], type: 'article-magazine', date: '2014' },
  { key: 'wikipedia-lgsm', title: 'LGSM', author: [], type: 'entry-encyclopedia' },
];

/** Lines a draft is made of: prose, citations, footnotes, LaTeX, blank lines, markup. */
const line = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Prose with a citation [@crossan2025, para. 4].',
      'A note.[^1] Another.[^7]',
      '[^1]: Crossan 2025, para. 4.',
      '[^2]: Byrne 2014.',
      '    continued note text',
      '\\begin{document}',
      '\\end{document}',
      'See \\cite[para.~3]{byrne2014,wikipedia-lgsm}.',
      '> a block quotation',
      '<!-- a comment [@byrne2014] -->',
      '[@', '@crossan2025.', '[^', ']:',
    ),
  },
);
const draft = fc
  .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, finalEol]) => lines.join(eol) + (finalEol ? eol : ''))
  .filter((text) => !text.includes('sourcebook:bibliography'));
const format = fc.constantFrom<DraftFormat>('markdown', 'latex', 'plain');
const entries = fc.array(fc.string({ maxLength: 30 }).map((s) => s.replace(/sourcebook:bibliography/g, '')), { minLength: 1, maxLength: 4 });

const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

describe('Properties of the text the citation commands write', () => {
  it('writes the bibliography once, replaces it on the next run, and keeps every word of the draft', () => {
    fc.assert(
      fc.property(draft, format, entries, entries, (text, fmt, first, second) => {
        const apply = (base: string, list: string[]) => {
          const block = bibliographyBlock({ format: fmt, heading: 'References', entries: list, eol: base.includes('\r\n') ? '\r\n' : '\n' });
          const edit = bibliographyEdit(base, block, fmt);
          assert.ok(edit.ok, edit.ok ? '' : edit.message);
          return { result: base.slice(0, edit.value.start) + edit.value.text + base.slice(edit.value.end), block };
        };
        const once = apply(text, first);
        assert.equal(once.result.split('sourcebook:bibliography:start').length, 2);
        assert.deepEqual(words(once.result.replace(once.block, ' ')), words(text), 'no word of the draft is lost or moved out of order');
        const twice = apply(once.result, second);
        assert.equal(twice.result.split('sourcebook:bibliography:start').length, 2);
        assert.deepEqual(words(twice.result.replace(twice.block, ' ')), words(text));
        assert.equal(apply(twice.result, second).result, twice.result, 'the same bibliography again changes nothing');
      }),
      params(1500),
    );
  });

  it('gives a new footnote a label no reference or note already uses', () => {
    const labels = fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constantFrom('a', 'note', '1a')), { maxLength: 8 });
    fc.assert(
      fc.property(draft, labels, labels, (text, refs, defs) => {
        const full = `${text}\n${refs.map((l) => `x[^${l}]`).join(' ')}\n\n${defs.map((l) => `[^${l}]: note`).join('\n')}\n`;
        const label = nextFootnoteLabel(full);
        assert.ok(!full.includes(`[^${label}]`), `label ${label} is already used`);
      }),
      params(1500),
    );
  });

  it('writes any quoted words inline or as a block, whole, never breaking the quotation over lines', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), format, fc.constantFrom<'auto' | 'inline' | 'block'>('auto', 'inline', 'block'), fc.string({ maxLength: 20 }), (quoted, fmt, form, before) => {
        const text = quotationText({ words: quoted, format: fmt, form, blockWords: 5, citation: '[@crossan2025]', lineBefore: before.replace(/[\r\n]/g, '') });
        const inline = !text.includes('\n');
        if (form === 'inline') assert.ok(inline, 'an inline quotation stays on one line');
        assert.ok(text.includes('[@crossan2025]'));
        if (fmt !== 'latex') {
          for (const word of words(quoted).slice(1, -1)) {
            if (!/[“”"‘’'«»„]/.test(word)) assert.ok(text.includes(word), `the word "${word}" is kept`);
          }
        }
      }),
      params(1500),
    );
  });

  it('reads citations back from any text without failing, at offsets inside it, naming only known sources', () => {
    fc.assert(
      fc.property(draft, format, fc.nat(200), (text, fmt, at) => {
        for (const cited of citedKeys(text, SOURCES, fmt)) {
          assert.ok(cited.offset >= 0 && cited.offset < text.length);
          assert.ok(SOURCES.some((s) => s.key === cited.key));
        }
        const parsed = parsePandocCitation(text, Math.min(at, text.length));
        if (parsed) {
          assert.ok(parsed.end <= text.length && parsed.start < parsed.end);
          assert.ok(parsed.items.length > 0);
        }
      }),
      params(1500),
    );
  });
});
