// Long work in the extension host (reading thousands of entries) is cut into slices: the work awaits `pause()`
// often, and every ~30 ms of work the pause gives the event loop back, so the editor never waits long.

/** A pause to await between small steps of work: it yields once `sliceMs` of work have passed since the last. */
export function pauser(sliceMs = 30): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    sliceStart = Date.now();
  };
}
