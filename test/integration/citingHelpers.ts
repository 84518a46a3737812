// Shared steps of the integration tests: activate the extension, open a draft, place cursors, set settings for
// one test and put them back, wait for something to happen, close what a test opened without a save prompt.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'sourcebook.sourcebook';

export async function activateExtension(): Promise<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the test window`);
  return extension.activate();
}

const EXTENSIONS: Record<string, string> = { markdown: 'md', latex: 'tex', plaintext: 'txt' };
let drafts = 0;

/**
 * A new draft with this text, in a file of its own in the test workspace (a fresh name each time, so no document
 * the editor still remembers is reused), shown and focused; a cursor at each `|` (removed). With `untitled`, an
 * untitled document instead; with `folder`, in that workspace folder instead of the first.
 */
export async function openDraft(content: string, language = 'markdown', options: { untitled?: boolean; folder?: vscode.WorkspaceFolder } = {}): Promise<vscode.TextEditor> {
  const parts = content.split('|');
  const text = parts.join('');
  const cursors: number[] = [];
  let offset = 0;
  for (const part of parts.slice(0, -1)) {
    offset += part.length;
    cursors.push(offset);
  }
  drafts++;
  let document: vscode.TextDocument;
  if (options.untitled) {
    document = await vscode.workspace.openTextDocument({ language, content: text });
  } else {
    const folder = options.folder ?? vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'test-drafts', `draft-${Date.now()}-${drafts}.${EXTENSIONS[language] ?? 'txt'}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  }
  assert.equal(document.getText(), text, 'the new draft should hold exactly the text given');
  const editor = await vscode.window.showTextDocument(document);
  if (cursors.length > 0) {
    editor.selections = cursors.map((at) => {
      const position = document.positionAt(at);
      return new vscode.Selection(position, position);
    });
  }
  return editor;
}

/** Selects the first occurrence of `words` in the editor. */
export function select(editor: vscode.TextEditor, words: string): void {
  const offset = editor.document.getText().indexOf(words);
  assert.notEqual(offset, -1, `"${words}" is not in the draft`);
  editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset + words.length));
}

/** Sets Sourcebook settings (user level) for the duration of `body`, then restores what was there. */
export async function withSettings<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('sourcebook');
  const previous = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, config.inspect(key)?.globalValue);
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
  try {
    return await body();
  } finally {
    for (const [key, value] of previous) await vscode.workspace.getConfiguration('sourcebook').update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export const PANDOC_FORMS = { markdown: 'pandoc', latex: 'latex', plaintext: 'plain' };
export const FOOTNOTES = { markdown: 'footnote', latex: 'latex', plaintext: 'plain' };

/** Closes every editor, discarding changes to untitled drafts (no save dialog). */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    const editor = vscode.window.visibleTextEditors[0];
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

type Pending = false | undefined | null;

/**
 * Waits until `check` returns true or a value (the quick pick has opened, an edit has arrived, the diagnostics are
 * there) and returns that; false, undefined or null mean not yet.
 */
export async function waitFor<T>(check: () => T | Pending | Promise<T | Pending>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(50);
  }
  assert.fail(`waited ${timeoutMs / 1000} s for ${what}`);
}

/** `list`, or undefined while it is empty: for `waitFor` to wait until something is listed. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** What the insertion commands resolve with. */
export interface InsertionResult {
  inserted: boolean;
  message?: string;
}

/** The citation keys completion offers at the cursor of `editor` (by default, in a new draft after `[@`). */
export async function completionKeys(editor?: vscode.TextEditor): Promise<string[]> {
  const draft = editor ?? (await openDraft('As argued [@|'));
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft.document.uri, draft.selection.active);
  return list.items.filter((item) => item.kind === vscode.CompletionItemKind.Reference).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/**
 * A sources folder of one test file, in the first workspace folder: each file written (text, or a copy of an
 * extension file given by its path), the setting pointing at it. `remove` puts the setting back and deletes it.
 */
export async function temporarySourcesFolder(prefix: string, files: Record<string, string | { copyOf: string }>): Promise<{ folder: vscode.Uri; remove: () => Promise<void> }> {
  const written = await writtenSourcesFolder(prefix, files);
  await written.use();
  return written;
}

/**
 * `temporarySourcesFolder` in two steps: the files are written now, and the folder becomes the sources folder when
 * `use` is called (a test that times the host's pauses writes a large library before it starts timing).
 */
export async function writtenSourcesFolder(prefix: string, files: Record<string, string | { copyOf: string }>): Promise<{ folder: vscode.Uri; use: () => Promise<void>; remove: () => Promise<void> }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const root = vscode.workspace.workspaceFolders?.[0];
  assert.ok(extension && root, 'the test window has no workspace folder');
  const name = `${prefix}-${Date.now()}`;
  const folder = vscode.Uri.joinPath(root.uri, name);
  await vscode.workspace.fs.createDirectory(folder);
  for (const [file, content] of Object.entries(files)) {
    const target = vscode.Uri.joinPath(folder, file);
    if (typeof content === 'string') await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    else await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, content.copyOf), target);
  }
  return {
    folder,
    use: () => Promise.resolve(vscode.workspace.getConfiguration('sourcebook').update('sources.folders', [name], vscode.ConfigurationTarget.Workspace)),
    remove: async () => {
      await vscode.workspace.getConfiguration('sourcebook').update('sources.folders', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    },
  };
}
