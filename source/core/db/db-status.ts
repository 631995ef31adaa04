import { describeTarget, type ServerTarget } from './db-target.js';

/** Whether an item can be backed up here, and if not, why (shared/CONTRACT.md's statuses). */
export type ItemStatus = 'ok' | 'unreachable' | 'auth-failed' | 'missing-tool' | 'unsupported' | 'not-found';

export interface StatusVerdict {
  readonly status: Exclude<ItemStatus, 'ok'>;
  readonly reason: string;
  readonly hint?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

/** Turns a driver error into the contract's status and a one-line reason (never the password). */
export function classifyDbError(error: unknown, target: ServerTarget): StatusVerdict {
  const e = error as { code?: string; errno?: number; message?: string };
  const where = `${target.host}:${target.port}`;
  const message = (e.message ?? String(error)).split('\n')[0];
  if (e.code === '28P01' || e.code === '28000' || e.code === 'ER_ACCESS_DENIED_ERROR' || e.errno === 1045 || e.code === 'ER_DBACCESS_DENIED_ERROR' || e.errno === 1044) {
    return { status: 'auth-failed', reason: `login refused for user ${target.user} on ${where}`, hint: 'check the user and password in the settings' };
  }
  if (e.code === '3D000' || e.code === 'ER_BAD_DB_ERROR' || e.errno === 1049) {
    return { status: 'not-found', reason: `database ${target.database} does not exist on ${where}`, hint: 'check the database name, or create it' };
  }
  if ((e.code && NETWORK_CODES.has(e.code)) || /timeout|timed out|terminated unexpectedly|Connection terminated/i.test(message)) {
    const why = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `host ${target.host} not found` : `no answer from ${where}`;
    return { status: 'unreachable', reason: why, hint: `start the ${target.engine} server or check host and port` };
  }
  return { status: 'unreachable', reason: `${describeTarget(target)}: ${message}` };
}
