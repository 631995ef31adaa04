import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { bindPlaceholders, quoteDouble, type SqlClient } from '../../db/sql-client.js';
import { sqliteTables } from './sqlite-tables.js';

/** SQLite compiled to WebAssembly (sql.js): for machines without the sqlite3 CLI, on files nothing has open. */
async function sqlJs() {
  const { default: init } = await import('sql.js');
  const require = createRequire(import.meta.url);
  return init({ locateFile: (name: string) => require.resolve(`sql.js/dist/${name}`) });
}

/** Creates a database file from SQL text. */
export async function createSqliteFile(file: string, sql: string): Promise<void> {
  const SQL = await sqlJs();
  const db = new SQL.Database();
  try {
    db.exec(sql);
    await writeFile(file, db.export(), { mode: 0o600 });
  } finally {
    db.close();
  }
}

/** A page-consistent copy of a database file that no process has open, made by SQLite itself. */
export async function copySqliteFile(source: string, destination: string): Promise<void> {
  const SQL = await sqlJs();
  const db = new SQL.Database(await readFile(source));
  try {
    const rows = db.exec('pragma integrity_check');
    if (rows[0]?.values[0]?.[0] !== 'ok') throw new Error(`${source} fails SQLite's integrity check`);
    await writeFile(destination, db.export(), { mode: 0o600 });
  } finally {
    db.close();
  }
}

/** Read-only queries on a snapshot of a SQLite file, for reading an app's records without the CLI. */
export async function sqliteWasmClient(file: string): Promise<SqlClient> {
  const SQL = await sqlJs();
  const db = new SQL.Database(await readFile(file));
  const client: SqlClient = {
    engine: 'sqlite',
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      const flat = params.flatMap((p) => (Array.isArray(p) ? p : [p]));
      // `in (?)` with an array expands to one placeholder per value, as the CLI client does.
      let i = 0;
      const text = bindPlaceholders(sql, () => {
        const p = params[i++];
        return Array.isArray(p) ? p.map(() => '?').join(',') : '?';
      });
      const statement = db.prepare(text);
      try {
        statement.bind(flat as never[]);
        const out: T[] = [];
        while (statement.step()) out.push(statement.getAsObject() as T);
        return out;
      } finally {
        statement.free();
      }
    },
    tables: (names) => sqliteTables(client, names),
    quote: quoteDouble,
    close: async () => db.close(),
  };
  return client;
}
