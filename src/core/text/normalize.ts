// Text folding that keeps offsets: every UTF-16 code unit maps to exactly one code unit, so an offset in the
// folded text is the same offset in the original. Used by name matching, search and the quotation check.

const foldCache = new Map<number, string>();

/** Curly quotes, apostrophes and dashes fold to their plain forms. */
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u02BC': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u00A0': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
};

function foldUnit(unit: string): string {
  const code = unit.charCodeAt(0);
  if (code < 128) return unit.toLowerCase();
  const cached = foldCache.get(code);
  if (cached !== undefined) return cached;
  let folded = PUNCTUATION[unit];
  if (folded === undefined) {
    // Surrogate halves and characters that do not decompose to one base letter stay as they are.
    const base = unit.normalize('NFD').charAt(0).toLowerCase();
    folded = base.length === 1 ? base : unit;
  }
  foldCache.set(code, folded);
  return folded;
}

const NON_ASCII = /[\u0080-\uffff]/g;
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Lower-cases, strips diacritics ("Siân" → "sian"), and plains curly quotes and dashes, keeping the length:
 * `fold(s).length === s.length`, and offset i in the result is offset i in `s`.
 */
export function fold(text: string): string {
  if (SURROGATE.test(text)) {
    // Astral characters stay as they are (a whole-string toLowerCase would change some of them).
    let out = '';
    for (let i = 0; i < text.length; i++) out += foldUnit(text[i]);
    return out;
  }
  // Every non-ASCII unit folds to a lower-case unit (or itself, already lower case), so lower-casing the whole
  // string afterwards only lower-cases A–Z: the same as folding unit by unit, several times faster.
  return text.replace(NON_ASCII, foldUnit).toLowerCase();
}


/**
 * A copy of `text` that holds on to nothing else: a slice of 13 characters or more of a longer string keeps the
 * whole string alive in V8, so a word kept as a key (an index's vocabulary) is copied out of its paragraph.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Like `fold`, but keeps the case: "Siân" → "Sian". For case-sensitive aliases. */
export function foldKeepCase(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text[i];
    const folded = foldUnit(unit);
    out += unit !== unit.toLowerCase() ? folded.toUpperCase().charAt(0) : folded;
  }
  return out;
}

/** A letter or digit in any script (what a word is made of). */
export function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

/**
 * Escapes a string for use inside a regular expression (with or without the `u` flag, outside a character
 * class), so text from a source can never act as a pattern.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
