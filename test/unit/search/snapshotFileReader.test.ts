// The desktop's reader of the index snapshot's file (src/edge/snapshotFileReader.ts): each range read into a buffer of
// its own, on shared memory (not counted as the heap's external memory: no full collections for it while a restart
// restores 300 MB of snapshot), the bytes the file holds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSnapshotFile } from '../../../src/edge/snapshotFileReader';

describe('the snapshot file reader', () => {
  let folder: string;
  before(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcebook-snapshot-reader-'))));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reads each range into a shared buffer of its own holding exactly the file’s bytes', async () => {
    const file = path.join(folder, 'snapshot.bin');
    const content = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 255);
    fs.writeFileSync(file, content);
    const reader = (await openSnapshotFile(file))!;
    try {
      assert.equal(reader.size, content.length);
      const ranges: Array<[number, number]> = [[0, 16], [16, 65_536], [123_457, 100_001], [content.length - 3, 3]];
      const read = await Promise.all(ranges.map(([offset, length]) => reader.read(offset, length)));
      ranges.forEach(([offset, length], i) => {
        assert.deepEqual(read[i], content.subarray(offset, offset + length));
        const { buffer } = read[i];
        assert.equal(buffer.byteLength, length, 'a buffer of its own, no larger than the range');
        assert.ok(buffer instanceof SharedArrayBuffer, `range ${i} on a ${buffer.constructor.name}`);
      });
      assert.notEqual(read[1].buffer, read[2].buffer);
      await assert.rejects(reader.read(content.length - 10, 20), /ends at 300000 bytes, not 300000/);
    } finally {
      await reader.close();
    }
  });

  it('gives none for a file that is not there', async () => {
    assert.equal(await openSnapshotFile(path.join(folder, 'missing.bin')), undefined);
  });
});
