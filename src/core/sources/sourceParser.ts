// Reads a source file: YAML front matter (the bibliographic facts) and the author's text cut into numbered
// paragraphs. Every problem is a value with the zero-based line of the file it concerns; nothing throws, and
// hostile input (binary, huge, deeply nested) is refused within bounded time.
//
// Paragraph rules: a paragraph is a run of non-blank lines, its text the lines trimmed and joined with one space.
// Headings (`#`), HTML comments (`<!-- … -->`, removed wherever they are; a line holding only a comment separates
// paragraphs like a blank line) and the front matter are not paragraphs. Consecutive `>` lines are one paragraph
// of kind `quote` (the markers removed). A list (lines starting `- `, `* `, `+ ` or `1. `) is one paragraph, its
// markers removed and its items joined with "; " (the "See also" list of an article). Paragraphs are numbered
// 1, 2, 3, … in order.

import { packTexts } from '../text/packedTexts';
import { CSL_TYPES } from '../citations/cslItem';
import { isMap, isScalar } from 'yaml';
import type { Document } from 'yaml';
import { fail, ok } from '../types';
import type { CoreError, Name, Paragraph, QuotedSpeech, Result, Source, SourceMeta } from '../types';
import { fold } from '../text/normalize';
import { checkYamlDepth, firstLine, lineFinder, parseYaml, truncate, yamlErrorLine } from '../text/yaml';

export interface ParsedSource {
  /** Undefined when the source cannot be used at all (no front matter, a required field missing, binary). */
  source?: Source;
  /** Everything worth telling the writer, each with the zero-based line of the file. */
  problems: CoreError[];
}

export interface ParseLimits {
  /** The largest text accepted, in UTF-16 units. */
  maxChars?: number;
}

/** A source file larger than this is refused unless the caller sets another limit (10 MB). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Front matter is a few dozen lines; more than this is not front matter. */
const MAX_FRONT_MATTER_CHARS = 64 * 1024;

export const KEY_PATTERN = /^[A-Za-z0-9_:.-]+$/;
const MAX_KEY_LENGTH = 200;
const ISO_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

const KNOWN_FIELDS = new Set([
  'key', 'title', 'author', 'container', 'type', 'date', 'url', 'accessed', 'publisher', 'changing', 'note', 'quotations',
]);
const STRING_FIELDS = ['container', 'url', 'publisher', 'note'] as const;
const NAME_FIELDS = new Set(['family', 'given', 'literal']);
/** Unknown front-matter fields reported one by one; the rest are counted in one warning. */
const MAX_UNKNOWN_REPORTED = 10;

/**
 * Turns a file's bytes into text, or says why it is not a text source: too large, binary (NUL bytes), or not
 * UTF-8. A byte-order mark is dropped.
 */
export function decodeSource(bytes: Uint8Array, file: string, maxBytes = DEFAULT_MAX_BYTES): Result<string> {
  if (bytes.length > maxBytes) {
    return fail(`${file} is ${formatSize(bytes.length)}, over the ${formatSize(maxBytes)} limit for a source: split it, or raise the limit in the settings.`, { file, line: 0 });
  }
  if (bytes.indexOf(0) !== -1) {
    return fail(`${file} is a binary file, not text: a source must be Markdown or plain text.`, { file, line: 0 });
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail(`${file} is not valid UTF-8 text: save it as UTF-8.`, { file, line: 0 });
  }
}

/** A size as a writer reads it: "12 KB", "10.0 MB". */
export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Parses a source's text. `origin` names the file in problems and becomes `Source.origin`. Never throws. */
export function parseSource(text: string, origin: string, limits: ParseLimits = {}): ParsedSource {
  try {
    return parseUnsafe(text, origin, limits);
  } catch (error) {
    // A bug or an exhausted stack on some input we did not foresee: still a value, never a crash.
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [fail(`${origin} could not be read as a source (${reason}).`, { file: origin, line: 0 })] };
  }
}

