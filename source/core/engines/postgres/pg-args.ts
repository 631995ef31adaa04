/** How PostgreSQL-family tools are told where to connect: names that stay names, the password only in the environment. */
import type { ServerTarget } from '../../db/db-target.js';

/**
 * A database name as libpq must take it: `--dbname` treats a value with `=` as a connection string, so
 * the name always goes inside one, quoted, and can never carry a host, port or anything else.
 */
export function dbnameArg(name: string): string {
  return `dbname='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A schema name as a pg_dump pattern that matches only itself: `*`, `?` and `.` inside double quotes are plain characters. */
export function literalPattern(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function pgEnv(target: ServerTarget): Record<string, string> {
  const env: Record<string, string> = { PGPASSWORD: target.password, PGCONNECT_TIMEOUT: '10', PGAPPNAME: 'nbbackup' };
  if (target.ssl?.mode) env.PGSSLMODE = target.ssl.mode;
  else if (target.ssl) env.PGSSLMODE = target.ssl.rejectUnauthorized ? 'verify-full' : 'require';
  if (target.ssl?.ca) env.PGSSLROOTCERT = target.ssl.ca;
  if (target.ssl?.cert) env.PGSSLCERT = target.ssl.cert;
  if (target.ssl?.key) env.PGSSLKEY = target.ssl.key;
  return env;
}

