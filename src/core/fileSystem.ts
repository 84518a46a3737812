// The little the core needs of a file system. The VS Code layer implements it with `vscode.workspace.fs`
// (which also works in the browser); tests implement it with Node's `fs` or in memory. URIs are strings the
// implementation understands (a `file:` URI, a `vscode-vfs:` URI, or a plain path in tests).

export type FileType = 'file' | 'directory' | 'symlink' | 'unknown';

export interface FileStat {
  type: FileType;
  /** Bytes. */
  size: number;
  /** Last modification, milliseconds since 1970. */
  mtime: number;
}

export interface FileSystem {
  /** The file's bytes. Rejects when it cannot be read (missing, a directory, no permission). */
  readFile(uri: string): Promise<Uint8Array>;
  /** The entries of a directory: name (not a full URI) and type. Rejects when it is not a readable directory. */
  readDirectory(uri: string): Promise<Array<[name: string, type: FileType]>>;
  /** Rejects when nothing exists at `uri`. */
  stat(uri: string): Promise<FileStat>;
}

/** `base` + `/` + `name`, without doubling the slash. Names never contain a slash. */
export function joinUri(base: string, name: string): string {
  return base.endsWith('/') ? `${base}${name}` : `${base}/${name}`;
}
