import type * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';

export function registerCitationCommands(_context: vscode.ExtensionContext, _service: SourcebookService): void {
  // Not yet built.
}
