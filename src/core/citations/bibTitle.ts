// A title as a .bib file wants it: in title case, with the words whose capitals must survive in braces, LaTeX's
// special characters escaped, and CSL-JSON's rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, small caps,
// `<span class="nocase">`) as LaTeX. The BibTeX convention (biblatex manual, \MakeSentenceCase): a .bib title is in
// title case, and a style that prints sentence case (biblatex-apa, bath, BibTeX's plain) lower-cases every word not
// in braces. Sourcebook stores titles in CSL's way — sentence case, proper nouns capitalised, `nocase` for words whose
// case no style may touch — so a capitalised word other than the first is a proper noun or starts a subtitle, and is
// braced; a word capitalised inside ("LoveWins", "LGSM") is braced wherever it is. A title stored in title case keeps
// every capital it has, as the CSL styles keep it.

import { escapeLatex } from './forms';

/** Words a title-case style leaves in lower case inside a title (the CSL 1.0.2 specification's list). */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or',
  'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet',
]);

/**
 * Escapes LaTeX's special characters for a .bib field. A brace is written as a command: escaped as \{ it would still
 * count as a brace for BibTeX and biber, and a lone one would unbalance the entry.
 */
export function escapeBibText(value: string): string {
  return value
    .split(/([{}])/)
    .map((part) => (part === '{' ? '\\textbraceleft{}' : part === '}' ? '\\textbraceright{}' : escapeLatex(part)))
    .join('');
}

/** CSL-JSON rich-text tags and the LaTeX they become (`nocase`: braces, no command). */
const TAGS: Record<string, string> = {
  i: '\\emph',
  b: '\\textbf',
  sup: '\\textsuperscript',
  sub: '\\textsubscript',
  'span class="nocase"': '',
  'span style="font-variant:small-caps;"': '\\textsc',
};

const TAG = /<(\/?)(i|b|sup|sub|span(?: class="nocase"| style="font-variant:\s*small-caps;?")?)>/g;

/** Title case for one word not in a `nocase` span, and whether its capitals need braces. */
function titleWord(word: string, first: boolean, last: boolean, startsSentence: boolean): string {
  const letters = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/u.exec(word);
  if (!letters) return escapeBibText(word);
  const core = letters[0];
  const before = word.slice(0, letters.index);
  const after = word.slice(letters.index + core.length);
  const capitalInside = /\p{Lu}/u.test(core.slice(1));
  const capitalised = /^\p{Lu}/u.test(core);
  // The first word keeps its capital in every style; any other capital is braced, a subtitle's first word's too:
  // biblatex's \MakeSentenceCase does not know a colon starts a subtitle.
  if (capitalInside || (capitalised && !first)) return `${escapeBibText(before)}{${escapeBibText(core)}}${escapeBibText(after)}`;
  const lower = core.toLowerCase() === core;
  let cased = core;
  if (lower && STOP_WORDS.has(core) && !first && !last && !startsSentence) cased = core;
  else if (lower) cased = core.replace(/(^|-)(\p{Ll})/gu, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
  return escapeBibText(before) + escapeBibText(cased) + escapeBibText(after);
}

/**
 * Walks the title's text and tags: each tag becomes its LaTeX command (a `nocase` span, braces only), each word
 * outside `nocase` goes through `word` with its index among all the title's words; `nocase` words are kept as written.
 */
function render(title: string, word: (text: string, index: number) => string): string {
  let out = '';
  let at = 0;
  let wordIndex = 0;
  const open: boolean[] = [];
  const emit = (text: string) => {
    const nocase = open.includes(true);
    out += text.replace(/\S+/g, (token) => {
      const index = wordIndex++;
      return nocase ? escapeBibText(token) : word(token, index);
    });
  };
  for (const match of title.matchAll(TAG)) {
    emit(title.slice(at, match.index));
    at = match.index + match[0].length;
    const name = match[2].startsWith('span style') ? 'span style="font-variant:small-caps;"' : match[2];
    if (match[1] !== '/') {
      open.push(name === 'span class="nocase"');
      out += `${TAGS[name]}{`;
    } else if (open.length > 0) {
      open.pop();
      out += '}';
    }
  }
  emit(title.slice(at));
  return out + '}'.repeat(open.length);
}

/** The title's words without CSL-JSON's rich-text tags. */
export function titleWords(title: string): string {
  return title.replace(TAG, '');
}

/**
 * The title as a .bib field's value (without the field's own braces): title case, proper nouns and inner capitals
 * braced, specials escaped, rich text as LaTeX. "An ode to solidarity and organisation" →
 * "An Ode to Solidarity and Organisation"; "#LoveWins flashback: Lesbians and Gays Support the Miners" →
 * "\#{LoveWins} Flashback: {Lesbians} and {Gays} {Support} the {Miners}".
 */
export function bibTitle(title: string): string {
  const plain = title.replace(TAG, ' ');
  const words = plain.split(/\s+/).filter(Boolean);
  // Which words start the title or a subtitle (after a colon, a question or exclamation mark, or a dash).
  const sentenceStarts = new Set<number>();
  words.forEach((_token, i) => {
    if (i === 0 || /[:?!—]["”’)]*$/.test(words[i - 1])) sentenceStarts.add(i);
  });
  // `render` counts words the same way: a tag separates words as white space does.
  return render(title, (token, i) => titleWord(token, i === 0, i === words.length - 1, sentenceStarts.has(i)));
}
