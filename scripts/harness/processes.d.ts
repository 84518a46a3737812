import type { ChildProcess, SpawnOptions } from 'node:child_process';

export declare function startProcess(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
export declare function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
export declare function onShutdown(cleanup: () => void | Promise<void>): void;
export declare function removeOnExit(dir: string): void;
export declare function shutdown(): Promise<void>;
