// Where a captured page goes, decided without VS Code: the address to offer in the input box (a URL the writer
// selected, else one on the clipboard), whether the key or the file is taken already and the key to offer instead,
// and the captured page under that other key. Nothing here writes.
import type { CapturedPage } from './webSource';
import { uniqueKey } from './webSource';
import { webAddress } from './fetchPage';

/**
 * The address to put in the input box: the selected text when it is a web address, else the clipboard's, else
 * none. A URL written in angle brackets or parentheses (`<https://…>`, a Markdown link's `(https://…)`) counts.
 */
export function addressToOffer(selection: string | undefined, clipboard: string | undefined): string | undefined {
  for (const text of [selection, clipboard]) {
    const candidate = bare(text ?? '');
    if (candidate && !/\s/.test(candidate) && webAddress(candidate)) return candidate;
  }
  return undefined;
}

function bare(text: string): string {
  const trimmed = text.trim();
  const wrapped = /^[<(](.*)[>)]$/s.exec(trimmed);
  return (wrapped ? wrapped[1] : trimmed).trim();
}

/** What is already there under the page's key. */
export type KeyClash =
  | { kind: 'none' }
  /** A file of the name the page would be written to is in the folder: it may be replaced, if the writer says so. */
  | { kind: 'file'; existing: string; alternative: string }
  /** The key is the library's already (another file, a bibliography entry, the bundled corpus): not replaceable here. */
  | { kind: 'key'; alternative: string };

/**
 * Whether the page's key or file names are taken. `libraryKeys` are the keys of every source in the library;
 * `folderFiles` the names of the files in the folder it will be written to. Compared ignoring case, as file names on
 * Windows and macOS are. The alternative is the key with `a`, `b`, … added, as Zotero's made keys are told apart.
 */
export function keyClash(page: CapturedPage, libraryKeys: Iterable<string>, folderFiles: Iterable<string>): KeyClash {
  const files = new Map([...folderFiles].map((name) => [name.toLowerCase(), name]));
  const taken = new Set<string>(libraryKeys);
  for (const name of files.values()) taken.add(baseName(name));
  const alternative = () => uniqueKey(page.key, taken);
  const written = page.kind === 'pdf' ? [page.fileName, page.sidecarName] : [page.fileName];
  const existing = written.map((name) => files.get(name.toLowerCase())).find((name) => name !== undefined);
  if (existing) return { kind: 'file', existing, alternative: alternative() };
  const lowerKey = page.key.toLowerCase();
  if ([...taken].some((key) => key.toLowerCase() === lowerKey)) return { kind: 'key', alternative: alternative() };
  return { kind: 'none' };
}

function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** The captured page under another key: the front matter's `key:` line and the file names follow it. */
export function withKey(page: CapturedPage, key: string): CapturedPage {
  if (page.kind === 'pdf') return { ...page, key, fileName: `${key}.pdf`, sidecarName: `${key}.yaml` };
  const text = page.text.replace(/^---\nkey: .*\n/, `---\nkey: ${key}\n`);
  return { ...page, key, fileName: `${key}.md`, text };
}

/** The writer's today as the `accessed` date: `2026-12-06`, in local time. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
