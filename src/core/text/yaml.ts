// The YAML of Sourcebook's files (a source's front matter, an entity file), read the same way by both parsers:
// a repeated key found in linear time, nesting bounded before the parser sees the text, and each parser error
// placed at the line a writer should look at.
//
// The `yaml` package is imported statically here; the desktop build still loads it only on first use, as a chunk
// of its own (esbuild.js).

import { YAMLParseError, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';

/** Deepest nesting of brackets or indentation accepted. */
const MAX_YAML_DEPTH = 16;
const MAX_YAML_INDENT = 64;

/**
 * Parses YAML, reporting a repeated key as the parser's own `uniqueKeys` check would ("Map keys must be unique",
 * at the repeated key), but in linear time: the parser's check compares each key with every earlier one, and a
 * file of thousands of fields took seconds.
 */
export function parseYaml(text: string): Document.Parsed {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length === 0) {
    const at = repeatedKey(doc.contents, 0);
    if (at !== undefined) doc.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
  }
  return doc;
}

/** The offset of the first key repeated in a map anywhere in `node` (scalar keys compared by value). */
function repeatedKey(node: unknown, depth: number): number | undefined {
  if (depth > MAX_YAML_INDENT) return undefined;
  const items: unknown[] = [];
  if (isMap(node)) {
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (seen.has(key)) return (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
      seen.add(key);
      items.push(pair.value);
    }
  } else if (isSeq(node)) {
    items.push(...node.items);
  }
  for (const item of items) {
    const at = repeatedKey(item, depth + 1);
    if (at !== undefined) return at;
  }
  return undefined;
}

/** The first line of a YAML parser message, without its "at line …" (the caller gives the line). */
export function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return line.endsWith('.') ? line : `${line}.`;
}

/** Shortens a value read from the YAML, to quote it in a problem message. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max).trimEnd()}…` : text;
}

/** A function from an offset in `text` to its zero-based line, plus `firstLine` (binary search, O(log n)). */
export function lineFinder(text: string, firstLine = 0): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return firstLine + low;
  };
}

/**
 * The line a writer should look at for a YAML error. The parser notices an unclosed quotation mark or bracket
 * only where the text ends, so those are traced back to the line that opened them.
 */
export function yamlErrorLine(error: { code: string; message: string; pos: [number, number] }, yaml: string, lineOf: (offset: number) => number): number {
  const unclosed = unclosedOpenings(yaml);
  if (/quote/i.test(error.message) && unclosed.quote !== undefined) return lineOf(unclosed.quote);
  if (/flow|[\]}]/.test(error.message) && unclosed.bracket !== undefined) return lineOf(unclosed.bracket);
  if (error.code === 'MULTILINE_IMPLICIT_KEY') return lineOf(Math.max(0, error.pos[1] - 1));
  return lineOf(error.pos[0]);
}

/** Where a quoted scalar or a flow bracket opens and never closes (offsets), scanning as YAML would. */
function unclosedOpenings(yaml: string): { quote?: number; bracket?: number } {
  const brackets: number[] = [];
  let quote = '';
  let quoteStart = -1;
  let previous = '\n';
  for (let i = 0; i < yaml.length; i++) {
    const ch = yaml[i];
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && yaml[i + 1] === "'") i++;
        else quote = '';
      }
      continue;
    }
    if (ch === '#' && (previous === ' ' || previous === '\n')) {
      while (i + 1 < yaml.length && yaml[i + 1] !== '\n') i++;
      continue;
    }
    const opensValue = previous === '\n' || previous === ':' || previous === '-' || previous === '[' || previous === '{' || previous === ',';
    if ((ch === '"' || ch === "'") && opensValue) {
      quote = ch;
      quoteStart = i;
    } else if ((ch === '[' || ch === '{') && opensValue) brackets.push(i);
    else if ((ch === ']' || ch === '}') && brackets.length > 0) brackets.pop();
    if (ch === '\n') previous = '\n';
    else if (ch !== ' ' && ch !== '\t') previous = ch;
  }
  return { quote: quote ? quoteStart : undefined, bracket: brackets[0] };
}

/**
 * Refuses YAML nested deeper than anything a source or an entity file needs, before the YAML parser sees it, so
 * that a hostile file cannot exhaust the stack. Counts flow brackets and indentation. `what` names the YAML in
 * the message ("The front matter", "The entity index").
 */
export function checkYamlDepth(lines: string[], what: string): { message: string; line: number } | undefined {
  let depth = 0;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    let indent = 0;
    while (indent < line.length && (line[indent] === ' ' || line[indent] === '-')) indent++;
    if (indent > MAX_YAML_INDENT) {
      return { message: `${what} is indented too deeply: a source needs at most three levels.`, line: l };
    }
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && (i === 0 || line[i - 1] === ' ')) break;
      else if (ch === '[' || ch === '{') depth++;
      else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
      if (depth > MAX_YAML_DEPTH) {
        return { message: `${what} nests brackets too deeply: a source needs at most three levels.`, line: l };
      }
    }
  }
  return undefined;
}
