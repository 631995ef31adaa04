import { readdir, readFile, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

// s3rver keeps an upload in progress as `<bucket>/._S3rver_uploads/<id>/` holding `key`, and each
// landed part as `<n>` beside `<n>.md5`. It has no route to list or abort them, which real S3 has and
// a resumed copy needs: these answer those three calls from that folder, as S3 would.

interface UploadOnDisk {
  readonly id: string;
  readonly key: string;
  readonly initiated: Date;
  readonly dir: string;
}

export function uploadsFolder(directory: string, bucket: string): string {
  return path.join(directory, bucket, '._S3rver_uploads');
}

export async function uploadsOnDisk(directory: string, bucket: string): Promise<UploadOnDisk[]> {
  const root = uploadsFolder(directory, bucket);
  const ids = await readdir(root).catch(() => [] as string[]);
  const out: UploadOnDisk[] = [];
  for (const id of ids) {
    const dir = path.join(root, id);
    const key = await readFile(path.join(dir, 'key'), 'utf8').catch(() => undefined);
    if (key !== undefined) out.push({ id, key, initiated: (await stat(path.join(dir, 'key'))).mtime, dir });
  }
  return out;
}

/** Answers ListMultipartUploads, ListParts and AbortMultipartUpload; false for any other request. */
export async function answerMissingCall(directory: string, method: string, bucket: string, key: string, query: URLSearchParams, res: ServerResponse): Promise<boolean> {
  if (method === 'GET' && key === '' && query.has('uploads')) {
    const prefix = query.get('prefix') ?? '';
    const uploads = (await uploadsOnDisk(directory, bucket)).filter((u) => u.key.startsWith(prefix));
    const entries = uploads.map((u) => `<Upload><Key>${xml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`);
    reply(res, 200, `<ListMultipartUploadsResult><Bucket>${xml(bucket)}</Bucket><Prefix>${xml(prefix)}</Prefix><IsTruncated>false</IsTruncated>${entries.join('')}</ListMultipartUploadsResult>`);
    return true;
  }
  const uploadId = query.get('uploadId');
  if (!uploadId || key === '' || (method !== 'GET' && method !== 'DELETE')) return false;
  const upload = (await uploadsOnDisk(directory, bucket)).find((u) => u.id === uploadId && u.key === key);
  if (!upload) {
    reply(res, 404, '<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>');
    return true;
  }
  if (method === 'DELETE') {
    await rm(upload.dir, { recursive: true, force: true });
    res.writeHead(204).end();
    return true;
  }
  const numbers = (await readdir(upload.dir)).filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
  const parts: string[] = [];
  for (const n of numbers) {
    // A part whose .md5 is not written yet has not landed.
    const md5 = await readFile(path.join(upload.dir, `${n}.md5`), 'utf8').catch(() => undefined);
    if (md5 === undefined) continue;
    const info = await stat(path.join(upload.dir, String(n)));
    parts.push(`<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${info.size}</Size></Part>`);
  }
  reply(res, 200, `<ListPartsResult><Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`);
  return true;
}

export function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
