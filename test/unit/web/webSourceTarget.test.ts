import * as assert from 'node:assert/strict';
import { addressToOffer, keyClash, localDate, withKey } from '../../../src/core/web/webSourceTarget';
import { sourceFileText, type CapturedPage } from '../../../src/core/web/webSource';
import type { PageFacts } from '../../../src/core/web/pageMetadata';
import { parseSource } from '../../../src/core/sources/sourceParser';

const FACTS: PageFacts = {
  title: { value: 'Pit village remembers the strike, forty years on', from: 'citation_title' },
  author: { value: [{ family: 'Evans', given: 'Rhian' }], from: 'citation_author' },
  date: { value: '2024-03-05', from: 'citation_publication_date' },
  type: { value: 'article-newspaper', from: 'JSON-LD @type NewsArticle' },
  url: { value: 'https://valley-courier.example/news/2024/pit-village-remembers', from: '<link rel="canonical">' },
};

function newsPage(): CapturedPage {
  const blocks = [{ kind: 'paragraph' as const, text: 'Forty years after the first picket lines, the village gathered again.' }];
  return { kind: 'markdown', key: 'evans2024pit', fileName: 'evans2024pit.md', text: sourceFileText('evans2024pit', FACTS, blocks, '2026-12-06'), facts: FACTS, url: FACTS.url.value };
}

const PDF: CapturedPage = { kind: 'pdf', key: 'tate-article', fileName: 'tate-article.pdf', bytes: new Uint8Array([37, 80, 68, 70]), sidecarName: 'tate-article.yaml', sidecar: 'accessed: 2026-12-06\n', url: 'http://127.0.0.1/papers/tate-article.pdf' };

describe('Where a captured web page goes', () => {
  describe('the address offered in the input box', () => {
    it('offers the URL selected in the draft before the one on the clipboard', () => {
      assert.equal(addressToOffer('https://overfield.example/2014/11/pride/', 'https://elsewhere.example/'), 'https://overfield.example/2014/11/pride/');
    });

    it('offers the clipboard’s URL when the selection is words, not an address', () => {
      assert.equal(addressToOffer('the strike', '  https://valley-courier.example/news \n'), 'https://valley-courier.example/news');
    });

    it('takes a URL out of angle brackets or a Markdown link’s parentheses', () => {
      assert.equal(addressToOffer('<https://a.example/page>', undefined), 'https://a.example/page');
      assert.equal(addressToOffer('(http://a.example/page)', undefined), 'http://a.example/page');
    });

    it('offers nothing for a sentence holding a URL, a mailto: or ftp: address, or an empty clipboard', () => {
      assert.equal(addressToOffer('see https://a.example/page for more', ''), undefined);
      assert.equal(addressToOffer('mailto:editor@overfield.example', 'ftp://files.example/a.pdf'), undefined);
      assert.equal(addressToOffer(undefined, undefined), undefined);
    });
  });

  describe('a key or file already there', () => {
    it('finds no clash in an empty folder with a key the library lacks', () => {
      assert.deepEqual(keyClash(newsPage(), ['crossan2025', 'byrne2014'], []), { kind: 'none' });
    });

    it('finds the file of the same name, whatever its capitals, and offers "evans2024pita" instead', () => {
      assert.deepEqual(keyClash(newsPage(), ['evans2024pit'], ['Evans2024pit.md', 'notes.md']), { kind: 'file', existing: 'Evans2024pit.md', alternative: 'evans2024pita' });
    });

    it('finds a key the library holds from elsewhere (a .bib entry), which cannot be replaced here', () => {
      assert.deepEqual(keyClash(newsPage(), ['evans2024pit', 'evans2024pita'], []), { kind: 'key', alternative: 'evans2024pitb' });
    });

    it('counts a file of another kind with the key as its name (evans2024pit.txt) as the key taken', () => {
      assert.deepEqual(keyClash(newsPage(), [], ['evans2024pit.txt']), { kind: 'key', alternative: 'evans2024pita' });
    });

    it('counts a PDF’s sidecar already there as its file', () => {
      assert.deepEqual(keyClash(PDF, [], ['tate-article.yaml']), { kind: 'file', existing: 'tate-article.yaml', alternative: 'tate-articlea' });
    });
  });

  describe('the page under another key', () => {
    it('writes the new key in the front matter and the file name, and reads back as that source', () => {
      const page = withKey(newsPage(), 'evans2024pita');
      assert.equal(page.fileName, 'evans2024pita.md');
      assert.equal(page.kind, 'markdown');
      if (page.kind !== 'markdown') return;
      const parsed = parseSource(page.text, page.fileName);
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.source?.meta.key, 'evans2024pita');
      assert.equal(parsed.source?.meta.title, 'Pit village remembers the strike, forty years on');
    });

    it('renames a PDF and its sidecar together', () => {
      const page = withKey(PDF, 'tate-articlea');
      assert.deepEqual([page.fileName, page.kind === 'pdf' ? page.sidecarName : ''], ['tate-articlea.pdf', 'tate-articlea.yaml']);
    });
  });

  it('dates the access by the local calendar day: 6 December 2026 is "2026-12-06"', () => {
    assert.equal(localDate(new Date(2026, 11, 6, 23, 59)), '2026-12-06');
    assert.equal(localDate(new Date(2027, 0, 1, 0, 1)), '2027-01-01');
  });
});
