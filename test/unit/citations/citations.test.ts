// Citations as a writer checks them against the style manuals. Expected strings were written from each manual's
// rule for the form (MLA 9 web article and numbered paragraphs, Chicago author-date and notes, APA 7, Cite Them Right),
// then compared with the engine's output; where a CSL style departs from its manual, the test says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Citations } from '../../../src/core/citations/citations';
import type { SourceMeta } from '../../../src/core/types';
import { MINIMAL_STYLE } from '../../fixtures/minimalStyle';

/** The bundled corpus's four sources, read from their front matter (the facts SOURCES.md gives). */
function corpusSources(): SourceMeta[] {
  const dir = path.join(__dirname, '..', '..', '..', 'corpus', 'sources');
  return ['crossan2025', 'byrne2014', 'bossy-lovewins', 'wikipedia-lgsm'].map((key) => {
    const text = fs.readFileSync(path.join(dir, `${key}.md`), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    assert.ok(match, `${key}.md has front matter`);
    const meta = parseYaml(match[1]) as SourceMeta & { quotations?: unknown };
    delete meta.quotations;
    return meta;
  });
}

const sources = corpusSources();
const citations = new Citations(sources);

async function cite(style: string, form: 'plain' | 'footnote' | 'pandoc' | 'latex', items: Parameters<Citations['cite']>[0]['items'], citedBefore?: string[]): Promise<string> {
  const result = await citations.cite({ style, form, items, citedBefore });
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

async function entries(style: string, keys?: string[], output: 'text' | 'markdown' | 'html' = 'markdown'): Promise<string[]> {
  const result = await citations.bibliography(style, keys, output);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

describe('Citations: the corpus sources cited in each style', () => {
  it('reads the corpus front matter the citation tests rely on', () => {
    assert.deepEqual(
      sources.map((s) => [s.key, s.type, s.date ?? 'no date']),
      [
        ['crossan2025', 'webpage', '2025-02-15'],
        ['byrne2014', 'article-magazine', '2014-11'],
        ['bossy-lovewins', 'post-weblog', 'no date'],
        ['wikipedia-lgsm', 'entry-encyclopedia', 'no date'],
      ],
    );
  });

  describe('MLA 9', () => {
    it('lists Crossan’s review as MLA 9 prescribes for a web article: author, “title,” *site*, date, URL without https', async () => {
      const [entry] = await entries('modern-language-association', ['crossan2025']);
      assert.equal(
        entry,
        'Crossan, Elliot. “An Ode to Solidarity and Organisation.” *System Change Aotearoa*, 15 Feb. 2025, systemchange.nz/2025/02/15/an-ode-to-solidarity-and-organisation/.',
      );
    });

    it('cites a numbered paragraph as MLA 9 does: comma after the author, then “par.”', async () => {
      assert.equal(await cite('modern-language-association', 'plain', [{ key: 'crossan2025', paragraph: 4 }]), '(Crossan, par. 4)');
      assert.equal(await cite('modern-language-association', 'plain', [{ key: 'crossan2025', paragraph: '3-4' }]), '(Crossan, pars. 3–4)');
    });

    it('cites words quoted in a source with “qtd. in” (the speaker is named in the writer’s sentence)', async () => {
      assert.equal(
        await cite('modern-language-association', 'plain', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]),
        '(qtd. in Byrne, par. 16)',
      );
    });

    it('gives an undated blog post no date and its access date at the end, without title-casing the domain', async () => {
      const [entry] = await entries('modern-language-association', ['bossy-lovewins']);
      assert.equal(
        entry,
        'Bossy, Gabrielle. “#LoveWins Flashback: Lesbians and Gays Support the Miners.” *hippiehistorian.com*, www.hippiehistorian.com/post/lovewins-flashback-lesbians-and-gays-support-the-miners. Accessed 20 Nov. 2026.',
      );
    });
  });

  describe('Chicago author-date', () => {
    it('cites a paragraph as “(Crossan 2025, para. 4)”', async () => {
      assert.equal(await cite('chicago-author-date', 'plain', [{ key: 'crossan2025', paragraph: 4 }]), '(Crossan 2025, para. 4)');
    });

    it('cites a quote by Siân James as quoted in Byrne', async () => {
      assert.equal(
        await cite('chicago-author-date', 'plain', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]),
        '(Siân James, quoted in Byrne 2014, para. 16)',
      );
    });

    it('prints a missing date as “n.d.”', async () => {
      assert.equal(await cite('chicago-author-date', 'plain', [{ key: 'bossy-lovewins', paragraph: 2 }]), '(Bossy, n.d., para. 2)');
    });

    it('cites the unsigned Wikipedia article by its title in the text, and leaves it out of the reference list', async () => {
      // CMOS 17 14.233 / CMOS 18 14.130: a well-known encyclopedia is cited in the text or notes only.
      assert.equal(await cite('chicago-author-date', 'plain', [{ key: 'wikipedia-lgsm', paragraph: 5 }]), '(“Lesbians and Gays Support the Miners,” n.d., para. 5)');
      assert.deepEqual(await entries('chicago-author-date', ['wikipedia-lgsm']), []);
    });

    it('gives a dated, stable page no access date', async () => {
      const [entry] = await entries('chicago-author-date', ['crossan2025'], 'text');
      assert.ok(!/Accessed/.test(entry), entry);
      assert.ok(entry.startsWith('Crossan, Elliot. 2025. “An Ode to Solidarity and Organisation.”'), entry);
    });

    it('sorts the reference list by author, without the unsigned encyclopedia entry', async () => {
      const list = await entries('chicago-author-date');
      assert.deepEqual(list.map((entry) => entry.split('.')[0]), ['Bossy, Gabrielle', 'Byrne, Liam', 'Crossan, Elliot']);
    });

    it('keeps several sources in one citation in the writer’s order, separated by semicolons', async () => {
      assert.equal(
        await cite('chicago-author-date', 'plain', [{ key: 'crossan2025', paragraph: 3 }, { key: 'byrne2014' }]),
        '(Crossan 2025, para. 3; Byrne 2014)',
      );
    });
  });

  describe('Chicago notes and bibliography', () => {
    it('gives the first note for a source in full and later notes in short form', async () => {
      const first = await cite('chicago-fullnote-bibliography', 'footnote', [{ key: 'byrne2014', paragraph: 3 }]);
      assert.equal(first, 'Liam Byrne, “Pride and Prejudice,” *Overland*, November 2014, para. 3, https://overland.org.au/2014/11/pride-and-prejudice/.');
      const later = await cite('chicago-fullnote-bibliography', 'footnote', [{ key: 'byrne2014', paragraph: 7 }], ['crossan2025', 'byrne2014']);
      assert.equal(later, 'Byrne, “Pride and Prejudice,” para. 7.');
    });

    it('uses the source’s short title, when it has one, in a short note', async () => {
      const withShort = new Citations(sources.map((s) => (s.key === 'crossan2025' ? { ...s, shortTitle: 'Ode to Solidarity' } : s)));
      const later = await withShort.cite({ style: 'chicago-fullnote-bibliography', form: 'footnote', items: [{ key: 'crossan2025', paragraph: 4 }], citedBefore: ['crossan2025'] });
      assert.deepEqual(later, { ok: true, value: 'Crossan, “Ode to Solidarity,” para. 4.' });
    });

    it('puts “quoted in” before the source in a note', async () => {
      const note = await cite('chicago-fullnote-bibliography', 'footnote', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }], ['byrne2014']);
      assert.equal(note, 'Siân James, quoted in Byrne, “Pride and Prejudice,” para. 16.');
    });

    it('cites the unsigned Wikipedia article in a first note by its title, with its access date', async () => {
      const note = await cite('chicago-fullnote-bibliography', 'footnote', [{ key: 'wikipedia-lgsm', paragraph: 5 }]);
      assert.equal(
        note,
        '“Lesbians and Gays Support the Miners,” in *Wikipedia*, para. 5, accessed November 20, 2026, https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners.',
      );
    });
  });

  describe('APA 7 and Harvard (Cite Them Right)', () => {
    it('APA cites a paragraph as “para.” and a quote as “as cited in”', async () => {
      assert.equal(await cite('apa', 'plain', [{ key: 'crossan2025', paragraph: 4 }]), '(Crossan, 2025, para. 4)');
      assert.equal(await cite('apa', 'plain', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]), '(Siân James, as cited in Byrne, 2014, para. 16)');
    });

    it('APA orders several sources alphabetically, as its manual requires', async () => {
      assert.equal(await cite('apa', 'plain', [{ key: 'crossan2025' }, { key: 'byrne2014' }]), '(Byrne, 2014; Crossan, 2025)');
    });

    it('APA prints a missing date as “n.d.” and retrieves the unsigned Wikipedia article, by its title, on its access date', async () => {
      assert.equal(await cite('apa', 'plain', [{ key: 'bossy-lovewins' }]), '(Bossy, n.d.)');
      const [entry] = await entries('apa', ['wikipedia-lgsm']);
      assert.equal(
        entry,
        'Lesbians and Gays Support the Miners. (n.d.). In *Wikipedia*. Retrieved November 20, 2026, from https://en.wikipedia.org/wiki/Lesbians_and_Gays_Support_the_Miners',
      );
    });

    it('Harvard prints its own “no date” and “cited in”', async () => {
      assert.equal(await cite('harvard-cite-them-right', 'plain', [{ key: 'bossy-lovewins', paragraph: 2 }]), '(Bossy, no date, para. 2)');
      assert.equal(
        await cite('harvard-cite-them-right', 'plain', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]),
        '(Siân James, cited in Byrne, 2014, para. 16)',
      );
      const [entry] = await entries('harvard-cite-them-right', ['wikipedia-lgsm'], 'text');
      assert.ok(entry.endsWith('(Accessed: 20 November 2026).'), entry);
    });
  });
});

