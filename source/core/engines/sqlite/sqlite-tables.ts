import type { SqlClient, TableRef } from '../../db/sql-client.js';

/** SQLite has no schemas: a table either is in sqlite_master or is not. */
export async function sqliteTables(client: SqlClient, names: readonly string[]): Promise<TableRef[]> {
  const rows = await client.rows<{ name: string }>(`select name from sqlite_master where type = 'table' and name in (?)`, [names]);
  return rows.map((r) => ({ table: r.name }));
}