function parseUnsafe(input: string, origin: string, limits: ParseLimits): ParsedSource {
  const file = origin;
  const problem = (message: string, line: number, severity?: 'warning'): CoreError =>
    fail(message, severity ? { file, line, severity } : { file, line });
  if (typeof input !== 'string') return { problems: [problem('The source is not text.', 0)] };
  const maxChars = limits.maxChars ?? DEFAULT_MAX_BYTES;
  if (input.length > maxChars) {
    return { problems: [problem(`The source is ${input.length} characters long, over the limit of ${maxChars}: split it.`, 0)] };
  }
  if (input.includes('\u0000')) {
    return { problems: [problem('This is a binary file, not text: a source must be Markdown or plain text.', 0)] };
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = text.split(/\r\n?|\n/);

  if (lines[0].trimEnd() !== '---') {
    return {
      problems: [problem('No front matter: a source starts with a line `---`, then `key`, `title`, `type` and (unless it is unsigned) `author`, then a closing `---`.', 0)],
    };
  }
  let close = -1;
  let chars = 0;
  for (let i = 1; i < lines.length; i++) {
    const trimmed = lines[i].trimEnd();
    if (trimmed === '---' || trimmed === '...') {
      close = i;
      break;
    }
    chars += lines[i].length + 1;
    if (chars > MAX_FRONT_MATTER_CHARS) {
      return { problems: [problem(`The front matter is longer than ${MAX_FRONT_MATTER_CHARS / 1024} KB: is its closing \`---\` missing?`, 0)] };
    }
  }
  if (close < 0) {
    return { problems: [problem('The front matter is never closed: add a line `---` after its last field.', 0)] };
  }

  const yamlLines = lines.slice(1, close);
  const depthProblem = checkYamlDepth(yamlLines, 'The front matter');
  if (depthProblem) return { problems: [problem(depthProblem.message, 1 + depthProblem.line)] };

  const yamlText = yamlLines.join('\n');
  const lineOfOffset = lineFinder(yamlText, 1);
  const doc = parseYaml(yamlText);
  if (doc.errors.length > 0) {
    // The first error is the cause; the others are usually its echoes.
    const error = doc.errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY') ?? doc.errors[0];
    return {
      problems: [problem(`The front matter is not valid YAML: ${firstLine(error.message)}`, yamlErrorLine(error, yamlText, lineOfOffset))],
    };
  }
  if (!isMap(doc.contents)) {
    return { problems: [problem('The front matter must be fields (`key: value` lines), starting with `key`, `title`, `author` and `type`.', 1)] };
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 16 }) as Record<string, unknown>;
  } catch {
    return { problems: [problem('The front matter repeats YAML aliases (`*name`) too often: write the values out.', 1)] };
  }
  const lineOf = (path: Array<string | number>): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const range = node && typeof node === 'object' ? node.range : undefined;
    if (range) return lineOfOffset(range[0]);
    if (path.length > 1) return lineOf(path.slice(0, -1));
    return keyLine(doc, String(path[0]), lineOfOffset) ?? 0;
  };

  const problems: CoreError[] = [];
  let fatal = false;
  const required = (field: string, example: string): string | undefined => {
    const value = data[field];
    if (value === undefined || value === null || value === '') {
      problems.push(problem(`Missing \`${field}\` in the front matter: add \`${field}: ${example}\`.`, lineOf([field])));
      fatal = true;
      return undefined;
    }
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    problems.push(problem(`\`${field}\` must be a single line of text, not a list or a set of fields.`, lineOf([field])));
    fatal = true;
    return undefined;
  };

  const key = required('key', 'surname2024');
  if (key !== undefined && (!KEY_PATTERN.test(key) || key.length > MAX_KEY_LENGTH)) {
    problems.push(
      problem(
        `The key \`${truncate(key, 60)}\` may use only letters, digits and \`_ - : .\` (at most ${MAX_KEY_LENGTH}): for example \`crossan2025\`.`,
        lineOf(['key']),
      ),
    );
    fatal = true;
  }
  const title = required('title', '…');
  const type = required('type', 'webpage');
  if (type !== undefined && !CSL_TYPES.has(type)) {
    problems.push(
      problem(`\`type: ${truncate(type, 40)}\` is not a CSL item type: use one such as \`webpage\`, \`post-weblog\`, \`article-magazine\`, \`entry-encyclopedia\` or \`book\`.`, lineOf(['type']), 'warning'),
    );
  }
  const author = parseAuthors(data.author, (message, path) => problem(message, lineOf(['author', ...path])));
  if (!author.ok) {
    problems.push(author);
    fatal = true;
  }

  // Each unknown field is located by a linear search: report the first few, then count the rest (thousands of
  // fields took seconds).
  const unknown = Object.keys(data).filter((field) => !KNOWN_FIELDS.has(field));
  for (const field of unknown.slice(0, MAX_UNKNOWN_REPORTED)) {
    problems.push(problem(`Unknown field \`${truncate(field, 40)}\` in the front matter is ignored.`, lineOf([field]), 'warning'));
  }
  if (unknown.length > MAX_UNKNOWN_REPORTED) {
    const rest = unknown.length - MAX_UNKNOWN_REPORTED;
    problems.push(problem(`${rest} more unknown field${rest === 1 ? '' : 's'} in the front matter ${rest === 1 ? 'is' : 'are'} ignored.`, lineOf([unknown[MAX_UNKNOWN_REPORTED]]), 'warning'));
  }

  const meta: Partial<SourceMeta> = { key, title, type, author: author.ok ? author.value : [] };
  for (const field of STRING_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number') meta[field] = String(value).trim();
    else problems.push(problem(`\`${field}\` must be a single line of text.`, lineOf([field])));
  }
  for (const field of ['date', 'accessed'] as const) {
    const value = data[field];
    if (value === undefined || value === null) continue;
    const date = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
    if (ISO_DATE.test(date)) meta[field] = date;
    else problems.push(problem(`\`${field}: ${truncate(date, 40)}\` is not a date: write it as 2025-02-15, 2014-11 or 2015, or leave it out when unknown.`, lineOf([field])));
  }
  if (data.changing !== undefined && data.changing !== null) {
    if (typeof data.changing === 'boolean') meta.changing = data.changing;
    else problems.push(problem('`changing` must be `true` or `false`.', lineOf(['changing'])));
  }

  const paragraphs = splitParagraphs(lines, close + 1);
  const quotations = parseQuotations(data.quotations, paragraphs, (message, path, severity) =>
    problem(message, lineOf(['quotations', ...path]), severity),
    (path) => lineOf(['quotations', ...path]),
  );
  problems.push(...quotations.problems);

  if (fatal) return { problems };
  return { source: { meta: meta as SourceMeta, paragraphs, quotations: quotations.value, origin }, problems };
}

