// A bibliography file of the writer's (`sourcebook.library.files`) → one ReferenceSet: `.bib` (BibTeX, BibLaTeX),
// `.json` (CSL-JSON), `.yaml`/`.yml` (CSL-YAML, as Pandoc writes it) and `.ris`. Every entry becomes a source whose
// key is its citation key, reference-only unless its `file` field names a Markdown or text file that can be read
// (then its paragraphs are read like a source's) or a PDF (then its paragraphs know their printed pages; the
// entry's own title, authors and date stay the source's facts). A broken entry is a problem at its line; the others still load.
// Work is paused every ~30 ms (the caller's `pause`), so 5,000 entries never freeze the editor. Never writes.
import type { CoreError, Paragraph, Result, Source } from '../types';
import { fail } from '../types';
import type { ReferenceSet } from './referenceSet';
import { sourceFromCsl } from './cslSource';
import { loadCitationJs, parseBib } from './bibLoader';
import { splitParagraphs } from '../sources/sourceParser';
import { isPdfPath } from '../pdf/pdfAttachment';
import { fileName } from '../sources/ownSourcesLoader';
import { lineFinder, parseYaml, yamlErrorLine } from '../text/yaml';

export type ReferenceFormat = 'bib' | 'csl-json' | 'csl-yaml' | 'ris';

export interface ReferenceFileOptions {
  /** Awaited between entries; gives the editor back its time when a slice is used up. */
  pause?: () => Promise<void>;
  /** The text of a file an entry names (`file` field), or undefined when it cannot be read. */
  readAttachment?: (uri: string) => Promise<string | undefined>;
  /**
   * The paragraphs of a PDF an entry names (`file` field; read with `pdfAttachmentParagraphs`), or why it cannot
   * give them ("does not exist", "has no text: …").
   */
  readPdfAttachment?: (uri: string) => Promise<Result<Paragraph[]>>;
  /** The URI of a path an entry names, relative to the bibliography file (default: beside it). */
  resolve?: (origin: string, path: string) => string;
  /** The set read before: an entry that did not change keeps its Source object (the library compares them). */
  previous?: ReferenceSet;
}

/** The format a file name says, or undefined for a file Sourcebook does not read as a bibliography. */
export function referenceFormat(name: string): ReferenceFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.bib') || lower.endsWith('.bibtex')) return 'bib';
  if (lower.endsWith('.json')) return 'csl-json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'csl-yaml';
  if (lower.endsWith('.ris')) return 'ris';
  return undefined;
}

const ATTACHMENT_EXTENSIONS = /\.(md|markdown|txt)$/i;

/** Reads a bibliography file's text into its reference set. Never throws. */
export async function loadReferenceFile(text: string, origin: string, options: ReferenceFileOptions = {}): Promise<ReferenceSet> {
  const label = fileName(origin);
  const pause = options.pause ?? (async () => {});
  const problems: CoreError[] = [];
  let items: Array<{ csl: Record<string, unknown>; line: number; fields?: Record<string, string> }> = [];
  try {
    const format = referenceFormat(label);
    if (format === 'bib') {
      const parsed = await parseBib(text, origin, pause);
      items = parsed.items;
      problems.push(...parsed.problems);
    } else if (format === 'csl-json' || format === 'csl-yaml') {
      items = readCsl(text, origin, format, problems);
    } else if (format === 'ris') {
      items = await readRis(text, origin, problems);
    } else {
      problems.push(fail(`${label} is not a bibliography file Sourcebook reads: list .bib, .json (CSL-JSON), .yaml (CSL-YAML) or .ris files.`, { file: origin, line: 0 }));
    }
  } catch (error) {
    problems.push(fail(`${label} could not be read (${error instanceof Error ? error.message : String(error)}).`, { file: origin, line: 0 }));
  }
  const previous = new Map((options.previous?.sources ?? []).map((source) => [source.meta.key, source]));
  const sources: Source[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    await pause();
    const source = sourceFromCsl(item.csl, origin, item.line);
    if (!source) {
      problems.push(fail(`This entry has no citation key (\`id\`): give it one.`, { file: origin, line: item.line }));
      continue;
    }
    const earlier = seen.get(source.meta.key);
    if (earlier !== undefined) {
      problems.push(fail(`The key \`${source.meta.key}\` is also the key of the entry at line ${earlier + 1} of this file: give one of them another key (only the first is loaded).`, { file: origin, line: item.line }));
      continue;
    }
    seen.set(source.meta.key, item.line);
    await attachText(source, item.fields?.file ?? (typeof item.csl.file === 'string' ? item.csl.file : undefined), origin, options, problems);
    sources.push(unchanged(previous.get(source.meta.key), source) ?? source);
  }
  return { origin, label, sources, problems };
}

