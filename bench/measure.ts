import { readFileSync } from 'node:fs';
import { execa, type Options } from 'execa';

export interface Measured {
  readonly seconds: number;
  /** Peak resident memory of the process itself, MiB. */
  readonly peakRssMiB: number;
  /** CPU seconds of the process itself, and of the children it waited for. */
  readonly ownCpu: number;
  readonly childCpu: number;
  /** Seconds from the start until a stderr line matched `mark`, when one did. */
  readonly markSeconds?: number;
}

const TICK = 100; // USER_HZ on Linux

/** Runs a command and samples /proc for its peak RSS and CPU time (own vs its children's). */
export async function measure(file: string, args: readonly string[], options: Options = {}, mark?: RegExp): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = execa(file, args, { ...options, stdout: 'ignore', stderr: 'pipe', buffer: false });
  let markSeconds: number | undefined;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (mark && markSeconds === undefined && mark.test(stderr)) markSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (stderr.length > 100_000) stderr = stderr.slice(-10_000);
  });
  let peak = 0;
  let own = 0;
  let kids = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      own = (Number(fields[11]) + Number(fields[12])) / TICK;
      kids = (Number(fields[13]) + Number(fields[14])) / TICK;
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 20);
  try {
    await child;
  } finally {
    clearInterval(timer);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMiB: peak / 1024, ownCpu: own, childCpu: kids, markSeconds };
}

/** Wall time of a shell-free pipeline or command. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}
