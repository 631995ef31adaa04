// Profile hooks and alert commands are programs the operator names: each runs without a shell, under a
// deadline, and its whole process group is stopped on timeout or abort, so nothing it started outlives it.
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorLine } from '../errors.js';
import { killGroup } from '../process/process-group.js';
import { spawnTool } from '../process/spawn-tool.js';

export interface BoundedCommand {
  /** argv: the program, then its arguments. */
  readonly command: readonly string[];
  /** Added to process.env. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to its stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string;
  readonly timeoutSeconds: number;
  readonly signal?: AbortSignal;
}

export type BoundedEnd = 'exit' | 'signal' | 'timeout' | 'aborted' | 'not-found' | 'not-started';

export interface BoundedResult {
  readonly ok: boolean;
  readonly end: BoundedEnd;
  /** One line: "exit 2", "timed out after 5 s", "not found: /no/such", "stopped (interrupted)". */
  readonly detail: string;
  /** The last lines of stdout and stderr together. */
  readonly output: string;
}

const TAIL_LINES = 20;
/** Enough bytes for the last lines; a chatty command must not grow our memory. */
const TAIL_CHARS = 16_384;
/** How long a stopped group gets for SIGTERM before SIGKILL, and how long we wait for SIGKILL to land. */
const GRACE_MS = 1_000;
const SETTLE_MS = 500;
/** A background process the command left holding its pipes must not keep us waiting for their end. */
const PIPE_WAIT_MS = 1_000;

/** Runs `command` to its end, its deadline or the abort; never rejects. */
export async function runBounded(run: BoundedCommand): Promise<BoundedResult> {
  if (run.signal?.aborted) return { ok: false, end: 'aborted', detail: 'stopped (interrupted)', output: '' };
  const [program, ...args] = run.command;
  if (!program) return { ok: false, end: 'not-started', detail: 'no program given', output: '' };
  const env = { ...process.env, ...run.env };
  const file = await resolveProgram(program, env.PATH ?? '');
  if (!file.ok) return { ok: false, end: file.end, detail: file.detail, output: '' };

  let child: ChildProcess;
  try {
    child = spawnTool(file.path, args, { env: run.env, stdin: run.input === undefined ? 'ignore' : 'pipe', stdout: 'pipe' });
  } catch (error) {
    return { ok: false, end: 'not-started', detail: `could not start ${program}: ${errorLine(error)}`, output: '' };
  }
  const tail = new OutputTail();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => tail.add(chunk));
  }
  if (run.input !== undefined && child.stdin) {
    // A command that never reads its stdin and exits early must not fail us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(run.input);
  }

  const ending = await new Promise<Ending>((resolve) => {
    let stoppedFor: Ending | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = (value: Ending) => {
      timers.forEach(clearTimeout);
      run.signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const stop = (why: Ending) => {
      if (stoppedFor) return;
      stoppedFor = why;
      killGroup(child, 'SIGTERM');
      timers.push(setTimeout(() => killGroup(child, 'SIGKILL'), GRACE_MS));
      // A child that cannot be reaped must still not hold the caller past its deadline.
      timers.push(setTimeout(() => finish(why), GRACE_MS + SETTLE_MS));
    };
    const onAbort = () => stop({ end: 'aborted', detail: 'stopped (interrupted)' });
    run.signal?.addEventListener('abort', onAbort, { once: true });
    // An abort while the program was being looked up came before the listener.
    if (run.signal?.aborted) onAbort();
    timers.push(setTimeout(() => stop({ end: 'timeout', detail: `timed out after ${run.timeoutSeconds} s` }), run.timeoutSeconds * 1000));

    child.once('error', (error) => finish(stoppedFor ?? { end: 'not-started', detail: `could not start ${program}: ${errorLine(error)}` }));
    child.once('exit', (code, signal) => {
      const why: Ending = stoppedFor ?? (signal ? { end: 'signal', detail: `killed by ${signal}` } : { end: 'exit', detail: `exit ${code}`, ok: code === 0 });
      if (stoppedFor) killGroup(child, 'SIGKILL');
      // Wait for the pipes to drain so the tail holds the last words, but not for a leftover holding them.
      const drained = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(why);
      }, PIPE_WAIT_MS);
      child.once('close', () => {
        clearTimeout(drained);
        finish(why);
      });
    });
  });
  return { ok: ending.ok === true, end: ending.end, detail: ending.detail, output: tail.text() };
}

type Ending = { readonly end: BoundedEnd; readonly detail: string; readonly ok?: boolean };

type Resolved = { ok: true; path: string } | { ok: false; end: BoundedEnd; detail: string };

/** Looked up before starting, so a typo reads "not found: …" rather than a launcher's exit code. */
async function resolveProgram(program: string, searchPath: string): Promise<Resolved> {
  const candidates = program.includes('/')
    ? [path.resolve(program)]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, program));
  for (const file of candidates) {
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) continue;
    if (await access(file, constants.X_OK).then(() => true, () => false)) return { ok: true, path: file };
    if (program.includes('/')) return { ok: false, end: 'not-started', detail: `not executable: ${program}` };
  }
  return { ok: false, end: 'not-found', detail: `not found: ${program}` };
}

/** Keeps only the end of what a command printed. */
class OutputTail {
  private buffer = '';

  add(chunk: string): void {
    this.buffer = (this.buffer + chunk).slice(-TAIL_CHARS);
  }

  text(): string {
    const lines = this.buffer.replace(/\r\n/g, '\n').split('\n');
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    return lines.slice(-TAIL_LINES).join('\n');
  }
}
