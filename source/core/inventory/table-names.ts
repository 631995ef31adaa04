import type { NamingSettings } from './app-settings.js';
import type { SqlClient, TableRef } from '../db/sql-client.js';

export type { TableRef } from '../db/sql-client.js';

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
  const schemas = [...new Set([schema, naming.schema, 'public'].filter((s): s is string => Boolean(s)))];
  const found = await client.tables(names, schemas);
  // The settings' own schema and naming win over the defaults.
  for (const s of [...schemas, undefined]) {
    for (const n of names) if (found.some((r) => r.schema === s && r.table === n)) return { schema: s, table: n };
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
