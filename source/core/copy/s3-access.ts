import type { S3Client } from '@aws-sdk/client-s3';
import { s3Failure, type S3Where } from './s3-errors.js';

/** One bucket through one client, every request abortable and every failure one line about what was being done. */
export interface S3Access {
  readonly client: S3Client;
  readonly bucket: string;
  /** `action` completes "S3 refused to …". */
  call<T>(action: string, signal: AbortSignal, request: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T>;
  /** Like `call`, but undefined when `missing` says the failure only means "there is none". */
  callOrMissing<T>(action: string, signal: AbortSignal, request: (options: { abortSignal: AbortSignal }) => Promise<T>, missing: (error: unknown) => boolean): Promise<T | undefined>;
}

export function s3Access(client: S3Client, where: S3Where): S3Access {
  return {
    client,
    bucket: where.bucket,
    async call(action, signal, request) {
      try {
        return await request({ abortSignal: signal });
      } catch (error) {
        throw s3Failure(error, signal, action, where);
      }
    },
    async callOrMissing(action, signal, request, missing) {
      try {
        return await request({ abortSignal: signal });
      } catch (error) {
        if (!signal.aborted && missing(error)) return undefined;
        throw s3Failure(error, signal, action, where);
      }
    },
  };
}
