// The search and quotation indexes built in a Web Worker in the browser's extension host (src/edge/indexBuilders.web.ts
// starting dist/web/indexBuilding.js, read from the installed extension): the indexes restored from the worker's parts
// answer every search and every quotation check as the ones built on this thread do; a script that is not there is
// told once, and no parts come (the indexes are then built on the host's thread).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { corpusJson } from '../../src/generated/corpus';
import type { LibraryData } from '../../src/core/library';
import { indexBuilder } from '../../src/edge/indexBuilders';
import { PassageIndex } from '../../src/core/search/passageSearch';
import { SourceWordIndex } from '../../src/core/quotations/sourceWordIndex';
import { QuotationChecker } from '../../src/core/quotations/quotationChecker';
import { parseSource } from '../../src/core/sources/sourceParser';
import type { Source } from '../../src/core/types';
import { quotationDraft, sourceFiles, vocabularyOf } from '../../bench/synthetic';

const EXTENSION_ID = 'sourcebook.sourcebook';
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const bundled = JSON.parse(corpusJson) as LibraryData;
const vocabulary = vocabularyOf(bundled);
const sources: Source[] = [...bundled.sources, ...sourceFiles(vocabulary, 30, 12_000).map((file, i) => parseSource(file, `synthetic/${i}.md`).source!)];

/** Searches a writer might type: one to three words of the sources, and their beginnings. */
function queries(): string[] {
  const words = sources.flatMap((source) => source.paragraphs.slice(0, 3).flatMap((paragraph) => paragraph.text.split(/\s+/).filter((word) => /^[A-Za-z]{4,}$/.test(word))));
  const typed: string[] = [];
  for (let i = 0; typed.length < 120 && i + 2 < words.length; i += 7) typed.push(words[i], `${words[i]} ${words[i + 1].slice(0, 3)}`, `${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return typed;
}

describe('indexes built in a Web Worker in the browser', function () {
  this.timeout(120_000);

  function extensionUri(): vscode.Uri {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test window`);
    return extension.extensionUri;
  }

  it('gives a search index that answers every search as the one built on this thread, telling its progress', async () => {
    const told: string[] = [];
    const builder = indexBuilder({ failed: (message) => told.push(message) }, extensionUri());
    assert.ok(builder, 'the browser’s host has a Worker');
    const done: number[] = [];
    const parts = await builder.passageParts(sources, turn, (count) => done.push(count));
    assert.deepEqual(told, []);
    assert.ok(parts, 'the worker answered with the parts');
    assert.equal(done[done.length - 1], sources.length, 'progress to the last source');
    const restored = await PassageIndex.fromSnapshotPartsInSlices(parts, sources, turn);
    assert.ok(restored, 'the parts hold together');
    const built = await PassageIndex.inSlices(sources, turn);
    const typed = queries();
    assert.ok(typed.length >= 100, `${typed.length} searches`);
    let found = 0;
    for (const query of typed) {
      const answer = restored.search(query);
      found += answer.length;
      assert.deepEqual(answer, built.search(query), query);
    }
    assert.ok(found > 0, 'the searches found passages');
  });

  it('gives a quotation word index whose checks are the ones built on this thread', async () => {
    const told: string[] = [];
    const parts = await indexBuilder({ failed: (message) => told.push(message) }, extensionUri())!.wordParts(sources, turn, () => {});
    assert.deepEqual(told, []);
    assert.ok(parts, 'the worker answered with the parts');
    const restored = await SourceWordIndex.fromSnapshotPartsInSlices(parts, sources, [], turn);
    assert.ok(restored, 'the parts hold together');
    const built = new SourceWordIndex(sources);
    let checked = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const draft = quotationDraft(sources, vocabulary, 1_500, 12, seed).text;
      const found = new QuotationChecker(restored, { format: 'markdown' }).checkAll(draft);
      checked += found.length;
      assert.deepEqual(found, new QuotationChecker(built, { format: 'markdown' }).checkAll(draft));
    }
    assert.ok(checked > 0, 'the drafts held quotations to check');
  });

  it('tells once when the worker’s script cannot be read, and gives no parts (the host builds)', async () => {
    const told: string[] = [];
    const builder = indexBuilder({ failed: (message) => told.push(message) }, vscode.Uri.joinPath(extensionUri(), 'no-such-folder'))!;
    assert.equal(await builder.passageParts(sources, turn, () => {}), undefined);
    assert.equal(await builder.wordParts(sources, turn, () => {}), undefined);
    assert.equal(told.length, 1, told.join('\n'));
    assert.match(told[0], /script could not be read/);
  });
});
