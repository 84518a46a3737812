// Finds the names of entities in prose: which entity (if any) is named at a position, and all names in a text.
//
// How it works: the text is cut into word tokens (runs of letters, digits and combining marks); each token is
// folded (case, diacritics) and looked up in a trie built once from every alias, one edge per word. Between two
// words of an alias the text may have any whitespace (including one line break: a name wrapped across lines) and
// the same punctuation as the alias ("All Out! Dancing in Dulais"). Cost per position: O(length of a small window
// around it), independent of the number of entities; no regular expression per alias.
//
// Decisions (tested in test/unit/nameMatcher.test.ts):
// - Whole words only: "Ashtonville" does not name Ashton.
// - A possessive ending ("Ashton's", "Ashton’s", "Jones'") is NOT part of the range: the range is the name.
// - Case- and diacritic-insensitive, except aliases marked `caseSensitive` ("Pride" the film, not "pride").
// - Between words: any run of spaces (also no-break spaces and LaTeX's `~`) with at most one line break (block-quote `>` markers after it ignored);
//   a lone hyphen counts as a space ("Newcastle-upon-Tyne"); other punctuation must be the alias's own.
// - Words that name several entities (listed in `ambiguous`, or claimed by two entities) match with
//   `candidates` and no `entityId`: no card for the wrong person.
// - Another person's name is not ours: a one-word name of a person (a surname, "Ashton"; an ambiguous word,
//   "James") next to a capitalised word, with only a space or one line break between, is part of a full name the
//   index does not know ("James Joyce", "Michael Jackson's", "Smokey Robinson"): no match. A capitalised word
//   that is no name does not count: a title or function word ("Mr Ashton", "Then Ashton", "Siân James MP"), or
//   any word that starts a sentence ("Ask Ashton now") unless it is a first name of the index's own people
//   ("Mark Jackson").
// - Markup is not text (`../text/markup.ts`): "**Mark Ashton**", "Mark *Ashton*", "[Mark Ashton](…)",
//   "\textit{Mark} Ashton" name him, the range from his first letter to his last, and a URL's words name no one.

import type { AmbiguousAlias, AliasSpec, NameMatch, Position, Range } from '../types';
import { fold, foldKeepCase } from '../text/normalize';
import { maskMarkup } from '../text/markup';
import { runSteps, runStepsInSlices } from '../pauser';
import type { Steps } from '../pauser';

/** What the matcher needs of an entity. */
export interface NamedEntity {
  id: string;
  name: string;
  aliases: AliasSpec[];
  /** `person` or `character` (or none given): its one-word names are not matched inside another full name. */
  type?: string;
}

/** A word of the searched text: its offsets and its folded form. */
interface Token {
  start: number;
  end: number;
  /** Lower-cased, diacritics and combining marks removed: made when first asked for (`keyOf`). */
  key: string | undefined;
  /** A plain ASCII word's `wordHash` of its key, taken as it is read; -1 for any other word. */
  hash: number;
}

/**
 * A number for a lower-case ASCII word, the same whether taken from the word's characters as they are read (upper case
 * lowered) or from its key: a text's words are most of them no alias's first word, and this tells most of those without
 * making their keys (a string each: at 150 MB, 25 million of them, each hashed again to be looked up).
 */
function wordHash(hash: number, lowerCode: number): number {
  return (hash * 31 + lowerCode) & 0x3fffffff;
}

function keyHash(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = wordHash(hash, key.charCodeAt(i));
  return hash;
}

/** The folded form of `token`, a word of `text` (made once). */
function keyOf(text: string, token: Token): string {
  if (token.key === undefined) {
    const word = text.slice(token.start, token.end);
    token.key = token.hash >= 0 ? word.toLowerCase() : wordKey(word, false);
  }
  return token.key;
}

/** Bits of the filter of aliases' first words (`NameMatcher.mayStart`): 2^20, 128 KB; with 6,000 first words ~0.6 % of other words pass. */
const FIRST_WORD_BITS = 1 << 20;

