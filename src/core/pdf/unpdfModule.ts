// unpdf, loaded on first use (a chunk of its own on the desktop). pdf.js sets up `navigator.platform` and
// `navigator.userAgent` when it loads; VS Code's desktop extension host has a `navigator` that is undefined and cannot
// be assigned, so while pdf.js loads a plain stand-in is put in its place, and the host's own is restored after.

type Unpdf = typeof import('unpdf');

let loading: Promise<Unpdf> | undefined;

/** The unpdf module, with its pdf.js loaded. */
export function loadUnpdf(): Promise<Unpdf> {
  loading ??= withNavigator(async () => {
    const unpdf = await import('unpdf');
    await unpdf.getResolvedPDFJS();
    return unpdf;
  });
  return loading;
}

async function withNavigator<T>(load: () => Promise<T>): Promise<T> {
  const host = globalThis as { navigator?: unknown };
  const own = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  let missing = false;
  try {
    missing = host.navigator === undefined || host.navigator === null;
  } catch {
    missing = true;
  }
  if (!missing || (own && !own.configurable)) return load();
  Object.defineProperty(globalThis, 'navigator', { value: { platform: '', userAgent: '' }, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (own) Object.defineProperty(globalThis, 'navigator', own);
    else delete host.navigator;
  }
}
