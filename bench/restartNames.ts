// The names at a restart (issue 19): how long until every name mention is found after the sources are set, with the
// extension's own composition (the bundled corpus, the writer's files read by OwnSourceFiles, their authors, the
// people and groups discovered in them), on a realistic library of about N MB (bench/synthetic.ts), alternating in
// one process, each run's CPU:
// - before: the sources set, their names found with the entities as composed without the discovered ones; discovery
//   then changes the entities and every source is read for names again (Library.setEntitiesInSlices);
// - sightings kept: the discovered names composed from the sightings kept in the snapshot before any name is found,
//   so the names are found once (the kept sightings decoded from their JSON included);
// - mentions kept: besides, each unchanged file takes its mentions kept under the same fingerprint of the names
//   (their JSON decoded included), and none is read for names.
// compromise reading every source again at a restart (before: in a worker thread, not on the host) is measured on a
// sample and reported per MB apart. Prints one line of JSON.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/restartNames.ts 30
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusJson } from '../src/generated/corpus';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { Sourcebook } from '../src/core/sourcebook';
import { OwnSourceFiles } from '../src/core/sources/ownSourcesLoader';
import { LibraryComposition, applyUpdate } from '../src/core/sources/libraryComposition';
import { loadNlp, namesInSource } from '../src/core/names/discoverEntities';
import type { SourceSightings } from '../src/core/names/discoverEntities';
import type { ReadSource } from '../src/core/names/keptSightings';
import { MentionTable } from '../src/core/names/mentionTable';
import type { MentionsRow } from '../src/core/names/mentionRows';
import { NodeFileSystem } from '../test/unit/helpers/nodeFileSystem';
import { realisticLibrary, realisticVocabulary, vocabularyOf } from './synthetic';

interface Timing {
  cpuMs: number;
  wallMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const noPause = async (): Promise<void> => {};

function log(message: string): void {
  process.stderr.write(`  [names] ${message}\n`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; time: Timing }> {
  gc();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, time: { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall } };
}

/** Entities as a writer sees them (id, name, type, description, where named), for comparing the runs. */
function seen(sourcebook: Sourcebook): string {
  return JSON.stringify(sourcebook.library.entities.map((entity) => [entity.id, entity.name, entity.type, entity.description, entity.mentions.map((m) => [m.source, m.paragraph, m.start, m.end])]));
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 30);
  const bundled = JSON.parse(corpusJson) as LibraryData;
  const vocab = realisticVocabulary(vocabularyOf(bundled));
  log(`generating ${megabytes} MB of sources …`);
  const texts = realisticLibrary(vocab, megabytes * 1_000_000).files;
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const root = mkdtempSync(path.join(os.tmpdir(), 'sourcebook-names-'));
  const folder = path.join(root, 'library');
  mkdirSync(folder);
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  for (const [i, text] of texts.entries()) {
    const name = path.join(folder, `${String(i).padStart(5, '0')}.md`);
    await writeFile(name, text);
    await utimes(name, dayAgo, dayAgo);
  }
  const files = new OwnSourceFiles(new NodeFileSystem());
  await files.loadAll([folder]);
  const own = files.resolve(new Set(bundled.sources.map((source) => source.meta.key))).sources;

  // The sightings: compromise over the start of each source (the extension reads up to 200,000 characters of each;
  // here the first `maxChars`, so that the bench reads about 1.8 MB in all), real names of the synthetic text.
  const nlp = await loadNlp();
  const maxChars = Math.max(1000, Math.floor(1_800_000 / own.length));
  log(`reading ${own.length} sources for names with compromise (${maxChars} characters of each) …`);
  const sightings = new Map<string, SourceSightings>();
  let readChars = 0;
  const reading = await timed(async () => {
    for (const source of own) {
      const read = namesInSource(nlp, source, { maxChars });
      sightings.set(source.meta.key, read);
      readChars += Math.min(maxChars, source.paragraphs.reduce((sum, p) => sum + p.text.length, 0));
    }
  });
  const sightingsJson = JSON.stringify([...sightings.values()]);

