import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { NbError } from '../errors.js';
import { looksLikeSetName } from '../set/backup-set.js';
import { MANIFEST_FILE, ManifestSchema } from '../set/manifest.js';
import { isSetFileName } from '../set/safe-names.js';
import { FAR_MANIFEST_MAX_BYTES, type FarSet, type PutOutcome, type SetDestination, type SetFileToCopy } from './destination.js';
import { describeDestination, type DestinationSpec } from './parse-destination.js';
import { s3Access, type S3Access } from './s3-access.js';
import { nameOf, statusOf } from './s3-errors.js';
import { bareEtag, digestsOf } from './s3-parts.js';
import { abortUpload, uploadFile, uploadsUnder } from './s3-upload.js';
import { openPlainFile } from './local-file.js';

export interface S3Options {
  readonly endpoint?: string;
  readonly region?: string;
  readonly forcePathStyle?: boolean;
}

/**
 * An S3 bucket (AWS or any S3-compatible server): a set is `<prefix><set name>/<file>`, and its
 * manifest.json, sent last, is what makes it complete there. Each file is proven by the ETag and size
 * S3 reports for it, against the md5s of the local bytes, which are checked against the manifest's
 * sha256 as they are read. Credentials come only from the SDK's own chain (environment, ~/.aws).
 */
export function s3Destination(spec: Extract<DestinationSpec, { kind: 's3' }>, options: S3Options): SetDestination {
  const label = describeDestination(spec);
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  // The SDK prints a many-line notice about Node 20 to stderr, which would tear the one-line output and the TUI.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: options.forcePathStyle ?? true } : { forcePathStyle: options.forcePathStyle ?? false }),
    // Only what S3 requires: many S3-compatible servers do not know the newer flexible checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const host = options.endpoint ? new URL(options.endpoint).host : `s3.${region}.amazonaws.com`;
  const s3 = s3Access(client, { bucket: spec.bucket, label, host });
  const folderOf = (setName: string) => `${spec.prefix}${setName}/`;

  return {
    label,
    async listSets(signal) {
      // Names come from whoever else writes the bucket: only what could be a set of ours is looked at.
      const names = (await listUnder(s3, spec.prefix, 'folders', signal)).filter((name) => looksLikeSetName(name) && isSetFileName(name));
      // A few manifests at a time: each is a round trip, and a bucket may hold a year of sets.
      const limit = pLimit(8);
      return Promise.all(names.map((name) => limit(() => farSet(s3, name, `${folderOf(name)}${MANIFEST_FILE}`, signal))));
    },
    async putFile(setName, file, onProgress, signal) {
      return putProven(s3, `${folderOf(setName)}${file.name}`, file, onProgress, signal);
    },
    async commit(setName, manifest, signal) {
      const key = `${folderOf(setName)}${MANIFEST_FILE}`;
      await putProven(s3, key, manifest, () => undefined, signal).catch(async (error: unknown) => {
        // A manifest that is not ours must not stand there as the mark of a complete set.
        if (!signal.aborted) await deleteKey(s3, key, signal).catch(() => undefined);
        throw error;
      });
    },
    async differingFiles(setName, files, signal) {
      const differing: string[] = [];
      for (const file of files) if (!(await wholeThere(s3, `${folderOf(setName)}${file.name}`, file, signal))) differing.push(file.name);
      return differing;
    },
    async removeSet(setName, signal) {
      if (!looksLikeSetName(setName) || !isSetFileName(setName)) throw new NbError(`${setName} is not the name of a set`, 'nothing was removed');
      const folder = folderOf(setName);
      // The manifest goes first: a set removed half-way never looks complete.
      await deleteKey(s3, `${folder}${MANIFEST_FILE}`, signal);
      for (const key of await listUnder(s3, folder, 'keys', signal)) await deleteKey(s3, key, signal);
      for (const upload of await uploadsUnder(s3, folder, signal)) await abortUpload(s3, upload, signal);
    },
  };
}

/**
 * Skips a file already there whole (our sha256 in its metadata, its size, and an ETag the local bytes
 * give), else sends it and proves it. A copy that does not prove out after keeping earlier parts is
 * sent once more from scratch, since a kept part may be what was wrong; a second mismatch is reported.
 */
