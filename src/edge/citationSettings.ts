// What a document's citations need, resolved in one place from the settings of the document's own folder: the
// draft's markup (from its language), the citation style (a bundled one, or the writer's .csl file, loaded and ready
// for the `*Sync` methods), the citation form for its language (`auto`: the style's class decides, see `formFor`) and
// how its quotations are laid out. The citation settings are resource-scoped, so in a multi-root workspace each folder
// may cite in its own style: every reader of them passes the document's URI (no URI: the workspace's and the user's
// values). The locale is the style's own (its `default-locale`): no setting chooses it. Read on every use, so a
// changed setting applies live.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import type { DraftFormat } from '../core/drafts/draftReader';
import type { QuotationForm } from '../core/quotations/quotationText';
import { formFor, formNeedsEngine } from '../core/citations/forms';
import { fail, ok, type CitationForm, type CitationFormSetting, type Result } from '../core/types';
import { settings } from './settings';

/** The settings' short names for the bundled styles → the style ids of the core. */
const STYLE_BY_SETTING: Readonly<Record<string, string>> = {
  'chicago-author-date': 'chicago-author-date',
  'chicago-notes-bibliography': 'chicago-fullnote-bibliography',
  mla: 'modern-language-association',
  apa: 'apa',
  harvard: 'harvard-cite-them-right',
};

export function styleIdFromSetting(value: string): string {
  return STYLE_BY_SETTING[value] ?? value;
}

export function settingFromStyleId(id: string): string {
  return Object.entries(STYLE_BY_SETTING).find(([, style]) => style === id)?.[0] ?? id;
}

/** The markup of a draft, from its language: what its citations, quotation marks and block quotations look like. */
export function draftFormat(document: Pick<vscode.TextDocument, 'languageId'>): DraftFormat {
  if (document.languageId === 'latex' || document.languageId === 'tex') return 'latex';
  if (document.languageId === 'markdown') return 'markdown';
  return 'plain';
}

/** The style the settings name for a document: the writer's .csl file (in a trusted workspace), else a bundled style. */
export type StyleSetting = { file: vscode.Uri; asWritten: string } | { id: string };

export function styleSettingFor(scope?: vscode.Uri): StyleSetting {
  const current = settings(scope);
  if (current.customStyleFile && vscode.workspace.isTrusted) return { file: resolveFile(current.customStyleFile, scope), asWritten: current.customStyleFile };
  return { id: styleIdFromSetting(current.citationStyle) };
}

/** Everything a document's citations are written with, as its folder's settings say now. */
export interface CitationSettings {
  format: DraftFormat;
  /** The form setting for the draft's language: `auto`, or the form the writer chose. */
  formSetting: CitationFormSetting;
  /** How a citation is written in this draft: the setting, with `auto` resolved by the style's class. */
  form: CitationForm;
  /** The style, known; ready for the `*Sync` methods when `form` needs the citation engine. */
  style: StyleInfo;
  quotationForm: QuotationForm;
  blockQuotationWords: number;
}

/**
 * The settings a document's citations are written with: the style of its folder and the form for its language,
 * `auto` following the style's class (a notes style: footnotes; an in-text style: Pandoc in Markdown, the formatted
 * citation in plain text). Every insertion reads them here (Insert Citation and Quotation, the quick fixes, Cite on a
 * card or in the sidebar). A bundled style whose form needs no engine (Pandoc, LaTeX, biblatex) is only looked up, not loaded
 * (loading one takes up to a second).
 */
export async function citationSettingsFor(sourcebook: Sourcebook, document: Pick<vscode.TextDocument, 'uri' | 'languageId'>): Promise<Result<CitationSettings>> {
  const current = settings(document.uri);
  const format = draftFormat(document);
  const style = await knownStyle(sourcebook, styleSettingFor(document.uri), document.uri);
  if (!style.ok) return style;
  const formSetting = current.citationForm(document.languageId);
  const form = formFor(formSetting, format, style.value.class);
  if (formNeedsEngine(form)) {
    const ready = await sourcebook.citations.prepare(style.value.id);
    if (!ready.ok) return ready;
  }
  return ok({ format, formSetting, form, style: style.value, quotationForm: current.quotationForm, blockQuotationWords: current.blockQuotationWords });
}

/** The style `setting` names, known (its class, its id): a writer's .csl file is read and loaded, a bundled style looked up. */
async function knownStyle(sourcebook: Sourcebook, setting: StyleSetting, scope?: vscode.Uri): Promise<Result<StyleInfo>> {
  if ('file' in setting) return loadCustomStyle(sourcebook, setting.asWritten, scope);
  const bundled = sourcebook.citations.styles().find((info) => info.id === setting.id);
  return bundled ? ok(bundled) : sourcebook.citations.prepare(setting.id);
}

/**
 * The style to cite in for `scope` (a document's URI), loaded and ready for the `*Sync` methods: the one `setting`
 * names (by default the one the settings name now), the writer's .csl file when one is set (and the workspace is
 * trusted), else the chosen bundled style.
 */
export async function citationStyleFor(sourcebook: Sourcebook, scope?: vscode.Uri, setting: StyleSetting = styleSettingFor(scope)): Promise<Result<StyleInfo>> {
  const style = await knownStyle(sourcebook, setting, scope);
  return style.ok ? sourcebook.citations.prepare(style.value.id) : style;
}

/** Custom styles already read, by file: with its modification time, so an edited .csl file is read again. */
const customCache = new WeakMap<Sourcebook, Map<string, { mtime: number; result: Result<StyleInfo> }>>();

/**
 * The URI of a style file as the setting gives it: a URI, an absolute path, or a path relative to the workspace
 * folder of `scope` (else the first folder).
 */
export function resolveFile(file: string, scope?: vscode.Uri): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return vscode.Uri.parse(file);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  const isAbsolute = file.startsWith('/') || /^[a-z]:[\\/]/i.test(file);
  // In a remote or virtual workspace (the browser: vscode-remote:, vscode-vfs:) an absolute path is on its file system.
  if (file.startsWith('/') && folder && folder.uri.scheme !== 'file') return folder.uri.with({ path: file });
  return isAbsolute || !folder ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file);
}

/** Reads and adds a writer's .csl file; an error value says what is wrong with it. */
export async function loadCustomStyle(sourcebook: Sourcebook, file: string, scope?: vscode.Uri): Promise<Result<StyleInfo>> {
  const uri = resolveFile(file, scope);
  let mtime = 0;
  try {
    mtime = (await vscode.workspace.fs.stat(uri)).mtime;
  } catch {
    return fail(vscode.l10n.t('The citation style file {0} could not be found. Choose it again with "Sourcebook: Choose Citation Style…".', file));
  }
  let cache = customCache.get(sourcebook);
  if (!cache) customCache.set(sourcebook, (cache = new Map()));
  const cached = cache.get(uri.toString());
  if (cached && cached.mtime === mtime) return cached.result;
  let xml: string;
  try {
    xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    return fail(vscode.l10n.t('The citation style file {0} could not be read ({1}).', file, error instanceof Error ? error.message : String(error)));
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.csl$/i, '');
  const result = await sourcebook.citations.addStyle(xml, name);
  cache.set(uri.toString(), { mtime, result });
  return result;
}
