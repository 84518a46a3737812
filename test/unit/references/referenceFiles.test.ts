import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadReferenceFile, attachmentPaths } from '../../../src/core/references/referenceFiles';
import { protectCase } from '../../../src/core/references/bibLoader';
import { exportBib } from '../../../src/core/citations/bibtex';
import { exportCslJson, toCslItem } from '../../../src/core/citations/cslItem';
import type { ReferenceSet } from '../../../src/core/references/referenceSet';
import type { Source, SourceMeta } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'library');

async function load(name: string, previous?: ReferenceSet): Promise<ReferenceSet> {
  const path = join(FIXTURES, name);
  return loadReferenceFile(readFileSync(path, 'utf8'), path, {
    previous,
    readAttachment: async (uri) => {
      try {
        return readFileSync(uri, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

function byKey(set: ReferenceSet, key: string): Source {
  const source = set.sources.find((candidate) => candidate.meta.key === key);
  assert.ok(source, `no source ${key} in ${set.sources.map((s) => s.meta.key).join(', ')}`);
  return source;
}

describe('Bibliography files', () => {
  describe('a Better BibTeX export from Zotero', () => {
    it('keeps the Better BibTeX keys as written, in the file order, at their entry lines', async () => {
      const set = await load('zotero-betterbibtex.bib');
      assert.deepEqual(set.sources.map((s) => [s.meta.key, s.entryLine]), [
        ['byrnePrideAndPrejudice2014', 1],
        ['crossanOdeSolidarityOrganisation2025', 12],
        ['robinsonGayMenLeft2007', 22],
        ['lesbiansandgayssupporttheminersAllOutDancing1986', 32],
        ['LesbiansGaysSupport', 38],
      ]);
      assert.deepEqual(set.problems, []);
    });

    it('maps BibLaTeX date, journaltitle, urldate and url to the date, container, access date and URL', async () => {
      const byrne = byKey(await load('zotero-betterbibtex.bib'), 'byrnePrideAndPrejudice2014');
      assert.equal(byrne.meta.title, 'Pride and prejudice');
      assert.deepEqual(byrne.meta.author, [{ family: 'Byrne', given: 'Liam' }]);
      assert.equal(byrne.meta.container, 'Overland');
      assert.equal(byrne.meta.date, '2014-11');
      assert.equal(byrne.meta.accessed, '2026-11-20');
      assert.equal(byrne.meta.url, 'https://overland.org.au/2014/11/pride-and-prejudice/');
      assert.equal(byrne.meta.csl?.language, 'en');
    });

    it('reads the Markdown file a file field names as the source’s paragraphs', async () => {
      const byrne = byKey(await load('zotero-betterbibtex.bib'), 'byrnePrideAndPrejudice2014');
      assert.equal(byrne.referenceOnly, false);
      assert.deepEqual(byrne.paragraphs.map((p) => p.text), [
        'Byrne writes about the film Pride and about the solidarity between the miners and LGSM.',
        'He quotes Siân James on what the support meant to the mining villages.',
      ]);
    });

    it('keeps an entry whose attached file is a PDF reference-only, with no paragraphs', async () => {
      const crossan = byKey(await load('zotero-betterbibtex.bib'), 'crossanOdeSolidarityOrganisation2025');
      assert.equal(crossan.referenceOnly, true);
      assert.deepEqual(crossan.paragraphs, []);
      assert.equal(crossan.meta.container, 'System Change Aotearoa');
    });

    it('keeps double-braced words as nocase for citeproc and plain for the writer', async () => {
      const set = await load('zotero-betterbibtex.bib');
      const robinson = byKey(set, 'robinsonGayMenLeft2007');
      assert.equal(robinson.meta.title, 'Gay men and the left in Post-War Britain: How the personal got political');
      assert.equal(toCslItem(robinson.meta).title, 'Gay men and the left in Post-War <span class="nocase">Britain</span>: How the personal got political');
      assert.equal(robinson.meta.publisher, 'Manchester University Press');
      assert.equal(robinson.meta.csl?.['publisher-place'], 'Manchester');
      assert.equal(robinson.meta.csl?.ISBN, '978-0-7190-7434-9');
      const wiki = byKey(set, 'LesbiansGaysSupport');
      assert.equal(wiki.meta.title, 'Lesbians and Gays Support the Miners');
      assert.equal(toCslItem(wiki.meta)['title-short'], '<span class="nocase">LGSM</span>');
      assert.deepEqual(wiki.meta.author, []);
    });

    it('reads a corporate author in double braces as one literal name', async () => {
      const film = byKey(await load('zotero-betterbibtex.bib'), 'lesbiansandgayssupporttheminersAllOutDancing1986');
      assert.deepEqual(film.meta.author, [{ literal: 'Lesbians and Gays Support the Miners' }]);
      assert.equal(film.meta.type, 'motion_picture');
      assert.equal(film.meta.title, 'All out! Dancing in Dulais');
    });
  });

  describe('a hand-written BibLaTeX file', () => {
    it('expands @string macros, decodes LaTeX accents and keeps a German title as written', async () => {
      const goedel = byKey(await load('biblatex-features.bib'), 'goedel1931');
      assert.deepEqual(goedel.meta.author, [{ family: 'Gödel', given: 'Kurt' }]);
      assert.equal(goedel.meta.container, 'Monatshefte für Mathematik und Physik');
      assert.equal(goedel.meta.title, 'Über formal unentscheidbare Sätze der Principia Mathematica und verwandter Systeme I');
      assert.equal(goedel.meta.csl?.page, '173-198');
      assert.equal(goedel.meta.csl?.DOI, '10.1007/BF01700692');
    });

    it('reads Si{\\^a}n as Siân and \\& as an ampersand', async () => {
      const set = await load('biblatex-features.bib');
      assert.equal(byKey(set, 'sianjames-wikipedia').meta.title, 'Siân James (politician)');
      assert.equal(byKey(set, 'heller1961').meta.publisher, 'Simon & Schuster');
    });

    it('leaves out "and others", keeping the names given', async () => {
      const set = await load('biblatex-features.bib');
      assert.deepEqual(byKey(set, 'gamma1994').meta.author, [{ family: 'Gamma', given: 'Erich' }]);
      assert.deepEqual(byKey(set, 'goedel-works-1').meta.editor, [{ family: 'Feferman', given: 'Solomon' }]);
    });

    it('inherits the publisher and place of an xdata entry, which is not itself a source', async () => {
      const set = await load('biblatex-features.bib');
      const robinson = byKey(set, 'robinson2007');
      assert.equal(robinson.meta.publisher, 'Manchester University Press');
      assert.equal(robinson.meta.csl?.['publisher-place'], 'Manchester');
      assert.equal(set.sources.some((s) => s.meta.key === 'mup-manchester'), false);
    });

    it('inherits the book title, editors, publisher and date of a crossref parent', async () => {
      const chapter = byKey(await load('biblatex-features.bib'), 'goedel1931-translation');
      assert.equal(chapter.meta.type, 'chapter');
      assert.equal(chapter.meta.container, 'Kurt Gödel: Collected works');
      assert.deepEqual(chapter.meta.editor, [{ family: 'Feferman', given: 'Solomon' }]);
      assert.equal(chapter.meta.publisher, 'Oxford University Press');
      assert.equal(chapter.meta.date, '1986');
      assert.equal(chapter.meta.csl?.page, '144-195');
    });
  });

  describe('a file with broken entries', () => {
    it('reports each broken entry at its line with what to fix, and loads every other entry', async () => {
      const set = await load('malformed.bib');
      assert.deepEqual(set.sources.map((s) => s.meta.key), ['robinson2007', 'crossan2025', 'heller1961']);
      assert.deepEqual(set.problems.map((p) => [p.line, p.message]), [
        [6, 'The entry @article{byrne2014 is missing its closing brace: add `}` after its last field (or close the field left open). The entries after it are read.'],
        [12, 'The entry @online has no citation key: write one after `@online{`, followed by a comma (`@online{smith2020,`).'],
        [23, 'The key `crossan2025` is also the key of the entry at line 18 of this file: give one of them another key (only the first is loaded).'],
      ]);
      assert.equal(byKey(set, 'crossan2025').meta.title, 'An ode to solidarity and organisation');
    });

    it('reports a field without `=` at its line, and reads the entry after it', async () => {
      const text = '@book{a,\n  title = {A}\n}\n\n@book{b,\n  title {B},\n  date = {2000}\n}\n\n@book{c,\n  title = {C}\n}\n';
      const set = await loadReferenceFile(text, 'broken.bib');
      assert.deepEqual(set.sources.map((s) => s.meta.key), ['a', 'c']);
      assert.equal(set.problems.length, 1);
      assert.equal(set.problems[0].line, 4);
      assert.match(set.problems[0].message, /^The entry @book\{b could not be read: expected `=` but found .* at line 6\./);
    });

    it('reads an unparsable JSON file as one problem at the line of the error', async () => {
      const set = await loadReferenceFile('[\n  { "id": "a", "type": "book", "title": "A" },\n  { "id": "b" "type": "book" }\n]\n', 'library.json');
      assert.deepEqual(set.sources, []);
      assert.equal(set.problems.length, 1);
      assert.equal(set.problems[0].line, 2);
      assert.match(set.problems[0].message, /^library\.json is not valid JSON/);
    });
  });

  describe('CSL-JSON, CSL-YAML and RIS', () => {
    it('reads CSL-JSON items with their lines', async () => {
      const set = await load('library.json');
      assert.deepEqual(set.sources.map((s) => [s.meta.key, s.entryLine, s.meta.type, s.referenceOnly]), [
        ['byrne2014', 1, 'article-magazine', true],
        ['robinson2007', 11, 'book', true],
      ]);
      assert.equal(byKey(set, 'robinson2007').meta.csl?.ISBN, '9780719074349');
    });

    it('reads a CSL-YAML references list as Pandoc writes it', async () => {
      const set = await load('library.yaml');
      assert.deepEqual(set.sources.map((s) => [s.meta.key, s.entryLine, s.meta.date]), [
        ['crossan2025', 2, '2025-02-15'],
        ['allout1986', 13, '1986'],
      ]);
      assert.deepEqual(byKey(set, 'allout1986').meta.author, [{ literal: 'Lesbians and Gays Support the Miners' }]);
    });

    it('reads RIS records, keyed by their ID or by author, year and title', async () => {
      const set = await load('library.ris');
      assert.deepEqual(set.sources.map((s) => [s.meta.key, s.entryLine]), [['robinson2007', 0], ['godel1931uber', 10]]);
      const goedel = byKey(set, 'godel1931uber');
      assert.equal(goedel.meta.container, 'Monatshefte für Mathematik und Physik');
      assert.equal(goedel.meta.csl?.volume, '38');
    });
  });

  it('reuses the Source of an entry that did not change when the file is read again', async () => {
    const first = await load('biblatex-features.bib');
    const second = await load('biblatex-features.bib', first);
    second.sources.forEach((source, i) => assert.equal(source, first.sources[i]));
  });

  it('reads the path of a Zotero file field, escaped colons and all', () => {
    assert.deepEqual(attachmentPaths('Snapshot:texts/notes.md:text/markdown;Full Text PDF:C\\:\\\\Zotero\\\\a.pdf:application/pdf'), ['texts/notes.md', 'C:\\Zotero\\a.pdf']);
    assert.deepEqual(attachmentPaths('/home/me/notes.txt'), ['/home/me/notes.txt']);
  });

  it('marks protected groups but not accents or command arguments', () => {
    assert.equal(protectCase('On {LGSM} and G{\\"o}del \\emph{Pride} {\\"U}ber'), 'On \\sourcebooknocase{LGSM} and G{\\"o}del \\emph{Pride} {\\"U}ber');
  });

  describe('properties', () => {
    const field = fc.stringMatching(/^[A-Za-z ]{1,12}$/);
    const entry = fc.record({ key: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), title: field, family: fc.stringMatching(/^[A-Z][a-z]{1,8}$/) });
    const bib = (e: { key: string; title: string; family: string }) => `@book{${e.key},\n  title = {${e.title}},\n  author = {${e.family}, Ann}\n}\n`;

    it('keeps every well-formed entry before and after a broken one', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(entry, { minLength: 2, maxLength: 6, selector: (e) => e.key }), fc.nat(), fc.nat(), async (entries, at, cut) => {
          const broken = entries[at % entries.length];
          const text = entries.map((e) => (e === broken ? bib(e).slice(0, 8 + (cut % (bib(e).length - 10))) + '\n' : bib(e))).join('\n');
          const set = await loadReferenceFile(text, 'random.bib');
          const loaded = set.sources.map((s) => s.meta.key);
          for (const e of entries) if (e !== broken) assert.ok(loaded.includes(e.key), `${e.key} lost in\n${text}`);
          assert.ok(set.problems.length >= 1 || loaded.includes(broken.key));
        }),
        params(60),
      );
    });

    it('never throws on random or truncated text', async () => {
      const sample = readFileSync(join(FIXTURES, 'biblatex-features.bib'), 'utf8');
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.nat({ max: sample.length }).map((n) => sample.slice(0, n)), fc.stringMatching(/^[@{}=,"\\a-z \n]{0,200}$/)), async (text) => {
          const set = await loadReferenceFile(text, 'random.bib');
          assert.ok(Array.isArray(set.sources) && Array.isArray(set.problems));
        }),
        params(120),
      );
    });

    const meta = fc.record({
      key: fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/),
      title: fc.stringMatching(/^[A-Z][a-z]{2,8}( [a-z]{2,8}){0,4}$/),
      author: fc.array(fc.record({ family: fc.stringMatching(/^[A-Z][a-z]{2,8}$/), given: fc.stringMatching(/^[A-Z][a-z]{2,8}$/) }), { maxLength: 3 }),
      type: fc.constantFrom('book', 'webpage', 'article-journal'),
      date: fc.option(fc.constantFrom('2014-11', '2025-02-15', '1931'), { nil: undefined }),
      url: fc.option(fc.constantFrom('https://example.org/a', 'https://overland.org.au/2014/11/pride-and-prejudice/'), { nil: undefined }),
      accessed: fc.option(fc.constant('2026-11-20'), { nil: undefined }),
      publisher: fc.option(fc.constantFrom('Manchester University Press', 'Simon & Schuster'), { nil: undefined }),
    });
    const supported = (m: SourceMeta) => ({ key: m.key, title: m.title, author: m.author, date: m.date, url: m.url, accessed: m.accessed, publisher: m.publisher });

    it('keeps key, title, authors, date, URL, access date and publisher through a biblatex export and import', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(meta, { minLength: 1, maxLength: 4, selector: (m) => m.key }), async (metas) => {
          const clean = metas.map((m) => JSON.parse(JSON.stringify(m)) as SourceMeta);
          const set = await loadReferenceFile(exportBib(clean), 'export.bib');
          assert.deepEqual(set.sources.map((s) => supported(JSON.parse(JSON.stringify(s.meta)))), clean.map((m) => supported(m)));
        }),
        params(40),
      );
    });

    it('keeps every field through a CSL-JSON export and import', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(meta, { minLength: 1, maxLength: 4, selector: (m) => m.key }), async (metas) => {
          const clean = metas.map((m) => JSON.parse(JSON.stringify(m)) as SourceMeta);
          const set = await loadReferenceFile(exportCslJson(clean), 'export.json');
          assert.deepEqual(set.sources.map((s) => ({ ...supported(JSON.parse(JSON.stringify(s.meta))), type: s.meta.type })), clean.map((m) => ({ ...supported(m), type: m.type })));
        }),
        params(40),
      );
    });
  });
});
