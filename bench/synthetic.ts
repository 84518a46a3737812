// Deterministic benchmark inputs built from the bundled corpus itself: its sentences, a word-pair (Markov)
// model of its prose, and its entities' names. Nothing here is random letters: a synthetic source reads like the
// corpus (and contains its phrases, "Bread and Roses" among them), so searches and name lookups do real work.
import type { LibraryData } from '../src/core/library';
import type { Source } from '../src/core/types';
import { sentenceSpans, wordSpans } from '../src/core/text/sentences';
import { Random } from './random';

export interface Vocabulary {
  /** Every sentence of every bundled paragraph, as written. */
  sentences: string[];
  /** Word → the words that follow it in the corpus (repeats kept, so frequent pairs come up more often). */
  next: Map<string, string[]>;
  /** Words that begin a sentence in the corpus. */
  starts: string[];
  /** Every alias of every entity as written in the index (multi-word and single-word names). */
  names: string[];
  /** Person names split for authors. */
  people: Array<{ given: string; family: string }>;
  /** Paragraphs with enough words to quote from: source key, paragraph number, text. */
  quotable: Array<{ key: string; paragraph: number; text: string }>;
}

export function vocabularyOf(data: LibraryData): Vocabulary {
  const sentences: string[] = [];
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  const quotable: Vocabulary['quotable'] = [];
  for (const source of data.sources) {
    for (const paragraph of source.paragraphs) {
      const text = paragraph.text;
      if (wordSpans(text).length >= 12) quotable.push({ key: source.meta.key, paragraph: paragraph.number, text });
      for (const span of sentenceSpans(text)) {
        const sentence = text.slice(span.start, span.end).trim();
        if (sentence.length < 20) continue;
        sentences.push(sentence);
        const words = wordSpans(sentence).map((w) => sentence.slice(w.start, w.end));
        if (words.length === 0) continue;
        starts.push(words[0]);
        for (let i = 0; i + 1 < words.length; i++) {
          const list = next.get(words[i]) ?? [];
          list.push(words[i + 1]);
          next.set(words[i], list);
        }
      }
    }
  }
  const names: string[] = [];
  const people: Vocabulary['people'] = [];
  for (const entity of data.entities) {
    for (const alias of entity.aliases) names.push(alias.text);
    const parts = entity.name.split(' ');
    if ((entity.type === 'person' || entity.type === 'character') && parts.length >= 2) {
      people.push({ given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1] });
    }
  }
  return { sentences, next, starts, names, people, quotable };
}

/**
 * One sentence: a corpus sentence as written, or a walk through the word-pair model with names dropped in (with a
 * realistic vocabulary, a sentence of it: `zipfSentence`).
 */
