// The one rule for which sources a citation names, used by the hover's card, the quotation check, note numbering
// and the bibliography (`citedKeys`):
// - a key names its source (an unknown key names none);
// - an author-date name and year ("Crossan 2025", "Gabrielle Bossy n.d.", "Crossan and Smith 2020") name the
//   sources whose first author has that name — the whole name, or its first or last words — from that year
//   ("n.d.", "no date": a source without a date), every one of them when several match;
// - a note's text (a footnote with no key in it, MLA's "(Byrne, Another Review, par. 2)") names, in the order it
//   gives them, the sources whose first author it gives; when that author wrote several of the library's sources,
//   the ones whose title (the whole title, the title before its colon, or the short title) the note gives, else
//   the one whose year it gives, else none of them: "Byrne, para. 2" does not say which Byrne. A note that gives
//   no known author names the sources whose whole title it gives (the longest where titles overlap);
// - an unsigned work (no author) is named by its title where another would be named by its author: in an
//   author-date citation ("(‘Lesbians and Gays Support the Miners’, no date, para. 4)") and in a note, beside the
//   authors it names, wherever its whole title is not part of a longer title the note gives.
// This is the rule a writer means: every style Sourcebook cites in starts a citation with the first author's name
// (an unsigned work's title) and adds the title (or the year) exactly when an author has several works, and
// Chicago's short notes give the title before its colon.
//
// Names and titles are compared word by word, folded (case, diacritics, punctuation and italics marks do not
// count). Built once per library (names and titles folded once: folding them for every citation cost ~30 ms per
// check at 1,000 sources); a note is read in time linear in its length, by looking its words up.
import type { SourceMeta } from '../types';
import { fold } from '../text/normalize';
import { wordSpans } from '../text/sentences';
import { plainTitle } from '../sources/titles';
import type { CiteRef } from './draftReader';
import { runSteps, runStepsInSlices, type Steps } from '../pauser';

interface Entry {
  key: string;
  /** The first author's name, as folded words joined by spaces ("crossan"); none for an unsigned work. */
  author?: string;
  /** The year of the date, or undefined for a source without one. */
  year?: string;
  /** The titles a note may give: whole, before the colon, short; folded words joined by spaces. */
  titles: string[];
}

/** Folded words: `fold`, then only letters and digits, one space between words. */
function words(text: string): string[] {
  const folded = fold(text);
  const marks = /[\u0300-\u036f]/.test(folded);
  return wordSpans(folded).map((span) => (marks ? folded.slice(span.start, span.end).replace(/[\u0300-\u036f]/g, '') : folded.slice(span.start, span.end)));
}

/** A phrase of folded words, and its first word to look it up by. */
interface Phrase {
  text: string;
  words: string[];
}

function phrase(text: string): Phrase | undefined {
  const list = words(text);
  return list.length > 0 ? { text: list.join(' '), words: list } : undefined;
}

/** Where `p` occurs in the word list `haystack` at `at`. */
function phraseAt(haystack: readonly string[], at: number, p: Phrase): boolean {
  if (at + p.words.length > haystack.length) return false;
  for (let k = 0; k < p.words.length; k++) if (haystack[at + k] !== p.words[k]) return false;
  return true;
}

/** What names a source other than its key: its first author and its titles, folded, looked up by word. */
interface Names {
  /** Every source's key. */
  keys: Set<string>;
  entries: Entry[];
  /** First author's name → entries (in library order). */
  byAuthor: Map<string, number[]>;
  /** First word → the authors' names starting with it, to find names in a note by its words. */
  authorsByWord: Map<string, Phrase[]>;
  /** First word → the whole titles starting with it, with their entries. */
  titlesByWord: Map<string, Array<{ phrase: Phrase; entry: number }>>;
  /** An unsigned work's titles (whole, before the colon, short) → entries: what names it in place of an author. */
  unsignedByTitle: Map<string, number[]>;
}

/** Appends `value` to the list of `key` in `map`, making the list when there is none. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One source's names and titles, folded: its entry, and the phrases the maps are keyed by. */
interface Folded extends Entry {
  /** The first author's name as a phrase, when it has two letters or more. */
  authorPhrase?: Phrase;
  /** No first author's name at all: an unsigned work, named by its titles instead. */
  unsigned: boolean;
  /** The whole title, folded. */
  whole?: Phrase;
}

