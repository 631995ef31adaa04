import path from 'node:path';
import { UsageError } from '../errors.js';

/** Where a set is copied, as `copy --to` and a profile's `copies` name it. */
export type DestinationSpec =
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 'ssh'; readonly user?: string; readonly host: string; readonly port?: number; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]+\])$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HINT = 'give a folder (/mnt/offsite), [USER@]HOST:PATH or ssh://[USER@]HOST[:PORT]/PATH, or s3://BUCKET/PREFIX';

/**
 * `s3://bucket/prefix`, `ssh://[user@]host[:port]/path`, `[user@]host:path` (as scp and rsync read it:
 * a colon before any slash), else a folder here. A host or user that could be read as an ssh option,
 * or a path with a control character, is refused: each part goes to ssh and the far shell as data.
 */
export function parseDestination(text: string, cwd = process.cwd()): DestinationSpec {
  const dest = text.trim();
  if (!dest) throw new UsageError('--to needs a destination', HINT);
  if (/[\0-\x1f\x7f]/.test(dest)) throw new UsageError('the destination holds a control character', HINT);
  if (/^s3:\/\//i.test(dest)) return s3(dest);
  if (/^ssh:\/\//i.test(dest)) return sshUrl(dest);
  // user:password@host: refused without echoing it; nbbackup logs in with keys only.
  if (/^[^/@]*:[^/]*@/.test(dest.replace(/^(s3|ssh):\/\//i, ''))) throw new UsageError('the destination looks like it holds a password (USER:PASSWORD@HOST); it was not used or kept', 'give [USER@]HOST:PATH and log in with a key (ssh) or the AWS environment (S3)');
  const colon = dest.indexOf(':');
  const slash = dest.indexOf('/');
  if (colon > 0 && (slash === -1 || colon < slash)) {
    const [login, remotePath] = [dest.slice(0, colon), dest.slice(colon + 1)];
    return ssh(login, undefined, remotePath || '.');
  }
  return { kind: 'folder', path: path.resolve(cwd, dest) };
}

/** The destination as shown and recorded: never more than the operator typed. */
export function describeDestination(spec: DestinationSpec): string {
  if (spec.kind === 'folder') return spec.path;
  if (spec.kind === 's3') return `s3://${spec.bucket}/${spec.prefix}`.replace(/\/$/, '');
  const login = `${spec.user ? `${spec.user}@` : ''}${spec.host}`;
  return spec.port ? `ssh://${login}:${spec.port}/${spec.path.replace(/^\//, '')}` : `${login}:${spec.path}`;
}

function s3(dest: string): DestinationSpec {
  const rest = dest.slice('s3://'.length);
  const [bucket, ...parts] = rest.split('/');
  if (!BUCKET.test(bucket)) throw new UsageError(`${shown(bucket)} is not an S3 bucket name`, 'bucket names are 3-63 lower-case letters, digits, dots and dashes');
  const segments = parts.filter((p) => p !== '');
  if (segments.some((p) => p === '.' || p === '..')) throw new UsageError('an S3 prefix may not hold . or .. segments', HINT);
  return { kind: 's3', bucket, prefix: segments.length ? `${segments.join('/')}/` : '' };
}

function sshUrl(dest: string): DestinationSpec {
  const match = /^ssh:\/\/([^/]+)(\/.*)?$/i.exec(dest);
  if (!match) throw new UsageError(`${dest} is not an ssh:// address`, HINT);
  const hostPort = /^(.*?)(?::(\d{1,5}))?$/.exec(match[1])!;
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError(`${hostPort[2]} is not a port`, HINT);
  return ssh(hostPort[1], port, match[2] ?? '.');
}

function ssh(login: string, port: number | undefined, remotePath: string): DestinationSpec {
  const at = login.lastIndexOf('@');
  const user = at === -1 ? undefined : login.slice(0, at);
  const host = at === -1 ? login : login.slice(at + 1);
  if (!HOST.test(host)) throw new UsageError(`${shown(host)} is not a host name`, HINT);
  if (user !== undefined && !USER.test(user)) throw new UsageError(`${shown(user)} is not a user name`, HINT);
  return { kind: 'ssh', ...(user ? { user } : {}), host, ...(port ? { port } : {}), path: remotePath };
}

/** A refused part, quoted; one that could hold a secret (a colon or an at sign) is not repeated. */
function shown(part: string): string {
  return /[:@]/.test(part) ? 'that part of the destination' : JSON.stringify(part);
}
