// Property tests of the quotation check against the bundled corpus: a passage taken from any paragraph and
// altered only by the writers' conventions (an omission marked by an ellipsis, a bracketed insertion, a change of
// case) is still the source's words; a single word changed is always reported, and the offered correction is.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import type { QuotationCheck } from '../../../src/core/quotations/quotationCheck';
import { QuotationChecker } from '../../../src/core/quotations/quotationChecker';
import { fold } from '../../../src/core/text/normalize';
import type { Source } from '../../../src/core/types';
import { params } from '../helpers/fastCheck';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

interface Passage {
  source: string;
  paragraph: number;
  /** The source's words, exactly: `words[i]` with the text between words kept in `gaps`. */
  words: string[];
  /** `gaps[i]` is the text before `words[i]` (gaps[0] is ''); the passage ends with the last word. */
  gaps: string[];
}

/** Characters that would end a quotation or read as markup if they were inside one. */
const UNQUOTABLE = /["“”„«»[\]…`@^\\<>*_{}|#~$%&]|\.\.\.|\. \. \./;

let passages: Passage[] | undefined;
let sources: readonly Source[] = [];

/** Every run of 8–30 words of a corpus paragraph that a writer could put between quotation marks. */
function corpusPassages(): Passage[] {
  if (passages) return passages;
  sources = bundledLibrary().sources;
  passages = [];
  for (const source of sources) {
    for (const paragraph of source.paragraphs) {
      const matches = [...paragraph.text.matchAll(WORD)];
      for (let first = 0; first + 8 <= matches.length; first += 3) {
        const length = 8 + ((first * 7) % 23);
        const last = Math.min(matches.length, first + length) - 1;
        const start = matches[first].index ?? 0;
        const end = (matches[last].index ?? 0) + matches[last][0].length;
        const text = paragraph.text.slice(start, end);
        if (UNQUOTABLE.test(text) || /['’]$/.test(text)) continue;
        const words = matches.slice(first, last + 1).map((m) => m[0]);
        const gaps = words.map((_, i) => (i === 0 ? '' : paragraph.text.slice((matches[first + i - 1].index ?? 0) + matches[first + i - 1][0].length, matches[first + i].index ?? 0)));
        passages.push({ source: source.meta.key, paragraph: paragraph.number, words, gaps });
      }
    }
  }
  return passages;
}

function join(words: readonly string[], gaps: readonly string[]): string {
  return words.map((word, i) => gaps[i] + word).join('');
}

type Draft = 'curly' | 'straight' | 'latex';

/** A draft sentence quoting `quote` with a citation of the passage's paragraph. */
function draftOf(quote: string, passage: Passage, form: Draft): string {
  if (form === 'latex') return `As the source puts it, \`\`${quote}'' \\cite[para.~${passage.paragraph}]{${passage.source}}.\n`;
  const marks = form === 'curly' ? ['“', '”'] : ['"', '"'];
  return `As the source puts it, ${marks[0]}${quote}${marks[1]} [@${passage.source}, para. ${passage.paragraph}].\n`;
}

const checkers = new Map<Draft, QuotationChecker>();
function check(draft: string, form: Draft): QuotationCheck[] {
  let checker = checkers.get(form);
  if (!checker) {
    checker = new QuotationChecker(sources, { format: form === 'latex' ? 'latex' : 'markdown' });
    checkers.set(form, checker);
  }
  return checker.checkAll(draft);
}

/** Whether the folded words of `a` occur in `b` (the same passage found in another paragraph). */
function foldedIn(a: string, b: string): boolean {
  const words = (text: string) => (fold(text).match(WORD) ?? []).join(' ');
  return words(b).includes(words(a));
}

/** The check of the one quotation in the draft: verified where the passage is, or the same words elsewhere. */
function assertVerified(results: QuotationCheck[], passage: Passage, draft: string): void {
  assert.equal(results.length, 1, `one quotation in ${JSON.stringify(draft)}`);
  const [result] = results;
  const context = JSON.stringify({ draft, status: result.status, match: result.match, differences: result.differences });
  assert.deepEqual(result.differences, [], `no difference: ${context}`);
  if (result.status === 'wrongCitation') {
    // The words are the source's, but found in another paragraph too: only a duplicate passage may do that.
    const original = join(passage.words, passage.gaps);
    assert.ok(result.match && foldedIn(original, result.match.text), `found elsewhere only as a duplicate: ${context}`);
    return;
  }
  assert.equal(result.status, 'verified', context);
  assert.deepEqual([result.match?.source, result.match?.paragraph], [passage.source, passage.paragraph], context);
}

type Alteration = { kind: 'omission'; at: number; length: number; mark: string } | { kind: 'insertion'; at: number; word: string; replace: boolean } | { kind: 'bracketedCase'; at: number } | { kind: 'case'; at: number; upper: boolean };

const alteration: fc.Arbitrary<Alteration> = fc.oneof(
  fc.record({ kind: fc.constant('omission' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), mark: fc.constantFrom(' … ', ' ... ', ' [...] ', ' [… ] ', ' . . . ', ' …') }),
  fc.record({ kind: fc.constant('insertion' as const), at: fc.nat(), word: fc.constantFrom('LGSM', 'the miners', 'in 1984', 'sic', 'Mark Ashton', 'they', 'emphasis added'), replace: fc.boolean() }),
  fc.record({ kind: fc.constant('bracketedCase' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('case' as const), at: fc.nat(), upper: fc.boolean() }),
);

/** The passage as a writer quotes it with the alterations applied, left to right on a copy of its words. */
function alter(passage: Passage, alterations: readonly Alteration[]): string {
  const words = [...passage.words];
  const gaps = [...passage.gaps];
  for (const change of alterations) {
    const n = words.length;
    if (change.kind === 'omission') {
      // Drop words strictly inside the quotation, keeping at least four on the page.
      const length = Math.min(change.length, n - 6);
      if (length < 1) continue;
      const from = 1 + (change.at % (n - 1 - length));
      words.splice(from, length);
      gaps.splice(from, length);
      gaps[from] = change.mark;
    } else if (change.kind === 'insertion') {
      const at = 1 + (change.at % (n - 1));
      // "[sic]" marks the source's own error: it is added, never stands for a word.
      if (change.replace && change.word !== 'sic' && !/\]/.test(words[at]) && at < n - 1) {
        words[at] = `[${change.word}]`;
      } else {
        words.splice(at, 0, `[${change.word}]`);
        gaps.splice(at, 0, ' ');
      }
    } else if (change.kind === 'bracketedCase') {
      // "[t]he" for "The", "[W]e" for "we": the first letter changed and bracketed.
      const at = change.at % n;
      const word = words[at];
      if (/^[\p{L}]/u.test(word) && !word.includes('[')) {
        const first = word[0] === word[0].toUpperCase() ? word[0].toLowerCase() : word[0].toUpperCase();
        words[at] = `[${first}]${word.slice(1)}`;
      }
    } else {
      const at = change.at % n;
      if (!words[at].includes('[')) words[at] = change.upper ? words[at].toUpperCase() : words[at].toLowerCase();
    }
  }
  return join(words, gaps);
}

describe('Property: quotations from the bundled corpus', function () {
  // Generated cases take seconds of CPU; on a busy machine the wall clock can run several times longer.
  this.timeout(120_000);

  const forms = fc.constantFrom<Draft>('curly', 'straight', 'latex');

  it('verifies any passage quoted exactly, in curly, straight or LaTeX quotation marks', () => {
    const all = corpusPassages();
    assert.ok(all.length > 200, `the corpus gives passages (${all.length})`);
    fc.assert(
      fc.property(fc.constantFrom(...all), forms, (passage, form) => {
        const draft = draftOf(join(passage.words, passage.gaps), passage, form);
        assertVerified(check(draft, form), passage, draft);
      }),
      params(600),
    );
  });

  it('still verifies it after omissions marked by an ellipsis, bracketed insertions and changes of case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpusPassages()), fc.array(alteration, { minLength: 1, maxLength: 3 }), forms, (passage, alterations, form) => {
        const draft = draftOf(alter(passage, alterations), passage, form);
        assertVerified(check(draft, form), passage, draft);
      }),
      params(1200),
    );
  });

  it('reports any single word changed, and its correction is verified', () => {
    const vocabulary = [...new Set(corpusPassages().flatMap((passage) => passage.words))].filter((word) => !/['’]/.test(word));
    fc.assert(
      fc.property(fc.constantFrom(...corpusPassages()), fc.nat(), fc.constantFrom(...vocabulary), forms, (passage, at, replacement, form) => {
        const index = at % passage.words.length;
        fc.pre(fold(replacement) !== fold(passage.words[index]));
        const words = [...passage.words];
        words[index] = replacement;
        const quote = join(words, passage.gaps);
        const draft = draftOf(quote, passage, form);
        const results = check(draft, form);
        assert.equal(results.length, 1, draft);
        const [result] = results;
        const context = JSON.stringify({ draft, changed: passage.words[index], status: result.status, differences: result.differences });
        assert.equal(result.status, 'differs', context);
        // The difference points at the changed word, or — when the aligner prefers to call the source's word missing
        // next to it ("moment in" quoted as "moment the", where the source goes on "in the") — at the space beside it.
        const wordStart = result.quotation.start + join(words.slice(0, index), passage.gaps).length + passage.gaps[index].length;
        const wordEnd = wordStart + replacement.length;
        const beside = (d: { start: number; end: number }) => d.start === d.end && d.start >= wordStart - passage.gaps[index].length && d.start <= wordEnd + (passage.gaps[index + 1]?.length ?? 0);
        assert.ok(
          result.differences.some((d) => (d.start <= wordEnd && d.end >= wordStart) || beside(d)),
          `a difference covers the changed word: ${context}`,
        );
        // The quick fix's text is the source's words again.
        assert.ok(result.replacement !== undefined, `a correction is offered: ${context}`);
        const fixed = draft.slice(0, result.quotation.start) + result.replacement + draft.slice(result.quotation.end);
        assertVerified(check(fixed, form), passage, fixed);
      }),
      params(800),
    );
  });
});
