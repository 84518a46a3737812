// A stand-in for Zotero 7's local API (http://localhost:23119/api/), for the unit, integration and bench suites:
// a plain Node `http` server on 127.0.0.1 that answers the read endpoints as Zotero's own server does
// (chrome/content/zotero/xpcom/server/server_localAPI.js in zotero/zotero, and the web API's documentation at
// https://www.zotero.org/support/dev/web_api/v3/basics, whose shapes the local API follows):
// - `/api/users/0/items`, `/items/top`, `/items/KEY`, `/items/KEY/children`, `/collections`, `/collections/top`,
//   `/items/KEY/file` and `/file/view` (302 to the attachment's `file:` URL), `/items/KEY/file/view/url` (that URL as text),
//   `/collections/KEY`, `/collections/KEY/collections`, `/collections/KEY/items(/top)`;
// - `format=json` (the default) with `include=data,csljson,…`, `format=csljson` (the CSL JSON export as text),
//   `format=keys`; `itemType=` (`attachment`, `-attachment`);
// - `start`/`limit` paging with `Total-Results` and `Link` (first, prev, last, next) headers built as the local
//   server builds them. Like the local server (not the web API) it sends everything when no `limit` is given, and
//   caps no limit unless told to (`maxLimit`, the web API's 100);
// - `Zotero-API-Version: 3`, `Zotero-Schema-Version`, `Zotero-Server-ID` on every API answer;
// - 403 "Local API is not enabled" while the writer has not ticked "Allow other applications on this computer to
//   communicate with Zotero"; nothing listening while Zotero is closed (`close()`, then `open()` on the same port).
// Requests that look like a browser's (a `Mozilla/` user agent or an Origin header) without `Zotero-Allowed-Request`
// get no answer, as Zotero's server cancels them. The library it serves is test data.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An item's `data` as Zotero's API gives it (`itemType`, `title`, `creators`, `date`, `extra`, …). */
export interface StandInItem {
  key: string;
  itemType: string;
  version?: number;
  parentItem?: string;
  collections?: string[];
  [field: string]: unknown;
}

export interface StandInCollection {
  key: string;
  name: string;
  parentCollection?: string;
  version?: number;
}

export interface StandInLibrary {
  items: StandInItem[];
  collections: StandInCollection[];
}

export interface StandInOptions {
  /** "Allow other applications on this computer to communicate with Zotero" (default true). */
  localApi?: boolean;
  /** The largest `limit` honoured (the web API's 100); the local server has none. */
  maxLimit?: number;
  /** Listen on this port (default: a free one). */
  port?: number;
}

const API_VERSION = 3;
const SCHEMA_VERSION = 33;
const SERVER_ID = 'sTandIn7Q2xk';
const LOCAL_USER_KEY = 'x7fq2d9k';

/** CSL types of Zotero's item types (Zotero's schema, `csl.types`), for those the stand-in's libraries use. */
const CSL_TYPES: Record<string, string> = {
  book: 'book',
  bookSection: 'chapter',
  journalArticle: 'article-journal',
  magazineArticle: 'article-magazine',
  newspaperArticle: 'article-newspaper',
  webpage: 'webpage',
  blogPost: 'post-weblog',
  encyclopediaArticle: 'entry-encyclopedia',
  film: 'motion_picture',
  thesis: 'thesis',
  report: 'report',
  document: 'document',
};

/** Zotero fields → CSL variables (Zotero's schema, `csl.fields.text`), for the fields used here. */
const CSL_TEXT: Array<[string, string[]]> = [
  ['title', ['title']],
  ['container-title', ['publicationTitle', 'bookTitle', 'websiteTitle', 'blogTitle', 'encyclopediaTitle']],
  ['collection-title', ['series']],
  ['publisher', ['publisher', 'distributor', 'institution', 'university']],
  ['publisher-place', ['place']],
  ['volume', ['volume']],
  ['issue', ['issue']],
  ['page', ['pages']],
  ['edition', ['edition']],
  ['ISBN', ['ISBN']],
  ['ISSN', ['ISSN']],
  ['DOI', ['DOI']],
  ['URL', ['url']],
  ['title-short', ['shortTitle']],
  ['note', ['extra']],
  ['language', ['language']],
];

const CSL_CREATORS: Record<string, string> = { author: 'author', editor: 'editor', director: 'director', bookAuthor: 'container-author', translator: 'translator' };

/** `2014-11-03` / `2014-11` / `2014` → its parts (Zotero's "multipart" date, as far as the stand-in needs it). */
function dateParts(date: unknown): number[] | undefined {
  const match = typeof date === 'string' ? /(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date) : null;
  if (!match) return undefined;
  return match.slice(1).filter((part) => part !== undefined).map(Number);
}

