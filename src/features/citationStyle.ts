// Choose Citation Style…: the bundled styles and "From a .csl file…", written to the settings where the active
// draft reads them (its folder's settings when they set the style, else the workspace's or the user's); and the
// citation engine loaded in the background once the writer pauses. Which style a document cites in is resolved
// by edge/citationSettings.ts.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { SourcebookService } from '../edge/sourcebookService';
import { CommandIds } from '../edge/commandIds';
import { output } from '../edge/output';
import { draftSelector } from '../edge/settings';
import { citationStyleFor, loadCustomStyle, resolveFile, settingFromStyleId, styleIdFromSetting } from '../edge/citationSettings';
import { isDraft } from '../edge/drafts';

/** How long the writer must leave the drafts alone before the citation engine is loaded in the background. */
const WARM_UP_IDLE_MS = 4000;
/** …and no long job of the library has taken a turn for this long (name discovery starts a second after a change). */
const WARM_UP_QUIET_MS = 2000;

/** The draft the style is chosen for: the active editor's, when it shows one (its folder may set its own style). */
function activeDraftUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && isDraft(document) ? document.uri : undefined;
}

/** Where to write a setting: where `scope` reads it now (its folder's or the workspace's settings), else the user's. */
function targetFor(key: string, scope: vscode.Uri | undefined): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration('sourcebook', scope).inspect(key);
  if (scope && inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

async function chooseBundled(styleId: string, scope: vscode.Uri | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('sourcebook', scope);
  await config.update('citation.style', settingFromStyleId(styleId), targetFor('citation.style', scope));
  if (config.get<string>('citation.customStyleFile', '')) await config.update('citation.customStyleFile', '', targetFor('citation.customStyleFile', scope));
}

/** Uses a .csl file; the setting keeps the path as the writer gave it (`asWritten`), else the file's path or URI. */
async function chooseFile(sourcebook: Sourcebook, uri: vscode.Uri, scope: vscode.Uri | undefined, asWritten?: string): Promise<boolean> {
  const setting = asWritten ?? (uri.scheme === 'file' ? uri.fsPath : uri.toString());
  const result = await loadCustomStyle(sourcebook, setting, scope);
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return false;
  }
  const config = vscode.workspace.getConfiguration('sourcebook', scope);
  await config.update('citation.customStyleFile', setting, targetFor('citation.customStyleFile', scope));
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
    const scope = activeDraftUri();
    if (args?.file) {
      await chooseFile(sourcebook, resolveFile(args.file, scope), scope, args.file);
      return;
    }
    if (args?.style) {
      const id = styleIdFromSetting(args.style);
      if (!sourcebook.citations.styles().some((style) => style.id === id)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Unknown citation style "{0}".', args.style));
        return;
      }
      await chooseBundled(id, scope);
      return;
    }
    const current = await citationStyleFor(sourcebook, scope);
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
      if (files?.[0]) await chooseFile(sourcebook, files[0], scope);
      return;
    }
    if (picked.styleId) {
      const custom = sourcebook.citations.styles().find((style) => style.id === picked.styleId && !style.bundled);
      if (custom) return; // a custom style is chosen through its file; it is already the current one
      await chooseBundled(picked.styleId, scope);
    }
  }
}

/**
 * Loads the citation engine and the chosen style once the writer has stopped typing in a draft for a few seconds,
 * so the first citation does not wait for it (APA's engine takes 0.5–0.8 s of CPU to build, the others ~0.2 s).
 * Typing in a draft postpones it; so does a library being read or indexed (the engine is built in one block, which
 * would add to the host's longest pause). It happens once (a style change loads the new style itself).
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
    // Building the engine holds the host 40–80 ms in one block: not while the library is being read and composed
    // (the changes under way), nor while its long jobs (names, indexes) take turns on its budget.
    const sourcebook = await service.settled();
    await sourcebook.slices.whenQuiet(WARM_UP_QUIET_MS);
    await service.settled();
    const started = Date.now();
    const style = await citationStyleFor(sourcebook, editor.document.uri);
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
      // Load the active draft's new style now, so the preview (which must format synchronously) has it, then redraw it.
      const sourcebook = await service.peek();
      if (sourcebook) await citationStyleFor(sourcebook, vscode.window.activeTextEditor?.document.uri);
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    }),
  );
}
