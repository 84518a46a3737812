import * as vscode from 'vscode';
import type { CitationFormSetting } from '../core/types';

const FORM_SETTINGS: readonly string[] = ['auto', 'footnote', 'pandoc', 'latex', 'biblatex', 'plain'] satisfies CitationFormSetting[];

/**
 * Sourcebook's settings, read fresh each time so every change applies live. Each is read only when asked for:
 * the settings a draft may set for its own folder are declared `resource` in package.json and read with the
 * draft's URI; the others are window-wide and read without one (reading those with a URI makes VS Code log a warning).
 */
export function settings(scope?: vscode.ConfigurationScope) {
  const config = vscode.workspace.getConfiguration('sourcebook', scope);
  return {
    get citationStyle() {
      return config.get<string>('citation.style', 'chicago-author-date');
    },
    get customStyleFile() {
      return config.get<string>('citation.customStyleFile', '').trim();
    },
    /** The form setting for a language: the writer's choice, else `auto` (resolved by `formFor` in the core). */
    citationForm(languageId: string): CitationFormSetting {
      const chosen = config.get<Record<string, unknown>>('citation.form', {})[languageId];
      return typeof chosen === 'string' && FORM_SETTINGS.includes(chosen) ? (chosen as CitationFormSetting) : 'auto';
    },
    get hoverEnabled() {
      return config.get<boolean>('hover.enabled', true);
    },
    get hoverLanguages() {
      return config.get<string[]>('hover.languages', ['markdown', 'latex', 'plaintext']);
    },
    get quotationForm() {
      return config.get<'auto' | 'inline' | 'block'>('quotation.form', 'auto');
    },
    get blockQuotationWords() {
      return config.get<number>('quotation.blockWords', 40);
    },
    get sourceFolders() {
      return config.get<string[]>('sources.folders', []);
    },
    /** Bibliography files (.bib, CSL-JSON, CSL-YAML, RIS): paths relative to the workspace folder, or absolute. */
    get libraryFiles() {
      return config.get<string[]>('library.files', []);
    },
    get includeBundled() {
      return config.get<boolean>('sources.includeBundled', true);
    },
    get maxFileSizeBytes() {
      return Math.round(config.get<number>('sources.maxFileSizeMB', 10) * 1024 * 1024);
    },
    get quotationCheckEnabled() {
      return config.get<boolean>('quotationCheck.enabled', true);
    },
    /** `sourcebook.pandoc.path`: the Pandoc program (empty: `pandoc` on the PATH). Machine-wide. */
    get pandocPath() {
      return config.get<string>('pandoc.path', '').trim();
    },
    /** `sourcebook.export.referenceDoc`: a .docx/.odt whose styles an export takes (empty: Pandoc's own). */
    get exportReferenceDoc() {
      return config.get<string>('export.referenceDoc', '').trim();
    },
    /** `sourcebook.export.outputFolder`: where exports are written (empty: beside the draft). */
    get exportOutputFolder() {
      return config.get<string>('export.outputFolder', '').trim();
    },
    get checkCitationKeys() {
      return config.get<boolean>('citation.checkKeys', true);
    },
  };
}

/** The languages Sourcebook works in: drafts in Markdown, LaTeX and plain text. */
export const DRAFT_LANGUAGES = ['markdown', 'latex', 'plaintext'] as const;

export const draftSelector: vscode.DocumentSelector = DRAFT_LANGUAGES.map((language) => ({ language }));
