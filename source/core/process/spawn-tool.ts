import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Readable } from 'node:stream';

export interface ToolIo {
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: 'pipe' | 'ignore' | Readable | number;
  readonly stdout?: 'pipe' | 'ignore';
}

/** util-linux's setpriv, when the machine has it: it makes the kernel kill a tool whose nbbackup died. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => {
  try {
    accessSync(f, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/**
 * Every database and archive tool starts here: in its own process group (a terminal's Ctrl+C reaches
 * only nbbackup, which stops its children in order), and — through setpriv's parent-death signal —
 * killed by the kernel if nbbackup itself is killed, so no dump or restore runs on unattended.
 */
export function spawnTool(file: string, args: readonly string[], io: ToolIo = {}): ChildProcess {
  const stdio: StdioOptions = [io.stdin ?? 'ignore', io.stdout ?? 'pipe', 'pipe'];
  const [command, argv] = toolCommand(file, args);
  return spawn(command, argv, { env: { ...process.env, ...io.env }, stdio, detached: true });
}

/**
 * The command line that starts `file` under the same parent-death signal, for tools run through execa
 * (sqlcmd, sqlplus, impdp, zstd): give those `detached: true` too, so a terminal's Ctrl+C reaches only nbbackup.
 */
export function toolCommand(file: string, args: readonly string[]): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, [...args]];
}
