// Choose Citation Style…: the bundled styles and "From a .csl file…", written to the settings; and the one place
// that turns the settings into the style every citation command uses (applied live: read on every use).
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import { fail, type Result } from '../core/types';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { output } from '../edge/output';
import { draftSelector, settings } from '../edge/settings';

/** How long the writer must leave the drafts alone before the citation engine is loaded in the background. */
const WARM_UP_IDLE_MS = 4000;

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

/** A custom style already read: the file and its modification time, so an edited .csl file is read again. */
interface CustomStyleCache {
  file: string;
  mtime: number;
  result: Result<StyleInfo>;
}
const customCache = new WeakMap<Sourcebook, CustomStyleCache>();

function resolveFile(file: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return vscode.Uri.parse(file);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const isAbsolute = file.startsWith('/') || /^[a-z]:[\\/]/i.test(file);
  // In a remote or virtual workspace (the browser: vscode-remote:, vscode-vfs:) an absolute path is on its file system.
  if (file.startsWith('/') && folder && folder.uri.scheme !== 'file') return folder.uri.with({ path: file });
  return isAbsolute || !folder ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file);
}

/** Reads and adds a writer's .csl file; an error value says what is wrong with it. */
export async function loadCustomStyle(sourcebook: Sourcebook, file: string): Promise<Result<StyleInfo>> {
  const uri = resolveFile(file);
  let mtime = 0;
  try {
    mtime = (await vscode.workspace.fs.stat(uri)).mtime;
  } catch {
    return fail(vscode.l10n.t('The citation style file {0} could not be found. Choose it again with "Sourcebook: Choose Citation Style…".', file));
  }
  const cached = customCache.get(sourcebook);
  if (cached && cached.file === uri.toString() && cached.mtime === mtime) return cached.result;
  let xml: string;
  try {
    xml = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    return fail(vscode.l10n.t('The citation style file {0} could not be read ({1}).', file, error instanceof Error ? error.message : String(error)));
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.csl$/i, '');
  const result = await sourcebook.citations.addStyle(xml, name);
  customCache.set(sourcebook, { file: uri.toString(), mtime, result });
  return result;
}

/**
 * The style to cite in now, loaded and ready for the `*Sync` methods: the writer's .csl file when one is set
 * (and the workspace is trusted), else the chosen bundled style.
 */
export async function activeStyle(sourcebook: Sourcebook, scope?: vscode.ConfigurationScope): Promise<Result<StyleInfo>> {
  const current = settings(scope);
  if (current.customStyleFile && vscode.workspace.isTrusted) {
    const custom = await loadCustomStyle(sourcebook, current.customStyleFile);
    if (!custom.ok) return custom;
    return sourcebook.citations.prepare(custom.value.id);
  }
  return sourcebook.citations.prepare(styleIdFromSetting(current.citationStyle));
}

/** Where to write a setting: the workspace when it already sets it there, else the user's settings. */
function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration('sourcebook').inspect(key);
  if (inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

async function chooseBundled(styleId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('sourcebook');
  await config.update('citation.style', settingFromStyleId(styleId), targetFor('citation.style'));
  if (config.get<string>('citation.customStyleFile', '')) await config.update('citation.customStyleFile', '', targetFor('citation.customStyleFile'));
}

/** Uses a .csl file; the setting keeps the path as the writer gave it (`asWritten`), else the file's path or URI. */
async function chooseFile(sourcebook: Sourcebook, uri: vscode.Uri, asWritten?: string): Promise<boolean> {
  const setting = asWritten ?? (uri.scheme === 'file' ? uri.fsPath : uri.toString());
  const result = await loadCustomStyle(sourcebook, setting);
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return false;
  }
  const config = vscode.workspace.getConfiguration('sourcebook');
  await config.update('citation.customStyleFile', setting, targetFor('citation.customStyleFile'));
  void vscode.window.showInformationMessage(vscode.l10n.t('Citations now use the style "{0}".', result.value.title));
  return true;
}

