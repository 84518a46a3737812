import type { ChildProcess } from 'node:child_process';

export declare class HarnessError extends Error {}

export declare const DEFAULT_SETTINGS: Readonly<Record<string, unknown>>;

export interface CodeServer {
  readonly port: number;
  readonly host: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly process: ChildProcess;
  /** The server's last output lines. */
  readonly output: readonly string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  tempDir?: string;
  settings?: Record<string, unknown>;
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
  host?: string;
  keepSettings?: boolean;
}

export declare function freePort(): Promise<number>;
export declare function makeTempDir(prefix: string): string;
export declare function copySampleWorkspace(tempDir: string): string;
export declare function startCodeServer(options?: StartOptions): Promise<CodeServer>;
export declare function remoteUri(server: Pick<CodeServer, 'host' | 'port'>, absolutePath: string): string;
export declare function workbenchUrl(
  server: Pick<CodeServer, 'origin' | 'host' | 'port'>,
  options?: { folder?: string; payload?: ReadonlyArray<readonly [string, string]> },
): string;
