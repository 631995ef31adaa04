import type { Engine } from './db-target.js';

/** A short-lived connection for inventory and restore queries: `?` placeholders on every engine. */
export interface SqlClient {
  readonly engine: Engine;
  rows<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Which of these tables exist, looked up in these schemas (engines without schemas ignore them). */
  tables(names: readonly string[], schemas: readonly string[]): Promise<TableRef[]>;
  quote(identifier: string): string;
  close(): Promise<void>;
}

export interface TableRef {
  readonly schema?: string;
  readonly table: string;
}

export interface ConnectOptions {
  readonly connectTimeoutMs?: number;
  readonly queryTimeoutMs?: number;
  /** Connect to this database instead of the target's (e.g. to reach the server without it). */
  readonly database?: string;
}

/** Runs `fn` with a connection that is always closed afterwards. */
export async function using<T>(opened: Promise<SqlClient>, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await opened;
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** `"name"` for PostgreSQL and SQLite, with quotes doubled. */
export function quoteDouble(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** `` `name` `` for MySQL and MariaDB, with backticks doubled. */
export function quoteBacktick(identifier: string): string {
  return `\`${identifier.replace(/`/g, '``')}\``;
}

/**
 * Replaces each `?` placeholder with `bind(n)`, leaving alone a `?` inside a quoted literal or
 * identifier: a database named `a?b` is a name, not a parameter.
 */
export function bindPlaceholders(sql: string, bind: (index: number) => string): string {
  let out = '';
  let quote: string | undefined;
  let n = 0;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? bind(n++) : ch;
  }
  return out;
}