/** The byte of the first-word filter that holds `hash`'s bit (`1 << (hash & 7)` in it). */
function filterByte(hash: number): number {
  return (hash >>> 3) & (FIRST_WORD_BITS / 8 - 1);
}

interface AliasEntry {
  entityId: string;
  alias: string;
  /** A person's or character's name. */
  personal: boolean;
  /** For case-sensitive aliases: the words with their case kept (diacritics still folded). */
  caseKeys?: string[];
}

interface TrieNode {
  /** Edges keyed by `separator + '\u0000' + word` (the first word of an alias has no separator). */
  children: Map<string, TrieNode>;
  /** Aliases ending here. */
  entries: AliasEntry[];
  /** Set when the words ending here are listed as ambiguous. */
  ambiguous?: { alias: string; candidates: string[] };
}

/** Longest run of whitespace and punctuation accepted between two words of a name. */
const MAX_SEPARATOR = 48;
/** Characters of context examined on each side of a position by `matchAt` beyond the longest name's span. */
const WINDOW_SLACK = 64;

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;
const COMBINING_MARK = /\p{M}/u;
const wordCache = new Map<number, boolean>();

/** ASCII letters and digits, by code. */
const ASCII_WORD: boolean[] = Array.from({ length: 128 }, (_, code) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));

function isWordCode(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  const cached = wordCache.get(code);
  if (cached !== undefined) return cached;
  const result = NON_ASCII_WORD.test(String.fromCodePoint(code));
  if (wordCache.size < 4096) wordCache.set(code, result);
  return result;
}

/** Whether the UTF-16 unit at `i` belongs to a word (surrogate pairs judged by their code point). */
function isWordAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff) return isWordCode(text.codePointAt(i) ?? unit);
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    return previous >= 0xd800 && previous <= 0xdbff ? isWordCode(text.codePointAt(i - 1) ?? unit) : false;
  }
  return isWordCode(unit);
}

/** The folded form of a word, with combining marks dropped ("Sia\u0302n" → "sian"). */
function wordKey(word: string, keepCase: boolean): string {
  let ascii = true;
  for (let i = 0; i < word.length && ascii; i++) ascii = word.charCodeAt(i) < 128;
  if (ascii) return keepCase ? word : word.toLowerCase();
  const folded = keepCase ? foldKeepCase(word) : fold(word);
  let out = '';
  for (let i = 0; i < folded.length; i++) {
    const unit = folded.charCodeAt(i);
    if (unit >= 0x300 && COMBINING_MARK.test(folded[i])) continue;
    out += folded[i];
  }
  return out;
}

/** Cuts `text[from, to)` into words. */
function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    const ascii = code < 128;
    if (ascii ? !ASCII_WORD[code] : !isWordAt(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let plain = true;
    let hash = 0;
    while (i < to) {
      const unit = text.charCodeAt(i);
      if (unit < 128) {
        if (!ASCII_WORD[unit]) break;
        hash = wordHash(hash, unit >= 65 && unit <= 90 ? unit + 32 : unit);
      } else {
        if (!isWordAt(text, i)) break;
        plain = false;
      }
      i++;
    }
    // Most words are plain ASCII: the engine's own lower-casing is their fold, made when asked for (`keyOf`).
    tokens.push({ start, end: i, key: undefined, hash: plain ? hash : -1 });
  }
  return tokens;
}

/**
 * The punctuation between two words as a name compares it: folded (curly → straight), whitespace runs as one
 * space, a block-quote marker after a line break dropped. Undefined when the words cannot belong to one name:
 * a blank line (paragraph break) or a separator longer than MAX_SEPARATOR.
 */