function keyLine(doc: Document, key: string, lineOfOffset: (offset: number) => number): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return lineOfOffset(pair.key.range[0]);
  }
  return undefined;
}

/**
 * The authors: a list of `{family, given}` or `{literal}` names. None (no `author`, or an empty one) is an unsigned
 * work, which every style cites by its title: no stand-in name such as "Anonymous" or "Wikipedia contributors".
 */
function parseAuthors(value: unknown, problem: (message: string, path: Array<string | number>) => CoreError): Result<Name[]> {
  if (value === undefined || value === null || value === '') return ok([]);
  if (typeof value === 'string') return ok([{ literal: value.trim() }]);
  const list = Array.isArray(value) ? value : [value];
  const names: Name[] = [];
  for (let i = 0; i < list.length; i++) {
    const path = Array.isArray(value) ? [i] : [];
    const item = list[i] as unknown;
    if (typeof item === 'string') {
      names.push({ literal: item.trim() });
      continue;
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      return problem(`Each author is \`family\` and \`given\` names, or a \`literal\` name such as "National Union of Mineworkers".`, path);
    }
    const fields = item as Record<string, unknown>;
    const name: Name = {};
    for (const [field, part] of Object.entries(fields)) {
      if (!NAME_FIELDS.has(field)) return problem(`An author has \`${truncate(field, 30)}\`: use \`family\`, \`given\` or \`literal\`.`, [...path, field]);
      if (typeof part !== 'string' || part.trim() === '') return problem(`An author's \`${field}\` must be a name.`, [...path, field]);
      name[field as keyof Name] = part.trim();
    }
    if (!name.family && !name.literal) {
      return problem('An author needs a `family` name (or a `literal` name such as "National Union of Mineworkers").', path);
    }
    names.push(name);
  }
  return ok(names);
}

function parseQuotations(
  value: unknown,
  paragraphs: Paragraph[],
  problem: (message: string, path: Array<string | number>, severity?: 'warning') => CoreError,
  lineOf: (path: Array<string | number>) => number,
): { value: QuotedSpeech[]; problems: CoreError[] } {
  const quotations: QuotedSpeech[] = [];
  const problems: CoreError[] = [];
  if (value === undefined || value === null) return { value: quotations, problems };
  if (!Array.isArray(value)) {
    problems.push(problem('`quotations` must be a list, each item with `paragraph`, `quote`, `speaker` and `speakerName`.', []));
    return { value: quotations, problems };
  }
  value.forEach((item: unknown, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(problem('Each quotation needs `paragraph`, `quote`, `speaker` and `speakerName`.', [index]));
      return;
    }
    const fields = item as Record<string, unknown>;
    const number = fields.paragraph;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      problems.push(problem('A quotation needs `paragraph:` with the number of the paragraph it is in.', [index]));
      return;
    }
    const paragraph = paragraphs[number - 1];
    if (!paragraph) {
      problems.push(problem(`Paragraph ${number} does not exist: this source has ${paragraphs.length} paragraphs.`, [index, 'paragraph']));
      return;
    }
    if (typeof fields.quote !== 'string' || fields.quote.trim() === '') {
      problems.push(problem('A quotation needs `quote:` with the quoted words, exactly as the paragraph has them.', [index]));
      return;
    }
    const speaker = typeof fields.speaker === 'string' ? fields.speaker.trim() : '';
    if (!speaker) {
      problems.push(problem('A quotation needs `speaker:` with the id of the entity who speaks.', [index]));
      return;
    }
    const found = locateQuote(paragraph.text, fields.quote);
    if (!found) {
      problems.push(
        problem(`The quotation "${truncate(fields.quote.trim(), 60)}" is not in paragraph ${number}: copy its words exactly from the paragraph.`, [index, 'quote']),
      );
      return;
    }
    const speakerName = typeof fields.speakerName === 'string' && fields.speakerName.trim() ? fields.speakerName.trim() : speaker;
    const quotation: QuotedSpeech = { paragraph: number, start: found.start, end: found.end, speaker, speakerName, line: lineOf([index]) };
    if (typeof fields.origin === 'string' && fields.origin.trim()) quotation.origin = fields.origin.trim();
    quotations.push(quotation);
  });
  return { value: quotations, problems };
}

