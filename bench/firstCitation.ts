// Run in a fresh process by bench/run.ts: the first citation a writer asks for, with citeproc-js and the style
// loaded from nothing (nothing of the CSL engine is in memory yet). Prints one line of JSON.
import { bundledData } from '../src/core/sources/bundledCorpus';
import { Citations } from '../src/core/citations/citations';
import { DEFAULT_STYLE } from '../src/core/citations/styles';
import { cpuNow, now } from './stats';

async function main(): Promise<void> {
  const sources = bundledData().sources.map((source) => source.meta);
  const start = now();
  const startCpu = cpuNow();
  const citations = new Citations(sources);
  const result = await citations.cite({ style: DEFAULT_STYLE, items: [{ key: 'crossan2025', paragraph: 4 }], form: 'footnote' });
  const wallMs = now() - start;
  const cpuMs = cpuNow() - startCpu;
  console.log(JSON.stringify({ wallMs, cpuMs, ok: result.ok, text: result.ok ? result.value : result.message }));
}

void main();