interface StyleItem extends vscode.QuickPickItem {
  styleId?: string;
  fromFile?: boolean;
}

/** The picker; `args` choose without it (tests, keybindings): `{ style: 'apa' }` or `{ file: '/path/style.csl' }`. */
export class StylePicker {
  constructor(private readonly service: SourcebookService) {}

  async run(args?: { style?: string; file?: string }): Promise<void> {
    const sourcebook = await this.service.get();
    if (args?.file) {
      await chooseFile(sourcebook, resolveFile(args.file), args.file);
      return;
    }
    if (args?.style) {
      const id = styleIdFromSetting(args.style);
      if (!sourcebook.citations.styles().some((style) => style.id === id)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Unknown citation style "{0}".', args.style));
        return;
      }
      await chooseBundled(id);
      return;
    }
    const current = await activeStyle(sourcebook);
    const currentId = current.ok ? current.value.id : undefined;
    const items: StyleItem[] = sourcebook.citations.styles().map((style) => ({
      label: style.title,
      description: style.id === currentId ? vscode.l10n.t('current') : undefined,
      detail: style.class === 'note' ? vscode.l10n.t('Notes: citations go in footnotes') : vscode.l10n.t('Author-date: citations in the text'),
      styleId: style.id,
    }));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(file) ${vscode.l10n.t('From a .csl file…')}`, fromFile: true });
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Citation Style'),
      placeHolder: vscode.l10n.t('Choose the style for citations and bibliographies'),
      matchOnDetail: true,
    });
    if (!picked) return;
    if (picked.fromFile) {
      const files = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { [vscode.l10n.t('CSL styles')]: ['csl', 'xml'] },
        openLabel: vscode.l10n.t('Use this style'),
      });
      if (files?.[0]) await chooseFile(sourcebook, files[0]);
      return;
    }
    if (picked.styleId) {
      const custom = sourcebook.citations.styles().find((style) => style.id === picked.styleId && !style.bundled);
      if (custom) return; // a custom style is chosen through its file; it is already the current one
      await chooseBundled(picked.styleId);
    }
  }
}

/**
 * Loads the citation engine and the chosen style once the writer has stopped typing in a draft for a few seconds,
 * so the first citation does not wait for it (APA's engine takes 0.5–0.8 s of CPU to build, the others ~0.2 s).
 * Typing in a draft postpones it; it happens once (a style change loads the new style itself).
 */
function warmUpWhenIdle(context: vscode.ExtensionContext, service: SourcebookService): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const warmUp = async () => {
    timer = undefined;
    const editor = vscode.window.activeTextEditor;
    if (done || !editor || vscode.languages.match(draftSelector, editor.document) === 0) return;
    done = true;
    listener.dispose();
    const started = Date.now();
    const style = await activeStyle(await service.get(), editor.document.uri);
    if (style.ok) output().info(`Citation style "${style.value.title}" loaded in the background (${Date.now() - started} ms).`);
  };
  const schedule = () => {
    if (done) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void warmUp(), WARM_UP_IDLE_MS);
  };
  const listener = vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && vscode.languages.match(draftSelector, event.document) > 0) schedule();
    }),
    vscode.window.onDidChangeActiveTextEditor(schedule),
  );
  context.subscriptions.push(listener, { dispose: () => timer && clearTimeout(timer) });
  schedule();
}

export function registerStylePicker(context: vscode.ExtensionContext, service: SourcebookService): void {
  const picker = new StylePicker(service);
  warmUpWhenIdle(context, service);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.chooseCitationStyle, (args?: { style?: string; file?: string }) => picker.run(args)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('sourcebook.citation')) return;
      // Load the new style now, so the preview (which must format synchronously) has it, then redraw the preview.
      const sourcebook = await service.peek();
      if (sourcebook) await activeStyle(sourcebook);
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    }),
  );
}
