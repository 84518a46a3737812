// The real bundled corpus: it must pass the build checks, and every name in it must be found where it is.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { buildIndex, parseEntities } from '../../../src/core/names/entityIndex';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import type { Source } from '../../../src/core/types';
import { NodeFileSystem } from '../helpers/nodeFileSystem';

const CORPUS = join(__dirname, '..', '..', '..', 'corpus');

describe('The bundled corpus', () => {
  const library = bundledLibrary();

  it('passes every build check when read through the FileSystem interface', async () => {
    const files = new OwnSourceFiles(new NodeFileSystem());
    const folder = join(CORPUS, 'sources');
    const sources: Source[] = [];
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.md')).sort()) {
      const read = await files.readFile(join(folder, name));
      assert.deepEqual(read?.problems, [], name);
      if (read?.source) sources.push(read.source);
    }
    const entityFile = parseEntities(readFileSync(join(CORPUS, 'entities.yaml'), 'utf8'), 'corpus/entities.yaml');
    assert.deepEqual(entityFile.problems, []);
    const index = buildIndex(entityFile, sources, { requireAliasesFound: true });
    assert.deepEqual(index.problems, []);
    // The bundled JSON was built from the same files: same mentions.
    const bundledMentions = library.entities.reduce((sum, e) => sum + e.mentions.length, 0);
    assert.equal(index.entities.reduce((sum, e) => sum + e.mentions.length, 0), bundledMentions);
  });

  it('has the four sources and at least 80 entities, every one named somewhere', () => {
    assert.equal(library.sources.length, 4);
    assert.ok(library.entities.length >= 80, `${library.entities.length} entities`);
    const unnamed = library.entities.filter((e) => e.mentions.length === 0).map((e) => e.id);
    // An entity may be named only through an ambiguous word or inside a longer name; list them for a human.
    assert.ok(unnamed.length < library.entities.length / 4, `never named on their own: ${unnamed.join(', ')}`);
  });

  it('finds every entity at each of its mentions, from any letter of the name', () => {
    let checked = 0;
    for (const entity of library.entities) {
      for (const mention of entity.mentions) {
        const text = library.paragraph(mention.source, mention.paragraph)?.text ?? '';
        assert.equal(text.slice(mention.start, mention.end), mention.text);
        for (const offset of [mention.start, Math.floor((mention.start + mention.end) / 2), mention.end - 1]) {
          const match = library.entityAt(text, offset);
          assert.equal(match?.entityId, entity.id, `${entity.id} at ${mention.source}#${mention.paragraph}:${offset} "${mention.text}"`);
          assert.deepEqual([match.start, match.end], [mention.start, mention.end]);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} positions checked`);
  });

  it('finds every multi-word mention when the name is wrapped across two lines', () => {
    for (const entity of library.entities) {
      for (const mention of entity.mentions) {
        const space = mention.text.indexOf(' ');
        if (space < 0) continue;
        const text = library.paragraph(mention.source, mention.paragraph)?.text ?? '';
        const wrapped = `${text.slice(0, mention.start + space)}\n${text.slice(mention.start + space + 1)}`;
        const match = library.entityAt(wrapped, mention.end - 1);
        assert.equal(match?.entityId, entity.id, `${entity.id}: "${mention.text}" wrapped`);
      }
    }
  });

  it('finds every alias of every entity in a writer’s sentence, with and without accents, and possessive', () => {
    for (const entity of library.entities) {
      for (const alias of entity.aliases) {
        const variants = [alias.text, alias.text.normalize('NFD').replace(/\p{M}/gu, '')];
        if (!alias.caseSensitive) variants.push(alias.text.toUpperCase());
        for (const variant of variants) {
          for (const sentence of [`Then ${variant} arrived.`, `It was ${variant}’s turn.`]) {
            const offset = sentence.indexOf(variant) + variant.length - 1;
            const match = library.entityAt(sentence, offset);
            assert.ok(match, `${entity.id}: "${variant}" in "${sentence}"`);
            const named = match.entityId === entity.id || match.candidates?.includes(entity.id);
            // A longer alias of another entity may contain this one ("Pride" in "London Pride" is not the case here,
            // but "Dulais" inside a title is): then the match must be that longer name, never a shorter one.
            assert.ok(named || match.end - match.start > variant.length, `${entity.id}: "${variant}" found ${JSON.stringify(match)}`);
          }
        }
      }
    }
  });

  it('finds Siân James from "Sian James", and Mark Ashton from "Ashton’s" and "Ashton\'s"', () => {
    assert.equal(library.entityAt('Sian James spoke in the Commons.', 2)?.entityId, 'sian-james');
    for (const text of ['Ashton’s funeral', "Ashton's funeral"]) assert.equal(library.entityAt(text, 2)?.entityId, 'mark-ashton');
  });

  it('finds nothing in "a matter of pride", but "Pride" is the film', () => {
    assert.equal(library.entityAt('It was a matter of pride.', 22), undefined);
    assert.deepEqual(library.namesIn('It was a matter of pride.'), []);
    const pride = library.entityAt('We watched Pride last night.', 13);
    assert.equal(pride?.entityId, 'pride-film');
    assert.equal(library.entity('pride-film')?.type, 'work');
  });

  it('calls "James" and "Jackson" alone ambiguous, listing the candidates', () => {
    for (const [text, candidate] of [
      ['James said so.', 'sian-james'],
      ['Jackson said so.', 'mike-jackson'],
    ]) {
      const match = library.entityAt(text, 2);
      assert.equal(match?.entityId, undefined, text);
      assert.ok(match?.candidates?.includes(candidate), `${text}: ${JSON.stringify(match?.candidates)}`);
      for (const id of match?.candidates ?? []) assert.ok(library.entity(id), `candidate ${id} exists`);
    }
  });

  it('keeps the activist Mark Ashton and the film character apart', () => {
    const characters = library.entities.filter((e) => e.type === 'character').map((e) => e.id);
    assert.ok(characters.length > 0);
    assert.equal(library.entity('mark-ashton')?.type, 'person');
  });

  it('cites only paragraphs that exist in every fact', () => {
    for (const entity of library.entities) {
      for (const fact of entity.facts) {
        assert.ok(fact.cites.length > 0, `${entity.id}: "${fact.text}" cites nothing`);
        for (const cite of fact.cites) assert.ok(library.paragraph(cite.source, cite.paragraph), `${entity.id} cites ${cite.source}#${cite.paragraph}`);
      }
    }
  });

  it('parses the bundled corpus once and then hands back the same library', () => {
    assert.equal(bundledLibrary(), library);
  });
});

