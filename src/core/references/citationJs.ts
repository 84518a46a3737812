// citation-js (https://citation.js.org) with its BibTeX/BibLaTeX and RIS plugins: the parsers of the writer's
// bibliography files. Loaded on first use, as a chunk of its own on the desktop (esbuild.js LAZY_LOCAL), through
// `import('./citationJs')` in bibFiles.ts. Only the plugins' documented steps are used: `@biblatex/text` (a file's
// text → raw entries, macros expanded), `@biblatex/entries+list` (raw entries → CSL-JSON, `crossref` resolved
// among the entries given) and `@ris/file` (RIS text → its records → CSL-JSON).
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

/** One BibTeX entry as the grammar reads it: field values are LaTeX, with `@string` macros expanded. */
export interface RawBibEntry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

export type CslRecord = Record<string, unknown>;

interface BibtexConfig {
  parse: { sentenceCase: 'never' | 'english' | 'always'; strict: boolean };
  constants: { defaultStrings: Record<string, string>; formattingCommands: Record<string, string | undefined> };
}

const config = plugins.config.get('@bibtex') as BibtexConfig;
// Titles become sentence case (CSL's form; styles that want title case make it) unless the entry says it is in
// another language than English; what the writer protected with braces is marked `nocase` (see `protectCase`).
config.parse.sentenceCase = 'english';
config.parse.strict = false;
/** The command `protectCase` (bibFiles.ts) wraps a protected group in, read as CSL's `nocase` markup. */
export const NOCASE_COMMAND = 'sourcebooknocase';
config.constants.formattingCommands[NOCASE_COMMAND] = 'nocase';
const builtInStrings = new Set(Object.keys(config.constants.defaultStrings));

/**
 * The entries of one piece of a .bib file. `strings` are the macros the file defined before it (`@string`); the
 * macros this piece defines are added to it. Throws a SyntaxError that names the line and column of the piece.
 */
export function parseBibText(text: string, strings: Record<string, string>): RawBibEntry[] {
  const defaults = config.constants.defaultStrings;
  const added = Object.keys(strings).filter((name) => !builtInStrings.has(name));
  const saved = Object.keys(strings).filter((name) => builtInStrings.has(name)).map((name) => [name, defaults[name]] as const);
  Object.assign(defaults, strings);
  try {
    return plugins.input.data(text, '@biblatex/text') as RawBibEntry[];
  } finally {
    // The grammar reads its macros from the plugin's defaults: put them back as they were.
    for (const name of added) delete defaults[name];
    for (const [name, value] of saved) defaults[name] = value;
  }
}

/** CSL-JSON for raw entries; a `crossref` is resolved when its parent is among them. */
export function bibEntriesToCsl(entries: readonly RawBibEntry[]): CslRecord[] {
  return plugins.input.data(entries, '@biblatex/entries+list') as CslRecord[];
}

/** CSL-JSON for the records of a RIS file's text. */
export function parseRisText(text: string): CslRecord[] {
  return plugins.input.chain(text, { forceType: '@ris/file', generateGraph: false }) as CslRecord[];
}
