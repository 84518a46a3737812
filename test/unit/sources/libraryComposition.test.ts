import * as assert from 'node:assert/strict';
import { LibraryComposition, applyUpdate } from '../../../src/core/sources/libraryComposition';
import type { LibraryUpdate } from '../../../src/core/sources/libraryComposition';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import { bundledData } from '../../../src/core/sources/bundledCorpus';
import { Library } from '../../../src/core/library';
import { loadNlp, namesInSource } from '../../../src/core/names/discoverEntities';
import type { Nlp } from '../../../src/core/names/discoverEntities';
import type { FileStat, FileSystem, FileType } from '../../../src/core/fileSystem';
import type { ReferenceSet } from '../../../src/core/references/referenceSet';
import type { Source } from '../../../src/core/types';

const FOLDER = '/notes';

/** The writer's sources folder, in memory: file name → text. */
class MemoryFolder implements FileSystem {
  constructor(readonly files: Map<string, string>) {}

  async readFile(uri: string): Promise<Uint8Array> {
    const text = this.files.get(uri.slice(FOLDER.length + 1));
    if (text === undefined) throw new Error(`ENOENT: ${uri}`);
    return new TextEncoder().encode(text);
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    if (uri !== FOLDER) throw new Error(`ENOENT: ${uri}`);
    return [...this.files.keys()].map((name) => [name, 'file']);
  }

  async stat(uri: string): Promise<FileStat> {
    if (uri === FOLDER) return { type: 'directory', size: 0, mtime: 0 };
    const text = this.files.get(uri.slice(FOLDER.length + 1));
    if (text === undefined) throw new Error(`ENOENT: ${uri}`);
    return { type: 'file', size: new TextEncoder().encode(text).length, mtime: 0 };
  }
}

function source(key: string, ...paragraphs: string[]): string {
  const body = paragraphs.length > 0 ? paragraphs : ['One paragraph of notes.'];
  return `---\nkey: ${key}\ntitle: Notes ${key}\nauthor:\n  - literal: The writer\ntype: manuscript\n---\n${body.join('\n\n')}\n`;
}

/**
 * The writer's folder read into a library built as the extension builds it (the bundled corpus unless off), then
 * brought up to date with the composition. `settle` reads the changed files and applies the next update.
 */
async function writerWith(files: Record<string, string>, includeBundled = true, references: ReferenceSet[] = []) {
  const folder = new MemoryFolder(new Map(Object.entries(files)));
  const own = new OwnSourceFiles(folder);
  await own.loadAll([FOLDER]);
  const library = new Library(includeBundled ? bundledData() : {}, { mentionsComputed: true });
  const composition = new LibraryComposition(bundledData(), includeBundled);
  const settle = async (bundled = includeBundled): Promise<LibraryUpdate> => {
    const update = composition.update(own, bundled, references);
    await applyUpdate(library, update);
    return update;
  };
  const update = await settle();
  return { folder, own, library, composition, update, settle };
}

const uri = (name: string) => `${FOLDER}/${name}`;
const messages = (update: LibraryUpdate, name: string) => (update.problems.get(uri(name)) ?? []).map((problem) => problem.message);
const origins = (library: Library) => Object.fromEntries(library.sources.map((item) => [item.meta.key, item.origin]));

/** A bibliography file's entries as reference-only sources, one per line from line 0. */
function referenceSet(origin: string, label: string, keys: string[]): ReferenceSet {
  const sources: Source[] = keys.map((key, entryLine) => ({
    meta: { key, title: `Reference ${key}`, author: [{ family: 'Tate', given: 'Owen' }], type: 'book' },
    paragraphs: [],
    quotations: [],
    origin,
    entryLine,
    referenceOnly: true,
  }));
  return { origin, label, sources, problems: [] };
}

