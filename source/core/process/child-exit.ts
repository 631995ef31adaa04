import type { ChildProcess } from 'node:child_process';

export interface ChildExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly failed: boolean;
  readonly error?: Error;
}

/** Resolves when the child has exited and its pipes are closed; never rejects. */
export function childExit(child: ChildProcess): Promise<ChildExit> {
  return new Promise((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
      resolve({ exitCode: null, signal: null, failed: true, error });
    });
    child.once('close', (exitCode, signal) => {
      if (!spawnError) resolve({ exitCode, signal, failed: exitCode !== 0 });
    });
  });
}