describe('Citations: forms for the target file', () => {
  it('writes a Pandoc citation with several sources and a paragraph locator', async () => {
    assert.equal(await cite('chicago-author-date', 'pandoc', [{ key: 'byrne2014', paragraph: 3 }, { key: 'crossan2025' }]), '[@byrne2014, para. 3; @crossan2025]');
    assert.equal(await cite('apa', 'pandoc', [{ key: 'byrne2014', paragraph: '3–4' }]), '[@byrne2014, paras. 3-4]');
  });

  it('writes “quoted in” as a Pandoc prefix in the style’s words', async () => {
    assert.equal(await cite('chicago-author-date', 'pandoc', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]), '[Siân James, quoted in @byrne2014, para. 16]');
  });

  it('writes LaTeX as one \\cite for several keys, and one \\cite per source when locators differ', async () => {
    assert.equal(await cite('chicago-author-date', 'latex', [{ key: 'crossan2025', paragraph: 12 }]), '\\cite[para.~12]{crossan2025}');
    assert.equal(await cite('chicago-author-date', 'latex', [{ key: 'crossan2025' }, { key: 'byrne2014' }]), '\\cite{crossan2025,byrne2014}');
    assert.equal(
      await cite('chicago-author-date', 'latex', [{ key: 'crossan2025', paragraph: 3 }, { key: 'byrne2014', paragraph: '4-5' }]),
      '\\cite[para.~3]{crossan2025}; \\cite[paras.~4--5]{byrne2014}',
    );
  });

  it('writes a Markdown footnote for an author-date style as the style’s citation, with italics as *…*', async () => {
    assert.equal(await cite('chicago-author-date', 'footnote', [{ key: 'crossan2025', paragraph: 4 }]), '(Crossan 2025, para. 4)');
    const [entry] = await entries('chicago-author-date', ['byrne2014']);
    assert.equal(entry, 'Byrne, Liam. 2014. “Pride and Prejudice.” *Overland*, November 2014. https://overland.org.au/2014/11/pride-and-prejudice/.');
  });
});

