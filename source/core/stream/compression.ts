import { createGunzip } from 'node:zlib';
import { PassThrough, type Duplex } from 'node:stream';
import type { ResultPromise } from 'execa';
import { NbError } from '../errors.js';
import { toolCommand } from '../process/spawn-tool.js';
import type { ToolFinder } from '../process/tool-finder.js';

export type Compression = 'zstd' | 'gzip' | 'none';

export const COMPRESSION_SUFFIX: Readonly<Record<Compression, string>> = { zstd: '.zst', gzip: '.gz', none: '' };

export interface Codec {
  readonly stream: Duplex;
  /** The child process behind the stream, when there is one (zstd), so it can be killed. */
  readonly child?: ResultPromise;
}

export async function decompressor(kind: Compression, tools: ToolFinder): Promise<Codec> {
  if (kind === 'none') return { stream: new PassThrough() };
  if (kind === 'gzip') return { stream: createGunzip() };
  const zstd = await needZstd(tools);
  const { execa } = await import('execa');
  const child = execa(...toolCommand(zstd, ['-d', '-q', '-c']), { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, detached: true });
  return { stream: child.duplex({ from: 'stdout', to: 'stdin' }), child };
}

/** The zstd binary, or the error that says how to get one (or to pick another compression). */
export async function needZstd(tools: ToolFinder): Promise<string> {
  const zstd = await tools.first(['zstd']);
  if (!zstd) throw new NbError('zstd not found on this machine', 'install it (apt-get install zstd) or use --compress gzip', 'missing-tool');
  return zstd;
}
