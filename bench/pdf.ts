// The bench rows for PDF sources: a 300-page book (about 115,000 words, page labels from 1), made with pdflatex from
// the synthetic vocabulary and kept in the system's temporary folder between runs (keyed by its LaTeX source).
//   - extraction: Sourcebook's reading (every page's text, labels, paragraphs rebuilt across pages) against pdf.js's
//     own floor — opening the document and asking every page for its text content, nothing else;
//   - added → searchable: from the file's bytes to a search that finds a sentence of its last page, in a Sourcebook
//     that already serves the bundled corpus, with the longest pause of this process's event loop meanwhile;
//   - read again at a restart: the book's reading taken from the store it was kept in (its bytes hashed, the kept
//     JSON parsed and checked), against JSON.parse of that text alone.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Library } from '../src/core/library';
import type { LibraryData } from '../src/core/library';
import { Sourcebook } from '../src/core/sourcebook';
import { readPdfSource } from '../src/core/pdf/pdfSource';
import { loadUnpdf } from '../src/core/pdf/unpdfModule';
import type { PdfReadingStore } from '../src/core/pdf/pdfReadings';
import { paragraph } from './synthetic';
import type { Vocabulary } from './synthetic';
import { Random } from './random';
import { now, cpuNow, withLongestPause } from './stats';

export interface PdfFigures {
  pages: number;
  words: number;
  bytes: number;
  /** Sourcebook's reading (CPU ms, per run). */
  extractionCpu: number[];
  /** pdf.js's getTextContent over every page (CPU ms, per run). */
  floorCpu: number[];
  searchableMs: number;
  longestPauseMs: number;
  /** The same, counting only the CPU the process used in it (the rest is waiting for a core). */
  longestBusyPauseMs: number;
  /** The same pause measured while pdf.js alone reads the book. */
  floorPauseMs: number;
  found: boolean;
  /** The book read again from its kept reading (CPU ms, per run). */
  keptCpu: number[];
  /** JSON.parse of the kept reading alone (CPU ms, per run). */
  keptFloorCpu: number[];
  keptBytes: number;
}

