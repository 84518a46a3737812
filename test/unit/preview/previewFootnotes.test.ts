import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { installFootnotes, type FootnoteHost } from '../../../src/core/preview/previewFootnotes';
import { installCitations, type MarkdownIt as CitationHost } from '../../../src/core/preview/previewCitations';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { Sourcebook } from '../../../src/core/sourcebook';

function renderer(): MarkdownIt {
  const md = new MarkdownIt();
  installFootnotes(md as unknown as FootnoteHost);
  return md;
}

const DRAFT = [
  'In one scene Dai Donovan says: “There’s a lodge banner down in the welfare.”[^1] Siân James later spoke of it.[^note-2]',
  '',
  'Reviewers agreed.[^1]',
  '',
  '[^1]: Dai Donovan, quoted in Crossan 2025, para. 4.',
  '[^note-2]: Liam Byrne, “Pride and Prejudice,” *Overland*,',
  'November 2014, para. 16.',
  '',
].join('\n');

describe('Footnotes in the Markdown preview', () => {
  it('numbers each referenced note, links to it, and lists the notes at the end instead of the raw definitions', () => {
    const html = renderer().render(DRAFT);
    assert.match(html, /welfare\.”<sup class="sourcebook-footnote-ref"><a href="#sourcebook-fn-1" id="sourcebook-fnref-1">1<\/a><\/sup>/);
    assert.match(html, /spoke of it\.<sup class="sourcebook-footnote-ref"><a href="#sourcebook-fn-2"[^>]*>2<\/a><\/sup>/);
    assert.match(html, /Reviewers agreed\.<sup class="sourcebook-footnote-ref"><a href="#sourcebook-fn-1"/, 'a second reference to a note gives its number again');
    assert.doesNotMatch(html, /\[\^/, 'no raw footnote markup is left');
    const notes = /<section class="sourcebook-footnotes"><hr><ol>([\s\S]*)<\/ol><\/section>/.exec(html);
    assert.ok(notes, html);
    assert.match(notes[1], /<li id="sourcebook-fn-1">Dai Donovan, quoted in Crossan 2025, para\. 4\. <a href="#sourcebook-fnref-1">↩<\/a><\/li>/);
    // A note wrapped over two lines is one note, and its Markdown is rendered.
    assert.match(notes[1], /<li id="sourcebook-fn-2">Liam Byrne, “Pride and Prejudice,” <em>Overland<\/em>,\nNovember 2014, para\. 16\./);
    assert.ok(html.indexOf('sourcebook-footnotes') > html.indexOf('Reviewers agreed'), 'the notes come after the text');
  });

  it('leaves a reference with no note as written, and lists only the notes referred to', () => {
    const html = renderer().render('A claim.[^9]\n\n[^1]: An unused note.\n');
    assert.match(html, /A claim\.\[\^9\]/);
    assert.doesNotMatch(html, /An unused note/, 'a note nobody refers to is not listed');
    assert.doesNotMatch(html, /sourcebook-footnotes/);
  });

  it('escapes markup in a note', () => {
    const html = renderer().render('Text.[^1]\n\n[^1]: <script>alert(1)</script> and [link](command:x)\n');
    assert.doesNotMatch(html, /<script>/);
  });

  it('stands aside when another footnote plugin renders the preview’s footnotes', () => {
    const md = new MarkdownIt();
    md.block.ruler.before('reference', 'footnote_def', () => false); // the shape markdown-it-footnote registers
    installFootnotes(md as unknown as FootnoteHost);
    const html = md.render('Text.[^1]\n\n[^1]: A note.\n');
    assert.doesNotMatch(html, /sourcebook-footnote/);
    assert.match(html, /\[\^1\]: A note\./);
  });

  it('puts the notes before the bibliography the preview adds for Pandoc citations', async () => {
    const sourcebook = new Sourcebook(bundledLibrary());
    const style = await sourcebook.citations.prepare('chicago-author-date');
    assert.ok(style.ok);
    const md = new MarkdownIt();
    installCitations(md as unknown as CitationHost, () => ({ sourcebook, style: style.value }));
    installFootnotes(md as unknown as FootnoteHost);
    const html = md.render('Solidarity [@crossan2025, para. 4], and a note.[^1]\n\n[^1]: As Byrne tells it [@byrne2014, para. 16].\n');
    const notes = html.indexOf('sourcebook-footnotes');
    const bibliography = html.indexOf('sourcebook-bibliography');
    assert.ok(notes > 0 && bibliography > notes, html);
    assert.match(html, /<li id="sourcebook-fn-1">As Byrne tells it <span class="sourcebook-citation"[^>]*>\(Byrne 2014, para\. 16\)<\/span>\./);
    assert.equal(html.split('sourcebook-bibliography"').length, 2, 'one bibliography, not one inside the note');
    assert.match(html, /Byrne, Liam\. 2014\./, 'a source cited only in a note is in the bibliography');
  });
});
