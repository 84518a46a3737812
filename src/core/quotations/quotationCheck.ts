// Judges one quotation against the sources: are these the source's words, and is the citation next to them the
// right one?
//
// How it works:
// - The sources' words are in a `SourceWordIndex` (sourceWordIndex.ts), built once per library.
// - A quotation's words are read with the writers' conventions: an ellipsis (`...`, `…`, `. . .`, `[…]`) marks
//   an omission; `[sic]` is ignored; words in square brackets are the writer's ("[t]he", "[LGSM] handed it
//   over") and may stand for any source word; punctuation, line breaks, `>` marks and capitals do not count.
// - Candidates: the paragraphs holding the most of the quotation's six rarest words (a changed or missing word
//   still leaves the others), plus the cited paragraph. The quotation is aligned word by word against each
//   (an edit-distance alignment on words; skipping source words is free at an ellipsis and before/after the
//   quotation), and the cheapest alignment wins: 0 = verified, a few changes = differs, mostly different =
//   not found.
// - The sources the citation names are drafts/citationTargets.ts's rule. A paragraph locator ("para. 4") names
//   paragraphs; a page locator ("p. 203", a bare "203", "pp. 201–2") names the printed pages of a PDF source's
//   paragraphs (pdf/pageLocator.ts) and, for a source without pages, the whole source, as any other locator does.
// A draft's quotations are checked, and checked again as it changes, by `QuotationChecker` (quotationChecker.ts).
//
// Never throws: bad input yields `notFound`. All loops are bounded by the sizes of the texts involved; no regular
// expression is built from draft or source text.

import type { ParagraphRef } from '../types';
import { onCitedPages, pageLocator, paragraphOnCitedPages } from '../pdf/pageLocator';
import { fold } from '../text/normalize';
import { isWordCode, wordSpans } from '../text/sentences';
import type { CiteRef } from '../drafts/draftReader';
import type { FoundQuotation } from './quotationFinder';
import { WordKeys, firstAtLeast, wordKeyOf, type IndexedParagraph, type ParagraphWords, type SourceWordIndex } from './sourceWordIndex';

/** `noText`: the citation names a source Sourcebook has no text of (a reference only), so the words cannot be checked. */
export type QuotationStatus = 'verified' | 'differs' | 'wrongCitation' | 'uncited' | 'notFound' | 'noText';

/** Where a quotation's words were found: the paragraph, and the source's words from the first to the last. */
export interface SourceMatch extends ParagraphRef {
  /** Offsets in the paragraph's text, end-exclusive. */
  start: number;
  end: number;
  /** The source's words, exactly as the source writes them. */
  text: string;
  /** In a PDF source: the printed pages the words are on, "203" or "201-202". */
  page?: string;
}

/** The place a quotation should cite: its source and paragraph, and in a PDF source the page ("203", "201-202"). */
export interface CitedPlace extends ParagraphRef {
  page?: string;
}

/** One place where the quotation's words differ from the source's. */
export interface WordDifference {
  /** `changed`: other words; `missing`: source words left out without an ellipsis; `added`: words not in the source. */
  kind: 'changed' | 'missing' | 'added';
  /** Offsets in the draft of the quotation's words (for `missing`: an empty range where the words belong). */
  start: number;
  end: number;
  /** The quotation's words there ('' for `missing`). */
  draftText: string;
  /** The source's words there ('' for `added`). */
  sourceText: string;
}

export interface QuotationCheck {
  quotation: FoundQuotation;
  status: QuotationStatus;
  /** Where the words come from (absent when `notFound`). */
  match?: SourceMatch;
  /** Word-level differences from the source (empty unless `differs`). */
  differences: WordDifference[];
  /** For `differs`: the quotation's words corrected to the source's (ellipses and brackets kept), for a quick fix. */
  replacement?: string;
  /** The citation next to the quotation: right, wrong, missing, or not judged (`notFound`). */
  citation: 'correct' | 'wrong' | 'missing' | 'none';
  /** For a wrong or missing citation: the paragraph (in a PDF source, the page) to cite instead. */
  expectedCitation?: CitedPlace;
  /** For `noText`: the key of the cited source that has no text. */
  noTextSource?: string;
}

/** Words found in more paragraphs than this are too common to locate a quotation with. */
const MAX_POSTINGS = 50000;
/**
 * How many of a quotation's rarest words vote for the paragraphs that may hold it: a few first (enough to find an
 * exact quotation), more when none of those paragraphs holds it exactly (an altered quotation needs the votes of
 * the words it kept).
 */
const FIRST_VOTING_WORDS = 3;
const VOTING_WORDS = 6;
const MAX_CANDIDATES = 4;
const MAX_ALIGN_CELLS = 4_000_000;
const MAX_QUOTATION_WORDS = 2000;

// ---------------------------------------------------------------------------------------------------------
// Reading a quotation with the writers' conventions

