import { execa } from '../../process/lazy-execa.js';
import { bindPlaceholders, quoteDouble, type SqlClient } from '../../db/sql-client.js';
import { sqliteTables } from './sqlite-tables.js';

/** Read-only queries on a SQLite file through the sqlite3 CLI (Node 20 has no built-in SQLite). */
export function sqliteClient(file: string, sqlite3 = 'sqlite3'): SqlClient {
  const client: SqlClient = {
    engine: 'sqlite',
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      let i = 0;
      const text = bindPlaceholders(sql, () => literal(params[i++]));
      const { stdout } = await execa(sqlite3, ['-readonly', '-json', file, text], { timeout: 30000 });
      return (stdout.trim() ? JSON.parse(stdout) : []) as T[];
    },
    tables: (names) => sqliteTables(client, names),
    quote: quoteDouble,
    close: async () => undefined,
  };
  return client;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(literal).join(',');
  return `'${String(value).replace(/'/g, "''")}'`;
}
