import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bundledLibrary } from '../../src/core/sources/bundledCorpus';
import { PassageIndex } from '../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../src/core/quotations/sourceWordIndex';
import { restoreIndexes, snapshotIndexes } from '../../src/core/search/indexSnapshot';
import { contentHash } from '../../src/core/text/contentHash';
import { restoreFromStore } from '../../src/core/search/snapshotKeeper';
import { FolderIndexSnapshotStore } from '../../src/edge/indexSnapshotStore';

// The store of the search and quotation indexes' snapshot (src/edge/indexSnapshotStore.ts), through
// vscode.workspace.fs in a real VS Code: here in a folder of the test workspace rather than the global storage.
describe('The index snapshot store, in a real VS Code', () => {
  let folder: vscode.Uri;

  before(() => {
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root);
    folder = vscode.Uri.joinPath(root.uri, `index-snapshots-${Date.now()}`);
  });

  after(async () => {
    await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
  });

  it('keeps a snapshot of the bundled library and gives it back, restoring indexes that search as the built ones', async () => {
    const sources = bundledLibrary().sources;
    const library = await Promise.all(sources.map(async (source) => ({ source, hash: await contentHash(JSON.stringify(source.paragraphs)) })));
    const passages = new PassageIndex(sources);
    const store = new FolderIndexSnapshotStore(folder, 'library');
    assert.equal(await store.get(), undefined);
    await store.set(snapshotIndexes(passages, new SourceWordIndex(sources), library)!);
    const restored = await restoreIndexes((await store.get())!, library);
    assert.ok(restored);
    assert.deepEqual(restored.passages?.search('bread and roses'), passages.search('bread and roses'));
    assert.equal(restored.indexed.length, 0);
    // As a start reads it: a range at a time on the desktop (the posting lists into buffers of their own), whole in the browser.
    const atStart = await restoreFromStore(store, library);
    assert.ok(atStart);
    assert.deepEqual(atStart.passages?.search('bread and roses'), passages.search('bread and roses'));
    assert.equal(atStart.indexed.length, 0);
  });

  it('keeps the snapshots of the last 8 libraries written, and always the one just written', async () => {
    const bytes = new Uint8Array(64);
    for (let n = 0; n < 11; n++) {
      await new FolderIndexSnapshotStore(folder, `library-${n}`).set(bytes);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const kept = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).filter((name) => name.endsWith('.bin'));
    assert.equal(kept.length, 8);
    assert.ok(kept.includes('library-10.bin'));
    assert.ok(!kept.includes('library-0.bin'));
    assert.ok(!kept.some((name) => name.endsWith('.tmp')));
  });
});
