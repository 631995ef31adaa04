import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { s3Failure } from '../../../source/core/copy/s3-errors.js';
import { digestsOf, PART_BYTES, planParts } from '../../../source/core/copy/s3-parts.js';
import { backupFolder } from '../../support/made-sets.js';

const MiB = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest();

describe('cutting a file into S3 parts', () => {
  it('uses 8 MiB parts, a single put up to one part, and larger whole-MiB parts past 10,000 of them', () => {
    expect(planParts(0)).toEqual({ partBytes: PART_BYTES, count: 1 });
    expect(planParts(8 * MiB)).toEqual({ partBytes: 8 * MiB, count: 1 });
    expect(planParts(8 * MiB + 1)).toEqual({ partBytes: 8 * MiB, count: 2 });
    expect(planParts(10_000 * 8 * MiB)).toEqual({ partBytes: 8 * MiB, count: 10_000 });
    const huge = planParts(10_000 * 8 * MiB + 1);
    expect(huge).toEqual({ partBytes: 9 * MiB, count: Math.ceil((10_000 * 8 * MiB + 1) / (9 * MiB)) });
    expect(planParts(5 * 1024 * 1024 * MiB).count).toBeLessThanOrEqual(10_000);
  });

  it('expects the ETag AWS gives a multipart object (md5 of the part md5s, "-N") or the md5 of the whole', async () => {
    const bytes = randomBytes(PART_BYTES + 1234);
    const file = path.join(backupFolder(), 'two-parts.bin');
    writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const handle = await open(file, 'r');
    const digests = await digestsOf(handle, { name: 'two-parts.bin', path: file, bytes: bytes.length, sha256 }, new AbortController().signal).finally(() => handle.close());
    const ofParts = createHash('md5').update(Buffer.concat([md5(bytes.subarray(0, PART_BYTES)), md5(bytes.subarray(PART_BYTES))])).digest('hex');
    expect(digests).toEqual({ sha256, etags: [`${ofParts}-2`, md5(bytes).toString('hex')] });
  });

  it('refuses a local file that is not what its manifest records', async () => {
    const file = path.join(backupFolder(), 'rotten.bin');
    writeFileSync(file, 'not what was backed up');
    const handle = await open(file, 'r');
    const reading = digestsOf(handle, { name: 'rotten.bin', path: file, bytes: 22, sha256: '0'.repeat(64) }, new AbortController().signal).finally(() => handle.close());
    await expect(reading).rejects.toThrow(/^rotten\.bin here does not match the sha256 its manifest records$/);
  });
});

describe('S3 failures s3rver cannot produce', () => {
  const where = { bucket: 'backups', label: 's3://backups/nb', host: 's3.eu-west-1.amazonaws.com' };
  const failure = (name: string, status: number, message = '<Error><Code>x</Code></Error>') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('access denied, another region, an unknown answer: one line naming the fix, never the XML body', () => {
    const signal = new AbortController().signal;
    const denied = s3Failure(failure('AccessDenied', 403), signal, 'list the sets', where);
    expect(denied.message).toBe('S3 denied access to list the sets in s3://backups/nb (AccessDenied)');
    expect(denied.hint).toMatch(/s3:PutObject/);
    expect(s3Failure(failure('PermanentRedirect', 301), signal, 'send a', where).hint).toMatch(/s3\.region/);
    const odd = s3Failure(failure('<weird name>', 500), signal, 'send a', where);
    expect(odd.message).toBe('S3 refused to send a in s3://backups/nb (UnknownError, HTTP 500)');
    for (const error of [denied, odd]) expect(`${error.message}${error.hint}`).not.toMatch(/[<>\n]/);
  });

  it('an aborted request is an interruption, whatever the SDK called it', () => {
    const stop = new AbortController();
    stop.abort();
    expect(s3Failure(failure('TypeError', 0), stop.signal, 'send a', where)).toMatchObject({ message: 'interrupted', code: 'interrupted' });
  });
});
