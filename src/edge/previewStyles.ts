// What the Markdown preview formats citations with, shared by the preview's markdown-it plugin and Export Draft's
// HTML in the browser (which renders through the preview): the Sourcebook once built, and each style made ready so
// far, by the setting that names it. markdown-it renders synchronously, so a style is loaded ahead, and the preview
// refreshed once it has loaded.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import type { SourcebookService } from './sourcebookService';
import { citationStyleFor, styleSettingFor } from './citationSettings';

/**
 * What the preview formats with: the Sourcebook once built, and each style made ready so far, by the setting that
 * names it (a bundled style's id, or a writer's .csl file). Each document is previewed in its own folder's style.
 */
export class PreviewStyles {
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

  /** Resolves once the style for `document` is ready (then `ready(document)` answers synchronously). */
  async whenReady(document: vscode.Uri): Promise<void> {
    if (this.ready(document)) return;
    const setting = styleSettingFor(document);
    await this.loading.get('file' in setting ? `file:${setting.file.toString()}` : `id:${setting.id}`);
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


const shared = new WeakMap<SourcebookService, PreviewStyles>();

/** The one PreviewStyles of this Sourcebook service. */
export function previewStyles(service: SourcebookService): PreviewStyles {
  let styles = shared.get(service);
  if (!styles) shared.set(service, (styles = new PreviewStyles(service)));
  return styles;
}
