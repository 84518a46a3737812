import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SourcebookService } from '../../src/edge/sourcebookService';
import { createSourcebook, OwnSources } from '../../src/features/ownSources';
import { VscodeFileSystem } from '../../src/edge/vscodeFileSystem';
import type { FileStat, FileSystem, FileType } from '../../src/core/fileSystem';
import { fileName } from '../../src/core/sources/ownSourcesLoader';
import { IndexSnapshots } from '../../src/edge/indexSnapshots';
import { FolderIndexSnapshotStore } from '../../src/edge/indexSnapshotStore';
import { QuotationChecker } from '../../src/core/quotations/quotationChecker';
import type { Sourcebook } from '../../src/core/sourcebook';
import { activateExtension, temporarySourcesFolder } from './citingHelpers';

// The search and quotation indexes kept between starts (issue 19), in a real VS Code: a start goes the extension's
// own way (a SourcebookService made with createSourcebook, the writer's sources read by OwnSources), with the
// snapshot kept in a folder of the test workspace instead of the global storage. A restart is a fresh service and
// OwnSources over the same folder and store.

const source = (key: string, title: string, body: string) => `---\nkey: ${key}\ntitle: ${title}\nauthor: Morwen Hale\ntype: manuscript\n---\n\n${body}\n`;
const LETTERS = source('snap-letters', 'Letters from the valley', 'The okapi walked past the chapel before the lamplighter came.\n\nNobody in the village had seen such an animal.');
const DIARY = source('snap-diary', 'A diary', 'The quagga grazed by the slate quarry all through the wet spring.');
const DIARY_CHANGED = source('snap-diary', 'A diary', 'The narwhal sang under the harbour wall on the longest night.');
const NOTES = source('snap-notes', 'Notes', 'The meeting voted to send the banner to the miners of the lodge.');
const NAMED = source('snap-named', 'Names', 'Mark Ashton spoke at the lodge, and Hefina Headon wrote back.\n\nSiân James kept the letter; Mark Ashton kept the reply.');
const WARNED = `---\nkey: snap-warned\ntitle: Minutes\nauthor: Morwen Hale\ntype: manuscript\ncolour: blue\n---\n\nThe lodge kept its minutes in a green ledger.\n`;

/** VS Code's file system, noting the name of each file whose bytes are read: what a start read again. */
class NotingFileSystem implements FileSystem {
  readonly read: string[] = [];
  private readonly fs = new VscodeFileSystem();

  readFile(uri: string): Promise<Uint8Array> {
    this.read.push(fileName(uri));
    return this.fs.readFile(uri);
  }

  readDirectory(uri: string): Promise<Array<[string, FileType]>> {
    return this.fs.readDirectory(uri);
  }

  stat(uri: string): Promise<FileStat> {
    return this.fs.stat(uri);
  }
}

