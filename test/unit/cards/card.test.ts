import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import fc from 'fast-check';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import {
  commandUri,
  entityCardData,
  escapeMarkdownText,
  fullCardInputs,
  markdownLink,
  mentionSnippet,
  pickText,
  renderAmbiguousCard,
  renderFullCard,
  renderCitationCard,
  renderEntityCard,
  renderSpeechCard,
  resolveCitation,
  sameCardInputs,
  simpleCitation,
} from '../../../src/core/cards/card';
import type { CardLink } from '../../../src/core/cards/card';
import { Library } from '../../../src/core/library';
import { citationAtOffset } from '../../../src/core/drafts/draftReader';
import { authorDate, citedName, readerLayout, readerOffsetAt, readerRange, sourceLabel } from '../../../src/core/sources/readerText';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Entity, Source } from '../../../src/core/types';
import { entity as person, notesSource } from '../helpers/fixtures';

// The most permissive reading: raw HTML and bare-URL links on. Escaped text must stay text even so.
const markdown = new MarkdownIt({ html: true, linkify: true });

function links(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);
}

const HOSTILE = '[run me](command:workbench.action.terminal.new) <img src=x onerror="alert(1)"> [js](javascript:alert(1)) $(zap) **bold** `code` &amp; https://evil.example';

function hostileLibrary(): Library {
  const text = [
    '---',
    'key: hostile',
    `title: '${HOSTILE.replace(/'/g, "''")}'`,
    'author:',
    "  - family: '<script>alert(1)</script>'",
    'type: webpage',
    'date: 2020',
    '---',
    `Evil ${HOSTILE} paragraph naming Mark Ashton.`,
    '',
  ].join('\n');
  const parsed = parseSource(text, 'hostile.md');
  assert.ok(parsed.source, JSON.stringify(parsed.problems));
  const entity: Entity = {
    id: 'mark-ashton',
    name: 'Mark Ashton',
    type: 'person',
    aliases: [],
    description: `Description ${HOSTILE}`,
    facts: [{ text: `Fact ${HOSTILE}`, cites: [{ source: 'hostile', paragraph: 1 }] }],
    related: [],
    mentions: [],
  };
  return new Library({ sources: [parsed.source], entities: [entity] });
}

const cite: CardLink = { label: 'Insert citation', command: 'sourcebook.citeEntity', args: ['mark-ashton'], tooltip: 'Cite "it"' };