const LATEX_SPECIALS = /[\\{}$&#^_%~]/g;

function latexEscape(text: string): string {
  return text.replace(LATEX_SPECIALS, (c) => (c === '\\' ? '' : `\\${c}`)).replace(/\\\^|\\~/g, '');
}

/** The LaTeX of a book of about `words` words, and the last sentence it prints (to search for). */
function bookLatex(vocab: Vocabulary, words: number, seed = 90_000): { latex: string; last: string } {
  const rng = new Random(seed);
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const text = latexEscape(paragraph(rng, vocab, rng.int(80, 200), 0.02).replace(/["“”]/g, ''));
    paragraphs.push(text);
    count += text.split(' ').length;
  }
  const sentences = paragraphs[paragraphs.length - 1].split(/(?<=[.?!]) /);
  const last = sentences.find((s) => s.split(' ').length >= 8) ?? sentences[0];
  const latex = [
    '\\documentclass[11pt]{article}',
    '\\usepackage[T1]{fontenc}',
    '\\usepackage[a5paper,margin=18mm]{geometry}',
    '\\pagestyle{plain}',
    '\\begin{document}',
    ...paragraphs.map((p) => `${p}\n`),
    '\\end{document}',
    '',
  ].join('\n');
  return { latex, last };
}

/** The book as a PDF, made once per LaTeX source and kept in the temporary folder. */
function bookPdf(vocab: Vocabulary, words: number, seed?: number): { bytes: Uint8Array; last: string } {
  const { latex, last } = bookLatex(vocab, words, seed);
  const hash = createHash('sha256').update(latex).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'sourcebook-bench-pdf');
  const pdf = path.join(dir, `book-${hash}.pdf`);
  if (!fs.existsSync(pdf)) {
    fs.mkdirSync(dir, { recursive: true });
    const tex = path.join(dir, `book-${hash}.tex`);
    fs.writeFileSync(tex, latex);
    execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', `-output-directory=${dir}`, tex], { stdio: 'ignore' });
  }
  return { bytes: new Uint8Array(fs.readFileSync(pdf)), last };
}

/** pdf.js's own floor: open the document, ask every page for its text content, keep nothing. */
async function pdfjsFloor(bytes: Uint8Array): Promise<number> {
  const { getDocumentProxy } = await loadUnpdf();
  const document = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  let items = 0;
  for (let index = 1; index <= document.numPages; index++) {
    const page = await document.getPage(index);
    items += (await page.getTextContent()).items.length;
    page.cleanup();
  }
  const pages = document.numPages;
  await document.destroy();
  return items > 0 ? pages : 0;
}

export async function pdfBench(vocab: Vocabulary, bundled: LibraryData, runs: number): Promise<PdfFigures> {
  const { bytes, last } = bookPdf(vocab, 115_000);
  const sidecar = { uri: 'file:///bench/book.yaml', text: 'title: A Bench Book\ndate: 2024\n' };
  const read = () => readPdfSource({ uri: 'file:///bench/book.pdf', name: 'book.pdf', bytes, sidecar });
  await read(); // loads unpdf once, outside the timings
  const extractionCpu: number[] = [];
  const floorCpu: number[] = [];
  let pages = 0;
  let floorPauseMs = 0;
  for (let run = 0; run < runs; run++) {
    let started = cpuNow();
    const floor = await withLongestPause(() => pdfjsFloor(bytes));
    floorCpu.push(cpuNow() - started);
    floorPauseMs = Math.max(floorPauseMs, floor.longest);
    pages = floor.value;
    started = cpuNow();
    const ours = await read();
    extractionCpu.push(cpuNow() - started);
    if (!ours.source) throw new Error(`the bench book was not read: ${ours.problems.map((p) => p.message).join('; ')}`);
  }

  // Added → searchable, in a Sourcebook already serving the bundled corpus with its search index built.
  // Its search has run before, a typing error included: the first fuzzy ranking of a session compiles fuse.js's
  // matcher (about 40 ms here, once per session whatever is added), which like unpdf's loading is not the book's.
  const sourcebook = new Sourcebook(new Library(bundled, { mentionsComputed: true }));
  sourcebook.search.search('miners');
  sourcebook.search.search('minres strike');
  const started = now();
  const added = await withLongestPause(async () => {
    const { source } = await read();
    if (!source) return false;
    await sourcebook.setSourceInSlices(source, sourcebook.slices.pause);
    const hits = sourcebook.search.search(last.split(' ').slice(0, 8).join(' '));
    return hits.some((hit) => hit.source === 'book');
  });
  const searchableMs = now() - started;
  const { source } = await read();
  const words = source ? source.paragraphs.reduce((sum, p) => sum + p.text.split(/\s+/).length, 0) : 0;

  // Read again at a restart: the reading kept in a store (in memory here; a file of the global storage in VS Code).
  const kept = new Map<string, string>();
  const store: PdfReadingStore = { get: async (name) => kept.get(name), set: async (name, text) => void kept.set(name, text) };
  const readKept = () => readPdfSource({ uri: 'file:///bench/book.pdf', name: 'book.pdf', bytes, sidecar, store });
  await readKept();
  const [keptText] = kept.values();
  const keptCpu: number[] = [];
  const keptFloorCpu: number[] = [];
  for (let run = 0; run < runs * 3; run++) {
    let started = cpuNow();
    JSON.parse(keptText);
    keptFloorCpu.push(cpuNow() - started);
    started = cpuNow();
    const again = await readKept();
    keptCpu.push(cpuNow() - started);
    if (again.source?.paragraphs.length !== source?.paragraphs.length) throw new Error('the kept reading gave other paragraphs');
  }
  return {
    pages,
    words,
    bytes: bytes.length,
    extractionCpu,
    floorCpu,
    searchableMs,
    longestPauseMs: added.longest,
    longestBusyPauseMs: added.longestBusy,
    floorPauseMs,
    found: added.value,
    keptCpu,
    keptFloorCpu,
    keptBytes: keptText.length,
  };
}

export interface PdfShelfFigures {
  files: number;
  pages: number;
  bytes: number;
  /** Sourcebook's reading of every file (CPU ms, per run). */
  extractionCpu: number[];
  /** pdf.js's getTextContent over every page of every file (CPU ms, per run). */
  floorCpu: number[];
  paragraphs: number;
}

/**
 * A shelf of `count` PDFs of about `words` words each (about 30 pages at 9,400 words), made with pdflatex once each from
 * the vocabulary given (the realistic one, for the scale rows) and kept in the temporary folder: read one after the
 * other, against pdf.js's floor on the same files.
 */
export async function pdfShelfBench(vocab: Vocabulary, count: number, words: number, runs: number): Promise<PdfShelfFigures> {
  const files = Array.from({ length: count }, (_, i) => bookPdf(vocab, words, 91_000 + i).bytes);
  const read = (bytes: Uint8Array, i: number) =>
    readPdfSource({ uri: `file:///bench/shelf${i}.pdf`, name: `shelf${i}.pdf`, bytes, sidecar: { uri: `file:///bench/shelf${i}.yaml`, text: `title: Shelf Article ${i + 1}\ndate: 2020\n` } });
  await read(files[0], 0); // loads unpdf once, outside the timings
  const extractionCpu: number[] = [];
  const floorCpu: number[] = [];
  let pages = 0;
  let paragraphs = 0;
  for (let run = 0; run < runs; run++) {
    let started = cpuNow();
    pages = 0;
    for (const bytes of files) pages += await pdfjsFloor(bytes);
    floorCpu.push(cpuNow() - started);
    started = cpuNow();
    paragraphs = 0;
    for (let i = 0; i < files.length; i++) {
      const { source, problems } = await read(files[i], i);
      if (!source) throw new Error(`shelf PDF ${i} was not read: ${problems.map((p) => p.message).join('; ')}`);
      paragraphs += source.paragraphs.length;
    }
    extractionCpu.push(cpuNow() - started);
  }
  return { files: files.length, pages, bytes: files.reduce((sum, bytes) => sum + bytes.length, 0), extractionCpu, floorCpu, paragraphs };
}
