// Every command Sourcebook contributes, in one table that matches package.json (a unit test checks both ways).
export const CommandIds = {
  insertCitation: 'sourcebook.insertCitation',
  insertQuotation: 'sourcebook.insertQuotation',
  insertBibliography: 'sourcebook.insertBibliography',
  exportBibliography: 'sourcebook.exportBibliography',
  exportDraft: 'sourcebook.exportDraft',
  chooseCitationStyle: 'sourcebook.chooseCitationStyle',
  quoteSelectionInDraft: 'sourcebook.quoteSelectionInDraft',
  checkQuotations: 'sourcebook.checkQuotations',
  openSource: 'sourcebook.openSource',
  openPdfAtPage: 'sourcebook.openPdfAtPage',
  showEntityCard: 'sourcebook.showEntityCard',
  showPassages: 'sourcebook.showPassages',
  revealEntity: 'sourcebook.revealEntity',
  citeEntity: 'sourcebook.citeEntity',
  reloadSources: 'sourcebook.reloadSources',
  addSourceFromUrl: 'sourcebook.addSourceFromUrl',
  openSampleDraft: 'sourcebook.openSampleDraft',
  useZotero: 'sourcebook.useZotero',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** The commands a hover card may run: `MarkdownString.isTrusted = { enabledCommands }`, never `true`. */
export const HOVER_COMMANDS: readonly CommandId[] = [
  CommandIds.citeEntity,
  CommandIds.showPassages,
  CommandIds.revealEntity,
  CommandIds.openSource,
];
