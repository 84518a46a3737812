// Where each entity is named in the writer's source files, kept with them in the indexes' snapshot
// (search/indexSnapshot.ts) under a fingerprint of the names they were found with (Library.namesFingerprint: every
// entity's id, name and aliases, and the ambiguous words). At a restart whose entities, as composed before any name is
// found, have the same fingerprint, a file whose content hash is the one its mentions were kept with takes them
// instead of being read for names (Library.takeMentions); any other file is read as before. The matcher's rules are
// part of the snapshot's format: changing them raises SNAPSHOT_VERSION.
import type { Source } from '../types';
import type { Library } from '../library';
import type { KnownFile, SnapshotFile } from '../search/indexSnapshot';
import { MentionTable } from './mentionTable';
import { runSteps } from '../pauser';
import type { Steps } from '../pauser';

/** Mentions turned into rows between two pauses (about a millisecond). */
const MENTIONS_RUN = 5_000;

/** The files to keep, each with the mentions the library found in its source (that very source), under the names now. */
export function withMentions(files: readonly SnapshotFile[], library: Library): SnapshotFile[] {
  return runSteps(withMentionsSteps(files, library));
}

/**
 * `withMentions` taking turns (runStepsInSlices): it yields once the names' fingerprint is taken, then after each run
 * of about MENTIONS_RUN mentions. The library
 * must not change meanwhile (the caller drops what it took when its version moved).
 */
export function* withMentionsSteps(files: readonly SnapshotFile[], library: Library): Steps<SnapshotFile[]> {
  const fingerprint = library.namesFingerprint;
  // The fingerprint (every entity's names, once per change of names) in a step of its own.
  yield;
  const kept: SnapshotFile[] = [];
  let count = 0;
  for (const file of files) {
    const key = file.source.meta.key;
    const found = library.source(key) === file.source ? library.mentionTableOf(key) : undefined;
    if (!found) {
      kept.push(file);
      continue;
    }
    kept.push({ ...file, mentions: found.row(fingerprint) });
    count += found.size;
    if (count >= MENTIONS_RUN) {
      count = 0;
      yield;
    }
  }
  return kept;
}

/**
 * At a start, for `Library.takeMentions`: the kept mentions of each source loaded from a kept file whose content hash
 * is the one they were kept with. `fileOf` gives a file as loaded.
 */
export function keptMentions(
  known: ReadonlyMap<string, KnownFile> | undefined,
  fileOf: (uri: string) => { source?: Source; hash?: string } | undefined,
): Array<{ source: Source; fingerprint: string; mentions: () => MentionTable | undefined }> {
  const kept: Array<{ source: Source; fingerprint: string; mentions: () => MentionTable | undefined }> = [];
  for (const [uri, entry] of known ?? []) {
    const file = fileOf(uri);
    const source = file?.source;
    if (!source || file.hash !== entry.hash) continue;
    const row = entry.mentions();
    if (row) kept.push({ source, fingerprint: row[0], mentions: () => MentionTable.ofRow(source, row) });
  }
  return kept;
}
