// Checks a writer's .csl file before the CSL engine sees it: the engine's own XML reader is lenient and fails late
// with messages about its internals. This says what is wrong and where (line numbers are zero-based, as in Result).
import { fail, ok, type Result } from '../types';

/** How a style cites in running text: its `<style class="…">`. */
export type StyleClass = 'in-text' | 'note';

export interface CslXmlSummary {
  /** `<info><id>`, usually a URI such as http://www.zotero.org/styles/apa. */
  id?: string;
  title?: string;
  styleClass: StyleClass;
}

const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTRIBUTE = /([^\s=]+)\s*=\s*("[^"]*"|'[^']*')/y;

function lineAt(xml: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i += 1) if (xml.charCodeAt(i) === 10) line += 1;
  return line;
}

function decode(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Well-formedness (balanced, properly quoted tags), then the shape CSL requires: `<style class>` with a citation layout. */
export function checkCslXml(xml: unknown): Result<CslXmlSummary> {
  if (typeof xml !== 'string' || xml.trim() === '') return fail('The style file is empty: a .csl file is XML starting with <style>.');
  const bad = (message: string, offset: number) => fail(`The style is not valid CSL: ${message} (line ${lineAt(xml, offset) + 1}).`, { line: lineAt(xml, offset) });
  const stack: Array<{ name: string; offset: number }> = [];
  const seen = new Set<string>();
  let root: { name: string; attrs: Map<string, string> } | undefined;
  let info: CslXmlSummary = { styleClass: 'in-text' };
  let pendingText: 'id' | 'title' | undefined;
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open < 0) {
      if (xml.slice(i).trim() !== '' && stack.length === 0 && root) return bad('text after the closing </style>', i);
      break;
    }
    const between = xml.slice(i, open);
    if (between.trim() !== '') {
      if (stack.length === 0) return bad(`text outside the <style> element ("${between.trim().slice(0, 30)}")`, i);
      if (pendingText && stack.length >= 2 && stack[stack.length - 2].name === 'info') info = { ...info, [pendingText]: decode(between) };
    }
    if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4);
      if (end < 0) return bad('a comment <!-- is never closed with -->', open);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open);
      if (end < 0) return bad('a <![CDATA[ section is never closed', open);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', open) || xml.startsWith('<!', open)) {
      const end = xml.indexOf('>', open);
      if (end < 0) return bad('a declaration is never closed with >', open);
      i = end + 1;
      continue;
    }
    const close = findTagEnd(xml, open + 1);
    if (close < 0) return bad('a tag is never closed with >', open);
    const body = xml.slice(open + 1, close);
    i = close + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      const top = stack.pop();
      if (!top) return bad(`</${name}> closes an element that was never opened`, open);
      if (top.name !== name) return bad(`<${top.name}> (line ${lineAt(xml, top.offset) + 1}) is closed by </${name}>`, open);
      pendingText = undefined;
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nameMatch = /^[^\s/>]+/.exec(inner);
    const name = nameMatch ? nameMatch[0] : '';
    if (!NAME.test(name)) return bad(`"<${inner.slice(0, 20)}" is not a valid tag`, open);
    const attrs = new Map<string, string>();
    let rest = inner.slice(name.length);
    let pos = 0;
    while (rest.slice(pos).trim() !== '') {
      const ws = /^\s+/.exec(rest.slice(pos));
      if (!ws) return bad(`attributes of <${name}> must be separated by spaces`, open);
      pos += ws[0].length;
      if (rest.slice(pos) === '') break;
      ATTRIBUTE.lastIndex = pos;
      const attr = ATTRIBUTE.exec(rest);
      if (!attr) return bad(`an attribute of <${name}> is malformed (values need quotes: name="value")`, open);
      if (attrs.has(attr[1])) return bad(`<${name}> has the attribute "${attr[1]}" twice`, open);
      attrs.set(attr[1], decode(attr[2].slice(1, -1)));
      pos = ATTRIBUTE.lastIndex;
    }
    rest = '';
    if (stack.length === 0) {
      if (root) return bad(`a second root element <${name}>: everything must be inside <style>`, open);
      root = { name, attrs };
    }
    seen.add(name);
    pendingText = (name === 'id' || name === 'title') && stack.length > 0 && stack[stack.length - 1].name === 'info' ? name : undefined;
    if (!selfClosing) stack.push({ name, offset: open });
  }
  if (stack.length > 0) {
    const top = stack[stack.length - 1];
    return bad(`<${top.name}> is never closed`, top.offset);
  }
  if (!root) return fail('The style is not valid CSL: it has no elements; a .csl file is XML starting with <style>.');
  if (root.name !== 'style') return fail(`The style is not valid CSL: its root element is <${root.name}>, not <style>.`);
  const cls = root.attrs.get('class');
  if (cls !== 'in-text' && cls !== 'note') {
    return fail(`The style is not valid CSL: <style> needs class="in-text" or class="note" (it has ${cls === undefined ? 'none' : `"${cls}"`}).`);
  }
  if (!seen.has('citation')) return fail('The style is not valid CSL: it has no <citation> element.');
  if (!seen.has('layout')) return fail('The style is not valid CSL: it has no <layout> element.');
  if (root.attrs.get('xmlns') !== 'http://purl.org/net/xbiblio/csl') {
    return fail('The style is not valid CSL: <style> must declare xmlns="http://purl.org/net/xbiblio/csl".');
  }
  return ok({ ...info, styleClass: cls });
}

/** The `>` ending a tag that starts at `from`, skipping quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i += 1) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    } else if (c === '<') {
      return -1;
    }
  }
  return -1;
}