export function sentence(rng: Random, vocab: Vocabulary, nameRate: number): string {
  if (isRealistic(vocab)) return zipfSentence(rng, vocab, nameRate);
  if (rng.chance(0.35)) return rng.pick(vocab.sentences).replace(/["“”]/g, '');
  const length = rng.int(8, 26);
  const words: string[] = [];
  let word = rng.pick(vocab.starts);
  for (let i = 0; i < length; i++) {
    if (rng.chance(nameRate)) words.push(rng.pick(vocab.names));
    else words.push(word);
    const followers = vocab.next.get(word);
    word = followers ? rng.pick(followers) : rng.pick(vocab.starts);
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + rng.pick(['.', '.', '.', '.', '?', '!']);
}

/** A paragraph of about `words` words. */
export function paragraph(rng: Random, vocab: Vocabulary, words: number, nameRate: number): string {
  const parts: string[] = [];
  let count = 0;
  while (count < words) {
    const s = sentence(rng, vocab, nameRate);
    parts.push(s);
    count += s.split(' ').length;
  }
  return parts.join(' ');
}

/** Soft-wraps a paragraph at about `width` columns, as many writers' editors do. */
export function wrap(text: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

const TYPES = ['article-magazine', 'post-weblog', 'webpage', 'article-newspaper', 'book', 'chapter'];

/** The Markdown file (front matter and paragraphs) of synthetic source number `n`, about `bytes` long. */
export function sourceFile(rng: Random, vocab: Vocabulary, n: number, bytes: number): string {
  const author = rng.pick(vocab.people);
  const title = paragraph(rng, vocab, 5, 0).split(' ').slice(0, rng.int(3, 8)).join(' ').replace(/[.?!]$/, '');
  const year = rng.int(1984, 2025);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const lines = [
    '---',
    `key: synth${String(n).padStart(4, '0')}`,
    `title: ${JSON.stringify(title)}`,
    'author:',
    `  - family: ${JSON.stringify(author.family)}`,
    `    given: ${JSON.stringify(author.given)}`,
    `container: ${JSON.stringify(rng.pick(['Marxism Today', 'The Pink Paper', 'Morning Star', 'Gay News', 'South Wales Evening Post']))}`,
    `type: ${rng.pick(TYPES)}`,
    `date: ${year}-${month}`,
    '---',
    '',
  ];
  let size = lines.join('\n').length;
  while (size < bytes) {
    const text = paragraph(rng, vocab, rng.int(60, 160), 0.03);
    const block = rng.chance(0.08) ? wrap(text, 78).map((l) => `> ${l}`) : wrap(text, 78);
    lines.push(...block, '');
    size += text.length + block.length + 1;
  }
  return lines.join('\n');
}

/** `count` synthetic source files of about `bytes` each (1,000 × 10 KB ≈ 10 MB). */
export function sourceFiles(vocab: Vocabulary, count: number, bytes = 10_000, seed = 1000): string[] {
  const rng = new Random(seed);
  const files: string[] = [];
  for (let n = 1; n <= count; n++) files.push(sourceFile(rng, vocab, n, bytes));
  return files;
}

/** A draft of about `words` words, wrapped at 80 columns, with a name every `1 / nameRate` words or so. */
export function namedDraft(vocab: Vocabulary, words: number, nameRate: number, seed = 20_000): string[] {
  const rng = new Random(seed);
  const lines: string[] = ['# Draft', ''];
  let count = 0;
  while (count < words) {
    const text = paragraph(rng, vocab, rng.int(80, 200), nameRate);
    count += text.split(' ').length;
    lines.push(...wrap(text), '');
  }
  return lines;
}

export interface QuotationDraft {
  text: string;
  quotations: number;
  altered: number;
}

/**
 * A Markdown draft of about `words` words with `quotations` quotations taken from the given sources' paragraphs,
 * each followed by a Pandoc citation. About a third are altered as writers alter them: an ellipsis, a bracketed
 * capital, a changed word, the wrong paragraph, or no citation.
 */
export function quotationDraft(sources: readonly Source[], vocab: Vocabulary, words: number, quotations: number, seed = 50_000): QuotationDraft {
  const rng = new Random(seed);
  const quotable = sources.flatMap((source) =>
    source.paragraphs.filter((p) => wordSpans(p.text).length >= 12).map((p) => ({ key: source.meta.key, paragraph: p.number, text: p.text })),
  );
  const paragraphs: string[] = [];
  const wordsBetween = Math.floor(words / quotations);
  let altered = 0;
  for (let q = 0; q < quotations; q++) {
    const before = paragraph(rng, vocab, Math.max(10, wordsBetween - 40), 0.02);
    const from = rng.pick(quotable);
    const spans = wordSpans(from.text);
    const length = rng.int(6, Math.min(30, spans.length));
    const first = rng.int(0, spans.length - length);
    let quote = from.text.slice(spans[first].start, spans[first + length - 1].end).replace(/[“”"]/g, '‘');
    let cite = `[@${from.key}, para. ${from.paragraph}]`;
    const change = rng.next();
    if (change < 0.08 && length > 10) {
      const cut = wordSpans(quote);
      quote = `${quote.slice(0, cut[3].end)} … ${quote.slice(cut[7].start)}`;
      altered++;
    } else if (change < 0.16) {
      const cut = wordSpans(quote);
      const k = rng.int(1, cut.length - 1);
      quote = `${quote.slice(0, cut[k].start)}${rng.pick(['workers', 'solidarity', 'banner', 'village'])}${quote.slice(cut[k].end)}`;
      altered++;
    } else if (change < 0.24) {
      cite = `[@${from.key}, para. ${from.paragraph + 1}]`;
      altered++;
    } else if (change < 0.3) {
      cite = '';
      altered++;
    } else if (change < 0.36 && /^[A-Z]/.test(quote)) {
      quote = `[${quote[0].toLowerCase()}]${quote.slice(1)}`;
      altered++;
    }
    const lead = rng.pick(['As one account puts it,', 'We read that', 'In the words of the source,', 'It was said that']);
    paragraphs.push(`${before} ${lead} “${quote}”${cite ? ` ${cite}` : ''}. ${sentence(rng, vocab, 0.02)}`);
  }
  const text = ['# Essay', '', ...paragraphs.map((p) => wrap(p).join('\n'))].join('\n\n') + '\n';
  return { text, quotations, altered };
}

/**
 * A .bib of `count` BibLaTeX entries shaped like a Better BibTeX export: accents, protected words, a corporate
 * author every tenth entry, `@string` macros, dates, URLs and access dates. The same entries as CSL-JSON come with
 * it, for the JSON.parse baseline.
 */
export function syntheticBib(vocab: Vocabulary, count: number, seed = 70_000): { bib: string; cslJson: string } {
  const rng = new Random(seed);
  const entries = ['@string{mup = {Manchester University Press}}', ''];
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const title = sentence(rng, vocab, 0.1).replace(/[{}\\%#&$_^~]/g, '').slice(0, 90);
    const year = 1900 + (i % 125);
    const corporate = i % 10 === 0;
    entries.push(
      `@book{entry${i}${year},`,
      `  title = {${title} and the {LGSM} G{\\"o}del},`,
      corporate ? '  author = {{Lesbians and Gays Support the Miners}},' : `  author = {Si{\\^a}n, James${i} and Byrne, Liam},`,
      `  date = {${year}-0${1 + (i % 9)}},`,
      '  publisher = mup,',
      `  url = {https://example.org/${i}},`,
      '  urldate = {2026-11-20}',
      '}',
      '',
    );
    items.push({ id: `entry${i}${year}`, type: 'book', title: `${title} and the LGSM Gödel`, author: corporate ? [{ literal: 'Lesbians and Gays Support the Miners' }] : [{ family: 'Siân', given: `James${i}` }, { family: 'Byrne', given: 'Liam' }], issued: { 'date-parts': [[year, 1 + (i % 9)]] }, publisher: 'Manchester University Press', URL: `https://example.org/${i}`, accessed: { 'date-parts': [[2026, 11, 20]] } });
  }
  return { bib: entries.join('\n'), cslJson: JSON.stringify(items) };
}

// ---------------------------------------------------------------------------------------------------------
// A realistic vocabulary: the corpus's own words make every word common (1,651 distinct words in 10 MB), which is
// harder on posting lists and easier on vocabulary scans than a real library. `realisticVocabulary` adds tens of
// thousands of generated, pronounceable word forms (stems with English-like endings, so words share prefixes as
// "work", "worker", "working" do), ranked with a Zipf–Mandelbrot distribution under English's function words, the
// corpus's words mixed in among them; sentences and paragraphs take lengths like real prose's. Every function
// above accepts either vocabulary; with the corpus's one they make exactly what they made before.

export interface ZipfWords {
  /** Word forms by rank, the most frequent first. */
  forms: string[];
  /** `cumulative[r]`: the probability of a rank ≤ r. */
  cumulative: Float64Array;
  /** Generated proper names (people, places, organisations), capitalised, dropped in at the name rate. */
  properNames: string[];
}

export interface RealisticVocabulary extends Vocabulary {
  zipf: ZipfWords;
}

export interface RealisticOptions {
  /** Generated word forms besides the function words and the corpus's words (default 50,000). */
  forms?: number;
  /** Zipf exponent (default 1.0) and Mandelbrot's offset (default 2.7), fitted to English text. */
  exponent?: number;
  offset?: number;
  seed?: number;
}

/** English function words, most frequent first: they hold the top ranks of any English text. */
const FUNCTION_WORDS = (
  'the of and to a in that is was he for it with as his on be at by I this had not are but from or have an they ' +
  'which one you were her all she there would their we him been has when who will more no if out so said what up ' +
  'its about into than them can only other new some could time these two may then do first any my now such like ' +
  'our over man me even most made after also did many before must through back years where much your way well ' +
  'down should because each just those people how too little state good very make world still own see men work ' +
  'long get here between both life being under never day same another know while last might us great old year off ' +
  'come since against go came right used take three'
).split(' ');

const ONSETS = ['', '', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'y', 'z', 'br', 'cr', 'dr', 'fr', 'gr', 'pr', 'tr', 'bl', 'cl', 'fl', 'gl', 'pl', 'sl', 'ch', 'sh', 'th', 'st', 'sp', 'sc', 'wh', 'qu', 'str'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'oo', 'ou', 'y'];
const CODAS = ['', '', '', '', '', '', 'n', 'n', 'r', 's', 't', 'r', 's', 't', 'l', 'm', 'nd', 'nt', 'st', 'ck', 'ng', 'rd', 'rm', 'rn', 'ss', 'x', 'ld', 'mp'];
const ENDINGS = ['', '', '', '', 's', 's', 'ed', 'ing', 'er', 'ers', 'ly', 'ness', 'ion', 'al', 'ity', 'ism', 'ist', 'ment', 'able'];
const SURNAME_ENDINGS = ['', '', '', 'son', 'er', 'ley', 'ton', 'ez', 'ski', 'ova', 'sen', 'ini', 'ford', 'well', 'man', 'ard'];
const PARTICLES = ['van der', 'de', 'von', 'di', 'van', 'de la', 'al-'];
const ACCENTED: Record<string, string[]> = { a: ['á', 'à', 'ä', 'å'], e: ['é', 'è', 'ë'], i: ['í', 'ï'], o: ['ó', 'ö', 'ø'], u: ['ú', 'ü'], n: ['ñ'], c: ['ç'], s: ['ś'] };

function syllable(rng: Random): string {
  return rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS);
}

/** A pronounceable stem of one to three syllables. */
function stem(rng: Random): string {
  const syllables = rng.pick([1, 1, 1, 2, 2, 2, 3]);
  let word = '';
  for (let i = 0; i < syllables; i++) word += syllable(rng);
  return word.length >= 2 ? word : word + rng.pick(CODAS.filter(Boolean));
}

const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** One letter accented (about one name in `1 / rate`): "Müller", "Peña". */
function accent(rng: Random, word: string, rate: number): string {
  if (!rng.chance(rate)) return word;
  const places = [...word].map((c, i) => (ACCENTED[c] ? i : -1)).filter((i) => i > 0);
  if (places.length === 0) return word;
  const at = rng.pick(places);
  return word.slice(0, at) + rng.pick(ACCENTED[word[at]]) + word.slice(at + 1);
}

/** A standard normal deviate (Box–Muller). */
function gaussian(rng: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * The corpus's vocabulary with a realistic word distribution added (see above). Deterministic for a seed; about
 * 50 ms for 50,000 forms.
 */
export function realisticVocabulary(base: Vocabulary, options: RealisticOptions = {}): RealisticVocabulary {
  const rng = new Random(options.seed ?? 4242);
  const wanted = options.forms ?? 50_000;
  const taken = new Set<string>(FUNCTION_WORDS.map((w) => w.toLowerCase()));
  const generated: string[] = [];
  while (generated.length < wanted) {
    const root = stem(rng);
    for (let k = rng.int(1, 4); k > 0 && generated.length < wanted; k--) {
      const form = root + rng.pick(ENDINGS);
      if (!taken.has(form)) {
        taken.add(form);
        generated.push(form);
      }
    }
  }
  // Below the function words, shorter words rank higher on the whole (Zipf's law of abbreviation); the corpus's
  // words (lower-case ones; its names come in at the name rate) rank among the first fifth.
  const corpusWords = [...base.next.keys()].filter((w) => /^[a-z][a-z’'-]*$/.test(w) && !taken.has(w));
  const ranked = [
    ...corpusWords.map((word) => ({ word, at: rng.next() * word.length * 0.2 })),
    ...generated.map((word) => ({ word, at: rng.next() * word.length })),
  ].sort((a, b) => a.at - b.at);
  const forms = [...FUNCTION_WORDS, ...ranked.map((r) => r.word)];
  const exponent = options.exponent ?? 1.0;
  const offset = options.offset ?? 2.7;
  const cumulative = new Float64Array(forms.length);
  let total = 0;
  for (let r = 0; r < forms.length; r++) {
    total += 1 / Math.pow(r + 1 + offset, exponent);
    cumulative[r] = total;
  }
  for (let r = 0; r < forms.length; r++) cumulative[r] /= total;
  const properNames: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const name = accent(rng, capital(stem(rng)), 0.06);
    properNames.push(rng.chance(0.2) ? `${name} ${rng.pick(['Street', 'Valley', 'Union', 'Society', 'Hall', 'Committee', 'River', 'Press'])}` : name);
  }
  const people = realisticPeople(rng, 4000);
  return { ...base, people: [...base.people, ...people], zipf: { forms, cumulative, properNames } };
}

function isRealistic(vocab: Vocabulary): vocab is RealisticVocabulary {
  return (vocab as Partial<RealisticVocabulary>).zipf !== undefined;
}

/** A word form drawn by its Zipf rank. */
export function zipfWord(rng: Random, zipf: ZipfWords): string {
  const u = rng.next();
  const c = zipf.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return zipf.forms[lo];
}

/**
 * People as a real bibliography names them: family names repeat (a few hundred common ones, a long tail), some with
 * a particle ("van der Berg"), a hyphen or an accent; given names sometimes only initials.
 */
export function realisticPeople(rng: Random, count: number): Array<{ given: string; family: string }> {
  const families: string[] = [];
  for (let i = 0; i < Math.max(200, Math.floor(count / 2)); i++) families.push(accent(rng, capital(stem(rng) + rng.pick(SURNAME_ENDINGS)), 0.08));
  const givens: string[] = [];
  for (let i = 0; i < 400; i++) givens.push(accent(rng, capital(stem(rng) + rng.pick(['', '', 'a', 'e', 'o', 'ie', 'an', 'el'])), 0.05));
  const people: Array<{ given: string; family: string }> = [];
  for (let i = 0; i < count; i++) {
    // Squaring a uniform draw favours the first family names: a few common, most rare.
    let family = families[Math.floor(rng.next() ** 2 * families.length)];
    if (rng.chance(0.04)) family = `${rng.pick(PARTICLES)} ${family}`.replace('- ', '-');
    else if (rng.chance(0.03)) family = `${family}-${rng.pick(families)}`;
    let given = rng.pick(givens);
    if (rng.chance(0.12)) given = `${given.charAt(0)}.${rng.chance(0.5) ? ` ${rng.pick(givens).charAt(0)}.` : ''}`;
    else if (rng.chance(0.15)) given = `${given} ${rng.pick(givens).charAt(0)}.`;
    people.push({ given, family });
  }
  return people;
}

/** A sentence of the realistic vocabulary: a log-normal length (median 19 words), commas, numbers, names. */
function zipfSentence(rng: Random, vocab: RealisticVocabulary, nameRate: number): string {
  if (rng.chance(0.02)) return rng.pick(vocab.sentences).replace(/["“”]/g, '');
  const length = Math.max(3, Math.min(80, Math.round(Math.exp(Math.log(19) + 0.5 * gaussian(rng)))));
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    let word: string;
    const roll = rng.next();
    if (roll < nameRate) word = rng.chance(0.5) ? rng.pick(vocab.names) : rng.pick(vocab.zipf.properNames);
    else if (roll < nameRate + 0.004) word = String(rng.chance(0.5) ? rng.int(1800, 2025) : rng.int(2, 500));
    else word = zipfWord(rng, vocab.zipf);
    if (i < length - 1) {
      const mark = rng.next();
      if (mark < 0.055) word += ',';
      else if (mark < 0.058) word += ';';
      else if (mark < 0.06) word += ':';
    }
    words.push(word);
  }
  const text = words.join(' ');
  const end = rng.next();
  return capital(text) + (end < 0.93 ? '.' : end < 0.98 ? '?' : '!');
}

/**
 * A paragraph of prose whose length is its own: one to twenty sentences, five on average (about 100 words), as in
 * essays and books. With the corpus's vocabulary, 60 to 160 words as `sourceFile` has always made them.
 */
export function proseParagraph(rng: Random, vocab: Vocabulary, nameRate: number): string {
  if (!isRealistic(vocab)) return paragraph(rng, vocab, rng.int(60, 160), nameRate);
  const count = Math.max(1, Math.min(20, 1 + Math.floor(-Math.log(1 - rng.next()) * 4)));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(zipfSentence(rng, vocab, nameRate));
  return parts.join(' ');
}

export type LibraryKind = 'book' | 'article' | 'web';

export interface LibraryPlan {
  files: string[];
  bytes: number;
  counts: Record<LibraryKind, number>;
}

const CONTAINERS = ['History Workshop Journal', 'Oral History', 'Twentieth Century British History', 'Labour History Review', 'Social History', 'Feminist Review', 'Journal of British Studies', 'Past & Present'];
const PUBLISHERS = ['Verso', 'Manchester University Press', 'Pluto Press', 'Routledge', 'Lawrence & Wishart', 'Bloomsbury', 'Oxford University Press', 'Seren'];
const SITES = ['Morning Star', 'The Guardian', 'Jacobin', 'openDemocracy', 'BBC News', 'Wales Online', 'The Conversation', 'Tribune'];

/**
 * One source of a realistic library, as a Markdown file: a book of `words` words (chapters, 100,000 words by
 * default), a journal article (about 8,000 words) or a web capture (about 3,000), with one to three authors.
 */
export function realisticSourceFile(rng: Random, vocab: Vocabulary, n: number, kind: LibraryKind, words?: number): string {
  const target = words ?? (kind === 'book' ? 100_000 : kind === 'article' ? rng.int(5000, 11_000) : rng.int(800, 5000));
  const authors = Array.from({ length: rng.pick([1, 1, 1, 2, 2, 3]) }, () => rng.pick(vocab.people));
  const title = proseParagraph(rng, vocab, 0).split(' ').slice(0, rng.int(3, 9)).join(' ').replace(/[.?!,;:]$/, '');
  const year = rng.int(1970, 2025);
  const lines = [
    '---',
    `key: ${kind}${String(n).padStart(5, '0')}`,
    `title: ${JSON.stringify(title)}`,
    'author:',
    ...authors.flatMap((a) => [`  - family: ${JSON.stringify(a.family)}`, `    given: ${JSON.stringify(a.given)}`]),
    kind === 'book' ? `publisher: ${JSON.stringify(rng.pick(PUBLISHERS))}` : `container: ${JSON.stringify(rng.pick(kind === 'article' ? CONTAINERS : SITES))}`,
    `type: ${kind === 'book' ? 'book' : kind === 'article' ? 'article-journal' : rng.pick(['webpage', 'post-weblog', 'article-newspaper'])}`,
    `date: ${kind === 'web' ? `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : year}`,
    ...(kind === 'web' ? [`url: https://example.org/${n}`, 'accessed: 2026-11-20'] : []),
    '---',
    '',
  ];
  let count = 0;
  let chapter = 0;
  while (count < target) {
    if (kind === 'book' && count >= chapter * 5000) lines.push(`## Chapter ${++chapter}`, '');
    const text = proseParagraph(rng, vocab, 0.01);
    count += text.split(' ').length;
    const block = rng.chance(0.04) ? wrap(text, 78).map((l) => `> ${l}`) : wrap(text, 78);
    lines.push(...block, '');
  }
  return lines.join('\n');
}

/**
 * A library of about `bytes` of text shaped like issue 19's: three quarters in books of 100,000 words, a tenth in
 * journal articles, the rest in web captures (150 MB ≈ 170 books, 220 articles and 1,200 web pages).
 */
export function realisticLibrary(vocab: Vocabulary, bytes: number, seed = 31_000): LibraryPlan {
  const rng = new Random(seed);
  const files: string[] = [];
  const counts: Record<LibraryKind, number> = { book: 0, article: 0, web: 0 };
  const made: Record<LibraryKind, number> = { book: 0, article: 0, web: 0 };
  const share: Record<LibraryKind, number> = { book: 0.75, article: 0.1, web: 0.15 };
  let total = 0;
  while (total < bytes) {
    // The kind furthest behind its share comes next, so any size has the same mix.
    const kind = (['book', 'article', 'web'] as LibraryKind[]).sort((a, b) => made[a] / share[a] - made[b] / share[b])[0];
    const file = realisticSourceFile(rng, vocab, files.length + 1, kind);
    files.push(file);
    counts[kind]++;
    made[kind] += file.length;
    total += file.length;
  }
  return { files, bytes: total, counts };
}

const BIB_TYPES: Array<{ bib: string; csl: string; share: number }> = [
  { bib: 'article', csl: 'article-journal', share: 0.42 },
  { bib: 'book', csl: 'book', share: 0.18 },
  { bib: 'incollection', csl: 'chapter', share: 0.14 },
  { bib: 'online', csl: 'webpage', share: 0.08 },
  { bib: 'article', csl: 'article-newspaper', share: 0.06 },
  { bib: 'report', csl: 'report', share: 0.05 },
  { bib: 'thesis', csl: 'thesis', share: 0.04 },
  { bib: 'inproceedings', csl: 'paper-conference', share: 0.03 },
];

const LATEX_ACCENTS: Record<string, string> = { á: "\\'a", à: '\\`a', ä: '\\"a', å: '\\aa', é: "\\'e", è: '\\`e', ë: '\\"e', í: "\\'i", ï: '\\"i', ó: "\\'o", ö: '\\"o', ø: '\\o', ú: "\\'u", ü: '\\"u', ñ: '\\~n', ç: '\\c{c}', ś: "\\'s", â: '\\^a' };

/** Half the accented letters as LaTeX commands (`{\"u}`), as older .bib files write them; the rest as UTF-8. */
function bibText(rng: Random, text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => (LATEX_ACCENTS[c] && rng.chance(0.5) ? `{${LATEX_ACCENTS[c]}}` : c));
}

function bibName(rng: Random, person: { given: string; family: string }): string {
  return `${bibText(rng, person.family)}, ${bibText(rng, person.given)}`;
}

/**
 * A writer's bibliography of `count` references with a real one's variety: eight entry types (journal articles,
 * books, chapters with editors, web pages with access dates, newspaper articles, reports, theses, conference
 * papers); zero to eight authors from `realisticPeople` (with particles, hyphens, initials and accents, half of them
 * as LaTeX accents), a corporate author now and then and some unsigned works; dates as years, months or days, or
 * missing; subtitles, protected acronyms, volumes, issues, pages, DOIs, ISBNs, editions, series, places, keywords,
 * abstracts, attached files and notes; Better BibTeX-style keys. The same entries as CSL-JSON come with it.
 */
export function realisticBib(vocab: Vocabulary, count: number, seed = 71_000): { bib: string; cslJson: string; keys: string[] } {
  const rng = new Random(seed);
  const people = realisticPeople(rng, Math.max(500, Math.floor(count * 1.2)));
  const corpusWords = [...vocab.next.keys()];
  const word = (): string => (isRealistic(vocab) ? zipfWord(rng, vocab.zipf) : rng.pick(corpusWords));
  const titleWords = (n: number): string => {
    const words: string[] = [];
    while (words.length < n) {
      const w = word().replace(/[^\p{L}\p{N}’'-]/gu, '');
      if (w) words.push(w);
    }
    return capital(words.join(' '));
  };
  const entries = ['@string{mup = {Manchester University Press}}', '@string{hwj = {History Workshop Journal}}', ''];
  const items: Array<Record<string, unknown>> = [];
  const keys: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let u = rng.next();
    const type = BIB_TYPES.find((t) => (u -= t.share) < 0) ?? BIB_TYPES[0];
    const unsigned = rng.chance(type.csl === 'webpage' || type.csl === 'article-newspaper' ? 0.2 : 0.02);
    const corporate = !unsigned && rng.chance(0.05);
    const authorCount = unsigned || corporate ? 0 : rng.pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 8]);
    const authors = Array.from({ length: authorCount }, () => rng.pick(people));
    const organisation = corporate ? `${capital(word())} ${rng.pick(['Society', 'Committee', 'Trust', 'Council', 'Union'])}` : '';
    const acronym = rng.chance(0.1) ? ` {${String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25), 65 + rng.int(0, 25))}}` : '';
    const main = titleWords(rng.int(2, 9));
    const subtitle = rng.chance(0.4) ? `: ${titleWords(rng.int(2, 8))}` : '';
    const title = `${main}${acronym}${subtitle}`;
    const dateRoll = rng.next();
    const year = rng.int(1890, 2025);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const date = dateRoll < 0.04 ? undefined : dateRoll < 0.75 ? [year] : dateRoll < 0.9 ? [year, month] : [year, month, day];
    const family = authors[0]?.family ?? (organisation || main);
    let key = `${family.replace(/[^A-Za-z]/g, '').toLowerCase() || 'anon'}${capital(main.split(' ')[0].replace(/[^A-Za-z0-9]/g, ''))}${date ? date[0] : 'nd'}`;
    if (used.has(key)) {
      let suffix = 0;
      while (used.has(`${key}${String.fromCharCode(97 + (suffix % 26))}${suffix >= 26 ? Math.floor(suffix / 26) : ''}`)) suffix++;
      key = `${key}${String.fromCharCode(97 + (suffix % 26))}${suffix >= 26 ? Math.floor(suffix / 26) : ''}`;
    }
    used.add(key);
    keys.push(key);
    // Better BibTeX protects the capitals of a title's proper nouns and acronyms (after its first word) with braces.
    const protectedTitle = title.replace(/(?<=\s)(?!\{)([A-Z\u00c0-\u00de][^\s:{}]*)/g, '{$1}');
    const fields: string[] = [`  title = {${bibText(rng, protectedTitle)}}`];
    const item: Record<string, unknown> = { id: key, type: type.csl, title: title.replace(/[{}]/g, '') };
    if (authors.length > 0) {
      fields.push(`  author = {${authors.map((a) => bibName(rng, a)).join(' and ')}}`);
      item.author = authors.map((a) => ({ family: a.family, given: a.given }));
    } else if (organisation) {
      fields.push(`  author = {{${organisation}}}`);
      item.author = [{ literal: organisation }];
    }
    if (date) {
      fields.push(`  date = {${date.map((p, k) => (k === 0 ? String(p) : String(p).padStart(2, '0'))).join('-')}}`);
      item.issued = { 'date-parts': [date] };
    }
    const pages = `${rng.int(1, 400)}--${rng.int(401, 480)}`;
    if (type.csl === 'article-journal' || type.csl === 'article-newspaper') {
      const journal = type.csl === 'article-journal' ? rng.pick([...CONTAINERS, `${capital(word())} ${rng.pick(['Review', 'Quarterly', 'Studies', 'Journal'])}`]) : rng.pick(SITES);
      fields.push(journal === 'History Workshop Journal' ? '  journaltitle = hwj' : `  journaltitle = {${bibText(rng, journal)}}`);
      if (type.csl === 'article-newspaper') fields.push('  entrysubtype = {newspaper}');
      item['container-title'] = journal;
      if (type.csl === 'article-journal') {
        const volume = String(rng.int(1, 120));
        fields.push(`  volume = {${volume}}`, `  number = {${rng.int(1, 4)}}`, `  pages = {${pages}}`);
        Object.assign(item, { volume, page: pages.replace('--', '–') });
        if (rng.chance(0.6)) {
          const doi = `10.${rng.int(1000, 9999)}/${word().replace(/[^a-z0-9]/gi, '')}.${year}.${rng.int(1, 99999)}`;
          fields.push(`  doi = {${doi}}`);
          item.DOI = doi;
        }
      }
    } else if (type.csl === 'book' || type.csl === 'report' || type.csl === 'thesis') {
      const publisher = type.csl === 'thesis' ? `University of ${capital(word())}` : rng.pick(PUBLISHERS);
      fields.push(publisher === 'Manchester University Press' ? '  publisher = mup' : `  ${type.csl === 'thesis' ? 'institution' : 'publisher'} = {${bibText(rng, publisher)}}`, `  location = {${rng.pick(['London', 'Manchester', 'Cardiff', 'New York', 'Oxford', 'Swansea'])}}`);
      item.publisher = publisher;
      if (type.csl === 'book' && rng.chance(0.6)) {
        const isbn = `978-${rng.int(0, 1)}-${rng.int(100, 999)}-${rng.int(10_000, 99_999)}-${rng.int(0, 9)}`;
        fields.push(`  isbn = {${isbn}}`);
        item.ISBN = isbn;
      }
      if (rng.chance(0.15)) fields.push(`  edition = {${rng.int(2, 5)}}`);
      if (rng.chance(0.1)) fields.push(`  series = {${bibText(rng, titleWords(3))}}`);
      if (type.csl === 'thesis') fields.push(`  type = {${rng.pick(['phdthesis', 'mathesis'])}}`);
    } else if (type.csl === 'chapter' || type.csl === 'paper-conference') {
      const editors = Array.from({ length: rng.int(1, 3) }, () => rng.pick(people));
      const booktitle = titleWords(rng.int(3, 8));
      fields.push(`  booktitle = {${bibText(rng, booktitle)}}`, `  editor = {${editors.map((e) => bibName(rng, e)).join(' and ')}}`, `  pages = {${pages}}`, '  publisher = mup');
      Object.assign(item, { 'container-title': booktitle, editor: editors.map((e) => ({ family: e.family, given: e.given })), page: pages.replace('--', '–'), publisher: 'Manchester University Press' });
    }
    if (type.csl === 'webpage' || rng.chance(0.1)) {
      const url = `https://example.org/${key}`;
      fields.push(`  url = {${url}}`, `  urldate = {2026-${String(rng.int(1, 11)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}}`);
      item.URL = url;
    }
    if (rng.chance(0.3)) fields.push(`  keywords = {${Array.from({ length: rng.int(1, 5) }, () => word()).join(', ')}}`);
    if (rng.chance(0.2)) {
      const abstract = proseParagraph(rng, vocab, 0.01).replace(/[{}\\%#&$_^~]/g, '');
      fields.push(`  abstract = {${abstract}}`);
      item.abstract = abstract;
    }
    if (rng.chance(0.15)) fields.push(`  file = {Full Text PDF:files/${i}/${key}.pdf:application/pdf}`);
    if (rng.chance(0.05)) fields.push(`  note = {${bibText(rng, titleWords(rng.int(3, 10)))}}`);
    if (rng.chance(0.3)) fields.push(`  langid = {${rng.pick(['english', 'english', 'british', 'welsh', 'french', 'german'])}}`);
    entries.push(`@${type.csl === 'thesis' ? 'thesis' : type.bib}{${key},`, fields.join(',\n'), '}', '');
    items.push(item);
  }
  return { bib: entries.join('\n'), cslJson: JSON.stringify(items), keys };
}
