// Export Draft: what Pandoc is given to turn a draft into Word, PDF, HTML or OpenDocument with its citations and
// bibliography (the program is run at the edge, src/edge/pandocProcess.ts; this file only decides). An argument list,
// never a shell string. The draft's text goes to Pandoc as written, line for line, so a line Pandoc names in an error
// is the draft's line:
// - Sourcebook's footnotes are Markdown footnotes, which Pandoc makes real footnotes;
// - `[@key]` citations are formatted by Pandoc's citeproc with the same CSL style Sourcebook uses (`--csl`), from the
//   cited sources as CSL-JSON (`--bibliography`), so a notes style gives the full first note and short later ones;
// - the bibliography appears once: a draft with Sourcebook's bibliography block keeps it, and Pandoc is told to print
//   none (`suppress-bibliography`); a draft without one gets Pandoc's, headed as the style heads it, listing every
//   source cited — in Sourcebook's footnotes too (`nocite`).
import { bibliographyHeading } from '../drafts/bibliographyBlock';
import { readDraft, type DraftFormat } from '../drafts/draftReader';
import type { StyleInfo } from '../citations/styles';

export type ExportFormat = 'docx' | 'pdf' | 'html' | 'odt';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['docx', 'pdf', 'html', 'odt'];

/** The first Pandoc with `--citeproc` built in (2.11, October 2020). */
export const MINIMUM_PANDOC: readonly [number, number] = [2, 11];

/** The version `pandoc --version` prints on its first line ("pandoc 2.17.1.1", "pandoc.exe 3.1"), as numbers. */
export function parsePandocVersion(output: string): number[] | undefined {
  const first = output.split(/\r?\n/, 1)[0] ?? '';
  const match = /^pandoc(?:\.exe)?\s+v?(\d+(?:\.\d+)*)/i.exec(first.trim());
  return match ? match[1].split('.').map(Number) : undefined;
}

/** Whether a Pandoc of this version has `--citeproc` (2.11 or later). */
export function hasCiteproc(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MINIMUM_PANDOC[0] || (major === MINIMUM_PANDOC[0] && minor >= MINIMUM_PANDOC[1]);
}

/**
 * PDF engines Pandoc can drive, in the order Sourcebook picks the first installed: the LaTeX engines first (pdflatex
 * is the quickest, and Pandoc's template sets it up for UTF-8), then the HTML-to-PDF ones.
 */
export const PDF_ENGINES: readonly string[] = ['pdflatex', 'xelatex', 'lualatex', 'tectonic', 'wkhtmltopdf', 'weasyprint', 'prince', 'pagedjs-cli'];

/** The first engine of `PDF_ENGINES` that is installed. */
export function choosePdfEngine(installed: (program: string) => boolean): string | undefined {
  return PDF_ENGINES.find(installed);
}

export const NO_PDF_ENGINE =
  'Exporting to PDF needs a PDF engine Pandoc can use, and none is installed: install TeX Live (pdflatex, xelatex or lualatex: on Debian or Ubuntu `sudo apt install texlive-latex-recommended`, on macOS MacTeX, on Windows MiKTeX), or wkhtmltopdf or WeasyPrint.';

/** What the draft sends to Pandoc, and how its bibliography is handled. */
export interface PreparedDraft {
  /** The text for Pandoc: the draft as written (line for line), Markdown. */
  text: string;
  /** The draft has Sourcebook's bibliography block: Pandoc prints none of its own. */
  keepsOwnBibliography: boolean;
  /** The draft's front matter names a title (else the HTML page is titled by the file name). */
  hasTitle: boolean;
}

/**
 * Reads the draft for Pandoc: whether it has Sourcebook's bibliography, whether its front matter names a title. A
 * plain-text draft is read as Markdown, its bibliography markers (lines of their own, `[sourcebook:bibliography:start]`)
 * blanked so they are not printed; Markdown's are HTML comments, which no export prints.
 */
export function prepareDraft(text: string, format: DraftFormat): PreparedDraft {
  const reading = readDraft(text, format);
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text)?.[1] ?? '';
  const block = reading.bibliography;
  let sent = text;
  if (block && format === 'plain') {
    const inside = text.slice(block.start, block.end).replace(/^[ \t]*\[sourcebook:bibliography:(?:start|end)\][ \t]*$/gm, '');
    sent = text.slice(0, block.start) + inside + text.slice(block.end);
  }
  return { text: sent, keepsOwnBibliography: block !== undefined, hasTitle: /^title\s*:\s*\S/m.test(frontMatter) };
}

export interface PandocOptions {
  format: ExportFormat;
  /** The draft's Markdown, written to a file: Pandoc reads it from there, so its line numbers are the draft's. */
  inputFile: string;
  outputFile: string;
  /** The folder of the draft: pictures and relative paths are found from there. */
  resourcePath?: string;
  /** The style's CSL file: a bundled style written out, or the writer's .csl as it is. */
  cslFile: string;
  /** The cited sources as CSL-JSON. */
  bibliographyFile: string;
  style: Pick<StyleInfo, 'id'>;
  /** The style's locale (`en-US`, `en-GB`): Pandoc's `lang`, which citeproc formats dates and terms in. */
  lang?: string;
  /** Every source the draft cites (in `[@key]` citations and in Sourcebook's notes). */
  citedKeys: readonly string[];
  prepared: Pick<PreparedDraft, 'keepsOwnBibliography' | 'hasTitle'>;
  /** The file `nocitedMetadata` was written to (when Pandoc prints the bibliography). */
  metadataFile?: string;
  /** A title for an HTML page whose draft names none (the file name). */
  fallbackTitle?: string;
  /** `sourcebook.export.referenceDoc`: a Word or OpenDocument file whose styles the export takes. */
  referenceDoc?: string;
  /** For PDF: the engine (see `choosePdfEngine`). */
  pdfEngine?: string;
  /** For PDF through a LaTeX engine without Latin Modern: `fontFallbackArgs`. */
  fontFallback?: readonly string[];
}

