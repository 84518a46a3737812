// Hostile sources at the core: markup, HTML, `command:` links and `javascript:` URLs in a source's title, text,
// author, or an entity's name, description and facts are shown as text in every card, whose only links run
// Sourcebook's own commands; huge, binary, badly encoded or deeply nested files are refused as values, in bounded time.
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { entityCardData, renderAmbiguousCard, renderCitationCard, renderEntityCard, renderFullCard, simpleCitation, type CardLink } from '../../src/core/cards/card';
import { Library } from '../../src/core/library';
import { parseEntities } from '../../src/core/names/entityIndex';
import { decodeSource, parseSource } from '../../src/core/sources/sourceParser';
import type { Entity } from '../../src/core/types';

/** The most permissive reading: raw HTML and bare URLs on. Escaped text must stay text even so. */
const markdown = new MarkdownIt({ html: true, linkify: true });

const HOSTILE: Record<string, string> = {
  'a command link': '[Open a terminal](command:workbench.action.terminal.new)',
  'a command link with arguments': '[x](command:sourcebook.openSource?%5B%22evil%22%5D "t")',
  'a javascript: URL': '[click](javascript:alert(1))',
  'an autolink': '<javascript:alert(1)> <command:workbench.action.quit> https://evil.example/x',
  'raw HTML': '<img src=x onerror="alert(1)"><script>alert(1)</script><a href="command:workbench.action.quit">quit</a>',
  'a reference link': '[go][r]\n\n[r]: command:workbench.action.quit',
  'an image': '![pic](https://evil.example/track.png)',
  'emphasis and code': '**bold** _it_ `code` ~~gone~~',
  'a heading and a list': '# Heading\n- item\n1. item\n> quote',
  'HTML entities': '&lt;b&gt; &#106;avascript: &amp;',
  'a theme icon': '$(zap) $(terminal)',
  'a table and a rule': '| a | b |\n|---|---|\n| c | d |\n\n---',
};

/** The text a reader sees in the rendered HTML (tags removed, entities decoded, white space collapsed). */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/<(?:a|img)\b[^>]*\b(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
}

/**
 * `own`: structure the card has by design (the full card's headings, the citation card's quoted paragraphs); it
 * must come only from the card's own lines, counted from the Markdown it wrote.
 */
