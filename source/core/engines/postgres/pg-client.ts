import type pg from 'pg';
import type { ServerTarget, SslOptions } from '../../db/db-target.js';
import { bindPlaceholders, quoteDouble, using, type ConnectOptions, type SqlClient, type TableRef } from '../../db/sql-client.js';
import { pem } from '../../db/ssl-files.js';
import type { DockerDialect } from '../docker-sql-client.js';
import { dbnameArg } from './pg-args.js';

/** A pg connection for PostgreSQL and KingbaseES (which speaks its wire protocol). */
export async function pgConnect(target: ServerTarget, options: ConnectOptions = {}): Promise<SqlClient> {
  // Drivers load on first use: an install on one engine never pays for the other.
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: options.database ?? target.database,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: options.queryTimeoutMs ?? 30000,
    ssl: pgSsl(target.ssl),
    application_name: 'nbbackup',
  });
  // A dropped connection emits 'error' on the client; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const sql: SqlClient = {
    engine: target.engine,
    async rows<T>(text: string, params: readonly unknown[] = []) {
      let n = 0;
      const result = await client.query(bindPlaceholders(text, () => `$${++n}`), params as unknown[]);
      return result.rows as T[];
    },
    tables: (names, schemas) => pgTables(sql, names, schemas),
    quote: quoteDouble,
    close: () => client.end().catch(() => undefined),
  };
  return sql;
}

/** Runs `fn` on a short connection, always closed afterwards. */
export function withPg<T>(target: ServerTarget, fn: (c: SqlClient) => Promise<T>, options?: ConnectOptions): Promise<T> {
  return using(pgConnect(target, options), fn);
}

async function pgTables(client: SqlClient, names: readonly string[], schemas: readonly string[]): Promise<TableRef[]> {
  const rows = await client.rows<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables where table_schema = any(?) and table_name = any(?)`,
    [schemas, names],
  );
  return rows.map((r) => ({ schema: r.schema, table: r.name }));
}

/** psql inside the database's container, printing rows as JSON. */
export const pgDocker: DockerDialect = {
  command: (target, sql) => ({
    tool: 'psql',
    args: ['--no-password', '--no-psqlrc', '-h', '127.0.0.1', '-p', String(target.port), '-U', target.user, '-d', dbnameArg(target.database), '-At', '-v', 'ON_ERROR_STOP=1', '-c', `select coalesce(json_agg(q), '[]') from (${sql}) q`],
    env: { PGPASSWORD: target.password },
  }),
  parse: (stdout) => JSON.parse(stdout.trim() || '[]') as Record<string, unknown>[],
  literal: function literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return `array[${value.map((v) => literal(v)).join(',')}]::text[]`;
    return `'${String(value).replace(/'/g, "''")}'`;
  },
  quote: quoteDouble,
  tables: pgTables,
};

function pgSsl(ssl: SslOptions | undefined): pg.ClientConfig['ssl'] {
  if (!ssl || ssl.mode === 'disable') return undefined;
  return { rejectUnauthorized: ssl.rejectUnauthorized ?? ssl.mode === 'verify-full', ca: pem(ssl.ca), key: pem(ssl.key), cert: pem(ssl.cert) };
}
