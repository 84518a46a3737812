// The writer's library beyond their sources folders: each bibliography file (`sourcebook.library.files`) and the
// Zotero library is one reference set, read on its own and given to the library composition, which decides which
// source a key names when two places have it (core/sources/libraryComposition.ts).
import type { CoreError, Source } from '../types';

export interface ReferenceSet {
  /** The file's URI string, or `zotero`: what a source's `origin` and a problem's `file` say. */
  origin: string;
  /** How messages name it: the file name, or "your Zotero library". */
  label: string;
  /** Its entries as sources, in the order the file or library lists them. */
  sources: Source[];
  /** What could not be read, each at its entry's line (the other entries still load). */
  problems: CoreError[];
  /**
   * How the writer sorted the entries, when the place has folders (Zotero's collections, nested): each folder
   * names its entries' keys. An entry may be in several folders, or in none.
   */
  folders?: ReferenceFolder[];
}

/** A folder of entries (a Zotero collection): its name, its entries' keys and its sub-folders. */
export interface ReferenceFolder {
  name: string;
  keys: string[];
  folders: ReferenceFolder[];
}
