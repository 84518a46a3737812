// A PDF read into paragraphs once, not at every start: the reading (paragraphs with their pages, the document
// information, or why the PDF gives no text) is kept in a store under the SHA-256 of the PDF's bytes, so a PDF
// moved, renamed or attached to two entries is read once, and a PDF changed by one byte is read again. Reading a
// 300-page book takes pdf.js most of a second; taking it from the store takes milliseconds.
//
// The store is any place that keeps text by name (the extension's global storage in VS Code; a folder or memory in
// tests). What it holds is checked on the way out — a stored reading of another format version, or one damaged on
// disk, is read again from the PDF — so nothing it holds can change what a writer sees.
import { packTexts } from '../text/packedTexts';
import type { Paragraph, Result } from '../types';
import { fail, ok } from '../types';
import { pauser } from '../pauser';
import { contentHash } from '../text/contentHash';
import type { PdfInfo, PdfReadOptions, PdfText } from './readPdf';
import { readPdf } from './readPdf';
import { pdfParagraphsInSlices } from './paragraphs';

/** What a PDF gives: its paragraphs (each with its pages) and its document information. */
export interface PdfReading {
  paragraphs: Paragraph[];
  info: PdfInfo;
}

/** Where readings are kept: text by name. Either call may reject; the reading then goes on without the store. */
export interface PdfReadingStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, text: string): Promise<void>;
}

/**
 * The version of what is stored: raised whenever the reading of a PDF changes (paragraph reconstruction, page
 * labels, document information), so readings made by an older Sourcebook are made again.
 */
export const PDF_READING_VERSION = 1;

/** The PDF's paragraphs and information, from the store when it holds this PDF's reading, else read and stored. */
export async function readPdfReading(bytes: Uint8Array, options: PdfReadOptions, store?: PdfReadingStore): Promise<Result<PdfReading>> {
  const name = store ? await readingName(bytes, options).catch(() => undefined) : undefined;
  if (store && name) {
    const stored = parseStored(await store.get(name).catch(() => undefined), options.name);
    if (stored) return stored;
  }
  const reading = await readFromPdf(bytes, options);
  // A PDF too long to read is not stored: the limit is a setting, and the same PDF may be read under another.
  if (store && name && !tooLong(reading)) {
    await store.set(name, JSON.stringify({ version: PDF_READING_VERSION, name: options.name, reading })).catch(() => undefined);
  }
  return reading;
}

/** The store's name for a PDF's reading: its bytes' SHA-256, and the first page's number when a sidecar gives it. */
export async function readingName(bytes: Uint8Array, options: Pick<PdfReadOptions, 'firstPage'>): Promise<string> {
  const hex = await contentHash(bytes);
  return options.firstPage === undefined ? hex : `${hex}-p${options.firstPage}`;
}

/** The source's paragraphs, each with the pages it is on. */
export async function paragraphsOf(text: PdfText, pause: () => Promise<void> = pauser()): Promise<Paragraph[]> {
  return (await pdfParagraphsInSlices(text.pages, pause)).map((paragraph, index) => ({
    number: index + 1,
    text: paragraph.text,
    line: paragraph.pageIndex,
    kind: 'text',
    pages: paragraph.pages,
  }));
}

async function readFromPdf(bytes: Uint8Array, options: PdfReadOptions): Promise<Result<PdfReading>> {
  const text = await readPdf(bytes, options);
  if (!text.ok) return text;
  return ok({ paragraphs: await paragraphsOf(text.value, options.pause), info: text.value.info });
}

const tooLong = (reading: Result<PdfReading>) => !reading.ok && /-page limit/.test(reading.message);

/**
 * A stored reading, when it is one of this version and well formed; the messages of a stored failure name the
 * PDF as the writer knows it now (`name`), not as it was called when it was read.
 */
function parseStored(text: string | undefined, name: string): Result<PdfReading> | undefined {
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.version !== PDF_READING_VERSION || !isRecord(data.reading)) return undefined;
  const reading = data.reading;
  if (reading.ok === false) {
    return typeof reading.message === 'string' && typeof data.name === 'string' && data.name !== '' ? fail(reading.message.split(data.name).join(name)) : undefined;
  }
  if (reading.ok !== true || !isRecord(reading.value)) return undefined;
  const { paragraphs, info } = reading.value;
  if (!Array.isArray(paragraphs) || !paragraphs.every(isParagraph) || !isRecord(info)) return undefined;
  packTexts(paragraphs);
  return ok({ paragraphs, info: info as PdfInfo });
}

function isParagraph(value: unknown): value is Paragraph {
  return (
    isRecord(value) &&
    typeof value.number === 'number' &&
    typeof value.text === 'string' &&
    typeof value.line === 'number' &&
    (value.kind === 'text' || value.kind === 'quote') &&
    (value.pages === undefined ||
      (Array.isArray(value.pages) &&
        value.pages.every((span) => isRecord(span) && typeof span.start === 'number' && typeof span.end === 'number' && typeof span.label === 'string')))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
