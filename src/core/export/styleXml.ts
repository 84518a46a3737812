// A bundled style as the CSL XML file Pandoc's citeproc reads (`--csl`): the compact JSON tree the build extracted
// (src/generated/styles/) written back as XML, so Pandoc formats with exactly the style, patches included, that
// Sourcebook formats with everywhere else. Also the locale a style names (`default-locale`), for `-M lang=`.
import { findBundledStyle } from '../citations/styles';
import { fail, ok, type Result } from '../types';

interface CompactNode {
  n: string;
  a?: Record<string, string>;
  c?: Array<CompactNode | string>;
}

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string) => escapeText(value).replace(/"/g, '&quot;');

function write(node: CompactNode, out: string[]): void {
  const attributes = Object.entries(node.a ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const children = node.c ?? [];
  if (children.length === 0 || (children.length === 1 && children[0] === '')) {
    out.push(`<${node.n}${attributes}/>`);
    return;
  }
  out.push(`<${node.n}${attributes}>`);
  for (const child of children) {
    if (typeof child === 'string') out.push(escapeText(child));
    else write(child, out);
  }
  out.push(`</${node.n}>`);
}

/** The CSL XML of a bundled style, or an error value for a style Sourcebook does not bundle. */
export function bundledStyleXml(id: string): Result<string> {
  const style = findBundledStyle(id);
  if (!style) return fail(`Unknown citation style "${id}".`);
  const root = JSON.parse(style.json) as CompactNode;
  if (root.n === 'style' && !root.a?.xmlns) root.a = { xmlns: 'http://purl.org/net/xbiblio/csl', ...root.a };
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  write(root, out);
  return ok(`${out.join('')}\n`);
}

/** The locale a CSL style names on its root (`default-locale="en-GB"`), if any. */
export function styleLocale(xml: string): string | undefined {
  const root = /<style\b[^>]*>/.exec(xml)?.[0];
  return root ? /\bdefault-locale\s*=\s*["']([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)["']/.exec(root)?.[1] : undefined;
}
