import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { NbError } from '../errors.js';
import type { SetFileToCopy } from './destination.js';
import { interrupted } from './s3-errors.js';

/**
 * How a file is cut into S3 parts and what S3 must then report for it. Pure file reading and hashing:
 * the SDK is not needed here.
 */

const MiB = 1024 * 1024;
/** Small enough that an interrupted part costs little to send again. */
export const PART_BYTES = 8 * MiB;
/** S3 takes at most this many parts in one upload. */
const MAX_PARTS = 10_000;

export interface PartPlan {
  readonly partBytes: number;
  /** 1 means a single PutObject. */
  readonly count: number;
}

/** 8 MiB parts, larger (whole MiB) for a file that would otherwise need more than 10,000. */
export function planParts(bytes: number): PartPlan {
  const partBytes = Math.max(PART_BYTES, Math.ceil(bytes / MAX_PARTS / MiB) * MiB);
  return { partBytes, count: Math.max(1, Math.ceil(bytes / partBytes)) };
}

/** ETags as S3 shows them: lower-case hex, without the quotes. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '').toLowerCase();
}

export interface LocalDigests {
  readonly sha256: string;
  /** What S3 may report as the object's ETag: md5 of the part md5s and "-N" for a multipart upload (AWS), or the md5 of the whole file (s3rver and some others). */
  readonly etags: readonly string[];
}

/**
 * Reads a file part by part, in order, hashing as it goes: each part's md5 (its Content-MD5 and ETag),
 * and the whole file's sha256 and md5. The bytes hashed are the bytes sent.
 */
export class PartReader {
  private readonly sha256: Hash = createHash('sha256');
  private readonly wholeMd5: Hash = createHash('md5');
  private readonly partMd5s: Buffer[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly file: SetFileToCopy,
    readonly plan: PartPlan,
  ) {}

  /** Part `number` (from 1), which must be the next one. */
  async read(number: number): Promise<{ body: Buffer; md5: Buffer }> {
    if (number !== this.partMd5s.length + 1) throw new Error(`parts are read in order: ${number} after ${this.partMd5s.length}`);
    const start = (number - 1) * this.plan.partBytes;
    const body = Buffer.alloc(Math.min(this.plan.partBytes, this.file.bytes - start));
    for (let filled = 0; filled < body.length; ) {
      const { bytesRead } = await this.handle.read(body, filled, body.length - filled, start + filled);
      if (bytesRead === 0) throw new NbError(`${this.file.name} became shorter while it was being sent`, 'the set changed under the copy: run nbbackup verify on it, then copy again');
      filled += bytesRead;
    }
    const md5 = createHash('md5').update(body).digest();
    this.sha256.update(body);
    this.wholeMd5.update(body);
    this.partMd5s.push(md5);
    return { body, md5 };
  }

  /** After the last part: refuses a local file that is not what its manifest records. */
  finish(): LocalDigests {
    const sha256 = this.sha256.digest('hex');
    if (sha256 !== this.file.sha256) throw new NbError(`${this.file.name} here does not match the sha256 its manifest records`, 'the set itself is damaged: run nbbackup verify on it; the copy there stays unfinished');
    const whole = this.wholeMd5.digest('hex');
    if (this.partMd5s.length === 1) return { sha256, etags: [whole] };
    const ofParts = createHash('md5').update(Buffer.concat(this.partMd5s)).digest('hex');
    return { sha256, etags: [`${ofParts}-${this.partMd5s.length}`, whole] };
  }
}

/** Reads the whole file to know the ETags S3 should report for it. */
export async function digestsOf(handle: FileHandle, file: SetFileToCopy, signal: AbortSignal): Promise<LocalDigests> {
  const reader = new PartReader(handle, file, planParts(file.bytes));
  for (let n = 1; n <= reader.plan.count; n++) {
    if (signal.aborted) throw interrupted();
    await reader.read(n);
  }
  return reader.finish();
}