function separatorKey(text: string, from: number, to: number): string | undefined {
  if (to - from > MAX_SEPARATOR) return undefined;
  let out = '';
  let newlines = 0;
  let afterNewline = false;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '\n') {
      newlines++;
      if (newlines > 1) return undefined;
      afterNewline = true;
      if (!out.endsWith(' ')) out += ' ';
      continue;
    }
    // `~` is LaTeX's unbreakable space ("Mark~Ashton").
    if (ch === '\r' || ch === ' ' || ch === '\t' || ch === '~' || ch === '\u00a0' || ch === '\u2009' || ch === '\u202f') {
      if (!out.endsWith(' ')) out += ' ';
      continue;
    }
    if (afterNewline && ch === '>') continue;
    afterNewline = false;
    out += fold(ch);
  }
  // "Newcastle-upon-Tyne" is "Newcastle upon Tyne": a lone hyphen joins words as a space does.
  return out === '-' ? ' ' : out;
}

/**
 * The form under which an alias is stored and compared: its folded words and the separators between them.
 * Two texts with the same key name the same thing (unless an alias is case-sensitive). Undefined when the
 * text has no words.
 */
export function aliasKey(text: string): string | undefined {
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  if (tokens.length === 1) return keyOf(text, tokens[0]);
  // Joined, not added up: a key is kept as long as its name, and a chain of `+=` is a string object per piece.
  const parts = [keyOf(text, tokens[0])];
  for (let t = 1; t < tokens.length; t++) {
    const separator = separatorKey(text, tokens[t - 1].end, tokens[t].start);
    if (separator === undefined) return undefined;
    parts.push(separator, '\u0000', keyOf(text, tokens[t]));
  }
  return parts.join('');
}

/** Aliases longer than this are not names (and would widen every hover's window): they are refused. */
export const MAX_ALIAS_CHARS = 120;
export const MAX_ALIAS_WORDS = 12;

/** Why `text` cannot be an alias (no words, too long), or undefined when it can. */
export function aliasProblem(text: string): string | undefined {
  if (typeof text !== 'string') return 'is not text';
  if (text.length > MAX_ALIAS_CHARS) return `is longer than ${MAX_ALIAS_CHARS} characters`;
  const key = aliasKey(text);
  if (key === undefined) return 'has no words';
  if (key.split('\u0000').length > MAX_ALIAS_WORDS) return `has more than ${MAX_ALIAS_WORDS} words`;
  return undefined;
}

/** A name found across lines: the match, and its range in the document. */
export interface LineMatch {
  match: NameMatch;
  range: Range;
}

/**
 * The name is matched too, unless an alias already spells it (perhaps case-sensitively) or it ends in a
 * qualifier in brackets, "Mark Ashton (character in Pride)": such a name is a card label, and the aliases
 * say what to match.
 */
export function matchesName(name: string, aliases: readonly AliasSpec[]): boolean {
  if (typeof name !== 'string' || aliases.some((a) => a?.text === name)) return false;
  return aliases.length === 0 || !/\([^()]*\)$/.test(name);
}

/** Entities (or ambiguous words) put in the trie between two pauses of `NameMatcher.inSlices`: well under a millisecond. */
const ENTITIES_PER_STEP = 64;

export class NameMatcher {
  private readonly root: TrieNode = { children: new Map(), entries: [] };
  /** The most words in any alias: how far back a match covering a position can start. */
  private maxWords = 1;
  /** The most characters in any alias. */
  private maxChars = 1;
  /** The first words of people's full names (folded): "mark", "mike", "sian" — first names even starting a sentence. */
  private readonly firstNames = new Set<string>();
  /** The `keyHash` of every alias's first word, a bit each (`mayStart`). */
  private readonly firstWords = new Uint8Array(FIRST_WORD_BITS / 8);

  /** Builds the trie once. Aliases with no words are skipped (the index builder reports them). */
  constructor(entities: readonly NamedEntity[], ambiguous: readonly AmbiguousAlias[] = []) {
    runSteps(this.adding(entities, ambiguous));
  }

