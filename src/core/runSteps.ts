// Long work written once as a generator that yields between runs of work, then run either in one go (tests, the
// bench's baseline) or in slices, awaiting a pause (src/core/pauser.ts) at each yield so the host keeps answering.

/** The generator's result, run in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The generator's result, awaiting `pause` at each of its yields. */
export async function runStepsInSlices<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
