import type * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';

export function registerBibliographyCommands(_context: vscode.ExtensionContext, _service: SourcebookService): void {
  // Not yet built.
}
