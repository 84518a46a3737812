// Reads the writer's Zotero library through Zotero 7's local API (`http://127.0.0.1:23119/api/users/0/…`, the web
// API's shapes; read-only, no key needed). The HTTP client is injected (`fetch` in the extension, the same in tests
// against the stand-in in test/harness/zoteroStandIn.ts), so this file has no Node or editor dependency.
//
// What it reads: the top-level items with their data and CSL JSON (`items/top?include=data,csljson`), the
// collections, and — only for an item whose best attachment is a text file Sourcebook reads — that item's
// children, to find the file on disk. Lists are read 100 at a time (the web API's largest page; the local API
// has no limit, but a page at a time lets the editor breathe), following each answer's `Link: <…>; rel="next"`.
import type { CoreError, Result } from '../types';
import { ok } from '../types';

/** What Sourcebook needs of `fetch`'s answer. */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type HttpGet = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<HttpAnswer>;

/** Why Zotero could not be read: the local API is off (403), nothing answers (Zotero closed), or something else. */
export type ZoteroFailure = CoreError & { reason: 'off' | 'closed' | 'failed' | 'cancelled' };

export const ZOTERO_OFF_MESSAGE =
  'Zotero’s local API is off: in Zotero, open Settings › Advanced and tick “Allow other applications on this computer to communicate with Zotero”';

/** An object of the API's JSON answers, as far as Sourcebook reads it. */
export interface ZoteroObject {
  key: string;
  version?: number;
  links?: Record<string, { href?: string; type?: string; attachmentType?: string } | undefined>;
  meta?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** `include=csljson`: the CSL JSON export of the item (text from the local API, an object from the web API). */
  csljson?: unknown;
}

/** The library as read: top-level items, collections, and the children of the items whose text may be read. */
export interface ZoteroRead {
  items: ZoteroObject[];
  collections: ZoteroObject[];
  /** Children (attachments, notes) by parent item key, for the items whose best attachment is text. */
  children: Map<string, ZoteroObject[]>;
}

export interface ZoteroReadOptions {
  get: HttpGet;
  /** `sourcebook.zotero.url`: `http://127.0.0.1:23119`. */
  baseUrl: string;
  signal?: AbortSignal;
  /** Told after each page of items: how many are read, of how many. */
  progress?: (read: number, total: number) => void;
  /** Awaited between pages and between children reads, so the editor stays responsive. */
  pause?: () => Promise<void>;
}

/** Attachment types whose text Sourcebook reads: Markdown, plain text and PDF. */
export const READABLE_TYPES = ['text/markdown', 'text/x-markdown', 'text/plain', 'application/pdf'];

const PAGE = 100;

class ReadFailure extends Error {
  constructor(readonly failure: ZoteroFailure) {
    super(failure.message);
  }
}

const failure = (reason: ZoteroFailure['reason'], message: string): ZoteroFailure => ({ ok: false, reason, message });

/** Reads the library, or says why it could not: never throws. */
export async function readZotero(options: ZoteroReadOptions): Promise<Result<ZoteroRead> | ZoteroFailure> {
  let base = options.baseUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  try {
    const items = (await readList(options, `${base}/api/users/0/items/top?format=json&include=data,csljson&limit=${PAGE}`, true)).filter(
      (item) => !['attachment', 'note', 'annotation'].includes(String(item.data?.itemType)),
    );
    const collections = await readList(options, `${base}/api/users/0/collections?format=json&limit=${PAGE}`, false);
    const children = new Map<string, ZoteroObject[]>();
    for (const item of items) {
      if (!READABLE_TYPES.includes(item.links?.attachment?.attachmentType ?? '')) continue;
      children.set(item.key, await readList(options, `${base}/api/users/0/items/${encodeURIComponent(item.key)}/children?format=json&limit=${PAGE}`, false));
    }
    return ok({ items, collections, children });
  } catch (error) {
    if (error instanceof ReadFailure) return error.failure;
    if (options.signal?.aborted) return failure('cancelled', 'Reading the Zotero library was cancelled.');
    return failure('closed', `Zotero is not running, or nothing answers at ${base}: start Zotero, and Sourcebook reads your library when it answers.`);
  }
}

/** Every page of a list, following `rel="next"`. */
async function readList(options: ZoteroReadOptions, first: string, counted: boolean): Promise<ZoteroObject[]> {
  const all: ZoteroObject[] = [];
  const seen = new Set<string>();
  for (let url: string | undefined = first; url && !seen.has(url); ) {
    seen.add(url);
    const answer = await options.get(url, { headers: { 'Zotero-API-Version': '3', 'Zotero-Allowed-Request': '1' }, signal: options.signal });
    const body = await answer.text();
    if (answer.status === 403) throw new ReadFailure(failure('off', ZOTERO_OFF_MESSAGE));
    if (answer.status !== 200) {
      throw new ReadFailure(failure('failed', `Zotero answered ${answer.status} to ${new URL(url).pathname}: ${body.trim().slice(0, 200) || 'no reason given'}.`));
    }
    let page: unknown;
    try {
      page = JSON.parse(body);
    } catch {
      throw new ReadFailure(failure('failed', `Zotero's answer to ${new URL(url).pathname} is not JSON: is ${options.baseUrl} Zotero's address?`));
    }
    if (!Array.isArray(page)) throw new ReadFailure(failure('failed', `Zotero's answer to ${new URL(url).pathname} is not a list.`));
    for (const object of page) if (object && typeof object === 'object' && typeof (object as ZoteroObject).key === 'string') all.push(object as ZoteroObject);
    if (counted) options.progress?.(all.length, Number(answer.headers.get('Total-Results')) || all.length);
    url = nextLink(answer.headers.get('Link'));
    await options.pause?.();
  }
  return all;
}

/** The `rel="next"` address of a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const open = part.indexOf('<');
    const close = part.indexOf('>', open + 1);
    if (open === -1 || close === -1) continue;
    const params = part.slice(close + 1).split(';').map((param) => param.trim().replace(/"/g, ''));
    if (params.includes('rel=next')) return part.slice(open + 1, close);
  }
  return undefined;
}
