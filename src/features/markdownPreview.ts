// The built-in Markdown preview shows `[@key, para. N]` as the formatted citation in the chosen style (a note style's
// citations as numbered notes), with the notes and a bibliography at the end. markdown-it renders synchronously, so
// the style's engine is prepared ahead and only the `*Sync` methods run here; until it is ready, or for a key no
// source has, the citation is shown as written and the preview is refreshed once the style has loaded.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { CiteItem } from '../core/types';
import type { StyleInfo } from '../core/citations/styles';
import { parsePandocCitation } from '../core/draftCitations';
import type { SourcebookService } from '../sourcebookService';
import { settings } from '../settings';
import { activeStyle, styleIdFromSetting } from './citationStyle';
import { bibliographyHeading } from './bibliography';

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
  sourcebookCited?: string[];
  sourcebookNotes?: string[];
}

const MARKER = 'sourcebook:bibliography:start';

/** What the preview formats with: the Sourcebook once built and the style last made ready. */
class PreviewState {
  sourcebook: Sourcebook | undefined;
  style: StyleInfo | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly service: SourcebookService) {}

  /** The style to use now, if it is loaded; otherwise starts loading it and refreshes the preview when done. */
  ready(): { sourcebook: Sourcebook; style: StyleInfo } | undefined {
    const wanted = this.wantedStyleId();
    if (this.sourcebook && this.style && (wanted === undefined || wanted === this.style.id)) {
      return { sourcebook: this.sourcebook, style: this.style };
    }
    this.load();
    return undefined;
  }

  /** The bundled style the settings name, or undefined for a writer's .csl file (known only once read). */
  private wantedStyleId(): string | undefined {
    const current = settings();
    return current.customStyleFile && vscode.workspace.isTrusted ? undefined : styleIdFromSetting(current.citationStyle);
  }

  private load(): void {
    this.loading ??= (async () => {
      const sourcebook = await this.service.get();
      const style = await activeStyle(sourcebook);
      this.sourcebook = sourcebook;
      this.style = style.ok ? style.value : undefined;
      if (style.ok) void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    })().finally(() => {
      this.loading = undefined;
    });
  }
}

/** The markdown-it plugin for `contributes.markdown.markdownItPlugins` (returned from `activate` as `extendMarkdownIt`). */
export function citationPreviewPlugin(service: SourcebookService): (md: MarkdownIt) => MarkdownIt {
  const preview = new PreviewState(service);
  return (md) => {
    installCitations(md, () => preview.ready());
    return md;
  };
}

/** Installs the citation rule and renderers on `md`; `ready` gives the Sourcebook and style, or undefined. */
export function installCitations(md: MarkdownIt, ready: () => { sourcebook: Sourcebook; style: StyleInfo } | undefined): void {
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
    const current = ready();
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
    if (state.src.includes(MARKER)) return; // the draft carries its own bibliography (Insert Bibliography)
    const keys: string[] = [];
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        if (child.type !== 'sourcebook_citation') continue;
        for (const item of child.meta as CiteItem[]) if (!keys.includes(item.key)) keys.push(item.key);
      }
    }
    if (keys.length === 0) return;
    const token = new state.Token('sourcebook_bibliography', '', 0);
    token.block = true;
    token.meta = keys;
    state.tokens.push(token);
  });

  md.renderer.rules.sourcebook_bibliography = (tokens, idx, _options, env) => {
    const current = ready();
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
