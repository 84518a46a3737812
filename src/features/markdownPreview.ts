// The built-in Markdown preview shows `[@key, para. N]` as the formatted citation in the style the document's folder
// chooses (a note style's citations as numbered notes), with the notes and a bibliography at the end. markdown-it renders synchronously, so
// the style's engine is prepared ahead and only the `*Sync` methods run here; until it is ready, or for a key no
// source has, the citation is shown as written and the preview is refreshed once the style has loaded.
// Markdown footnotes (`[^1]`, the form Sourcebook writes citations in under a notes style) are rendered as numbered notes too:
// VS Code's preview has no footnotes of its own (see previewFootnotes.ts).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import { installCitations, type MarkdownIt } from '../core/preview/previewCitations';
import { installFootnotes, type FootnoteHost } from '../core/preview/previewFootnotes';
import type { SourcebookService } from '../edge/sourcebookService';
import { citationStyleFor, styleSettingFor } from '../edge/citationSettings';

/**
 * What the preview formats with: the Sourcebook once built, and each style made ready so far, by the setting that
 * names it (a bundled style's id, or a writer's .csl file). Each document is previewed in its own folder's style.
 */
class PreviewState {
  private sourcebook: Sourcebook | undefined;
  private readonly styles = new Map<string, StyleInfo>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly service: SourcebookService) {}

  /**
   * The style to use now for `document` (the previewed document's URI, as VS Code's preview puts it in markdown-it's
   * env; none: the workspace's style), if it is loaded; otherwise starts loading it and refreshes the preview when done.
   */
  ready(document: unknown): { sourcebook: Sourcebook; style: StyleInfo } | undefined {
    const scope = document instanceof vscode.Uri ? document : undefined;
    const setting = styleSettingFor(scope);
    const key = 'file' in setting ? `file:${setting.file.toString()}` : `id:${setting.id}`;
    const style = this.styles.get(key);
    if (this.sourcebook && style) return { sourcebook: this.sourcebook, style };
    this.load(key, scope);
    return undefined;
  }

  private load(key: string, scope: vscode.Uri | undefined): void {
    if (this.loading.has(key)) return;
    const loading = (async () => {
      const sourcebook = await this.service.get();
      const style = await citationStyleFor(sourcebook, scope);
      this.sourcebook = sourcebook;
      if (!style.ok) return;
      this.styles.set(key, style.value);
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    })().finally(() => this.loading.delete(key));
    this.loading.set(key, loading);
  }
}

/** The markdown-it plugin for `contributes.markdown.markdownItPlugins` (returned from `activate` as `extendMarkdownIt`). */
export function citationPreviewPlugin(service: SourcebookService): (md: MarkdownIt) => MarkdownIt {
  const preview = new PreviewState(service);
  return (md) => {
    installCitations(md, (document) => preview.ready(document));
    installFootnotes(md as unknown as FootnoteHost);
    return md;
  };
}
