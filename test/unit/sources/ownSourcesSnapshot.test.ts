// The writer's source files kept in the indexes' snapshot (core/search/indexSnapshot.ts) and taken back at a start
// (OwnSourceFiles.loadAll with the known files): a file whose modification time and size are those it had when it was
// read is taken as it was parsed, problems and all, and not read; any other is read again. Whatever changed, the
// library and the problems are those of reading every file.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import { OpenedSnapshot, snapshotIndexes } from '../../../src/core/search/indexSnapshot';
import type { FileStat, FileSystem, FileType } from '../../../src/core/fileSystem';
import { params } from '../helpers/fastCheck';
import { LibraryComposition, applyUpdate } from '../../../src/core/sources/libraryComposition';
import { Library } from '../../../src/core/library';
import { Sourcebook } from '../../../src/core/sourcebook';
import { loadNlp, namesInSource } from '../../../src/core/names/discoverEntities';
import type { Nlp } from '../../../src/core/names/discoverEntities';
import { keptSightings, withSightings } from '../../../src/core/names/keptSightings';
import type { ReadSource } from '../../../src/core/names/keptSightings';
import { keptMentions, withMentions, withMentionsSteps } from '../../../src/core/names/keptMentions';
import { runStepsInSlices } from '../../../src/core/pauser';

const FOLDER = '/library';
/** A day before the tests: a file written then has settled (its mtime tells any later change). */
const LONG_AGO = Date.now() - 24 * 3600 * 1000;

/** A sources folder in memory, each file with its modification time; counts the files read. */
class Folder implements FileSystem {
  readonly files = new Map<string, { text: string; mtime: number }>();
  reads: string[] = [];

  write(name: string, text: string, mtime = LONG_AGO): void {
    this.files.set(name, { text, mtime });
  }

  async readFile(uri: string): Promise<Uint8Array> {
    const file = this.files.get(uri.slice(FOLDER.length + 1));
    if (!file) throw new Error(`ENOENT: ${uri}`);
    this.reads.push(uri.slice(FOLDER.length + 1));
    return new TextEncoder().encode(file.text);
  }

  async readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    if (uri !== FOLDER) throw new Error(`ENOENT: ${uri}`);
    return [...this.files.keys()].map((name) => [name, 'file']);
  }

  async stat(uri: string): Promise<FileStat> {
    if (uri === FOLDER) return { type: 'directory', size: 0, mtime: 0 };
    const file = this.files.get(uri.slice(FOLDER.length + 1));
    if (!file) throw new Error(`ENOENT: ${uri}`);
    return { type: 'file', size: new TextEncoder().encode(file.text).length, mtime: file.mtime };
  }
}

const source = (key: string, body: string, extra = '') => `---\nkey: ${key}\ntitle: Notes ${key}\nauthor:\n  - literal: The writer\ntype: manuscript\n${extra}---\n\n${body}\n`;

/** What a start reads into the library, and the problems it shows. */
function loaded(files: OwnSourceFiles) {
  const resolved = files.resolve();
  return { sources: resolved.sources.sort((a, b) => (a.meta.key < b.meta.key ? -1 : 1)), problems: [...resolved.problems].sort() };
}

/** The snapshot of what `files` read (no index: only the files part), opened as a start opens it. */
function keptFrom(files: OwnSourceFiles) {
  const bytes = snapshotIndexes(undefined, undefined, [], files.snapshotFiles());
  assert.ok(bytes, 'a snapshot of the files');
  return OpenedSnapshot.open(bytes)!.knownFiles();
}

function folderOf(count: number): Folder {
  const folder = new Folder();
  // Paragraphs of every run the snapshot keeps text in: ASCII, one-byte characters, wider ones (sourceRecords.ts).
  const bodies = ['The {i}th letter came by the morning post.', 'The {i}th letter reached the café in Dulais.', 'The {i}th letter — “not posted” — was kept ’til 1985 📮.'];
  for (let i = 0; i < count; i++) {
    const body = [0, 1, 2].filter((k) => k <= i % 3).map((k) => bodies[(i + k) % 3].replace('{i}', String(i))).join('\n\n> ');
    folder.write(`source${i}.md`, source(`source${i}`, body, i % 3 === 0 ? 'colour: blue\n' : ''));
  }
  folder.write('broken.md', '---\ntitle: No key here\n---\n\nA paragraph.\n');
  folder.write('people.yaml', 'entities:\n  - id: morwen\n    name: Morwen Hale\n    type: person\n');
  return folder;
}

