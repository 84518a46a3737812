// Where each entry of a .bib file begins and ends, so that the file can be parsed entry by entry and one broken
// entry stays one problem: the entries before and after it still load. Only the boundaries are found here (an
// `@type{` or `@type(` at the start of a line, then balanced braces); the fields are read by citation-js.
//
// An entry whose braces never balance ends where the next line starting with `@type{` begins (or at the end of the
// file): it is reported as missing its closing brace, and the next entry is read as usual.

export interface BibChunk {
  /** Entry type, lower case: `article`, `string`, `comment`, `preamble`, … */
  type: string;
  /** The citation key as written (empty when there is none); undefined for `@string`, `@comment`, `@preamble`. */
  key?: string;
  /** Zero-based line of the `@`. */
  line: number;
  /** The entry's text, from `@` to its closing brace (or to where the next entry begins). */
  text: string;
  /** False when the braces never balanced. */
  closed: boolean;
}

const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/;
const NON_ENTRIES = new Set(['string', 'comment', 'preamble']);

/**
 * The entries of a .bib file's text, in order, one at a time (the caller may pause between them). Text between
 * entries (comments, anything else) is skipped.
 */
export function* scanBibEntries(text: string): Generator<BibChunk> {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const startsEntry = (line: number): RegExpExecArray | null => {
    const start = lineStarts[line];
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    return ENTRY_START.exec(text.slice(start, Math.min(end, start + 200)));
  };
  let line = 0;
  while (line < lineStarts.length) {
    const match = startsEntry(line);
    if (!match) {
      line++;
      continue;
    }
    const type = match[1].toLowerCase();
    const from = lineStarts[line] + match[0].length - 1;
    const close = text[from] === '(' ? ')' : '}';
    if (type === 'comment') {
      // `@comment{…}` (JabRef's metadata, Better BibTeX's): skipped to its closing brace, or to the line's end.
      const end = balancedEnd(text, from, close);
      const endLine = end === -1 ? line : lineOf(lineStarts, end, line);
      yield { type, line, text: text.slice(lineStarts[line], end === -1 ? lineEnd(text, lineStarts, line) : end + 1), closed: true };
      line = endLine + 1;
      continue;
    }
    const end = balancedEnd(text, from, close);
    // Unbalanced, or balanced only by swallowing a later entry: it ends before the next entry's line.
    let next = line + 1;
    const limit = end === -1 ? lineStarts.length : lineOf(lineStarts, end, line) + 1;
    while (next < limit && !startsEntry(next)) next++;
    const closed = next >= limit && end !== -1;
    const stop = closed ? end + 1 : next < lineStarts.length ? lineStarts[next] : text.length;
    const body = text.slice(lineStarts[line], stop);
    const chunk: BibChunk = { type, key: NON_ENTRIES.has(type) ? undefined : keyOf(text, from + 1, stop), line, text: closed ? body : body.trimEnd(), closed };
    line = closed ? lineOf(lineStarts, end, line) + 1 : next;
    yield chunk;
  }
}

/** The index of the brace closing the one at `from` (or `)` for an entry opened with `(`), or -1. */
function balancedEnd(text: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}') {
      if (depth === 0) return close === '}' ? i : -1;
      depth--;
    } else if (char === ')' && close === ')' && depth === 0) return i;
  }
  return -1;
}

/** The key: what stands between the opening brace and the first comma, when it is one word. */
function keyOf(text: string, from: number, stop: number): string {
  const comma = text.indexOf(',', from);
  const candidate = (comma === -1 || comma > stop ? text.slice(from, stop) : text.slice(from, comma)).trim();
  return /^[^\s"#%'(),={}]+$/.test(candidate) ? candidate : '';
}

function lineOf(lineStarts: readonly number[], offset: number, from: number): number {
  let line = from;
  while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
  return line;
}

function lineEnd(text: string, lineStarts: readonly number[], line: number): number {
  return line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
}
