import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { answerMissingCall, reply, uploadsOnDisk } from './s3-missing-calls.js';

/** One request as it reached the server. */
export interface S3Request {
  readonly method: string;
  readonly key: string;
  readonly query: URLSearchParams;
  /** The Content-MD5 header, when the client sent one. */
  readonly contentMd5?: string;
  readonly bytes: number;
}

export interface HeldRequest {
  /** The request has arrived and waits. */
  arrived(): boolean;
  /** Lets it go on (it is dropped if its client gave up meanwhile). */
  release(): void;
  /** Never passes it on, as if the process that sent it had been killed: it does not land. */
  drop(): void;
}

export interface S3TestServer {
  readonly endpoint: string;
  readonly bucket: string;
  /** s3rver's data folder (objects are files named `<name>._S3rver_object`). */
  readonly directory: string;
  /** Every request so far, oldest first. */
  readonly requests: S3Request[];
  /** Holds the next request that matches until released: a copy caught mid-file, without timing. */
  hold(match: (request: S3Request) => boolean): HeldRequest;
  /**
   * Flips one byte of the next matching upload's body: 'in-transit' before the Content-MD5 check (S3
   * must reject it), 'at-rest' after it (the server stores other bytes than it was sent).
   */
  tamper(match: (request: S3Request) => boolean, where: 'in-transit' | 'at-rest'): void;
  /** Uploads in progress, as ListMultipartUploads would list them. */
  uploadsInProgress(): Promise<{ id: string; key: string }[]>;
  close(): Promise<void>;
}

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A real s3rver on a free port of 127.0.0.1 with a temp folder and one bucket, behind a thin front
 * that adds what real S3 does and s3rver does not: Content-MD5 checks (BadDigest), and listing or
 * aborting multipart uploads in progress. Everything else is s3rver's own answer (it checks
 * the access key id of a signature, not the signature itself).
 */
export async function startS3Server(bucket = 'nbtest-bucket'): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'nbtest-s3-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const inner = await s3rver.run();
  const requests: S3Request[] = [];
  const holds: { match: (r: S3Request) => boolean; arrived: boolean; released: Promise<boolean>; release: (pass: boolean) => void }[] = [];
  // Every hold ever made, so close() lets none hang.
  const allHolds: typeof holds = [];
  const tampers: { match: (r: S3Request) => boolean; where: 'in-transit' | 'at-rest' }[] = [];

  const take = <T extends { match: (r: S3Request) => boolean }>(list: T[], request: S3Request): T | undefined => {
    const at = list.findIndex((entry) => entry.match(request));
    return at === -1 ? undefined : list.splice(at, 1)[0];
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3.test');
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const body = await readBody(req);
    const contentMd5 = req.headers['content-md5'] as string | undefined;
    const request: S3Request = { method: req.method ?? 'GET', key, query: url.searchParams, ...(contentMd5 ? { contentMd5 } : {}), bytes: body.length };
    requests.push(request);
    const held = take(holds, request);
    if (held) {
      held.arrived = true;
      if (!(await held.released) || req.socket.destroyed) {
        req.socket.destroy();
        return;
      }
    }
    if (await answerMissingCall(directory, request.method, decodeURIComponent(bucketName), key, url.searchParams, res)) return;
    const tamper = request.method === 'PUT' && body.length > 0 ? take(tampers, request) : undefined;
    if (tamper?.where === 'in-transit') flipByte(body);
    if (contentMd5 !== undefined && createHash('md5').update(body).digest('base64') !== contentMd5) {
      reply(res, 400, '<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did not match what was received.</Message></Error>');
      return;
    }
    if (tamper?.where === 'at-rest') flipByte(body);
    forward(req, body, res, inner.port);
  }

  const front = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    requests,
    hold(match) {
      let release: (pass: boolean) => void = () => undefined;
      const released = new Promise<boolean>((resolve) => (release = resolve));
      const entry = { match, arrived: false, released, release };
      holds.push(entry);
      allHolds.push(entry);
      return { arrived: () => entry.arrived, release: () => entry.release(true), drop: () => entry.release(false) };
    },
    tamper(match, where) {
      tampers.push({ match, where });
    },
    async uploadsInProgress() {
      return (await uploadsOnDisk(directory, bucket)).map(({ id, key }) => ({ id, key }));
    },
    async close() {
      for (const entry of allHolds) entry.release(false);
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      s3rver.httpServer?.closeAllConnections();
      await s3rver.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A client of the test server that reads back what arrived, independently of the code under test. */
export function s3TestClient(server: S3TestServer): S3Client {
  // As nbbackup's own client does: no many-line notice about Node 20 in the test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client went away')));
  });
}

function flipByte(body: Buffer): void {
  body[Math.floor(body.length / 2)] ^= 0xff;
}

/** Passes a request on to s3rver unchanged (its signature covers the host header, kept as sent). */
function forward(req: IncomingMessage, body: Buffer, res: ServerResponse, port: number): void {
  const headers = { ...req.headers, 'content-length': String(body.length) };
  // Unsigned, and s3rver would wait for a 100-continue this front already answered.
  delete headers.expect;
  const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  // A client that went away (an interrupted copy, a manifest too large to read) frees s3rver's side too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  upstream.end(body);
}
