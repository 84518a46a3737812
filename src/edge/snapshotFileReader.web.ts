// The browser build's snapshotFileReader.ts (esbuild.js puts it in its place): the web worker host has no file
// handles, so the index snapshot is read whole (`vscode.workspace.fs.readFile`) and its posting lists copied.
import type * as desktop from './snapshotFileReader';

export const openSnapshotFile: typeof desktop.openSnapshotFile = async () => undefined;
