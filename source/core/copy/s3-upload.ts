import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { NbError } from '../errors.js';
import type { SetFileToCopy } from './destination.js';
import type { S3Access } from './s3-access.js';
import { interrupted, nameOf, statusOf } from './s3-errors.js';
import { bareEtag, PartReader, planParts, type LocalDigests } from './s3-parts.js';
import { openPlainFile } from './local-file.js';

/**
 * Sends one file to one key: a single PutObject up to one part, else a multipart upload that goes on
 * from the newest one an interrupted copy left for that key, keeping only the parts whose size and
 * md5 are those of the local bytes. Every body carries its Content-MD5, so S3 refuses a corrupted one.
 */

export interface Uploaded extends LocalDigests {
  /** Bytes of parts kept from an earlier upload. */
  readonly resumedFrom: number;
}

export interface UploadInProgress {
  readonly key: string;
  readonly id: string;
  readonly initiated: number;
}

/** `fresh` ignores what an earlier upload left: its kept parts may be what was wrong. */
export async function uploadFile(s3: S3Access, key: string, file: SetFileToCopy, fresh: boolean, onProgress: (sent: number) => void, signal: AbortSignal): Promise<Uploaded> {
  const handle = await openPlainFile(file.path, file.bytes);
  try {
    const reader = new PartReader(handle, file, planParts(file.bytes));
    if (reader.plan.count === 1) {
      const { body, md5 } = await reader.read(1);
      // A damaged local file is refused before a byte of it leaves.
      const digests = reader.finish();
      const put = new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, ContentLength: body.length, ContentMD5: md5.toString('base64'), Metadata: { sha256: file.sha256 } });
      await s3.call(`send ${file.name}`, signal, (o) => s3.client.send(put, o));
      onProgress(file.bytes);
      return { ...digests, resumedFrom: 0 };
    }
    return await multipart(s3, key, file, reader, fresh, onProgress, signal);
  } finally {
    await handle.close();
  }
}

async function multipart(s3: S3Access, key: string, file: SetFileToCopy, reader: PartReader, fresh: boolean, onProgress: (sent: number) => void, signal: AbortSignal): Promise<Uploaded> {
  const earlier = fresh ? [] : (await uploadsUnder(s3, key, signal)).filter((u) => u.key === key).sort((a, b) => b.initiated - a.initiated);
  const landed = earlier[0] ? await partsOf(s3, key, earlier[0].id, signal) : new Map<number, { size: number; etag: string }>();
  const uploadId = earlier[0]?.id ?? (await start(s3, key, file, signal));
  const parts: CompletedPart[] = [];
  let resumedFrom = 0;
  let at = 0;
  for (let n = 1; n <= reader.plan.count; n++) {
    if (signal.aborted) throw interrupted();
    const { body, md5 } = await reader.read(n);
    const there = landed.get(n);
    if (there && there.size === body.length && bareEtag(there.etag) === md5.toString('hex')) {
      resumedFrom += body.length;
      parts.push({ PartNumber: n, ETag: there.etag });
    } else {
      const part = new UploadPartCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId, PartNumber: n, Body: body, ContentLength: body.length, ContentMD5: md5.toString('base64') });
      const sent = await s3.call(`send part ${n} of ${file.name}`, signal, (o) => s3.client.send(part, o));
      parts.push({ PartNumber: n, ETag: sent.ETag ?? `"${md5.toString('hex')}"` });
    }
    at += body.length;
    onProgress(at);
  }
  // Checked before completing: a damaged local file never becomes an object there.
  const digests = reader.finish();
  const complete = new CompleteMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } });
  await s3.call(`complete ${file.name}`, signal, (o) => s3.client.send(complete, o));
  // Older leftovers for this key would be billed for ever: best effort, the file is there already.
  for (const stale of earlier.slice(1)) await abortUpload(s3, stale, signal).catch(() => undefined);
  return { ...digests, resumedFrom };
}

async function start(s3: S3Access, key: string, file: SetFileToCopy, signal: AbortSignal): Promise<string> {
  const create = new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: key, Metadata: { sha256: file.sha256 } });
  const started = await s3.call(`start sending ${file.name}`, signal, (o) => s3.client.send(create, o));
  if (!started.UploadId) throw new NbError(`S3 gave no upload id to send ${file.name}`, 'the server at s3.endpoint does not take multipart uploads: point it at an S3-compatible server');
  return started.UploadId;
}

/** The parts that landed, by number; ListParts pages through up to 10,000 of them. */
async function partsOf(s3: S3Access, key: string, uploadId: string, signal: AbortSignal): Promise<Map<number, { size: number; etag: string }>> {
  const out = new Map<number, { size: number; etag: string }>();
  let marker: string | undefined;
  for (;;) {
    const list = new ListPartsCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker });
    // The upload may have been completed or aborted since it was listed: then nothing is kept.
    const page = await s3.callOrMissing('list the parts already sent', signal, (o) => s3.client.send(list, o), (error) => nameOf(error) === 'NoSuchUpload');
    for (const part of page?.Parts ?? []) if (part.PartNumber && part.ETag && part.Size !== undefined) out.set(part.PartNumber, { size: part.Size, etag: part.ETag });
    if (!page?.IsTruncated || !page.NextPartNumberMarker) return out;
    marker = page.NextPartNumberMarker;
  }
}

/** Multipart uploads in progress under a prefix; none where the server cannot list them. */
export async function uploadsUnder(s3: S3Access, prefix: string, signal: AbortSignal): Promise<UploadInProgress[]> {
  const out: UploadInProgress[] = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  for (;;) {
    const list = new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker });
    const page = await s3.callOrMissing('list the uploads in progress', signal, (o) => s3.client.send(list, o), (error) => nameOf(error) === 'NotImplemented' || statusOf(error) === 501);
    for (const upload of page?.Uploads ?? []) if (upload.Key && upload.UploadId) out.push({ key: upload.Key, id: upload.UploadId, initiated: upload.Initiated?.getTime() ?? 0 });
    if (!page?.IsTruncated || (!page.NextKeyMarker && !page.NextUploadIdMarker)) return out;
    [keyMarker, idMarker] = [page.NextKeyMarker, page.NextUploadIdMarker];
  }
}

export async function abortUpload(s3: S3Access, upload: UploadInProgress, signal: AbortSignal): Promise<void> {
  const abort = new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: upload.key, UploadId: upload.id });
  await s3.callOrMissing('drop an unfinished upload', signal, (o) => s3.client.send(abort, o), (error) => nameOf(error) === 'NoSuchUpload');
}
