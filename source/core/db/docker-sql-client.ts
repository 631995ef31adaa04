import { execa } from 'execa';
import { isPgFamily, type ServerTarget } from './db-target.js';
import { dockerExec } from './docker-route.js';
import type { SqlClient } from './sql-client.js';

/**
 * Queries a database that only lives inside a compose network, through the client inside its
 * container: psql returning JSON, or mysql/mariadb returning tab-separated rows.
 */
export function dockerSqlClient(target: ServerTarget, docker = 'docker'): SqlClient {
  const route = target.docker;
  if (!route) throw new Error('dockerSqlClient needs a compose route');
  const pg = isPgFamily(target.engine);
  return {
    engine: target.engine,
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      let i = 0;
      const text = sql.replace(/\?/g, () => literal(params[i++], pg));
      const exec = pg
        ? dockerExec(route, 'psql', ['--no-password', '--no-psqlrc', '-h', '127.0.0.1', '-p', String(target.port), '-U', target.user, '-d', target.database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', `select coalesce(json_agg(q), '[]') from (${text}) q`], { PGPASSWORD: target.password })
        : dockerExec(route, target.engine === 'mariadb' ? 'mariadb' : 'mysql', ['-h', '127.0.0.1', '-P', String(target.port), '-u', target.user, '-B', '-e', text, target.database], { MYSQL_PWD: target.password });
      const result = await execa(docker, exec.args, { env: exec.env, timeout: 30000, reject: false });
      if (result.failed) throw dockerError(String(result.stderr), result.exitCode);
      return (pg ? JSON.parse(String(result.stdout).trim() || '[]') : parseTsv(String(result.stdout))) as T[];
    },
    quote: (identifier) => (pg ? `"${identifier.replace(/"/g, '""')}"` : `\`${identifier.replace(/`/g, '``')}\``),
    close: async () => undefined,
  };
}

/** The driver-like error codes classifyDbError understands, read from the client's message. */
function dockerError(stderr: string, exitCode?: number): Error & { code?: string } {
  const line = stderr.split('\n').find((l) => l.trim()) ?? `exit code ${exitCode}`;
  const error: Error & { code?: string } = new Error(line);
  if (/password authentication failed|Access denied/i.test(stderr)) error.code = '28P01';
  else if (/database "[^"]+" does not exist|Unknown database/i.test(stderr)) error.code = '3D000';
  else if (/Cannot connect to the Docker daemon|is not running|no such service|No such container|not running/i.test(stderr)) error.code = 'ECONNREFUSED';
  return error;
}

/** `mysql -B` output: a header line, tab-separated fields, `\t \n \\` escaped, NULL as the word. */
export function parseTsv(text: string): Record<string, unknown>[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (!lines.length) return [];
  const unescape = (v: string) => (v === 'NULL' ? null : v.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', '0': '\0', '\\': '\\' })[c] ?? c));
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => Object.fromEntries(line.split('\t').map((v, i) => [header[i], unescape(v)])));
}

function literal(value: unknown, pg: boolean): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return pg ? `array[${value.map((v) => literal(v, pg)).join(',')}]::text[]` : value.map((v) => literal(v, pg)).join(',');
  const escaped = String(value).replace(/'/g, "''");
  return pg ? `'${escaped}'` : `'${escaped.replace(/\\/g, '\\\\')}'`;
}
