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

/** One sentence: a corpus sentence as written, or a walk through the word-pair model with names dropped in. */
export function sentence(rng: Random, vocab: Vocabulary, nameRate: number): string {
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
