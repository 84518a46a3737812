// The text Sourcebook writes into a draft for a quotation and its citation: inline in “curly” quotes or as a
// block quotation (by word count and the writer's setting), in the draft's own markup, and the text of a
// footnote made from a citation.
import type { DraftFormat } from '../drafts/draftReader';
import { escapeLatex } from '../citations/forms';
import { wordSpans } from '../text/sentences';

export type QuotationForm = 'auto' | 'inline' | 'block';

export interface QuotationTextOptions {
  /** The quoted words, as the source has them. */
  words: string;
  format: DraftFormat;
  /** `auto`: block from `blockWords` words up, inline below. */
  form?: QuotationForm;
  blockWords?: number;
  /** Written after the quotation: `[@key, para. 4]`, `[^3]`, `\cite{key}`, `(Crossan 2025, para. 4)`. */
  citation: string;
  /** The citation is a footnote reference: no space before it. */
  citationIsNoteReference?: boolean;
  /** The text on the cursor's line before and after it, so a block quotation starts and ends on its own lines. */
  lineBefore?: string;
  lineAfter?: string;
  eol?: string;
}

export function wordCount(text: string): number {
  return wordSpans(text).length;
}

const OPENING_MARKS = new Set(['"', '“', '”', '„', '«', '‘', "'", '’']);
const CLOSING_MARKS = new Set(['"', '“', '”', '»', '’', "'"]);

/** The run of quote marks at the start (or end) of `text`; a loop, not a regular expression that could backtrack. */
function markRun(text: string, marks: ReadonlySet<string>, atEnd: boolean): string {
  let n = 0;
  while (n < text.length && marks.has(text[atEnd ? text.length - 1 - n : n])) n++;
  return atEnd ? text.slice(text.length - n) : text.slice(0, n);
}

/**
 * The quoted words cleaned for insertion: white space (and line breaks) collapsed, and quote marks that enclose
 * the whole passage taken off (the quotation gets its own). Quote marks inside are left for `nestQuotes`.
 */
export function trimQuotation(words: string): string {
  let text = words.replace(/\s+/g, ' ').trim();
  const opening = markRun(text, OPENING_MARKS, false);
  const closing = markRun(text, CLOSING_MARKS, true);
  // Only a pair, or a lone mark left over from a passage's first or last sentence, is taken off.
  const inner = text.slice(opening.length, text.length - closing.length);
  const unbalancedOpen = opening && !closing && !/[”"]/.test(inner);
  const unbalancedClose = closing && !opening && !/[“"]/.test(inner);
  const isApostrophe = (mark: string) => mark === '’' || mark === "'";
  if ((opening && closing) || unbalancedOpen || (unbalancedClose && !isApostrophe(closing))) {
    text = inner.trim();
  }
  return text;
}

/** Double quotes inside a double-quoted quotation become single quotes (a quotation within a quotation). */
export function nestQuotes(text: string): string {
  let open = true;
  return text.replace(/[“”"]/g, (mark) => {
    if (mark === '“') return '‘';
    if (mark === '”') return '’';
    const result = open ? '‘' : '’';
    open = !open;
    return result;
  });
}

/** Whether the quotation goes in a block: the setting, or by length when it is `auto`. */
export function isBlock(words: string, form: QuotationForm = 'auto', blockWords = 40): boolean {
  if (form === 'block') return true;
  if (form === 'inline') return false;
  return wordCount(words) >= Math.max(1, blockWords);
}

/** The quotation and its citation, ready to insert at the cursor. */
export function quotationText(options: QuotationTextOptions): string {
  const eol = options.eol ?? '\n';
  const words = trimQuotation(options.words);
  const space = options.citationIsNoteReference || !options.citation ? '' : options.format === 'latex' ? '~' : ' ';
  const citation = options.citation ? space + options.citation : '';
  if (!isBlock(words, options.form, options.blockWords)) {
    const inner = nestQuotes(words);
    const quoted = options.format === 'latex' ? `\`\`${escapeLatex(inner)}''` : `“${inner}”`;
    return quoted + citation;
  }
  const lineBefore = options.lineBefore ?? '';
  const lineAfter = options.lineAfter ?? '';
  const lead = lineBefore.trim() === '' ? (lineBefore === '' ? '' : eol) : eol + eol;
  // Text after the cursor moves below the block, a blank line apart; at a line's end the draft's own line break follows.
  const tail = lineAfter.trim() === '' ? '' : eol + eol;
  let body: string;
  if (options.format === 'latex') {
    body = `\\begin{quote}${eol}${escapeLatex(words)}${citation}${eol}\\end{quote}`;
  } else if (options.format === 'markdown') {
    body = `> ${words}${citation}`;
  } else {
    body = `    ${words}${citation}`;
  }
  return lead + body + tail;
}

/**
 * A citation made for running text turned into a footnote's text: an author-date style's parentheses come off and
 * the note ends with a full stop ("(Crossan 2025, para. 4)" → "Crossan 2025, para. 4.").
 */
export function noteText(citation: string): string {
  let text = citation.trim();
  if (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  if (text && !/[.!?]$/.test(text)) text += '.';
  return text;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