/** CSL-JSON (an array of items) or CSL-YAML (Pandoc's `references:` list, or a bare list). */
function readCsl(text: string, origin: string, format: 'csl-json' | 'csl-yaml', problems: CoreError[]): Array<{ csl: Record<string, unknown>; line: number }> {
  const label = fileName(origin);
  let data: unknown;
  if (format === 'csl-json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const offset = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      const line = offset === undefined ? 0 : lineAt(text, Number(offset));
      problems.push(fail(`${label} is not valid JSON (${error instanceof Error ? error.message : String(error)}): fix it at this line; nothing in it is loaded until then.`, { file: origin, line }));
      return [];
    }
  } else {
    const doc = parseYaml(text);
    if (doc.errors.length > 0) {
      problems.push(fail(`${label} is not valid YAML (${doc.errors[0].message.split('\n')[0]}): fix it at this line; nothing in it is loaded until then.`, { file: origin, line: yamlErrorLine(doc.errors[0], text, lineFinder(text)) }));
      return [];
    }
    data = doc.toJS({ maxAliasCount: 100 });
    if (data && typeof data === 'object' && !Array.isArray(data)) data = (data as { references?: unknown }).references;
  }
  if (!Array.isArray(data)) {
    problems.push(fail(`${label} holds no list of CSL items: CSL-JSON is an array of items, CSL-YAML a \`references:\` list.`, { file: origin, line: 0 }));
    return [];
  }
  const lines = itemLines(text, data.length, format);
  const items: Array<{ csl: Record<string, unknown>; line: number }> = [];
  data.forEach((item, i) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) items.push({ csl: item as Record<string, unknown>, line: lines[i] ?? 0 });
    else problems.push(fail(`Item ${i + 1} of ${label} is not a CSL item (an object with \`id\`, \`type\`, \`title\`…).`, { file: origin, line: lines[i] ?? 0 }));
  });
  return items;
}

/** RIS: one record from `TY  -` to `ER  -`; a record without `ID` gets a stable key from its author, year and title. */
async function readRis(text: string, origin: string, problems: CoreError[]): Promise<Array<{ csl: Record<string, unknown>; line: number }>> {
  const lib = await loadCitationJs();
  const records: Array<{ text: string; line: number }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^TY {2}-/.test(line)) records.push({ text: '', line: i });
    if (records.length > 0) records[records.length - 1].text += `${line}\n`;
  });
  const items: Array<{ csl: Record<string, unknown>; line: number }> = [];
  const used = new Set<string>();
  for (const record of records) {
    try {
      const [csl] = lib.parseRisText(record.text);
      if (!csl) throw new Error('no fields');
      if (!csl.id || typeof csl.id !== 'string' || /^temp_id_/.test(csl.id)) csl.id = risKey(csl, used);
      used.add(String(csl.id));
      items.push({ csl, line: record.line });
    } catch (error) {
      problems.push(fail(`This RIS record could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): each line is \`XX  - value\`, from \`TY  -\` to \`ER  -\`.`, { file: origin, line: record.line }));
    }
  }
  return items;
}

/** "godel1931uber": the first author's family name, the year and the title's first word, folded to ASCII. */
function risKey(csl: Record<string, unknown>, used: ReadonlySet<string>): string {
  const ascii = (value: unknown) => String(value ?? '').normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const author = Array.isArray(csl.author) ? (csl.author[0] as { family?: string; literal?: string } | undefined) : undefined;
  const year = (csl.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0];
  const word = String(csl.title ?? '').split(/\s+/).find((w) => ascii(w).length > 3) ?? '';
  const base = `${ascii(author?.family ?? author?.literal) || 'anon'}${year ?? ''}${ascii(word)}` || 'entry';
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
  return key;
}

