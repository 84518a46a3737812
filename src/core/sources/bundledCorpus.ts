// The corpus bundled with the extension, built from src/generated/corpus.ts (written by
// scripts/buildCorpus.ts). Parsed on first call, then kept: nothing happens at import time.

import { corpusJson } from '../../generated/corpus';
import { Library } from '../library';
import type { LibraryData } from '../library';

let bundled: Library | undefined;

/** The bundled corpus as a library (sources, entities with their mentions, ambiguous words). Memoised. */
export function bundledLibrary(): Library {
  bundled ??= new Library(JSON.parse(corpusJson) as LibraryData, { mentionsComputed: true });
  return bundled;
}

/** A fresh copy of the bundled corpus's data, for building a library that adds the writer's own sources. */
export function bundledData(): LibraryData {
  return JSON.parse(corpusJson) as LibraryData;
}
