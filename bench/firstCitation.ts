// Run in a fresh process by bench/run.ts: the first citation a writer asks for, with citeproc-js and the style
// loaded from nothing (nothing of the CSL engine is in memory yet). Prints one line of JSON: wall and CPU time of the
// whole, the CPU of each block between the engine build's pauses (`blocksMs`; the last is the first citation itself)
// and the longest (`longestBlockMs`).
//
// By hand, bundled as the extension is:
//   node_modules/.bin/esbuild bench/firstCitation.ts --bundle --platform=node --target=node20 --outfile=/tmp/fc.js
//   node /tmp/fc.js [style id, chicago-author-date unless told] [--own-build]
// `--own-build` builds the style's engine as citeproc-js builds it, its sort keys' macros copied at every call
// (without src/core/citations/sortMacros.ts), for comparing the two in alternating fresh processes.
import { bundledData } from '../src/core/sources/bundledCorpus';
import { Citations } from '../src/core/citations/citations';
import { DEFAULT_STYLE } from '../src/core/citations/styles';
import { cpuNow, now } from './stats';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const style = args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_STYLE;
  const sources = bundledData().sources.map((source) => source.meta);
  const blocks: number[] = [];
  let blockStart = cpuNow();
  const pause = async (): Promise<void> => {
    blocks.push(cpuNow() - blockStart);
    await new Promise((resolve) => setImmediate(resolve));
    blockStart = cpuNow();
  };
  const start = now();
  const startCpu = cpuNow();
  const citations = new Citations(sources, { pause, shareSortMacros: !args.includes('--own-build') });
  const result = await citations.cite({ style, items: [{ key: 'crossan2025', paragraph: 4 }], form: 'footnote' });
  blocks.push(cpuNow() - blockStart);
  const wallMs = now() - start;
  const cpuMs = cpuNow() - startCpu;
  const longestBlockMs = Math.max(...blocks);
  console.log(JSON.stringify({ style, wallMs, cpuMs, blocksMs: blocks.map((ms) => Math.round(ms * 10) / 10), longestBlockMs, ok: result.ok, text: result.ok ? result.value : result.message }));
}

void main();
