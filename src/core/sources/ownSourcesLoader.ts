// The writer's own sources: which files of their folders are read, what each holds, and every problem worth
// telling them, each tied to a file and a zero-based line. Files are kept one by one, so when a file changes
// only that file is read again. Nothing is ever written: the file system is only read. At a start, a source file
// kept in the indexes' snapshot (search/indexSnapshot.ts) whose modification time and size are those it had when it
// was read is taken from the snapshot as it was parsed, problems and all, instead of being read again.
//
// Which files: `.md`, `.markdown`, `.txt` and `.pdf` are sources; `.yaml` and `.yml` are entity files in the bundled
// index's format, except a PDF's sidecar (`tate2017.yaml` next to `tate2017.pdf`), which holds the PDF's facts.
// Other files (images, …) are passed over silently; hidden folders and `node_modules`
// are not entered. A folder is read to a bounded depth and a bounded number of files.

import type { AmbiguousAlias, CoreError, Entity, Source } from '../types';
import { fail } from '../types';
import type { FileSystem } from '../fileSystem';
import { joinUri } from '../fileSystem';
import { DEFAULT_MAX_BYTES, decodeSource, formatSize, parseSource } from './sourceParser';
import { parseEntities } from '../names/entityIndex';
import type { EntityFile } from '../names/entityIndex';
import { readPdfSource } from '../pdf/pdfSource';
import type { PdfReadingStore } from '../pdf/pdfReadings';
import { readingName } from '../pdf/pdfReadings';
import { contentHash } from '../text/contentHash';
import type { KnownFile, SnapshotFile } from '../search/indexSnapshot';

export type OwnFileKind = 'source' | 'entities';

export interface OwnFile {
  uri: string;
  kind: OwnFileKind;
  /** The source read from it, when it could be used. */
  source?: Source;
  /** The entities read from it (an entity file). */
  entityFile?: EntityFile;
  /** What the reader found wrong (not counting duplicate keys, which depend on the other files). */
  problems: CoreError[];
  /** Zero-based line of the `key:` field, for a duplicate-key problem. */
  keyLine: number;
  /**
   * A SHA-256 of what the source was read from (a text file's text; a PDF's bytes and its sidecar's text): the
   * indexes' snapshot (core/search/indexSnapshot.ts) takes an unchanged source from the snapshot by it.
   */
  hash?: string;
  /** The file's modification time and size, as seen just before it was read (a file the snapshot can keep). */
  stat?: { mtime: number; size: number };
  /**
   * Its modification time was old enough when it was read that a later change shows in the mtime (a file written
   * again within the same tick of the clock, at the same size, would not): only such a file is kept in a snapshot.
   */
  settled?: boolean;
}

/** A file modified less than this before it was read may change again within its mtime's tick: it is not kept. */
const SETTLED_MS = 2000;

export interface LoaderOptions {
  /** Files larger than this are reported and skipped (default 10 MB). */
  maxBytes?: number;
  /** Files read at most across all folders (default 10,000). */
  maxFiles?: number;
  /** Folder depth entered at most (default 8): also stops a symbolic-link loop. */
  maxDepth?: number;
  /** How a file name is joined to its folder's URI (default `joinUri`; the VS Code layer escapes as URIs do). */
  join?: (folder: string, name: string) => string;
  /** Where PDFs' readings are kept between starts, so an unchanged PDF is not read by pdf.js again. */
  pdfStore?: PdfReadingStore;
  /**
   * Awaited between a PDF's pages, and between a file's bytes arriving and its being parsed: the library's one
   * budget of host time (`Sourcebook.slices.pause`).
   */
  pause?: () => Promise<void>;
}

export interface FolderListing {
  uris: string[];
  /** A missing folder, an unreadable one, too many files: each once, on the folder. */
  problems: CoreError[];
}

/** What the library should hold, and what to tell the writer, file by file. */
export interface ResolvedSources {
  /** One source per key: the first file (in path order) with that key. */
  sources: Source[];
  entities: Entity[];
  ambiguous: AmbiguousAlias[];
  /** Every problem, by the file it concerns (files without problems are absent). */
  problems: Map<string, CoreError[]>;
}

