import { readFileSync } from 'node:fs';
import type mysql from 'mysql2/promise';
import type pg from 'pg';
import { isPgFamily, type Engine, type ServerTarget, type SslOptions } from './db-target.js';

/** A short-lived connection for inventory queries: `?` placeholders on every engine. */
export interface SqlClient {
  readonly engine: Engine;
  rows<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  quote(identifier: string): string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly connectTimeoutMs?: number;
  readonly queryTimeoutMs?: number;
  /** Connect to this database instead of the target's (e.g. to reach the server without it). */
  readonly database?: string;
}

export async function connect(target: ServerTarget, options: ConnectOptions = {}): Promise<SqlClient> {
  const connectTimeout = options.connectTimeoutMs ?? 5000;
  const queryTimeout = options.queryTimeoutMs ?? 30000;
  const database = options.database ?? target.database;
  if (isPgFamily(target.engine)) {
    // Drivers load on first use: an install on one engine never pays for the other.
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database,
      connectionTimeoutMillis: connectTimeout,
      query_timeout: queryTimeout,
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
    return {
      engine: target.engine,
      async rows<T>(sql: string, params: readonly unknown[] = []) {
        let n = 0;
        const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), params as unknown[]);
        return result.rows as T[];
      },
      quote: (identifier) => `"${identifier.replace(/"/g, '""')}"`,
      close: () => client.end().catch(() => undefined),
    };
  }
  if (target.engine === 'mysql' || target.engine === 'mariadb') {
    const { default: mysqlLib } = await import('mysql2/promise');
    const connection = await mysqlLib.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: database || undefined,
      connectTimeout: connectTimeout,
      ssl: mysqlSsl(target.ssl),
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    connection.on('error', () => undefined);
    return {
      engine: target.engine,
      async rows<T>(sql: string, params: readonly unknown[] = []) {
        const [rows] = await connection.query({ sql, timeout: queryTimeout }, params as unknown[]);
        return rows as T[];
      },
      quote: (identifier) => `\`${identifier.replace(/`/g, '``')}\``,
      close: () => connection.end().catch(() => undefined),
    };
  }
  throw new Error(`no client library for ${target.engine}`);
}

/** Runs `fn` with a connection that is always closed afterwards. */
export async function withClient<T>(target: ServerTarget, fn: (client: SqlClient) => Promise<T>, options?: ConnectOptions): Promise<T> {
  const client = await connect(target, options);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** NocoBase's SSL settings may hold file paths or the PEM text itself. */
function pem(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

function pgSsl(ssl: SslOptions | undefined): pg.ClientConfig['ssl'] {
  if (!ssl || ssl.mode === 'disable') return undefined;
  return { rejectUnauthorized: ssl.rejectUnauthorized ?? ssl.mode === 'verify-full', ca: pem(ssl.ca), key: pem(ssl.key), cert: pem(ssl.cert) };
}

function mysqlSsl(ssl: SslOptions | undefined): mysql.SslOptions | undefined {
  if (!ssl || ssl.mode === 'disable') return undefined;
  return { rejectUnauthorized: ssl.rejectUnauthorized ?? false, ca: pem(ssl.ca), key: pem(ssl.key), cert: pem(ssl.cert) };
}