describe('Citations: errors a writer can act on', () => {
  it('answers an unknown style with an error value listing the known styles', async () => {
    const result = await citations.cite({ style: 'chicago-17', form: 'plain', items: [{ key: 'crossan2025' }] });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /Unknown citation style "chicago-17"\. Known styles: chicago-author-date, chicago-fullnote-bibliography, modern-language-association, apa, harvard-cite-them-right\./);
    assert.equal(citations.citeSync({ style: 'nope', form: 'pandoc', items: [{ key: 'crossan2025' }] }).ok, false);
  });

  it('answers an unknown key with an error value naming it', async () => {
    const result = await citations.cite({ style: 'apa', form: 'plain', items: [{ key: 'crossan2052' }] });
    assert.equal(result.ok ? '' : result.message, 'No source has the key "crossan2052". Check the spelling, or add the source to the library.');
  });

  it('refuses a locator that is not a paragraph number or range', async () => {
    const result = await citations.cite({ style: 'apa', form: 'plain', items: [{ key: 'crossan2025', paragraph: 'four' }] });
    assert.match(result.ok ? '' : result.message, /paragraph locator must be a number or a range/);
    assert.equal(citations.citeSync({ style: 'apa', form: 'latex', items: [{ key: 'crossan2025', paragraph: 0 }] }).ok, false);
  });

  it('gives the host a turn on the budget it is given between loading citeproc-js, building the engine and the first citation', async () => {
    const steps: string[] = [];
    const fresh = new Citations(sources, {
      pause: async () => {
        steps.push(fresh.isReady('chicago-author-date') ? 'pause after the engine' : 'pause before the engine');
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const prepared = await fresh.prepare('chicago-author-date');
    assert.ok(prepared.ok);
    assert.deepEqual(steps, ['pause before the engine', 'pause after the engine']);
    assert.equal(fresh.citeSync({ style: 'chicago-author-date', form: 'plain', items: [{ key: 'crossan2025' }] }).ok, true);
  });

  it('says a style must be prepared before a synchronous citation', () => {
    const fresh = new Citations(sources);
    const result = fresh.citeSync({ style: 'harvard-cite-them-right', form: 'plain', items: [{ key: 'crossan2025' }] });
    assert.match(result.ok ? '' : result.message, /not loaded yet: call prepare\("harvard-cite-them-right"\)/);
  });
});

describe('Citations: escaping for Markdown and HTML', () => {
  const hostile: SourceMeta = {
    key: 'hostile',
    type: 'webpage',
    title: '<script>alert(1)</script> *bold* & [link](command:x)',
    author: [{ family: 'Smith & Sons' }],
    date: '2020',
  };
  const withHostile = new Citations([...sources, hostile]);

  it('escapes a title’s markup in an HTML preview entry', async () => {
    const result = await withHostile.bibliography('chicago-author-date', ['hostile'], 'html');
    assert.ok(result.ok);
    const html = result.value[0];
    assert.ok(!html.includes('<script>'), html);
    assert.ok(html.includes('&#38;'), html);
  });

  it('escapes Markdown markup in a footnote so a title cannot become a link or emphasis', async () => {
    const result = await withHostile.cite({ style: 'chicago-author-date', form: 'footnote', items: [{ key: 'hostile' }] });
    assert.ok(result.ok);
    assert.equal(result.value, '(Smith & Sons 2020)');
    const entry = await withHostile.bibliography('chicago-author-date', ['hostile'], 'markdown');
    assert.ok(entry.ok);
    // Chicago title-cases the title ("Link"); what matters is that every * [ ] < > is escaped.
    assert.ok(entry.value[0].includes('\\*bold\\* & \\[Link\\](Command:X)'), entry.value[0]);
    assert.ok(entry.value[0].includes('\\<script\\>'), entry.value[0]);
  });
});

describe('Citations: titles that start with “!” or “#”', () => {
  const marked: SourceMeta[] = [
    { key: 'kung', type: 'book', title: '!Kung people of the Kalahari', author: [{ family: 'Lee', given: 'Richard' }], date: '1979' },
    { key: 'number', type: 'book', title: '#12 and counting', author: [{ family: 'Lee', given: 'Richard' }], date: '1980' },
    // citeproc-js's abbreviation syntax ("!field>>>") read this with a regex in exponential time: it never returned.
    { key: 'marks', type: 'entry-encyclopedia', title: '!f'.repeat(40), author: [{ family: 'Lee', given: 'Richard' }], date: '1981' },
  ];
  const withMarks = new Citations(marked);

  it('prints the mark once, inside the title, as the writer typed it', async () => {
    const result = await withMarks.bibliography('apa', ['kung', 'number'], 'markdown');
    assert.ok(result.ok);
    assert.deepEqual(result.value, ['Lee, R. (1979). *!Kung people of the Kalahari*.', 'Lee, R. (1980). *#12 and counting*.']);
  });

  it('formats a title of forty “!f” in every output', async () => {
    for (const output of ['text', 'html', 'markdown', 'latex'] as const) {
      const result = await withMarks.bibliography('chicago-author-date', ['marks'], output);
      assert.ok(result.ok);
      assert.equal(result.value.length, 1);
      assert.ok(result.value[0].includes(`“${'!F'.repeat(40)}.”`), result.value[0]); // Chicago title-cases it
    }
  });
});

describe('Citations: telling apart two works by one author in one year', () => {
  // Two 2014 pieces by Byrne among forty other authors' works, cited one after another as a writer would: the
  // second citation must carry a year suffix, and the bibliography must give the same letters.
  const others: SourceMeta[] = Array.from({ length: 40 }, (_, i) => ({
    key: `other${i}`,
    type: 'article-magazine',
    title: `Report number ${i}`,
    author: [{ family: `Author${String.fromCharCode(65 + (i % 26))}${i}`, given: 'Jo' }],
    date: `${1985 + (i % 30)}`,
  }));
  const byrneA: SourceMeta = { key: 'byrneA', type: 'article-magazine', title: 'Another Piece on Pride', author: [{ family: 'Byrne', given: 'Liam' }], date: '2014-10' };
  const byrneB: SourceMeta = { key: 'byrneB', type: 'article-magazine', title: 'Pride and the Miners', author: [{ family: 'Byrne', given: 'Liam' }], date: '2014-11' };

  it('adds “a” and “b” once both are cited, after many other sources were cited first', async () => {
    const library = new Citations([...others, byrneA, byrneB]);
    const citeOne = async (key: string): Promise<string> => {
      const result = await library.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key }] });
      assert.ok(result.ok, result.ok ? '' : result.message);
      return result.value;
    };
    for (const other of others) await citeOne(other.key);
    assert.equal(await citeOne('byrneA'), '(Byrne 2014)');
    assert.equal(await citeOne('byrneB'), '(Byrne 2014b)');
    assert.equal(await citeOne('byrneA'), '(Byrne 2014a)');
    const entries = await library.bibliography('chicago-author-date', ['byrneA', 'byrneB'], 'text');
    assert.ok(entries.ok);
    // Chicago replaces a repeated author with a 3-em dash.
    assert.deepEqual(entries.value.map((entry) => entry.split('. “')[0]), ['Byrne, Liam. 2014a', '———. 2014b']);
  });

  it('tells the two apart among the sources the document cites, whatever was cited before elsewhere', async () => {
    const library = new Citations([...others, byrneA, byrneB]);
    const citeIn = async (key: string, cited: string[]): Promise<string> => {
      const result = await library.cite({ style: 'chicago-author-date', form: 'plain', items: [{ key }], cited });
      assert.ok(result.ok, result.ok ? '' : result.message);
      return result.value;
    };
    // A document citing only one of them: no letter, even though the other was cited for another document.
    assert.equal(await citeIn('byrneB', ['other1', 'byrneB']), '(Byrne 2014)');
    assert.equal(await citeIn('byrneA', ['other2']), '(Byrne 2014)');
    // A document citing both, later in it too: the letters the document's bibliography will give.
    assert.equal(await citeIn('byrneA', ['byrneB']), '(Byrne 2014a)');
    assert.equal(await citeIn('byrneB', ['byrneA', 'byrneB']), '(Byrne 2014b)');
    // A hover card's reference in between does not change what the document's citations say.
    assert.ok((await library.reference('chicago-author-date', 'byrneA')).ok);
    assert.equal(await citeIn('byrneB', ['byrneA', 'byrneB']), '(Byrne 2014b)');
    // Keys no source has (a typo in the draft) are left out rather than breaking the citation.
    assert.equal(await citeIn('byrneA', ['byrneB', 'nosuchkey']), '(Byrne 2014a)');
  });
});