describe('The corpus build check', () => {
  it('prints each problem as file:LINE: message, exits 1, and writes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'sourcebook-corpus-'));
    mkdirSync(join(root, 'corpus', 'sources'), { recursive: true });
    writeFileSync(join(root, 'corpus', 'sources', 'broken.md'), '---\nkey: broken\ntitle: "unclosed\nauthor: [X]\ntype: webpage\n---\nText.\n');
    writeFileSync(join(root, 'corpus', 'sources', 'good.md'), '---\nkey: good\ntitle: T\nauthor: [X]\ntype: webpage\n---\nMark Ashton.\n');
    writeFileSync(join(root, 'corpus', 'entities.yaml'), 'entities:\n  - id: ashton\n    name: Mark Ashton\n    type: person\n    aliases: [Asthon]\n    description: An activist.\n');
    const script = join(__dirname, '..', '..', '..', 'scripts', 'buildCorpus.ts');
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    let stderr = '';
    let status = 0;
    try {
      execFileSync(tsx, [script, 'corpus', 'out'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      status = failed.status;
      stderr = failed.stderr;
    }
    assert.equal(status, 1);
    const lines = stderr.split('\n').filter((line) => line.startsWith('corpus/'));
    assert.deepEqual(lines, [
      'corpus/sources/broken.md:3: The front matter is not valid YAML: Missing closing "quote.',
      'corpus/entities.yaml:5: The alias "Asthon" of `ashton` is never found in the corpus: fix its spelling or remove it.',
    ]);
    assert.equal(existsSync(join(root, 'out')), false);
  });
});
