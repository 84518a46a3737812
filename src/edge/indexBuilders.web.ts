// The browser build's index builder (see scripts/browserTwins.js): none — the browser starts no worker threads here,
// so the indexes are built on the host's thread, in slices.
import type { IndexBuilder } from '../core/search/indexBuilding';

export function indexBuilder(): IndexBuilder | undefined {
  return undefined;
}
