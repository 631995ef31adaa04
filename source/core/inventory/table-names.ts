import type { NamingSettings } from './app-settings.js';
import type { SqlClient } from '../db/sql-client.js';

export interface TableRef {
  readonly schema?: string;
  readonly table: string;
}

/** lodash's snakeCase for NocoBase's collection names: `dataSources` → `data_sources`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** The table names a collection may have, the one NocoBase derives from the settings first. */
export function tableCandidates(collection: string, naming: NamingSettings): string[] {
  const snake = snakeCase(collection);
  const preferred = naming.underscored ? [snake, collection] : [collection, snake];
  const names = [...preferred.map((n) => naming.tablePrefix + n), ...preferred];
  return [...new Set(names)];
}

/** Finds a collection's table in the database, trying the schema from the settings and then the default one. */
export async function findTable(client: SqlClient, collection: string, naming: NamingSettings, schema?: string): Promise<TableRef | undefined> {
  const names = tableCandidates(collection, naming);
  if (client.engine === 'sqlite') {
    const rows = await client.rows<{ name: string }>(`select name from sqlite_master where type = 'table' and name in (?)`, [names]);
    const found = names.find((n) => rows.some((r) => r.name === n));
    return found ? { table: found } : undefined;
  }
  if (client.engine === 'mysql' || client.engine === 'mariadb') {
    const rows = await client.rows<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = database() and table_name in (${names.map(() => '?').join(',')})`,
      names,
    );
    const found = names.find((n) => rows.some((r) => r.name === n));
    return found ? { table: found } : undefined;
  }
  const schemas = [...new Set([schema, naming.schema, 'public'].filter((s): s is string => Boolean(s)))];
  const rows = await client.rows<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables where table_schema = any(?) and table_name = any(?)`,
    [schemas, names],
  );
  for (const s of schemas) {
    for (const n of names) if (rows.some((r) => r.schema === s && r.name === n)) return { schema: s, table: n };
  }
  return undefined;
}

export function qualified(client: SqlClient, ref: TableRef): string {
  return ref.schema ? `${client.quote(ref.schema)}.${client.quote(ref.table)}` : client.quote(ref.table);
}

/** A row's column, whichever naming the table uses (`displayName` or `display_name`). */
export function column<T = unknown>(row: Record<string, unknown>, camel: string): T | undefined {
  return (row[camel] ?? row[snakeCase(camel)]) as T | undefined;
}

/** JSON columns come back parsed from PostgreSQL and as text from MySQL/MariaDB. */
export function jsonColumn(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
