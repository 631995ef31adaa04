import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copySet } from '../../../source/core/copy/copy-set.js';
import { s3Destination } from '../../../source/core/copy/s3-destination.js';
import { NbError } from '../../../source/core/errors.js';
import { hashFile } from '../../../source/core/set/backup-set.js';
import { backupFolder, makeSet } from '../../support/made-sets.js';
import { uploadsFolder } from '../../support/s3-missing-calls.js';
import { s3TestClient, startS3Server, type S3TestServer } from '../../support/s3-server.js';
import { BIG_FILE, filesDifferingThere, interruptAfterFirstPart, makeSetWithBigFile, useS3TestCredentials } from '../../support/s3-sets.js';

const MiB = 1024 * 1024;
const TAR = 'storage--uploads.tar';
let server: S3TestServer;
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  restoreEnv = useS3TestCredentials();
  server = await startS3Server();
});

afterAll(async () => {
  await server?.close();
  restoreEnv();
});

const destinationAt = (prefix: string, bucket = server.bucket, endpoint = server.endpoint) => s3Destination({ kind: 's3', bucket, prefix }, { endpoint });
const signal = () => new AbortController().signal;
const failureOf = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error as NbError);

/** One line saying what, one saying how to fix it: no stack, no XML, no newline. */
function expectOneLine(error: NbError | undefined, message: RegExp): void {
  expect(error).toBeInstanceOf(NbError);
  expect(error?.message).toMatch(message);
  for (const line of [error?.message ?? '', error?.hint ?? '']) expect(line).toMatch(/^[^\n<>]+$/);
}

