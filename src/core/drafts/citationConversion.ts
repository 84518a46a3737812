// Converting a draft's citations between the two ways styles cite, for a writer who switches between a notes style
// and an in-text style: Sourcebook's footnotes (`[^1]` and its note) become in-text citations — Pandoc
// `[@crossan2025, para. 4]` in Markdown, the formatted "(Crossan 2025, para. 4)" in plain text — or those become
// footnotes numbered in order, their notes at the end. A citation is converted only when that is exact: a note (or a
// parenthesis) word for word what the old style writes for its sources, with no words of the writer's around it; a
// Pandoc citation that says nothing but keys, locators (paragraphs, pages, chapters…) and who is quoted. Everything else is left as written, and
// counted, so the writer is told.
//
// Where a reference goes: a note's number after the sentence's punctuation (CMOS 14.26), an in-text citation before
// it (CMOS 15.23, MLA 9, APA 7; Pandoc moves a note after it itself), so a mark right next to a citation changes
// sides: "old.[^1]" ⇄ "old [@crossan2025, para. 4]."
import type { CiteItem, Result, SourceMeta } from '../types';
import { noteText } from '../quotations/quotationText';
import { CitationTargets } from './citationTargets';
import { citeItemLocator, parsePandocCitation } from './draftCitations';
import { findLocator, lineEndAt, readDraft, readPandocBracket, type DraftReading, type FoundCitation } from './draftReader';
import { footnoteDefinitionAppend, nextFootnoteLabel } from './footnotes';

/** The forms a conversion goes between: footnotes, and the in-text citations of Markdown (Pandoc) and plain text. */
export type ConvertibleForm = 'footnote' | 'pandoc' | 'plain';

/** A citation of `items` as a style writes it in `form`, with the sources of `citedBefore` cited earlier in the draft. */
export type CitationWriter = (form: ConvertibleForm, items: readonly CiteItem[], citedBefore: readonly string[]) => Result<string>;

export interface ConversionRequest {
  text: string;
  format: 'markdown' | 'plain';
  sources: readonly SourceMeta[];
  from: ConvertibleForm;
  to: ConvertibleForm;
  /** The style the citations were written in, to tell a citation Sourcebook wrote from one with the writer's words. */
  writtenIn: CitationWriter;
  /** The style to write them in. */
  writeIn: CitationWriter;
}

/** Replace `text.slice(start, end)` with `text`; a conversion's edits are in order and never overlap. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Conversion {
  edits: TextEdit[];
  /** The draft's citations in the form converted from (those naming a source of the library). */
  found: number;
  /** How many of them were converted; the others are left as written. */
  converted: number;
}

const READER_FORM: Record<ConvertibleForm, FoundCitation['form']> = { footnote: 'footnote', pandoc: 'pandoc', plain: 'authorDate' };
/** Punctuation that ends a clause: a note's number goes after it, an in-text citation before it. */
const CLAUSE_MARKS = '.,;:?!';

/** Whether `citation` is written in `form`: a footnote `[^n]` (not LaTeX's `\footnote`), a bracketed Pandoc citation. */
function isInForm(citation: FoundCitation, form: ConvertibleForm): boolean {
  if (citation.form !== READER_FORM[form] || citation.silent) return false;
  if (form === 'footnote') return (citation.footnote?.label ?? '') !== '';
  // A bare `@name` is far more often a handle than a citation.
  if (form === 'pandoc') return citation.text.startsWith('[');
  return true;
}

/** The draft's citations in `form` that name a source of the library, in order. */
function citationsIn(reading: DraftReading, targets: CitationTargets, form: ConvertibleForm): FoundCitation[] {
  return reading.citations.filter((citation) => isInForm(citation, form) && citation.cites.some((cite) => targets.keysOf(cite).length > 0));
}

/** How many of the draft's citations are in `form` (footnotes, Pandoc or formatted in-text citations), naming a source. */
export function countCitations(text: string, format: 'markdown' | 'plain', sources: readonly SourceMeta[], form: ConvertibleForm): number {
  return citationsIn(readDraft(text, format), new CitationTargets(sources), form).length;
}