async function putProven(s3: S3Access, key: string, file: SetFileToCopy, onProgress: (sent: number) => void, signal: AbortSignal): Promise<PutOutcome> {
  if (await wholeThere(s3, key, file, signal)) {
    onProgress(file.bytes);
    return { resumedFrom: file.bytes };
  }
  const first = await uploadFile(s3, key, file, false, onProgress, signal);
  if (await proven(s3, key, file, first.etags, signal)) return { resumedFrom: first.resumedFrom };
  if (first.resumedFrom > 0) {
    const again = await uploadFile(s3, key, file, true, onProgress, signal);
    if (await proven(s3, key, file, again.etags, signal)) return { resumedFrom: 0 };
  }
  throw new NbError(`${file.name} arrived but S3 reports a different checksum (ETag) or size for it`, 'copy again to send it afresh; if it repeats, the bucket may encrypt with KMS keys (whose ETags are not md5s) or something on the way alters data');
}

/** The object is there whole: our sha256 in its metadata, its size, and an ETag the local bytes give (metadata alone can be written by anyone). */
async function wholeThere(s3: S3Access, key: string, file: SetFileToCopy, signal: AbortSignal): Promise<boolean> {
  const there = await headOf(s3, key, file, signal);
  if (!there || there.bytes !== file.bytes || there.sha256 !== file.sha256) return false;
  const handle = await openPlainFile(file.path, file.bytes);
  const local = await digestsOf(handle, file, signal).finally(() => handle.close());
  return local.etags.includes(there.etag);
}

async function proven(s3: S3Access, key: string, file: SetFileToCopy, etags: readonly string[], signal: AbortSignal): Promise<boolean> {
  const there = await headOf(s3, key, file, signal);
  return there !== undefined && there.bytes === file.bytes && etags.includes(there.etag);
}

async function headOf(s3: S3Access, key: string, file: SetFileToCopy, signal: AbortSignal): Promise<{ bytes: number; etag: string; sha256?: string } | undefined> {
  const head = new HeadObjectCommand({ Bucket: s3.bucket, Key: key });
  const there = await s3.callOrMissing(`check ${file.name} there`, signal, (o) => s3.client.send(head, o), (error) => statusOf(error) === 404);
  return there && { bytes: there.ContentLength ?? -1, etag: bareEtag(there.ETag), sha256: there.Metadata?.sha256 };
}

/** Page by page: the names of the "folders" right under `prefix`, or every key below it. */
async function listUnder(s3: S3Access, prefix: string, what: 'folders' | 'keys', signal: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const list = new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token, ...(what === 'folders' ? { Delimiter: '/' } : {}) });
    const page = await s3.call(what === 'folders' ? 'list the sets' : `list ${prefix}`, signal, (o) => s3.client.send(list, o));
    const found = what === 'folders' ? (page.CommonPrefixes ?? []).map((common) => common.Prefix) : (page.Contents ?? []).map((object) => object.Key);
    for (const name of found) if (name?.startsWith(prefix)) out.push(what === 'folders' ? name.slice(prefix.length, -1) : name);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function deleteKey(s3: S3Access, key: string, signal: AbortSignal): Promise<void> {
  const remove = new DeleteObjectCommand({ Bucket: s3.bucket, Key: key });
  await s3.call(`remove ${key}`, signal, (o) => s3.client.send(remove, o));
}

/** A set folder there, with its manifest when one arrived, is small enough to be ours, and parses. */
async function farSet(s3: S3Access, name: string, key: string, signal: AbortSignal): Promise<FarSet> {
  const get = new GetObjectCommand({ Bucket: s3.bucket, Key: key });
  const missing = (error: unknown) => nameOf(error) === 'NoSuchKey' || statusOf(error) === 404;
  const text = await s3.callOrMissing(`read the manifest of ${name}`, signal, (o) => s3.client.send(get, o).then((object) => readCapped(object.Body, object.ContentLength)).then((bytes) => bytes ?? false), missing);
  // No manifest: a copy of ours that stopped half-way, to go on with. One that cannot be read: someone else's.
  if (text === undefined) return { name };
  if (text === false) return { name, occupied: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString('utf8'));
  } catch {
    return { name, occupied: true };
  }
  const manifest = ManifestSchema.safeParse(parsed);
  return manifest.success ? { name, manifest: manifest.data, manifestSha256: createHash('sha256').update(text).digest('hex') } : { name, occupied: true };
}

/** The body, unless it is larger than a manifest of ours can be: then it is not read on. */
async function readCapped(body: unknown, announced: number | undefined): Promise<Buffer | undefined> {
  const stream = body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
  if (!stream) return undefined;
  if ((announced ?? 0) > FAR_MANIFEST_MAX_BYTES) {
    stream.destroy?.();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  // Leaving the loop early ends the stream.
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > FAR_MANIFEST_MAX_BYTES) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
