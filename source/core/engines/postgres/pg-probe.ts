import type { ServerTarget } from '../../db/db-target.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { ProbeResult } from '../engine.js';

/** Size and version of a database, or of one schema in it (a schema-mode sub-app). */
export async function pgMeasure(client: SqlClient, target: ServerTarget): Promise<ProbeResult> {
  const [row] = target.schema
    ? await client.rows<{ size: string; version: string; present: boolean }>(
        `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as size, current_setting('server_version') as version,
                exists(select 1 from pg_namespace where nspname = ?) as present
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = ? and c.relkind in ('r', 'm', 'p')`,
        [target.schema, target.schema],
      )
    : await client.rows<{ size: string; version: string; present: boolean }>(
        `select pg_database_size(current_database()) as size, current_setting('server_version') as version, true as present`,
      );
  if (!row.present) {
    return { verdict: { status: 'not-found', reason: `schema ${target.schema} does not exist in database ${target.database}`, hint: 'the sub-app may never have started' }, serverVersion: row.version };
  }
  return { sizeBytes: Number(row.size), serverVersion: row.version };
}
