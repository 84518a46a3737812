// Running Pandoc and latexmk for Export Draft (desktop only): an asynchronous child process, never a shell, never
// blocking the extension host; cancelled by killing it. The browser build gets pandocProcess.web.ts in its place
// (esbuild.js), which runs nothing.
import { spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Whether this build can run programs (the web worker host cannot). */
export const canRunPrograms = true;

export interface ProgramResult {
  /** The exit code (null: killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program was not found (ENOENT) or could not be started. */
  missing: boolean;
  cancelled: boolean;
}

/** A cancellation token's shape (vscode.CancellationToken fits). */
export interface Cancellation {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Runs `program` with `args` (no shell) in `cwd`; resolves when it ends, is killed, or cannot start. */
export function runProgram(program: string, args: readonly string[], options: { cwd?: string; cancel?: Cancellation } = {}): Promise<ProgramResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let settled = false;
    const finish = (result: Omit<ProgramResult, 'stdout' | 'stderr' | 'cancelled'>) => {
      if (settled) return;
      settled = true;
      listener?.dispose();
      resolve({ ...result, stdout, stderr, cancelled });
    };
    const child = spawn(program, [...args], { cwd: options.cwd, shell: false, windowsHide: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      stderr += error.message;
      finish({ code: null, missing: true });
    });
    child.on('close', (code) => finish({ code, missing: false }));
    const listener = options.cancel?.onCancellationRequested(() => {
      cancelled = true;
      child.kill();
    });
    if (options.cancel?.isCancellationRequested) {
      cancelled = true;
      child.kill();
    }
  });
}

/** Whether `program` is an executable on the PATH (or, given with a folder, at that path). */
export async function programInstalled(program: string): Promise<boolean> {
  const candidates = program.includes('/') || program.includes('\\') ? [program] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, program));
  const extensions = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const candidate of candidates) {
    for (const extension of extensions) {
      try {
        await fs.access(candidate + extension, constants.X_OK);
        return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}

/** A new folder for one export's files (removed with `removeFolder`). */
export function temporaryFolder(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'sourcebook-export-'));
}

export async function removeFolder(folder: string): Promise<void> {
  await fs.rm(folder, { recursive: true, force: true });
}

export function writeText(file: string, text: string): Promise<void> {
  return fs.writeFile(file, text, 'utf8');
}

export function joinPath(...parts: string[]): string {
  return path.join(...parts);
}
