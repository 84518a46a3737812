// The browser build's pandocProcess.ts (esbuild.js puts it in its place): the web worker host runs no programs, so
// Export Draft writes HTML from the preview's rendering there and says the other formats need the desktop.
import type * as desktop from './pandocProcess';

export const canRunPrograms = false;

const desktopOnly = (): never => {
  throw new Error('Running Pandoc needs VS Code on the desktop.');
};

export const runProgram: typeof desktop.runProgram = desktopOnly;
export const programInstalled: typeof desktop.programInstalled = desktopOnly;
export const temporaryFolder: typeof desktop.temporaryFolder = desktopOnly;
export const removeFolder: typeof desktop.removeFolder = desktopOnly;
export const writeText: typeof desktop.writeText = desktopOnly;
export const joinPath: typeof desktop.joinPath = desktopOnly;
