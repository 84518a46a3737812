// The Sourcebook output channel (a log channel: timestamped, with levels), shared by every feature. Created on
// first use, so activation writes nothing; `registerOutput` hands its disposal to the extension context.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The one "Sourcebook" output channel of this window. */
export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Sourcebook', { log: true });
  return channel;
}

/** Disposes the channel with the extension (safe to call from several features: registers once). */
export function registerOutput(context: vscode.ExtensionContext): void {
  if (registered.has(context)) return;
  registered.add(context);
  context.subscriptions.push({
    dispose: () => {
      channel?.dispose();
      channel = undefined;
    },
  });
}

const registered = new WeakSet<vscode.ExtensionContext>();
