import type { ChildProcess } from 'node:child_process';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readPlainFile } from './local-file.js';
import { NbError } from '../errors.js';
import { childExit } from '../process/child-exit.js';
import { stopGroup } from '../process/process-group.js';
import { spawnTool } from '../process/spawn-tool.js';
import type { DestinationSpec } from './parse-destination.js';
import { sshFailure } from './ssh-failure.js';

// Commands for the far end go through ssh, which hands them to the far user's shell as one string:
// the only text that reaches it is a fixed script and words quoted by `shellQuote`, never raw input.

export type SshSpec = Extract<DestinationSpec, { kind: 'ssh' }>;

/** A script's own refusal (exit 3): its last stderr line says why, in words the script fixed. */
export const REFUSED = 3;

/** Tools a script needs that are missing there: exit 127, as the shell itself reports one. */
const MISSING_TOOL = 127;

/** One word for a POSIX shell: single quotes keep everything literal but `'`, written `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `sh -c SCRIPT nbbackup FOLDER ARGS…`, so the far login shell (bash, zsh, dash…) only ever splits
 * quoted words, and the script runs under a known POSIX sh with $1 the destination folder. The
 * script is joined into one line: some login shells refuse a newline inside quotes.
 */
export function remoteCommand(script: RemoteScript, folder: string, args: readonly string[]): string {
  const prelude = [
    'umask 077',
    `for t in ${script.tools.join(' ')}; do command -v "$t" >/dev/null 2>&1 || { echo "$t: not found" >&2; exit ${MISSING_TOOL}; }; done`,
    // `~` and `~/…` as scp reads them: the far user's home.
    'case $1 in "~") d=$HOME;; "~/"*) d=$HOME/${1#"~/"};; *) d=$1;; esac',
  ];
  const text = [...prelude, ...script.lines].join('; ');
  return ['sh', '-c', shellQuote(text), 'nbbackup', ...[folder, ...args].map(shellQuote)].join(' ');
}

/** The argv that runs `command` there: ssh never waits for a prompt, and no local shell is involved. */
export function sshArgv(sshCommand: readonly string[], spec: SshSpec, command: string): [string, string[]] {
  const login = `${spec.user ? `${spec.user}@` : ''}${spec.host.replace(/^\[(.*)\]$/, '$1')}`;
  const [file, ...options] = sshCommand;
  // After the operator's own options, which ssh lets win: a dead link ends in a minute, not hours.
  const liveness = ['-o', 'ConnectTimeout=30', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=4'];
  return [file, [...options, '-o', 'BatchMode=yes', ...liveness, ...(spec.port ? ['-p', String(spec.port)] : []), '--', login, command]];
}

export interface RemoteScript {
  /** What the script does, for error messages ("list the sets in"). */
  readonly doing: string;
  /** Commands it needs there besides sh's builtins; checked before it runs. */
  readonly tools: readonly string[];
  /** Statements, each complete on its own line (they are joined with `; `). */
  readonly lines: readonly string[];
}

export interface LocalUpload {
  readonly path: string;
  readonly from: number;
  readonly onProgress: (sent: number) => void;
}

export interface RemoteRun {
  readonly args?: readonly string[];
  /** A local file streamed to the script's stdin from byte `from` on. */
  readonly upload?: LocalUpload;
  /** The error for the script's own refusal (exit 3), given its reason. */
  readonly refused?: (reason: string) => NbError;
}

/** Runs scripts at one SSH destination and turns every failure into one NbError line. */
export interface RemoteShell {
  run(script: RemoteScript, run: RemoteRun, signal: AbortSignal): Promise<Buffer>;
}

export function remoteShell(spec: SshSpec, sshCommand: readonly string[], label: string): RemoteShell {
  if (sshCommand.length === 0) throw new NbError('the ssh command is empty', 'set NBBACKUP_SSH or ssh in .nbbackuprc to a command such as ssh, or leave both unset');
  return {
    async run(script, run, signal) {
      if (signal.aborted) throw interrupted();
      const [file, args] = sshArgv(sshCommand, spec, remoteCommand(script, spec.path, run.args ?? []));
      const child = spawnTool(file, args, { stdin: run.upload ? 'pipe' : 'ignore', stdout: 'pipe' });
      const stop = () => stopGroup(child);
      signal.addEventListener('abort', stop, { once: true });
      try {
        const { stdout, stderr } = collect(child);
        const [exit, sent] = await Promise.all([childExit(child), run.upload ? send(child, run.upload, signal) : Promise.resolve(undefined)]);
        if (signal.aborted) throw interrupted();
        const failure = sshFailure(exit, stderr(), { label, host: spec.host, port: spec.port, path: spec.path, doing: script.doing });
        if (failure === 'refused') {
          const reason = lastLine(stderr()) || 'it was refused there';
          throw run.refused?.(reason) ?? new NbError(`${label}: ${reason}`, 'nothing there was changed');
        }
        if (failure) throw failure;
        if (sent) throw new NbError(`${label}: the copy stopped reading ${run.upload!.path} (${sent.message})`, 'copy again to go on from where it stopped');
        return stdout();
      } finally {
        signal.removeEventListener('abort', stop);
      }
    },
  };
}

/** The local file into ssh's stdin, counted as it goes; a failure is returned, since ssh's exit says more. */
async function send(child: ChildProcess, upload: LocalUpload, signal: AbortSignal): Promise<Error | undefined> {
  let sent = upload.from;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      upload.onProgress(sent);
      done(null, chunk);
    },
  });
  // ssh going away mid-stream breaks the pipe; its exit code and stderr tell why.
  child.stdin!.on('error', () => undefined);
  try {
    await pipeline(await readPlainFile(upload.path, upload.from), count, child.stdin!, { signal });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EPIPE' || code === 'ABORT_ERR' || code === 'ERR_STREAM_PREMATURE_CLOSE' ? undefined : (error as Error);
  }
}

/** A listing of hundreds of sets with their manifests is a few MB; far more is not an answer to what was asked. */
const STDOUT_MAX_BYTES = 64 * 1024 * 1024;

/** stdout whole up to a cap, stderr's last 64 KiB: enough to say why. */
function collect(child: ChildProcess): { stdout: () => Buffer; stderr: () => string } {
  const out: Buffer[] = [];
  let bytes = 0;
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    // A far end that lies (or a login script gone mad) must not fill our memory: past the cap it is cut off.
    if (bytes > STDOUT_MAX_BYTES) {
      child.kill('SIGKILL');
      err = `${err}\nthe far end answered more than ${STDOUT_MAX_BYTES} bytes`;
      return;
    }
    out.push(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-65536);
  });
  return { stdout: () => Buffer.concat(out), stderr: () => err };
}

function lastLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
}

export function interrupted(): NbError {
  return new NbError('interrupted', 'copy again to go on from here', 'interrupted');
}
