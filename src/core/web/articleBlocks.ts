// The article's text as a reader counts it: headings, paragraphs and block quotations, in order. Lists give one
// paragraph per item, a table one per row; figures' captions and images are not the author's running text and are
// kept only as comments. Also the page's chrome taken out before the article is looked for: navigation, cookie
// banners, share buttons, related links, reader comments, view counters, sign-up forms and footers.
import type { DomElement, DomNode } from './dom';
import { ELEMENT_NODE, TEXT_NODE, visibleText } from './dom';

export type ArticleBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'caption'; text: string };

/** Elements that are never the article. */
const CHROME_TAGS = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, nav, footer, aside, dialog';
/** Class or id words of the chrome pages wrap around their articles. */
const CHROME_MARKS =
  /(?:^|[\s_-])(?:comments?|comment-list|respond|cookies?|cookie-?banner|consent|gdpr|share|sharing|social|newsletter|related|subscribe|subscription|signup|promo|advert\w*|ads?|sponsored|donate|paywall|view-?count\w*|views|breadcrumbs?|skip-?link|contributor\w*|author-?bio|(?:post|entry|article)-?meta|meta|dateline|site-?header|site-?footer|masthead|menu|sidebar|widget)(?:$|[\s_-])/i;
/** Class words naming a feature of the element, not its part of the page. */
const FEATURE_CLASS = /^(?:has|with|no|show|enable[sd]?|is)[-_]/i;
const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|dialog|alertdialog|search)$/i;

/** Removes the page's chrome from `root` in place. Returns how many elements were removed. */
export function removeChrome(root: { querySelectorAll(selector: string): ArrayLike<DomElement> }): number {
  let removed = 0;
  for (const element of Array.from(root.querySelectorAll(CHROME_TAGS))) {
    element.remove();
    removed++;
  }
  for (const element of Array.from(root.querySelectorAll('[class], [id], [role], [aria-hidden], [hidden]'))) {
    const tag = element.tagName.toLowerCase();
    if (tag === 'html' || tag === 'body' || tag === 'main') continue;
    // A class saying what an element has or shows ("has-comments", "with-share") is not what it is: older themes put
    // the whole post in a <div class="post has-comments">.
    const marks = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`
      .split(/\s+/)
      .filter((word) => !FEATURE_CLASS.test(word))
      .join(' ');
    // An <article> is chrome only when it is a reader's comment ("comment", "comment-body"): the article itself
    // may well carry "has-comments" or "share-enabled".
    if (tag === 'article' && !/(?:^|\s)comment/i.test(marks)) continue;
    if (
      CHROME_MARKS.test(marks) ||
      CHROME_ROLES.test(element.getAttribute('role') ?? '') ||
      element.getAttribute('aria-hidden') === 'true' ||
      element.getAttribute('hidden') !== null
    ) {
      element.remove();
      removed++;
    }
  }
  return removed;
}

const HEADING = /^h([1-6])$/;
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'header', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'details', 'center', 'span', 'body', 'html']);

/** The blocks of an article element (Readability's result, or any element). */
export function articleBlocks(root: DomElement): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  walk(root, blocks, 0);
  return blocks;
}

function walk(element: DomElement, blocks: ArticleBlock[], depth: number): void {
  if (depth > 60) return;
  const tag = element.tagName.toLowerCase();
  const heading = HEADING.exec(tag);
  if (heading) {
    push(blocks, { kind: 'heading', level: Number(heading[1]), text: visibleText(element.textContent) });
    return;
  }
  if (tag === 'blockquote') {
    const lines = quoteLines(element);
    if (lines.length > 0) blocks.push({ kind: 'quote', lines });
    return;
  }
  if (tag === 'figure') {
    const caption = element.querySelector('figcaption');
    if (caption) push(blocks, { kind: 'caption', text: visibleText(caption.textContent) });
    return;
  }
  if (tag === 'figcaption') {
    push(blocks, { kind: 'caption', text: visibleText(element.textContent) });
    return;
  }
  if (tag === 'img' || tag === 'picture' || tag === 'video' || tag === 'audio' || tag === 'hr' || tag === 'br') return;
  if (tag === 'p' || tag === 'pre' || tag === 'dd' || tag === 'dt' || tag === 'tr' || !hasBlockChild(element)) {
    if (tag === 'tr') {
      const cells = Array.from(element.children).map((cell) => visibleText(cell.textContent)).filter(Boolean);
      push(blocks, { kind: 'paragraph', text: cells.join(' · ') });
      return;
    }
    push(blocks, { kind: 'paragraph', text: visibleText(element.textContent) });
    return;
  }
  // A container (or an item holding blocks): text directly inside it between its blocks is a paragraph of its own.
  let loose = '';
  const flush = () => {
    push(blocks, { kind: 'paragraph', text: visibleText(loose) });
    loose = '';
  };
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === TEXT_NODE) loose += node.textContent ?? '';
    else if (node.nodeType === ELEMENT_NODE) {
      const child = node as DomElement;
      if (isBlock(child)) {
        flush();
        walk(child, blocks, depth + 1);
      } else loose += child.textContent ?? '';
    }
  }
  flush();
}

function isBlock(element: DomElement): boolean {
  const tag = element.tagName.toLowerCase();
  if (tag === 'span') return hasBlockChild(element);
  return CONTAINERS.has(tag) || HEADING.test(tag) || ['p', 'pre', 'blockquote', 'figure', 'figcaption', 'li', 'dd', 'dt', 'tr', 'img', 'picture', 'hr', 'video', 'audio'].includes(tag);
}

function hasBlockChild(element: DomElement): boolean {
  return Array.from(element.children).some((child) => isBlock(child));
}

/** A block quotation's lines: one per paragraph inside it (one quotation, one paragraph of the source). */
function quoteLines(element: DomElement): string[] {
  const parts = Array.from(element.querySelectorAll('p, li'));
  const lines = parts.length > 0 ? parts.map((part) => visibleText(part.textContent)) : visibleText(element.textContent).split(/\n/);
  return lines.map((line) => visibleText(line)).filter(Boolean);
}

function push(blocks: ArticleBlock[], block: ArticleBlock): void {
  if ('text' in block && !block.text) return;
  blocks.push(block);
}

export type { DomNode };
