import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../../src/core/sourcebook';
import { installCitations, type MarkdownIt as PluginHost } from '../../../src/core/preview/previewCitations';
import type { StyleInfo } from '../../../src/core/citations/styles';

const sourcebook = new Sourcebook(bundledLibrary());

async function renderer(styleId: string | undefined): Promise<MarkdownIt> {
  let style: StyleInfo | undefined;
  if (styleId) {
    const prepared = await sourcebook.citations.prepare(styleId);
    assert.ok(prepared.ok);
    style = prepared.value;
  }
  const md = new MarkdownIt();
  installCitations(md as unknown as PluginHost, () => (style ? { sourcebook, style } : undefined));
  return md;
}

describe('Citations in the Markdown preview', () => {
  it('shows [@key, para. N] as the author-date citation and adds the references', async () => {
    const md = await renderer('chicago-author-date');
    const html = md.render('Solidarity [@crossan2025, para. 4].');
    assert.match(html, /<p>Solidarity <span class="sourcebook-citation" title="\[@crossan2025, para\. 4\]">\(Crossan 2025, para\. 4\)<\/span>\.<\/p>/);
    assert.match(html, /<h2>References<\/h2><div class="sourcebook-bibliography-entry"><div class="csl-entry">Crossan, Elliot\. 2025\./);
  });

  it('shows the citation as written while the style is loading', async () => {
    const md = await renderer(undefined);
    assert.equal(md.render('Solidarity [@crossan2025, para. 4].'), '<p>Solidarity [@crossan2025, para. 4].</p>\n');
  });

  it('leaves links, footnote references and unknown keys alone, and escapes what it shows', async () => {
    const md = await renderer('apa');
    const html = md.render('A [@crossan2025](https://example.org) link, a note[^1], and [@<b>nobody</b>].');
    assert.match(html, /<a href="https:\/\/example\.org">@crossan2025<\/a>/);
    assert.match(html, /note\[\^1\]/);
    assert.doesNotMatch(html, /<b>nobody/);
    assert.doesNotMatch(html, /sourcebook-bibliography/);
  });

  it('names the list for the style (Works Cited for MLA) and says "quoted in" for another speaker', async () => {
    const md = await renderer('modern-language-association');
    const html = md.render('[Dai Donovan, quoted in @crossan2025, para. 4]');
    assert.match(html, /\(qtd\. in Crossan, par\. 4\)/);
    assert.match(html, /<h2>Works Cited<\/h2>/);
  });

  it('adds no second bibliography when the draft has one written by Insert Bibliography', async () => {
    const md = await renderer('chicago-author-date');
    const html = md.render('Text [@byrne2014].\n\n<!-- sourcebook:bibliography:start -->\n## References\n<!-- sourcebook:bibliography:end -->\n');
    assert.equal(html.split('<h2>References</h2>').length - 1, 1, 'only the draft’s own heading');
    assert.doesNotMatch(html, /sourcebook-bibliography-entry/);
    assert.match(html, /\(Byrne 2014\)/);
  });
});
