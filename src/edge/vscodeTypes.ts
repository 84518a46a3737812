// The one place where the core's plain positions and ranges become VS Code's, and back.
import * as vscode from 'vscode';
import type { Position, Range } from '../core/types';

export function toPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(toPosition(range.start), toPosition(range.end));
}

export function fromPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}

export function fromRange(range: vscode.Range): Range {
  return { start: fromPosition(range.start), end: fromPosition(range.end) };
}

/** The range of `[start, end)` offsets of a document. */
export function offsetRange(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}