describe('what S3 holds is proven, not assumed', () => {
  it('a landed part that rotted on the far side is caught, and the file is sent afresh', async () => {
    const dir = await makeSetWithBigFile(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
    const upload = await interruptAfterFirstPart(server, dir, destinationAt('rot/'));
    // s3rver keeps a part as a file beside its md5: the part rots, the md5 ListParts reports does not.
    const part = path.join(uploadsFolder(server.directory, server.bucket), upload.id, '1');
    const bytes = readFileSync(part);
    bytes[1000] ^= 0xff;
    writeFileSync(part, bytes);
    const from = server.requests.length;
    const result = await copySet(dir, destinationAt('rot/'), signal());
    expect(result.files.find((f) => f.name === BIG_FILE)?.resumedFrom).toBe(0);
    const completes = server.requests.slice(from).filter((r) => r.method === 'POST' && r.key === upload.key && r.query.has('uploadId'));
    expect(completes).toHaveLength(2);
    expect(await filesDifferingThere(server, dir, 'rot/')).toEqual([]);
  });

  it('a file already there is skipped only when its bytes are ours: a look-alike with our sha256 is sent again', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-25T10:15:00.000Z' });
    const s3 = destinationAt('swap/');
    const tar = { name: TAR, path: path.join(dir, TAR), ...(await hashFile(path.join(dir, TAR))) };
    await s3.putFile(path.basename(dir), tar, () => undefined, signal());
    expect(await s3.putFile(path.basename(dir), tar, () => undefined, signal())).toEqual({ resumedFrom: tar.bytes });
    const key = `swap/${path.basename(dir)}/${TAR}`;
    const impostor = Buffer.alloc(tar.bytes, 0x41);
    await s3TestClient(server).send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: impostor, Metadata: { sha256: tar.sha256 } }));
    const result = await copySet(dir, s3, signal());
    expect(result.files.find((f) => f.name === TAR)?.resumedFrom).toBe(0);
    expect(await filesDifferingThere(server, dir, 'swap/')).toEqual([]);
  });

  it('a file S3 stores other than it was sent fails the proof: the set stays unfinished until a copy proves out', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-26T10:15:00.000Z' });
    server.tamper((r) => r.key.endsWith(`${path.basename(dir)}/${TAR}`), 'at-rest');
    const error = await failureOf(copySet(dir, destinationAt('proof/'), signal()));
    expectOneLine(error, new RegExp(`^${TAR} arrived but S3 reports a different checksum`));
    expect(await destinationAt('proof/').listSets(signal())).toEqual([{ name: path.basename(dir) }]);
    await copySet(dir, destinationAt('proof/'), signal());
    expect(await filesDifferingThere(server, dir, 'proof/')).toEqual([]);
  });

  it('a part corrupted on the way is refused by its Content-MD5; the next copy keeps the parts that landed', async () => {
    const dir = await makeSetWithBigFile(backupFolder(), { install: 'crm', at: '2026-11-27T10:15:00.000Z' });
    server.tamper((r) => r.key.endsWith(`${path.basename(dir)}/${BIG_FILE}`) && r.query.get('partNumber') === '2', 'in-transit');
    const error = await failureOf(copySet(dir, destinationAt('digest/'), signal()));
    expectOneLine(error, new RegExp(`^S3 refused to send part 2 of ${BIG_FILE}: the bytes arrived corrupted \\(BadDigest\\)$`));
    const result = await copySet(dir, destinationAt('digest/'), signal());
    expect(result.files.find((f) => f.name === BIG_FILE)?.resumedFrom).toBe(8 * MiB);
    expect(await filesDifferingThere(server, dir, 'digest/')).toEqual([]);
  });

  it('a manifest that does not prove out is taken away again: the set never looks complete', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-28T10:15:00.000Z' });
    server.tamper((r) => r.key.endsWith(`${path.basename(dir)}/manifest.json`), 'at-rest');
    const error = await failureOf(copySet(dir, destinationAt('marker/'), signal()));
    expectOneLine(error, /^manifest\.json arrived but S3 reports a different checksum/);
    expect(await destinationAt('marker/').listSets(signal())).toEqual([{ name: path.basename(dir) }]);
    const head = s3TestClient(server).send(new HeadObjectCommand({ Bucket: server.bucket, Key: `marker/${path.basename(dir)}/manifest.json` }));
    await expect(head).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe('S3 failures are one line with a fix', () => {
  it('an endpoint nobody answers at', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
    const error = await failureOf(copySet(dir, destinationAt('', server.bucket, `http://127.0.0.1:${inject('closedPort')}`), signal()));
    expectOneLine(error, /^cannot reach S3 at 127\.0\.0\.1:\d+ to list the sets in s3:\/\/nbtest-bucket \(ECONNREFUSED\)$/);
    expect(error?.hint).toMatch(/s3\.endpoint/);
  });

  it('a bucket that does not exist', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
    const error = await failureOf(copySet(dir, destinationAt('', 'no-such-bucket'), signal()));
    expectOneLine(error, /^bucket no-such-bucket does not exist at 127\.0\.0\.1:\d+$/);
  });

  it('a key S3 does not know, or none at all: never repeated in the message', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    try {
      process.env.AWS_ACCESS_KEY_ID = 'NOSUCHKEY0123';
      const badKey = await failureOf(copySet(dir, destinationAt(''), signal()));
      expectOneLine(badKey, /^S3 did not accept the credentials to list the sets in s3:\/\/nbtest-bucket \(InvalidAccessKeyId\)$/);
      expect(`${badKey?.message} ${badKey?.hint}`).not.toMatch(/NOSUCHKEY|S3RVER/);
      // Nothing in the environment, no ~/.aws, no instance metadata: the SDK's chain finds nothing.
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'] as const) delete process.env[name];
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(backupFolder(), 'no-credentials');
      process.env.AWS_CONFIG_FILE = path.join(backupFolder(), 'no-config');
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      const none = await failureOf(copySet(dir, destinationAt(''), signal()));
      expectOneLine(none, /^no S3 credentials were found to list the sets in s3:\/\/nbtest-bucket$/);
      expect(none?.hint).toMatch(/AWS_ACCESS_KEY_ID/);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