describe('The indexes kept between starts, in a real VS Code', () => {
  let storeFolder: vscode.Uri;
  const started: Array<{ service: SourcebookService; own: OwnSources }> = [];

  async function start(store: FolderIndexSnapshotStore, fs?: FileSystem): Promise<{ sourcebook: Sourcebook; snapshots: IndexSnapshots; own: OwnSources }> {
    const service = new SourcebookService(createSourcebook);
    const snapshots = new IndexSnapshots(async () => store, () => own.keptFiles);
    const own: OwnSources = new OwnSources(service, fs, snapshots);
    started.push({ service, own });
    await own.reload();
    return { sourcebook: await service.get(), snapshots, own };
  }

  const hits = (book: Sourcebook, query: string) => book.search.search(query).map((hit) => JSON.stringify(hit));
  const checked = (book: Sourcebook) =>
    new QuotationChecker(book.wordIndex).checkAll('She wrote that "the okapi walked past the chapel before the lamplighter came" [@snap-letters].').map((check) => [check.status, check.match?.source]);

  before(async () => {
    await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root);
    storeFolder = vscode.Uri.joinPath(root.uri, `index-snapshots-${Date.now()}`);
  });

  after(async () => {
    for (const { service, own } of started) {
      own.dispose();
      service.dispose();
    }
    await vscode.workspace.fs.delete(storeFolder, { recursive: true }).then(undefined, () => undefined);
  });

  it('writes the snapshot once the sources are indexed, answers the same from it after a restart, and indexes a changed source again', async () => {
    const folder = await temporarySourcesFolder('snapshot-sources', { 'letters.md': LETTERS, 'diary.md': DIARY, 'notes.md': NOTES });
    const store = new FolderIndexSnapshotStore(storeFolder, 'library');
    try {
      const first = await start(store);
      assert.equal(first.sourcebook.indexed, false, 'nothing restored: the indexes are built on first use, as before');
      // What the first search and quotation check after a start ask for.
      await Promise.all([first.sourcebook.searchReady(), first.sourcebook.wordIndexReady()]);
      await first.snapshots.written();
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(storeFolder, 'library.bin'));
      assert.ok(stat.size > 0, 'the snapshot file is in the store');
      assert.ok(first.sourcebook.library.source('snap-diary'), 'the writer’s sources are loaded');

      const second = await start(store);
      assert.ok(second.sourcebook.indexed, 'both indexes are there as soon as the sources are loaded: restored, not being built');
      for (const query of ['okapi chapel', 'quagga', 'banner miners', 'bread and roses']) assert.deepEqual(hits(second.sourcebook, query), hits(first.sourcebook, query), query);
      assert.deepEqual(checked(second.sourcebook), checked(first.sourcebook));
      assert.deepEqual(checked(second.sourcebook), [['verified', 'snap-letters']]);

      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.folder, 'diary.md'), new TextEncoder().encode(DIARY_CHANGED));
      const third = await start(store);
      assert.ok(third.sourcebook.indexed, 'restored, the changed source indexed again');
      assert.deepEqual(third.sourcebook.search.search('narwhal harbour').map((hit) => hit.source), ['snap-diary'], 'its new words are found');
      assert.deepEqual(third.sourcebook.search.search('quagga'), [], 'its old words are not');
      assert.deepEqual(hits(third.sourcebook, 'okapi chapel'), hits(first.sourcebook, 'okapi chapel'), 'the unchanged sources answer as before');
    } finally {
      await folder.remove();
    }
  });

  it('after a restart takes where each name is mentioned in an unchanged file from the snapshot, and shows the same mentions', async () => {
    const folder = await temporarySourcesFolder('snapshot-names', { 'named.md': NAMED, 'notes.md': NOTES });
    const store = new FolderIndexSnapshotStore(storeFolder, 'names');
    const mentionsIn = (book: Sourcebook) =>
      book.library.entities.filter((entity) => ['mark-ashton', 'hefina-headon', 'sian-james'].includes(entity.id)).map((entity) => [entity.id, entity.mentions.filter((mention) => mention.source === 'snap-named')]);
    try {
      // Files modified within the last moments are read again at the next start (see below): these settle first.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const first = await start(store);
      await Promise.all([first.sourcebook.searchReady(), first.sourcebook.wordIndexReady()]);
      await first.snapshots.written();
      await first.sourcebook.mentionsReady();
      first.own.dispose();

      const second = await start(store);
      assert.equal(second.sourcebook.library.mentionsPending, 0, 'no source left to read for names: the unchanged files took theirs');
      assert.deepEqual(mentionsIn(second.sourcebook), mentionsIn(first.sourcebook));
      const counts = Object.fromEntries(mentionsIn(second.sourcebook).map(([id, mentions]) => [id, (mentions as unknown[]).length]));
      assert.deepEqual(counts, { 'mark-ashton': 2, 'hefina-headon': 1, 'sian-james': 1 }, 'the names in the file, where the text names them');
    } finally {
      await folder.remove();
    }
  });

  it('after a restart reads again only the file that changed, takes the others from the snapshot, and still shows a file’s problem', async () => {
    const folder = await temporarySourcesFolder('snapshot-files', { 'letters.md': LETTERS, 'diary.md': DIARY, 'notes.md': NOTES, 'minutes.md': WARNED });
    const store = new FolderIndexSnapshotStore(storeFolder, 'files');
    const warned = vscode.Uri.joinPath(folder.folder, 'minutes.md');
    // The problems each start shows (the extension's own window shows them too: not counted).
    const problemShown = (own: OwnSources) => own.problemsOf(warned).map((diagnostic) => diagnostic.message).filter((message) => message.includes('`colour`'));
    try {
      // A file modified within the last moments is read again at the next start (a change in the same tick of its
      // mtime could not be told): these were written just now, so the first start waits until they are not.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const first = await start(store);
      await Promise.all([first.sourcebook.searchReady(), first.sourcebook.wordIndexReady()]);
      await first.snapshots.written();
      assert.equal(problemShown(first.own).length, 1, 'the unknown field is in the Problems panel');
      first.own.dispose();

      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.folder, 'diary.md'), new TextEncoder().encode(DIARY_CHANGED));
      const noting = new NotingFileSystem();
      const second = await start(store, noting);
      assert.deepEqual(noting.read, ['diary.md'], 'only the changed file is read');
      assert.equal(problemShown(second.own).length, 1, 'the problem of a file taken from the snapshot is shown again');
      assert.ok(second.sourcebook.indexed, 'both indexes restored');
      assert.deepEqual(second.sourcebook.search.search('narwhal harbour').map((hit) => hit.source), ['snap-diary'], 'the changed file’s new words are found');
      assert.deepEqual(second.sourcebook.search.search('green ledger').map((hit) => hit.source), ['snap-warned'], 'a file taken from the snapshot is searched');
      assert.deepEqual(checked(second.sourcebook), [['verified', 'snap-letters']]);
    } finally {
      await folder.remove();
    }
  });
});
