// Showing diagnostics only when they change. Every `DiagnosticCollection.set` tells VS Code the markers changed,
// even with the same list, and a markers change restarts the editor's code-action request: a quick-fix menu the
// writer just opened with Ctrl+. is then replaced by the light bulb alone. Checks that run again with nothing new
// to say (the sources settled, a setting read again) therefore leave the Problems panel as it is.
import * as vscode from 'vscode';

/** Sets `diagnostics` for `uri` unless the collection already holds the same ones; returns whether it set them. */
export function showDiagnostics(collection: vscode.DiagnosticCollection, uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): boolean {
  const shown = collection.get(uri) ?? [];
  if (shown.length === diagnostics.length && shown.every((diagnostic, i) => sameDiagnostic(diagnostic, diagnostics[i]))) return false;
  collection.set(uri, diagnostics);
  return true;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return (
    a.range.isEqual(b.range) &&
    a.message === b.message &&
    a.severity === b.severity &&
    a.source === b.source &&
    codeText(a.code) === codeText(b.code) &&
    (a.tags ?? []).join() === (b.tags ?? []).join() &&
    (a.relatedInformation?.length ?? 0) === 0 &&
    (b.relatedInformation?.length ?? 0) === 0
  );
}

function codeText(code: vscode.Diagnostic['code']): string {
  if (code === undefined) return '';
  return typeof code === 'object' ? `${String(code.value)} ${code.target.toString()}` : String(code);
}
