// Exports a writer takes to Pandoc, Zotero or LaTeX, a writer's own .csl style, and metadata no one checked.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { exportBib } from '../../../src/core/citations/bibtex';
import { Citations } from '../../../src/core/citations/citations';
import { exportCslJson, parseDate } from '../../../src/core/citations/cslItem';
import { escapeMarkdownLineStart } from '../../../src/core/citations/forms';
import type { SourceMeta } from '../../../src/core/types';
import { MINIMAL_STYLE } from '../../fixtures/minimalStyle';

// The bundled sources' facts (corpus/sources), titles in sentence case as CSL stores them.
const crossan: SourceMeta = {
  key: 'crossan2025',
  title: 'An ode to solidarity and organisation',
  author: [{ family: 'Crossan', given: 'Elliot' }],
  container: 'System Change Aotearoa',
  type: 'webpage',
  date: '2025-02-15',
  url: 'https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/',
  accessed: '2026-11-20',
};
const wikipedia: SourceMeta = {
  key: 'wikipedia-lgsm',
  title: 'Lesbians and Gays Support the Miners',
  // Unsigned: no author.
  author: [],
  container: 'Wikipedia',
  type: 'entry-encyclopedia',
  url: 'https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners',
  accessed: '2026-11-20',
  changing: true,
};
const byrne: SourceMeta = {
  key: 'byrne2014',
  title: 'Pride and prejudice',
  author: [{ family: 'Byrne', given: 'Liam' }],
  container: 'Overland',
  type: 'article-magazine',
  date: '2014-11',
  url: 'https://overland.org.au/2014/11/pride-and-prejudice/',
  accessed: '2026-11-20',
};

describe('Exporting the library', () => {
  it('exports CSL-JSON that Pandoc and Zotero read: dates as date-parts, the access date, no empty fields', () => {
    const items = JSON.parse(exportCslJson([crossan, wikipedia])) as Array<Record<string, unknown>>;
    assert.deepEqual(items[0], {
      id: 'crossan2025',
      type: 'webpage',
      title: 'An ode to solidarity and organisation',
      author: [{ family: 'Crossan', given: 'Elliot' }],
      'container-title': 'System Change Aotearoa',
      issued: { 'date-parts': [[2025, 2, 15]] },
      accessed: { 'date-parts': [[2026, 11, 20]] },
      URL: 'https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/',
    });
    assert.equal(items[1].issued, undefined);
    assert.deepEqual(items[1].accessed, { 'date-parts': [[2026, 11, 20]] });
    assert.equal(items[1].author, undefined, 'an unsigned work has no author');
  });

  it('reads dates as precise as they are known, and keeps an odd date as written', () => {
    assert.deepEqual(parseDate('2014-11'), { 'date-parts': [[2014, 11]] });
    assert.deepEqual(parseDate('2015'), { 'date-parts': [[2015]] });
    assert.deepEqual(parseDate('2025-02-30'), { literal: '2025-02-30' });
    assert.deepEqual(parseDate('summer 1985'), { literal: 'summer 1985' });
    assert.equal(parseDate(''), undefined);
  });
});

