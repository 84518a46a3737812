// Add Source from Web Page…: a URL (offered from the selection or the clipboard) → the article's text and the facts
// the page states, written as a Markdown source with front matter (a PDF as <key>.pdf with its sidecar) into the
// writer's sources folder, then read into the library and opened in the source reader. Fetching, extracting and
// the file's text are the core's (core/web/); this file asks, writes and reports. Nothing is written until the page
// has been read, a file or key already there is replaced only when the writer says so, and each failure is one
// notification saying what to do and one line in the Output channel.
//
// Scripts and tests: `executeCommand('sourcebook.addSourceFromUrl', { url, folder? })` asks nothing it need not
// (a taken key gets the next free one, never a replacement) and resolves with the file's Uri, or undefined.
import * as vscode from 'vscode';
import { webAddress } from '../core/web/fetchPage';
import { capturePage, type CapturedPage } from '../core/web/webSource';
import { webPagesNeedTheDesktop } from '../core/web/webPageSupport';
import { addressToOffer, keyClash, localDate, withKey, type KeyClash } from '../core/web/webSourceTarget';
import { CommandIds } from '../edge/commandIds';
import { output, registerOutput } from '../edge/output';
import { sourceFolders } from '../edge/sourceFolders';
import type { SourcebookService } from '../edge/sourcebookService';

export interface AddSourceFromUrlArgs {
  url: string;
  /** The folder to write into (default: the sources folder, asked for when there are several). */
  folder?: vscode.Uri;
}

/** How long the library may take to read the new file before the reader opens anyway. */
const READ_BACK_MS = 20_000;
/** The name of the folder offered when the writer has none. */
const NEW_FOLDER = 'sources';

/** Where the page goes: a folder, and what must be done first (create it, add it to the setting) once it is read. */
interface Destination {
  folder: vscode.Uri;
  /** Whether the library reads this folder (a folder given by a script may not be a sources folder). */
  read: boolean;
  /** The workspace folder whose setting gets `sources`, when the writer agreed to it. */
  addToSettingOf?: vscode.WorkspaceFolder;
}

export function registerAddSourceFromUrl(context: vscode.ExtensionContext, service: SourcebookService): void {
  registerOutput(context);
  const adder = new WebSourceAdder(service);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.addSourceFromUrl, (args?: unknown) => adder.run(scriptArgs(args))),
  );
}

/** `{ url, folder? }` from a script; anything else (the palette, a menu) asks. */
function scriptArgs(args: unknown): AddSourceFromUrlArgs | undefined {
  if (!args || typeof args !== 'object' || typeof (args as { url?: unknown }).url !== 'string') return undefined;
  const { url, folder } = args as { url: string; folder?: unknown };
  return { url, folder: folder instanceof vscode.Uri ? folder : undefined };
}

export class WebSourceAdder {
  constructor(
    private readonly service: SourcebookService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(args?: AddSourceFromUrlArgs): Promise<vscode.Uri | undefined> {
    try {
      return await this.add(args);
    } catch (error) {
      return this.refuse(vscode.l10n.t('The page could not be added: {0}', error instanceof Error ? error.message : String(error)), args?.url);
    }
  }

  private async add(args: AddSourceFromUrlArgs | undefined): Promise<vscode.Uri | undefined> {
    if (webPagesNeedTheDesktop) return this.refuse(webPagesNeedTheDesktop, args?.url);
    if (!vscode.workspace.isTrusted) {
      return this.refuse(vscode.l10n.t('This workspace is not trusted, so Sourcebook reads no sources folders in it: trust the workspace, then add the page.'), args?.url);
    }
    const address = (args?.url ?? (await this.askAddress()))?.trim();
    if (!address) return undefined;
    if (!webAddress(address)) return this.refuse(vscode.l10n.t('“{0}” is not a web address: give one starting with https:// or http://.', address), address);
    const destination = await this.destination(args);
    if (!destination) return undefined;

    const controller = new AbortController();
    const captured = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}…', hostOf(address)), cancellable: true },
      async (_progress, cancel) => {
        cancel.onCancellationRequested(() => controller.abort());
        return capturePage(address, { takenKeys: new Set(), today: localDate(this.now()), signal: controller.signal });
      },
    );
    if (controller.signal.aborted) {
      output().info(`Add Source from Web Page: ${address} cancelled; nothing was written.`);
      return undefined;
    }
    if (!captured.ok) return this.refuse(captured.message, address);

