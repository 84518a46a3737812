import type * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';

export function registerCitationCompletion(_context: vscode.ExtensionContext, _service: SourcebookService): void {
  // Not yet built.
}
