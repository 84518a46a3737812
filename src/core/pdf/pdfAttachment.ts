// A PDF attached to a library entry (a bibliography file's `file` field, a Zotero item's PDF attachment): the
// entry's metadata stays the entry's; the PDF gives its paragraphs, each knowing its printed pages.
import type { Paragraph, Result } from '../types';
import { fail, ok } from '../types';
import type { PdfReadingStore } from './pdfReadings';
import { readPdfReading } from './pdfReadings';

/** Whether a path or URL names a PDF. */
export const isPdfPath = (path: string): boolean => /\.pdf$/i.test(path.split(/[?#]/)[0]);

/** The paragraphs of an attached PDF, or why it cannot give them (no text layer, encrypted, damaged, …). */
export async function pdfAttachmentParagraphs(bytes: Uint8Array, name: string, store?: PdfReadingStore, pause?: () => Promise<void>): Promise<Result<Paragraph[]>> {
  const reading = await readPdfReading(bytes, { name, pause }, store);
  if (!reading.ok) return reading;
  const { paragraphs } = reading.value;
  if (paragraphs.length === 0) return fail(`${name} has no text: run OCR on it first, e.g. ocrmypdf.`);
  return ok(paragraphs);
}