describe('The writer’s files kept between starts', () => {
  it('takes the unchanged files from the snapshot, reads only the changed one again, and loads what reading all would', async () => {
    const folder = folderOf(6);
    const first = new OwnSourceFiles(folder);
    await first.loadAll([FOLDER]);
    const known = keptFrom(first);
    assert.equal(known.size, 6, 'every source that loaded; the broken file and the entity file are not kept');

    folder.write('source2.md', source('source2', 'The second letter was burnt unread.'), Date.now() - 10_000);
    folder.reads = [];
    const restarted = new OwnSourceFiles(folder);
    await restarted.loadAll([FOLDER], known);
    assert.deepEqual(folder.reads.sort(), ['broken.md', 'people.yaml', 'source2.md']);
    assert.equal(restarted.taken, 5);
    const fresh = new OwnSourceFiles(folder);
    await fresh.loadAll([FOLDER]);
    assert.deepEqual(loaded(restarted), loaded(fresh));
    assert.match(restarted.file(`${FOLDER}/source2.md`)?.source?.paragraphs[0].text ?? '', /burnt unread/);
  });

  it('still shows the problems of a file taken from the snapshot, at their lines', async () => {
    const folder = folderOf(4);
    const first = new OwnSourceFiles(folder);
    await first.loadAll([FOLDER]);
    const known = keptFrom(first);
    folder.reads = [];
    const restarted = new OwnSourceFiles(folder);
    await restarted.loadAll([FOLDER], known);
    assert.ok(!folder.reads.includes('source0.md'), 'taken from the snapshot, not read');
    const problems = restarted.resolve().problems.get(`${FOLDER}/source0.md`);
    // Zero-based line 6: the `colour:` line, under `type:`.
    assert.deepEqual(problems?.map((problem) => [problem.severity, problem.line, problem.message]), [['warning', 6, 'Unknown field `colour` in the front matter is ignored.']]);
    assert.ok(restarted.resolve().problems.get(`${FOLDER}/broken.md`)?.length, 'a file that did not load is read again, and its problem shown');
  });

  it('reads again a file of the same size with another mtime, and one of another size with the same mtime', async () => {
    const folder = folderOf(3);
    const first = new OwnSourceFiles(folder);
    await first.loadAll([FOLDER]);
    const known = keptFrom(first);
    folder.write('source0.md', source('source0', 'The 0th letter came by the evening post.'), LONG_AGO + 1);
    folder.write('source1.md', source('source1', 'The 1st letter came by the afternoon post, late.'), LONG_AGO);
    folder.reads = [];
    const restarted = new OwnSourceFiles(folder);
    await restarted.loadAll([FOLDER], known);
    assert.deepEqual(folder.reads.filter((name) => name.startsWith('source')).sort(), ['source0.md', 'source1.md']);
    assert.match(restarted.file(`${FOLDER}/source0.md`)?.source?.paragraphs[0].text ?? '', /evening/);
    assert.match(restarted.file(`${FOLDER}/source1.md`)?.source?.paragraphs[0].text ?? '', /afternoon/);
  });

  it('does not keep a file modified just before it was read: a change within the same tick could not be told', async () => {
    const folder = folderOf(2);
    folder.write('fresh.md', source('fresh', 'Written a moment ago.'), Date.now());
    const first = new OwnSourceFiles(folder);
    await first.loadAll([FOLDER]);
    assert.deepEqual(first.snapshotFiles().map((file) => file.uri).sort(), [`${FOLDER}/source0.md`, `${FOLDER}/source1.md`]);
  });

  it('reads a file again, over the size limit now, instead of taking it', async () => {
    const folder = folderOf(2);
    const first = new OwnSourceFiles(folder);
    await first.loadAll([FOLDER]);
    const restarted = new OwnSourceFiles(folder, { maxBytes: 64 });
    await restarted.loadAll([FOLDER], keptFrom(first));
    assert.equal(restarted.taken, 0);
    assert.match(restarted.resolve().problems.get(`${FOLDER}/source0.md`)?.[0].message ?? '', /over the 64 B limit|limit/);
  });

  it('loads after any edits, removals and additions what reading every file loads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ file: fc.nat(7), change: fc.constantFrom('edit', 'touch', 'remove', 'grow', 'break') }), { maxLength: 6 }),
        fc.nat(3),
        async (changes, added) => {
          const folder = folderOf(8);
          const first = new OwnSourceFiles(folder);
          await first.loadAll([FOLDER]);
          const known = keptFrom(first);
          for (const { file, change } of changes) {
            const name = `source${file}.md`;
            const now = folder.files.get(name);
            if (change === 'remove') folder.files.delete(name);
            else if (change === 'touch' && now) folder.write(name, now.text, now.mtime + 1000);
            else if (change === 'edit') folder.write(name, source(`source${file}`, `Edited: the ${file}th letter was lost.`), Date.now() - 5000);
            else if (change === 'grow' && now) folder.write(name, `${now.text}\nA postscript.\n`, now.mtime);
            else if (change === 'break') folder.write(name, 'no front matter at all', Date.now() - 5000);
          }
          for (let i = 0; i < added; i++) folder.write(`new${i}.md`, source(`new${i}`, 'A new letter.'), Date.now() - 5000);
          const restarted = new OwnSourceFiles(folder);
          await restarted.loadAll([FOLDER], known);
          const fresh = new OwnSourceFiles(folder);
          await fresh.loadAll([FOLDER]);
          assert.deepEqual(loaded(restarted), loaded(fresh));
        },
      ),
      params(40),
    );
  });
});

