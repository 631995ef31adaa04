import type { ChildProcess } from 'node:child_process';
import { diskFullError } from '../process/disk-space.js';
import { secretFifo, type SecretFifo } from '../process/secret-fifo.js';
import { spawnTool } from '../process/spawn-tool.js';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { childExit, type ChildExit } from '../process/child-exit.js';
import { needZstd, type Compression } from './compression.js';
import type { DumpSpec } from './dump-spec.js';
import { NbError } from '../errors.js';
import { stopGroup } from '../process/process-group.js';
import type { ToolFinder } from '../process/tool-finder.js';
import type { Sealer } from '../crypt/set-crypt.js';

export interface DumpProgress {
  /** Bytes the tool produced (before compression): compare with the size estimate. */
  readonly rawBytes: number;
  /** Bytes written to the set. */
  readonly bytes: number;
  readonly object?: string;
}

export interface DumpOutcome {
  readonly rawBytes: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly warnings: string[];
}

export interface DumpRun {
  readonly spec: DumpSpec;
  /** The final file; `<file>.partial` until the dump is whole. */
  readonly file: string;
  readonly compression: Compression;
  readonly tools: ToolFinder;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: DumpProgress) => void;
  readonly onWarning?: (message: string) => void;
  /** The item's size, to say how much room a full disk lacked. */
  readonly estimate?: number;
  /** An encrypted set: the bytes are sealed before they are hashed and written, so no plaintext reaches the disk. */
  readonly sealer?: Sealer;
}

/**
 * Tool → compressor → (age) → sha256 → `<file>.partial` → rename: a file under its final name is always whole.
 * Every file of a set is written here, so the sha256 is always of the bytes on disk.
 * With zstd the tool's stdout is handed straight to zstd's stdin (no copy through Node); Node reads
 * only the compressed bytes, and learns the raw count from zstd's /proc io counters.
 */
export async function runDump(run: DumpRun): Promise<DumpOutcome> {
  const partial = `${run.file}.partial`;
  const { spec } = run;
  const warnings: string[] = [];
  const stderrTail: string[] = [];
  let object: string | undefined;
  let rawBytes = 0;
  let bytes = 0;
  const hash = createHash('sha256');
  const children: ChildProcess[] = [];
  const onAbort = () => children.forEach((c) => stopGroup(c));
  run.signal.addEventListener('abort', onAbort, { once: true });
  const watchStderr = (child: ChildProcess, parse: boolean) =>
    readLines(child.stderr, (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      const found = parse ? spec.currentObject?.(line) : undefined;
      if (found) object = found;
      if (/warning/i.test(line)) {
        warnings.push(line.trim());
        run.onWarning?.(line.trim());
      }
    });

  let zstdPid: number | undefined;
  let fifo: SecretFifo | undefined;
  const ticker = setInterval(() => {
    if (zstdPid) rawBytes = Math.max(rawBytes, readBytesOf(zstdPid));
    run.onProgress?.({ rawBytes, bytes, object });
  }, 200);
  try {
    if (run.signal.aborted) throw abortError();
    const zstdPath = run.compression === 'zstd' ? await needZstd(run.tools) : undefined;
    if (spec.before) {
      const first = start(spec.before.file, spec.before.args, spec.before.env, 'ignore', 'ignore');
      children.push(first);
      watchStderr(first, true);
      await checkExit(await childExit(first), { ...spec, tool: spec.before.tool, format: 'pg-custom' }, stderrTail);
    }
    if (spec.produce) await spec.produce();
    fifo = spec.secret ? await secretFifo(spec.secret.content) : undefined;
    const args = fifo && spec.secret ? [`${spec.secret.option}${fifo.path}`, ...spec.args] : spec.args;
    const tool = spec.produce ? undefined : start(spec.file, args, spec.env, spec.writesFile ? 'ignore' : 'pipe', 'ignore');
    fifo?.feed();
    if (tool) {
      children.push(tool);
      // An interrupt during the awaits above fired before this tool existed.
      if (run.signal.aborted) onAbort();
      watchStderr(tool, true);
    }
    const toolExit = tool ? childExit(tool) : Promise.resolve<ChildExit>({ exitCode: 0, signal: null, failed: false });

    let source: Readable;
    let zstdExit: Promise<ChildExit> | undefined;
    if (spec.writesFile) {
      await checkExit(await toolExit, spec, stderrTail);
    }
    if (zstdPath) {
      const input = spec.writesFile ? 'pipe' : (tool?.stdout as Readable);
      // Level 1, one thread: measured against -3 and -T0 with every item running at once (bench/RESULTS.md),
      // it was the fastest and, on pg_dump's uncompressed custom format, no larger.
      const zstd = start(zstdPath, ['-1', '-q', '-c'], {}, 'pipe', input);
      children.push(zstd);
      zstdPid = zstd.pid;
      watchStderr(zstd, false);
      zstdExit = childExit(zstd);
      // zstd holds its own copy of the pipe now; closing ours keeps Node from ever reading from it.
      if (!spec.writesFile) (tool?.stdout as Readable).destroy();
      if (spec.writesFile) {
        // zstd stopped by an interrupt closes its stdin: its exit status says so, not an unhandled EPIPE.
        const feed = createReadStream(spec.writesFile).on('error', (error) => zstd.stdin?.destroy(error));
        zstd.stdin?.on('error', () => undefined);
        feed.pipe(zstd.stdin as NodeJS.WritableStream);
      }
      source = zstd.stdout as Readable;
    } else {
      const raw = spec.writesFile ? createReadStream(spec.writesFile) : (tool?.stdout as Readable);
      const counted = raw.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            rawBytes += chunk.length;
            done(null, chunk);
          },
        }),
      );
      source = counted.pipe(run.compression === 'gzip' ? createGzip() : new PassThrough());
    }
    if (run.sealer) source = await run.sealer.seal(source);
    const hashOut = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(source, hashOut, createWriteStream(partial, { mode: 0o600 }), { signal: run.signal });
    if (!spec.writesFile) await checkExit(await toolExit, spec, stderrTail);
    if (zstdExit) {
      const exit = await zstdExit;
      if (exit.failed) throw new NbError(`zstd failed: ${stderrTail[stderrTail.length - 1] ?? `exit ${exit.exitCode}`}`);
      rawBytes = Math.max(rawBytes, readBytesOf(zstdPid ?? 0));
    }
    await rename(partial, run.file);
    return { rawBytes, bytes, sha256: hash.digest('hex'), warnings };
  } catch (error) {
    onAbort();
    await rm(partial, { force: true });
    if (run.signal.aborted) throw abortError();
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC' || /No space left/i.test(stderrTail.join('\n'))) throw await diskFullError(run.file, run.estimate);
    throw error;
  } finally {
    clearInterval(ticker);
    run.onProgress?.({ rawBytes, bytes, object });
    run.signal.removeEventListener('abort', onAbort);
    if (spec.writesFile) await rm(spec.writesFile, { force: true });
    await fifo?.dispose();
    await spec.cleanup?.();
  }
}

