// The built-in Markdown preview shows `[@key, para. N]` as the formatted citation in the chosen style (a note style's
// citations as numbered notes), with the notes and a bibliography at the end. markdown-it renders synchronously, so
// the style's engine is prepared ahead and only the `*Sync` methods run here; until it is ready, or for a key no
// source has, the citation is shown as written and the preview is refreshed once the style has loaded.
// Markdown footnotes (`[^1]`, the form Sourcebook writes citations in by default) are rendered as numbered notes too:
// VS Code's preview has no footnotes of its own (see previewFootnotes.ts).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import { installCitations, type MarkdownIt } from '../core/preview/previewCitations';
import { installFootnotes, type FootnoteHost } from '../core/preview/previewFootnotes';
import type { SourcebookService } from '../edge/sourcebookService';
import { settings } from '../edge/settings';
import { activeStyle, styleIdFromSetting } from './citationStyle';

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
    installFootnotes(md as unknown as FootnoteHost);
    return md;
  };
}