/** Pandoc's `-t` for each export format (PDF: through the engine; `-t` is left to the output's extension). */
const WRITER: Record<ExportFormat, string | undefined> = { docx: 'docx', odt: 'odt', html: 'html5', pdf: undefined };

/** Pandoc's arguments, one string each: never joined into a shell command. */
export function pandocArgs(options: PandocOptions): string[] {
  const args = [options.inputFile, '--from', 'markdown', '--output', options.outputFile];
  const writer = WRITER[options.format];
  if (writer) args.push('--to', writer);
  args.push('--standalone', '--citeproc', '--csl', options.cslFile, '--bibliography', options.bibliographyFile);
  if (options.resourcePath) args.push('--resource-path', options.resourcePath);
  if (options.lang) args.push('--metadata', `lang=${options.lang}`);
  if (options.prepared.keepsOwnBibliography) {
    // Sourcebook's block is the bibliography: Pandoc formats the citations only (and links nowhere).
    args.push('--metadata', 'suppress-bibliography=true');
  } else {
    args.push('--metadata', 'link-citations=true', '--metadata', `reference-section-title=${bibliographyHeading(options.style)}`);
    // Sources cited only in Sourcebook's notes (formatted text, no key Pandoc sees) are listed too: `nocite` must be
    // read as Markdown (citations), which `--metadata` does not do and a metadata file does.
    if (options.metadataFile) args.push('--metadata-file', options.metadataFile);
  }
  if (options.format === 'html' && !options.prepared.hasTitle && options.fallbackTitle) args.push('--metadata', `pagetitle=${options.fallbackTitle}`);
  if (options.referenceDoc && (options.format === 'docx' || options.format === 'odt')) args.push('--reference-doc', options.referenceDoc);
  if (options.format === 'pdf' && options.pdfEngine) args.push('--pdf-engine', options.pdfEngine);
  if (options.format === 'pdf' && options.fontFallback) args.push(...options.fontFallback);
  return args;
}

/** A key as Pandoc's Markdown cites it: `@key`, or `@{key}` when it holds characters a bare key cannot end with. */
function citeKey(key: string): string {
  return /^[\p{L}\p{N}_]([\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?$/u.test(key) ? `@${key}` : `@{${key}}`;
}

/** The YAML metadata file that lists every cited source in Pandoc's bibliography (`nocite`), or none to write. */
export function nocitedMetadata(citedKeys: readonly string[]): string | undefined {
  if (citedKeys.length === 0) return undefined;
  return `---\nnocite: |\n  ${citedKeys.map(citeKey).join(', ')}\n...\n`;
}

/** The LaTeX engines, whose PDF goes through Pandoc's LaTeX template. */
export const LATEX_ENGINES: ReadonlySet<string> = new Set(['pdflatex', 'xelatex', 'lualatex', 'tectonic']);

/**
 * Pandoc's LaTeX template loads `lmodern`; a TeX installation without it (Debian's TeX Live without the `lmodern`
 * package) fails with "File `lmodern.sty' not found". Then the PDF is set in TeX's own Computer Modern instead (the
 * template is given `fix-cm`, part of LaTeX itself, as its font package, and microtype no font expansion, which
 * Computer Modern's bitmap fonts cannot do) rather than not at all. `kpsewhich lmodern.sty` says whether it is there.
 */
export function fontFallbackArgs(engine: string, lmodernFound: boolean): string[] {
  return LATEX_ENGINES.has(engine) && !lmodernFound ? ['--variable', 'fontfamily=fix-cm', '--variable', 'microtypeoptions=expansion=false'] : [];
}

/**
 * The line of the draft a failed Pandoc names, if any. A PDF's LaTeX errors ("Error producing PDF.", "l.9") name
 * lines of the LaTeX Pandoc wrote, not of the draft: none.
 */
export function pandocErrorLine(stderr: string, lineCount: number): number | undefined {
  return /Error producing PDF/i.test(stderr) ? undefined : messageLine(stderr, lineCount);
}

/** latexmk's arguments for a LaTeX draft's PDF (as the README's LaTeX section compiles it), into `outputDirectory`. */
export function latexmkArgs(texFile: string, outputDirectory: string): string[] {
  return ['-pdf', '-interaction=nonstopmode', '-halt-on-error', `-outdir=${outputDirectory}`, texFile];
}

/**
 * The line of the draft a Pandoc (or LaTeX) message names, if it names one: "(line 12, column 3)", "at line 12",
 * "line 12:", a LaTeX log's "l.12". Only numbers inside the draft count.
 */
export function messageLine(message: string, lineCount: number): number | undefined {
  const patterns = [/\bline\s+(\d+)\b/i, /^l\.(\d+)\s/m];
  for (const pattern of patterns) {
    const match = pattern.exec(message);
    if (match) {
      const line = Number(match[1]);
      if (line >= 1 && line <= lineCount) return line;
    }
  }
  return undefined;
}

/** The file name of the export: the draft's name with the format's extension. */
export function exportFileName(draftName: string, format: ExportFormat): string {
  const base = draftName.replace(/\.[^./\\]*$/, '') || draftName;
  return `${base}.${format}`;
}