const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** A Pandoc citation's items, when it says nothing else: no "see", nothing after a locator, no `-@`, no "qtd. in" without a name. */
function pandocItems(text: string, citation: FoundCitation, targets: CitationTargets): CiteItem[] | undefined {
  const parsed = parsePandocCitation(text, citation.start);
  const bracket = readPandocBracket(text, citation.start);
  if (!parsed || !bracket || parsed.end !== citation.end) return undefined;
  if (bracket.parts.some((part, i) => part.suppressAuthor || (part.prefix !== '' && parsed.items[i].speaker === undefined))) return undefined;
  return parsed.items.every((item) => targets.keysOf({ key: item.key }).length > 0) ? parsed.items : undefined;
}

/**
 * The items of a note or parenthesis the old style wrote, when it is exactly that: each part (between semicolons)
 * names one source, with its paragraph and perhaps who is quoted ("Siân James, quoted in …"); written again in the
 * old style, first or later citation, it reads the same.
 */
function writtenItems(written: string, form: 'footnote' | 'plain', citedBefore: readonly string[], targets: CitationTargets, writtenIn: CitationWriter): CiteItem[] | undefined {
  const body = form === 'plain' ? written.trim().replace(/^\(|\)$/g, '') : written;
  const parts = body.split(';');
  const plainItems: CiteItem[] = [];
  const speakers: Array<string | undefined> = [];
  for (const part of parts) {
    const keys = targets.namedIn(part);
    if (keys.length !== 1) return undefined;
    plainItems.push({ key: keys[0], ...citeItemLocator(findLocator(part)) });
    const comma = part.indexOf(',');
    speakers.push(comma > 0 ? part.slice(0, comma).trim() : undefined);
  }
  const reads = (items: readonly CiteItem[]) => {
    const keys = items.map((item) => item.key);
    for (const before of [citedBefore, [], keys]) {
      const made = writtenIn(form, items, before);
      if (made.ok && same(form === 'footnote' ? noteText(made.value) : made.value, written)) return true;
    }
    return false;
  };
  if (reads(plainItems)) return plainItems;
  // Who is quoted: only where the style prints the name (MLA's "qtd. in" does not, so the name cannot be read back).
  const quoted = plainItems.map((item, i) => (speakers[i] ? { ...item, speaker: speakers[i] } : item));
  const printsNames = quoted.every((item, i) => {
    if (!item.speaker) return true;
    const other = quoted.map((one, k) => (k === i ? { ...one, speaker: 'Someone Else' } : one));
    const withName = writtenIn(form, quoted, []);
    const withOther = writtenIn(form, other, []);
    return withName.ok && withOther.ok && withName.value !== withOther.value;
  });
  return quoted.some((item) => item.speaker) && printsNames && reads(quoted) ? quoted : undefined;
}

/** The keys each citation of the draft names, for "cited before" (short notes after the first). */
function keysBefore(reading: DraftReading, targets: CitationTargets): (offset: number) => string[] {
  const cited = reading.citations.map((citation) => ({ start: citation.start, keys: citation.cites.flatMap((cite) => targets.keysOf(cite)) }));
  return (offset) => {
    const keys: string[] = [];
    for (const { start, keys: named } of cited) if (start < offset) for (const key of named) if (!keys.includes(key)) keys.push(key);
    return keys;
  };
}

/**
 * Converts the draft's citations in `from` into `to` (one of them a footnote), as edits of `text`. Footnotes become
 * in-text citations where their reference was, their notes removed once no reference is left to them; in-text
 * citations become footnotes numbered in order from the next free number, their notes appended at the end.
 */
