// The citation under the pointer or the cursor in a draft, for the hover and Go to Definition: only the line and
// its neighbours are read (no document-wide work per request); a footnote's note is looked for only when a
// footnote reference is hovered.
import * as vscode from 'vscode';
import { citationAtOffset } from '../core/quotations/quotationFinder';
import type { FoundCitation } from '../core/quotations/quotationFinder';
import { draftFormat } from './citationSettings';

/** The citation under the pointer, looking at the line and its neighbours. */
export function citationAtPosition(document: vscode.TextDocument, position: vscode.Position): { citation: FoundCitation; range: vscode.Range } | undefined {
  const first = Math.max(0, position.line - 1);
  const last = Math.min(document.lineCount - 1, position.line + 1);
  const lines: string[] = [];
  for (let line = first; line <= last; line++) lines.push(document.lineAt(line).text);
  const text = lines.join('\n');
  let offset = position.character;
  for (let line = first; line < position.line; line++) offset += document.lineAt(line).text.length + 1;
  const citation = citationAtOffset(text, offset, draftFormat(document), (label) => footnoteNote(document, label));
  if (!citation || citation.start > offset || citation.end < offset) return undefined;
  const start = document.offsetAt(new vscode.Position(first, 0));
  return { citation, range: new vscode.Range(document.positionAt(start + citation.start), document.positionAt(start + citation.end)) };
}

/**
 * The note of footnote `label`: its definition line `[^label]: …` and indented continuation lines. Looked for
 * from the end, where notes live, only when a footnote reference is hovered.
 */
function footnoteNote(document: vscode.TextDocument, label: string): string | undefined {
  const head = `[^${label}]:`;
  for (let line = document.lineCount - 1; line >= 0; line--) {
    const text = document.lineAt(line).text;
    const trimmed = text.trimStart();
    if (!trimmed.startsWith(head) || text.length - trimmed.length > 3) continue;
    const parts = [trimmed.slice(head.length).trim()];
    for (let next = line + 1; next < document.lineCount && /^( {2,}|\t)\S/.test(document.lineAt(next).text); next++) {
      parts.push(document.lineAt(next).text.trim());
    }
    return parts.join(' ');
  }
  return undefined;
}
