import { NbError } from '../errors.js';

/**
 * What an S3 failure means for the operator, in one line with its fix. Only the error's name, code
 * and HTTP status are read: an S3 message may carry an XML body or a signature's details.
 */

export interface S3Where {
  readonly bucket: string;
  /** s3://bucket/prefix as the operator wrote it. */
  readonly label: string;
  /** Host (and port) of the endpoint: never a URL's user or password. */
  readonly host: string;
}

interface SdkError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly cause?: { readonly code?: unknown };
  readonly errors?: readonly { readonly code?: unknown }[];
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired']);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'AccountProblem']);
const REGION = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);
const CREDENTIALS_HINT = 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE and ~/.aws/credentials) for this bucket; keys are never taken from the command line or .nbbackuprc';

export function interrupted(): NbError {
  return new NbError('interrupted', 'copy again to go on from here', 'interrupted');
}

/** The HTTP status of an SDK error, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

export function nameOf(error: unknown): string {
  const name = (error as SdkError | undefined)?.name;
  return typeof name === 'string' && /^[A-Za-z][\w.]{0,63}$/.test(name) ? name : 'UnknownError';
}

/** `action` completes "S3 refused to …", e.g. "send main.pgdump.zst". */
export function s3Failure(error: unknown, signal: AbortSignal, action: string, where: S3Where): NbError {
  if (error instanceof NbError) return error;
  if (signal.aborted || nameOf(error) === 'AbortError') return interrupted();
  const network = networkCode(error);
  if (network) return new NbError(`cannot reach S3 at ${where.host} to ${action} in ${where.label} (${network})`, 'check s3.endpoint in .nbbackuprc, and that the server is up and reachable from here');
  const name = nameOf(error);
  const status = statusOf(error);
  if (name === 'NoSuchBucket') return new NbError(`bucket ${where.bucket} does not exist at ${where.host}`, 'create it first, or correct the bucket in the destination, or s3.endpoint and s3.region in .nbbackuprc');
  if (name === 'CredentialsProviderError') return new NbError(`no S3 credentials were found to ${action} in ${where.label}`, CREDENTIALS_HINT);
  if (CREDENTIALS.has(name)) return new NbError(`S3 did not accept the credentials to ${action} in ${where.label} (${name})`, CREDENTIALS_HINT);
  if (DENIED.has(name) || status === 403) return new NbError(`S3 denied access to ${action} in ${where.label} (${name})`, 'give these credentials s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucketMultipartUploads, s3:ListMultipartUploadParts and s3:AbortMultipartUpload on the bucket');
  if (REGION.has(name) || status === 301) return new NbError(`bucket ${where.bucket} is in another region than the one asked (${name})`, "set s3.region in .nbbackuprc (or AWS_REGION) to the bucket's region");
  if (name === 'BadDigest' || name === 'InvalidDigest') return new NbError(`S3 refused to ${action}: the bytes arrived corrupted (${name})`, 'copy again to send them afresh; if it repeats, something between here and S3 alters data');
  return new NbError(`S3 refused to ${action} in ${where.label} (${name}${status ? `, HTTP ${status}` : ''})`, 'check s3.endpoint and s3.region in .nbbackuprc; copy again if the server was busy');
}

/** ECONNREFUSED and kin, wherever Node or the SDK put it (a connect to several addresses fails as an AggregateError). */
function networkCode(error: unknown): string | undefined {
  const e = error as SdkError | undefined;
  const codes = [e?.code, e?.cause?.code, ...(e?.errors ?? []).map((inner) => inner?.code)];
  const code = codes.find((c): c is string => typeof c === 'string' && /^E[A-Z_]{3,}$/.test(c));
  if (code) return code;
  return nameOf(error) === 'TimeoutError' ? 'timed out' : undefined;
}