export function convertCitations(request: ConversionRequest): Conversion {
  const { text, format, from, to } = request;
  const reading = readDraft(text, format);
  const targets = new CitationTargets(request.sources);
  const citedBefore = keysBefore(reading, targets);
  const found = citationsIn(reading, targets, from);
  const edits: TextEdit[] = [];
  const notes: Array<{ label: string; text: string }> = [];
  /** Footnote labels whose every reference was converted, and those with one left as written. */
  const convertedLabels = new Set<string>();
  const keptLabels = new Set<string>();
  let label = Number(nextFootnoteLabel(text));
  let converted = 0;

  for (const citation of found) {
    const before = citedBefore(citation.start);
    const items =
      from === 'pandoc'
        ? pandocItems(text, citation, targets)
        : writtenItems(from === 'footnote' ? (citation.footnote?.text ?? '') : citation.text, from, before, targets, request.writtenIn);
    const made = items && request.writeIn(to, items, before);
    const edit = made?.ok ? placed(text, citation, to === 'footnote' ? `[^${label}]` : made.value, to === 'footnote') : undefined;
    if (!edit || !made?.ok) {
      if (citation.footnote) keptLabels.add(citation.footnote.label);
      continue;
    }
    edits.push(edit);
    converted++;
    if (citation.footnote) convertedLabels.add(citation.footnote.label);
    if (to === 'footnote') notes.push({ label: String(label++), text: noteText(made.value) });
  }

  for (const name of convertedLabels) {
    const definition = keptLabels.has(name) ? undefined : reading.footnotes.get(name);
    if (definition) edits.push({ start: definition.lineStart, end: Math.min(text.length, lineEndAt(text, definition.end) + 1), text: '' });
  }
  edits.sort((a, b) => a.start - b.start);
  return { edits: withNotes(text, collapseEnd(text, edits), notes), found: found.length, converted };
}

/**
 * The edit putting `reference` where `citation` is. A note's reference goes straight after the word, after a clause's
 * punctuation right after the citation ("old [@a]." → "old.[^1]"); an in-text citation goes after a space, before
 * the punctuation right before the note's reference ("old.[^1]" → "old [@a]."). Undefined when the reference would
 * start a line and read as a note's definition.
 */
function placed(text: string, citation: FoundCitation, reference: string, asNote: boolean): TextEdit | undefined {
  let { start, end } = citation;
  if (asNote) {
    let lead = '';
    if ((text[start - 1] === ' ' || text[start - 1] === '\t') && start >= 2 && !/\s/.test(text[start - 2])) start--;
    const mark = text[end];
    if (mark !== undefined && CLAUSE_MARKS.includes(mark) && !CLAUSE_MARKS.includes(text[end + 1] ?? '')) {
      lead = mark;
      end++;
    }
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (!lead && text[end] === ':' && /^ {0,3}$/.test(text.slice(lineStart, start))) return undefined;
    return { start, end, text: lead + reference };
  }
  let mark = '';
  const previous = text[start - 1];
  if (previous !== undefined && CLAUSE_MARKS.includes(previous) && start >= 2 && !CLAUSE_MARKS.includes(text[start - 2]) && !/\s/.test(text[start - 2])) {
    mark = previous;
    start--;
  }
  const before = text[start - 1];
  const space = before === undefined || /\s|[([{]/.test(before) ? '' : ' ';
  return { start, end, text: space + reference + mark };
}

/**
 * When the notes removed were the last thing in the draft, the blank lines that set them apart go too: the draft ends
 * as it did before the first note was added, with one line break.
 */
function collapseEnd(text: string, edits: TextEdit[]): TextEdit[] {
  const removals = edits.filter((edit) => edit.text === '');
  let end = text.length;
  let crossed = false;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const removal = removals.find((edit) => edit.start < end && end <= edit.end);
    if (!removal) break;
    end = removal.start;
    crossed = true;
  }
  if (!crossed) return edits;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return [...edits.filter((edit) => edit.start < end), { start: end, end: text.length, text: end > 0 ? eol : '' }];
}

/** The notes appended at the end of the draft as it will read after `edits`, in order, one blank line before them. */
function withNotes(text: string, edits: TextEdit[], notes: ReadonlyArray<{ label: string; text: string }>): TextEdit[] {
  if (notes.length === 0) return edits;
  let tail = applyEdits(text, edits);
  let append = '';
  for (const note of notes) {
    const definition = footnoteDefinitionAppend(tail, note.label, note.text);
    append += definition;
    tail += definition;
  }
  const last = edits[edits.length - 1];
  if (last && last.end === text.length) return [...edits.slice(0, -1), { ...last, text: last.text + append }];
  return [...edits, { start: text.length, end: text.length, text: append }];
}

/** `text` with `edits` applied (in order, not overlapping). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}
