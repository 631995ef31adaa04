import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySet } from '../../../source/core/copy/copy-set.js';
import type { SetDestination } from '../../../source/core/copy/destination.js';
import { s3Destination } from '../../../source/core/copy/s3-destination.js';
import { hashFile } from '../../../source/core/set/backup-set.js';
import { backupFolder, makeSet } from '../../support/made-sets.js';
import { s3TestClient, startS3Server, type S3TestServer } from '../../support/s3-server.js';
import { BIG_FILE, filesDifferingThere, interruptAfterFirstPart, makeSetWithBigFile, useS3TestCredentials } from '../../support/s3-sets.js';

const MiB = 1024 * 1024;
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

const destinationAt = (prefix: string) => s3Destination({ kind: 's3', bucket: server.bucket, prefix }, { endpoint: server.endpoint });
const signal = () => new AbortController().signal;

describe('copying a set to S3 (s3rver)', () => {
  it('sends every file byte for byte, the manifest last, and lists the set complete only after it', async () => {
    const dir = await makeSetWithBigFile(backupFolder(), { install: 'crm', at: '2026-11-24T10:15:00.000Z' });
    const s3 = destinationAt('offsite/nb/');
    const seenBeforeCommit: unknown[] = [];
    const watched: SetDestination = {
      ...s3,
      async commit(name, manifest, abort) {
        seenBeforeCommit.push((await s3.listSets(abort)).find((set) => set.name === name));
        return s3.commit(name, manifest, abort);
      },
    };
    const from = server.requests.length;
    const result = await copySet(dir, watched, signal());
    expect(result).toMatchObject({ alreadyThere: false, sent: result.bytes, name: path.basename(dir) });
    expect(seenBeforeCommit).toEqual([{ name: path.basename(dir) }]);
    expect(await filesDifferingThere(server, dir, 'offsite/nb/')).toEqual([]);
    const sent = server.requests.slice(from).filter((r) => r.method === 'PUT' || r.method === 'POST');
    expect(sent.at(-1)?.key).toBe(`offsite/nb/${path.basename(dir)}/manifest.json`);
    // Three parts of the big file, each with the Content-MD5 that lets S3 refuse a corrupted body.
    expect(sent.filter((r) => r.query.has('partNumber')).map((r) => r.query.get('partNumber'))).toEqual(['1', '2', '3']);
    for (const put of sent.filter((r) => r.method === 'PUT')) expect(put.contentMd5, put.key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const listed = (await s3.listSets(signal())).find((set) => set.name === path.basename(dir));
    expect(listed?.manifestSha256).toBe((await hashFile(path.join(dir, 'manifest.json'))).sha256);
    expect(listed?.manifest?.items.map((i) => i.file)).toEqual(['storage--uploads.tar', BIG_FILE]);
  });

  it('finds the same set already there the second time and sends nothing', async () => {
    const dir = await makeSet(backupFolder(), { install: 'crm', at: '2026-11-25T10:15:00.000Z' });
    await copySet(dir, destinationAt('again/'), signal());
    const from = server.requests.length;
    const again = await copySet(dir, destinationAt('again/'), signal());
    expect(again).toMatchObject({ alreadyThere: true, sent: 0, files: [] });
    // Only reads: the listing, the manifest, and a HEAD of each file to prove it is still there whole.
    const since = server.requests.slice(from);
    expect(since.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(since.filter((r) => r.method === 'HEAD').map((r) => r.key.split('/').pop()).sort()).toEqual(['manifest.json', 'storage--uploads.tar']);
  });

  it('goes on from the parts an interrupted copy left, and the file arrives whole', async () => {
    const dir = await makeSetWithBigFile(backupFolder(), { install: 'crm', at: '2026-11-26T10:15:00.000Z' });
    await interruptAfterFirstPart(server, dir, destinationAt('resume/'));
    expect(await destinationAt('resume/').listSets(signal())).toEqual([{ name: path.basename(dir) }]);
    const from = server.requests.length;
    const result = await copySet(dir, destinationAt('resume/'), signal());
    expect(result.files.find((f) => f.name === BIG_FILE)?.resumedFrom).toBe(8 * MiB);
    expect(result.sent).toBe(result.bytes - 8 * MiB - (await hashFile(path.join(dir, 'storage--uploads.tar'))).bytes);
    const parts = server.requests.slice(from).filter((r) => r.key.endsWith(BIG_FILE) && r.query.has('partNumber'));
    expect(parts.map((r) => r.query.get('partNumber'))).toEqual(['2', '3']);
    expect(await filesDifferingThere(server, dir, 'resume/')).toEqual([]);
    expect(await server.uploadsInProgress()).toEqual([]);
  });

  it('removes a set there, its unfinished uploads too, and lists it no more', async () => {
    const root = backupFolder();
    const whole = await makeSet(root, { install: 'crm', at: '2026-11-27T10:15:00.000Z' });
    const kept = await makeSet(root, { install: 'crm', at: '2026-11-28T10:15:00.000Z' });
    const half = await makeSetWithBigFile(root, { install: 'crm', at: '2026-11-29T10:15:00.000Z' });
    const s3 = destinationAt('remove/');
    await copySet(whole, s3, signal());
    await copySet(kept, s3, signal());
    await interruptAfterFirstPart(server, half, s3);
    expect(await server.uploadsInProgress()).toHaveLength(1);
    await s3.removeSet(path.basename(whole), signal());
    await s3.removeSet(path.basename(half), signal());
    expect((await s3.listSets(signal())).map((s) => s.name)).toEqual([path.basename(kept)]);
    const left = await s3TestClient(server).send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'remove/' }));
    expect((left.Contents ?? []).map((o) => o.Key)).toEqual([`remove/${path.basename(kept)}/manifest.json`, `remove/${path.basename(kept)}/storage--uploads.tar`]);
    expect(await server.uploadsInProgress()).toEqual([]);
  });

  it('trusts nothing else in the bucket: other names are ignored, a bad or huge manifest makes no complete set', async () => {
    const client = s3TestClient(server);
    const put = (key: string, body: string | Buffer) => client.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: body }));
    await put('hostile/notes/readme.txt', 'not a set');
    await put('hostile/crm-20260101T000000Z/manifest.json', '{"format": "something else"}');
    await put('hostile/crm-20260102T000000Z/manifest.json', 'not json at all');
    await put('hostile/crm-20260103T000000Z/manifest.json', Buffer.alloc(4 * MiB + 1, 0x20));
    await put('hostile/crm-20260104T000000Z/data.bin', 'no manifest');
    await put('elsewhere/crm-20260105T000000Z/manifest.json', '{}');
    const sets = await destinationAt('hostile/').listSets(signal());
    // A manifest that cannot be read marks the name as taken (never copied over); no manifest is a copy of ours half-way.
    expect(sets).toEqual([...['crm-20260101T000000Z', 'crm-20260102T000000Z', 'crm-20260103T000000Z'].map((name) => ({ name, occupied: true })), { name: 'crm-20260104T000000Z' }]);
  });
});
