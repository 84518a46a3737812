// Keeps the .bib Sourcebook writes beside a LaTeX draft cited with biblatex in step with the draft: it is written
// again whenever the draft is saved (the file latexmk compiles), so a citation typed by hand or completed, a quick
// fix, or a citation deleted reaches biber. Only a draft whose preamble adds that .bib (`\addbibresource{essay.
// sourcebook.bib}`) is followed; a file of that name that Sourcebook did not write is never touched (said once).
import * as vscode from 'vscode';
import type { SourcebookService } from '../edge/sourcebookService';
import { biblatexStyleFor } from '../core/citations/biblatex';
import { addsBibResource } from '../core/drafts/latexPreamble';
import { citationSettingsFor, draftFormat } from '../edge/citationSettings';
import { sourcebookBibFor, writeSourcebookBib } from '../edge/sourcebookBib';
import { output, registerOutput } from '../edge/output';

export class SourcebookBibUpdates {
  /** The .bib files already reported as the writer's own, so a refusal is said once, not at every save. */
  private readonly reported = new Set<string>();

  constructor(private readonly service: SourcebookService) {}

  /** Writes the saved draft's .bib again, when the draft adds it. Resolves with whether it was written. */
  async saved(document: vscode.TextDocument): Promise<boolean> {
    if (draftFormat(document) !== 'latex') return false;
    const target = sourcebookBibFor(document);
    if (!target.ok || !addsBibResource(document.getText(), target.value.name)) return false;
    const sourcebook = await this.service.get();
    const settings = await citationSettingsFor(sourcebook, document);
    if (!settings.ok) {
      output().warn(settings.message);
      return false;
    }
    const written = await writeSourcebookBib(sourcebook, document, biblatexStyleFor(settings.value.style));
    if (written.ok) return true;
    const key = target.value.uri.toString();
    if (!this.reported.has(key)) {
      this.reported.add(key);
      void vscode.window.showWarningMessage(written.message);
    }
    return false;
  }
}

export function registerSourcebookBibUpdates(context: vscode.ExtensionContext, service: SourcebookService): void {
  registerOutput(context);
  const updates = new SourcebookBibUpdates(service);
  context.subscriptions.push(vscode.workspace.onDidSaveTextDocument((document) => void updates.saved(document)));
}
