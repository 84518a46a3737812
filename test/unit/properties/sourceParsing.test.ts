// Property tests of reading sources and the entity index: random bytes, the real corpus files truncated or
// damaged byte by byte, deeply nested YAML and huge keys all come back as values (a source, or problems with a
// message and a line inside the file), never an exception or a hang.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeSource, parseSource, type ParsedSource } from '../../../src/core/sources/sourceParser';
import { parseEntities } from '../../../src/core/names/entityIndex';
import { KEY_PATTERN } from '../../../src/core/sources/sourceParser';
import type { CoreError } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const CORPUS = join(__dirname, '..', '..', '..', 'corpus');
/** Any one file must be read within this much CPU time (CPU, not wall-clock: the machine may be busy). */
const BOUND_MS = 1000;

/** A clock of this process's CPU time in milliseconds, so other work on a busy machine does not count. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function corpusFiles(): Array<{ name: string; bytes: Uint8Array }> {
  const folder = join(CORPUS, 'sources');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(folder, name))) }));
}

function lineCount(text: string): number {
  return text.split(/\r\n?|\n/).length;
}

function assertProblems(problems: readonly CoreError[], text: string, what: string): void {
  const lines = lineCount(text);
  for (const problem of problems) {
    assert.equal(problem.ok, false, what);
    assert.equal(typeof problem.message, 'string', what);
    assert.ok(problem.message.trim().length > 0, `${what}: a problem says what is wrong`);
    assert.doesNotMatch(problem.message, /\bundefined\b|\bNaN\b|\[object Object\]/, `${what}: ${problem.message}`);
    assert.ok(problem.line === undefined || (Number.isInteger(problem.line) && problem.line >= 0 && problem.line < lines), `${what}: line ${problem.line} of ${lines}`);
  }
}

/** A parsed source is a source (well-formed) or problems, each a value; and it took bounded time. */
function assertParsed(parsed: ParsedSource, text: string, elapsed: number, what: string): void {
  assert.ok(elapsed < BOUND_MS, `${what}: read in ${Math.round(elapsed)} ms`);
  assert.ok(parsed.source !== undefined || parsed.problems.length > 0, `${what}: a source or a reason`);
  assertProblems(parsed.problems, text, what);
  const source = parsed.source;
  if (!source) return;
  assert.match(source.meta.key, KEY_PATTERN, what);
  assert.equal(typeof source.meta.title, 'string', what);
  assert.ok(Array.isArray(source.meta.author), what);
  source.paragraphs.forEach((paragraph, i) => {
    assert.equal(paragraph.number, i + 1, `${what}: paragraphs are numbered in order`);
    assert.ok(paragraph.text.length > 0 && paragraph.text === paragraph.text.trim(), `${what}: paragraph text`);
    assert.ok(paragraph.line >= 0 && paragraph.line < lineCount(text), `${what}: paragraph line`);
  });
  for (const quotation of source.quotations) {
    const paragraph = source.paragraphs[quotation.paragraph - 1];
    assert.ok(paragraph && quotation.start >= 0 && quotation.start < quotation.end && quotation.end <= paragraph.text.length, `${what}: quotation inside its paragraph`);
  }
}

/** Decodes and parses bytes as the loader does. */
function readBytes(bytes: Uint8Array, what: string): void {
  const started = cpuNow();
  const text = decodeSource(bytes, 'f.md');
  if (!text.ok) {
    assert.ok(text.message.includes('f.md') && text.message.length > 10, `${what}: ${text.message}`);
    assert.ok(cpuNow() - started < BOUND_MS, what);
    return;
  }
  const parsed = parseSource(text.value, 'f.md');
  assertParsed(parsed, text.value, cpuNow() - started, what);
}

/** A front matter around `yaml`, then a paragraph. */
function withFrontMatter(yaml: string): string {
  return `---\n${yaml}\n---\nA paragraph.\n`;
}

