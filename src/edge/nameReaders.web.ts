// The browser's name reader (esbuild puts this file in place of nameReaders.ts in dist/web/extension.js): the web
// worker extension host has no worker_threads, so compromise reads on the host's thread, in slices.
import { InThreadNameReader } from '../core/names/nameReader';
import type { NameReader, NameReaderEvents } from '../core/names/nameReader';

export function nameReader(pause: () => Promise<void>, events: NameReaderEvents = {}): NameReader {
  return new InThreadNameReader(pause, (ms) => events.loaded?.('host', ms));
}
