import type { SourcebookService } from '../sourcebookService';

/** A markdown-it plugin for the built-in preview. */
export function citationPreviewPlugin(_service: SourcebookService): (md: unknown) => unknown {
  return (md) => md;
}