interface QuoteToken {
  key: string;
  /** The word's vocabulary id in the index (-1: in no source). */
  id: number;
  /** Offsets in the draft. */
  start: number;
  end: number;
  /** An ellipsis comes right before this word. */
  gapBefore: boolean;
  /** Inside square brackets on its own ("[LGSM]"): the writer's word, may replace any source word or none. */
  inserted: boolean;
  /** Partly in square brackets ("[t]he"): stands for one source word. */
  partial: boolean;
}

const GAP = '\u0001';

function ellipsisLength(text: string, i: number): number {
  if (text[i] === '\u2026') return 1;
  if (text.startsWith('...', i)) {
    let n = 3;
    while (text[i + n] === '.') n++;
    return n;
  }
  if (text.startsWith('. . .', i)) return text.startsWith(' .', i + 5) ? 7 : 5;
  return 0;
}

/** The quotation's words, in order, with the conventions applied. */
function readQuotation(quotation: FoundQuotation): { tokens: QuoteToken[]; trailingGap: boolean } {
  const text = quotation.text;
  const base = quotation.start;
  // Without a bracket or an ellipsis (most quotations), the cleaned text is the text itself, unit for unit.
  if (!NEEDS_CLEANING.test(text)) return tokensOf(text, base, undefined, undefined);
  const clean: string[] = [];
  const map: number[] = [];
  const flag: number[] = [];
  const put = (ch: string, at: number, f: number) => {
    clean.push(ch);
    map.push(at);
    flag.push(f);
  };
  for (let i = 0; i < text.length; ) {
    const dots = ellipsisLength(text, i);
    if (dots > 0) {
      put(GAP, i, 0);
      i += dots;
      continue;
    }
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      const inner = close > i && close - i <= 80 ? text.slice(i + 1, close) : undefined;
      if (inner !== undefined && !inner.includes('\n') && !inner.includes('[')) {
        const trimmed = inner.trim().toLowerCase();
        if (trimmed === 'sic' || trimmed === 'sic!' || trimmed === 'sic.') {
          put(' ', i, 0);
        } else if (trimmed.length > 0 && ellipsisLength(trimmed, 0) === trimmed.length) {
          put(GAP, i, 0);
        } else {
          // "[t]he", and "[I]’ll": an apostrophe and a letter after the bracket keep it in the word too.
          const attached =
            (i > 0 && isWordCode(text.charCodeAt(i - 1))) ||
            isWordCode(text.charCodeAt(close + 1)) ||
            (/['\u2019\u02BC]/.test(text.charAt(close + 1)) && isWordCode(text.charCodeAt(close + 2)));
          if (!attached) put(' ', i, 0);
          for (let k = i + 1; k < close; k++) put(text[k], k, attached ? 1 : 2);
          if (!attached) put(' ', close, 0);
        }
        i = close + 1;
        continue;
      }
    }
    put(text[i], i, 0);
    i++;
  }
  return tokensOf(clean.join(''), base, map, flag);
}

/** Text in which `readQuotation` has something to clean: a bracket, or an ellipsis of any kind. */
const NEEDS_CLEANING = /[[\u2026]|\.\.\.|\. \. \./;

/**
 * The tokens of the cleaned text: `map` gives each unit's offset in the quotation (the unit's own when absent), `flag`
 * whether it was in brackets (1: attached to a word, 2: a word of its own; none when absent).
 */
function tokensOf(cleaned: string, base: number, map: number[] | undefined, flag: number[] | undefined): { tokens: QuoteToken[]; trailingGap: boolean } {
  const folded = fold(cleaned);
  const tokens: QuoteToken[] = [];
  let gap = false;
  let cursor = 0;
  for (const span of wordSpans(folded)) {
    for (; cursor < span.start; cursor++) if (cleaned[cursor] === GAP) gap = true;
    cursor = span.end;
    let inserted = flag !== undefined;
    let partial = false;
    if (flag) {
      for (let k = span.start; k < span.end; k++) {
        if (flag[k] !== 2) inserted = false;
        if (flag[k] === 1) partial = true;
      }
    }
    tokens.push({
      key: wordKeyOf(folded, span.start, span.end),
      id: -1,
      start: base + (map ? map[span.start] : span.start),
      end: base + (map ? map[span.end - 1] : span.end - 1) + 1,
      gapBefore: gap,
      inserted,
      partial,
    });
    gap = false;
    if (tokens.length >= MAX_QUOTATION_WORDS) break;
  }
  let trailingGap = false;
  for (; cursor < cleaned.length; cursor++) if (cleaned[cursor] === GAP) trailingGap = true;
  return { tokens, trailingGap };
}

// ---------------------------------------------------------------------------------------------------------
// Alignment

const OP_MATCH = 1;
const OP_SUB = 2;
const OP_ADDED = 3; // a quotation word with no source word
const OP_MISSING = 4; // a source word with no quotation word (costly)
const OP_SKIP = 5; // a source word skipped for free (an ellipsis, or outside the quotation)

interface Alignment {
  cost: number;
  matches: number;
  /**
   * Operations from the start, three numbers each: the operation, and the quotation and source word it consumes (of
   * an exact alignment, cost 0, only its matches).
   */
  steps: Int32Array;
}

/** An alignment's operations as objects (for the one alignment that wins). */
function opsOf(alignment: Alignment): Array<{ op: number; q: number; s: number }> {
  const ops: Array<{ op: number; q: number; s: number }> = [];
  const steps = alignment.steps;
  for (let k = 0; k < steps.length; k += 3) ops.push({ op: steps[k], q: steps[k + 1], s: steps[k + 2] });
  return ops;
}

/** The alignment's table and rows, reused from one alignment to the next (grown when too small). */
let backScratch = new Uint8Array(1 << 16);
let rowScratch = new Int32Array(2048);
let stepScratch = new Int32Array(3 * 4096);

/** The cost of one changed, added or missing word; a matching word earns 1 back, so that of two alignments
 * with as many changes the one matching more words wins ("is concentrated" → "highly" missing, not
 * "concentrated" added). */
const EDIT = 10;
const MATCH = -1;

/**
 * The alignment `align` finds when the quotation is, word for word, in `ids[from..to)` and has no ellipsis or
 * bracketed word — found without the table: every word matched (cost 0) at the last place the words occur, the source
 * words before and after skipped for free (the same matches as the table's way back gives). Undefined otherwise.
 */
function exactAlignment(tokens: QuoteToken[], ids: Int32Array, from: number, to: number): Alignment | undefined {
  const m = tokens.length;
  const n = to - from;
  if (m > n) return undefined;
  for (let k = 0; k < m; k++) {
    const token = tokens[k];
    if (token.id < 0 || token.inserted || token.partial || (k > 0 && token.gapBefore)) return undefined;
  }
  // The last place the words occur: its end (one past the last word, counted from `from`).
  let end = -1;
  for (let e = n; e >= m && end < 0; e--) {
    let k = m - 1;
    while (k >= 0 && ids[from + e - m + k] === tokens[k].id) k--;
    if (k < 0) end = e;
  }
  if (end < 0) return undefined;
  // Only the matches: the source words skipped before and after cost nothing and are read by no one (an exact
  // alignment has no differences to describe).
  const steps = new Int32Array(3 * m);
  for (let i = 0; i < m; i++) {
    steps[3 * i] = OP_MATCH;
    steps[3 * i + 1] = i;
    steps[3 * i + 2] = from + end - m + i;
  }
  return { cost: 0, matches: m, steps };
}

/** Aligns the quotation's words with `ids[from..to)`, semi-globally (source words before and after are free). */
function align(tokens: QuoteToken[], ids: Int32Array, from: number, to: number): Alignment | undefined {
  const m = tokens.length;
  const n = to - from;
  if (m === 0 || n <= 0 || (m + 1) * (n + 1) > MAX_ALIGN_CELLS) return undefined;
  const exact = exactAlignment(tokens, ids, from, to);
  if (exact) return exact;
  const width = n + 1;
  if (backScratch.length < (m + 1) * width) backScratch = new Uint8Array(Math.max((m + 1) * width, 2 * backScratch.length));
  if (rowScratch.length < 2 * width) rowScratch = new Int32Array(Math.max(2 * width, 2 * rowScratch.length));
  // Every cell read is written first (row 0 and column 0 included), so nothing left from the last use matters.
  const back = backScratch;
  let previous = rowScratch.subarray(0, width);
  let current = rowScratch.subarray(width, 2 * width);
  previous[0] = 0;
  for (let j = 1; j <= n; j++) {
    back[j] = OP_SKIP;
    previous[j] = 0;
  }
  for (let i = 1; i <= m; i++) {
    const token = tokens[i - 1];
    const freeSkip = i === m || tokens[i].gapBefore;
    const addCost = token.inserted ? 0 : EDIT;
    const subCost = token.inserted || token.partial ? 0 : EDIT;
    current[0] = previous[0] + addCost;
    back[i * width] = OP_ADDED;
    for (let j = 1; j <= n; j++) {
      const equal = token.id >= 0 && token.id === ids[from + j - 1];
      let best = previous[j - 1] + (equal ? MATCH : subCost);
      let op = equal ? OP_MATCH : OP_SUB;
      const added = previous[j] + addCost;
      if (added < best) {
        best = added;
        op = OP_ADDED;
      }
      const skipped = current[j - 1] + (freeSkip ? 0 : EDIT);
      if (skipped < best) {
        best = skipped;
        op = freeSkip ? OP_SKIP : OP_MISSING;
      }
      current[j] = best;
      back[i * width + j] = op;
    }
    [previous, current] = [current, previous];
  }
  // The last row is `previous`; trailing source words are free, so the end is the cheapest column (the last of
  // equals, so that a changed last word is read as changed rather than as added).
  let bestJ = 0;
  for (let j = 1; j <= n; j++) if (previous[j] <= previous[bestJ]) bestJ = j;
  if (stepScratch.length < 3 * (m + n + 3)) stepScratch = new Int32Array(3 * (m + n + 3));
  const taken = stepScratch;
  let count = 0;
  const take = (op: number, q: number, s: number) => {
    taken[3 * count] = op;
    taken[3 * count + 1] = q;
    taken[3 * count + 2] = s;
    count++;
  };
  let i = m;
  let j = bestJ;
  let matches = 0;
  let cost = 0;
  for (let guard = 0; guard <= m + n + 2 && (i > 0 || j > 0); guard++) {
    const op = i === 0 ? OP_SKIP : back[i * width + j];
    if (op === OP_MATCH || op === OP_SUB) {
      if (op === OP_MATCH) matches++;
      else if (!tokens[i - 1].inserted && !tokens[i - 1].partial) cost++;
      take(op, i - 1, from + j - 1);
      i--;
      j--;
    } else if (op === OP_ADDED) {
      if (!tokens[i - 1].inserted) cost++;
      take(op, i - 1, from + j);
      i--;
    } else {
      if (op === OP_MISSING) cost++;
      take(i === 0 ? OP_SKIP : op, i, from + j - 1);
      j--;
    }
  }
  // Taken from the end: turned round.
  const steps = new Int32Array(3 * count);
  for (let k = 0; k < count; k++) {
    const from3 = 3 * (count - 1 - k);
    steps[3 * k] = taken[from3];
    steps[3 * k + 1] = taken[from3 + 1];
    steps[3 * k + 2] = taken[from3 + 2];
  }
  return { cost, matches, steps };
}

// ---------------------------------------------------------------------------------------------------------
// Checking one quotation

interface Verdict {
  paragraph: number;
  alignment: Alignment;
}

/**
 * The quotation's words that may vote for the paragraphs holding it, rarest first (of those `within`, when given):
 * each word once, none too common to help.
 */
function votingWords(index: SourceWordIndex, tokens: QuoteToken[], within?: { from: number; to: number }): Array<{ id: number; count: number }> {
  return [...new Set(tokens.filter((token) => !token.inserted && !token.partial && token.id >= 0).map((token) => token.id))]
    .map((id) => ({ id, count: index.count(id, within) }))
    .filter((word) => word.count > 0 && word.count <= MAX_POSTINGS)
    .sort((a, b) => a.count - b.count);
}

/**
 * A floor under the cost of aligning the quotation with a paragraph, from the posting lists alone (no words cut,
 * nothing aligned): each of the quotation's own words (not a bracketed one) that the paragraph does not hold costs
 * at least one change whatever the alignment (it can only be changed or added), each time it occurs.
 */
class CostFloor {
  /** The quotation's own words in some source, each once, rarest first; how often each occurs; its paragraphs. */
  private readonly ids: number[] = [];
  private readonly times: number[] = [];
  private readonly lists: Int32Array[] = [];
  /** How many of the quotation's own words no source has. */
  readonly absent: number = 0;

  constructor(
    private readonly index: SourceWordIndex,
    tokens: readonly QuoteToken[],
  ) {
    const times = new Map<number, number>();
    for (const token of tokens) {
      if (token.inserted || token.partial) continue;
      if (token.id < 0) this.absent++;
      else times.set(token.id, (times.get(token.id) ?? 0) + 1);
    }
    const ids = [...times.keys()].map((id) => ({ id, count: index.count(id) })).sort((a, b) => a.count - b.count);
    for (const { id } of ids) {
      this.ids.push(id);
      this.times.push(times.get(id)!);
      this.lists.push(index.paragraphsWith(id));
    }
  }

  /** The floor for paragraph `g`, counted up to `enough` at most (the rarest words first: the likeliest missing). */
  of(g: number, enough: number): number {
    let floor = this.absent;
    for (let k = 0; k < this.ids.length && floor < enough; k++) if (!holds(this.lists[k], g)) floor += this.times[k];
    return floor;
  }

  /**
   * True when no paragraph (of those `within`) can align at a cost below `cost`: such a paragraph would lack fewer
   * than `cost − absent` of the words (counted with repeats), so it holds one of the rarest words whose repeats
   * reach that; their paragraphs are few and each one's floor is counted. False when that is not certain, or the
   * paragraphs to count are too many (the votes then decide as usual).
   */
  nothingBelow(cost: number, within: { from: number; to: number } | undefined): boolean {
    if (this.absent >= cost) return true;
    const rarest: Int32Array[] = [];
    let covered = this.absent;
    let postings = 0;
    for (let k = 0; k < this.ids.length && covered < cost; k++) {
      const list = within ? this.index.paragraphsWith(this.ids[k], within) : this.lists[k];
      postings += list.length;
      if (postings > MAX_FLOOR_POSTINGS) return false;
      rarest.push(list);
      covered += this.times[k];
    }
    if (covered < cost) return false;
    for (const list of rarest) for (let i = 0; i < list.length; i++) if (this.of(list[i], cost) < cost) return false;
    return true;
  }
}

/** The paragraphs whose cost floors `CostFloor.nothingBelow` counts, at most. */
const MAX_FLOOR_POSTINGS = 2048;

/** The paragraphs a vote touched (reused from one quotation to the next). */
let touchedScratch = new Int32Array(4096);

/**
 * The paragraphs most likely to hold the quotation, best first (global indexes: `index.paragraph(g)`): those holding
 * the most of its `voters` (its rarest words, `votingWords`), at least two of them when there are two.
 */
function candidateParagraphs(index: SourceWordIndex, voters: ReadonlyArray<{ id: number }>, within?: { from: number; to: number }): number[] {
  const votes = index.scratchVotes();
  let touched = touchedScratch;
  let touchedCount = 0;
  const needed = Math.min(2, voters.length);
  // A paragraph with two votes holds one of the words before the last (the commonest): only those paragraphs are
  // touched, and the last word's list is then only asked about them.
  const walked = needed === 2 ? voters.length - 1 : voters.length;
  for (let w = 0; w < walked; w++) {
    const paragraphs = index.paragraphsWith(voters[w].id, within);
    for (let i = 0; i < paragraphs.length; i++) {
      const g = paragraphs[i];
      if (votes[g] === 0) {
        if (touchedCount === touched.length) {
          const larger = new Int32Array(touched.length * 2);
          larger.set(touched);
          touched = touchedScratch = larger;
        }
        touched[touchedCount++] = g;
      }
      votes[g]++;
    }
  }
  if (walked < voters.length) {
    const last = index.paragraphsWith(voters[walked].id, within);
    if (touchedCount * 16 < last.length) {
      for (let t = 0; t < touchedCount; t++) if (holds(last, touched[t])) votes[touched[t]]++;
    } else {
      for (let i = 0; i < last.length; i++) if (votes[last[i]] > 0) votes[last[i]]++;
    }
  }
  // The best few by votes (then earlier paragraphs), kept in order while walking.
  const best: Array<[number, number]> = [];
  for (let t = 0; t < touchedCount; t++) {
    const g = touched[t];
    const count = votes[g];
    votes[g] = 0;
    if (count < needed) continue;
    if (best.length === MAX_CANDIDATES) {
      const worst = best[best.length - 1];
      if (count < worst[1] || (count === worst[1] && g > worst[0])) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && (best[at - 1][1] < count || (best[at - 1][1] === count && best[at - 1][0] > g))) at--;
    best.splice(at, 0, [g, count]);
  }
  return best.map(([g]) => g);
}

/** Whether the sorted `list` holds `value` (binary search). */
function holds(list: Int32Array, value: number): boolean {
  const at = firstAtLeast(list, value);
  return at < list.length && list[at] === value;
}

/**
 * The sources (and paragraphs) the citation names, by the one rule (drafts/citationTargets.ts); a reference that
 * names no known source stays, without a key, so the citation is judged wrong rather than missing.
 */
type ResolvedCite = { key?: string; paragraph?: number; paragraphEnd?: number; page?: string };

function resolveCites(index: SourceWordIndex, cites: CiteRef[]): ResolvedCite[] {
  return cites.flatMap((cite): ResolvedCite[] => {
    const keys = index.citationTargets().keysOf(cite);
    const page = cite.label === 'page' && cite.locator ? cite.locator : undefined;
    const where = { paragraph: cite.paragraph, paragraphEnd: cite.paragraphEnd, ...(page ? { page } : {}) };
    return keys.length > 0 ? keys.map((key) => ({ key, ...where })) : [{ key: undefined, ...where }];
  });
}

/** Source double quotes inside a quotation become single ones, in the quotation's own style. */
function innerQuotes(text: string, kind: FoundQuotation['kind']): string {
  if (kind === 'block') return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const opening = ch === '\u201C' || (ch === '"' && (i === 0 || /[\s([{\u2014\u2013-]/.test(text[i - 1])));
    if (ch !== '\u201C' && ch !== '\u201D' && ch !== '"') out += ch;
    else if (kind === 'straight') out += "'";
    else if (kind === 'latex') out += opening ? '`' : "'";
    else out += opening ? '\u2018' : '\u2019';
  }
  return out;
}

/**
 * Checks one quotation against the index — against one source's paragraphs only with `source` (Go to Definition
 * looks for the quoted words in the source cited): the same verdict as an index of that source alone would give.
 * A quotation whose citation names a source without text is `noText` (unless a cited source with text has the
 * words): nothing to check it against, which the writer is told rather than left to think it was checked.
 * Never throws.
 */
export function checkQuotation(index: SourceWordIndex, quotation: FoundQuotation, options: { source?: string } = {}): QuotationCheck {
  const result = judgeQuotation(index, quotation, options);
  if (result.citation === 'correct' || options.source !== undefined || !quotation.citation) return result;
  const noTextSource = citedWithoutText(index, quotation.citation.cites);
  return noTextSource === undefined ? result : { quotation, status: 'noText', differences: [], citation: 'none', noTextSource };
}

/**
 * Where words a writer selected are in source `key` (Insert Citation's passage from a selection): the paragraph and,
 * in a PDF source, the printed pages of those very words. Undefined when the source does not have them.
 */
export function placeOfWords(index: SourceWordIndex, key: string, words: string): CitedPlace | undefined {
  const quotation: FoundQuotation = { text: words, start: 0, end: words.length, outerStart: 0, outerEnd: words.length, kind: 'straight', wordCount: 0 };
  const { match } = checkQuotation(index, quotation, { source: key });
  if (!match) return undefined;
  return { source: match.source, paragraph: match.paragraph, ...(match.page !== undefined ? { page: match.page } : {}) };
}

/**
 * For a quotation from a PDF source cited by the wrong page of that same source: the page the words are on and the
 * page the citation gives ("204", "203"), for a message that names both. Undefined otherwise.
 */
export function wrongPage(index: SourceWordIndex, check: QuotationCheck): { found: string; cited: string } | undefined {
  const found = check.expectedCitation?.page;
  if (check.citation !== 'wrong' || found === undefined || !check.quotation.citation) return undefined;
  const cite = resolveCites(index, check.quotation.citation.cites).find((one) => one.key === check.expectedCitation?.source && one.page !== undefined);
  return cite?.page === undefined ? undefined : { found, cited: cite.page };
}

/** The first source a citation names that has no text in the index (a reference only), if any. */
function citedWithoutText(index: SourceWordIndex, cites: CiteRef[]): string | undefined {
  for (const cite of resolveCites(index, cites)) {
    const range = cite.key === undefined ? undefined : index.paragraphsOf(cite.key);
    if (range && range.from === range.to) return cite.key;
  }
  return undefined;
}

/**
 * One quotation being judged: its words, the sources its citation names, the paragraphs tried so far (a class rather
 * than closures: a check makes one per quotation, two hundred for a draft).
 */
class Judging {
  private readonly tried = new Set<number>();
  private readonly citedOrNot = new Map<number, boolean>();
  /** The quotation's words, to find among a paragraph's words by hash (no lookup of each in the vocabulary). */
  private readonly keys: WordKeys;
  private costFloor: CostFloor | undefined;

  constructor(
    private readonly index: SourceWordIndex,
    private readonly tokens: QuoteToken[],
    private readonly cites: ResolvedCite[],
    private readonly within: { from: number; to: number } | undefined,
  ) {
    this.keys = new WordKeys(tokens);
  }

  inRange(g: number): boolean {
    return !this.within || (this.within.from <= g && g < this.within.to);
  }

  isCited(g: number): boolean {
    let answer = this.citedOrNot.get(g);
    if (answer === undefined) {
      const key = this.index.sourceKeyOf(g);
      answer = this.cites.some((cite) => cite.key === key) && this.isCitedParagraph(this.index.paragraph(g));
      this.citedOrNot.set(g, answer);
    }
    return answer;
  }

  private isCitedParagraph(paragraph: IndexedParagraph): boolean {
    // A page names the paragraphs on it only in a source that has pages (a PDF); in any other, the whole source.
    return this.cites.some(
      (cite) =>
        cite.key === paragraph.source.meta.key &&
        (cite.paragraph === undefined || cite.paragraph === paragraph.number) &&
        (cite.page === undefined || !paragraph.pages || paragraphOnCitedPages(paragraph, cite.page)),
    );
  }

  /** Nothing beats an exact match, and a tie could only win by being cited. */
  settled(verdict: Verdict | undefined): boolean {
    return verdict?.alignment.cost === 0 && (this.cites.length === 0 || this.isCited(verdict.paragraph));
  }

  private floors(): CostFloor {
    this.costFloor ??= new CostFloor(this.index, this.tokens);
    return this.costFloor;
  }

  /**
   * Whether paragraph `g` cannot replace `best`, by its cost floor: it would need a lower cost, or the same cost and
   * to be cited where `best` is not.
   */
  private cannotWin(g: number, best: Verdict): boolean {
    const cost = best.alignment.cost;
    const floor = this.floors().of(g, cost + 1);
    return floor > cost || (floor === cost && !(this.isCited(g) && !this.isCited(best.paragraph)));
  }

  /** A cited paragraph's verdict that no paragraph (of those `within`) could replace: none aligns at a lower cost. */
  unbeaten(verdict: Verdict | undefined): boolean {
    return verdict !== undefined && this.isCited(verdict.paragraph) && this.floors().nothingBelow(verdict.alignment.cost, this.within);
  }

  /** `best` after aligning the quotation with each of `candidates` not tried yet (the cited ones first). */
  tryParagraphs(candidates: number[], best: Verdict | undefined): Verdict | undefined {
    // The cited paragraphs are tried first: an exact match there (the usual case) settles it.
    const ordered = [...candidates.filter((g) => this.isCited(g)), ...candidates.filter((g) => !this.isCited(g))];
    const index = this.index;
    for (const g of ordered) {
      if (this.settled(best)) break;
      if (this.tried.has(g)) continue;
      this.tried.add(g);
      if (best && this.cannotWin(g, best)) continue;
      const words = index.words(g);
      paragraphIds = this.keys.idsIn(index.paragraph(g).text, words, paragraphIds);
      const alignment = align(this.tokens, paragraphIds, 0, words.count);
      if (!alignment) continue;
      if (!best || alignment.cost < best.alignment.cost || (alignment.cost === best.alignment.cost && this.isCited(g) && !this.isCited(best.paragraph))) {
        best = { paragraph: g, alignment };
      }
    }
    return best;
  }
}

/** A paragraph's words as ids (`WordKeys.idsIn`), reused from one alignment to the next. */
let paragraphIds: Int32Array = new Int32Array(1024);

function judgeQuotation(index: SourceWordIndex, quotation: FoundQuotation, options: { source?: string }): QuotationCheck {
  const notFound: QuotationCheck = { quotation, status: 'notFound', differences: [], citation: 'none' };
  try {
    const within = options.source === undefined ? undefined : index.paragraphsOf(options.source);
    if (options.source !== undefined && !within) return notFound;
    const { tokens } = readQuotation(quotation);
    for (const token of tokens) token.id = index.wordId(token.key);
    const judged = tokens.filter((token) => !token.inserted).length;
    if (judged < 2) return notFound;
    const cites = quotation.citation ? resolveCites(index, quotation.citation.cites) : [];
    const judging = new Judging(index, tokens, cites, within);
    const cited: number[] = [];
    for (const cite of cites) {
      if (cite.key === undefined) continue;
      if (cite.paragraph !== undefined) {
        const g = index.paragraphAt(cite.key, cite.paragraph);
        if (g !== undefined && judging.inRange(g)) cited.push(g);
      } else if (cite.page !== undefined) cited.push(...onPages(index, cite.key, cite.page).filter((g) => judging.inRange(g)));
    }
    // The cited paragraphs alone first: when one settles it (the usual case), no votes are needed. Otherwise the
    // same order as trying them with the candidates (the cited ones already tried are not tried again).
    let best = judging.tryParagraphs(cited, undefined);
    // A cited paragraph aligned with a few changes (a changed word: the usual alteration) is replaced only by one of
    // lower cost: when the floors say there is none, no vote could change the verdict.
    if (!judging.settled(best) && !judging.unbeaten(best)) {
      const voters = votingWords(index, tokens, within);
      best = judging.tryParagraphs([...cited, ...candidateParagraphs(index, voters.slice(0, FIRST_VOTING_WORDS), within)], best);
      if (best?.alignment.cost !== 0) best = judging.tryParagraphs(candidateParagraphs(index, voters.slice(0, VOTING_WORDS), within), best);
    }
    if (!best) return notFound;
    const { alignment } = best;
    const matchedEnough = alignment.matches >= 2 && alignment.matches >= Math.ceil(0.6 * judged) && alignment.cost <= Math.max(1, Math.floor(judged / 2));
    if (!matchedEnough) return notFound;

    const paragraph = index.paragraph(best.paragraph);
    const { starts, ends } = index.words(best.paragraph);
    // The source's first and last words aligned with a quotation word (matched or changed).
    const { steps } = alignment;
    let firstWord = -1;
    let lastWord = -1;
    for (let k = 0; k < steps.length; k += 3) {
      if (steps[k] !== OP_MATCH && steps[k] !== OP_SUB) continue;
      if (firstWord < 0) firstWord = steps[k + 2];
      lastWord = steps[k + 2];
    }
    const match: SourceMatch = {
      source: paragraph.source.meta.key,
      paragraph: paragraph.number,
      start: starts[firstWord],
      end: ends[lastWord],
      text: paragraph.text.slice(starts[firstWord], ends[lastWord]),
    };
    const page = pageLocator(paragraph, match.start, match.end);
    if (page !== undefined) match.page = page;
    const differences = alignment.cost > 0 ? differencesOf(alignment, tokens, paragraph.text, index.words(best.paragraph), quotation) : [];
    const ref: CitedPlace = { source: match.source, paragraph: match.paragraph, ...(page !== undefined ? { page } : {}) };

    let citation: QuotationCheck['citation'] = 'missing';
    if (cites.length > 0 || quotation.citation) {
      const right = cites.some(
        (cite) =>
          cite.key === ref.source &&
          (cite.paragraph === undefined || (cite.paragraph <= ref.paragraph && ref.paragraph <= (cite.paragraphEnd ?? cite.paragraph))) &&
          (cite.page === undefined || page === undefined || onCitedPages(page, cite.page)),
      );
      citation = right ? 'correct' : 'wrong';
    }
    const result: QuotationCheck = { quotation, status: 'verified', match, differences, citation };
    if (citation !== 'correct') result.expectedCitation = ref;
    if (differences.length > 0) {
      result.status = 'differs';
      result.replacement = replacementFor(quotation, tokens, match, differences);
    } else if (citation === 'wrong') result.status = 'wrongCitation';
    else if (citation === 'missing') result.status = 'uncited';
    return result;
  } catch {
    return notFound;
  }
}

/** The paragraphs of source `key` with text on the cited pages (global indexes: `index.paragraph(g)`), the first few. */
function onPages(index: SourceWordIndex, key: string, page: string): number[] {
  const range = index.paragraphsOf(key);
  const found: number[] = [];
  if (!range || range.from >= range.to || !index.paragraph(range.from).pages) return found;
  for (let g = range.from; g < range.to && found.length < MAX_CANDIDATES; g++) {
    if (paragraphOnCitedPages(index.paragraph(g), page)) found.push(g);
  }
  return found;
}

/** Groups the alignment's changes into differences with draft offsets and the source's words. */
function differencesOf(alignment: Alignment, tokens: QuoteToken[], text: string, words: ParagraphWords, quotation: FoundQuotation): WordDifference[] {
  const differences: WordDifference[] = [];
  const ops = opsOf(alignment);
  const firstAligned = ops.findIndex((op) => op.op !== OP_SKIP);
  let k = firstAligned < 0 ? ops.length : firstAligned;
  const costly = (h: { op: number; q: number }) =>
    h.op === OP_SUB ? !tokens[h.q].inserted && !tokens[h.q].partial : h.op === OP_MISSING || (h.op === OP_ADDED && !tokens[h.q].inserted);
  while (k < ops.length) {
    if (!costly(ops[k])) {
      k++;
      continue;
    }
    let end = k;
    while (end < ops.length && costly(ops[end])) end++;
    const hunk = ops.slice(k, end);
    const draftWords = hunk.filter((h) => h.op === OP_SUB || h.op === OP_ADDED).map((h) => h.q);
    const sourceWords = hunk.filter((h) => h.op === OP_SUB || h.op === OP_MISSING).map((h) => h.s);
    let start: number;
    let stop: number;
    if (draftWords.length > 0) {
      start = tokens[draftWords[0]].start;
      stop = tokens[draftWords[draftWords.length - 1]].end;
    } else {
      // Missing words go after the previous quotation word (or before the next one).
      const previous = k > 0 ? ops.slice(0, k).reverse().find((h) => h.op === OP_MATCH || h.op === OP_SUB || h.op === OP_ADDED) : undefined;
      start = previous ? tokens[previous.q].end : tokens[0]?.start ?? quotation.start;
      stop = start;
    }
    const sourceText =
      sourceWords.length > 0 ? text.slice(words.starts[sourceWords[0]], words.ends[sourceWords[sourceWords.length - 1]]) : '';
    const kind: WordDifference['kind'] = draftWords.length === 0 ? 'missing' : sourceWords.length === 0 ? 'added' : 'changed';
    differences.push({ kind, start, end: stop, draftText: quotation.text.slice(start - quotation.start, stop - quotation.start), sourceText });
    k = end;
  }
  return differences;
}

/** The quotation with its differing words replaced by the source's. */
function replacementFor(quotation: FoundQuotation, tokens: QuoteToken[], match: SourceMatch, differences: WordDifference[]): string {
  const conventions = tokens.some((token) => token.gapBefore || token.inserted || token.partial);
  if (!conventions && tokens.length > 0) {
    // No ellipsis or brackets: the source's words from first to last, inside the writer's own lead and tail,
    // keeping the writer's capital (or not) on the first word.
    const lead = quotation.text.slice(0, tokens[0].start - quotation.start);
    const tail = quotation.text.slice(tokens[tokens.length - 1].end - quotation.start);
    let words = match.text;
    const draftFirst = quotation.text.slice(tokens[0].start - quotation.start, tokens[0].end - quotation.start);
    const sourceFirst = words.slice(0, draftFirst.length);
    if (sourceFirst !== draftFirst && fold(sourceFirst) === fold(draftFirst)) words = draftFirst + words.slice(draftFirst.length);
    return lead + innerQuotes(words, quotation.kind) + tail;
  }
  let text = quotation.text;
  for (const difference of [...differences].reverse()) {
    const from = difference.start - quotation.start;
    const to = difference.end - quotation.start;
    if (difference.kind === 'missing') {
      text = text.slice(0, from) + ' ' + difference.sourceText + text.slice(from);
    } else if (difference.kind === 'added') {
      let cut = from;
      while (cut > 0 && text[cut - 1] === ' ') cut--;
      text = text.slice(0, cut) + text.slice(to);
    } else {
      text = text.slice(0, from) + difference.sourceText + text.slice(to);
    }
  }
  return innerQuotes(text, quotation.kind);
}
