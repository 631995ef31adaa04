import { execFile } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { runDir } from './run-dir.js';

/**
 * A login handed to a tool as an option file that is a named pipe in a private folder: the bytes pass
 * through the kernel only, never a disk, argv or the environment of other tools. (Node's own pipes are
 * sockets, which a tool cannot open by path as /dev/fd/N.)
 */
export interface SecretFifo {
  readonly path: string;
  /** Writes the content once the tool opens the pipe. */
  feed(): void;
  /** Unblocks a writer whose reader never came, and removes the pipe and its folder. */
  dispose(): Promise<void>;
}

export async function secretFifo(content: string): Promise<SecretFifo> {
  const dir = await runDir();
  const file = path.join(dir, 'login.cnf');
  await promisify(execFile)('mkfifo', ['-m', '600', file]);
  return {
    path: file,
    feed() {
      const out = createWriteStream(file);
      out.on('error', () => undefined);
      out.end(content);
    },
    async dispose() {
      const reader = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
      await reader?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
