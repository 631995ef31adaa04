import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { copySet } from '../../source/core/copy/copy-set.js';
import type { SetDestination } from '../../source/core/copy/destination.js';
import { NbError } from '../../source/core/errors.js';
import { hashFile, readManifest, writeManifest } from '../../source/core/set/backup-set.js';
import { makeSet, type SetSpec } from './made-sets.js';
import { S3_TEST_CREDENTIALS, s3TestClient, type S3TestServer } from './s3-server.js';
import { waitFor } from './wait-for.js';

// Sets for S3 copies: one with a file large enough to go up in several parts, a copy caught between
// two parts, and a way to read back what arrived without the code under test.

export const BIG_FILE = 'main.bin';

/** A set from makeSet plus `bytes` random bytes as a database item, in its manifest. */
export async function makeSetWithBigFile(root: string, spec: SetSpec, bytes = 20_000_000): Promise<string> {
  const dir = await makeSet(root, spec);
  writeFileSync(path.join(dir, BIG_FILE), randomBytes(bytes), { mode: 0o600 });
  const manifest = await readManifest(dir);
  const { sha256 } = await hashFile(path.join(dir, BIG_FILE));
  manifest.items.push({ id: 'main', kind: 'database', label: 'main', engine: 'postgres', status: 'ok', format: 'custom', compression: 'none', file: BIG_FILE, bytes, sha256, seconds: 1 });
  await writeManifest(dir, manifest);
  return dir;
}

/** The SDK's default chain finds s3rver's keys in the environment, as it would an operator's; returns the undo. */
export function useS3TestCredentials(): () => void {
  const saved = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The files of a set (manifest.json included) whose bytes read back from S3 differ from the local file's. */
export async function filesDifferingThere(server: S3TestServer, dir: string, prefix: string): Promise<string[]> {
  const client = s3TestClient(server);
  const manifest = await readManifest(dir);
  const files = [...manifest.items.flatMap((item) => (item.status === 'ok' && item.file ? [item.file] : [])), 'manifest.json'];
  const differing: string[] = [];
  for (const file of files) {
    const object = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: `${prefix}${path.basename(dir)}/${file}` })).catch(() => undefined);
    const far = object?.Body ? createHash('sha256').update(await object.Body.transformToByteArray()).digest('hex') : 'missing';
    if (far !== (await hashFile(path.join(dir, file))).sha256) differing.push(file);
  }
  return differing;
}

/** Catches a copy of the big file between its parts: part 1 landed (as ListParts shows), part 2 never does. */
export async function interruptAfterFirstPart(server: S3TestServer, dir: string, destination: SetDestination): Promise<{ key: string; id: string }> {
  const held = server.hold((r) => r.method === 'PUT' && r.key.endsWith(`${path.basename(dir)}/${BIG_FILE}`) && r.query.get('partNumber') === '2');
  const stop = new AbortController();
  const copying = copySet(dir, destination, stop.signal);
  const client = s3TestClient(server);
  const upload = await waitFor(
    async () => {
      const found = held.arrived() && (await server.uploadsInProgress()).find((u) => u.key.endsWith(`${path.basename(dir)}/${BIG_FILE}`));
      if (!found) return undefined;
      const parts = await client.send(new ListPartsCommand({ Bucket: server.bucket, Key: found.key, UploadId: found.id }));
      return parts.Parts?.length === 1 ? found : undefined;
    },
    { what: 'part 1 of the big file landed and part 2 on its way' },
  );
  stop.abort();
  const stopped = await copying.then(() => undefined, (error: unknown) => error);
  held.drop();
  if (!(stopped instanceof NbError) || stopped.code !== 'interrupted') throw new Error(`the copy was not interrupted: ${String(stopped)}`);
  return upload;
}
