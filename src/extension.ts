import * as vscode from 'vscode';
import { SourcebookService } from './edge/sourcebookService';
import { registerHoverCards } from './features/hover';
import { registerSourceReader } from './features/sourceReader';
import { registerSourcesView } from './features/sourcesView';
import { registerEntitiesView } from './features/entitiesView';
import { registerDraftView } from './features/draftView';
import { registerEntityNavigation } from './features/definition';
import { registerCitationCommands } from './features/insertCitation';
import { registerQuotationPicker } from './features/insertQuotation';
import { registerQuoteSelection } from './features/quoteSelection';
import { registerBibliographyCommands } from './features/bibliography';
import { registerSourcebookBibUpdates } from './features/biblatexBibFile';
import { registerStylePicker } from './features/citationStyle';
import { registerStyleSwitch } from './features/styleSwitch';
import { registerCitationCompletion } from './features/completion';
import { createSourcebook, registerOwnSources } from './features/ownSources';
import { registerLibraryFiles } from './features/libraryFiles';
import { registerQuotationDiagnostics } from './features/quotationDiagnostics';
import { registerCitationKeyDiagnostics } from './features/citationKeyDiagnostics';
import { citationPreviewPlugin } from './features/markdownPreview';
import { registerWalkthrough } from './features/walkthrough';
import { registerZotero } from './features/zotero';
import { registerExportDraft } from './features/exportDraft';
import { registerPdfReadingStore } from './edge/pdfReadingStore';
import { registerOpenPdfAtPage } from './features/openPdfAtPage';
import { registerAddSourceFromUrl } from './features/addSourceFromUrl';

export function activate(context: vscode.ExtensionContext) {
  // The Sourcebook (corpus, index, search, citations) is built on first use, not here.
  const service = new SourcebookService(() => createSourcebook(context.extensionUri));
  context.subscriptions.push(service);

  for (const register of [
    registerPdfReadingStore,
    registerSourceReader,
    registerHoverCards,
    registerSourcesView,
    registerEntitiesView,
    registerDraftView,
    registerEntityNavigation,
    registerCitationCommands,
    registerQuotationPicker,
    registerQuoteSelection,
    registerBibliographyCommands,
    registerSourcebookBibUpdates,
    registerStylePicker,
    registerStyleSwitch,
    registerCitationCompletion,
    registerOwnSources,
    registerLibraryFiles,
    registerQuotationDiagnostics,
    registerCitationKeyDiagnostics,
    registerWalkthrough,
    registerZotero,
    registerExportDraft,
    registerOpenPdfAtPage,
    registerAddSourceFromUrl,
  ]) {
    register(context, service);
  }

  return { extendMarkdownIt: citationPreviewPlugin(service) };
}

export function deactivate(): void {}
