import { closeSync, createReadStream, openSync } from 'node:fs';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { childExit } from '../process/child-exit.js';
import { pipeline } from 'node:stream/promises';
import { spawn } from 'node:child_process';
import { hashFile, readManifest } from '../set/backup-set.js';
import { decompressor } from '../stream/compression.js';
import { errorLine } from '../errors.js';
import type { ManifestItem } from '../set/manifest.js';
import type { ToolFinder } from '../process/tool-finder.js';

export interface ItemVerdict {
  readonly id: string;
  readonly ok: boolean;
  readonly file?: string;
  readonly error?: string;
}

export interface SetVerdict {
  readonly set: string;
  readonly ok: boolean;
  readonly items: ItemVerdict[];
}

/** Re-hashes every file against the manifest, then reads each dump through the matching tool. */
export async function verifySet(dir: string, tools: ToolFinder): Promise<SetVerdict> {
  const manifest = await readManifest(dir);
  const items: ItemVerdict[] = [];
  for (const item of manifest.items.filter((i) => i.status === 'ok')) {
    items.push(await verifyItem(dir, item, tools));
  }
  return { set: dir, ok: items.every((i) => i.ok), items };
}

async function verifyItem(dir: string, item: ManifestItem, tools: ToolFinder): Promise<ItemVerdict> {
  const file = path.join(dir, item.file ?? '');
  try {
    const { sha256, bytes } = await hashFile(file);
    if (bytes !== item.bytes || sha256 !== item.sha256) return { id: item.id, ok: false, file: item.file, error: `${item.file} does not match the manifest (changed or damaged)` };
    await readable(file, item, tools);
    return { id: item.id, ok: true, file: item.file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { id: item.id, ok: false, file: item.file, error: code === 'ENOENT' ? `${item.file} is missing` : `${item.file}: ${errorLine(error)}` };
  }
}

/** Streams the decompressed dump into its format's reader: pg_restore --list, tar --list, or a header/footer check. */
async function readable(file: string, item: ManifestItem, tools: ToolFinder): Promise<void> {
  const format = item.format;
  if (format === 'pg-custom' || format === 'tar' || format === 'pg-directory') {
    const isTar = format !== 'pg-custom';
    const reader = isTar ? await tools.first(['tar']) : await tools.first(['pg_restore']);
    if (!reader) throw new Error(`${isTar ? 'tar' : 'pg_restore'} not found to read the dump`);
    const listing = await listThroughReader(file, item.compression ?? 'none', reader, isTar ? ['--list', '--file=-'] : ['--list'], tools);
    if (format === 'pg-directory' && !/^\.\/toc\.dat$/m.test(listing)) throw new Error('not a pg_dump directory archive (no toc.dat)');
    return;
  }
  const codec = await decompressor(item.compression ?? 'none', tools);
  const source = createReadStream(file).pipe(codec.stream);
  if (format === 'mysql-sql') {
    const { head, tail } = await ends(source);
    if (!/^-- (MySQL|MariaDB) dump/m.test(head)) throw new Error('not a mysqldump file (no dump header)');
    if (!/-- Dump completed/.test(tail)) throw new Error('the dump is cut short (no "Dump completed" line)');
    return;
  }
  if (format === 'sqlite') {
    const { head } = await ends(source);
    if (!head.startsWith('SQLite format 3\u0000')) throw new Error('not a SQLite database file');
    return;
  }
  await ends(source);
}

/**
 * Decompressor and reader as two children joined by a pipe of their own: the decompressed bytes never
 * pass through Node. Returns the reader's listing; throws with its first error line.
 */
async function listThroughReader(file: string, compression: ManifestItem['compression'] & string, reader: string, args: string[], tools: ToolFinder): Promise<string> {
  const zstd = compression === 'zstd' ? await tools.first(['zstd']) : undefined;
  if (compression === 'zstd' && !zstd) throw new Error('zstd not found to read the dump');
  const first = compression === 'none' ? undefined : spawn(zstd ?? 'gzip', ['-d', '-c', '-q', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const fd = first ? undefined : openSync(file, 'r');
  const child = spawn(reader, args, { stdio: [first ? (first.stdout as Readable) : (fd as number), 'pipe', 'pipe'] });
  if (first) (first.stdout as Readable).destroy();
  if (fd !== undefined) closeSync(fd);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  let unpackErr = '';
  first?.stderr?.setEncoding('utf8').on('data', (d: string) => (unpackErr += d));
  const [done, unpacked] = await Promise.all([childExit(child), first ? childExit(first) : Promise.resolve(undefined)]);
  if (done.failed) throw new Error(`not readable: ${err.split('\n')[0] || `exit ${done.exitCode}`}`);
  // pg_restore --list reads the table of contents and stops: the decompressor then meets a closed pipe.
  // The bytes themselves were already proven by the sha256 against the manifest.
  const closedPipe = unpacked?.signal === 'SIGPIPE' || /broken pipe/i.test(unpackErr);
  if (unpacked?.failed && !closedPipe) throw new Error(`not readable: the ${compression} stream is damaged`);
  return out;
}

/** The first and last few hundred bytes of a stream, without keeping the rest. */
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