  /**
   * The matcher the constructor builds, built on a budget of host time: `pause` is awaited after every
   * `ENTITIES_PER_STEP` entities (thousands of authors of a bibliography file take tens of milliseconds).
   */
  static async inSlices(entities: readonly NamedEntity[], ambiguous: readonly AmbiguousAlias[], pause: () => Promise<void>): Promise<NameMatcher> {
    const matcher = new NameMatcher([]);
    await runStepsInSlices(matcher.adding(entities, ambiguous), pause);
    return matcher;
  }

  private *adding(entities: readonly NamedEntity[], ambiguous: readonly AmbiguousAlias[]): Steps<void> {
    let count = 0;
    for (const entity of entities) {
      if (++count % ENTITIES_PER_STEP === 0) yield;
      const specs: AliasSpec[] = [...(entity.aliases ?? [])];
      if (matchesName(entity.name, specs)) specs.unshift({ text: entity.name });
      for (const spec of specs) {
        if (typeof spec?.text !== 'string') continue;
        const node = this.insert(spec.text);
        if (!node) continue;
        const caseKeys = spec.caseSensitive ? caseKeysOf(spec.text) : undefined;
        if (node.entries.some((e) => e.entityId === entity.id && sameCase(e.caseKeys, caseKeys))) continue;
        const personal = entity.type === undefined || entity.type === 'person' || entity.type === 'character';
        node.entries.push({ entityId: entity.id, alias: spec.text, caseKeys, personal });
        const words = tokenize(spec.text);
        if (personal && words.length > 1) this.firstNames.add(keyOf(spec.text, words[0]));
      }
    }
    for (const entry of ambiguous) {
      if (++count % ENTITIES_PER_STEP === 0) yield;
      if (typeof entry?.text !== 'string') continue;
      const node = this.insert(entry.text);
      if (!node) continue;
      node.ambiguous = { alias: entry.text, candidates: [...(entry.candidates ?? [])] };
    }
  }

  private insert(text: string): TrieNode | undefined {
    if (text.length > MAX_ALIAS_CHARS) return undefined;
    const tokens = tokenize(text);
    if (tokens.length === 0 || tokens.length > MAX_ALIAS_WORDS) return undefined;
    let node = this.root;
    const first = keyHash(keyOf(text, tokens[0]));
    this.firstWords[filterByte(first)] |= 1 << (first & 7);
    for (let t = 0; t < tokens.length; t++) {
      let edge = keyOf(text, tokens[t]);
      if (t > 0) {
        const separator = separatorKey(text, tokens[t - 1].end, tokens[t].start);
        if (separator === undefined) return undefined;
        edge = separator + '\u0000' + edge;
      }
      let child = node.children.get(edge);
      if (!child) {
        child = { children: new Map(), entries: [] };
        node.children.set(edge, child);
      }
      node = child;
    }
    this.maxWords = Math.max(this.maxWords, tokens.length);
    this.maxChars = Math.max(this.maxChars, text.length);
    return node;
  }

  /**
   * The longest name starting at token `first`: walks the trie word by word and keeps the last node where
   * an alias (or an ambiguous word) accepts the text.
   */
  private longestFrom(text: string, tokens: Token[], first: number, lastUsable: number): NameMatch | undefined {
    if (!this.mayStart(tokens[first])) return undefined;
    let node: TrieNode | undefined = this.root.children.get(keyOf(text, tokens[first]));
    let best: NameMatch | undefined;
    let t = first;
    while (node) {
      const accepted = this.accept(node, text, tokens, first, t);
      // One word of a person's name beside a capitalised word: someone else's full name ("James Joyce").
      if (accepted && !(t === first && this.personal(node) && this.insideOtherName(text, tokens, first))) best = accepted;
      if (t + 1 > lastUsable) break;
      const separator = separatorKey(text, tokens[t].end, tokens[t + 1].start);
      if (separator === undefined) break;
      node = node.children.get(separator + '\u0000' + keyOf(text, tokens[t + 1]));
      t++;
    }
    return best;
  }

