import type mysql from 'mysql2/promise';
import type { ServerTarget, SslOptions } from '../../db/db-target.js';
import { quoteBacktick, using, type ConnectOptions, type SqlClient, type TableRef } from '../../db/sql-client.js';
import { pem } from '../../db/ssl-files.js';
import type { DockerDialect } from '../docker-sql-client.js';

/** A mysql2 connection for MySQL and MariaDB. */
export async function mysqlConnect(target: ServerTarget, options: ConnectOptions = {}): Promise<SqlClient> {
  const { default: mysqlLib } = await import('mysql2/promise');
  const database = options.database ?? target.database;
  const connection = await mysqlLib.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: database || undefined,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    ssl: mysqlSsl(target.ssl),
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  connection.on('error', () => undefined);
  const queryTimeout = options.queryTimeoutMs ?? 30000;
  const client: SqlClient = {
    engine: target.engine,
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      // Without values the text goes as it is: a `?` in a quoted name stays a character.
      const [rows] = params.length ? await connection.query({ sql, timeout: queryTimeout }, params as unknown[]) : await connection.query({ sql, timeout: queryTimeout });
      return rows as T[];
    },
    tables: (names) => mysqlTables(client, names),
    quote: quoteBacktick,
    close: () => connection.end().catch(() => undefined),
  };
  return client;
}

/** Runs `fn` on a short connection, always closed afterwards. */
export function withMysql<T>(target: ServerTarget, fn: (c: SqlClient) => Promise<T>, options?: ConnectOptions): Promise<T> {
  return using(mysqlConnect(target, options), fn);
}

async function mysqlTables(client: SqlClient, names: readonly string[]): Promise<TableRef[]> {
  const rows = await client.rows<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = database() and table_name in (${names.map(() => '?').join(',')})`,
    names,
  );
  return rows.map((r) => ({ table: r.name }));
}

/** The mysql/mariadb client inside the database's container, printing tab-separated rows. */
export const mysqlDocker: DockerDialect = {
  command: (target, sql) => ({
    tool: target.engine === 'mariadb' ? 'mariadb' : 'mysql',
    args: ['-h', '127.0.0.1', '-P', String(target.port), `--user=${target.user}`, '-B', `--execute=${sql}`, `--database=${target.database}`],
    env: { MYSQL_PWD: target.password },
  }),
  parse: parseTsv,
  literal: function literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return value.map((v) => literal(v)).join(',');
    return `'${String(value).replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  },
  quote: quoteBacktick,
  tables: (client, names) => mysqlTables(client, names),
};

/** `mysql -B` output: a header line, tab-separated fields, `\t \n \\` escaped, NULL as the word. */
export function parseTsv(text: string): Record<string, unknown>[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (!lines.length) return [];
  const unescape = (v: string) => (v === 'NULL' ? null : v.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', '0': '\0', '\\': '\\' })[c] ?? c));
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => Object.fromEntries(line.split('\t').map((v, i) => [header[i], unescape(v)])));
}

function mysqlSsl(ssl: SslOptions | undefined): mysql.SslOptions | undefined {
  if (!ssl || ssl.mode === 'disable') return undefined;
  return { rejectUnauthorized: ssl.rejectUnauthorized ?? false, ca: pem(ssl.ca), key: pem(ssl.key), cert: pem(ssl.cert) };
}
