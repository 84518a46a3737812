// Where PDFs' readings are kept between starts: one small JSON file per PDF in the extension's global storage
// (`pdf-readings/<sha256>.json`), through `vscode.workspace.fs`, so it works in the browser too. Nothing in a
// writer's folders is ever written. The store keeps the most recently written readings up to a bound, dropping
// the oldest when it is passed.
import * as vscode from 'vscode';
import type { PdfReadingStore } from '../core/pdf/pdfReadings';
import { output } from './output';
import { pruneOldest } from './storagePruning';

/** Readings kept at most, and bytes at most (a reading is about the size of the PDF's text). */
const MAX_READINGS = 2_000;
const MAX_BYTES = 512 * 1024 * 1024;

let current: PdfReadingStore | undefined;

/** The store of this window, once `registerPdfReadingStore` has run (undefined in tests of the core). */
export function pdfReadingStore(): PdfReadingStore | undefined {
  return current;
}

export function registerPdfReadingStore(context: vscode.ExtensionContext): void {
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'pdf-readings');
  const store = new FolderPdfReadingStore(folder);
  current = store;
  context.subscriptions.push({ dispose: () => (current = current === store ? undefined : current) });
  // Pruned once a session, after start-up work.
  const timer = setTimeout(() => void store.prune(), 60_000);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
}

export class FolderPdfReadingStore implements PdfReadingStore {
  private created = false;

  constructor(private readonly folder: vscode.Uri) {}

  async get(name: string): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file(name)));
    } catch {
      return undefined;
    }
  }

  async set(name: string, text: string): Promise<void> {
    try {
      if (!this.created) {
        await vscode.workspace.fs.createDirectory(this.folder);
        this.created = true;
      }
      await vscode.workspace.fs.writeFile(this.file(name), new TextEncoder().encode(text));
    } catch (error) {
      // Without a store the PDF is read again next time: worth a line, not a notification.
      output().warn(`A PDF's reading could not be kept in ${this.folder.fsPath || this.folder.toString()} (${error instanceof Error ? error.message : String(error)}): it will be read again at the next start.`);
    }
  }

  /** Drops the oldest readings beyond the bounds. */
  prune(): Promise<void> {
    return pruneOldest(this.folder, '.json', { maxFiles: MAX_READINGS, maxBytes: MAX_BYTES });
  }

  private file(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${name}.json`);
  }
}