  /** Whether an alias may start with `token` (false only when none does): a plain word's hash is looked up first. */
  private mayStart(token: Token): boolean {
    return token.hash < 0 || (this.firstWords[filterByte(token.hash)] & (1 << (token.hash & 7))) !== 0;
  }

  /** Whether the word `tokens[index]` stands beside a word of another name, only spaces or one line break between. */
  private insideOtherName(text: string, tokens: Token[], index: number): boolean {
    const word = text.slice(tokens[index].start, tokens[index].end);
    const capitals = word.length > 1 && word === word.toUpperCase();
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (
      before !== undefined &&
      separatorKey(text, before.end, tokens[index].start) === ' ' &&
      isNameWord(text.slice(before.start, before.end), capitals) &&
      (this.firstNames.has(keyOf(text, before)) || !startsSentence(text, before.start))
    ) {
      return true;
    }
    return after !== undefined && separatorKey(text, tokens[index].end, after.start) === ' ' && isNameWord(text.slice(after.start, after.end), capitals);
  }

  /** Whether the words ending at `node` name a person: an ambiguous word, or an alias of a person or character. */
  private personal(node: TrieNode): boolean {
    return node.ambiguous !== undefined || node.entries.some((entry) => entry.personal);
  }

  private accept(node: TrieNode, text: string, tokens: Token[], first: number, last: number): NameMatch | undefined {
    const start = tokens[first].start;
    const end = tokens[last].end;
    if (node.ambiguous) {
      return { start, end, alias: node.ambiguous.alias, candidates: [...node.ambiguous.candidates] };
    }
    if (node.entries.length === 0) return undefined;
    const accepting: AliasEntry[] = [];
    for (const entry of node.entries) {
      if (entry.caseKeys && !caseMatches(entry.caseKeys, text, tokens, first)) continue;
      if (!accepting.some((e) => e.entityId === entry.entityId)) accepting.push(entry);
    }
    if (accepting.length === 0) return undefined;
    if (accepting.length === 1) return { start, end, entityId: accepting[0].entityId, alias: accepting[0].alias };
    // Two entities claim the same words and the index does not say which: no card for the wrong one.
    return { start, end, alias: accepting[0].alias, candidates: accepting.map((e) => e.entityId) };
  }

  /**
   * The name covering `offset` in `text` (a line, or a line with its neighbours joined by "\n"), the longest
   * when several cover it; undefined when there is none. `offset` may be the position just after the name's
   * last character (where an editor's cursor sits). Looks only at a window of the text around the offset.
   */
  matchAt(text: string, offset: number): NameMatch | undefined {
    if (typeof text !== 'string' || !Number.isFinite(offset)) return undefined;
    const at = Math.trunc(offset);
    if (at < 0 || at > text.length) return undefined;
    const reach = this.reach;
    const from = Math.max(0, at - reach);
    const to = Math.min(text.length, at + reach);
    // The window, its markup masked (offsets kept): positions in it are `from` less than in `text`.
    const window = maskMarkup(text.slice(from, to));
    const local = at - from;
    const tokens = tokenize(window);
    // A word cut by the window's edge is not a whole word: it may end or start a name, never be one.
    const firstUsable = from > 0 && isWordAt(text, from - 1) && tokens.length > 0 && tokens[0].start === 0 ? 1 : 0;
    let lastUsable = tokens.length - 1;
    if (to < text.length && isWordAt(text, to) && lastUsable >= 0 && tokens[lastUsable].end === window.length) lastUsable--;
    // The token at or just before the offset.
    let index = -1;
    for (let t = firstUsable; t <= lastUsable; t++) {
      if (tokens[t].start > local) break;
      index = t;
    }
    if (index < 0) return undefined;
    let best: NameMatch | undefined;
    for (let first = index; first >= firstUsable && first > index - this.maxWords; first--) {
      const found = this.longestFrom(window, tokens, first, lastUsable);
      if (!found || found.start > local || found.end < local) continue;
      if (!best || found.end - found.start > best.end - best.start) best = found;
    }
    return best && { ...best, start: best.start + from, end: best.end + from };
  }