describe('Property: reading any bytes as a source', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  const files = corpusFiles();

  it('answers random bytes with a decoding error or a parse, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => readBytes(bytes, 'random bytes')),
      params(1000),
    );
  });

  it('reads every truncation of a real corpus file (cut at any byte, even inside a character)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.double({ min: 0, max: 1, noNaN: true }), (file, where) => {
        const cut = Math.floor(where * file.bytes.length);
        readBytes(file.bytes.subarray(0, cut), `${file.name} cut at ${cut}`);
      }),
      params(600),
    );
  });

  it('reads a real corpus file damaged by byte flips, insertions and deletions', () => {
    const damage = fc.array(
      fc.record({ kind: fc.constantFrom('flip', 'insert', 'delete', 'newline', 'quote'), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...files), damage, (file, changes) => {
        const bytes = [...file.bytes];
        // Most damage lands in the front matter, where the parser has the most to lose.
        const frontMatterEnd = Math.min(bytes.length, 2500);
        for (const change of changes) {
          const at = Math.floor(change.at * frontMatterEnd);
          if (change.kind === 'flip') bytes[at] = change.byte;
          else if (change.kind === 'insert') bytes.splice(at, 0, change.byte);
          else if (change.kind === 'delete') bytes.splice(at, 1 + (change.byte % 40));
          else if (change.kind === 'newline') bytes.splice(at, 0, 10);
          else bytes.splice(at, 0, [34, 39, 91, 123, 58, 45][change.byte % 6]);
        }
        readBytes(new Uint8Array(bytes), `${file.name} damaged`);
      }),
      params(800),
    );
  });

  it('answers deeply nested YAML, in brackets, indentation or lists, with an error value in bounded time', () => {
    const nesting = fc.record({
      style: fc.constantFrom('flow-list', 'flow-map', 'indent-map', 'block-list', 'mixed'),
      depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 20000 })),
      field: fc.constantFrom('title', 'author', 'note', 'quotations', 'x'),
    });
    fc.assert(
      fc.property(nesting, ({ style, depth, field }) => {
        let value: string;
        if (style === 'flow-list') value = `${'['.repeat(depth)}x${']'.repeat(depth)}`;
        else if (style === 'flow-map') value = `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
        else if (style === 'mixed') value = `${'[{a: '.repeat(depth)}x${'}]'.repeat(depth)}`;
        else if (style === 'indent-map') value = '\n' + Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') + ' x';
        else value = '\n' + Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${'  '.repeat(i)}-`).join('\n') + ' x';
        const text = withFrontMatter(`key: k\ntitle: T\nauthor: A\ntype: webpage\n${field}: ${value}`);
        const started = cpuNow();
        const parsed = parseSource(text, 'f.md');
        assertParsed(parsed, text, cpuNow() - started, `${style} ×${depth} in ${field}`);
      }),
      params(200),
    );
  });

  it('answers huge keys, field names, values and many fields with an error value in bounded time', () => {
    const huge = fc.record({
      where: fc.constantFrom('key value', 'field name', 'title', 'author family', 'many fields', 'anchors', 'long line'),
      size: fc.oneof(fc.integer({ min: 100, max: 5000 }), fc.integer({ min: 5000, max: 2_000_000 })),
      ch: fc.constantFrom('x', 'é', '😀', ' ', ':', '"', '\\'),
    });
    fc.assert(
      fc.property(huge, ({ where, size, ch }) => {
        const big = ch.repeat(Math.ceil(size / ch.length));
        let yaml = 'key: k\ntitle: T\nauthor: A\ntype: webpage';
        if (where === 'key value') yaml = yaml.replace('key: k', `key: ${big}`);
        else if (where === 'field name') yaml += `\n${JSON.stringify(big)}: 1`;
        else if (where === 'title') yaml = yaml.replace('title: T', `title: ${JSON.stringify(big)}`);
        else if (where === 'author family') yaml = yaml.replace('author: A', `author:\n  - family: ${JSON.stringify(big)}`);
        else if (where === 'many fields') yaml += Array.from({ length: Math.min(size, 50000) / 10 }, (_, i) => `\nf${i}: v`).join('');
        else if (where === 'anchors') yaml += `\na: &a [${'x,'.repeat(Math.min(size, 1000))}]\n` + Array.from({ length: 10 }, (_, i) => `b${i}: [*a, *a, *a, *a]`).join('\n');
        else yaml = `${yaml}\n# ${big}`;
        const text = withFrontMatter(yaml);
        const started = cpuNow();
        const parsed = parseSource(text, 'f.md');
        assertParsed(parsed, text, cpuNow() - started, `${where} of ${size}`);
        if (where === 'key value' && ch !== 'x') assert.equal(parsed.source, undefined, 'a key of other characters is refused');
      }),
      params(150),
    );
  });
});

describe('Property: reading any text as the entity index', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  const entities = readFileSync(join(CORPUS, 'entities.yaml'), 'utf8');

  function assertEntities(text: string, what: string): void {
    const started = cpuNow();
    const file = parseEntities(text, 'entities.yaml');
    assert.ok(cpuNow() - started < BOUND_MS, `${what}: bounded time`);
    assertProblems(file.problems, text, what);
    const ids = new Set<string>();
    for (const entity of file.entities) {
      assert.ok(typeof entity.id === 'string' && entity.id.length > 0 && !ids.has(entity.id), `${what}: ids unique`);
      ids.add(entity.id);
      assert.ok(typeof entity.name === 'string' && entity.name.trim().length > 0, `${what}: a name`);
    }
  }

  it('reads any truncation or damage of the real entity index as entities and problems', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('[', ']', '{', '}', ':', '- ', '\n', '"', "'", '&a ', '*a', '!!binary ', '<<: ', '\t', '#', '', '\u0085') }), { maxLength: 5 }),
        (cut, changes) => {
          let text = entities.slice(0, Math.floor(cut * entities.length));
          for (const change of changes) {
            const at = Math.floor(change.at * text.length);
            text = text.slice(0, at) + change.text + text.slice(at);
          }
          assertEntities(text, `cut at ${Math.floor(cut * entities.length)}`);
        },
      ),
      params(120),
    );
  });

  it('answers random text, deep nesting, huge keys and thousands of sections with values', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 500 }),
      fc.integer({ min: 1, max: 20000 }).map((depth) => `entities: ${'['.repeat(depth)}${']'.repeat(depth)}`),
      fc.integer({ min: 1, max: 3000 }).map((depth) => `entities:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- `).join('\n')}x`),
      fc.integer({ min: 1000, max: 200_000 }).map((size) => `entities:\n  - id: ${'k'.repeat(size)}\n    name: N\n    type: person\n`),
      fc.integer({ min: 100, max: 5000 }).map((count) => `entities: []\n${Array.from({ length: count }, (_, i) => `k${i}: v`).join('\n')}\n`),
    );
    fc.assert(
      fc.property(texts, (text) => assertEntities(text, `text of ${text.length}`)),
      params(200),
    );
  });
});
