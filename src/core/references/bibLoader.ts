// A .bib file (BibTeX or BibLaTeX) → sources, entry by entry: the boundaries are found by bibScanner.ts, each
// entry is read by citation-js (citationJs.ts, loaded on first use), and a broken entry is one problem at its
// line: the entries before and after it still load. Handled beyond what citation-js does alone:
// - protected words (`{LGSM}`, Better BibTeX's `{{Britain}}`) are marked `nocase`, so a sentence-case or
//   title-case style keeps them as written;
// - `xdata` fields are merged into the entries that name them (citation-js resolves `crossref` only);
// - `@string` macros apply to the entries after them, as in BibTeX;
// - `@online` with `organization` (Sourcebook's own export, biblatex's standard styles) is the site: the container.
import type { CoreError } from '../types';
import { fail } from '../types';
import type { CslRecord, RawBibEntry } from './citationJs';
import { scanBibEntries } from './bibScanner';
import type { BibChunk } from './bibScanner';

type CitationJs = typeof import('./citationJs');

let citationJs: Promise<CitationJs> | undefined;

/**
 * citation-js, loaded once on first use (a chunk of its own on the desktop: esbuild.js turns this `require` into
 * one of dist/citationJs.js). A `require` rather than `import()`: the unit tests run the TypeScript as CommonJS,
 * where `import()` of a .ts module finds nothing.
 */
export function loadCitationJs(): Promise<CitationJs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  citationJs ??= Promise.resolve().then(() => require('./citationJs') as CitationJs);
  return citationJs;
}

/** One entry read: its CSL item, its line, and its raw fields (for `file`). */
export interface BibItem {
  csl: CslRecord;
  line: number;
  fields: Record<string, string>;
}

export interface ParsedBib {
  items: BibItem[];
  problems: CoreError[];
}

const TITLE_FIELDS = ['title', 'subtitle', 'titleaddon', 'shorttitle', 'booktitle', 'booksubtitle', 'maintitle', 'mainsubtitle', 'eventtitle'];
/** Entries that hold fields for others, never cited themselves. */
const NOT_CITED = new Set(['xdata', 'set']);
/** Entries converted to CSL at once: small enough to pause between, large enough to be quick. */
const BATCH = 20;

/** The entries of a .bib file's text as CSL items, and what is wrong with the others. Never throws. */
export async function parseBib(text: string, origin: string, pause: () => Promise<void> = async () => {}): Promise<ParsedBib> {
  const lib = await loadCitationJs();
  const problems: CoreError[] = [];
  const problem = (chunk: BibChunk, message: string) => problems.push(fail(message, { file: origin, line: chunk.line }));
  const strings: Record<string, string> = {};
  const entries: Array<{ raw: RawBibEntry; line: number }> = [];
  const firstLine = new Map<string, number>();
  for (const chunk of scanBibEntries(text)) {
    await pause();
    if (chunk.type === 'comment' || chunk.type === 'preamble') continue;
    const head = `@${chunk.type}{${chunk.key ?? ''}`;
    if (!chunk.closed) {
      problem(chunk, `The entry ${head} is missing its closing brace: add \`}\` after its last field (or close the field left open). The entries after it are read.`);
      continue;
    }
    if (chunk.type === 'string') {
      readMacro(lib, chunk, strings, problem);
      continue;
    }
    if (!chunk.key) {
      problem(chunk, `The entry @${chunk.type} has no citation key: write one after \`@${chunk.type}{\`, followed by a comma (\`@${chunk.type}{smith2020,\`).`);
      continue;
    }
    const earlier = firstLine.get(chunk.key);
    if (earlier !== undefined) {
      problem(chunk, `The key \`${chunk.key}\` is also the key of the entry at line ${earlier + 1} of this file: give one of them another key (only the first is loaded).`);
      continue;
    }
    try {
      const [raw] = lib.parseBibText(chunk.text, strings);
      if (!raw) throw new SyntaxError('no fields');
      firstLine.set(chunk.key, chunk.line);
      prepare(raw);
      entries.push({ raw, line: chunk.line });
    } catch (error) {
      problem(chunk, `The entry ${head} could not be read: ${syntaxReason(error, chunk.line)}. Check the braces, quotes, \`=\` and commas of its fields.`);
    }
  }
  mergeXdata(entries.map((entry) => entry.raw));
  const items: BibItem[] = [];
  const byLabel = new Map(entries.map((entry) => [entry.raw.label, entry.raw]));
  const cited = entries.filter((entry) => !NOT_CITED.has(entry.raw.type));
  for (let i = 0; i < cited.length; i += BATCH) {
    await pause();
    const batch = cited.slice(i, i + BATCH);
    const converted = convert(lib, batch, byLabel, problems, origin);
    for (const item of converted) items.push(item);
  }
  return { items, problems };
}