  /** Every name in `text`, left to right, the longest at each place, never overlapping. */
  findAll(input: string): NameMatch[] {
    if (typeof input !== 'string') return [];
    const text = maskMarkup(input);
    const tokens = tokenize(text);
    const found: NameMatch[] = [];
    let t = 0;
    while (t < tokens.length) {
      const match = this.longestFrom(text, tokens, t, tokens.length - 1);
      if (!match) {
        t++;
        continue;
      }
      found.push(match);
      while (t < tokens.length && tokens[t].start < match.end) t++;
    }
    return found;
  }

  /**
   * Every place any alias matches, overlapping and nested ones included ("Considine" inside "Paddy Considine"):
   * for checking that an alias occurs at all. Ordered by start, then length.
   */
  findEvery(input: string): NameMatch[] {
    if (typeof input !== 'string') return [];
    const text = maskMarkup(input);
    const tokens = tokenize(text);
    const found: NameMatch[] = [];
    for (let first = 0; first < tokens.length; first++) {
      if (!this.mayStart(tokens[first])) continue;
      let node: TrieNode | undefined = this.root.children.get(keyOf(text, tokens[first]));
      let t = first;
      while (node) {
        const accepted = this.accept(node, text, tokens, first, t);
        if (accepted) found.push(accepted);
        if (t + 1 >= tokens.length) break;
        const separator = separatorKey(text, tokens[t].end, tokens[t + 1].start);
        if (separator === undefined) break;
        node = node.children.get(separator + '\u0000' + keyOf(text, tokens[t + 1]));
        t++;
      }
    }
    return found;
  }

  /**
   * The name at an editor position, looking at the line and its neighbours so that a name wrapped across a
   * line break is found. `lineAt(n)` returns line n's text (without its line break) or undefined past the end.
   */
  matchAtPosition(lineAt: (line: number) => string | undefined, position: Position): LineMatch | undefined {
    const current = lineAt(position.line);
    if (typeof current !== 'string' || !Number.isInteger(position.character)) return undefined;
    if (position.character < 0 || position.character > current.length) return undefined;
    // Only a window around the position is read, so a 5 MB line costs what a short one does. Neighbouring lines
    // matter only when the window reaches the current line's edge; a name wrapped over several short lines is
    // followed line by line until the window is spent or a blank line (a paragraph break) ends it.
    const reach = this.reach;
    const from = Math.max(0, position.character - reach);
    const to = Math.min(current.length, position.character + reach);
    const segments: Array<{ line: number; from: number; text: string }> = [];
    let budget = reach - position.character;
    for (let line = position.line - 1; from === 0 && line >= 0 && budget > 0; line--) {
      const before = lineAt(line);
      if (typeof before !== 'string' || before.trim() === '') break;
      const start = Math.max(0, before.length - budget);
      segments.unshift({ line, from: start, text: before.slice(start) });
      budget -= before.length - start + 1;
      if (start > 0) break;
    }
    segments.push({ line: position.line, from, text: current.slice(from, to) });
    budget = reach - (current.length - position.character);
    for (let line = position.line + 1; to === current.length && budget > 0; line++) {
      const after = lineAt(line);
      if (typeof after !== 'string' || after.trim() === '') break;
      const end = Math.min(after.length, budget);
      segments.push({ line, from: 0, text: after.slice(0, end) });
      budget -= end + 1;
      if (end < after.length) break;
    }
    const text = segments.map((segment) => segment.text).join('\n');
    let offset = position.character - from;
    for (const segment of segments) {
      if (segment.line === position.line) break;
      offset += segment.text.length + 1;
    }
    const match = this.matchAt(text, offset);
    if (!match) return undefined;
    return { match, range: { start: toPosition(segments, match.start), end: toPosition(segments, match.end) } };
  }

