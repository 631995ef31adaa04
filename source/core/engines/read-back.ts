import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decompressor } from '../stream/compression.js';
import { feedDump } from '../stream/feed-dump.js';
import { openSetFile } from '../set/set-file.js';
import type { VerifyRequest } from './engine.js';

/**
 * Streams the decompressed dump into a reader tool (`pg_restore --list`, `tar --list`) and throws with
 * its first error line when it cannot read it. The bytes were already proven by the sha256.
 */
export async function readThrough(request: VerifyRequest, readers: readonly string[], args: readonly string[], onLine?: (line: string) => void): Promise<void> {
  const reader = await request.tools.first(readers);
  if (!reader) throw new Error(`${readers.join(' or ')} not found to read the dump`);
  const result = await feedDump(request.file, request.compression, reader, args, request.tools, { onLine: onLine ?? (() => undefined), unlock: request.unlock });
  if (result.failed) throw new Error(`not readable: ${result.stderr.split('\n')[0] || `exit ${result.exitCode}`}`);
  if (result.unpackFailed) throw new Error(`not readable: the ${request.compression} stream is damaged`);
}

/** The first and last few hundred bytes of the decompressed dump, without keeping the rest. */
export async function dumpEnds(request: VerifyRequest): Promise<{ head: string; tail: string }> {
  // The file first: a key that does not open it must not leave a decompressor waiting on its stdin.
  const { stream } = await openSetFile(request.file, request.unlock);
  const codec = await decompressor(request.compression, request.tools);
  return ends(stream.pipe(codec.stream));
}

async function ends(stream: Readable): Promise<{ head: string; tail: string }> {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        if (head.length < 512) head = Buffer.concat([head, chunk]).subarray(0, 512);
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > 512) tail = tail.subarray(tail.length - 512);
        done();
      },
    }),
  );
  return { head: head.toString('latin1'), tail: tail.toString('latin1') };
}
