// Long work on the extension host (thousands of sources) gives the host back its turn every few milliseconds,
// so the editor never freezes: call the returned function between units of work and await it.

/** A function that yields (one macrotask) when `sliceMs` of work have passed since the last yield. */
export function pauser(sliceMs = 30): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    sliceStart = Date.now();
  };
}
