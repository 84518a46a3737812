// What name discovery found in the writer's source files, kept with them in the indexes' snapshot
// (search/indexSnapshot.ts) so that a restart neither reads an unchanged file for names again nor finds the names in
// every source twice: the discovered people and groups are composed from the kept sightings before the first names
// are found (sources/libraryComposition.ts), and discovery reads only the files it has no sightings for.
// Sightings are kept by the file's content: a file whose content hash is the one they were kept with has them back,
// whether it was taken from the snapshot or read again (touched, same bytes).
import type { Source } from '../types';
import type { KnownFile, SnapshotFile } from '../search/indexSnapshot';
import type { SourceSightings } from './discoverEntities';

/** A source as discovery read it, and what it found: kept while the library holds that very source. */
export interface ReadSource {
  source: Source;
  read: SourceSightings;
}

/**
 * The sightings kept for the files loaded now, by source key: `exact`, those of each file whose content hash is the
 * one they were kept with (discovery need not read it again); `guessed`, besides those, the sightings kept for an
 * edited file of the same key, standing in for what it names now until discovery reads it (most edits name the same
 * people: then the names composed at the start are those discovery ends with, and are found once). `fileOf` gives a
 * file as loaded.
 */
export function keptSightings(
  known: ReadonlyMap<string, KnownFile> | undefined,
  fileOf: (uri: string) => { source?: Source; hash?: string } | undefined,
): { exact: Map<string, ReadSource>; guessed: Map<string, ReadSource> } {
  const exact = new Map<string, ReadSource>();
  const guessed = new Map<string, ReadSource>();
  for (const [uri, entry] of known ?? []) {
    if (!entry.sightings) continue;
    const file = fileOf(uri);
    const source = file?.source;
    if (!source || guessed.has(source.meta.key)) continue;
    if (entry.sightings.sightings.some((sighting) => sighting.source !== source.meta.key)) continue;
    if (file.hash === entry.hash) exact.set(source.meta.key, { source, read: entry.sightings });
    guessed.set(source.meta.key, { source, read: entry.sightings });
  }
  return { exact, guessed };
}

/** The files to keep, each with what discovery found in its source when it read that very source. */
export function withSightings(files: readonly SnapshotFile[], read: ReadonlyMap<string, ReadSource>): SnapshotFile[] {
  return files.map((file) => {
    const found = read.get(file.source.meta.key);
    return found?.source === file.source ? { ...file, sightings: found.read } : file;
  });
}
