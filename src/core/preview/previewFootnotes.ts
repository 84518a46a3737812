// Markdown footnotes (`text[^1]` … `[^1]: the note`) in the editor's preview: VS Code's built-in preview follows
// CommonMark, which has no footnotes, so the notes Sourcebook writes for citations showed as raw `[^1]` text. A
// markdown-it plugin: each reference becomes a numbered superscript link, each definition moves to a numbered list
// of notes at the end (before Sourcebook's bibliography). It stands aside when another footnote plugin (such as the
// "Markdown Footnotes" extension's markdown-it-footnote) is installed in the same preview.

// The few markdown-it shapes the plugin touches (markdown-it's own types are not a runtime dependency).
interface Token {
  type: string;
  meta: unknown;
  block: boolean;
}
interface BlockState {
  src: string;
  bMarks: number[];
  eMarks: number[];
  tShift: number[];
  sCount: number[];
  blkIndent: number;
  line: number;
  env: FootnoteEnv;
}
interface InlineState {
  src: string;
  pos: number;
  posMax: number;
  env: FootnoteEnv;
  push(type: string, tag: string, nesting: number): Token;
}
interface CoreState {
  /** Set when markdown-it renders a fragment (`renderInline`, as the notes are), not a document. */
  inlineMode?: boolean;
  tokens: Token[];
  env: FootnoteEnv;
  Token: new (type: string, tag: string, nesting: number) => Token;
}
interface Ruler<State> {
  before(name: string, rule: string, fn: State, options?: { alt: string[] }): void;
  __rules__?: Array<{ name: string }>;
}
export interface FootnoteHost {
  block: { ruler: Ruler<(state: BlockState, startLine: number, endLine: number, silent: boolean) => boolean> };
  inline: { ruler: Ruler<(state: InlineState, silent: boolean) => boolean> };
  core: { ruler: { push(rule: string, fn: (state: CoreState) => void): void } };
  renderer: { rules: Record<string, ((tokens: Token[], idx: number, options: unknown, env: FootnoteEnv) => string) | undefined> };
  utils: { escapeHtml(text: string): string };
  renderInline(text: string, env: FootnoteEnv): string;
}

interface FootnoteEnv {
  /** Each footnote's text, by label (the first definition of a label counts). */
  sourcebookFootnotes?: Map<string, string>;
  /** Labels in the order they are first referred to: a note's number is its place here, from 1. */
  sourcebookFootnoteOrder?: string[];
}

const DEFINITION = /^\[\^([^\]\s]{1,100})\]:[ \t]?/;
const REFERENCE = /^\[\^([^\]\s]{1,100})\]/;
/** A line that starts another block, so it cannot continue a footnote's text. */
const BLOCK_START = /^(?:#{1,6}\s|>|```|~~~|---|\*\*\*|\[\^[^\]\s]{1,100}\]:)/;

export function installFootnotes(md: FootnoteHost): void {
  /** Another footnote plugin in this preview: it renders the notes, Sourcebook does not. */
  const otherPlugin = () => md.block.ruler.__rules__?.some((rule) => rule.name === 'footnote_def') ?? false;

  md.block.ruler.before(
    'reference',
    'sourcebook_footnote_def',
    (state, startLine, endLine, silent) => {
      if (state.sCount[startLine] - state.blkIndent >= 4 || otherPlugin()) return false;
      const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
      const first = DEFINITION.exec(lineText(startLine));
      if (!first) return false;
      if (silent) return true;
      const lines = [lineText(startLine).slice(first[0].length)];
      let next = startLine + 1;
      // The note goes on over the lines that follow it, up to a blank line or the start of another block.
      for (; next < endLine; next++) {
        const text = lineText(next);
        if (text.trim() === '' || BLOCK_START.test(text)) break;
        lines.push(text);
      }
      const notes = (state.env.sourcebookFootnotes ??= new Map());
      if (!notes.has(first[1])) notes.set(first[1], lines.join('\n').trim());
      state.line = next;
      return true;
    },
    { alt: ['paragraph', 'reference'] },
  );

  md.inline.ruler.before('link', 'sourcebook_footnote_ref', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x5e /* ^ */) return false;
    const match = REFERENCE.exec(state.src.slice(state.pos, Math.min(state.posMax, state.pos + 104)));
    if (!match || !state.env.sourcebookFootnotes?.has(match[1])) return false;
    if (!silent) {
      const order = (state.env.sourcebookFootnoteOrder ??= []);
      if (!order.includes(match[1])) order.push(match[1]);
      const token = state.push('sourcebook_footnote_ref', 'sup', 0);
      token.meta = order.indexOf(match[1]) + 1;
    }
    state.pos += match[0].length;
    return true;
  });

  md.core.ruler.push('sourcebook_footnotes', (state) => {
    if (state.inlineMode || !state.env.sourcebookFootnoteOrder?.length) return;
    const token = new state.Token('sourcebook_footnote_list', '', 0);
    token.block = true;
    // Notes before Sourcebook's bibliography, when the preview adds one.
    const bibliography = state.tokens.findIndex((t) => t.type === 'sourcebook_bibliography');
    state.tokens.splice(bibliography < 0 ? state.tokens.length : bibliography, 0, token);
  });

  md.renderer.rules.sourcebook_footnote_ref = (tokens, idx) => {
    const n = Number(tokens[idx].meta);
    return `<sup class="sourcebook-footnote-ref"><a href="#sourcebook-fn-${n}" id="sourcebook-fnref-${n}">${n}</a></sup>`;
  };

  md.renderer.rules.sourcebook_footnote_list = (_tokens, _idx, _options, env) => {
    const order = env.sourcebookFootnoteOrder ?? [];
    let html = '<section class="sourcebook-footnotes"><hr><ol>';
    order.forEach((label, i) => {
      const text = env.sourcebookFootnotes?.get(label) ?? '';
      html += `<li id="sourcebook-fn-${i + 1}">${md.renderInline(text, env)} <a href="#sourcebook-fnref-${i + 1}">↩</a></li>`;
    });
    return `${html}</ol></section>\n`;
  };
}
