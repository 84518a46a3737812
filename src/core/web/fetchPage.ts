// Fetches a web page for a source: text only, bounded in time and size. Redirects are followed and the address
// the page finally came from is kept (it is the one to cite). The answer is read as a stream and dropped once it
// passes the size cap; an HTML answer is decoded as text, a PDF kept as bytes, anything else refused with a
// message saying what it was. Never throws: every failure is a value a writer can act on.
import type { Result } from '../types';
import { fail, ok } from '../types';
import { formatSize } from '../sources/sourceParser';

/** How long a page may take to answer and arrive, in milliseconds (15 s). */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** The largest page read (5 MB): an article is a few hundred KB at most, with its markup. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export type FetchedPage =
  | { kind: 'html'; url: string; text: string }
  | { kind: 'pdf'; url: string; bytes: Uint8Array };

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Cancels the request (the writer pressed Cancel). */
  signal?: AbortSignal;
  /** The fetch to use (the global one unless given). */
  fetch?: typeof fetch;
}

/** Only these schemes are pages. */
export function webAddress(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export async function fetchPage(address: string, options: FetchOptions = {}): Promise<Result<FetchedPage>> {
  const url = webAddress(address);
  if (!url) return fail(`“${address}” is not a web address: give one starting with https:// or http://.`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const signal = options.signal ? anySignal([options.signal, timeout.signal]) : timeout.signal;
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url.href, {
        redirect: 'follow',
        signal,
        headers: { accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1' },
      });
    } catch (error) {
      if (options.signal?.aborted) return fail('Cancelled: nothing was written.');
      if (timeout.signal.aborted) return fail(`${url.host} did not answer within ${seconds}: try again later, or check the address.`);
      return fail(`${url.href} could not be reached (${reason(error)}): check the address and your connection.`);
    }
    const finalUrl = response.url || url.href;
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return fail(`${finalUrl} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${response.status === 404 || response.status === 410 ? 'the page is not there; check the address' : 'the page could not be read'}.`);
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const kind = contentType === 'application/pdf' ? 'pdf' : /^(text\/html|application\/xhtml\+xml)$/.test(contentType) ? 'html' : undefined;
    if (!kind) {
      void response.body?.cancel().catch(() => undefined);
      return fail(`${finalUrl} is ${contentType ? `a file of type ${contentType}` : 'a file of no stated type'}, not a web page or a PDF: Sourcebook reads articles (HTML) and PDFs.`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      return fail(tooLarge(finalUrl, maxBytes));
    }
    const bytes = await readCapped(response, maxBytes);
    if (bytes === 'too-large') return fail(tooLarge(finalUrl, maxBytes));
    if (kind === 'pdf') return ok({ kind, url: finalUrl, bytes });
    return ok({ kind, url: finalUrl, text: decode(bytes, response.headers.get('content-type') ?? '') });
  } catch (error) {
    if (options.signal?.aborted) return fail('Cancelled: nothing was written.');
    if (timeout.signal.aborted) return fail(`${url.host} did not send the whole page within ${seconds}: try again later.`);
    return fail(`${url.href} could not be read (${reason(error)}).`);
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(url: string, maxBytes: number): string {
  return `${url} is larger than ${formatSize(maxBytes)}: that is not an article page; nothing was written.`;
}

/** The body, read chunk by chunk and dropped as soon as it passes the cap. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The charset the header names, else one a `<meta charset>` names in the first KB, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const named = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(named).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller.signal;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
