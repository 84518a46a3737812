// The four bundled sources in the five bundled styles, as a careful writer checks them against the manuals: each
// source's bibliography entry and its first citation with a paragraph locator (and, in the notes style, the short
// note). Each expectation names the rule it follows; where the CSL style departs from its manual and Sourcebook
// leaves it, the comment says so. Titles are stored in sentence case (corpus/README.md, "Titles"): Chicago and MLA
// print them in title case, APA 7 and Cite Them Right in sentence case.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Citations } from '../../../src/core/citations/citations';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { SourceMeta } from '../../../src/core/types';

/** The bundled sources as the extension reads them (the front matter through the source parser). */
function bundledSources(): SourceMeta[] {
  const dir = path.join(__dirname, '..', '..', '..', 'corpus', 'sources');
  return ['crossan2025', 'byrne2014', 'bossy-lovewins', 'wikipedia-lgsm'].map((key) => {
    const parsed = parseSource(fs.readFileSync(path.join(dir, `${key}.md`), 'utf8'), `${key}.md`);
    assert.ok(parsed.source, `${key}.md is a source`);
    return parsed.source.meta;
  });
}

interface Expected {
  /** The bibliography / works-cited / reference-list entry (Markdown: italics as *…*); null: left out. */
  entry: string | null;
  /** The first citation of paragraph 4: in-text citation, or the first (full) note. */
  first: string;
  /** The notes style's short note for paragraph 5, once the source has been cited. */
  short?: string;
}

type Key = 'crossan2025' | 'byrne2014' | 'bossy-lovewins' | 'wikipedia-lgsm';

interface StyleTable {
  id: string;
  manual: string;
  rows: Record<Key, Expected>;
}