  /** The widest text a name can span: its words plus the widest separators between them, and some slack. */
  private get reach(): number {
    return this.maxChars + this.maxWords * MAX_SEPARATOR + WINDOW_SLACK;
  }
}

/**
 * Capitalised words that are not part of a person's name when they stand beside one: words that start a
 * sentence ("Then Ashton spoke"), titles ("Mr Ashton", "Siân James MP"), months and days. Lower case, folded.
 */
const NOT_NAME_WORDS = new Set(
  (
    'a an the and or but nor so yet for of in on at to by with from into onto upon after before since until till while when whenever where ' +
    'wherever whereas whether if though although because as than then there here this that these those it its he she they we i you his ' +
    'her hers their our my your him them us me who whom whose which what why how both either neither each every all some any no not ' +
    'never also only even just still again meanwhile later earlier today yesterday tomorrow once now indeed however moreover thus hence ' +
    'therefore perhaps maybe yes oh said says asked like unlike about against among amongst between during without within through ' +
    'throughout under over despite per via is was were are be been being has had have do does did will would can could should may might ' +
    'must shall let see cf ibid dear mr mrs ms miss mx dr sir dame lady lord professor prof president minister prime mp mep councillor ' +
    'comrade saint st captain general secretary treasurer reverend rev father mother sister brother uncle aunt queen king prince princess ' +
    'chancellor chairman chairwoman chair leader activist actor actress director writer author singer historian senator governor mayor ' +
    'judge justice officer chapter section part figure table note page vol volume book film song ' +
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
);

const UPPER_FIRST = /^\p{Lu}/u;

/** Whether `word` beside a one-word name makes it part of a longer name: capitalised, and no title or function word. */
function isNameWord(word: string, nameInCapitals: boolean): boolean {
  if (!UPPER_FIRST.test(word) || NOT_NAME_WORDS.has(wordKey(word, false))) return false;
  // An acronym beside a name ("NUM Jackson") is no first name, unless the whole text is in capitals ("JAMES JOYCE").
  return nameInCapitals || word.length === 1 || word !== word.toUpperCase();
}

/** How far back `startsSentence` looks for the end of the previous sentence. */
const SENTENCE_LOOKBACK = 64;

/**
 * Whether the word at `start` opens a sentence: nothing but spaces, quotes, brackets or markup between it and the
 * start of the text, a blank line, or the previous sentence's `.`, `!`, `?` or `:`.
 */
function startsSentence(text: string, start: number): boolean {
  let newlines = 0;
  for (let i = start - 1; i >= 0 && i >= start - SENTENCE_LOOKBACK; i--) {
    const ch = text[i];
    if (ch === '.' || ch === '!' || ch === '?' || ch === ':') return true;
    if (ch === '\n' && ++newlines > 1) return true;
    if (isWordAt(text, i)) return false;
  }
  return start - SENTENCE_LOOKBACK <= 0;
}

function caseKeysOf(text: string): string[] {
  return tokenize(text).map((t) => wordKey(text.slice(t.start, t.end), true));
}

function sameCase(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.join('\u0000') === b.join('\u0000');
}

function caseMatches(caseKeys: string[], text: string, tokens: Token[], first: number): boolean {
  for (let k = 0; k < caseKeys.length; k++) {
    const token = tokens[first + k];
    if (!token || wordKey(text.slice(token.start, token.end), true) !== caseKeys[k]) return false;
  }
  return true;
}

/** Converts an offset in line windows joined by "\n" to a document position. */
function toPosition(segments: Array<{ line: number; from: number; text: string }>, offset: number): Position {
  let remaining = offset;
  for (const segment of segments) {
    if (remaining <= segment.text.length) return { line: segment.line, character: segment.from + remaining };
    remaining -= segment.text.length + 1;
  }
  const last = segments[segments.length - 1];
  return { line: last.line, character: last.from + last.text.length };
}