/** Letters naming people and groups, two paragraphs each, so that discovery keeps the names (named in two places). */
const PEOPLE = ['Gwen Pritchard', 'Mark Ashton', 'David Thomas', 'Mary Evans', 'John Morgan'];
const GROUPS = ['the Transport and General Workers Union', 'the National Union of Mineworkers'];
function letter(i: number, who = PEOPLE[i % PEOPLE.length]): string {
  return `${who} wrote the ${i}th letter to ${GROUPS[i % GROUPS.length]}.\n\n> ${who} posted it from Cardiff, and Morwen Hale read it aloud.`;
}

function namedFolder(count: number): Folder {
  const folder = new Folder();
  for (let i = 0; i < count; i++) folder.write(`source${i}.md`, source(`source${i}`, letter(i)));
  folder.write('people.yaml', 'entities:\n  - id: morwen\n    name: Morwen Hale\n    type: person\n');
  return folder;
}

const EMPTY = { sources: [], entities: [], ambiguous: [] };

/**
 * A start as the extension makes one (features/ownSources.ts): the files loaded (unchanged ones taken from `known`),
 * the entities composed — with the names discovered before, kept with the files — and set before the sources, the
 * names found in the sources; then discovery reads the sources it has no sightings for, and the entities are set
 * again only when what it found differs.
 */
async function start(folder: Folder, nlp: Nlp, known?: ReturnType<typeof keptFrom>) {
  const files = new OwnSourceFiles(folder);
  await files.loadAll([FOLDER], known);
  const kept = keptSightings(known, (uri) => files.file(uri));
  const composition = new LibraryComposition(EMPTY, false);
  const sourcebook = new Sourcebook(new Library());
  await applyUpdate(sourcebook, composition.update(files, false, [], known ? kept.guessed : undefined));
  const taken = sourcebook.library.takeMentions(keptMentions(known, (uri) => files.file(uri)));
  const sourcesReadForMentions = sourcebook.library.mentionsPending;
  await sourcebook.mentionsReady();
  const read = new Map<string, ReadSource>();
  let sourcesRead = 0;
  for (const own of composition.ownSources) {
    const before = kept.exact.get(own.meta.key);
    if (before?.source === own) read.set(own.meta.key, before);
    else {
      read.set(own.meta.key, { source: own, read: namesInSource(nlp, own) });
      sourcesRead++;
    }
  }
  const found = composition.undescribed([...read.values()].map((item) => item.read));
  const namesFoundAgain = composition.discoveryChanged(found);
  const changed = composition.setDiscovered(found);
  if (changed) await sourcebook.setEntitiesInSlices(changed.entities, changed.ambiguous, async () => {});
  await sourcebook.mentionsReady();
  return { files, read, sourcesRead, namesFoundAgain, taken, sourcesReadForMentions, sourcebook, entities: shown(sourcebook) };
}

/** The entities as a writer sees them: cards (name, type, description) and where each is named. */
function shown(sourcebook: Sourcebook) {
  return sourcebook.library.entities
    .map((entity) => [entity.id, entity.name, entity.type, entity.description, entity.mentions.map((mention) => [mention.source, mention.paragraph, mention.text])])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
}

/** The snapshot of what a start read, with the names discovery found in each file. */
function keptWithNames(run: Awaited<ReturnType<typeof start>>) {
  const bytes = snapshotIndexes(undefined, undefined, [], withMentions(withSightings(run.files.snapshotFiles(), run.read), run.sourcebook.library));
  assert.ok(bytes, 'a snapshot of the files');
  return OpenedSnapshot.open(bytes)!.knownFiles();
}

