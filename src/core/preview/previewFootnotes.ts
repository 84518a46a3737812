// Markdown footnotes (`text[^1]` … `[^1]: the note`) in the editor's preview: VS Code's built-in preview follows
// CommonMark, which has no footnotes, so the notes Sourcebook writes for citations showed as raw `[^1]` text. A
// markdown-it plugin: each reference becomes a numbered superscript link, each definition moves to a numbered list
// of notes at the end (before Sourcebook's bibliography). It stands aside when another footnote plugin (such as the
// "Markdown Footnotes" extension's markdown-it-footnote) is installed in the same preview. A note and a reference are
// what the draft reader reads as one (drafts/draftReader.ts): the same lines make a note for the preview, the hover,
// the quotation check and note numbering.
import { continuesFootnote, footnoteDefinitionHead, footnoteReferenceAt } from '../drafts/draftReader';

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

export function installFootnotes(md: FootnoteHost): void {
  /** Another footnote plugin in this preview: it renders the notes, Sourcebook does not. */
  const otherPlugin = () => md.block.ruler.__rules__?.some((rule) => rule.name === 'footnote_def') ?? false;

  md.block.ruler.before(
    'reference',
    'sourcebook_footnote_def',
    (state, startLine, endLine, silent) => {
      if (state.sCount[startLine] - state.blkIndent >= 4 || otherPlugin()) return false;
      const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
      const rawLine = (line: number) => state.src.slice(state.bMarks[line], state.eMarks[line]);
      const first = footnoteDefinitionHead(lineText(startLine));
      if (!first) return false;
      if (silent) return true;
      const lines = [lineText(startLine).slice(first.textStart)];
      let next = startLine + 1;
      // The note goes on over the lines that follow it, up to a blank line or the start of another block.
      for (; next < endLine && continuesFootnote(rawLine(next)); next++) lines.push(lineText(next));
      const notes = (state.env.sourcebookFootnotes ??= new Map());
      if (!notes.has(first.label)) notes.set(first.label, lines.join('\n').trim());
      state.line = next;
      return true;
    },
    { alt: ['paragraph', 'reference'] },
  );

  md.inline.ruler.before('link', 'sourcebook_footnote_ref', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x5e /* ^ */) return false;
    const reference = footnoteReferenceAt(state.src, state.pos);
    if (!reference || reference.end > state.posMax || !state.env.sourcebookFootnotes?.has(reference.label)) return false;
    if (!silent) {
      const order = (state.env.sourcebookFootnoteOrder ??= []);
      if (!order.includes(reference.label)) order.push(reference.label);
      const token = state.push('sourcebook_footnote_ref', 'sup', 0);
      token.meta = order.indexOf(reference.label) + 1;
    }
    state.pos = reference.end;
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
