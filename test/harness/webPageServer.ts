// A stand-in for the web, for the unit and integration tests of "Add Source from Web Page": a plain Node `http`
// server on 127.0.0.1 serving the pages in test/fixtures/web/ (written for these tests) and the answers a writer
// meets on the real web: a redirect, a page that never answers, a page larger than the cap (sent in chunks with no
// Content-Length, so only reading it finds out), a 404, a JSON file and a PDF.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** The pages served as HTML, by path. */
export const WEB_PAGES: Record<string, string> = {
  '/news/2024/pit-village-remembers': 'web/news.html',
  '/notes-on-a-banner-from-dulais': 'web/blog.html',
  '/2014/11/pride-and-prejudice/': 'web/magazine.html',
  '/halls/onllwyn': 'web/cookies.html',
  '/members/sign-in': 'web/no-article.html',
};

/** Every path the server answers, for the tests to name. */
export const WEB_PATHS = {
  news: '/news/2024/pit-village-remembers',
  blog: '/notes-on-a-banner-from-dulais',
  magazine: '/2014/11/pride-and-prejudice/',
  cookies: '/halls/onllwyn',
  noArticle: '/members/sign-in',
  /** 301 → /go/blog-again → 302 → the blog post. */
  redirect: '/go/blog',
  neverAnswers: '/slow/never',
  oversized: '/huge/page',
  missing: '/no/such/page',
  json: '/api/data.json',
  pdf: '/papers/tate-article.pdf',
} as const;

/** The oversized page's length: over the 5 MB cap. */
export const OVERSIZED_BYTES = 6 * 1024 * 1024;

export class WebPageServer {
  private readonly sockets = new Set<Socket>();
  /** Paths asked for, in order (to check that a page's images, styles and scripts were never loaded). */
  readonly requests: string[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly fixtures: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** `fixtures`: the test/fixtures folder (given by the integration tests, which run from a bundle elsewhere). */
  static async start(fixtures = FIXTURES): Promise<WebPageServer> {
    const server = http.createServer();
    const self = new WebPageServer(server, fixtures);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => self.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  url(pathName: string): string {
    return `${this.origin}${pathName}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const pathName = new URL(request.url ?? '/', this.origin).pathname;
    this.requests.push(pathName);
    const page = WEB_PAGES[pathName];
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(fs.readFileSync(path.join(this.fixtures, page)));
      return;
    }
    switch (pathName) {
      case WEB_PATHS.redirect:
        response.writeHead(301, { location: '/go/blog-again' });
        response.end();
        return;
      case '/go/blog-again':
        response.writeHead(302, { location: WEB_PATHS.blog });
        response.end();
        return;
      case WEB_PATHS.neverAnswers:
        return; // the request stays open until the client gives up (or the server closes)
      case WEB_PATHS.oversized: {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        const chunk = `<p>${'filler text '.repeat(5000)}</p>\n`;
        let sent = 0;
        const more = (): void => {
          while (sent < OVERSIZED_BYTES) {
            sent += chunk.length;
            if (!response.write(chunk)) {
              response.once('drain', more);
              return;
            }
          }
          response.end();
        };
        response.write('<!DOCTYPE html><html><head><title>Huge</title></head><body>');
        more();
        response.on('close', () => (sent = OVERSIZED_BYTES));
        return;
      }
      case WEB_PATHS.json:
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"title":"not a page"}');
        return;
      case WEB_PATHS.pdf:
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end(fs.readFileSync(path.join(this.fixtures, 'pdf', 'article.pdf')));
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html><body><h1>Not found</h1></body></html>');
    }
  }
}