describe('Citations: many paragraphs of one source', () => {
  it('gives each paragraph its own number, in every bundled style, whatever was cited just before', async () => {
    const library = new Citations(sources);
    for (const style of library.styles()) {
      for (const form of ['plain', 'footnote'] as const) {
        const texts = new Map<number, string>();
        for (const paragraph of [4, 17, 4, 123, 17]) {
          const result = await library.cite({ style: style.id, form, items: [{ key: 'crossan2025', paragraph }, { key: 'byrne2014', paragraph: paragraph + 1 }] });
          assert.ok(result.ok, result.ok ? '' : result.message);
          // The style may put the sources in its own order (APA: alphabetical).
          for (const number of [paragraph, paragraph + 1]) assert.match(result.value, new RegExp(`\\b${number}\\b`), `${style.id} ${form}: ${result.value}`);
          assert.doesNotMatch(result.value, /98765/, `${style.id} ${form}: a stand-in number was left in: ${result.value}`);
          // The same request gives the same text every time.
          if (texts.has(paragraph)) assert.equal(result.value, texts.get(paragraph));
          texts.set(paragraph, result.value);
        }
        // Only the numbers differ between paragraphs.
        assert.equal(texts.get(4)?.replace(/\b4\b/, '#').replace(/\b5\b/, '#'), texts.get(17)?.replace(/\b17\b/, '#').replace(/\b18\b/, '#'));
      }
    }
  });

  it('formats the real number when a style writes locators its own way (roman numerals)', async () => {
    const roman = MINIMAL_STYLE.replace('<text variable="locator"/>', '<number variable="locator" form="roman"/>').replace('writers-own', 'writers-roman');
    const library = new Citations(sources);
    const added = await library.addStyle(roman, 'writers-roman');
    assert.ok(added.ok, added.ok ? '' : added.message);
    const cite = async (paragraph: number) => {
      const result = await library.cite({ style: added.value.id, form: 'plain', items: [{ key: 'crossan2025', paragraph }] });
      assert.ok(result.ok, result.ok ? '' : result.message);
      return result.value;
    };
    assert.equal(await cite(4), '[Crossan para. iv]');
    assert.equal(await cite(17), '[Crossan para. xvii]');
  });
});

