import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturePage, uniqueKey } from '../../../src/core/web/webSource';
import type { CapturedPage } from '../../../src/core/web/webSource';
import { fetchPage } from '../../../src/core/web/fetchPage';
import { isoDate, personName } from '../../../src/core/web/pageMetadata';
import { readWebPage } from '../../../src/core/web/webPage';
import { parseSource } from '../../../src/core/sources/sourceParser';
import { OwnSourceFiles } from '../../../src/core/sources/ownSourcesLoader';
import { WEB_PATHS, WebPageServer } from '../../harness/webPageServer';
import { NodeFileSystem } from '../helpers/nodeFileSystem';

const TODAY = '2026-12-06';

describe('A web page as a source', () => {
  let server: WebPageServer;
  before(async () => {
    server = await WebPageServer.start();
  });
  after(() => server.close());

  async function capture(path: string, options: { takenKeys?: Set<string>; timeoutMs?: number; maxBytes?: number } = {}): Promise<CapturedPage> {
    const result = await capturePage(server.url(path), { takenKeys: new Set(), today: TODAY, ...options });
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.value;
  }

  async function markdown(path: string, takenKeys = new Set<string>()) {
    const page = await capture(path, { takenKeys });
    assert.equal(page.kind, 'markdown');
    if (page.kind !== 'markdown') throw new Error('not markdown');
    const parsed = parseSource(page.text, page.fileName);
    assert.deepEqual(parsed.problems, [], 'the written file reads back as a source without a problem');
    assert.ok(parsed.source);
    return { page, source: parsed.source, text: page.text };
  }

  async function failure(path: string, options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<string> {
    const result = await capturePage(server.url(path), { takenKeys: new Set(), today: TODAY, ...options });
    assert.equal(result.ok, false, 'the page should be refused');
    return result.ok ? '' : result.message;
  }

  describe('the news article with citation_* tags', () => {
    it('takes title, authors and date from the Highwire tags, before JSON-LD, OpenGraph and <title>', async () => {
      const { source, text } = await markdown(WEB_PATHS.news);
      assert.equal(source.meta.title, 'Pit village remembers the strike, forty years on');
      assert.deepEqual(source.meta.author, [{ family: 'Evans', given: 'Rhian' }, { family: 'Pritchard', given: 'Tom' }]);
      assert.equal(source.meta.date, '2024-03-05', 'citation_publication_date, not JSON-LD’s 2024-03-06 or article:published_time');
      assert.match(text, /^title: .*# citation_title$/m);
      assert.match(text, /^author: +# citation_author$/m);
      assert.match(text, /^date: 2024-03-05 +# citation_publication_date$/m);
    });

    it('is a newspaper article of the site OpenGraph names, at its canonical address, accessed today', async () => {
      const { source, text } = await markdown(WEB_PATHS.news);
      assert.equal(source.meta.type, 'article-newspaper');
      assert.equal(source.meta.container, 'The Valley Courier');
      assert.equal(source.meta.url, 'https://valley-courier.example/news/2024/pit-village-remembers');
      assert.equal(source.meta.accessed, TODAY);
      assert.match(text, /^type: article-newspaper +# JSON-LD @type NewsArticle$/m);
      assert.match(text, /^container: "The Valley Courier" +# og:site_name$/m);
      assert.match(text, /^url: .* # <link rel="canonical">$/m);
    });

    it('numbers paragraphs as a reader counts them: headings are not paragraphs, the block quotation is one', async () => {
      const { source } = await markdown(WEB_PATHS.news);
      assert.equal(source.paragraphs.length, 6);
      assert.match(source.paragraphs[0].text, /^Forty years after the first picket lines/);
      assert.equal(source.paragraphs[3].kind, 'quote');
      assert.equal(source.paragraphs[3].text, 'We were not begging. We were being met halfway by people who understood that if we lost, they would be next.');
      assert.match(source.paragraphs[5].text, /^The colliery closed in 1989\./);
    });

    it('leaves out navigation, masthead, byline, related stories, share links and footer', async () => {
      const { source } = await markdown(WEB_PATHS.news);
      const body = source.paragraphs.map((p) => p.text).join('\n');
      for (const chrome of ['Weather', 'Serving the upper valley', 'By Rhian Evans', 'Related stories', 'Solar farm', 'Share on Facebook', 'All rights reserved', 'Contact the newsroom']) {
        assert.ok(!body.toLowerCase().includes(chrome.toLowerCase()), `“${chrome}” is page chrome`);
      }
    });

    it('runs none of the page’s scripts and loads none of its styles or images', async () => {
      const before = server.requests.length;
      const { text } = await markdown(WEB_PATHS.news);
      assert.deepEqual(server.requests.slice(before), [WEB_PATHS.news]);
      assert.ok(!text.includes('SCRIPT RAN'));
    });
  });

  describe('the blog post with JSON-LD and comments', () => {
    it('takes every fact from the JSON-LD @graph, the person as a family and given name', async () => {
      const { source, text } = await markdown(WEB_PATHS.blog);
      assert.equal(source.meta.key, 'morgan2021notes');
      assert.equal(source.meta.title, 'Notes on a banner from Dulais');
      assert.deepEqual(source.meta.author, [{ family: 'Morgan', given: 'Gwen' }]);
      assert.equal(source.meta.date, '2021-07-14');
      assert.equal(source.meta.type, 'post-weblog');
      assert.equal(source.meta.container, 'Archive Notes');
      assert.match(text, /^title: .*# JSON-LD BlogPosting headline$/m);
      assert.match(text, /^date: 2021-07-14 +# JSON-LD BlogPosting datePublished$/m);
      assert.match(text, /^container: .*# JSON-LD WebSite name$/m);
    });

    it('keeps the post and leaves out the readers’ comments, the reply form and the view counter', async () => {
      const { source } = await markdown(WEB_PATHS.blog);
      assert.equal(source.paragraphs.length, 4);
      const body = source.paragraphs.map((p) => p.text).join('\n');
      for (const chrome of ['What a lovely find', 'pencilled dates!', 'Leave a Reply', 'Post Comment', '4 views', '2 comments', 'volunteers and tea']) {
        assert.ok(!body.includes(chrome), `“${chrome}” is not the author’s text`);
      }
    });
  });

  describe('the magazine review with only a byline', () => {
    it('takes the author from the byline, and leaves the date out although the address holds 2014/11', async () => {
      const { source, text } = await markdown(WEB_PATHS.magazine);
      assert.deepEqual(source.meta.author, [{ family: 'Carver', given: 'Liam' }]);
      assert.match(text, /^author: +# byline$/m);
      assert.equal(source.meta.date, undefined);
      assert.doesNotMatch(text, /^date:/m);
      assert.match(text, /no date \(cited “n\.d\.”\)/);
    });

    it('takes the title without the site’s name, and is a magazine article of the periodical JSON-LD names', async () => {
      const { source, text } = await markdown(WEB_PATHS.magazine);
      assert.equal(source.meta.title, 'Pride and Prejudice');
      assert.match(text, /^title: .*# og:title, without the site’s name$/m);
      assert.equal(source.meta.type, 'article-magazine');
      assert.equal(source.meta.container, 'Overfield');
    });

    it('keeps the two-line block quotation as one paragraph and leaves out the appeal, related articles and comments', async () => {
      const { source } = await markdown(WEB_PATHS.magazine);
      assert.equal(source.paragraphs.length, 5);
      assert.equal(source.paragraphs[3].kind, 'quote');
      assert.equal(source.paragraphs[3].text, 'It was the first time anyone had asked us to help them rather than asking us to go away. We would have gone anywhere after that.');
      const body = source.paragraphs.map((p) => p.text).join('\n');
      for (const chrome of ['By Liam Carver', 'He blogs at', 'Please support us', 'Related articles', 'Contribute to the conversation', 'I cried at the end', 'Subscribe']) {
        assert.ok(!body.includes(chrome), `“${chrome}” is not the author’s text`);
      }
    });
  });

  describe('the page with a cookie banner and share widgets', () => {
    it('tells an organisation from a person and dates the page by its <time> element; states no container', async () => {
      const { source, text } = await markdown(WEB_PATHS.cookies);
      assert.deepEqual(source.meta.author, [{ literal: 'Miners\' Welfare Trust' }]);
      assert.equal(source.meta.title, 'The welfare hall at Onllwyn');
      assert.match(text, /^title: .*# dc\.title$/m);
      assert.equal(source.meta.date, '2023-05-04');
      assert.match(text, /^date: 2023-05-04 +# <time datetime>$/m);
      assert.equal(source.meta.container, undefined, 'no site name is stated, so none is guessed from the address');
      assert.equal(source.meta.type, 'webpage');
    });

    it('leaves out the cookie banner, share buttons, newsletter sign-up, view counter and footer', async () => {
      const { source } = await markdown(WEB_PATHS.cookies);
      assert.equal(source.paragraphs.length, 3);
      const body = source.paragraphs.map((p) => p.text).join('\n');
      for (const chrome of ['cookies', 'Accept all', 'Share on Facebook', 'Tweet this', 'newsletter', '1,204 views', 'registered charity', 'Published 4 May']) {
        assert.ok(!body.includes(chrome), `“${chrome}” is page chrome`);
      }
    });
  });

  it('follows redirects and cites the address the page finally came from', async () => {
    const { source, text } = await markdown(WEB_PATHS.redirect);
    assert.equal(source.meta.url, server.url(WEB_PATHS.blog));
    assert.match(text, /# the address the page came from \(after redirects\)$/m);
  });

  it('makes a key that no source has yet: "evans2024pit", then "evans2024pita"', async () => {
    assert.equal((await markdown(WEB_PATHS.news)).source.meta.key, 'evans2024pit');
    assert.equal((await markdown(WEB_PATHS.news, new Set(['evans2024pit', 'crossan2025']))).source.meta.key, 'evans2024pita');
    assert.equal(uniqueKey('evans2024pit', new Set(['Evans2024pit', 'evans2024pita'])), 'evans2024pitb');
  });

  it('saves a PDF as <key>.pdf with a sidecar holding its address, and the folder reads it as a PDF source', async () => {
    const page = await capture(WEB_PATHS.pdf);
    assert.equal(page.kind, 'pdf');
    if (page.kind !== 'pdf') return;
    assert.equal(page.fileName, 'tate-article.pdf');
    assert.deepEqual(Buffer.from(page.bytes), readFileSync(join(__dirname, '..', '..', 'fixtures', 'pdf', 'article.pdf')));
    const folder = mkdtempSync(join(tmpdir(), 'sourcebook-web-'));
    try {
      writeFileSync(join(folder, page.fileName), page.bytes);
      writeFileSync(join(folder, page.sidecarName), page.sidecar);
      const files = new OwnSourceFiles(new NodeFileSystem(), { join: (dir, name) => join(dir, name) });
      await files.loadAll([folder]);
      const resolved = files.resolve();
      assert.deepEqual([...resolved.problems], []);
      const [source] = resolved.sources;
      assert.equal(source.meta.key, 'tate-article');
      assert.equal(source.meta.url, server.url(WEB_PATHS.pdf));
      assert.equal(source.meta.accessed, TODAY);
      assert.ok(source.paragraphs.length > 0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('refuses, with a message saying what to do', () => {
    it('a page that never answers, once the timeout passes', async () => {
      assert.match(await failure(WEB_PATHS.neverAnswers, { timeoutMs: 300 }), /did not answer within 0\.3 s: try again later/);
    });

    it('a page larger than the cap, sent without its length', async () => {
      assert.match(await failure(WEB_PATHS.oversized), /is larger than 5\.0 MB: that is not an article page; nothing was written/);
    });

    it('a page that is not there (404)', async () => {
      assert.match(await failure(WEB_PATHS.missing), /answered 404 Not Found: the page is not there; check the address/);
    });

    it('an answer that is neither a web page nor a PDF', async () => {
      assert.match(await failure(WEB_PATHS.json), /a file of type application\/json, not a web page or a PDF/);
    });

    it('a page with no article in it', async () => {
      assert.match(await failure(WEB_PATHS.noArticle), /has no article to read \(\d+ words of running text\)/);
    });

    it('an address that is not a web address', async () => {
      const result = await fetchPage('file:///etc/passwd');
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, /is not a web address: give one starting with https:\/\//);
    });

    it('a request the writer cancels', async () => {
      const controller = new AbortController();
      const pending = fetchPage(server.url(WEB_PATHS.neverAnswers), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const result = await pending;
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, /Cancelled: nothing was written/);
    });
  });
});

describe('Chrome on pages written with <div>s only', () => {
  const divOnly = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'web', name), 'utf8').replace(/<(\/?)(?:article|main|header|nav|aside|footer|section)\b/gi, '<$1div');

  it('leaves out a navigation bar that is a <div class="site-nav">, and the byline', () => {
    const read = readWebPage(divOnly('news.html'), 'https://valley-courier.example/news/2024/pit-village-remembers');
    assert.ok(read.ok, read.ok ? '' : read.message);
    const body = read.value.blocks.map((block) => (block.kind === 'quote' ? block.lines.join(' ') : block.text)).join('\n');
    assert.match(body, /^Forty years after the first picket lines/);
    for (const chrome of ['Weather', 'Sport', 'By Rhian Evans', 'Share on Facebook']) assert.ok(!body.includes(chrome), `“${chrome}” is page chrome`);
  });

  it('keeps a post whose container is a <div class="post has-comments">, and still leaves the comments out', () => {
    const read = readWebPage(divOnly('blog.html'), 'https://archive-notes.example/notes-on-a-banner-from-dulais');
    assert.ok(read.ok, read.ok ? '' : read.message);
    const paragraphs = read.value.blocks.filter((block) => block.kind === 'paragraph').map((block) => (block.kind === 'paragraph' ? block.text : ''));
    // The post's four paragraphs (the site's footer line, in a <div> with no class, is not told from them).
    assert.match(paragraphs[0], /^The banner arrived at the archive/);
    assert.match(paragraphs[3], /^We have photographed both sides/);
    const body = paragraphs.join('\n');
    for (const chrome of ['What a lovely find', 'pencilled dates!', 'Leave a Reply']) assert.ok(!body.includes(chrome), `“${chrome}” is a reader’s comment`);
  });
});

describe('Facts as pages write them', () => {
  it('reads dates as precise as they are stated, and nothing else', () => {
    assert.equal(isoDate('2024/03/05'), '2024-03-05');
    assert.equal(isoDate('2021-07-14T09:30:00+01:00'), '2021-07-14');
    assert.equal(isoDate('2014-11'), '2014-11');
    assert.equal(isoDate('March 5, 2024'), undefined);
    assert.equal(isoDate('2024-13-01'), undefined);
  });

  it('reads "Family, Given", "Given Family" and a particle, and keeps one word as it is', () => {
    assert.deepEqual(personName('Evans, Rhian'), { family: 'Evans', given: 'Rhian' });
    assert.deepEqual(personName('Ursula K. Le Guin'), { family: 'Le Guin', given: 'Ursula K.' });
    assert.deepEqual(personName('Ludwig van Beethoven'), { family: 'van Beethoven', given: 'Ludwig' });
    assert.deepEqual(personName('Reuters'), { literal: 'Reuters' });
  });
});
