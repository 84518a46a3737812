// The built-in Markdown preview shows `[@key, para. N]` as the formatted citation in the style the document's folder
// chooses (a note style's citations as numbered notes), with the notes and a bibliography at the end. markdown-it renders synchronously, so
// the style's engine is prepared ahead and only the `*Sync` methods run here; until it is ready, or for a key no
// source has, the citation is shown as written and the preview is refreshed once the style has loaded.
// Markdown footnotes (`[^1]`, the form Sourcebook writes citations in under a notes style) are rendered as numbered notes too:
// VS Code's preview has no footnotes of its own (see previewFootnotes.ts).
import { installCitations, type MarkdownIt } from '../core/preview/previewCitations';
import { installFootnotes, type FootnoteHost } from '../core/preview/previewFootnotes';
import type { SourcebookService } from '../edge/sourcebookService';
import { previewStyles } from '../edge/previewStyles';

/** The markdown-it plugin for `contributes.markdown.markdownItPlugins` (returned from `activate` as `extendMarkdownIt`). */
export function citationPreviewPlugin(service: SourcebookService): (md: MarkdownIt) => MarkdownIt {
  const preview = previewStyles(service);
  return (md) => {
    installCitations(md, (document) => preview.ready(document));
    installFootnotes(md as unknown as FootnoteHost);
    return md;
  };
}
