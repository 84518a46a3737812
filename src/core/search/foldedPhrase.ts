// Whether a folded phrase occurs in a stretch of a text, starting at a word's start, without folding the text
// (`fold` in text/normalize.ts: lower case, no diacritics, plain quotes, every offset kept): the search's phrase
// check reads thousands of candidate passages per keystroke, and a folded copy of each cost more than the check.

import { escapeRegExp, fold } from '../text/normalize';
import { isWordCode } from '../text/sentences';

/** The unit at `i` of `fold(text)`, without folding the rest (`fold` works a unit at a time). */
function foldedCodeAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  return fold(text[i]).charCodeAt(0);
}

/** Units outside ASCII folded so far, by code. */
const foldedUnits = new Map<number, number>();

/** What a unit outside ASCII folds to (remembered: a text holds few distinct ones). */
function foldedUnit(code: number): number {
  let folded = foldedUnits.get(code);
  if (folded === undefined) {
    folded = fold(String.fromCharCode(code)).charCodeAt(0);
    if (foldedUnits.size < 65_536) foldedUnits.set(code, folded);
  }
  return folded;
}

/** Any unit outside ASCII. */
const NON_ASCII = /[^\u0000-\u007f]/g;
/** Any unit outside ASCII, or an apostrophe (left out of a word's key). */
const NON_ASCII_OR_APOSTROPHE = /[^\u0000-\u0026\u0028-\u007f]/g;

/**
 * Whether `check(from, to)` holds for one of the runs of starting places `[from, to)` that reach a unit `special`
 * matches and `relevant` keeps (by its code): those within `reach` units before it (and it). `special` must have
 * the `g` flag.
 */
function nearUnits(text: string, special: RegExp, relevant: (code: number) => boolean, reach: number, check: (from: number, to: number) => boolean): boolean {
  let next = 0;
  special.lastIndex = 0;
  for (let unit = special.exec(text); unit; unit = special.exec(text)) {
    if (!relevant(text.charCodeAt(unit.index))) continue;
    const from = Math.max(next, unit.index - reach + 1);
    next = unit.index + 1;
    if (from < next && check(from, next)) return true;
  }
  return false;
}

/**
 * A test of whether `phrase` (folded) occurs in `fold(text)` within `[start, end)`, at `start` or after a unit that
 * is not part of a word.
 */
export function foldedPhraseFinder(phrase: string): (text: string, start: number, end: number, ascii?: boolean) => boolean {
  const n = phrase.length;
  const first = phrase.charCodeAt(0);
  /** Unit by unit, folding as it goes (an occurrence starting within `[from, to)` only). */
  const slow = (text: string, start: number, end: number, from = start, to = end): boolean => {
    for (let at = from; at < to && at + n <= end; at++) {
      if (foldedCodeAt(text, at) !== first || (at > start && isWordCode(foldedCodeAt(text, at - 1)))) continue;
      let k = 1;
      while (k < n && foldedCodeAt(text, at + k) === phrase.charCodeAt(k)) k++;
      if (k === n) return true;
    }
    return false;
  };
  // ASCII folds by lower case alone, and a case-insensitive expression never matches a unit outside ASCII to one
  // inside it: its matches are the phrase's occurrences in the folded text. Only a stretch holding other units may
  // hold an occurrence it cannot see ("é" folded to "e"), read unit by unit.
  if (n === 0 || /[^\u0000-\u007f]/.test(phrase)) return (text, start, end) => slow(text, start, end);
  const expression = new RegExp(escapeRegExp(phrase), 'gi');
  // A unit outside ASCII can only be part of an occurrence if it folds to one of the phrase's units ("é" for "e",
  // not "’" in a phrase without an apostrophe).
  const units = new Set(Array.from(phrase, (unit) => unit.charCodeAt(0)));
  const relevant = (code: number): boolean => units.has(foldedUnit(code));
  // `ascii`: the caller knows the text holds no unit outside ASCII (then the expression saw every occurrence).
  return (text, start, end, ascii = false) => {
    // The stretch alone (a view, not a copy): the expressions would otherwise read on to the paragraph's end.
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    expression.lastIndex = 0;
    for (let match = expression.exec(part); match; match = expression.exec(part)) {
      if (match.index === 0 || !isWordCode(foldedCodeAt(part, match.index - 1))) return true;
      expression.lastIndex = match.index + 1;
    }
    if (ascii) return false;
    // An occurrence the expression cannot see holds a unit outside ASCII: only the places reaching one are read
    // unit by unit.
    return nearUnits(part, NON_ASCII, relevant, n, (from, to) => slow(part, 0, part.length, from, to));
  };
}

/** Units a word's index key leaves out: apostrophes (folded) and combining marks (`wordKey` in passageSearch.ts). */
function leftOutOfKeys(code: number): boolean {
  return code === 39 || (code >= 0x300 && code <= 0x36f);
}

/**
 * A test of whether a word of `fold(text)` within `[start, end)` (or cut at `start`) starts with `key` (a word's
 * index key: apostrophes and combining marks inside the word left out), reading `text` as it is.
 */
export function foldedWordStartFinder(key: string): (text: string, start: number, end: number) => boolean {
  const n = key.length;
  const first = key.charCodeAt(0);
  const slow = (text: string, start: number, end: number, from = start, to = end): boolean => {
    for (let at = from; at < to && at < end; at++) {
      if (foldedCodeAt(text, at) !== first || (at > start && isWordCode(foldedCodeAt(text, at - 1)))) continue;
      // As far as the key and eight units more, as the index's own check reads.
      const limit = Math.min(end, at + n + 8);
      let k = 1;
      for (let i = at + 1; k < n && i < limit; i++) {
        const code = foldedCodeAt(text, i);
        if (leftOutOfKeys(code)) continue;
        if (code !== key.charCodeAt(k)) break;
        k++;
      }
      if (k === n) return true;
    }
    return false;
  };
  if (n === 0 || /[^\u0000-\u007f]/.test(key)) return slow;
  const expression = new RegExp(escapeRegExp(key), 'gi');
  // An apostrophe, or a unit outside ASCII folding to one of the key's units or to a unit left out of keys.
  const units = new Set(Array.from(key, (unit) => unit.charCodeAt(0)));
  const relevant = (code: number): boolean => {
    if (code === 39) return true;
    const folded = foldedUnit(code);
    return units.has(folded) || leftOutOfKeys(folded);
  };
  return (text, start, end) => {
    // The stretch alone (a view, not a copy): the expressions would otherwise read on to the paragraph's end.
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    expression.lastIndex = 0;
    for (let match = expression.exec(part); match; match = expression.exec(part)) {
      const at = match.index;
      if (at === 0 || !isWordCode(foldedCodeAt(part, at - 1))) return true;
      expression.lastIndex = at + 1;
    }
    // An apostrophe or a unit outside ASCII may hide a word the expression cannot see ("there’s" for "theres"):
    // only the places whose reading (the key and eight units more) reaches one are read unit by unit.
    return nearUnits(part, NON_ASCII_OR_APOSTROPHE, relevant, n + 8, (from, to) => slow(part, 0, part.length, from, to));
  };
}