/** A tool in its own process group: stdout piped or ignored, stdin from a pipe, nothing, or another child's stdout. */
function start(file: string, args: readonly string[], env: Readonly<Record<string, string>>, stdout: 'pipe' | 'ignore', stdin: 'pipe' | 'ignore' | Readable): ChildProcess {
  return spawnTool(file, args, { env, stdout, stdin });
}

/** Bytes a process has read so far (its stdin, for zstd): Linux's /proc/PID/io. */
function readBytesOf(pid: number): number {
  try {
    return Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** tar's exit 1 means a file changed while it was read: the archive is whole, so it is a warning. */
async function checkExit(result: ChildExit, spec: DumpSpec, tail: readonly string[]): Promise<void> {
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new NbError(missing ? `${spec.tool} not found (${spec.file})` : `${spec.tool} could not start: ${result.error.message}`, missing ? 'install it or put it on PATH' : undefined);
  }
  if (!result.failed) return;
  if (spec.format === 'tar' && result.exitCode === 1) return;
  const last = [...tail].reverse().find((l) => /error|fatal|denied|failed|could not|unknown/i.test(l)) ?? tail[tail.length - 1] ?? `exit code ${result.exitCode ?? result.signal}`;
  throw new NbError(`${spec.tool} failed: ${last.replace(/^[\w-]+: /, '').trim()}`, toolHint(last));
}

function toolHint(line: string): string | undefined {
  if (/password authentication failed|Access denied/i.test(line)) return 'check the user and password in the settings';
  if (/server version mismatch|aborting because of server version mismatch/i.test(line)) return 'install a pg_dump at least as new as the server';
  if (/No space left/i.test(line)) return 'free disk space in the backup folder, or choose another with --out';
  if (/could not connect|Can't connect|Connection refused/i.test(line)) return 'start the database server or check host and port';
  return undefined;
}

function readLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) onLine(part);
  });
  stream.on('end', () => rest.trim() && onLine(rest));
}

export function abortError(): NbError {
  return new NbError('interrupted', undefined, 'interrupted');
}
