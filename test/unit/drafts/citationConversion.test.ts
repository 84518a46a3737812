// Converting a draft's citations when the writer switches between a notes style (Chicago notes and bibliography) and
// an in-text style (Chicago author-date, MLA): Sourcebook's footnotes ⇄ Pandoc citations in Markdown, footnotes ⇄
// the formatted in-text citation in plain text. The notes are written by the real engine in the real styles, as
// Sourcebook writes them into a draft; what the writer added by hand is left as written.
import * as assert from 'node:assert/strict';
import { Citations } from '../../../src/core/citations/citations';
import { applyEdits, convertCitations, countCitations, type CitationWriter, type ConversionRequest } from '../../../src/core/drafts/citationConversion';
import { noteText } from '../../../src/core/quotations/quotationText';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import type { CiteItem } from '../../../src/core/types';

const sources = bundledLibrary().sources.map((source) => source.meta);
const citations = new Citations(sources);
const NOTES = 'chicago-fullnote-bibliography';
const AUTHOR_DATE = 'chicago-author-date';
const MLA = 'modern-language-association';

function writer(style: string): CitationWriter {
  return (form, items, citedBefore) => citations.citeSync({ style, items: [...items], form, citedBefore });
}

/** The note Sourcebook writes for `items` in Chicago's notes style: the full note, or the short one once cited. */
function note(items: CiteItem[], citedBefore: string[] = []): string {
  const made = citations.citeSync({ style: NOTES, items, form: 'footnote', citedBefore });
  assert.ok(made.ok, made.ok ? '' : made.message);
  return noteText(made.value);
}

type Direction = Pick<ConversionRequest, 'from' | 'to'> & { fromStyle: string; toStyle: string };
const TO_NOTES: Direction = { from: 'pandoc', to: 'footnote', fromStyle: AUTHOR_DATE, toStyle: NOTES };
const TO_TEXT: Direction = { from: 'footnote', to: 'pandoc', fromStyle: NOTES, toStyle: AUTHOR_DATE };

function convert(text: string, direction: Direction, format: 'markdown' | 'plain' = 'markdown') {
  const conversion = convertCitations({ text, format, sources, from: direction.from, to: direction.to, writtenIn: writer(direction.fromStyle), writeIn: writer(direction.toStyle) });
  return { ...conversion, text: applyEdits(text, conversion.edits) };
}

