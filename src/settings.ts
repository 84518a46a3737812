import * as vscode from 'vscode';
import type { CitationForm } from './core/types';

/** Sourcebook's settings, read fresh each time so every change applies live. */
export function settings(scope?: vscode.ConfigurationScope) {
  const config = vscode.workspace.getConfiguration('sourcebook', scope);
  return {
    citationStyle: config.get<string>('citation.style', 'chicago-author-date'),
    customStyleFile: config.get<string>('citation.customStyleFile', '').trim(),
    citationForm(languageId: string): CitationForm {
      const forms = config.get<Record<string, CitationForm>>('citation.form', {});
      const chosen = forms[languageId];
      if (chosen === 'footnote' || chosen === 'pandoc' || chosen === 'latex' || chosen === 'plain') return chosen;
      return languageId === 'markdown' ? 'footnote' : languageId === 'latex' ? 'latex' : 'plain';
    },
    hoverEnabled: config.get<boolean>('hover.enabled', true),
    hoverLanguages: config.get<string[]>('hover.languages', ['markdown', 'latex', 'plaintext']),
    quotationForm: config.get<'auto' | 'inline' | 'block'>('quotation.form', 'auto'),
    blockQuotationWords: config.get<number>('quotation.blockWords', 40),
    sourceFolders: config.get<string[]>('sources.folders', []),
    includeBundled: config.get<boolean>('sources.includeBundled', true),
    maxFileSizeBytes: Math.round(config.get<number>('sources.maxFileSizeMB', 10) * 1024 * 1024),
    quotationCheckEnabled: config.get<boolean>('quotationCheck.enabled', true),
    checkCitationKeys: config.get<boolean>('citation.checkKeys', true),
  };
}

/** The languages Sourcebook works in: drafts in Markdown, LaTeX and plain text. */
export const DRAFT_LANGUAGES = ['markdown', 'latex', 'plaintext'] as const;

export const draftSelector: vscode.DocumentSelector = DRAFT_LANGUAGES.map((language) => ({ language }));
