import type * as vscode from 'vscode';
import type { SourcebookService } from '../sourcebookService';

export function registerStylePicker(_context: vscode.ExtensionContext, _service: SourcebookService): void {
  // Not yet built.
}
