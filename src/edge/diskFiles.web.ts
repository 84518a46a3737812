// The browser build's diskFiles.ts (esbuild.js puts it in its place): a web worker extension host has no disk, so
// every URI is read through `vscode.workspace.fs`.
import type * as desktop from './diskFiles';

export const withDiskFiles: typeof desktop.withDiskFiles = (fallback) => fallback;
export const diskPath: typeof desktop.diskPath = () => undefined;