  /** The composition and Sourcebook of a start, the sources set (the names in them to be found later). */
  const setUp = async (read?: ReadonlyMap<string, ReadSource>) => {
    const sourcebook = new Sourcebook(new Library(bundled, { mentionsComputed: true }));
    const composition = new LibraryComposition(bundled, true);
    await applyUpdate(sourcebook, await composition.updateInSlices(files, true, [], noPause, read), noPause);
    return { sourcebook, composition };
  };
  /** What discovery ends with once it has read every source (here: the sightings above). */
  const discovered = (composition: LibraryComposition) => composition.undescribed(own.map((source) => sightings.get(source.meta.key)!));

  const before = async () => {
    const { sourcebook, composition } = await setUp();
    await sourcebook.mentionsReady();
    const changed = composition.setDiscovered(discovered(composition));
    if (changed) await sourcebook.setEntitiesInSlices(changed.entities, changed.ambiguous, noPause);
    await sourcebook.mentionsReady();
    return { sourcebook, twice: changed !== undefined };
  };
  const keptSightings = async () => {
    const decoded = JSON.parse(sightingsJson) as SourceSightings[];
    const read = new Map(own.map((source, i) => [source.meta.key, { source, read: decoded[i] }]));
    const { sourcebook, composition } = await setUp(read);
    await sourcebook.mentionsReady();
    return { sourcebook, twice: composition.discoveryChanged(discovered(composition)) };
  };
  let mentionsJson = '';
  const keptMentions = async () => {
    const decoded = JSON.parse(sightingsJson) as SourceSightings[];
    const read = new Map(own.map((source, i) => [source.meta.key, { source, read: decoded[i] }]));
    const { sourcebook, composition } = await setUp(read);
    const rows = JSON.parse(mentionsJson) as MentionsRow[];
    const taken = sourcebook.library.takeMentions(own.map((source, i) => ({ source, fingerprint: rows[i][0], mentions: () => MentionTable.ofRow(source, rows[i]) })));
    await sourcebook.mentionsReady();
    return { sourcebook, twice: composition.discoveryChanged(discovered(composition)), taken };
  };

  log('the names at a restart, alternating: before, sightings kept, mentions kept …');
  const runs: { before: Timing[]; sightings: Timing[]; mentions: Timing[] } = { before: [], sightings: [], mentions: [] };
  const load: number[] = [];
  let same = true;
  /** Whether each found the names in every source a second time (discovery changed the entities). */
  const twice = { before: false, sightings: false, mentions: false };
  let taken = 0;
  let mentionCount = 0;
  let discoveredCount = 0;
  for (let round = 0; round < 2; round++) {
    load.push(os.loadavg()[0]);
    const old = await timed(before);
    runs.before.push(old.time);
    const reference = seen(old.value.sourcebook);
    twice.before ||= old.value.twice;
    if (!mentionsJson) {
      const library = old.value.sourcebook.library;
      mentionsJson = JSON.stringify(own.map((source) => (library.mentionTableOf(source.meta.key) ?? MentionTable.of(source, new Map())).row(library.namesFingerprint)));
      mentionCount = library.entities.reduce((sum, entity) => sum + entity.mentions.length, 0);
      discoveredCount = library.entities.filter((entity) => entity.origin === 'discovered').length;
    }
    old.value = undefined as never;
    const one = await timed(keptSightings);
    runs.sightings.push(one.time);
    same &&= seen(one.value.sourcebook) === reference;
    twice.sightings ||= one.value.twice;
    one.value = undefined as never;
    const none = await timed(keptMentions);
    runs.mentions.push(none.time);
    same &&= seen(none.value.sourcebook) === reference;
    taken = none.value.taken;
    twice.mentions ||= none.value.twice;
    none.value = undefined as never;
  }
  load.push(os.loadavg()[0]);
  rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({
    megabytes,
    bytes,
    sources: own.length,
    mentions: mentionCount,
    discovered: discoveredCount,
    taken,
    same,
    twice,
    runs,
    compromise: { chars: readChars, cpuMs: reading.time.cpuMs, msPerMB: (reading.time.cpuMs / readChars) * 1_000_000 },
    sightingsJsonBytes: Buffer.byteLength(sightingsJson),
    mentionsJsonBytes: Buffer.byteLength(mentionsJson),
    load,
  }));
}

void main();
