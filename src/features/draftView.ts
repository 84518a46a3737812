import type * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';

export function registerDraftView(_context: vscode.ExtensionContext, _service: SourcebookService): void {
  // Not yet built.
}