describe('A writer’s own .csl style', () => {
  it('adds a valid style under its own id and cites with it', async () => {
    const citations = new Citations([crossan, byrne]);
    const added = await citations.addStyle(MINIMAL_STYLE);
    assert.ok(added.ok, added.ok ? '' : added.message);
    assert.deepEqual(added.value, { id: 'writers-own', title: 'Writer\'s Own Style', class: 'in-text', bundled: false });
    assert.ok(citations.styles().some((style) => style.id === 'writers-own'));
    const cited = await citations.cite({ style: 'writers-own', form: 'plain', items: [{ key: 'crossan2025', paragraph: 4 }, { key: 'byrne2014' }] });
    assert.deepEqual(cited, { ok: true, value: '[Crossan para. 4; Byrne]' });
  });

  it('names the problem in a style whose tags do not match, with its line', async () => {
    const broken = MINIMAL_STYLE.replace('</citation>', '</citaton>');
    const result = await new Citations([crossan]).addStyle(broken);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.message, 'The style is not valid CSL: <citation> (line 8) is closed by </citaton> (line 15).');
    assert.equal(result.ok ? -1 : result.line, 14);
  });

  it('names the problem in a file that is not a CSL style', async () => {
    const citations = new Citations([crossan]);
    const notCsl = await citations.addStyle('<html><body>Not a style</body></html>');
    assert.match(notCsl.ok ? '' : notCsl.message, /root element is <html>, not <style>/);
    const noClass = await citations.addStyle(MINIMAL_STYLE.replace(' class="in-text"', ''));
    assert.match(noClass.ok ? '' : noClass.message, /needs class="in-text" or class="note"/);
    const unquoted = await citations.addStyle(MINIMAL_STYLE.replace('version="1.0">', 'version=1.0>'));
    assert.match(unquoted.ok ? '' : unquoted.message, /attribute of <style> is malformed/);
    const empty = await citations.addStyle('');
    assert.equal(empty.ok, false);
  });

  it('reports a well-formed style the CSL engine cannot use, naming the style', async () => {
    const bogus = MINIMAL_STYLE.replace('<names variable="author"><name form="short"/></names>', '<bogus-element/>');
    const result = await new Citations([crossan]).addStyle(bogus);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /^The citation style "Writer's Own Style" could not be used: .*bogus-element/);
  });
});

describe('A library that changes', () => {
  it('cites a source’s corrected facts after setSources, in citations and in the list', async () => {
    const citations = new Citations([crossan, byrne]);
    const before = await citations.bibliography('chicago-author-date', ['byrne2014']);
    assert.ok(before.ok && before.value[0].startsWith('Byrne, Liam. 2014.'), JSON.stringify(before));
    assert.deepEqual(await citations.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key: 'byrne2014' }] }), { ok: true, value: '(Byrne 2014)' });
    citations.setSources([crossan, { ...byrne, date: '2015-01', title: 'Pride and Prejudice Revisited' }]);
    assert.deepEqual(await citations.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key: 'byrne2014' }] }), { ok: true, value: '(Byrne 2015)' });
    const after = await citations.bibliography('chicago-author-date', ['byrne2014']);
    assert.ok(after.ok && after.value[0].startsWith('Byrne, Liam. 2015. “Pride and Prejudice Revisited.”'), JSON.stringify(after));
  });

  it('tells two sources by one author in one year apart with “a” and “b” in title order, in the text and the list', async () => {
    const second: SourceMeta = { ...byrne, key: 'byrne2014b', title: 'Another Review', url: undefined };
    const citations = new Citations([byrne, second]);
    const list = await citations.bibliography('chicago-author-date', ['byrne2014', 'byrne2014b']);
    assert.ok(list.ok);
    // Chicago orders one author's works of one year by title, lettered a, b, and replaces the repeated name with a
    // 3-em dash: “Another Review” comes before “Pride and Prejudice”.
    assert.deepEqual(list.value.map((entry) => entry.split('.” ')[0]), ['Byrne, Liam. 2014a. “Another Review', '———. 2014b. “Pride and Prejudice']);
    assert.deepEqual(await citations.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key: 'byrne2014b' }] }), { ok: true, value: '(Byrne 2014a)' });
    assert.deepEqual(await citations.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key: 'byrne2014' }] }), { ok: true, value: '(Byrne 2014b)' });
  });

  it('forgets a removed source: citing it is an error value', async () => {
    const citations = new Citations([crossan, byrne]);
    assert.ok((await citations.cite({ style: 'apa', form: 'plain', items: [{ key: 'byrne2014' }] })).ok);
    citations.setSources([crossan]);
    const result = await citations.cite({ style: 'apa', form: 'plain', items: [{ key: 'byrne2014' }] });
    assert.equal(result.ok, false);
  });
});

