// Waiting for an index of a large library: the index is built in slices (core/sourcebook.ts), so the host keeps
// answering; when the wait passes a second, the writer sees how far it has come — in a notification with a Cancel
// button when the writer is waiting on a command, in the status bar for work of the editor's own (diagnostics,
// Go to Definition).
import * as vscode from 'vscode';
import type { IndexingProgress, Sourcebook } from '../core/sourcebook';

/** How long a wait goes unannounced. */
const ANNOUNCE_AFTER_MS = 1000;

/** The waits shown in the status bar, by the promise waited for: one progress for many drafts. */
const shownInStatusBar = new WeakMap<Promise<unknown>, Promise<unknown>>();

/** "indexing 1,234 sources for search… 40%" */
export function indexingMessage(progress: IndexingProgress): string {
  const percent = Math.floor((100 * progress.done) / Math.max(1, progress.total));
  const count = progress.total.toLocaleString('en');
  return progress.index === 'search'
    ? vscode.l10n.t('indexing {0} sources for search… {1}%', count, percent)
    : vscode.l10n.t('indexing {0} sources for the quotation checks… {1}%', count, percent);
}

/**
 * Waits for `ready` (an index of `sourcebook`, `index` says which). Past a second the writer sees the progress;
 * `who` says whether the writer is waiting (a cancellable notification) or the editor (the status bar). Resolves
 * undefined when the writer cancels; indexing goes on.
 */
export async function whenIndexed<T>(sourcebook: Sourcebook, index: IndexingProgress['index'], ready: Promise<T>, who: 'writer' | 'editor'): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const early = await Promise.race([ready.then((value) => ({ value })), new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANNOUNCE_AFTER_MS)))]);
  clearTimeout(timer);
  if (early) return early.value;
  if (who === 'editor') {
    if (!shownInStatusBar.has(ready)) shownInStatusBar.set(ready, showProgress(sourcebook, index, ready, vscode.ProgressLocation.Window));
    return ready;
  }
  return showProgress(sourcebook, index, ready, vscode.ProgressLocation.Notification);
}

function showProgress<T>(sourcebook: Sourcebook, index: IndexingProgress['index'], ready: Promise<T>, location: vscode.ProgressLocation): Promise<T | undefined> {
  const cancellable = location === vscode.ProgressLocation.Notification;
  return Promise.resolve(
    vscode.window.withProgress({ location, title: vscode.l10n.t('Sourcebook'), cancellable }, (progress, token) => {
      let percent = 0;
      progress.report({ message: vscode.l10n.t('indexing…') });
      return new Promise<T | undefined>((resolve, reject) => {
        const stop = sourcebook.onIndexingProgress((step) => {
          if (step.index !== index) return;
          const now = Math.floor((100 * step.done) / Math.max(1, step.total));
          if (now === percent) return;
          progress.report({ message: indexingMessage(step), increment: now - percent });
          percent = now;
        });
        const cancelled = token.onCancellationRequested(() => resolve(undefined));
        const finish = () => {
          stop();
          cancelled.dispose();
        };
        ready.then(
          (value) => {
            finish();
            resolve(value);
          },
          (error: unknown) => {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    }),
  );
}