function foldedOf(meta: SourceMeta): Folded {
  const first = meta.author[0];
  const author = phrase(first?.family ?? first?.literal ?? '');
  const title = plainTitle(meta.title);
  const whole = phrase(title);
  const titles = new Set<string>();
  if (whole) titles.add(whole.text);
  const colon = title.search(/[:?!]/);
  const main = colon > 0 ? phrase(title.slice(0, colon)) : undefined;
  if (main) titles.add(main.text);
  const short = meta.shortTitle ? phrase(meta.shortTitle) : undefined;
  if (short) titles.add(short.text);
  const year = /^\s*(\d{4})/.exec(meta.date ?? '')?.[1];
  const signed = author !== undefined && author.text.length >= 2;
  // One shape for every source (no optional spreads): filling the maps then takes a third of the time.
  return { key: meta.key, author: signed ? author.text : undefined, year, titles: [...titles], authorPhrase: signed ? author : undefined, unsigned: !author, whole };
}

/** Sources folded between two pauses of `CitationTargets.inSlices`: 5,000 references fold in 50–80 ms. */
const SOURCES_PER_STEP = 128;

/** The names of `sources`, folded, yielding every `SOURCES_PER_STEP` sources (one code for both ways of building them). */
function* namesSteps(sources: readonly SourceMeta[]): Steps<Names> {
  const names: Names = { keys: new Set(), entries: [], byAuthor: new Map(), authorsByWord: new Map(), titlesByWord: new Map(), unsignedByTitle: new Map() };
  for (const meta of sources) {
    const at = names.entries.length;
    if (at > 0 && at % SOURCES_PER_STEP === 0) yield;
    names.keys.add(meta.key);
    const entry = foldedOf(meta);
    const { authorPhrase: author, whole } = entry;
    names.entries.push(entry);
    if (author) {
      if (!names.byAuthor.has(author.text)) push(names.authorsByWord, author.words[0], author);
      push(names.byAuthor, author.text, at);
    }
    if (whole) push(names.titlesByWord, whole.words[0], { phrase: whole, entry: at });
    if (entry.unsigned) for (const one of entry.titles) push(names.unsignedByTitle, one, at);
  }
  return names;
}

/**
 * The last rule built in slices (`CitationTargets.inSlices`): its sources, their keys and their folded names. A rule
 * made in one go over exactly these sources (the same facts' objects, in the same order) takes its keys and names
 * instead of making them again in one block: the quotation check's, the hover card's, This Draft's and a
 * bibliography's rules for the library are each made anew, and the library's is built in slices once its word index
 * is (`Sourcebook`).
 */
let builtInSlices: { sources: readonly SourceMeta[]; names: Names } | undefined;

function builtInSlicesFor(sources: readonly SourceMeta[]): typeof builtInSlices {
  const last = builtInSlices;
  if (!last || last.sources.length !== sources.length) return undefined;
  for (let i = 0; i < sources.length; i++) if (last.sources[i] !== sources[i]) return undefined;
  return last;
}

export class CitationTargets {
  private readonly sources: readonly SourceMeta[];
  /** The sources' keys: all a citation by key needs (made on first use, or taken from the names). */
  private keySet: ReadonlySet<string> | undefined;
  /**
   * Folded on first use by a name or a note (`byAuthorYear`, `namedIn`): a draft citing by key (Pandoc's `[@key]`,
   * LaTeX's `\cite`) needs only the keys, and folding thousands of references' names and titles takes tens of
   * milliseconds in one block.
   */
  private folded: Names | undefined;

  constructor(sources: Iterable<SourceMeta>) {
    this.sources = [...sources];
    this.folded = builtInSlicesFor(this.sources)?.names;
  }

  private get keys(): ReadonlySet<string> {
    this.keySet ??= this.folded?.keys ?? new Set(this.sources.map((meta) => meta.key));
    return this.keySet;
  }

  /**
   * The rule built on a budget of host time: the sources' names and titles folded `SOURCES_PER_STEP` at a time,
   * awaiting `pause` between (5,000 references fold in 50–80 ms). The same rule as the constructor's.
   */
  static async inSlices(sources: Iterable<SourceMeta>, pause: () => Promise<void>): Promise<CitationTargets> {
    const targets = new CitationTargets(sources);
    targets.folded ??= await runStepsInSlices(namesSteps(targets.sources), pause);
    builtInSlices = { sources: targets.sources, names: targets.folded };
    return targets;
  }

  private get names(): Names {
    this.folded ??= runSteps(namesSteps(this.sources));
    return this.folded;
  }

  private get entries(): Entry[] {
    return this.names.entries;
  }

  /** The sources a citation's reference names, in order. */
  keysOf(cite: CiteRef): string[] {
    if (cite.key !== undefined) return this.keys.has(cite.key) ? [cite.key] : [];
    if (cite.name !== undefined) return this.byAuthorYear(cite.name, cite.year);
    if (cite.noteText !== undefined) return this.namedIn(cite.noteText);
    return [];
  }

