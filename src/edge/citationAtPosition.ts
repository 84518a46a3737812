// The citation under the pointer or the cursor in a draft, for the hover and Go to Definition: only the line and
// its neighbours are read (no document-wide work per request); a footnote's note is looked for only when a
// footnote reference is hovered.
import * as vscode from 'vscode';
import { citationAtOffset, findFootnoteNote } from '../core/drafts/draftReader';
import type { FoundCitation } from '../core/drafts/draftReader';
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
  const citation = citationAtOffset(text, offset, draftFormat(document), (label) => findFootnoteNote(label, document.lineCount, (line) => document.lineAt(line).text));
  if (!citation || citation.start > offset || citation.end < offset) return undefined;
  const start = document.offsetAt(new vscode.Position(first, 0));
  return { citation, range: new vscode.Range(document.positionAt(start + citation.start), document.positionAt(start + citation.end)) };
}
