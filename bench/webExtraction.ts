// Why Readability over linkedom, rather than extraction written by hand: the page fixtures of "Add Source from Web
// Page" (test/fixtures/web/) read four ways, each counting the chrome it kept, the article paragraphs it kept, the
// paragraphs it added, and its time per page; then the size of what each needs in the bundle.
//   - Sourcebook: the chrome Sourcebook knows taken out (removeChrome), then Mozilla Readability (src/core/web/webPage.ts);
//   - Readability alone, on the page as it came;
//   - by hand: removeChrome, then every block of the page's <article> (else <main>, else <body>);
//   - by hand, naive: every <p>, <blockquote> and heading of the page.
// Run: npx tsx bench/webExtraction.ts (prints Markdown tables).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { articleBlocks, removeChrome, type ArticleBlock } from '../src/core/web/articleBlocks';
import type { DomDocument, DomElement } from '../src/core/web/dom';
import { readWebPage } from '../src/core/web/webPage';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'web');

/** The chrome on each page (the phrases the unit tests check are left out). */
const CHROME: Record<string, string[]> = {
  'news.html': ['Weather', 'Serving the upper valley', 'By Rhian Evans', 'Related stories', 'Solar farm', 'Share on Facebook', 'All rights reserved', 'Contact the newsroom'],
  'blog.html': ['What a lovely find', 'pencilled dates!', 'Leave a Reply', 'Post Comment', '4 views', '2 comments', 'volunteers and tea'],
  'magazine.html': ['By Liam Carver', 'He blogs at', 'Please support us', 'Related articles', 'Contribute to the conversation', 'I cried at the end', 'Subscribe'],
  'cookies.html': ['cookies', 'Accept all', 'Share on Facebook', 'Tweet this', 'newsletter', '1,204 views', 'registered charity', 'Published 4 May'],
};

type Reader = (html: string) => string[] | undefined;

const text = (block: ArticleBlock): string => (block.kind === 'quote' ? block.lines.join(' ') : block.text);
const paragraphs = (blocks: ArticleBlock[]): string[] => blocks.filter((block) => block.kind === 'paragraph' || block.kind === 'quote').map(text);
const documentOf = (html: string) => (parseHTML(html) as unknown as { document: DomDocument & { body: DomElement } }).document;

const READERS: Record<string, Reader> = {
  'Sourcebook (removeChrome + Readability)': (html) => {
    const read = readWebPage(html, 'https://example.test/page');
    return read.ok ? paragraphs(read.value.blocks) : undefined;
  },
  'Readability alone': (html) => {
    const parsed = new Readability(documentOf(html) as never, { serializer: (node) => node as unknown as DomElement }).parse();
    return parsed?.content ? paragraphs(articleBlocks(parsed.content as unknown as DomElement)) : undefined;
  },
  'by hand: removeChrome + <article>/<main>': (html) => {
    const document = documentOf(html);
    removeChrome(document);
    const root = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
    return paragraphs(articleBlocks(root));
  },
  'by hand, naive: every <p>, <blockquote>': (html) => {
    const document = documentOf(html);
    return Array.from(document.querySelectorAll('p, blockquote')).map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean);
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The page as older sites write it: <div>s where the fixture has <article>, <main>, <header>, <nav>, <aside>, <footer>. */
function withoutSemanticTags(html: string): string {
  return html.replace(/<(\/?)(?:article|main|header|nav|aside|footer|section)\b/gi, '<$1div');
}

function measure(markup: 'as written' | 'div-only'): void {
  console.log(`\nThe fixtures ${markup === 'as written' ? 'as written (with <article>, <main>, <nav>, <footer>, …)' : 'with every <article>, <main>, <header>, <nav>, <aside>, <footer> and <section> made a <div>'}:\n`);
  const pages = Object.keys(CHROME).map((name) => {
    const html = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    return { name, html: markup === 'div-only' ? withoutSemanticTags(html) : html };
  });
  // The article's paragraphs: Sourcebook's reading of the page as written (the unit tests check it paragraph by paragraph).
  const truth = new Map(Object.keys(CHROME).map((name) => [name, READERS['Sourcebook (removeChrome + Readability)'](fs.readFileSync(path.join(FIXTURES, name), 'utf8')) ?? []]));
  const rows: string[] = ['| reader | chrome kept (of 30 phrases) | article paragraphs kept (of 18) | paragraphs added | time per page (median of 20, after 5) |', '| --- | ---: | ---: | ---: | ---: |'];
  const details: string[] = [];
  for (const [label, read] of Object.entries(READERS)) {
    let chromeKept = 0;
    let kept = 0;
    let added = 0;
    let total = 0;
    const times: number[] = [];
    const keptChrome: string[] = [];
    for (const page of pages) {
      const got = read(page.html) ?? [];
      const joined = got.join('\n').toLowerCase();
      for (const phrase of CHROME[page.name]) {
        if (joined.includes(phrase.toLowerCase())) {
          chromeKept++;
          keptChrome.push(`${page.name}: “${phrase}”`);
        }
      }
      const expected = truth.get(page.name) ?? [];
      total += expected.length;
      kept += expected.filter((paragraph) => got.some((candidate) => candidate.includes(paragraph))).length;
      added += got.filter((candidate) => !expected.some((paragraph) => candidate.includes(paragraph))).length;
      for (let run = 0; run < 25; run++) {
        const started = process.hrtime.bigint();
        read(page.html);
        if (run >= 5) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
    rows.push(`| ${label} | ${chromeKept} | ${kept} of ${total} | ${added} | ${median(times).toFixed(2)} ms |`);
    details.push(`- ${label}: ${keptChrome.length ? keptChrome.join(', ') : 'no chrome kept'}`);
  }
  console.log(rows.join('\n'));
  console.log(`\n${details.join('\n')}`);
}

async function bundleSizes(): Promise<void> {
  const sizes: string[] = [];
  for (const [label, contents] of [
    ['linkedom', "export { parseHTML } from 'linkedom';"],
    ['@mozilla/readability', "export { Readability } from '@mozilla/readability';"],
    ['the chunk: webPage.ts (both, with Sourcebook’s reader)', "export * from './src/core/web/webPage';"],
  ] as const) {
    const result = await esbuild.build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    sizes.push(`${label}: ${(result.outputFiles[0].contents.byteLength / 1024).toFixed(0)} KB`);
  }
  console.log(`\nbundle (esbuild, minified): ${sizes.join('; ')}`);
}

measure('as written');
measure('div-only');
void bundleSizes();