const TABLES: StyleTable[] = [
  {
    id: 'chicago-author-date',
    manual: 'Chicago author-date (CMOS 17)',
    rows: {
      // CMOS 17, author-date web content (as 14.206 in the notes system): Author. Year. “Title.” Site. Month Day, Year. URL. Site names in roman;
      // headline-style capitalization (8.159); no access date for a dated page (14.12). In text: (Author Year, para. n).
      crossan2025: {
        entry: 'Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.” System Change Aotearoa. February 15, 2025. https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.',
        first: '(Crossan 2025, para. 4)',
      },
      // CMOS 17, author-date magazine article: Author. Year. “Title.” *Magazine*, Month Year. URL.
      byrne2014: {
        entry: 'Byrne, Liam. 2014. “Pride and Prejudice.” *Overland*, November 2014. https://overland.org.au/2014/11/pride-and-prejudice/.',
        first: '(Byrne 2014, para. 4)',
      },
      // CMOS 17 14.208 (blog post): *Blog* (blog); undated, so “n.d.” (15.44) and an access date (14.12).
      'bossy-lovewins': {
        entry: 'Bossy, Gabrielle. n.d. “#LoveWins Flashback: Lesbians and Gays Support the Miners.” *hippiehistorian.com* (blog). Accessed November 20, 2026. https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners.',
        first: '(Bossy, n.d., para. 4)',
      },
      // Unsigned: the title stands in the author's place; a well-known encyclopedia is cited in the text
      // only, not in the reference list (CMOS 17 14.233, CMOS 18 14.130).
      'wikipedia-lgsm': {
        entry: null,
        first: '(“Lesbians and Gays Support the Miners,” n.d., para. 4)',
      },
    },
  },
  {
    id: 'chicago-fullnote-bibliography',
    manual: 'Chicago notes and bibliography (CMOS 17)',
    rows: {
      // CMOS 17 14.206 (website content): note Author, “Title,” Site, Month Day, Year, URL; short note Author,
      // “Short Title,” (14.29–14.36); bibliography Last, First. “Title.” …
      crossan2025: {
        entry: 'Crossan, Elliot. “An Ode to Solidarity and Organisation.” System Change Aotearoa, February 15, 2025. https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.',
        first: 'Elliot Crossan, “An Ode to Solidarity and Organisation,” System Change Aotearoa, February 15, 2025, para. 4, https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.',
        short: 'Crossan, “An Ode to Solidarity and Organisation,” para. 5.',
      },
      // CMOS 17, magazine article: *Magazine*, Month Year.
      byrne2014: {
        entry: 'Byrne, Liam. “Pride and Prejudice.” *Overland*, November 2014. https://overland.org.au/2014/11/pride-and-prejudice/.',
        first: 'Liam Byrne, “Pride and Prejudice,” *Overland*, November 2014, para. 4, https://overland.org.au/2014/11/pride-and-prejudice/.',
        short: 'Byrne, “Pride and Prejudice,” para. 5.',
      },
      // CMOS 17 14.208 (blog post), undated: an access date (14.12).
      'bossy-lovewins': {
        entry: 'Bossy, Gabrielle. “#LoveWins Flashback: Lesbians and Gays Support the Miners.” *hippiehistorian.com* (blog). Accessed November 20, 2026. https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners.',
        first: 'Gabrielle Bossy, “#LoveWins Flashback: Lesbians and Gays Support the Miners,” *hippiehistorian.com* (blog), para. 4, accessed November 20, 2026, https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners.',
        short: 'Bossy, “#LoveWins Flashback: Lesbians and Gays Support the Miners,” para. 5.',
      },
      // Unsigned: the note begins with the title (CMOS 17, anonymous works); cited in the notes only, not in the bibliography
      // (14.233; CMOS 18 14.130). CMOS's own example for a wiki begins “Wikipedia, s.v. …”: the CSL style has no
      // such form and puts the entry's title first.
      'wikipedia-lgsm': {
        entry: null,
        first: '“Lesbians and Gays Support the Miners,” in *Wikipedia*, para. 4, accessed November 20, 2026, https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners.',
        short: '“Lesbians and Gays Support the Miners,” para. 5.',
      },
    },
  },
  {
    id: 'modern-language-association',
    manual: 'MLA 9',
    rows: {
      // MLA 9 core elements: Author. “Title.” *Container*, date, location (URL without https://). Titles in title
      // case. The access date is optional and left out for a dated page. In text: (Author, par. n) for numbered
      // paragraphs.
      crossan2025: {
        entry: 'Crossan, Elliot. “An Ode to Solidarity and Organisation.” *System Change Aotearoa*, 15 Feb. 2025, systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.',
        first: '(Crossan, par. 4)',
      },
      byrne2014: {
        entry: 'Byrne, Liam. “Pride and Prejudice.” *Overland*, Nov. 2014, overland.org.au/2014/11/pride-and-prejudice/.',
        first: '(Byrne, par. 4)',
      },
      // No date of publication: the access date at the end, as MLA 9 recommends for an undated source.
      'bossy-lovewins': {
        entry: 'Bossy, Gabrielle. “#LoveWins Flashback: Lesbians and Gays Support the Miners.” *hippiehistorian.com*, www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners. Accessed 20 Nov. 2026.',
        first: '(Bossy, par. 4)',
      },
      // No author: the entry and the citation begin with the title. MLA shortens a long title in the text to its
      // first noun phrase; this title is one name (the group's), so it is given whole.
      'wikipedia-lgsm': {
        entry: '“Lesbians and Gays Support the Miners.” *Wikipedia*, en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners. Accessed 20 Nov. 2026.',
        first: '(“Lesbians and Gays Support the Miners,” par. 4)',
      },
    },
  },
  {
    id: 'apa',
    manual: 'APA 7',
    rows: {
      // APA 7 webpage: Author, A. (Year, Month Day). *Title in sentence case*. Site Name. URL — no retrieval date for
      // a page not designed to change (9.16). In text: (Author, Year, para. n) (8.28).
      crossan2025: {
        entry: 'Crossan, E. (2025, February 15). *An ode to solidarity and organisation*. System Change Aotearoa. https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/',
        first: '(Crossan, 2025, para. 4)',
      },
      // Magazine article: Title in sentence case. *Magazine*. URL. “Pride” is the first word (and the film's name);
      // “prejudice” is a common noun (corpus/README.md explains the choice).
      byrne2014: {
        entry: 'Byrne, L. (2014, November). Pride and prejudice. *Overland*. https://overland.org.au/2014/11/pride-and-prejudice/',
        first: '(Byrne, 2014, para. 4)',
      },
      // Blog post, no date: “n.d.” (9.17), names kept capitalised in sentence case (LoveWins; the group's name), no
      // retrieval date: a blog post is not designed to change (9.16). The CSL style would print one for every
      // undated page; Sourcebook gives APA the access date only for a source marked `changing`.
      'bossy-lovewins': {
        entry: 'Bossy, G. (n.d.). #LoveWins flashback: Lesbians and Gays Support the Miners. *hippiehistorian.com*. https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners',
        first: '(Bossy, n.d., para. 4)',
      },
      // No author: the title moves to the author's place; in text the title in quotation marks and title case
      // (8.14). A wiki is designed to change: “Retrieved Month Day, Year, from URL” (9.16).
      'wikipedia-lgsm': {
        entry: 'Lesbians and Gays Support the Miners. (n.d.). In *Wikipedia*. Retrieved November 20, 2026, from https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners',
        first: '(“Lesbians and Gays Support the Miners,” n.d., para. 4)',
      },
    },
  },
  {
    id: 'harvard-cite-them-right',
    manual: 'Harvard (Cite Them Right)',
    rows: {
      // Cite Them Right, web page: Author (Year) *Title*. Available at: URL (Accessed: Day Month Year) — an access
      // date on every online source; titles with capitals for the first word and names only. The CSL style adds the
      // site's name after the title (“, *System Change Aotearoa*”), which the manual's web-page form leaves out.
      crossan2025: {
        entry: 'Crossan, E. (2025) *An ode to solidarity and organisation*, *System Change Aotearoa*. Available at: https://systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/ (Accessed: 20 November 2026).',
        first: '(Crossan, 2025, para. 4)',
      },
      // Magazine article online: Author (Year) ‘Title’, *Magazine*, Month. Available at: … (Accessed: …).
      byrne2014: {
        entry: 'Byrne, L. (2014) ‘Pride and prejudice’, *Overland*, November. Available at: https://overland.org.au/2014/11/pride-and-prejudice/ (Accessed: 20 November 2026).',
        first: '(Byrne, 2014, para. 4)',
      },
      // Blog post with no date: “(no date)”.
      'bossy-lovewins': {
        entry: 'Bossy, G. (no date) ‘#LoveWins flashback: Lesbians and Gays Support the Miners’, *hippiehistorian.com*. Available at: https://www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners (Accessed: 20 November 2026).',
        first: '(Bossy, no date, para. 4)',
      },
      // Wiki: ‘Title of article’ (Year) *Wikipedia*. Available at: URL (Accessed: date); in text (‘Title’, Year).
      'wikipedia-lgsm': {
        entry: '‘Lesbians and Gays Support the Miners’ (no date) *Wikipedia*. Available at: https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners (Accessed: 20 November 2026).',
        first: '(‘Lesbians and Gays Support the Miners’, no date, para. 4)',
      },
    },
  },
];

