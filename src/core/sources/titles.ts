// Titles as CSL stores them: in sentence case, capitals kept only where the words need them ("An ode to solidarity
// and organisation", "#LoveWins flashback: Lesbians and Gays Support the Miners"), so each style prints the case
// it wants: Chicago and MLA make title case, APA 7 and Cite Them Right print the sentence case as written. Words a
// style's title-casing would break are protected with CSL's rich-text markup `<span class="nocase">…</span>`,
// which citeproc-js, Zotero and Pandoc honour.
import { wordSpans, type Span } from '../text/sentences';

/** CSL rich-text markup a title may hold: `<i>`, `<b>`, `<sup>`, `<sub>`, `<span class="nocase">`, small caps. */
const MARKUP = /<\/?(?:i|b|sup|sub|span)(?:\s[^<>]*)?>/g;
const NOCASE_OPEN = /^<span\s+class\s*=\s*["']nocase["']\s*>$/;

/** The title as plain text, for sidebars, pickers, tabs and matching: its CSL markup taken out. */
export function plainTitle(title: string): string {
  return title.replace(MARKUP, '');
}

/** The plain title and the spans of it inside `<span class="nocase">` (spans nest; a nocase span's end is found). */
function plainWithNocase(title: string): { plain: string; nocase: Span[] } {
  let plain = '';
  const nocase: Span[] = [];
  const open: Array<number | undefined> = [];
  let last = 0;
  for (const tag of title.matchAll(MARKUP)) {
    plain += title.slice(last, tag.index);
    last = tag.index + tag[0].length;
    if (tag[0].startsWith('</')) {
      if (tag[0] === '</span>') {
        const start = open.pop();
        if (start !== undefined) nocase.push({ start, end: plain.length });
      }
    } else if (tag[0].startsWith('<span')) {
      open.push(NOCASE_OPEN.test(tag[0]) ? plain.length : undefined);
    }
  }
  plain += title.slice(last);
  return { plain, nocase };
}

/**
 * The words of a title that make it look written in title case rather than sentence case: capitalised words other
 * than the first word (of the title, or after a colon, question or exclamation mark or a dash) and the pronoun
 * "I", outside `<span class="nocase">` and outside the names `names(plain)` finds in the plain title (the entity index's
 * names: "Lesbians and Gays Support the Miners" is a name, and keeps its capitals). Empty when the title reads as
 * sentence case.
 */
export function titleCaseWords(title: string, names: (plain: string) => readonly Span[] = () => []): string[] {
  const { plain, nocase } = plainWithNocase(title);
  const kept = [...nocase, ...names(plain)];
  const inside = (span: Span) => kept.some((k) => k.start <= span.start && span.end <= k.end);
  const found: string[] = [];
  let startsPhrase = true;
  let last = 0;
  for (const span of wordSpans(plain)) {
    if (/[:?!\u2013\u2014]/.test(plain.slice(last, span.start))) startsPhrase = true;
    last = span.end;
    const word = plain.slice(span.start, span.end);
    const first = startsPhrase;
    startsPhrase = false;
    if (first || word === 'I' || inside(span)) continue;
    if (/^\p{Lu}/u.test(word)) found.push(word);
  }
  return found;
}
