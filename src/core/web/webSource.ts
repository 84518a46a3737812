// A web page as a source file: front matter with the facts the page states (each with a YAML comment saying where
// it came from, which the source parser reads past) and the article's text, one paragraph per block as a reader
// counts them. Also the key, made as for Zotero items (family name, year, first word of the title), told apart from
// the keys already taken, and the loading of the page reader (linkedom and Readability) on first use.
import type { Name, Result } from '../types';
import { fail, ok } from '../types';
import { madeKey } from '../references/zoteroLibrary';
import { KEY_PATTERN } from '../sources/sourceParser';
import type { ArticleBlock } from './articleBlocks';
import type { PageFacts } from './pageMetadata';
import type { FetchOptions } from './fetchPage';
import { fetchPage } from './fetchPage';

type WebPageModule = typeof import('./webPage');

let webPageModule: Promise<WebPageModule> | undefined;

/**
 * The page reader, loaded once (dist/webPage.js on the desktop). A `require` rather than `import()`, as for
 * citation-js: the unit tests run the TypeScript as CommonJS. The browser build replaces it with a module that says
 * pages are read on the desktop.
 */
export function loadWebPageReader(): Promise<WebPageModule> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  webPageModule ??= Promise.resolve().then(() => require('./webPage') as WebPageModule);
  return webPageModule;
}

/** What a page becomes: a Markdown source, or a PDF to save next to its sidecar. */
export type CapturedPage =
  | { kind: 'markdown'; key: string; fileName: string; text: string; facts: PageFacts; url: string }
  | { kind: 'pdf'; key: string; fileName: string; bytes: Uint8Array; sidecarName: string; sidecar: string; url: string };

export interface CaptureOptions extends FetchOptions {
  /** Keys already in the library: the new key is not one of them. */
  takenKeys: ReadonlySet<string>;
  /** Today, `2026-12-06`: the `accessed` date. */
  today: string;
}

/** Fetches the page and turns it into a source file's contents. Nothing is written here. */
export async function capturePage(address: string, options: CaptureOptions): Promise<Result<CapturedPage>> {
  const fetched = await fetchPage(address, options);
  if (!fetched.ok) return fetched;
  const page = fetched.value;
  if (page.kind === 'pdf') {
    const key = uniqueKey(pdfKey(page.url), options.takenKeys);
    const sidecar = [
      '# Facts of the PDF; its title, author and date come from the PDF itself unless written here.',
      `url: ${JSON.stringify(page.url)}  # the address the PDF came from (after redirects)`,
      `accessed: ${options.today}`,
      '',
    ].join('\n');
    return ok({ kind: 'pdf', key, fileName: `${key}.pdf`, bytes: page.bytes, sidecarName: `${key}.yaml`, sidecar, url: page.url });
  }
  const reader = await loadWebPageReader();
  if (options.signal?.aborted) return fail('Cancelled: nothing was written.');
  const article = reader.readWebPage(page.text, page.url);
  if (!article.ok) return article;
  const { facts, blocks } = article.value;
  if (!facts.title) return fail(`${page.url} states no title, in its tags or its text: Sourcebook does not make one up.`);
  const key = uniqueKey(keyFor(facts), options.takenKeys);
  return ok({ kind: 'markdown', key, fileName: `${key}.md`, text: sourceFileText(key, facts, blocks, options.today), facts, url: facts.url.value });
}

/** The key as Zotero items get it: `byrne2014pride`; `pride2014` for an unsigned page. */
export function keyFor(facts: PageFacts): string {
  const first = facts.author?.value[0];
  const made = madeKey({
    creators: first ? [{ creatorType: 'author', lastName: first.family, name: first.literal }] : [],
    date: facts.date?.value ?? '',
    title: facts.title?.value ?? '',
  });
  return made || 'webpage';
}

function pdfKey(url: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    name = '';
  }
  const key = trimPunctuation(name.replace(/\.pdf$/i, '').normalize('NFKD').replace(/[^\w.-]+/g, '-')).toLowerCase();
  return KEY_PATTERN.test(key) ? key.slice(0, 80) : 'document';
}

/** Without `-` and `.` at either end. */
function trimPunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '-' || text[start] === '.')) start++;
  while (end > start && (text[end - 1] === '-' || text[end - 1] === '.')) end--;
  return text.slice(start, end);
}

/** `key`, or `keya`, `keyb`, … when it is taken (compared ignoring case: file names on Windows and macOS do). */
export function uniqueKey(key: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((k) => k.toLowerCase()));
  if (!lower.has(key.toLowerCase())) return key;
  for (let n = 0; ; n++) {
    const candidate = `${key}${suffix(n)}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

function suffix(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : `${suffix(Math.floor(n / 26) - 1)}${suffix(n % 26)}`;
}

/** The source file: front matter (each fact with where it came from), then the article's blocks. */
export function sourceFileText(key: string, facts: PageFacts, blocks: readonly ArticleBlock[], today: string): string {
  const lines = ['---', `key: ${key}`];
  const from = (origin: string) => `  # ${origin.replace(/[\r\n]+/g, ' ')}`;
  if (facts.title) lines.push(`title: ${JSON.stringify(facts.title.value)}${from(facts.title.from)}`);
  if (facts.author) {
    lines.push(`author:${from(facts.author.from)}`);
    for (const name of facts.author.value) lines.push(...nameLines(name));
  }
  if (facts.container) lines.push(`container: ${JSON.stringify(facts.container.value)}${from(facts.container.from)}`);
  lines.push(`type: ${facts.type.value}${from(facts.type.from)}`);
  if (facts.date) lines.push(`date: ${facts.date.value}${from(facts.date.from)}`);
  lines.push(`url: ${JSON.stringify(facts.url.value)}${from(facts.url.from)}`);
  lines.push(`accessed: ${today}`);
  const missing = [!facts.author && 'no author (cited by its title)', !facts.date && 'no date (cited “n.d.”)'].filter(Boolean);
  lines.push(
    `note: ${JSON.stringify(
      `Captured from the web by Sourcebook on ${today}. Facts as the page states them (where each came from is noted beside it)${missing.length ? `; the page states ${missing.join(' and ')}` : ''}. Titles in this library are in sentence case: check the title's capitals. Navigation, banners, share buttons, related links, comments and footers were left out.`,
    )}`,
  );
  lines.push('---', '');
  for (const block of blocks) {
    if (block.kind === 'heading') lines.push(`${'#'.repeat(Math.min(6, Math.max(2, block.level)))} ${block.text}`);
    else if (block.kind === 'quote') lines.push(...block.lines.map((line) => `> ${safeText(line)}`));
    else if (block.kind === 'caption') lines.push(`<!-- ${block.text.replace(/--+>?/g, '–')} -->`);
    else lines.push(safeText(block.text));
    lines.push('');
  }
  return lines.join('\n');
}

function nameLines(name: Name): string[] {
  if (name.literal) return [`  - literal: ${JSON.stringify(name.literal)}`];
  const lines = [`  - family: ${JSON.stringify(name.family ?? '')}`];
  if (name.given) lines.push(`    given: ${JSON.stringify(name.given)}`);
  return lines;
}

/**
 * A paragraph's words as the file keeps them: one that starts like a heading or a quotation mark-up (`#`, `>`) gets a
 * no-break space in front, and `<!--` (which would hide the rest) is spaced out.
 */
function safeText(text: string): string {
  const spaced = text.replace(/<!--/g, '< !--');
  return /^[#>]/.test(spaced) ? `\u00a0${spaced}` : spaced;
}