describe('Converting a draft’s citations when the style changes between notes and in-text', () => {
  before(async () => {
    for (const style of [NOTES, AUTHOR_DATE, MLA]) assert.ok((await citations.prepare(style)).ok);
  });

  describe('Pandoc citations into footnotes (an in-text style → a notes style)', () => {
    const draft = 'The banner was a hundred years old [@crossan2025, para. 4]. Siân James said LGSM “came to our aid” [Siân James, quoted in @byrne2014, para. 16] and meant it [@crossan2025, para. 7], she said.\n\nMore prose.\n';

    it('numbers the notes in order, after the sentence’s punctuation, the first note for a source in full and later ones short', () => {
      const converted = convert(draft, TO_NOTES);
      assert.equal(
        converted.text,
        'The banner was a hundred years old.[^1] Siân James said LGSM “came to our aid”[^2] and meant it,[^3] she said.\n\nMore prose.\n\n' +
          `[^1]: ${note([{ key: 'crossan2025', paragraph: 4 }])}\n` +
          `[^2]: ${note([{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }], ['crossan2025'])}\n` +
          '[^3]: Crossan, “An Ode to Solidarity and Organisation,” para. 7.\n',
      );
      assert.match(converted.text, /\n\[\^1\]: Elliot Crossan, “An Ode to Solidarity and Organisation,” .*para\. 4/);
      assert.match(converted.text, /\n\[\^2\]: Siân James, quoted in Liam Byrne, “Pride and Prejudice,” .*para\. 16/);
      assert.deepEqual([converted.found, converted.converted], [3, 3]);
    });

    it('numbers the new notes after the notes the draft already has', () => {
      const converted = convert('One [@crossan2025, para. 4]. Two.[^1]\n\n[^1]: A thought of my own.\n', TO_NOTES);
      assert.equal(converted.text, `One.[^2] Two.[^1]\n\n[^1]: A thought of my own.\n[^2]: ${note([{ key: 'crossan2025', paragraph: 4 }])}\n`);
    });

    it('leaves as written a Pandoc citation that says more than sources and locators: “see”, words after a page, a suppressed author, MLA’s “qtd. in” without a name', () => {
      const written = 'A [see @crossan2025, para. 4]. B [@byrne2014, p. 3 and passim]. C [-@byrne2014, para. 2]. D [qtd. in @byrne2014, para. 16].\n';
      const converted = convert(written, TO_NOTES);
      assert.equal(converted.text, written);
      assert.deepEqual([converted.found, converted.converted], [4, 0]);
    });

    it('keeps a page and a chapter through a conversion to notes and back: [@crossan2025, p. 3] → "…, 3." → [@crossan2025, p. 3]', () => {
      const written = 'One [@crossan2025, p. 3]. Two [@byrne2014, chap. 2].\n';
      const notes = convert(written, TO_NOTES);
      assert.equal(
        notes.text,
        'One.[^1] Two.[^2]\n\n' +
          `[^1]: ${note([{ key: 'crossan2025', locator: '3', label: 'page' }])}\n` +
          `[^2]: ${note([{ key: 'byrne2014', locator: '2', label: 'chapter' }], ['crossan2025'])}\n`,
      );
      assert.match(notes.text, /\[\^1\]: Elliot Crossan, “An Ode to Solidarity and Organisation,” .*, 2025, 3, https:/);
      assert.match(notes.text, /\[\^2\]: Liam Byrne, “Pride and Prejudice,” .*, November 2014, chap\. 2, https:/);
      assert.deepEqual([notes.found, notes.converted], [2, 2]);
      const back = convert(notes.text, TO_TEXT);
      assert.equal(back.text, written);
    });

    it('leaves alone a citation of a key no source has, and does not count it', () => {
      const written = 'A [@nosuch2020, para. 4].\n';
      assert.deepEqual(convert(written, TO_NOTES), { edits: [], found: 0, converted: 0, text: written });
    });
  });

  describe('footnotes into Pandoc citations (a notes style → an in-text style)', () => {
    let crossan4 = '';
    let byrne16 = '';
    before(() => {
      crossan4 = note([{ key: 'crossan2025', paragraph: 4 }]);
      byrne16 = note([{ key: 'byrne2014', paragraph: 16 }], ['crossan2025']);
    });

    it('puts each citation where its note’s number was, before the sentence’s punctuation, and removes the notes', () => {
      const draft = `The banner was a hundred years old.[^1] LGSM “came to our aid”[^2] and it mattered.[^3]\n\n[^1]: ${crossan4}\n[^2]: ${byrne16}\n[^3]: Crossan, “An Ode to Solidarity and Organisation,” para. 7.\n`;
      const converted = convert(draft, TO_TEXT);
      assert.equal(
        converted.text,
        'The banner was a hundred years old [@crossan2025, para. 4]. LGSM “came to our aid” [@byrne2014, para. 16] and it mattered [@crossan2025, para. 7].\n',
      );
      assert.deepEqual([converted.found, converted.converted], [3, 3]);
    });

    it('leaves a note with the writer’s own words around the citation as written, with its note, and counts it', () => {
      const own = 'See Crossan, “An Ode to Solidarity and Organisation,” para. 7, for the whole speech.';
      const draft = `Old.[^1] Proud.[^2]\n\n[^1]: ${crossan4}\n[^2]: ${own}\n`;
      const converted = convert(draft, TO_TEXT);
      assert.equal(converted.text, `Old [@crossan2025, para. 4]. Proud.[^2]\n\n[^2]: ${own}\n`);
      assert.deepEqual([converted.found, converted.converted], [2, 1]);
    });

    it('keeps a note of the writer’s own that names no source, and does not count it', () => {
      const draft = `Old.[^1] Aside.[^2]\n\n[^1]: ${crossan4}\n[^2]: I should ask the archive about this.\n`;
      const converted = convert(draft, TO_TEXT);
      assert.equal(converted.text, 'Old [@crossan2025, para. 4]. Aside.[^2]\n\n[^2]: I should ask the archive about this.\n');
      assert.deepEqual([converted.found, converted.converted], [1, 1]);
    });

    it('reads who is quoted from the note, "Siân James, quoted in …"', () => {
      const quoted = note([{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]);
      const converted = convert(`She said so.[^1]\n\n[^1]: ${quoted}\n`, TO_TEXT);
      assert.equal(converted.text, 'She said so [Siân James, quoted in @byrne2014, para. 16].\n');
    });

    it('keeps Windows line endings', () => {
      const converted = convert(`Old.[^1]\r\nMore.\r\n\r\n[^1]: ${crossan4}\r\n`, TO_TEXT);
      assert.equal(converted.text, 'Old [@crossan2025, para. 4].\r\nMore.\r\n');
    });
  });

  describe('a round trip gives the citations back', () => {
    it('footnotes → Pandoc → footnotes gives back the draft as Sourcebook wrote it', () => {
      const draft = `The banner was a hundred years old.[^1] LGSM “came to our aid”[^2] and, in the end,[^3] it mattered.\n\n[^1]: ${note([{ key: 'crossan2025', paragraph: 4 }])}\n[^2]: ${note([{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }], ['crossan2025'])}\n[^3]: ${note([{ key: 'crossan2025', paragraph: '7-8' }], ['crossan2025'])}\n`;
      const inText = convert(draft, TO_TEXT);
      assert.equal(inText.text, 'The banner was a hundred years old [@crossan2025, para. 4]. LGSM “came to our aid” [Siân James, quoted in @byrne2014, para. 16] and, in the end [@crossan2025, paras. 7-8], it mattered.\n');
      assert.equal(convert(inText.text, TO_NOTES).text, draft);
    });

    it('Pandoc → footnotes → Pandoc gives back the draft', () => {
      const draft = 'Old [@crossan2025, para. 4]. Both agree [@crossan2025, para. 4; @byrne2014, para. 12], and\n\n> a block quotation [@byrne2014, para. 16]\n\nends here.\n';
      const notes = convert(draft, TO_NOTES);
      assert.equal(notes.converted, 3);
      assert.equal(convert(notes.text, TO_TEXT).text, draft);
    });

    it('in plain text, "(Crossan 2025, para. 4)" → a footnote → "(Crossan 2025, para. 4)"', () => {
      const draft = 'A claim (Crossan 2025, para. 4). Siân James (Siân James, quoted in Byrne 2014, para. 16), and (see Byrne 2014).\n';
      const notes = convert(draft, { from: 'plain', to: 'footnote', fromStyle: AUTHOR_DATE, toStyle: NOTES }, 'plain');
      assert.match(notes.text, /^A claim\.\[\^1\] Siân James,\[\^2\] and \(see Byrne 2014\)\.\n\n\[\^1\]: Elliot Crossan, /);
      assert.deepEqual([notes.found, notes.converted], [3, 2]);
      assert.equal(convert(notes.text, { from: 'footnote', to: 'plain', fromStyle: NOTES, toStyle: AUTHOR_DATE }, 'plain').text, draft);
    });
  });

  it('does not read MLA’s “qtd. in” as the name of who is quoted: the name is not in the citation, so it is left as written', () => {
    const draft = 'LGSM “came to our aid” (qtd. in Byrne, par. 16).\n';
    const converted = convert(draft, { from: 'plain', to: 'footnote', fromStyle: MLA, toStyle: NOTES }, 'plain');
    assert.deepEqual([converted.text, converted.found, converted.converted], [draft, 1, 0]);
  });

  it('counts the citations a draft has in a form: footnotes naming a source, not notes of the writer’s own', () => {
    const draft = `Old.[^1] Aside.[^2] Also [@byrne2014, para. 3].\n\n[^1]: ${note([{ key: 'crossan2025', paragraph: 4 }])}\n[^2]: Ask the archive.\n`;
    assert.equal(countCitations(draft, 'markdown', sources, 'footnote'), 1);
    assert.equal(countCitations(draft, 'markdown', sources, 'pandoc'), 1);
  });
});