describe('Citations never print “undefined”, “null” or “NaN”', () => {
  const styles = ['chicago-author-date', 'chicago-fullnote-bibliography', 'modern-language-association', 'apa', 'harvard-cite-them-right'];
  const citations = new Citations([]);
  before(async function () {
    this.timeout(60000);
    for (const style of styles) assert.ok((await citations.prepare(style)).ok);
  });

  it('formats any metadata, however incomplete or odd, as a citation or an error value', function () {
    // citeproc-js registers each generated source anew: about 10 ms of CPU a case, far more on a busy machine.
    this.timeout(180000);
    const odd = fc.oneof(fc.constant(''), fc.string(), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('2025-13-01', '0000', '1984-02-29', '15/02/2025', '2025-02-15'));
    const meta = fc.record(
      {
        title: odd,
        author: fc.array(fc.record({ family: odd, given: odd, literal: odd }, { requiredKeys: [] }), { maxLength: 3 }),
        container: odd,
        type: fc.constantFrom('webpage', 'article-magazine', 'post-weblog', 'entry-encyclopedia', 'book', 'not-a-type', ''),
        date: odd,
        url: odd,
        accessed: odd,
        publisher: odd,
        changing: fc.boolean(),
      },
      { requiredKeys: ['title', 'type'] },
    );
    fc.assert(
      fc.property(meta, fc.constantFrom(...styles), fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }), (m, style, paragraph) => {
        const source = { key: 'k', author: [], ...m } as SourceMeta;
        const clean = !/undefined|null|NaN/.test(JSON.stringify(m));
        citations.setSources([source]);
        for (const form of ['plain', 'footnote'] as const) {
          const result = citations.citeSync({ style, form, items: [{ key: 'k', paragraph }] });
          if (result.ok && clean) assert.ok(!/undefined|null|NaN/.test(result.value), result.value);
        }
        const bibliography = citations.bibliographySync(style, ['k'], 'text');
        if (bibliography.ok && clean) for (const entry of bibliography.value) assert.ok(!/undefined|null|NaN/.test(entry), entry);
        for (const flavour of ['biblatex', 'bibtex'] as const) {
          const bib = exportBib([source], { flavour });
          if (clean) assert.ok(!/undefined|null|NaN/.test(bib), bib);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('Citations: Markdown line starts', () => {
  it('keeps a formatted entry that starts with “#”, “>”, “-” or “1.” from becoming Markdown structure', () => {
    assert.equal(escapeMarkdownLineStart('#LoveWins Flashback. 2015.'), '\\#LoveWins Flashback. 2015.');
    assert.equal(escapeMarkdownLineStart('> quoted'), '\\> quoted');
    assert.equal(escapeMarkdownLineStart('- dash'), '\\- dash');
    assert.equal(escapeMarkdownLineStart('1984. A year.'), '1984\\. A year.');
    assert.equal(escapeMarkdownLineStart('Crossan, Elliot. 2025.'), 'Crossan, Elliot. 2025.');
  });

  it('says which styles are ready for synchronous use', async () => {
    const citations = new Citations([crossan]);
    assert.ok(!citations.isReady('apa'));
    assert.ok((await citations.prepare('apa')).ok);
    assert.ok(citations.isReady('apa'));
  });
});

describe('Citations: a single reference for a hover card', () => {
  it('gives one source’s entry, and the corrected one after the library changes', async () => {
    const citations = new Citations([crossan, byrne]);
    const first = await citations.reference('apa', 'byrne2014', 'html');
    assert.deepEqual(first, {
      ok: true,
      value: '<div class="csl-entry">Byrne, L. (2014, November). Pride and prejudice. <i>Overland</i>. https://overland.org.au/2014/11/pride-and-prejudice/</div>',
    });
    assert.deepEqual(citations.referenceSync('apa', 'byrne2014', 'html'), first);
    citations.setSources([crossan, { ...byrne, title: 'Pride' }]);
    const after = citations.referenceSync('apa', 'byrne2014', 'text');
    assert.deepEqual(after, { ok: true, value: 'Byrne, L. (2014, November). Pride. Overland. https://overland.org.au/2014/11/pride-and-prejudice/' });
    assert.equal(citations.referenceSync('apa', 'nobody', 'text').ok, false);
  });
});