  /**
   * The sources (in library order) whose first author the name gives — the whole name, or its first or last
   * words ("Liam Byrne" → Byrne), or an unsigned work's title — from that year; "n.d." or "no date": a source
   * with no date.
   */
  byAuthorYear(name: string, year?: string): string[] {
    let list = words(name);
    const candidates = new Set<number>(this.names.unsignedByTitle.get(list.join(' ')) ?? []);
    const and = list.findIndex((word, k) => k > 0 && (word === 'and' || word === 'et'));
    if (and > 0) list = list.slice(0, and);
    if (name.includes('&')) list = words(name.slice(0, name.indexOf('&')));
    for (let cut = 0; cut < list.length; cut++) {
      for (const at of this.names.byAuthor.get(list.slice(cut).join(' ')) ?? []) candidates.add(at);
      for (const at of this.names.byAuthor.get(list.slice(0, list.length - cut).join(' ')) ?? []) candidates.add(at);
    }
    const noDate = year !== undefined && /^(?:n\.\s?d\.|no date)$/i.test(year.trim());
    const wanted = year?.trim().slice(0, 4);
    return [...candidates]
      .sort((a, b) => a - b)
      .filter((at) => year === undefined || (noDate ? this.entries[at].year === undefined : this.entries[at].year === wanted))
      .map((at) => this.entries[at].key);
  }

  /** The sources a note's text names, in the order it names them (see the header). */
  namedIn(noteText: string): string[] {
    const note = words(noteText);
    const named: Array<{ at: number; keys: string[] }> = [];
    const seen = new Set<string>();
    for (let at = 0; at < note.length; at++) {
      for (const author of this.names.authorsByWord.get(note[at]) ?? []) {
        if (seen.has(author.text) || !phraseAt(note, at, author)) continue;
        seen.add(author.text);
        named.push({ at, keys: this.oneOf(this.names.byAuthor.get(author.text) ?? [], note) });
      }
    }
    if (named.length === 0) return this.namedByTitle(note);
    for (const title of this.titlesIn(note)) {
      if (this.entries[title.entry].author === undefined) named.push({ at: title.at, keys: [this.entries[title.entry].key] });
    }
    return [...new Set(named.sort((a, b) => a.at - b.at).flatMap((found) => found.keys))];
  }

  /** Of an author's sources, the one(s) the note means: the only one, or those whose title, else year, it gives. */
  private oneOf(entries: readonly number[], note: readonly string[]): string[] {
    if (entries.length === 1) return [this.entries[entries[0]].key];
    const text = ` ${note.join(' ')} `;
    const byTitle = entries.filter((at) => this.entries[at].titles.some((title) => text.includes(` ${title} `)));
    const mentionsYear = (at: number) => {
      const year = this.entries[at].year;
      return year !== undefined && note.some((word) => word === year || (word.length === 5 && word.startsWith(year) && /[a-z]/.test(word[4])));
    };
    let chosen = byTitle.length > 0 ? byTitle : entries.filter(mentionsYear);
    if (chosen.length > 1) {
      // Titles that are part of a longer one the note gives ("Pride" and "Pride and Prejudice"): the longer.
      const longest = (at: number) => Math.max(...this.entries[at].titles.filter((title) => text.includes(` ${title} `)).map((title) => title.length), 0);
      const best = Math.max(...chosen.map(longest));
      if (best > 0) chosen = chosen.filter((at) => longest(at) === best);
      const byYear = chosen.filter(mentionsYear);
      if (byYear.length > 0) chosen = byYear;
    }
    return chosen.map((at) => this.entries[at].key);
  }

  /** A note that gives no known author: the sources whose whole title it gives, dropping titles inside longer ones. */
  private namedByTitle(note: readonly string[]): string[] {
    const keys: string[] = [];
    for (const one of this.titlesIn(note)) if (!keys.includes(this.entries[one.entry].key)) keys.push(this.entries[one.entry].key);
    return keys;
  }

  /** The whole titles (of two words or more) a note gives, in order, without those inside a longer one it gives. */
  private titlesIn(note: readonly string[]): Array<{ at: number; end: number; entry: number }> {
    const found: Array<{ at: number; end: number; entry: number }> = [];
    for (let at = 0; at < note.length; at++) {
      for (const { phrase: title, entry } of this.names.titlesByWord.get(note[at]) ?? []) {
        if (title.words.length >= 2 && phraseAt(note, at, title)) found.push({ at, end: at + title.words.length, entry });
      }
    }
    const kept = found.filter((one) => !found.some((other) => other !== one && other.at <= one.at && one.end <= other.end && other.end - other.at > one.end - one.at));
    return kept.sort((a, b) => a.at - b.at);
  }
}