describe('Composing the library from the bundled corpus and the writer’s own sources', () => {
  it('adds the entries of the writer’s bibliography files and Zotero library as sources they can cite', async () => {
    const bib = referenceSet('/lib/refs.bib', 'refs.bib', ['tate2017', 'kelliher2014']);
    const zotero = referenceSet('zotero', 'your Zotero library', ['lowe2011']);
    const { library, update } = await writerWith({ 'notes.md': source('notes2026') }, true, [bib, zotero]);
    assert.equal(library.source('tate2017')?.origin, '/lib/refs.bib');
    assert.equal(library.source('tate2017')?.referenceOnly, true);
    assert.equal(library.source('lowe2011')?.origin, 'zotero');
    assert.equal(library.source('notes2026')?.origin, uri('notes.md'));
    assert.equal(update.problems.size, 0);
  });

  it('keeps the first place that has a key (bundled, sources folder, bibliography files in order, Zotero) and warns once at each later entry, naming the place used', async () => {
    const first = referenceSet('/lib/first.bib', 'first.bib', ['tate2017', 'notes2026', 'crossan2025']);
    const second = referenceSet('/lib/second.bib', 'second.bib', ['other2020', 'tate2017']);
    const zotero = referenceSet('zotero', 'your Zotero library', ['tate2017']);
    const { library, update } = await writerWith({ 'notes.md': source('notes2026') }, true, [first, second, zotero]);
    assert.deepEqual(
      Object.fromEntries(['tate2017', 'notes2026', 'crossan2025', 'other2020'].map((key) => [key, library.source(key)?.origin])),
      { tate2017: '/lib/first.bib', notes2026: uri('notes.md'), crossan2025: 'bundled', other2020: '/lib/second.bib' },
    );
    const warnings = (origin: string) => (update.problems.get(origin) ?? []).map((problem) => [problem.line, problem.severity, problem.message]);
    assert.deepEqual(warnings('/lib/first.bib'), [
      [1, 'warning', 'The key `notes2026` is also in notes.md, whose source is used: give one of them another key, or remove this entry if it is the same work.'],
      [2, 'warning', 'The key `crossan2025` is also in the bundled corpus, whose source is used: give one of them another key, or remove this entry if it is the same work.'],
    ]);
    assert.deepEqual(warnings('/lib/second.bib'), [[1, 'warning', 'The key `tate2017` is also in first.bib, whose source is used: give one of them another key, or remove this entry if it is the same work.']]);
    assert.deepEqual(warnings('zotero'), [[0, 'warning', 'The key `tate2017` is also in first.bib, whose source is used: give one of them another key, or remove this entry if it is the same work.']]);
  });

  it('keeps the bundled source when a source of the writer’s has its key, and tells them on that file at its key line', async () => {
    const { library, update } = await writerWith({ 'my-crossan.md': source('crossan2025'), 'notes.md': source('notes2026') });
    assert.equal(library.source('crossan2025')?.origin, 'bundled');
    assert.equal(library.source('notes2026')?.origin, uri('notes.md'));
    const [problem, ...others] = update.problems.get(uri('my-crossan.md')) ?? [];
    assert.match(problem.message, /The key `crossan2025` is already used by a bundled source/);
    assert.equal(problem.line, 1);
    assert.deepEqual(others, []);
    assert.equal(update.problems.has(uri('notes.md')), false);
  });

  it('loads the writer’s source with a bundled key once the bundled corpus is off, and takes the bundled sources and people out', async () => {
    const { library, settle } = await writerWith({ 'my-crossan.md': source('crossan2025'), 'notes.md': source('notes2026') });
    const update = await settle(false);
    assert.deepEqual(origins(library), { crossan2025: uri('my-crossan.md'), notes2026: uri('notes.md') });
    assert.equal(update.problems.size, 0);
    assert.equal(library.entity('mark-ashton'), undefined);
    assert.deepEqual(library.ambiguous, []);
  });

  it('puts the bundled corpus back when it is turned on again, and the clashing file is told again', async () => {
    const { library, settle } = await writerWith({ 'my-crossan.md': source('crossan2025'), 'notes.md': source('notes2026') });
    await settle(false);
    const update = await settle(true);
    assert.deepEqual(origins(library), {
      'bossy-lovewins': 'bundled',
      byrne2014: 'bundled',
      crossan2025: 'bundled',
      'wikipedia-lgsm': 'bundled',
      notes2026: uri('notes.md'),
    });
    assert.equal(library.entity('mark-ashton')?.name, 'Mark Ashton');
    assert.match(messages(update, 'my-crossan.md')[0], /already used by a bundled source/);
  });

  it('starts from a library built without the bundled corpus when the writer had turned it off', async () => {
    const { library, update } = await writerWith({ 'notes.md': source('notes2026') }, false);
    assert.deepEqual(origins(library), { notes2026: uri('notes.md') });
    assert.deepEqual(update.remove, [], 'nothing bundled to take out');
  });

  it('loads every good file when others in the folder are broken, and tells only the broken ones', async () => {
    const { library, update } = await writerWith({
      'a-letters.md': source('letters1985', 'A letter from Gwen Pritchard.'),
      'b-broken.md': '---\nkey: broken\ntitle: [unclosed\n---\nText.\n',
      'c-no-front-matter.md': 'Just text, no front matter.\n',
      'd-interview.md': source('interview1985', 'An interview.'),
      'e-broken.yaml': 'entities:\n  - id: [oops\n',
      'people.yaml': 'entities:\n  - id: gwen-pritchard\n    name: Gwen Pritchard\n    type: person\n    description: Ran the soup kitchen.\n',
    });
    assert.equal(library.source('letters1985')?.origin, uri('a-letters.md'));
    assert.equal(library.source('interview1985')?.origin, uri('d-interview.md'));
    assert.equal(library.source('broken'), undefined);
    assert.equal(library.entity('gwen-pritchard')?.description, 'Ran the soup kitchen.');
    assert.equal(library.entity('mark-ashton')?.origin, 'bundled', 'the bundled people stay');
    assert.deepEqual([...update.problems.keys()].sort(), [uri('b-broken.md'), uri('c-no-front-matter.md'), uri('e-broken.yaml')]);
  });

  it('shows the writer’s own card for someone the bundled corpus also describes, and only theirs', async () => {
    const { library } = await writerWith({
      'people.yaml': 'entities:\n  - id: mark-ashton\n    name: Mark Ashton\n    type: person\n    description: My own notes on Mark.\n',
    });
    assert.equal(library.entity('mark-ashton')?.description, 'My own notes on Mark.');
    assert.equal(library.entities.filter((entity) => entity.id === 'mark-ashton').length, 1);
    assert.equal(library.entity('mike-jackson')?.origin, 'bundled');
  });

  it('checks what the writer’s entity file cites against the whole library, bundled sources included', async () => {
    const people = [
      'entities:',
      '  - id: gwen-pritchard',
      '    name: Gwen Pritchard',
      '    type: person',
      '    description: Ran the soup kitchen.',
      '    facts:',
      '      - text: Named in the history of LGSM.',
      '        cites: [crossan2025#3]',
      '      - text: Wrote a letter.',
      '        cites: [letters1985#5]',
      '    related: [mark-ashton, nobody-at-all]',
      '',
    ].join('\n');
    const { update, settle } = await writerWith({ 'letters.md': source('letters1985', 'A letter.'), 'people.yaml': people });
    assert.deepEqual(messages(update, 'people.yaml'), [
      'A fact of `gwen-pritchard` cites paragraph 5 of `letters1985`, which has 1 paragraphs.',
      '`gwen-pritchard` is related to `nobody-at-all`, which is not an entity id.',
    ]);
    assert.equal(update.problems.get(uri('people.yaml'))?.[0].line, 8);
    const withoutBundled = await settle(false);
    assert.deepEqual(messages(withoutBundled, 'people.yaml'), [
      'A fact of `gwen-pritchard` cites `crossan2025#3`, but there is no source `crossan2025`.',
      'A fact of `gwen-pritchard` cites paragraph 5 of `letters1985`, which has 1 paragraphs.',
      '`gwen-pritchard` is related to `mark-ashton`, which is not an entity id.',
      '`gwen-pritchard` is related to `nobody-at-all`, which is not an entity id.',
    ]);
  });

  it('sets again only the source whose file changed, and takes out the one whose file was deleted', async () => {
    const { folder, own, library, settle } = await writerWith({ 'a.md': source('a2026'), 'b.md': source('b2026'), 'c.md': source('c2026') });
    const versionBefore = library.version;
    const unchanged = await settle();
    assert.deepEqual([unchanged.remove, unchanged.set, unchanged.entities], [[], [], undefined]);
    assert.equal(library.version, versionBefore, 'nothing was touched');

    folder.files.set('b.md', source('b2026', 'Rewritten.'));
    await own.readFile(uri('b.md'));
    folder.files.delete('c.md');
    own.forget(uri('c.md'));
    const matcher = library.matcher;
    const update = await settle();
    assert.deepEqual(update.set.map((item) => item.meta.key), ['b2026']);
    assert.deepEqual(update.remove, ['c2026']);
    // The author of the three sources is no longer the author of c2026; no name changed, so none is located again.
    assert.deepEqual(update.entities?.entities.find((entity) => entity.name === 'The writer')?.works, [
      { key: 'a2026', role: 'author' },
      { key: 'b2026', role: 'author' },
    ]);
    assert.equal(library.matcher, matcher, 'the names are not located again');
    assert.equal(library.paragraph('b2026', 1)?.text, 'Rewritten.');
    assert.equal(library.source('c2026'), undefined);
  });

  it('composes the same library in slices as in one go: sources, entities and problems', async () => {
    const bib = referenceSet('/lib/refs.bib', 'refs.bib', Array.from({ length: 400 }, (_, i) => `ref${i}`));
    bib.sources.forEach((item, i) => (item.meta.author = [{ family: `Family${i % 150}`, given: `Given${i % 7}` }]));
    const clash = referenceSet('/lib/more.bib', 'more.bib', ['ref3', 'tate2017']);
    const files = { 'notes.md': source('notes2026'), 'broken.md': '---\ntitle: no key\n---\nText.\n', 'people.yaml': 'entities:\n  - id: gwen-pritchard\n    name: Gwen Pritchard\n    type: person\n    description: Ran the soup kitchen.\n' };
    const folder = new MemoryFolder(new Map(Object.entries(files)));
    const own = new OwnSourceFiles(folder);
    await own.loadAll([FOLDER]);
    let pauses = 0;
    const pause = async () => {
      pauses++;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const oneGo = new LibraryComposition(bundledData(), true).update(own, true, [bib, clash]);
    const sliced = await new LibraryComposition(bundledData(), true).updateInSlices(own, true, [bib, clash], pause);
    assert.ok(pauses > 5, `${pauses} turns given back`);
    assert.deepEqual(sliced, oneGo);
    // Given i%7 with Family i%150 repeats only after 1,050 references: 400 authors, one reference each.
    assert.equal(oneGo.entities?.entities.filter((entity) => entity.works?.some((work) => work.key.startsWith('ref'))).length, 400);
    assert.ok(oneGo.problems.get('/lib/more.bib')?.some((problem) => problem.message.includes('`ref3`')), 'the later entry of a key is told in both');
    assert.ok(oneGo.problems.get(uri('broken.md')), 'the broken file is told in both');
  });

  describe('people nobody described', () => {
    let nlp: Nlp;
    before(async function () {
      this.timeout(20_000);
      nlp = await loadNlp();
    });

    const interviews = source('interviews1985', 'Gwen Pritchard ran the soup kitchen every morning of the strike.', 'Mark Ashton came to the hall with the first van.');
    const letters = source('letters1985', 'A letter from Gwen Pritchard thanked the union for the food parcels.', 'Mark Ashton replied the same week.');
    const namesIn = (composition: LibraryComposition) => composition.undescribed(composition.ownSources.map((item) => namesInSource(nlp, item)));

    it('adds a person named in two of the writer’s sources, but not one the bundled corpus describes', async () => {
      const { library, composition } = await writerWith({ 'interviews.md': interviews, 'letters.md': letters });
      const found = namesIn(composition);
      assert.deepEqual(found.map((entity) => entity.name), ['Gwen Pritchard']);
      const changed = composition.setDiscovered(found);
      assert.ok(changed);
      library.setEntities(changed.entities, changed.ambiguous);
      assert.equal(library.entities.find((entity) => entity.name === 'Gwen Pritchard')?.origin, 'discovered');
      assert.equal(library.entity('mark-ashton')?.origin, 'bundled');
    });

    it('finds someone only the bundled corpus describes when the bundled corpus is off', async () => {
      const { composition } = await writerWith({ 'interviews.md': interviews, 'letters.md': letters }, false);
      assert.deepEqual(namesIn(composition).map((entity) => entity.name).sort(), ['Gwen Pritchard', 'Mark Ashton']);
    });

    it('keeps only the writer’s card once they describe a discovered person', async () => {
      const { folder, own, library, composition, settle } = await writerWith({ 'interviews.md': interviews, 'letters.md': letters });
      const first = composition.setDiscovered(namesIn(composition));
      assert.ok(first);
      library.setEntities(first.entities, first.ambiguous);

      folder.files.set('people.yaml', 'entities:\n  - id: gwen-pritchard\n    name: Gwen Pritchard\n    type: person\n    description: Ran the soup kitchen.\n');
      await own.readFile(uri('people.yaml'));
      await settle();
      const again = composition.setDiscovered(namesIn(composition));
      assert.ok(again, 'the discovered card is taken out');
      library.setEntities(again.entities, again.ambiguous);
      const gwens = library.entities.filter((entity) => entity.name === 'Gwen Pritchard');
      assert.deepEqual(gwens.map((entity) => [entity.id, entity.description]), [['gwen-pritchard', 'Ran the soup kitchen.']]);
    });

    it('never holds two people with one id: a discovered name whose id the writer already uses is left out', async () => {
      const { composition, library } = await writerWith({
        'interviews.md': interviews,
        'letters.md': letters,
        'people.yaml': 'entities:\n  - id: discovered-gwen-pritchard\n    name: Gwen P.\n    type: person\n    description: Copied the id from somewhere.\n',
      });
      const found = namesIn(composition);
      assert.ok(found.some((entity) => entity.id === 'discovered-gwen-pritchard'), 'Gwen Pritchard is discovered under the id the writer took');
      const changed = composition.setDiscovered(found);
      if (changed) library.setEntities(changed.entities, changed.ambiguous);
      const withId = library.entities.filter((entity) => entity.id === 'discovered-gwen-pritchard');
      assert.deepEqual(withId.map((entity) => entity.description), ['Copied the id from somewhere.']);
    });

    it('puts in the same people in slices as in one go', async () => {
      const oneGo = await writerWith({ 'interviews.md': interviews, 'letters.md': letters });
      const inSlices = await writerWith({ 'interviews.md': interviews, 'letters.md': letters });
      const changed = oneGo.composition.setDiscovered(namesIn(oneGo.composition));
      const changedInSlices = await inSlices.composition.setDiscoveredInSlices(namesIn(inSlices.composition), () => new Promise((resolve) => setImmediate(resolve)));
      assert.ok(changedInSlices?.entities.some((entity) => entity.name === 'Gwen Pritchard'));
      assert.deepEqual(changedInSlices, changed);
    });

    it('does not set the people again when the same names are found again', async () => {
      const { composition } = await writerWith({ 'interviews.md': interviews, 'letters.md': letters });
      assert.ok(composition.setDiscovered(namesIn(composition)));
      const same = namesIn(composition);
      assert.equal(composition.discoveryChanged(same), false);
      assert.equal(composition.setDiscovered(same), undefined);
    });
  });
});