const SOURCE_EXTENSIONS = ['.md', '.markdown', '.txt', '.pdf'];
const ENTITY_EXTENSIONS = ['.yaml', '.yml'];
const READ_BATCH = 16;

const isPdf = (uri: string) => /\.pdf$/i.test(uri);
/** The PDF a sidecar (`.yaml`, `.yml`) would belong to. */
const pdfOfSidecar = (uri: string) => uri.replace(/\.ya?ml$/i, '.pdf');

/** Whether a file name is a source, an entity file, or neither (undefined). */
export function fileKind(name: string): OwnFileKind | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('.')) return undefined;
  if (SOURCE_EXTENSIONS.some((extension) => lower.endsWith(extension))) return 'source';
  if (ENTITY_EXTENSIONS.some((extension) => lower.endsWith(extension))) return 'entities';
  return undefined;
}

/** The last segment of a URI or path: what a writer recognises. */
export function fileName(uri: string): string {
  const trimmed = uri.endsWith('/') ? uri.slice(0, -1) : uri;
  return decodeURIComponentSafe(trimmed.slice(trimmed.lastIndexOf('/') + 1));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The writer's source files, read and kept one by one. */
export class OwnSourceFiles {
  private readonly files = new Map<string, OwnFile>();
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly maxDepth: number;
  private readonly join: (folder: string, name: string) => string;
  private readonly pdfStore?: PdfReadingStore;
  private readonly pause?: () => Promise<void>;
  /** How many files the last `loadAll` took from the snapshot instead of reading them. */
  taken = 0;

  constructor(
    private readonly fs: FileSystem,
    options: LoaderOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxFiles = options.maxFiles ?? 10_000;
    this.maxDepth = options.maxDepth ?? 8;
    this.join = options.join ?? joinUri;
    this.pdfStore = options.pdfStore;
    this.pause = options.pause;
  }

  get size(): number {
    return this.files.size;
  }

  file(uri: string): OwnFile | undefined {
    return this.files.get(uri);
  }

  /** Every source and entity file under `folder`, in path order. */
  async listFolder(folder: string): Promise<FolderListing> {
    const problems: CoreError[] = [];
    try {
      const stat = await this.fs.stat(folder);
      if (stat.type !== 'directory') {
        return { uris: [], problems: [fail(`The sources folder ${folder} is a file, not a folder: list folders in the setting “Sourcebook › Sources: Folders”.`, { file: folder, line: 0 })] };
      }
    } catch {
      return { uris: [], problems: [fail(`The sources folder ${folder} does not exist: correct or remove it in the setting “Sourcebook › Sources: Folders”.`, { file: folder, line: 0 })] };
    }
    const uris: string[] = [];
    let tooMany = false;
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries: Array<[string, string]>;
      try {
        entries = await this.fs.readDirectory(dir);
      } catch (error) {
        problems.push(fail(`The folder ${dir} could not be read (${reason(error)}).`, { file: dir, line: 0 }));
        return;
      }
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [name, type] of entries) {
        if (uris.length >= this.maxFiles) {
          tooMany = true;
          return;
        }
        const uri = this.join(dir, name);
        if (type === 'directory') {
          if (name.startsWith('.') || name === 'node_modules') continue;
          if (depth >= this.maxDepth) continue;
          await walk(uri, depth + 1);
        } else if (fileKind(name)) {
          uris.push(uri);
        }
      }
    };
    await walk(folder, 0);
    if (tooMany) {
      problems.push(fail(`The sources folder ${folder} holds more than ${this.maxFiles} source files: only the first ${this.maxFiles} are read.`, { file: folder, line: 0, severity: 'warning' }));
    }
    return { uris, problems };
  }

  /**
   * Forgets every file and reads every folder again. Returns the folders' problems. A file in `known` (kept in the
   * indexes' snapshot) whose mtime and size are unchanged is taken from it instead of being read; `pause` (by default
   * the loader's own) is awaited after each file taken so, and before each file read is parsed: the files of a
   * folder arrive together, and parsing them back to back would hold the host for as long as they take.
   */
  async loadAll(folders: readonly string[], known?: ReadonlyMap<string, KnownFile>, pause: () => Promise<void> = this.pause ?? (async () => {})): Promise<CoreError[]> {
    this.files.clear();
    this.taken = 0;
    const problems: CoreError[] = [];
    const uris: string[] = [];
    // A set, not `uris.includes`: that compared every pair of paths (52 ms of a restart's profile at 1,400 files).
    const listed = new Set<string>();
    for (const folder of folders) {
      const listing = await this.listFolder(folder);
      problems.push(...listing.problems);
      for (const uri of listing.uris) {
        if (listed.has(uri) || uris.length >= this.maxFiles) continue;
        listed.add(uri);
        uris.push(uri);
      }
    }
    // A sidecar is read with its PDF.
    const pdfs = new Set(uris.filter(isPdf));
    const files = uris.filter((uri) => fileKind(fileName(uri)) !== 'entities' || !pdfs.has(pdfOfSidecar(uri)));
    for (let i = 0; i < files.length; i += READ_BATCH) {
      await Promise.all(files.slice(i, i + READ_BATCH).map(async (uri) => {
        const entry = known?.get(uri);
        if (entry && (await this.take(uri, entry))) {
          this.taken++;
          await pause();
        } else {
          await this.readFile(uri, pause);
        }
      }));
    }
    return problems;
  }

  /** Takes a kept file when its mtime and size are as they were and it is still a source under the size limit. */
  private async take(uri: string, entry: KnownFile): Promise<boolean> {
    if (isPdf(uri) || fileKind(fileName(uri)) !== 'source') return false;
    let stat;
    try {
      stat = await this.fs.stat(uri);
    } catch {
      return false;
    }
    if (stat.type === 'directory' || stat.mtime !== entry.mtime || stat.size !== entry.size || stat.size > this.maxBytes) return false;
    const source = entry.source();
    if (!source) return false;
    const { mtime, size, hash, keyLine, problems } = entry;
    this.files.set(uri, { uri, kind: 'source', source, problems, keyLine, hash, stat: { mtime, size }, settled: true });
    return true;
  }

  /**
   * The source files a snapshot can keep: text sources (not PDFs, whose readings are kept apart) read whole, with
   * their mtime and size, modified long enough before they were read.
   */
  snapshotFiles(): SnapshotFile[] {
    const kept: SnapshotFile[] = [];
    for (const file of this.files.values()) {
      if (file.kind !== 'source' || isPdf(file.uri) || !file.source || file.hash === undefined || !file.stat || !file.settled) continue;
      kept.push({ uri: file.uri, mtime: file.stat.mtime, size: file.stat.size, hash: file.hash, keyLine: file.keyLine, problems: file.problems, source: file.source });
    }
    return kept;
  }

  /**
   * Reads one file again (it was added or changed). Returns what it holds now, or undefined when it is not a
   * file Sourcebook reads (then it is forgotten). `pause` (by default the loader's own) is awaited between the
   * file's bytes arriving and its being parsed.
   */
  async readFile(uri: string, pause: () => Promise<void> = this.pause ?? (async () => {})): Promise<OwnFile | undefined> {
    const kind = fileKind(fileName(uri));
    if (!kind) {
      this.files.delete(uri);
      return undefined;
    }
    if (kind === 'entities' && (await this.exists(pdfOfSidecar(uri)))) {
      // A PDF's sidecar changed: the PDF is read again with it.
      this.files.delete(uri);
      return this.readFile(pdfOfSidecar(uri), pause);
    }
    const file: OwnFile = { uri, kind, problems: [], keyLine: 0 };
    if (isPdf(uri)) {
      const bytes = await this.readBytes(uri, file.problems);
      if (bytes) {
        const sidecar = await this.readSidecar(uri, file.problems);
        const read = await readPdfSource({ uri, name: fileName(uri), bytes, sidecar, store: this.pdfStore, pause: this.pause });
        file.problems.push(...read.problems);
        file.source = read.source;
        // The bytes' SHA-256 (what the PDF readings are kept by), with the sidecar's facts (its first page).
        if (read.source) file.hash = await contentHash(`${await readingName(bytes, {})}\n${sidecar?.text ?? ''}`);
      }
      this.files.set(uri, file);
      return file;
    }
    const text = await this.readText(uri, file.problems, file, pause);
    if (text !== undefined) {
      if (kind === 'source') {
        const parsed = parseSource(text, uri);
        file.problems.push(...parsed.problems.map((problem) => ({ ...problem, file: uri })));
        file.source = parsed.source;
        file.keyLine = keyLineOf(text);
        if (parsed.source) file.hash = await contentHash(text);
      } else {
        const entityFile = parseEntities(text, uri, uri);
        file.problems.push(...entityFile.problems.map((problem) => ({ ...problem, file: uri })));
        file.entityFile = entityFile;
      }
    }
    this.files.set(uri, file);
    return file;
  }

  /** The content hash of each source read from a file, by the source (see `OwnFile.hash`). */
  hashes(): Map<Source, string> {
    const hashes = new Map<Source, string>();
    for (const file of this.files.values()) if (file.source && file.hash !== undefined) hashes.set(file.source, file.hash);
    return hashes;
  }

  /** The file was deleted. Returns whether it was known. */
  forget(uri: string): boolean {
    if (this.files.delete(uri)) return true;
    // A folder was deleted: forget everything under it.
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    let any = false;
    for (const key of [...this.files.keys()]) {
      if (key.startsWith(prefix)) {
        this.files.delete(key);
        any = true;
      }
    }
    return any;
  }

  /**
   * The sources and entities to load, and the problems to show. A key used by several files is reported on
   * each of them and only the first (in path order) is loaded; a key the bundled corpus (or another part of
   * the library) already uses, `reservedKeys`, is reported and the file skipped.
   */
  resolve(reservedKeys: ReadonlySet<string> = new Set()): ResolvedSources {
    const problems = new Map<string, CoreError[]>();
    const report = (file: string, problem: CoreError) => {
      const list = problems.get(file) ?? [];
      list.push(problem);
      problems.set(file, list);
    };
    const ordered = [...this.files.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    for (const file of ordered) for (const problem of file.problems) report(file.uri, problem);

    const byKey = new Map<string, OwnFile[]>();
    for (const file of ordered) {
      if (!file.source) continue;
      const list = byKey.get(file.source.meta.key) ?? [];
      list.push(file);
      byKey.set(file.source.meta.key, list);
    }
    const sources: Source[] = [];
    for (const [key, files] of byKey) {
      if (reservedKeys.has(key)) {
        for (const file of files) {
          report(file.uri, fail(`The key \`${key}\` is already used by a bundled source: give this source another key.`, { file: file.uri, line: file.keyLine }));
        }
        continue;
      }
      if (files.length > 1) {
        const names = files.map((file) => fileName(file.uri));
        for (const file of files) {
          const others = files.filter((other) => other !== file).map((other) => fileName(other.uri));
          const loaded = file === files[0] ? 'this one is loaded' : `only ${names[0]} is loaded`;
          report(file.uri, fail(`Two sources have the key \`${key}\`: this file and ${others.join(', ')}. Give each source its own key (${loaded}).`, { file: file.uri, line: file.keyLine }));
        }
      }
      sources.push(files[0].source as Source);
    }

    const entities: Entity[] = [];
    const ambiguous: AmbiguousAlias[] = [];
    const entityIds = new Map<string, string>();
    for (const file of ordered) {
      if (!file.entityFile) continue;
      for (const entity of file.entityFile.entities) {
        const first = entityIds.get(entity.id);
        if (first !== undefined) {
          const line = file.entityFile.locations.get(entity.id)?.line ?? 0;
          report(file.uri, fail(`The entity id \`${entity.id}\` is also used in ${fileName(first)}: only the first is kept; give each entity its own id.`, { file: file.uri, line }));
          continue;
        }
        entityIds.set(entity.id, file.uri);
        entities.push(entity);
      }
      ambiguous.push(...file.entityFile.ambiguous);
    }
    return { sources, entities, ambiguous, problems };
  }

  private async exists(uri: string): Promise<boolean> {
    try {
      return (await this.fs.stat(uri)).type !== 'directory';
    } catch {
      return false;
    }
  }

  /** The text of a PDF's sidecar (`.yaml`, then `.yml`), when it has one. */
  private async readSidecar(pdf: string, problems: CoreError[]): Promise<{ uri: string; text: string } | undefined> {
    for (const extension of ['.yaml', '.yml']) {
      const uri = pdf.replace(/\.pdf$/i, extension);
      if (!(await this.exists(uri))) continue;
      const text = await this.readText(uri, problems);
      return text === undefined ? undefined : { uri, text };
    }
    return undefined;
  }

  private async readText(uri: string, problems: CoreError[], file?: OwnFile, pause?: () => Promise<void>): Promise<string | undefined> {
    const bytes = await this.readBytes(uri, problems, file);
    if (!bytes) return undefined;
    // Its turn on the shared budget: decoding and parsing a book take milliseconds.
    await pause?.();
    const decoded = decodeSource(bytes, fileName(uri), this.maxBytes);
    if (!decoded.ok) {
      problems.push({ ...decoded, file: uri, line: 0 });
      return undefined;
    }
    return decoded.value;
  }

  /** The file's bytes, unless it is too big or cannot be read (then a problem says so). */
  private async readBytes(uri: string, problems: CoreError[], file?: OwnFile): Promise<Uint8Array | undefined> {
    const name = fileName(uri);
    try {
      const stat = await this.fs.stat(uri);
      if (stat.type === 'directory') return undefined;
      if (file) {
        file.stat = { mtime: stat.mtime, size: stat.size };
        file.settled = Date.now() - stat.mtime >= SETTLED_MS;
      }
      if (stat.size > this.maxBytes) {
        problems.push(fail(`${name} is ${formatSize(stat.size)}, over the ${formatSize(this.maxBytes)} limit for a source: it is skipped. Split it, or raise “Sourcebook › Sources: Max File Size MB”.`, { file: uri, line: 0 }));
        return undefined;
      }
      return await this.fs.readFile(uri);
    } catch (error) {
      problems.push(fail(`${name} could not be read (${reason(error)}): it is skipped.`, { file: uri, line: 0 }));
      return undefined;
    }
  }
}

