// Serves a synthetic Zotero library of `argv[2]` items from the stand-in in a process of its own (so the bench
// process measures only Sourcebook's side), printing the address; ends when its input closes.
import { ZoteroStandIn } from '../test/harness/zoteroStandIn';
import { syntheticLibrary } from '../test/fixtures/zoteroLibrary';

void ZoteroStandIn.start(syntheticLibrary(Number(process.argv[2] ?? 5000), 40)).then((standIn) => {
  process.stdout.write(`${standIn.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void standIn.close().then(() => process.exit(0)));
});