describe('Cards', () => {
  describe('escaping', () => {
    it('shows a hostile title, description and fact as text: no link, image, HTML or icon forms', () => {
      const lib = hostileLibrary();
      const card = entityCardData(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs));
      assert.ok(card);
      const html = markdown.render(renderEntityCard(card, [cite]));
      assert.deepEqual(links(html), [commandUri(cite)], 'the only link is the card’s own command');
      assert.doesNotMatch(html, /<img|<script/i);
      assert.match(html, /\[run me\]\(command:workbench\.action\.terminal\.new\)/, 'the hostile text is shown as written');
      assert.match(html, /\$\(zap\)/);
    });

    it('shows a hostile source title in a citation card as text', () => {
      const lib = hostileLibrary();
      const found = citationAtOffset('See [@hostile, para. 1].', 8);
      assert.ok(found);
      const html = markdown.render(renderCitationCard(lib, resolveCitation(lib, found), () => undefined, () => []));
      assert.deepEqual(links(html), []);
      assert.doesNotMatch(html, /<img|<script/i);
      assert.match(html, /Evil \[run me\]/);
    });

    it('keeps any text as text, whatever characters it has', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
          const html = markdown.render(escapeMarkdownText(text));
          return links(html).length === 0 && !/<(?!\/?p>)[a-z]/i.test(html.replace(/<br>/g, ''));
        }),
        { numRuns: 1000 },
      );
    });

    it('keeps a command link whole whatever its arguments hold', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), (arg, label) => {
          const link: CardLink = { label, command: 'sourcebook.showPassages', args: [arg], tooltip: label };
          const html = markdown.render(markdownLink(link));
          const hrefs = links(html);
          if (hrefs.length !== 1) return false;
          const uri = decodeURIComponent(hrefs[0].replace(/&amp;/g, '&'));
          return uri === `command:sourcebook.showPassages?${JSON.stringify([arg])}`;
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('entity cards from the bundled corpus', () => {
    const lib = bundledLibrary();

    it('gives Siân James her description and facts cited by author, year and paragraph', () => {
      const card = entityCardData(lib, 'sian-james', (refs) => simpleCitation(lib, refs));
      assert.ok(card);
      assert.equal(card.name, 'Siân James');
      assert.equal(card.type, 'person');
      assert.match(card.description, /Dulais mining community/);
      assert.equal(card.facts[0].citation, '(Byrne 2014, para. 15)');
      assert.match(card.facts[0].text, /tireless strikers/);
    });

    it('counts the sources that name Mark Ashton and shows at most three facts', () => {
      const card = entityCardData(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs));
      assert.ok(card);
      const expectedSources = lib.sources.filter((s) => s.paragraphs.some((p) => /\bAshton\b/.test(p.text))).length;
      assert.equal(card.sourceCount, expectedSources);
      assert.equal(card.facts.length, 3);
      assert.equal(card.moreFacts, lib.entity('mark-ashton')!.facts.length - 3);
      const text = renderEntityCard(card, []);
      assert.match(text, new RegExp(`in ${expectedSources} sources`));
    });

    it('returns no card for an unknown id', () => {
      assert.equal(entityCardData(lib, 'nobody-at-all', () => ''), undefined);
    });

    it('lists the candidates of an ambiguous word with their descriptions', () => {
      const candidates = ['sian-james', 'mark-ashton'].map((id) => lib.entity(id)!);
      const text = renderAmbiguousCard('James', candidates, () => []);
      assert.match(text, /\*\*James\*\* may name any of 2 entities/);
      assert.match(text, /Siân James/);
      assert.match(text, /Mark Ashton/);
    });
  });

  describe('citation cards', () => {
    const lib = bundledLibrary();

    it('shows the paragraph a Pandoc citation points at', () => {
      const draft = 'Siân James spoke of insight [@byrne2014, para. 16].';
      const found = citationAtOffset(draft, draft.indexOf('byrne'));
      assert.ok(found);
      const items = resolveCitation(lib, found);
      assert.deepEqual(items, [{ key: 'byrne2014', paragraph: 16 }]);
      const text = renderCitationCard(lib, items, () => 'REFERENCE', () => []);
      assert.match(text, /REFERENCE/);
      assert.match(text, /\\\[16\\\]/);
      assert.match(text, /insight into a way of life/);
    });

    it('says so when the key is unknown', () => {
      const draft = 'As [@nobody2099, para. 2] says.';
      const found = citationAtOffset(draft, 6);
      assert.ok(found);
      const text = renderCitationCard(lib, resolveCitation(lib, found), () => undefined, () => []);
      assert.match(text, /No source has the key \\"nobody2099\\"/);
    });

    it('says so when the paragraph does not exist', () => {
      const found = citationAtOffset('\\cite[para.~999]{crossan2025}', 3, 'latex');
      assert.ok(found);
      const items = resolveCitation(lib, found);
      assert.match(items[0].problem ?? '', /has no paragraph 999/);
    });

    it('finds the source a footnote names by its author', () => {
      const draft = 'He said so.[^1]';
      const found = citationAtOffset(draft, draft.indexOf('[^1]') + 1, 'markdown', (label) => (label === '1' ? 'Crossan, “An Ode to Solidarity”, para. 4.' : undefined));
      assert.ok(found);
      assert.deepEqual(resolveCitation(lib, found), [{ key: 'crossan2025', paragraph: 4 }]);
    });

    it('says a footnote reference without a note has none', () => {
      const found = citationAtOffset('Text.[^7]', 6, 'markdown', () => undefined);
      assert.ok(found);
      assert.match(resolveCitation(lib, found)[0].problem ?? '', /has no note/);
    });

    it('finds the source of an author-date citation', () => {
      const draft = 'Hands (Crossan 2025, para. 4).';
      const found = citationAtOffset(draft, 8);
      assert.ok(found);
      assert.deepEqual(resolveCitation(lib, found), [{ key: 'crossan2025', paragraph: 4 }]);
    });
  });

  describe('the full card and passage lists', () => {
    it('lists every fact and every passage of Mark Ashton, source by source', () => {
      const lib = bundledLibrary();
      const text = renderFullCard(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs));
      assert.ok(text);
      const entity = lib.entity('mark-ashton')!;
      assert.equal((text.match(/^- /gm) ?? []).length, entity.facts.length + entity.mentions.length);
      assert.equal((text.match(/^### /gm) ?? []).length, lib.sourcesMentioning('mark-ashton').length);
      assert.equal(renderFullCard(lib, 'nobody', () => ''), undefined);
    });

    it('keeps an open card as it is while sources that do not name it arrive, and renders it again when one does', () => {
      // A library of its own: the bundled one is shared by every test.
      const lib = new Library(bundledLibrary().toData(), { mentionsComputed: true });
      const render = () => renderFullCard(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs));
      const shown = { inputs: fullCardInputs(lib, 'mark-ashton'), card: render() };
      const unchanged = () => {
        const now = fullCardInputs(lib, 'mark-ashton');
        const same = sameCardInputs(shown.inputs, now);
        // Equal inputs make the same card; a card made from other inputs is shown anew.
        if (same) assert.equal(render(), shown.card);
        Object.assign(shown, { inputs: now, card: render() });
        return same;
      };
      lib.setSource(notesSource('weather', ['A note on the weather.']));
      assert.equal(unchanged(), true, 'a source that does not name him');
      lib.setEntities([...lib.entities, person('nia-haystack', 'Nia Haystack')], lib.ambiguous);
      assert.equal(unchanged(), true, 'a new author: every source read again for names');
      lib.setSource(notesSource('lodge', ['Mark Ashton spoke at the lodge.']));
      assert.equal(unchanged(), false, 'a source that names him');
      assert.match(shown.card ?? '', /Mark Ashton spoke at the lodge/);
      lib.setSource({ ...notesSource('lodge', ['Mark Ashton spoke at the lodge.']), meta: { ...notesSource('lodge', []).meta, title: 'Retitled notes' } });
      assert.equal(unchanged(), false, 'a source that names him, set again with another title');
      lib.setEntities(lib.entities.map((e) => (e.id === 'mark-ashton' ? { ...e, description: 'Another description.' } : e)), lib.ambiguous);
      assert.equal(unchanged(), false, 'his own entry described anew');
      assert.equal(sameCardInputs(fullCardInputs(lib, 'nobody'), fullCardInputs(lib, 'nobody')), true);
    });

    it('shows the first passages only when a name is mentioned more often, and says how many more there are', () => {
      const lib = bundledLibrary();
      const entity = lib.entity('mark-ashton')!;
      const sources = lib.sourcesMentioning('mark-ashton');
      const first = sources[0].mentions.length;
      assert.ok(sources.length > 1 && entity.mentions.length > first + 1, 'Mark Ashton should be named in several sources');
      const text = renderFullCard(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs), first + 1) ?? '';
      assert.equal((text.match(/^- \*\*/gm) ?? []).length, first + 1, 'passage lines');
      assert.equal((text.match(/^### /gm) ?? []).length, 2, 'sources listed');
      const more = entity.mentions.length - first - 1;
      const moreSources = sources.length - 2;
      assert.match(text, new RegExp(`\\*The first ${first + 1} are shown: ${more} more mentions?( \\(${moreSources} more sources?\\))?\\. Show Passages`));
      assert.match(text, new RegExp(`## Passages \\(${entity.mentions.length} mentions in ${sources.length} sources\\)`));
    });

    it('keeps a hostile description as text in the full card', () => {
      const lib = hostileLibrary();
      const html = markdown.render(renderFullCard(lib, 'mark-ashton', (refs) => simpleCitation(lib, refs)) ?? '');
      assert.deepEqual(links(html), []);
      assert.doesNotMatch(html, /<img|<script/i);
    });

    it('shows the words around a mention, cut at whole words, the name included', () => {
      const text = 'In the summer of 1984, with the strike a few months old, Mark Ashton and Mike Jackson collected money for the strikers.';
      const start = text.indexOf('Mark Ashton');
      const snippet = mentionSnippet(text, { start, end: start + 'Mark Ashton'.length }, 20, 10);
      assert.equal(snippet, '…old, Mark Ashton and Mike Jackson…'); // 10 characters back is "nths old, ": the cut word goes
      assert.equal(mentionSnippet('Mark Ashton spoke.', { start: 0, end: 11 }), 'Mark Ashton spoke.');
    });

    it('keeps "$(icon)" in quick pick text from turning into an icon', () => {
      assert.equal(pickText('Run $(zap) now\n'), 'Run $\u200B(zap) now ');
    });
  });

  describe('the reader layout', () => {
    const source: Source = bundledLibrary().source('crossan2025')!;

    it('numbers each paragraph as cited and maps positions back to the paragraph', () => {
      const layout = readerLayout(source, ['Header line']);
      const lines = layout.text.split('\n');
      const line4 = layout.lines.get(4)!;
      assert.ok(lines[line4].startsWith('[4] '));
      assert.ok(lines[line4].includes('lodge banner'));
      const range = readerRange(source, layout, 4, 2, 5)!;
      assert.equal(lines[line4].slice(range.start.character, range.end.character), source.paragraphs[3].text.slice(2, 5));
      assert.deepEqual(readerOffsetAt(source, layout, { line: line4, character: '[4] '.length + 10 }), { paragraph: 4, offset: 10 });
      assert.equal(readerOffsetAt(source, layout, { line: 0, character: 3 }), undefined);
    });

    it('labels a source by author, year and title (stored in sentence case)', () => {
      assert.equal(sourceLabel(source.meta), 'Crossan 2025 — An ode to solidarity and organisation');
      assert.equal(authorDate(source.meta, 4), '(Crossan 2025, para. 4)');
    });

    it('names the unsigned Wikipedia article by its title, never by a stand-in author', () => {
      const lib = bundledLibrary();
      const wikipedia = lib.source('wikipedia-lgsm')!;
      assert.equal(citedName(wikipedia.meta), '“Lesbians and Gays Support the Miners”');
      assert.equal(sourceLabel(wikipedia.meta), '“Lesbians and Gays Support the Miners” (n.d.)');
      assert.equal(authorDate(wikipedia.meta, 9), '(“Lesbians and Gays Support the Miners” n.d., para. 9)');
      assert.equal(simpleCitation(lib, [{ source: 'wikipedia-lgsm', paragraph: 4 }]), '(“Lesbians and Gays Support the Miners” n.d., para. 4)');
      const speech = wikipedia.quotations.find((q) => q.speakerName === 'The Sun')!;
      const card = renderSpeechCard(lib, 'wikipedia-lgsm', speech, []);
      assert.ok(card.endsWith('The source quotes these words in paragraph 9: cite them as quoted in “Lesbians and Gays Support the Miners” \\(n\\.d\\.\\).'), card);
      assert.doesNotMatch(card, /Wikipedia contributors|Anonymous/);
    });

    it('shows a title’s CSL case protection as plain text in labels', () => {
      const meta = { key: 'p', title: 'Reading <span class="nocase">bell hooks</span> on the picket line', author: [], type: 'webpage', date: '2019' };
      assert.equal(sourceLabel(meta), '“Reading bell hooks on the picket line” (2019)');
      assert.equal(sourceLabel({ ...meta, author: [{ family: 'Ng' }] }), 'Ng 2019 — Reading bell hooks on the picket line');
    });
  });
});
