import { closeSync, createReadStream, openSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Unlocker } from '../crypt/set-crypt.js';
import { childExit, type ChildExit } from '../process/child-exit.js';
import { stopGroup } from '../process/process-group.js';
import { secretFifo } from '../process/secret-fifo.js';
import { spawnTool } from '../process/spawn-tool.js';
import { fdPosition } from '../process/fd-position.js';
import { progressTicker } from './progress-ticker.js';
import type { ToolSecret } from './dump-spec.js';
import type { ToolFinder } from '../process/tool-finder.js';
import { needZstd, type Compression } from './compression.js';

/** What a tool says is kept as a bounded tail: a crafted dump cannot make it grow without end. */
const KEEP_BYTES = 64 * 1024;

export interface FeedOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Each line the tool prints on stdout (a listing), instead of keeping it. */
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** A login the tool reads as an option file, through a private named pipe. */
  readonly secret?: ToolSecret;
  /** Bytes of the set file read so far, at most ten times a second and once at the end. */
  readonly onProgress?: (bytesRead: number) => void;
  /** The set is encrypted: the file is opened by Node and its plaintext fed to the first tool. */
  readonly unlock?: Unlocker;
}

export interface FedResult extends ChildExit {
  /** The last 64 KiB the tool wrote on stderr. */
  readonly stderr: string;
  /** The last 64 KiB of stdout, when no onLine takes it. */
  readonly stdout: string;
  /** The decompressor failed for a reason other than the tool closing its pipe early (pg_restore --list). */
  readonly unpackFailed: boolean;
  /** The encrypted file failed its authentication (changed or damaged) part way. */
  readonly decryptError?: string;
}

/**
 * Runs `tool` with a set file, decompressed, on its stdin: decompressor and tool joined by their own
 * pipe, so the bytes never pass through Node. Both run in their own process group and stop on abort.
 */
export async function feedDump(file: string, compression: Compression, tool: string, args: readonly string[], tools: ToolFinder, options: FeedOptions = {}): Promise<FedResult> {
  const unpacker = compression === 'none' ? undefined : compression === 'zstd' ? await needZstd(tools) : 'gzip';
  // Everything awaited comes first: the decompressor's stdout must reach the tool before Node touches it.
  const fifo = options.secret ? await secretFifo(options.secret.content) : undefined;
  const fullArgs = fifo && options.secret ? [`${options.secret.option}${fifo.path}`, ...args] : args;
  // The file is opened here and handed over as stdin: its offset, shared with the reader, is the progress.
  // Encrypted: Node reads the file and feeds the plaintext on; the header is opened before any tool
  // starts, so a wrong key fails with nothing running.
  const raw = options.unlock ? createReadStream(file) : undefined;
  const plain = raw && options.unlock ? await options.unlock.open(raw).catch(async (error: unknown) => {
    await fifo?.dispose();
    throw error;
  }) : undefined;
  const fd = raw ? undefined : openSync(file, 'r');
  const input = plain ? 'pipe' : (fd as number);
  const first = unpacker ? spawnTool(unpacker, ['-d', '-c', '-q'], { stdin: input }) : undefined;
  const child = spawnTool(tool, fullArgs, { stdin: first ? (first.stdout as Readable) : input, env: options.env });
  if (first) (first.stdout as Readable).destroy();
  let decryptError: string | undefined;
  if (plain) {
    const sink = (first ?? child).stdin as Writable;
    // A tool that stops reading early (pg_restore --list) closes its pipe: not an error of the file.
    sink.on('error', () => plain.destroy());
    plain.on('error', (error) => {
      decryptError = (error as Error).message.split('\n')[0];
      [first, child].forEach((c) => stopGroup(c));
    });
    plain.pipe(sink);
  }
  const ticker = progressTicker(() => (raw ? raw.bytesRead : fdPosition(fd as number)), options.onProgress);
  fifo?.feed();
  const stop = () => [first, child].forEach((c) => stopGroup(c));
  options.signal?.addEventListener('abort', stop, { once: true });
  // An interrupt that came while the tools were being found or started has already fired.
  if (options.signal?.aborted) stop();
  const stderr = tail();
  const stdout = tail();
  const unpackErr = tail();
  child.stderr?.setEncoding('utf8').on('data', stderr.add);
  first?.stderr?.setEncoding('utf8').on('data', unpackErr.add);
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    if (!options.onLine) return stdout.add(d);
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach((l) => options.onLine?.(l));
  });
  try {
    const [done, unpacked] = await Promise.all([childExit(child), first ? childExit(first) : undefined]);
    if (partial) options.onLine?.(partial);
    const closedPipe = unpacked?.signal === 'SIGPIPE' || /broken pipe/i.test(unpackErr.text());
    // A file that fails age's authentication part way fails the run, whatever the tool made of the bytes before.
    const damaged = decryptError ? `the encrypted file is changed or damaged (${decryptError})\n` : '';
    return { ...done, failed: done.failed || Boolean(decryptError), stderr: damaged + stderr.text(), stdout: stdout.text(), unpackFailed: Boolean(unpacked?.failed && !closedPipe), decryptError };
  } finally {
    ticker.stop();
    plain?.destroy();
    raw?.destroy();
    if (fd !== undefined) closeSync(fd);
    options.signal?.removeEventListener('abort', stop);
    await fifo?.dispose();
  }
}

function tail() {
  let text = '';
  return {
    add: (chunk: string) => {
      text += chunk;
      if (text.length > KEEP_BYTES * 2) text = text.slice(-KEEP_BYTES);
    },
    text: () => text.slice(-KEEP_BYTES),
  };
}