    const sourcebook = await this.service.settled();
    const clash = keyClash(captured.value, sourcebook.library.sources.map((source) => source.meta.key), await this.fileNames(destination.folder));
    const page = clash.kind === 'none' ? captured.value : args ? withKey(captured.value, clash.alternative) : await this.askClash(captured.value, clash);
    if (!page) {
      output().info(`Add Source from Web Page: ${address} not saved (the key “${captured.value.key}” is taken); nothing was written.`);
      return undefined;
    }
    const written = await this.write(page, destination);
    output().info(`Added “${page.key}” from ${page.url}: ${vscode.workspace.asRelativePath(written)}${page.kind === 'pdf' ? ' (a PDF, with its sidecar)' : ''}.`);
    if (destination.read) await this.openWhenRead(page);
    else output().warn(`${written.toString(true)} is not in a folder of Sourcebook › Sources: Folders, so the library does not read it.`);
    return written;
  }

  /** The address, offered from the selection in the editor or from the clipboard; checked as it is typed. */
  private async askAddress(): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
    const offered = addressToOffer(selected, undefined) ?? addressToOffer(undefined, await clipboardText());
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Add Source from Web Page'),
      prompt: vscode.l10n.t('The address of an article: its text and the facts the page states are saved in your sources folder.'),
      placeHolder: 'https://',
      value: offered,
      ignoreFocusOut: true,
      validateInput: (text) =>
        text.trim() && !webAddress(text) ? vscode.l10n.t('Give a web address starting with https:// or http://.') : undefined,
    });
  }

  /** The folder given, the one sources folder, the one the writer picks, or `sources/` if the writer agrees to it. */
  private async destination(args: AddSourceFromUrlArgs | undefined): Promise<Destination | undefined> {
    const configured = sourceFolders();
    if (args?.folder) {
      return { folder: args.folder, read: configured.some(({ uri }) => uri.toString() === args.folder?.toString()) };
    }
    const existing = (await Promise.all(configured.map(async (folder) => ((await exists(folder.uri)) ? folder : undefined)))).filter((folder) => folder !== undefined);
    const candidates = existing.length > 0 ? existing : configured.slice(0, 1);
    if (candidates.length === 1) return { folder: candidates[0].uri, read: true };
    if (candidates.length > 1) {
      const picked = await vscode.window.showQuickPick(
        candidates.map((folder) => ({ label: folder.entry, description: folder.uri.scheme === 'file' ? folder.uri.fsPath : folder.uri.toString(true), folder })),
        { title: vscode.l10n.t('Add Source from Web Page'), placeHolder: vscode.l10n.t('Which sources folder should the page go into?') },
      );
      return picked ? { folder: picked.folder.uri, read: true } : undefined;
    }
    return this.offerNewFolder();
  }

  /** No sources folder yet: `sources/` in a workspace folder, added to the setting, if the writer says so. */
  private async offerNewFolder(): Promise<Destination | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      return this.refuse(vscode.l10n.t('Open a folder first: Sourcebook saves the page in a sources folder of your workspace.'));
    }
    const workspaceFolder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder should hold your sources?') });
    if (!workspaceFolder) return undefined;
    const create = vscode.l10n.t('Create and Add');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('You have no sources folder yet. Create “{0}” in {1} and add it to Sourcebook › Sources: Folders? The page is saved there.', NEW_FOLDER, workspaceFolder.name),
      { modal: true },
      create,
    );
    if (answer !== create) return undefined;
    return { folder: vscode.Uri.joinPath(workspaceFolder.uri, NEW_FOLDER), read: true, addToSettingOf: workspaceFolder };
  }

  /** A file or key already there: another key, the file replaced, or nothing (the writer's choice). */
  private async askClash(page: CapturedPage, clash: Exclude<KeyClash, { kind: 'none' }>): Promise<CapturedPage | undefined> {
    const other = vscode.l10n.t('Save as “{0}”', clash.alternative);
    const replace = vscode.l10n.t('Replace');
    const message =
      clash.kind === 'file'
        ? vscode.l10n.t('{0} is already in this sources folder. Save the page under another key, or replace the file?', clash.existing)
        : vscode.l10n.t('A source with the key “{0}” is already in your library. Save the page under another key?', page.key);
    const answer = await vscode.window.showWarningMessage(message, { modal: true }, ...(clash.kind === 'file' ? [other, replace] : [other]));
    if (answer === other) return withKey(page, clash.alternative);
    return answer === replace ? page : undefined;
  }

  /** Writes the file (a PDF's sidecar first, so the PDF is read with it); the folder and setting first if agreed. */
  private async write(page: CapturedPage, destination: Destination): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(destination.folder);
    if (destination.addToSettingOf) await addToSetting(destination.addToSettingOf);
    const target = vscode.Uri.joinPath(destination.folder, page.fileName);
    if (page.kind === 'markdown') {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(page.text));
      return target;
    }
    const sidecar = vscode.Uri.joinPath(destination.folder, page.sidecarName);
    await vscode.workspace.fs.writeFile(sidecar, new TextEncoder().encode(page.sidecar));
    try {
      await vscode.workspace.fs.writeFile(target, page.bytes);
    } catch (error) {
      await vscode.workspace.fs.delete(sidecar).then(undefined, () => undefined);
      throw error;
    }
    return target;
  }

  /** Waits for the library to read the new source (its folder is watched), then opens it in the reader. */
  private async openWhenRead(page: CapturedPage): Promise<void> {
    const deadline = Date.now() + READ_BACK_MS;
    for (;;) {
      const source = (await this.service.settled()).library.source(page.key);
      if (source?.meta.url === page.url) break;
      if (Date.now() > deadline) {
        const message = vscode.l10n.t('{0} was saved, but Sourcebook has not read it as a source yet: see the Problems panel, or run Sourcebook: Reload Sources.', page.fileName);
        output().warn(message);
        void vscode.window.showWarningMessage(message);
        return;
      }
      await changeOrPause(this.service, 250);
    }
    await vscode.commands.executeCommand(CommandIds.openSource, page.key);
  }

  private async fileNames(folder: vscode.Uri): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
    } catch {
      return []; // not there yet: it is created when the page is written
    }
  }

  /** One notification saying what to do, one line in the Output; nothing written. */
  private refuse(message: string, address?: string): undefined {
    output().error(`Add Source from Web Page${address ? ` (${address})` : ''}: ${message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

/** Adds `sources` to the workspace folder's own value of the setting (resolved against that folder). */
async function addToSetting(workspaceFolder: vscode.WorkspaceFolder): Promise<void> {
  const config = vscode.workspace.getConfiguration('sourcebook', workspaceFolder.uri);
  const current = config.inspect<string[]>('sources.folders')?.workspaceFolderValue ?? [];
  if (!current.includes(NEW_FOLDER)) await config.update('sources.folders', [...current, NEW_FOLDER], vscode.ConfigurationTarget.WorkspaceFolder);
  output().info(`Added “${NEW_FOLDER}” to Sourcebook › Sources: Folders of ${workspaceFolder.name}.`);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The clipboard's text; nothing when the clipboard cannot be read (the browser may ask for permission). */
async function clipboardText(): Promise<string | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500));
  return Promise.race([Promise.resolve(vscode.env.clipboard.readText()).catch(() => undefined), timeout]);
}

function changeOrPause(service: SourcebookService, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const listener = service.onDidChange(done);
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

function hostOf(address: string): string {
  return webAddress(address)?.host ?? address;
}