export class ZoteroStandIn {
  /** Every request's path and query, in order (for tests that count pages). */
  readonly requests: string[] = [];
  localApi: boolean;
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private port = 0;

  private constructor(
    private library: StandInLibrary,
    private readonly options: StandInOptions,
  ) {
    this.localApi = options.localApi ?? true;
    this.server = http.createServer((request, response) => this.answer(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(library: StandInLibrary, options: StandInOptions = {}): Promise<ZoteroStandIn> {
    const standIn = new ZoteroStandIn(library, options);
    await standIn.listen(options.port ?? 0);
    return standIn;
  }

  /** `http://127.0.0.1:PORT`, what `sourcebook.zotero.url` is set to. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  setLibrary(library: StandInLibrary): void {
    this.library = library;
  }

  /** Zotero quits: nothing listens on the port any more. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Zotero starts again, on the same port. */
  async open(): Promise<void> {
    if (!this.server.listening) await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // ----------------------------------------------------------------------------------------------------------

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? `localhost:${this.port}`}`);
    this.requests.push(`${url.pathname}${url.search}`);
    const browser = (request.headers['user-agent'] ?? '').startsWith('Mozilla/') || 'origin' in request.headers;
    if (browser && !request.headers['zotero-allowed-request']) {
      request.socket.destroy(); // Zotero cancels the response
      return;
    }
    const send = (status: number, headers: Record<string, string | number>, body: string) => {
      response.writeHead(status, { 'X-Zotero-Version': '7.0.15', ...headers });
      response.end(body);
    };
    const api = (status: number, headers: Record<string, string | number>, body: string) =>
      send(status, { ...headers, 'Zotero-API-Version': API_VERSION, 'Zotero-Schema-Version': SCHEMA_VERSION, 'Zotero-Server-ID': SERVER_ID }, body);
    const file = /^\/api\/users\/0\/items\/([A-Z0-9]{8})\/file(\/view(\/url)?)?$/.exec(url.pathname);
    if (file && request.method === 'GET' && this.localApi) {
      // The local API serves an attachment's file by its `file:` URL: `/file` and `/file/view` redirect to it,
      // `/file/view/url` gives it as text; an item without a file on disk is 404.
      const attachment = this.library.items.find((candidate) => candidate.key === file[1]);
      const location = attachment ? this.fileUrl(attachment) : undefined;
      if (!location) return api(404, { 'Content-Type': 'text/plain' }, 'Not found');
      if (file[3]) return api(200, { 'Content-Type': 'text/plain' }, location);
      return api(302, { Location: location }, '');
    }
    const route = this.route(url.pathname);
    if (!route) return send(404, { 'Content-Type': 'text/plain' }, 'No endpoint found\n');
    if (request.method !== 'GET') return send(400, { 'Content-Type': 'text/plain' }, 'Endpoint does not support method\n');
    if (!this.localApi) return api(403, { 'Content-Type': 'text/plain' }, 'Local API is not enabled');
    const found = route();
    if (found === undefined) return api(404, { 'Content-Type': 'text/plain' }, 'Not found');
    const params = url.searchParams;
    let data = found;
    let headers: Record<string, string | number> = { 'Last-Modified-Version': this.libraryVersion() };
    if (Array.isArray(data)) {
      data = this.filterItemType(data, params.getAll('itemType'));
      const total = data.length;
      const start = Math.min(Math.max(Number.parseInt(params.get('start') ?? '', 10) || 0, 0), total);
      let limit = Number.parseInt(params.get('limit') ?? '', 10) || total - start;
      if (limit < 0) limit = 0;
      if (this.options.maxLimit !== undefined) limit = Math.min(limit, this.options.maxLimit);
      data = data.slice(start, start + limit);
      const links = this.links(url, start, limit, total);
      headers = { ...headers, 'Total-Results': total, Link: Object.entries(links).map(([rel, href]) => `<${href}>; rel="${rel}"`).join(', ') };
    }
    const format = params.get('format') ?? 'json';
    const list = Array.isArray(data) ? data : [data];
    if (format === 'keys') {
      if (!Array.isArray(data)) return api(400, { 'Content-Type': 'text/plain' }, 'Only multi-object requests can output keys');
      return api(200, { ...headers, 'Content-Type': 'text/plain' }, list.map((object) => object.key).join('\n'));
    }
    if (format === 'csljson') {
      const items = list.filter((object): object is StandInItem => 'itemType' in object).map((item) => this.cslJson(item));
      return api(200, { ...headers, 'Content-Type': 'text/plain' }, JSON.stringify(items, null, '\t'));
    }
    if (format !== 'json') return api(400, { 'Content-Type': 'text/plain' }, `Invalid 'format' value '${format}'`);
    const include = (params.get('include') ?? 'data').split(',');
    const json = list.map((object) => this.responseJson(object, include));
    return api(200, { ...headers, 'Content-Type': 'application/json' }, JSON.stringify(Array.isArray(data) ? json : json[0], null, 4));
  }

  /** What a path names: a list, one object, `undefined` for an unknown key; no route at all → 404 "No endpoint found". */
  private route(path: string): (() => Array<StandInItem | StandInCollection> | StandInItem | StandInCollection | undefined) | undefined {
    const match = /^\/api\/users\/0\/(.*?)\/?$/.exec(path);
    if (!match) return undefined;
    const parts = match[1].split('/');
    const { items, collections } = this.library;
    const topItems = () => items.filter((item) => !item.parentItem);
    const item = (key: string) => items.find((candidate) => candidate.key === key);
    const collection = (key: string) => collections.find((candidate) => candidate.key === key);
    const inCollection = (key: string) => items.filter((candidate) => candidate.collections?.includes(key));
    switch (parts.join('/').replace(/\/[A-Z0-9]{8}(?=\/|$)/g, '/KEY')) {
      case 'items':
        return () => items;
      case 'items/top':
        return () => topItems();
      case 'items/KEY':
        return () => item(parts[1]);
      case 'items/KEY/children':
        return () => (item(parts[1]) ? items.filter((candidate) => candidate.parentItem === parts[1]) : []);
      case 'collections':
        return () => collections;
      case 'collections/top':
        return () => collections.filter((candidate) => !candidate.parentCollection);
      case 'collections/KEY':
        return () => collection(parts[1]);
      case 'collections/KEY/collections':
        return () => collections.filter((candidate) => candidate.parentCollection === parts[1]);
      case 'collections/KEY/items':
        return () => (collection(parts[1]) ? inCollection(parts[1]) : []);
      case 'collections/KEY/items/top':
        return () => (collection(parts[1]) ? inCollection(parts[1]).filter((candidate) => !candidate.parentItem) : []);
      default:
        return undefined;
    }
  }

  private filterItemType<T extends StandInItem | StandInCollection>(list: T[], conditions: string[]): T[] {
    return conditions.reduce((kept, condition) => {
      const not = condition.startsWith('-');
      const types = condition.replace(/^-/, '').split(' || ');
      return kept.filter((object) => !('itemType' in object) || types.includes(object.itemType) !== not);
    }, list);
  }

  /**
   * The local server's `buildLinks` (after the dataserver's): `first` and `prev` from the second page on, `last`
   * (the whole list when it fits), and `next` while there is more.
   */
  private links(url: URL, start: number, limit: number, total: number): Record<string, string> {
    const links: Record<string, string> = {};
    const build = (params: URLSearchParams) => {
      const link = new URL(url.pathname, url.origin);
      link.search = params.toString();
      return link.toString();
    };
    if (start) {
      const first = new URLSearchParams(url.searchParams);
      first.delete('start');
      links.first = build(first);
      const prev = new URLSearchParams(url.searchParams);
      if (start - limit <= 0) prev.delete('start');
      else prev.set('start', String(start - limit));
      links.prev = build(prev);
    }
    if (!start && limit >= total) {
      links.last = build(new URLSearchParams(url.searchParams));
    } else if (limit) {
      let lastStart = start >= total ? total - limit : total - (total % limit);
      if (start < total && lastStart === total) lastStart = total - limit;
      const params = new URLSearchParams(url.searchParams);
      if (lastStart > 0) params.set('start', String(lastStart));
      else params.delete('start');
      links.last = build(params);
      if (start + limit < total) {
        params.set('start', String(start + limit));
        links.next = build(params);
      }
    }
    return links;
  }

  private libraryVersion(): number {
    return Math.max(1, ...this.library.items.map((item) => item.version ?? 1), ...this.library.collections.map((collection) => collection.version ?? 1));
  }

  private apiUrl(path: string): string {
    return `http://localhost:${this.port}/api/users/0/${path}`;
  }

  /** An object as `toResponseJSON` makes it: key, version, library, links, meta, data (when included), csljson. */
  private responseJson(object: StandInItem | StandInCollection, include: string[]): Record<string, unknown> {
    const version = object.version ?? 1;
    const library = { type: 'user', id: 0, name: 'My Library', links: { self: { href: `http://localhost:${this.port}/api/users/0`, type: 'application/json' } } };
    if (!('itemType' in object)) {
      const { items, collections } = this.library;
      const json: Record<string, unknown> = {
        key: object.key,
        version,
        library,
        links: {
          self: { href: this.apiUrl(`collections/${object.key}`), type: 'application/json' },
          ...(object.parentCollection ? { up: { href: this.apiUrl(`collections/${object.parentCollection}`), type: 'application/json' } } : {}),
        },
        meta: {
          numCollections: collections.filter((candidate) => candidate.parentCollection === object.key).length,
          numItems: items.filter((candidate) => candidate.collections?.includes(object.key)).length,
        },
        data: { key: object.key, version, name: object.name, parentCollection: object.parentCollection ?? false, relations: {} },
      };
      if (!include.includes('data')) delete json.data;
      return json;
    }
    const key = object.key;
    const data: Record<string, unknown> = { ...object, version };
    if (object.itemType !== 'attachment' && object.itemType !== 'note') {
      data.collections ??= [];
      data.relations ??= {};
      data.tags ??= [];
      data.dateAdded ??= '2026-10-02T09:14:27Z';
      data.dateModified ??= '2026-10-02T09:14:27Z';
    }
    const links: Record<string, unknown> = { self: { href: this.apiUrl(`items/${key}`), type: 'application/json' } };
    if (object.parentItem) links.up = { href: this.apiUrl(`items/${object.parentItem}`), type: 'application/json' };
    const children = this.library.items.filter((candidate) => candidate.parentItem === key);
    const best = children.find((child) => child.itemType === 'attachment' && child.linkMode !== 'linked_url');
    if (best) links.attachment = { href: this.apiUrl(`items/${best.key}`), type: 'application/json', attachmentType: best.contentType };
    if (object.itemType === 'attachment' && (object.linkMode === 'imported_file' || object.linkMode === 'imported_url')) {
      links.enclosure = { href: this.fileUrl(object), type: object.contentType, title: object.filename };
    }
    const meta: Record<string, unknown> = {};
    const summary = this.creatorSummary(object);
    if (summary) meta.creatorSummary = summary;
    const parsed = dateParts(object.date);
    if (parsed) meta.parsedDate = parsed.map((part, i) => (i === 0 ? String(part) : String(part).padStart(2, '0'))).join('-');
    meta.numChildren = object.itemType === 'attachment' || object.itemType === 'note' ? 0 : children.length;
    const json: Record<string, unknown> = { key, version, library, links, meta };
    if (include.includes('data')) json.data = data;
    // The local API's `include=csljson` is the CSL JSON export of the one item: text, as the translator writes it.
    if (include.includes('csljson')) json.csljson = JSON.stringify([this.cslJson(object)], null, '\t');
    return json;
  }

  /** The `file:` URL of an attachment's file: in Zotero's storage folder (stored files) or its path (linked files). */
  private fileUrl(object: StandInItem): string | undefined {
    if (object.itemType !== 'attachment') return undefined;
    if (object.linkMode === 'imported_file' || object.linkMode === 'imported_url') return `file:///home/writer/Zotero/storage/${object.key}/${encodeURIComponent(String(object.filename ?? ''))}`;
    if (object.linkMode === 'linked_file' && typeof object.path === 'string') return `file://${object.path.split('/').map(encodeURIComponent).join('/')}`;
    return undefined;
  }

  /** Zotero's `firstCreator`: "Robinson", "Warchus and Beresford", "Smith et al.". */
  private creatorSummary(item: StandInItem): string | undefined {
    const creators = (item.creators as Array<{ creatorType: string; lastName?: string; name?: string }> | undefined) ?? [];
    const primary = item.itemType === 'film' ? 'director' : 'author';
    let named = creators.filter((creator) => creator.creatorType === primary);
    if (named.length === 0) named = creators.filter((creator) => creator.creatorType === 'editor');
    const names = named.map((creator) => creator.lastName ?? creator.name ?? '');
    if (names.length === 0) return undefined;
    if (names.length === 1) return names[0];
    if (names.length === 2) return `${names[0]} and ${names[1]}`;
    return `${names[0]} et al.`;
  }

  /** The CSL JSON export of an item (Zotero's `itemToCSLJSON`, for the fields and types used here). */
  private cslJson(item: StandInItem): Record<string, unknown> {
    const csl: Record<string, unknown> = { id: `http://zotero.org/users/local/${LOCAL_USER_KEY}/items/${item.key}`, type: CSL_TYPES[item.itemType] ?? 'article' };
    for (const [variable, fields] of CSL_TEXT) {
      const field = fields.find((name) => typeof item[name] === 'string' && item[name] !== '');
      if (field) csl[variable] = item[field];
    }
    for (const creator of (item.creators as Array<{ creatorType: string; firstName?: string; lastName?: string; name?: string }> | undefined) ?? []) {
      const variable = CSL_CREATORS[creator.creatorType];
      if (!variable) continue;
      const name = creator.name !== undefined ? { literal: creator.name } : { family: creator.lastName, given: creator.firstName };
      csl[variable] = [...((csl[variable] as unknown[] | undefined) ?? []), name];
    }
    const issued = dateParts(item.date);
    if (issued) csl.issued = { 'date-parts': [issued] };
    const accessed = dateParts(item.accessDate);
    if (accessed) csl.accessed = { 'date-parts': [accessed] };
    return csl;
  }
}
