// A PDF in a sources folder as a source: its key is its file name without `.pdf`, its facts come from the PDF's
// document information and an optional sidecar `<name>.yaml` (the front-matter fields, plus `firstPage`: the printed
// number of the first page when the PDF has no page labels) — the sidecar wins, and nothing is invented: a PDF
// without a date has none. Its paragraphs know their pages.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { CoreError, Name, Result, Source } from '../types';
import { fail, ok } from '../types';
import { parseSource } from '../sources/sourceParser';
import type { PdfInfo, PdfReadOptions } from './readPdf';
import type { PdfReadingStore } from './pdfReadings';
import { readPdfReading } from './pdfReadings';

export interface PdfSourceInput {
  /** The PDF's URI: the source's origin. */
  uri: string;
  /** Its file name, `tate2017.pdf`. */
  name: string;
  bytes: Uint8Array;
  /** The sidecar's text and URI, when there is one. */
  sidecar?: { uri: string; text: string };
  maxPages?: number;
  /** Where readings are kept between starts (see pdfReadings.ts). */
  store?: PdfReadingStore;
  /** Awaited between pages and paragraphs (the library's shared budget; see `PdfReadOptions.pause`). */
  pause?: () => Promise<void>;
}

export interface PdfSource {
  source?: Source;
  problems: CoreError[];
}

/** The sidecar's fields: its front-matter fields, and `firstPage` apart. */
export function readSidecar(text: string, uri: string): Result<{ fields: Record<string, unknown>; firstPage?: number }> {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 16 });
  } catch (error) {
    return fail(`The sidecar is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { file: uri, line: 0 });
  }
  if (data === null || data === undefined) return ok({ fields: {} });
  if (typeof data !== 'object' || Array.isArray(data)) return fail('The sidecar must be fields (`title: …` lines), as in a source’s front matter.', { file: uri, line: 0 });
  const { firstPage, ...fields } = data as Record<string, unknown>;
  if (firstPage === undefined) return ok({ fields });
  if (typeof firstPage !== 'number' || !Number.isInteger(firstPage) || firstPage < 1) {
    return fail(`\`firstPage: ${String(firstPage)}\` is not a page number: write the printed number of the PDF's first page, e.g. \`firstPage: 201\`.`, { file: uri, line: 0 });
  }
  return ok({ fields, firstPage });
}

/** Names as a PDF's Author field writes them: "Ann Example; Bo Other", "Example, Ann and Other, Bo". */
export function pdfAuthors(author: string): Name[] {
  return author
    .split(';')
    .flatMap((part) => part.split(' and '))
    .flatMap((part) => part.split('&'))
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const comma = name.indexOf(',');
      if (comma > 0) return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
      const space = name.lastIndexOf(' ');
      return space > 0 ? { family: name.slice(space + 1), given: name.slice(0, space) } : { literal: name };
    });
}

/** The facts of the document information, as front-matter fields. */
function infoFields(info: PdfInfo): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (info.title) fields.title = info.title;
  if (info.author) fields.author = pdfAuthors(info.author);
  if (info.created) fields.date = info.created;
  return fields;
}

/** Reads a PDF (and its sidecar) into a source. Never throws. */
export async function readPdfSource(input: PdfSourceInput): Promise<PdfSource> {
  const problems: CoreError[] = [];
  const key = input.name.replace(/\.pdf$/i, '');
  let sidecar: { fields: Record<string, unknown>; firstPage?: number } = { fields: {} };
  if (input.sidecar) {
    const read = readSidecar(input.sidecar.text, input.sidecar.uri);
    if (read.ok) sidecar = read.value;
    else problems.push(read);
  }
  const options: PdfReadOptions = { name: input.name, firstPage: sidecar.firstPage, maxPages: input.maxPages, pause: input.pause };
  const reading = await readPdfReading(input.bytes, options, input.store);
  if (!reading.ok) return { problems: [...problems, { ...reading, file: input.uri, line: 0 }] };
  const fields: Record<string, unknown> = { key, type: 'document', ...infoFields(reading.value.info), ...sidecar.fields };
  if (fields.title === undefined) {
    const where = input.sidecar ? fileNameOf(input.sidecar.uri) : `a sidecar ${key}.yaml next to it`;
    problems.push(fail(`${input.name} has no title in its document information: write one in ${where} (\`title: …\`).`, { file: input.uri, line: 0 }));
    return { problems };
  }
  const parsed = parseSource(`---\n${stringifyYaml(fields)}---\n`, input.uri);
  const file = input.sidecar?.uri ?? input.uri;
  problems.push(...parsed.problems.map((problem) => ({ ...problem, file, line: 0 })));
  if (!parsed.source) return { problems };
  const source: Source = { ...parsed.source, paragraphs: reading.value.paragraphs, quotations: [], pdf: input.uri };
  return { source, problems };
}

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