const NAMES: Record<Key, string> = {
  crossan2025: 'Crossan’s web article',
  byrne2014: 'Byrne’s magazine review',
  'bossy-lovewins': 'Bossy’s undated blog post',
  'wikipedia-lgsm': 'the unsigned Wikipedia article',
};

describe('Citations as the manuals prescribe them: five styles × four sources', () => {
  const citations = new Citations(bundledSources());

  for (const table of TABLES) {
    describe(table.manual, () => {
      for (const [key, expected] of Object.entries(table.rows) as Array<[Key, Expected]>) {
        it(`lists ${NAMES[key]} ${expected.entry === null ? 'nowhere in the bibliography' : 'in the bibliography as the manual does'}`, async () => {
          const entries = await citations.bibliography(table.id, [key], 'markdown');
          assert.ok(entries.ok, entries.ok ? '' : entries.message);
          assert.deepEqual(entries.value, expected.entry === null ? [] : [expected.entry]);
        });

        it(`cites paragraph 4 of ${NAMES[key]} the first time as the manual does`, async () => {
          const note = expected.short !== undefined;
          const first = await citations.cite({ style: table.id, form: note ? 'footnote' : 'plain', output: 'markdown', items: [{ key, paragraph: 4 }] });
          assert.deepEqual(first, { ok: true, value: expected.first });
          if (note) {
            const later = await citations.cite({ style: table.id, form: 'footnote', items: [{ key, paragraph: 5 }], citedBefore: [key] });
            assert.deepEqual(later, { ok: true, value: expected.short });
          }
        });
      }
    });
  }

  it('sorts an unsigned work among the others by its title in MLA, APA and Harvard, and leaves it out in Chicago', async () => {
    const firstWords = async (style: string) => {
      const list = await citations.bibliography(style, undefined, 'text');
      assert.ok(list.ok, list.ok ? '' : list.message);
      return list.value.map((entry) => entry.split(/[ .,(]/).find((word) => word !== '') ?? '');
    };
    assert.deepEqual(await firstWords('modern-language-association'), ['Bossy', 'Byrne', 'Crossan', '“Lesbians']);
    assert.deepEqual(await firstWords('apa'), ['Bossy', 'Byrne', 'Crossan', 'Lesbians']);
    assert.deepEqual(await firstWords('harvard-cite-them-right'), ['Bossy', 'Byrne', 'Crossan', '‘Lesbians']);
    assert.deepEqual(await firstWords('chicago-author-date'), ['Bossy', 'Byrne', 'Crossan']);
    assert.deepEqual(await firstWords('chicago-fullnote-bibliography'), ['Bossy', 'Byrne', 'Crossan']);
  });

  it('still gives a hover card the reference of a source Chicago leaves out of its bibliography', async () => {
    const reference = await citations.reference('chicago-author-date', 'wikipedia-lgsm');
    assert.deepEqual(reference, {
      ok: true,
      value: '“Lesbians and Gays Support the Miners.” n.d. In Wikipedia. Accessed November 20, 2026. https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners.',
    });
  });

  it('cites words an unsigned work quotes as “quoted in” its title, in each style’s words', async () => {
    // The Sun's headline, quoted in the Wikipedia article: Chicago “quoted in” (CMOS 17 14.260), APA “as cited in”
    // (8.6), Cite Them Right “cited in”, MLA “qtd. in” with the speaker named in the writer's sentence.
    const quoted = async (style: string) => {
      const result = await citations.cite({ style, form: 'plain', items: [{ key: 'wikipedia-lgsm', paragraph: 9, speaker: 'The Sun' }] });
      assert.ok(result.ok, result.ok ? '' : result.message);
      return result.value;
    };
    assert.equal(await quoted('chicago-author-date'), '(The Sun, quoted in “Lesbians and Gays Support the Miners,” n.d., para. 9)');
    assert.equal(await quoted('modern-language-association'), '(qtd. in “Lesbians and Gays Support the Miners,” par. 9)');
    assert.equal(await quoted('apa'), '(The Sun, as cited in “Lesbians and Gays Support the Miners,” n.d., para. 9)');
    assert.equal(await quoted('harvard-cite-them-right'), '(The Sun, cited in ‘Lesbians and Gays Support the Miners’, no date, para. 9)');
  });
});

describe('A writer’s own unsigned source (front matter with no author)', () => {
  // A title with a name that title case would break ("bell hooks" writes her name in lower case), protected as
  // CSL-JSON protects it; the rest in sentence case.
  const file = [
    '---',
    'key: picket-notes',
    'title: Reading <span class="nocase">bell hooks</span> on the picket line',
    'container: Strike Notes',
    'type: webpage',
    'date: 2019-03-05',
    'url: https://strikenotes.example/reading',
    'accessed: 2026-11-20',
    '---',
    'First paragraph.',
    '',
    'Second paragraph.',
    '',
  ].join('\n');
  const parsed = parseSource(file, 'picket-notes.md');
  const citations = new Citations(parsed.source ? [parsed.source.meta] : []);
  const cite = async (style: string, form: 'plain' | 'footnote' = 'plain') => {
    const result = await citations.cite({ style, form, output: 'markdown', items: [{ key: 'picket-notes', paragraph: 2 }] });
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.value;
  };
  const entry = async (style: string) => {
    const result = await citations.bibliography(style, undefined, 'markdown');
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.value;
  };

  it('is read without a problem, as a source with no author', () => {
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.source?.meta.author, []);
  });

  it('is cited by its title in every style, the protected name kept in lower case', async () => {
    assert.equal(await cite('chicago-author-date'), '(“Reading bell hooks on the Picket Line” 2019, para. 2)');
    assert.equal(await cite('chicago-fullnote-bibliography', 'footnote'), '“Reading bell hooks on the Picket Line,” Strike Notes, March 5, 2019, para. 2, https://strikenotes.example/reading.');
    assert.equal(await cite('modern-language-association'), '(“Reading bell hooks on the Picket Line,” par. 2)');
    // APA 8.14 and Cite Them Right: a title italicised in the reference is italicised in the text too.
    assert.equal(await cite('apa'), '(*Reading bell hooks on the Picket Line*, 2019, para. 2)');
    assert.equal(await cite('harvard-cite-them-right'), '(*Reading bell hooks on the picket line*, 2019, para. 2)');
  });

  it('begins its entry with the title where the manual puts the author', async () => {
    assert.deepEqual(await entry('modern-language-association'), ['“Reading bell hooks on the Picket Line.” *Strike Notes*, 5 Mar. 2019, strikenotes.example/reading.']);
    assert.deepEqual(await entry('apa'), ['*Reading bell hooks on the picket line*. (2019, March 5). Strike Notes. https://strikenotes.example/reading']);
    assert.deepEqual(await entry('harvard-cite-them-right'), [
      '*Reading bell hooks on the picket line* (2019) *Strike Notes*. Available at: https://strikenotes.example/reading (Accessed: 20 November 2026).',
    ]);
    // A web page is no encyclopedia entry: Chicago lists it.
    assert.deepEqual(await entry('chicago-author-date'), ['“Reading bell hooks on the Picket Line.” 2019. Strike Notes. March 5, 2019. https://strikenotes.example/reading.']);
  });
});