/** Zero-based line of the front matter's `key:` field (0 when there is none). */
export function keyLineOf(text: string): number {
  let line = 0;
  let start = 0;
  const limit = Math.min(text.length, 64 * 1024);
  while (start < limit) {
    const end = text.indexOf('\n', start);
    const content = text.slice(start, end < 0 ? limit : end);
    if (line > 0 && /^key\s*:/.test(content)) return line;
    if (line > 0 && content.trimEnd() === '---') return 0;
    if (end < 0) break;
    start = end + 1;
    line++;
  }
  return 0;
}

/**
 * What an entity file of the writer's points at that does not exist: a fact citing a missing source or paragraph,
 * a related id that names no entity. Checked against the whole library (bundled and own sources, every entity),
 * each problem at the line of the fact or of `related`.
 */
export function checkEntityReferences(
  entityFile: EntityFile,
  paragraphCounts: ReadonlyMap<string, number>,
  entityIds: ReadonlySet<string>,
): CoreError[] {
  const problems: CoreError[] = [];
  const file = entityFile.file;
  for (const entity of entityFile.entities) {
    const location = entityFile.locations.get(entity.id);
    entity.facts.forEach((fact, index) => {
      const line = location?.facts[index] ?? location?.line ?? 0;
      for (const cite of fact.cites) {
        const count = paragraphCounts.get(cite.source);
        if (count === undefined) {
          problems.push(fail(`A fact of \`${entity.id}\` cites \`${cite.source}#${cite.paragraph}\`, but there is no source \`${cite.source}\`.`, { file, line }));
        } else if (cite.paragraph < 1 || cite.paragraph > count) {
          problems.push(fail(`A fact of \`${entity.id}\` cites paragraph ${cite.paragraph} of \`${cite.source}\`, which has ${count} paragraphs.`, { file, line }));
        }
      }
    });
    for (const id of entity.related) {
      if (!entityIds.has(id)) {
        problems.push(fail(`\`${entity.id}\` is related to \`${id}\`, which is not an entity id.`, { file, line: location?.related ?? location?.line ?? 0 }));
      }
    }
  }
  return problems;
}
