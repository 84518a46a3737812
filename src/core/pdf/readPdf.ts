// A PDF's text per page, with the page a reader would cite, and its document information — read with unpdf (pdf.js
// built to run without a worker, in Node and in a web worker alike), loaded on first use. Every failure is a
// `Result` a writer can act on: encrypted, damaged, too many pages, no text layer.
import type { Result } from '../types';
import { fail, ok } from '../types';
import { pauser } from '../pauser';
import { loadUnpdf } from './unpdfModule';
import type { PdfPageText, PdfTextItem } from './paragraphs';

export interface PdfInfo {
  title?: string;
  author?: string;
  /** The document's creation date, as ISO 8601 (`2017-03-04`). */
  created?: string;
}

export interface PdfText {
  pages: PdfPageText[];
  info: PdfInfo;
  /** Whether the labels are the PDF's own page labels (otherwise the page numbers, offset by `firstPage`). */
  labelled: boolean;
}

export interface PdfReadOptions {
  /** The name the writer knows the file by, for messages. */
  name: string;
  /** The printed number of the first page, when the PDF has no page labels (a sidecar's `firstPage`). */
  firstPage?: number;
  /** Pages read at most (default 1,500): a longer PDF is reported and skipped. */
  maxPages?: number;
  /**
   * Awaited between pages and paragraphs: the library's one budget of host time (`Sourcebook.slices.pause`), so
   * reading a PDF takes turns with the other long jobs; a pauser of its own when absent.
   */
  pause?: () => Promise<void>;
}

export const DEFAULT_MAX_PAGES = 1500;

/** The text of every page of a PDF. Yields to the host between pages. */
export async function readPdf(bytes: Uint8Array, options: PdfReadOptions): Promise<Result<PdfText>> {
  const { name } = options;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!startsWithPdfHeader(bytes)) return fail(`${name} is not a PDF (it does not start with %PDF): it is skipped.`);
  let getDocumentProxy: Awaited<ReturnType<typeof loadUnpdf>>['getDocumentProxy'];
  try {
    ({ getDocumentProxy } = await loadUnpdf());
  } catch (error) {
    return fail(`${name} is not read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the bytes it is given, and refuses a Node Buffer (what VS Code's file system gives):
    // a plain Uint8Array copy suits it and leaves the caller's intact. In VS Code's extension
    // host (Electron) pdf.js does not take itself to be in Node and would probe `navigator` for image decoding and
    // canvases, which text extraction never uses: saying so up front spares the probe.
    document = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      isImageDecoderSupported: false,
      isOffscreenCanvasSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
      verbosity: 0,
    });
  } catch (error) {
    return fail(openFailure(name, error));
  }
  try {
    if (document.numPages > maxPages) {
      return fail(`${name} has ${document.numPages.toLocaleString('en')} pages, over the ${maxPages.toLocaleString('en')}-page limit for a PDF source: it is skipped. Split it into chapters.`);
    }
    const ownLabels = await document.getPageLabels().catch(() => null);
    const firstPage = options.firstPage ?? 1;
    const pages: PdfPageText[] = [];
    const pause = options.pause ?? pauser();
    for (let index = 0; index < document.numPages; index++) {
      const page = await document.getPage(index + 1);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        items.push({ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height, hasEOL: item.hasEOL });
      }
      page.cleanup();
      pages.push({ label: ownLabels?.[index] || String(firstPage + index), items });
      await pause();
    }
    if (pages.every((page) => page.items.every((item) => item.str.trim() === ''))) {
      return fail(`${name} has no text: run OCR on it first, e.g. ocrmypdf (\`ocrmypdf in.pdf out.pdf\`), then put the result in its place.`);
    }
    const metadata = await document.getMetadata().catch(() => undefined);
    return ok({ pages, info: infoOf(metadata?.info as Record<string, unknown> | undefined), labelled: Boolean(ownLabels) });
  } catch (error) {
    return fail(`${name} is damaged (${reason(error)}): it is skipped. Open it in a PDF viewer and save or print it to a new PDF.`);
  } finally {
    void document.destroy();
  }
}

function startsWithPdfHeader(bytes: Uint8Array): boolean {
  // The header may follow a little junk (up to 1 KB, as readers allow).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function openFailure(name: string, error: unknown): string {
  const kind = (error as { name?: string } | undefined)?.name;
  if (kind === 'PasswordException') {
    return `${name} is encrypted with a password: Sourcebook cannot read it. Save an unprotected copy (e.g. \`qpdf --decrypt --password=… in.pdf out.pdf\`) and put it in its place.`;
  }
  return `${name} is damaged (${reason(error)}): it is skipped. Open it in a PDF viewer and save or print it to a new PDF.`;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 120) || 'unknown error';
}

/** The document information a citation can use; empty strings are absent. */
function infoOf(info: Record<string, unknown> | undefined): PdfInfo {
  const text = (field: string) => {
    const value = info?.[field];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const result: PdfInfo = {};
  const title = text('Title');
  const author = text('Author');
  const created = pdfDate(text('CreationDate'));
  if (title) result.title = title;
  if (author) result.author = author;
  if (created) result.created = created;
  return result;
}

/** A PDF date (`D:20170304120000Z`) as ISO 8601, as precise as it is written: `2017-03-04`, `2017-03`, `2017`. */
export function pdfDate(value: string | undefined): string | undefined {
  const match = value ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  if (!match) return undefined;
  return [match[1], match[2], match[3]].filter(Boolean).join('-');
}
