// The bench row for the Zotero library: 5,000 items read from the stand-in (served by another process) into a
// reference set — with the longest pause of this process's event loop while it is read — then the first citation of
// one of them. Baseline, in the same run: fetching and parsing the same pages and nothing else.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Citations } from '../src/core/citations/citations';
import { DEFAULT_STYLE } from '../src/core/citations/styles';
import { loadZoteroLibrary } from '../src/core/references/zoteroReader';
import { nextLink } from '../src/core/references/zoteroClient';
import { pauser } from '../src/core/pauser';
import { now, withLongestPause } from './stats';

export interface ZoteroFigures {
  items: number;
  citableMs: number;
  loadMs: number;
  longestPauseMs: number;
  baselineMs: number;
  baselinePauseMs: number;
  citation: string;
}

export async function zoteroBench(count = 5000): Promise<ZoteroFigures> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'zoteroServer.ts'), String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      server.once('exit', (code) => reject(new Error(`the Zotero stand-in exited (${code})`)));
    });
    const get = (address: string, init: { headers: Record<string, string> }) => fetch(address, init);
    // Baseline: the same pages, fetched and parsed, nothing done with them.
    const baseline = await withLongestPause(async () => {
      const started = now();
      for (let address: string | undefined = `${url}/api/users/0/items/top?format=json&include=data,csljson&limit=100`; address; ) {
        const answer = await get(address, { headers: { 'Zotero-API-Version': '3' } });
        JSON.parse(await answer.text());
        address = nextLink(answer.headers.get('Link'));
      }
      return now() - started;
    });
    const started = now();
    const read = await withLongestPause(() => loadZoteroLibrary({ get, baseUrl: url, pause: pauser() }));
    if (!read.value.ok) throw new Error(read.value.message);
    const loadMs = now() - started;
    // Citable: the CSL engine and style loaded (in the extension that happens in the background at start-up) and
    // one of the items cited.
    const sources = read.value.value.sources;
    const citations = new Citations(sources.map((source) => source.meta));
    await citations.prepare(DEFAULT_STYLE);
    const cited = citations.citeSync({ style: DEFAULT_STYLE, items: [{ key: sources[sources.length - 1].meta.key }], form: 'plain' });
    const citableMs = now() - started;
    return { items: sources.length, loadMs, citableMs, citation: cited.ok ? cited.value : cited.message, longestPauseMs: read.longest, baselineMs: baseline.value, baselinePauseMs: baseline.longest };
  } finally {
    server.stdin.end();
  }
}