function assertSafe(card: string, hostile: string, what: string, own: 'headings' | 'quotes' | 'none' = 'none'): void {
  const html = markdown.render(card);
  for (const target of hrefs(html)) assert.match(target, /^command:sourcebook\.[A-Za-z]+(\?|$)/, `${what}: only Sourcebook's own commands are links (${target})`);
  assert.doesNotMatch(html, /<(?:img|script|iframe|table|hr|ol)\b/i, `${what}: no HTML or block structure from the text`);
  const headings = (html.match(/<h[1-6]\b/g) ?? []).length;
  const quotes = (html.match(/<blockquote\b/g) ?? []).length;
  assert.equal(headings, own === 'headings' ? (card.match(/^#{1,6} /gm) ?? []).length : 0, `${what}: only the card's own headings`);
  assert.equal(quotes, own === 'quotes' ? (card.match(/^> /gm) ?? []).length : 0, `${what}: only the card's own quoted paragraphs`);
  assert.ok(visibleText(html).includes(hostile.replace(/\s+/g, ' ')), `${what}: the text is shown as written`);
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** A library whose source and entity carry the hostile text in every field a card shows. */
function hostileLibrary(hostile: string): Library {
  const source = parseSource(
    [
      '---',
      'key: hostile',
      `title: ${yamlString(hostile)}`,
      'author:',
      `  - family: ${yamlString(hostile)}`,
      '    given: Eve',
      'type: webpage',
      'date: 2024',
      '---',
      `Mallory Smith wrote this. ${hostile.replace(/\n/g, ' ')}`,
      '',
    ].join('\n'),
    'hostile.md',
  );
  assert.ok(source.source, `the hostile source parses: ${JSON.stringify(source.problems)}`);
  const entity: Entity = {
    id: 'mallory',
    name: 'Mallory Smith',
    type: 'person',
    aliases: [{ text: 'Mallory Smith' }],
    description: hostile,
    facts: [{ text: hostile, cites: [{ source: 'hostile', paragraph: 1 }] }],
    related: [],
    mentions: [],
  };
  const named: Entity = { ...entity, id: 'named', name: hostile.replace(/\n/g, ' '), aliases: [{ text: 'Eve Named' }], description: 'Plain.' };
  return new Library({ sources: [source.source], entities: [entity, named] });
}

const link = (entity: { id: string }): CardLink[] => [
  { label: 'Show Card', command: 'sourcebook.showEntityCard', args: [entity.id], tooltip: 'Open "the" card' },
  { label: 'Cite', command: 'sourcebook.citeEntity', args: [entity.id, ')](command:workbench.action.quit)'] },
];

describe('Hostile text in sources and entities is shown as text in every card', () => {
  for (const [name, hostile] of Object.entries(HOSTILE)) {
    it(`shows ${name} as text, with no link but Sourcebook's own`, () => {
      const library = hostileLibrary(hostile);
      const cite = (refs: Parameters<typeof simpleCitation>[1]) => simpleCitation(library, refs);
      const flat = hostile.replace(/\n/g, ' ');

      const data = entityCardData(library, 'mallory', cite);
      assert.ok(data, 'the entity has a card');
      assertSafe(renderEntityCard(data, link({ id: 'mallory' })), flat, 'entity card (description, fact)');
      const named = entityCardData(library, 'named', cite);
      assert.ok(named);
      assertSafe(renderEntityCard(named, link({ id: 'named' })), flat, 'entity card (name)');
      const full = renderFullCard(library, 'mallory', cite) ?? '';
      assertSafe(full, flat, 'full card', 'headings');
      const candidates = ['mallory', 'named'].map((id) => library.entity(id)).filter((e): e is Entity => !!e);
      assertSafe(renderAmbiguousCard(hostile, candidates, link), flat, 'ambiguous card');
      assertSafe(
        renderCitationCard(library, [{ key: 'hostile', paragraph: 1 }], () => undefined, () => link({ id: 'hostile' })),
        flat,
        'citation card (title, author, paragraph)',
        'quotes',
      );
      assertSafe(renderCitationCard(library, [{ problem: hostile }], () => undefined, () => []), flat, 'citation card (problem)');
    });
  }
});

describe('Hostile files are refused as values within a bounded time', () => {
  function cpuMs(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  function timed<T>(work: () => T, boundMs: number, what: string): T {
    const started = cpuMs();
    const result = work();
    const spent = cpuMs() - started;
    assert.ok(spent < boundMs, `${what}: ${Math.round(spent)} ms of CPU (bound ${boundMs})`);
    return result;
  }
  const frontMatter = (yaml: string) => `---\nkey: k\ntitle: T\nauthor: A\ntype: webpage\n${yaml}\n---\nA paragraph.\n`;

  it('reads a 5 MB single line as one paragraph, and finds a name at its end, in bounded time', () => {
    const line = `${'word '.repeat(1_000_000)}Mallory Smith`;
    const parsed = timed(() => parseSource(frontMatter('').replace('A paragraph.', line), 'big.md'), 3000, 'parse');
    assert.equal(parsed.source?.paragraphs.length, 1);
    const library = hostileLibrary('x');
    const paragraph = parsed.source?.paragraphs[0].text ?? '';
    const match = timed(() => library.entityAt(paragraph, paragraph.length - 2), 200, 'name at the end of a 5 MB line');
    assert.equal(match?.entityId, 'mallory');
  });

  it('refuses a binary file with a message', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const result = timed(() => decodeSource(bytes, 'image.md'), 100, 'binary');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /binary/);
  });

  it('refuses invalid UTF-8 with a message', () => {
    const bytes = new TextEncoder().encode('---\nkey: k\n---\nCaf');
    const broken = new Uint8Array([...bytes, 0xc3, 0x28, 0xff, 0xfe]);
    const result = timed(() => decodeSource(broken, 'latin1.md'), 100, 'invalid UTF-8');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /UTF-8/);
  });

  it('refuses a file over the size limit before reading it', () => {
    const result = timed(() => decodeSource(new Uint8Array(11 * 1024 * 1024), 'huge.md'), 200, 'over the limit');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /limit/);
  });

  it('refuses deeply nested YAML in the front matter and in the entity index', () => {
    for (const nested of ['['.repeat(100_000), '{a: '.repeat(20_000), Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}- x`).join('\n')]) {
      const parsed = timed(() => parseSource(frontMatter(`note: ${nested}`), 'deep.md'), 1000, 'deep front matter');
      assert.equal(parsed.source, undefined);
      assert.ok(parsed.problems[0]?.message.length > 10);
      const entities = timed(() => parseEntities(`entities: ${nested}`, 'entities.yaml'), 1000, 'deep entity index');
      assert.ok(entities.problems.length > 0 && entities.problems[0].message.length > 10);
    }
  });

  it('refuses huge keys and thousands of fields with a message', () => {
    const hugeKey = timed(() => parseSource(frontMatter('').replace('key: k', `key: ${'k'.repeat(300_000)}`), 'key.md'), 1000, 'huge key');
    assert.equal(hugeKey.source, undefined);
    assert.ok(hugeKey.problems[0]?.message.length > 10);
    const fields = Array.from({ length: 2500 }, (_, i) => `field${i}: value`).join('\n');
    const many = timed(() => parseSource(frontMatter(fields), 'fields.md'), 1000, 'thousands of fields');
    assert.ok(many.source, 'unknown fields are only warnings');
    assert.ok(many.problems.length <= 11, `warned about ${many.problems.length} fields, not thousands`);
    const sections = Array.from({ length: 5000 }, (_, i) => `section${i}: value`).join('\n');
    const index = timed(() => parseEntities(`entities: []\n${sections}`, 'entities.yaml'), 1500, 'thousands of sections');
    assert.ok(index.problems.length <= 11, `warned about ${index.problems.length} sections, not thousands`);
  });
});
