import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { childExit, type ChildExit } from '../process/child-exit.js';
import { needZstd, type Compression } from './compression.js';
import type { ToolFinder } from '../process/tool-finder.js';

export interface FedResult extends ChildExit {
  readonly stderr: string;
  readonly stdout: string;
}

/** Runs `tool` with a set file, decompressed, on its stdin: decompressor and tool joined by their own pipe. */
export async function feedDump(file: string, compression: Compression, tool: string, args: readonly string[], env: Readonly<Record<string, string>>, tools: ToolFinder): Promise<FedResult> {
  const unpacker = compression === 'none' ? undefined : compression === 'zstd' ? await needZstd(tools) : 'gzip';
  const first = unpacker ? spawn(unpacker, ['-d', '-c', '-q', file], { stdio: ['ignore', 'pipe', 'pipe'] }) : undefined;
  const fd = first ? undefined : openSync(file, 'r');
  const child = spawn(tool, [...args], { stdio: [first ? (first.stdout as Readable) : (fd as number), 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (first) (first.stdout as Readable).destroy();
  if (fd !== undefined) closeSync(fd);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [done] = await Promise.all([childExit(child), first ? childExit(first) : undefined]);
  return { ...done, stderr, stdout };
}