describe('The names discovered in the writer’s files, kept between starts', function () {
  this.timeout(60_000);
  let nlp: Nlp;
  before(async () => {
    nlp = await loadNlp();
  });

  it('at a restart with nothing changed, reads no file for names and finds the names in the sources once', async () => {
    const folder = namedFolder(6);
    const first = await start(folder, nlp);
    assert.ok(first.entities.filter(([id]) => String(id).startsWith('discovered-')).length >= 3, 'discovery found people and groups in the letters');
    assert.equal(first.sourcesRead, 6);
    const restarted = await start(folder, nlp, keptWithNames(first));
    assert.equal(restarted.sourcesRead, 0, 'no file read for names again');
    assert.equal(restarted.namesFoundAgain, false, 'the entities composed at the start are those discovery ends with');
    assert.equal(restarted.taken, 6, 'every source took its kept mentions');
    assert.equal(restarted.sourcesReadForMentions, 0, 'no source read for names');
    assert.deepEqual(restarted.entities, first.entities);
  });

  it('keeps the same mentions when they are taken in turns, the first turn given once the names are fingerprinted', async () => {
    const run = await start(namedFolder(6), nlp);
    const files = withSightings(run.files.snapshotFiles(), run.read);
    let turns = 0;
    const inTurns = await runStepsInSlices(withMentionsSteps(files, run.sourcebook.library), async () => void turns++);
    assert.ok(turns >= 1, 'a turn at least');
    assert.ok(inTurns.some((file) => (file.mentions?.[2].length ?? 0) > 0), 'the letters name people');
    assert.deepEqual(inTurns, withMentions(files, run.sourcebook.library));
  });

  it('keeps the names of a file touched but not changed, and reads for names only the edited one', async () => {
    const folder = namedFolder(4);
    const first = await start(folder, nlp);
    const known = keptWithNames(first);
    const touched = folder.files.get('source1.md')!;
    folder.write('source1.md', touched.text, touched.mtime + 1000);
    folder.write('source2.md', source('source2', letter(2).replace('letter', 'postcard')), Date.now() - 5000);
    const restarted = await start(folder, nlp, known);
    assert.equal(restarted.sourcesRead, 1);
    assert.equal(restarted.namesFoundAgain, false, 'the edit names the same people: the names are those composed at the start');
    assert.equal(restarted.sourcesReadForMentions, 1, 'only the edited source is read for names; the touched one takes its mentions');
    assert.deepEqual(restarted.entities, (await start(folder, nlp)).entities);
  });

  it('finds the names again in unchanged files when the writer describes a person discovery had found', async () => {
    const folder = namedFolder(4);
    const known = keptWithNames(await start(folder, nlp));
    folder.write('people.yaml', `${folder.files.get('people.yaml')!.text}  - id: gwen\n    name: Gwen Pritchard\n    type: person\n`, Date.now() - 5000);
    const restarted = await start(folder, nlp, known);
    assert.equal(restarted.taken, 0, 'no kept mentions taken: they were found with other names');
    const gwen = restarted.entities.find(([id]) => id === 'gwen');
    assert.ok(gwen && (gwen[4] as unknown[]).length > 0, 'Gwen Pritchard is found where the letters name her');
    assert.deepEqual(restarted.entities, (await start(folder, nlp)).entities);
  });

  it('shows after any edits, touches, removals and additions the entities and mentions that reading every file afresh shows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ file: fc.nat(5), change: fc.constantFrom('edit', 'touch', 'remove', 'rename', 'break', 'describe'), who: fc.nat(PEOPLE.length - 1) }), { maxLength: 5 }),
        fc.nat(2),
        async (changes, added) => {
          const folder = namedFolder(6);
          const known = keptWithNames(await start(folder, nlp));
          for (const { file, change, who } of changes) {
            const name = `source${file}.md`;
            const now = folder.files.get(name);
            if (change === 'remove') folder.files.delete(name);
            else if (change === 'touch' && now) folder.write(name, now.text, now.mtime + 1000);
            else if (change === 'edit') folder.write(name, source(`source${file}`, letter(file, PEOPLE[who])), Date.now() - 5000);
            else if (change === 'rename') folder.write(name, source(`source${file}`, `The ${file}th letter was unsigned.`), Date.now() - 5000);
            else if (change === 'break') folder.write(name, 'no front matter at all', Date.now() - 5000);
            else if (change === 'describe') {
              // The writer describes a person discovery found: the names mentions are found with change, in every file.
              const people = folder.files.get('people.yaml')!.text;
              if (!people.includes(`person${who}`)) folder.write('people.yaml', `${people}  - id: person${who}\n    name: ${PEOPLE[who]}\n    type: person\n`, Date.now() - 5000);
            }
          }
          for (let i = 0; i < added; i++) folder.write(`new${i}.md`, source(`new${i}`, letter(i + 1, 'Mary Evans')), Date.now() - 5000);
          const restarted = await start(folder, nlp, known);
          const fresh = await start(folder, nlp);
          assert.deepEqual(restarted.entities, fresh.entities);
        },
      ),
      params(25),
    );
  });
});
