// Citations in rendered Markdown (the editor's preview): a markdown-it plugin that shows `[@key, para. N]` as the
// formatted citation in a style (a note style's citations as numbered notes listed at the end), with the
// bibliography after. Synchronous throughout, as markdown-it is: it uses only the `*Sync` methods of a style already
// prepared, and shows the citation as written when `ready` says nothing is ready yet or a key is unknown.
import type { Sourcebook } from '../sourcebook';
import type { CiteItem } from '../types';
import type { StyleInfo } from '../citations/styles';
import { parsePandocCitation } from '../drafts/draftCitations';
import { bibliographyHeading } from '../drafts/bibliographyBlock';
import { BIBLIOGRAPHY_START } from '../drafts/draftReader';

// The few markdown-it shapes the plugin touches (markdown-it's own types are not a runtime dependency).
interface Token {
  type: string;
  content: string;
  meta: unknown;
  block: boolean;
  children: Token[] | null;
}
interface InlineState {
  src: string;
  pos: number;
  posMax: number;
  push(type: string, tag: string, nesting: number): Token;
}
interface CoreState {
  /** Set when markdown-it renders a fragment (`renderInline`), not a document. */
  inlineMode?: boolean;
  src: string;
  tokens: Token[];
  env: Env;
  Token: new (type: string, tag: string, nesting: number) => Token;
}
type RenderRule = (tokens: Token[], idx: number, options: unknown, env: Env, self: unknown) => string;
export interface MarkdownIt {
  inline: { ruler: { before(name: string, rule: string, fn: (state: InlineState, silent: boolean) => boolean): void } };
  core: { ruler: { push(rule: string, fn: (state: CoreState) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
  utils: { escapeHtml(text: string): string };
}

interface Env {
  /** The document being rendered, as the host names it (VS Code's preview: its URI); handed to `ready`. */
  currentDocument?: unknown;
  sourcebookCited?: string[];
  /** Every source the document cites (set before rendering), among which citations are told apart. */
  sourcebookAllCited?: string[];
  sourcebookNotes?: string[];
  /** Footnotes' texts by label, when previewFootnotes.ts renders the draft's footnotes. */
  sourcebookFootnotes?: Map<string, string>;
}

/**
 * Installs the citation rule and renderers on `md`; `ready` gives the Sourcebook and the style for the document being
 * rendered (the env's `currentDocument`, undefined when the host names none), or undefined while none is ready.
 */
export function installCitations(md: MarkdownIt, ready: (document: unknown) => { sourcebook: Sourcebook; style: StyleInfo } | undefined): void {
  md.inline.ruler.before('link', 'sourcebook_citation', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
    const parsed = parsePandocCitation(state.src.slice(0, state.posMax), state.pos);
    if (!parsed) return false;
    const next = state.src[parsed.end];
    if (next === '(' || next === '[') return false; // a link whose text starts with @
    if (!silent) {
      const token = state.push('sourcebook_citation', '', 0);
      token.content = state.src.slice(parsed.start, parsed.end);
      token.meta = parsed.items;
    }
    state.pos = parsed.end;
    return true;
  });

  md.renderer.rules.sourcebook_citation = (tokens, idx, _options, env) => {
    const token = tokens[idx];
    const raw = md.utils.escapeHtml(token.content);
    const current = ready(env.currentDocument);
    if (!current) return raw;
    const items = token.meta as CiteItem[];
    const cited = (env.sourcebookCited ??= []);
    const isNote = current.style.class === 'note';
    const result = current.sourcebook.citations.citeSync({
      style: current.style.id,
      items,
      form: isNote ? 'footnote' : 'plain',
      output: 'html',
      citedBefore: cited,
      cited: env.sourcebookAllCited,
    });
    for (const item of items) if (!cited.includes(item.key)) cited.push(item.key);
    if (!result.ok) return `<span class="sourcebook-citation-unknown" title="${md.utils.escapeHtml(result.message)}">${raw}</span>`;
    if (isNote) {
      const notes = (env.sourcebookNotes ??= []);
      notes.push(result.value);
      const n = notes.length;
      return `<sup class="sourcebook-note-ref"><a href="#sourcebook-note-${n}" id="sourcebook-note-ref-${n}">${n}</a></sup>`;
    }
    return `<span class="sourcebook-citation" title="${raw}">${result.value}</span>`;
  };

  md.core.ruler.push('sourcebook_bibliography', (state) => {
    if (state.inlineMode) return; // a fragment (a footnote's text), not the document
    const keys: string[] = [];
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        if (child.type !== 'sourcebook_citation') continue;
        for (const item of child.meta as CiteItem[]) if (!keys.includes(item.key)) keys.push(item.key);
      }
    }
    // Citations inside footnotes (their text is kept aside by previewFootnotes.ts until the notes are rendered).
    for (const note of state.env.sourcebookFootnotes?.values() ?? []) {
      for (let at = note.indexOf('[@'); at >= 0; at = note.indexOf('[@', at + 1)) {
        for (const item of parsePandocCitation(note, at)?.items ?? []) if (!keys.includes(item.key)) keys.push(item.key);
      }
    }
    state.env.sourcebookAllCited = keys;
    if (state.src.includes(BIBLIOGRAPHY_START)) return; // the draft carries its own bibliography (Insert Bibliography)
    if (keys.length === 0) return;
    const token = new state.Token('sourcebook_bibliography', '', 0);
    token.block = true;
    token.meta = keys;
    state.tokens.push(token);
  });

  md.renderer.rules.sourcebook_bibliography = (tokens, idx, _options, env) => {
    const current = ready(env.currentDocument);
    if (!current) return '';
    const keys = (tokens[idx].meta as string[]).filter((key) => current.sourcebook.library.source(key));
    let html = '';
    const notes = env.sourcebookNotes ?? [];
    if (notes.length > 0) {
      html += '<section class="sourcebook-notes"><hr><ol>';
      notes.forEach((note, i) => {
        html += `<li id="sourcebook-note-${i + 1}">${note} <a href="#sourcebook-note-ref-${i + 1}">↩</a></li>`;
      });
      html += '</ol></section>';
    }
    if (keys.length === 0) return html;
    const entries = current.sourcebook.citations.bibliographySync(current.style.id, keys, 'html');
    if (!entries.ok) return html;
    html += `<section class="sourcebook-bibliography"><h2>${md.utils.escapeHtml(bibliographyHeading(current.style))}</h2>`;
    for (const entry of entries.value) html += `<div class="sourcebook-bibliography-entry">${entry}</div>`;
    return `${html}</section>\n`;
  };
}