/** Finds a quotation in a paragraph: exactly, or else ignoring case, accents, quote styles and line breaks. */
function locateQuote(paragraph: string, quote: string): { start: number; end: number } | undefined {
  const words = quote.trim().replace(/\s+/g, ' ');
  let start = paragraph.indexOf(words);
  if (start < 0) start = fold(paragraph).indexOf(fold(words));
  return start < 0 ? undefined : { start, end: start + words.length };
}

type LineKind = 'blank' | 'heading' | 'text' | 'quote' | 'item';

/** A list item's marker: `- `, `* `, `+ `, `1. ` or `1) ` at the start of a line. */
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)/;

/** An ordered item that does not interrupt a paragraph (CommonMark): "…in\n1985. The miners…" is prose. */
const INTERRUPTS_NOT = /^ {0,3}(?!1[.)])\d{1,9}[.)]/;

/**
 * Cuts the body (the lines from `first` on) into paragraphs. Their texts are packed (text/packedTexts.ts): a few
 * long strings per file, none of them holding on to the file's text, one byte a unit where the characters allow
 * (a file with a single character beyond Latin-1 would otherwise make every text cut from it two bytes a unit).
 */
export function splitParagraphs(lines: string[], first: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  /** `items`: a list, each entry an item's lines. */
  let current: { lines: string[]; line: number; kind: 'text' | 'quote'; items?: string[][] } | undefined;
  const flush = (): void => {
    const text = current?.items ? current.items.map((item) => item.join(' ')).join('; ') : current?.lines.join(' ');
    if (current && text) paragraphs.push({ number: paragraphs.length + 1, text, line: current.line, kind: current.kind });
    current = undefined;
  };
  let inComment = false;
  for (let l = first; l < lines.length; l++) {
    const visible = stripComments(lines[l], inComment);
    inComment = visible.inComment;
    const content = visible.text;
    let kind: LineKind;
    let words = content.trim();
    if (words === '') kind = 'blank';
    else if (/^ {0,3}#{1,6}(\s|$)/.test(content)) kind = 'heading';
    else if (/^ {0,3}>/.test(content)) {
      words = content.replace(/^ {0,3}> ?/, '').trim();
      kind = words === '' ? 'blank' : 'quote';
    } else if (LIST_ITEM.test(content) && !(current && !current.items && INTERRUPTS_NOT.test(content))) {
      words = content.replace(LIST_ITEM, '').trim();
      kind = 'item';
    } else kind = 'text';
    if (kind === 'blank' || kind === 'heading') {
      flush();
      continue;
    }
    if (kind === 'item') {
      // A list interrupts a paragraph; its items are one paragraph.
      if (current && !current.items) flush();
      if (!current) current = { lines: [], line: l, kind: 'text', items: [] };
      current.items?.push([words]);
      continue;
    }
    if (kind === 'text' && current?.items) {
      // A line under an item continues it (CommonMark's lazy continuation).
      current.items[current.items.length - 1].push(words);
      continue;
    }
    if (current && current.kind !== kind) flush();
    if (!current) current = { lines: [], line: l, kind };
    current.lines.push(words);
  }
  flush();
  packTexts(paragraphs);
  return paragraphs;
}

/** Removes HTML comments from a line, given whether the line starts inside one. */
function stripComments(line: string, inComment: boolean): { text: string; inComment: boolean } {
  if (!inComment && !line.includes('<!--')) return { text: line, inComment: false };
  let out = '';
  let i = 0;
  let inside = inComment;
  while (i < line.length) {
    if (inside) {
      const end = line.indexOf('-->', i);
      if (end < 0) return { text: out, inComment: true };
      i = end + 3;
      inside = false;
    } else {
      const open = line.indexOf('<!--', i);
      if (open < 0) {
        out += line.slice(i);
        break;
      }
      out += line.slice(i, open);
      i = open + 4;
      inside = true;
    }
  }
  return { text: out, inComment: inside };
}