/** The zero-based line of each item: `{` at the array's top level (JSON), or `- ` at the list's indent (YAML). */
function itemLines(text: string, count: number, format: 'csl-json' | 'csl-yaml'): number[] {
  const lines: number[] = [];
  if (format === 'csl-yaml') {
    const all = text.split('\n');
    const indent = all.find((line) => /^\s*- /.test(line))?.match(/^\s*/)?.[0].length ?? 0;
    all.forEach((line, i) => {
      if (line.length > indent && line.slice(0, indent).trim() === '' && line.slice(indent).startsWith('- ')) lines.push(i);
    });
    return lines;
  }
  let depth = 0;
  let line = 0;
  let inString = false;
  for (let i = 0; i < text.length && lines.length < count; i++) {
    const char = text[i];
    if (char === '\n') line++;
    else if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (char === '{' && depth === 1) lines.push(line);
      depth++;
    } else if (char === '}' || char === ']') depth--;
  }
  return lines;
}

function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The paths in a `file` field: Zotero and Better BibTeX write `description:path:mime-type`, several joined by `;`,
 * with `\:` and `\;` escaped; JabRef and others a bare path.
 */
export function attachmentPaths(field: string): string[] {
  const parts = field.split(/(?<!\\);/).map((part) => part.trim()).filter(Boolean);
  return parts.map((part) => {
    const pieces = part.split(/(?<!\\):/);
    const path = pieces.length >= 3 ? pieces.slice(1, -1).join(':') : part;
    return path.replace(/\\([:;\\])/g, '$1');
  });
}

/**
 * When the entry names a readable Markdown or text file, or a PDF, its paragraphs: then it is no longer
 * reference-only. A text file is preferred to a PDF; a PDF that cannot be read is one warning at the entry.
 */
async function attachText(source: Source, field: string | undefined, origin: string, options: ReferenceFileOptions, problems: CoreError[]): Promise<void> {
  if (!field) return;
  const paths = attachmentPaths(field);
  const resolve = options.resolve ?? ((from: string, relative: string) => (relative.startsWith('/') ? relative : `${from.slice(0, from.lastIndexOf('/') + 1)}${relative}`));
  const path = paths.find((candidate) => ATTACHMENT_EXTENSIONS.test(candidate));
  if (!path) {
    const pdf = paths.find(isPdfPath);
    if (pdf && options.readPdfAttachment) await attachPdf(source, pdf, resolve(origin, pdf), origin, options.readPdfAttachment, problems);
    return;
  }
  if (!options.readAttachment) return;
  const text = await options.readAttachment(resolve(origin, path));
  if (text === undefined) {
    problems.push(fail(`The file ${path} of \`${source.meta.key}\` could not be read: it is cited without its text. Correct its \`file\` field, or move the file back.`, { file: origin, line: source.entryLine, severity: 'warning' }));
    return;
  }
  const lines = text.split(/\r?\n/);
  let first = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end > 0) first = end + 1;
  }
  const paragraphs = splitParagraphs(lines, first);
  if (paragraphs.length === 0) return;
  source.paragraphs = paragraphs;
  source.referenceOnly = false;
}

/** The entry's PDF: its paragraphs with their pages, or one warning at the entry saying why it stays reference-only. */
async function attachPdf(source: Source, path: string, uri: string, origin: string, read: (uri: string) => Promise<Result<Paragraph[]>>, problems: CoreError[]): Promise<void> {
  const key = source.meta.key;
  const paragraphs = await read(uri);
  if (!paragraphs.ok) {
    problems.push(fail(`The PDF ${path} of \`${key}\` is not read (${paragraphs.message.replace(/\.$/, '')}): \`${key}\` is cited without its text. Correct its \`file\` field, or move the file back.`, { file: origin, line: source.entryLine, severity: 'warning' }));
    return;
  }
  source.paragraphs = paragraphs.value;
  source.referenceOnly = false;
  source.pdf = uri;
}

/** The source read before when nothing in it changed (the library composition compares sources by identity). */
function unchanged(before: Source | undefined, now: Source): Source | undefined {
  if (!before) return undefined;
  return JSON.stringify(before) === JSON.stringify(now) ? before : undefined;
}
