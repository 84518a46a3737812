// The .bib Sourcebook keeps beside a LaTeX draft cited with biblatex (`essay.tex` → `essay.sourcebook.bib`): the
// biblatex entries of the sources the draft cites, written whole each time (an insertion, Insert Bibliography, a save
// of the draft). Sourcebook owns that file and writes it only when it is missing or begins with Sourcebook's header;
// a file of the writer's own under that name is never touched, and the citation is refused with a message instead.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { SourceMeta } from '../core/types';
import { fail, ok, type Result } from '../core/types';
import type { BiblatexStyle } from '../core/citations/biblatex';
import { isSourcebookBib, sourcebookBib, sourcebookBibName } from '../core/citations/bibtex';
import { citedKeys, uniqueKeys } from '../core/drafts/draftCitations';

export interface SourcebookBibFile {
  uri: vscode.Uri;
  /** The file's name, as `\addbibresource` gives it (it sits beside the draft). */
  name: string;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** Where the draft's .bib goes, or an error value for a draft that is not yet a file (nowhere to put it beside). */
export function sourcebookBibFor(document: vscode.TextDocument): Result<SourcebookBibFile> {
  if (document.isUntitled) {
    return fail(vscode.l10n.t('Save the draft first: citing with biblatex, Sourcebook keeps the sources it cites in a .bib file beside it.'));
  }
  const name = sourcebookBibName(fileName(document.uri));
  return ok({ uri: vscode.Uri.joinPath(document.uri, '..', name), name });
}

/**
 * Writes the draft's .bib: the sources its text cites, then `alsoCiting` (a citation about to be inserted), each
 * once, in the order first cited. Not written when its text would not change. Refused, with nothing written, when a
 * file of that name exists that Sourcebook did not write. `created` says whether the file is new.
 */
export async function writeSourcebookBib(
  sourcebook: Sourcebook,
  document: vscode.TextDocument,
  style: BiblatexStyle,
  alsoCiting: readonly string[] = [],
): Promise<Result<SourcebookBibFile & { created: boolean }>> {
  const target = sourcebookBibFor(document);
  if (!target.ok) return target;
  const { uri, name } = target.value;
  let existing: string | undefined;
  try {
    existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !isSourcebookBib(existing)) {
    return fail(
      vscode.l10n.t(
        '{0} beside the draft was not written by Sourcebook (its first line is not "% Written by Sourcebook"), so Sourcebook will not overwrite it. Rename or move that file: Sourcebook writes the sources this draft cites to {0}.',
        name,
      ),
    );
  }
  const metas = sourcebook.library.sources.map((source) => source.meta);
  const keys = uniqueKeys(citedKeys(document.getText(), metas, 'latex'));
  for (const key of alsoCiting) if (!keys.includes(key)) keys.push(key);
  const cited = keys.map((key) => sourcebook.library.source(key)?.meta).filter((meta): meta is SourceMeta => meta !== undefined);
  const content = sourcebookBib(fileName(document.uri), cited, style.dialect);
  if (content !== existing) {
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    } catch (error) {
      return fail(vscode.l10n.t('{0} could not be written: {1}', name, error instanceof Error ? error.message : String(error)));
    }
  }
  return ok({ uri, name, created: existing === undefined });
}