/** An `@string{name = value}` macro, read by the grammar as the one field of an entry. */
function readMacro(lib: CitationJs, chunk: BibChunk, strings: Record<string, string>, problem: (chunk: BibChunk, message: string) => void): void {
  const asEntry = chunk.text.replace(/^\s*@\s*string\s*[{(]/i, '@misc{sourcebook-macro,');
  try {
    const [raw] = lib.parseBibText(asEntry, strings);
    Object.assign(strings, raw?.properties ?? {});
  } catch (error) {
    problem(chunk, `The @string macro could not be read: ${syntaxReason(error, chunk.line)}. Write it as \`@string{name = {value}}\`.`);
  }
}

/** Converts a batch (with the parents its entries cross-reference); an entry that fails is a problem of its own. */
function convert(lib: CitationJs, batch: ReadonlyArray<{ raw: RawBibEntry; line: number }>, byLabel: ReadonlyMap<string, RawBibEntry>, problems: CoreError[], origin: string): BibItem[] {
  const parents = new Set<RawBibEntry>();
  for (const { raw } of batch) {
    for (let parent = byLabel.get(raw.properties.crossref ?? ''), depth = 0; parent && depth < 4; parent = byLabel.get(parent.properties.crossref ?? ''), depth++) {
      if (!batch.some((entry) => entry.raw === parent)) parents.add(parent);
    }
  }
  try {
    const csl = lib.bibEntriesToCsl([...batch.map((entry) => entry.raw), ...parents]);
    return batch.map((entry, i) => ({ csl: finish(csl[i], entry.raw), line: entry.line, fields: entry.raw.properties }));
  } catch (error) {
    if (batch.length === 1) {
      problems.push(fail(`The entry @${batch[0].raw.type}{${batch[0].raw.label} could not be read: ${syntaxReason(error, batch[0].line)}.`, { file: origin, line: batch[0].line }));
      return [];
    }
    return batch.flatMap((entry) => convert(lib, [entry], byLabel, problems, origin));
  }
}

/** Before conversion: protected words marked, the language the entry gives (biblatex's `langid`) honoured. */
function prepare(raw: RawBibEntry): void {
  for (const field of TITLE_FIELDS) {
    const value = raw.properties[field];
    if (typeof value === 'string') raw.properties[field] = protectCase(value);
  }
  // citation-js decides sentence case by `language`; biblatex writers (and Better BibTeX) give `langid`.
  if (raw.properties.langid && !raw.properties.language) raw.properties.language = raw.properties.langid;
}

/** babel/polyglossia language names (biblatex's `langid`) → the language tags citeproc reads. */
const LANGUAGE_TAGS: Record<string, string> = {
  english: 'en', american: 'en-US', usenglish: 'en-US', british: 'en-GB', ukenglish: 'en-GB', australian: 'en-AU',
  canadian: 'en-CA', newzealand: 'en-NZ', german: 'de', ngerman: 'de', austrian: 'de-AT', naustrian: 'de-AT',
  swissgerman: 'de-CH', french: 'fr', italian: 'it', spanish: 'es', portuguese: 'pt', brazilian: 'pt-BR',
  dutch: 'nl', welsh: 'cy', irish: 'ga', scottish: 'gd', danish: 'da', swedish: 'sv', norsk: 'nb', finnish: 'fi',
  polish: 'pl', russian: 'ru', greek: 'el', latin: 'la', catalan: 'ca', czech: 'cs', hungarian: 'hu', turkish: 'tr',
};

/** After conversion: `@online`'s organization is its site; a babel language name is a language tag. */
function finish(csl: CslRecord, raw: RawBibEntry): CslRecord {
  if (typeof csl.language === 'string' && LANGUAGE_TAGS[csl.language.toLowerCase()]) csl.language = LANGUAGE_TAGS[csl.language.toLowerCase()];
  const organization = raw.properties.organization;
  if (raw.type === 'online' && organization && !csl['container-title'] && csl.publisher !== undefined) {
    const { publisher, ...rest } = csl;
    return { ...rest, 'container-title': publisher };
  }
  return csl;
}

/**
 * Wraps each group the writer protected with braces (`{LGSM}`, `{{Britain}}`) in the command citation-js is told
 * to read as `nocase`; a command's argument (`\emph{…}`, `\"{o}`) and a group starting with a command (`{\"U}`, a
 * special character in BibTeX) are not protection.
 */
export function protectCase(value: string, command = 'sourcebooknocase'): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i];
    if (char === '\\') {
      const name = /^\\(?:[A-Za-z]+|.)\s*/.exec(value.slice(i))?.[0] ?? '\\';
      out += name;
      i += name.length;
      if (value[i] === '{') {
        const end = groupEnd(value, i);
        out += value.slice(i, end);
        i = end;
      }
    } else if (char === '{') {
      const end = groupEnd(value, i);
      const group = value.slice(i, end);
      out += group.startsWith('{\\') ? group : `\\${command}${group}`;
      i = end;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** The offset just past the group opened at `from` (the end of the value when it never closes). */
function groupEnd(value: string, from: number): number {
  let depth = 0;
  for (let i = from; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '{') depth++;
    else if (value[i] === '}' && --depth === 0) return i + 1;
  }
  return value.length;
}

/** biblatex's `xdata = {a, b}`: the fields of those `@xdata` entries that the entry does not set itself. */
function mergeXdata(entries: RawBibEntry[]): void {
  const xdata = new Map(entries.filter((entry) => entry.type === 'xdata').map((entry) => [entry.label, entry]));
  if (xdata.size === 0) return;
  const fieldsOf = (entry: RawBibEntry, seen: Set<string>): Record<string, string> => {
    const merged: Record<string, string> = {};
    for (const id of (entry.properties.xdata ?? '').split(',').map((part) => part.trim())) {
      const source = xdata.get(id);
      if (!source || seen.has(id)) continue;
      seen.add(id);
      Object.assign(merged, fieldsOf(source, seen), source.properties);
    }
    return merged;
  };
  for (const entry of entries) {
    if (!entry.properties.xdata) continue;
    const inherited = fieldsOf(entry, new Set([entry.label]));
    delete inherited.xdata;
    entry.properties = { ...inherited, ...entry.properties };
    delete entry.properties.xdata;
  }
}

/** The parser's complaint in a writer's words: its first line, its line number made the file's. */
function syntaxReason(error: unknown, entryLine: number): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
  const at = /^(.*?) at line (\d+) col (\d+):?$/.exec(message);
  if (!at) return message.replace(/[.:]$/, '');
  const what = at[1].replace(/^expected "(\w+)", got "?(\w+)"?$/, (_all, expected: string, got: string) => `expected ${TOKEN_NAMES[expected] ?? expected} but found ${TOKEN_NAMES[got] ?? got}`);
  return `${what} at line ${entryLine + Number(at[2])}`;
}

const TOKEN_NAMES: Record<string, string> = {
  rbrace: 'a closing brace `}`',
  lbrace: 'an opening brace `{`',
  equals: '`=`',
  comma: 'a comma',
  EOF: 'the end of the entry',
  identifier: 'a field name',
  label: 'a citation key',
  quote: 'a quote `"`',
};