describe('Citations: a bibliography asked for again', () => {
  it('is formatted once until the library changes (a preview asks for it at every render), then with the new facts', async () => {
    // citeproc-js's own bibliography call, counted (50 entries take it 90–150 ms each time).
    const csl = (await import('citeproc')) as unknown as { default?: { Engine: { prototype: { makeBibliography: (...args: unknown[]) => unknown } } }; Engine?: { prototype: { makeBibliography: (...args: unknown[]) => unknown } } };
    const engine = (csl.default ?? csl).Engine!.prototype;
    const original = engine.makeBibliography;
    let formatted = 0;
    engine.makeBibliography = function (this: unknown, ...args: unknown[]) {
      formatted++;
      return original.apply(this, args);
    };
    try {
      const own = new Citations(sources);
      const keys = ['crossan2025', 'byrne2014', 'wikipedia-lgsm'];
      const first = await own.bibliography('apa', keys, 'html');
      assert.ok(first.ok);
      assert.equal(formatted, 1);
      // A citation and a hover card's reference between two renders do not make it formatted again.
      assert.ok((await own.cite({ style: 'apa', items: [{ key: 'byrne2014' }], form: 'plain' })).ok);
      assert.ok((await own.reference('apa', 'crossan2025')).ok);
      const counted = formatted;
      assert.deepEqual(await own.bibliography('apa', keys, 'html'), first);
      assert.equal(formatted, counted, 'the same bibliography, not formatted again');
      assert.equal((await own.bibliography('apa', keys, 'text')).ok, true);
      assert.equal(formatted, counted + 1, 'another output is formatted');
      own.setSources(sources.map((meta) => (meta.key === 'byrne2014' ? { ...meta, title: 'Pride and prejudice, revised' } : meta)));
      const after = await own.bibliography('apa', keys, 'html');
      assert.ok(after.ok && after.value.some((entry) => entry.includes('Pride and prejudice, revised')), 'the library changed: formatted with the new title');
      assert.equal(formatted, counted + 2);
    } finally {
      engine.makeBibliography = original;
    }
  });
});
