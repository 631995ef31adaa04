import type { ServerTarget } from '../../db/db-target.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { Rights } from '../check.js';

/** A whole database is restored into a fresh one and renamed: CREATEDB, and owning the database being renamed. */
export async function pgDatabaseRights(c: SqlClient, t: ServerTarget): Promise<Rights> {
  const [r] = await c.rows<{ superuser: boolean; createdb: boolean; owner: boolean }>(
    `select r.rolsuper as superuser, r.rolcreatedb as createdb, pg_has_role(current_user, d.datdba, 'MEMBER') as owner
       from pg_roles r, pg_database d where r.rolname = current_user and d.datname = current_database()`,
  );
  if (r?.superuser) return { ok: true, detail: `${t.user} is a superuser` };
  const missing = [!r?.createdb && 'CREATEDB', !r?.owner && `ownership of ${t.database}`].filter(Boolean);
  return missing.length
    ? { ok: false, detail: `${t.user} lacks ${missing.join(' and ')}`, fix: `as a superuser: ALTER ROLE "${t.user}" CREATEDB; ALTER DATABASE "${t.database}" OWNER TO "${t.user}"` }
    : { ok: true, detail: `${t.user} owns ${t.database} and may create databases` };
}

/** A schema is renamed aside and recreated: CREATE on the database, and owning the schema in place. */
export async function pgSchemaRights(c: SqlClient, t: ServerTarget, schema: string): Promise<Rights> {
  const [r] = await c.rows<{ superuser: boolean; create: boolean; owner: boolean | null }>(
    `select r.rolsuper as superuser, has_database_privilege(current_database(), 'CREATE') as create,
            (select pg_has_role(current_user, n.nspowner, 'MEMBER') from pg_namespace n where n.nspname = ?) as owner
       from pg_roles r where r.rolname = current_user`,
    [schema],
  );
  if (r?.superuser) return { ok: true, detail: `${t.user} is a superuser` };
  const missing = [!r?.create && `CREATE on ${t.database}`, r?.owner === false && `ownership of schema ${schema}`].filter(Boolean);
  return missing.length
    ? { ok: false, detail: `${t.user} lacks ${missing.join(' and ')}`, fix: `as a superuser: GRANT CREATE ON DATABASE "${t.database}" TO "${t.user}"; ALTER SCHEMA "${schema}" OWNER TO "${t.user}"` }
    : { ok: true, detail: `${t.user} may replace schema ${schema}` };
}


/**
 * Tables, views and sequences the target's user cannot read (owned by another role): the safety copy
 * would fail on them after the operator confirmed, so preflight names them first.
 */
export async function pgUnreadable(c: SqlClient, schema?: string): Promise<string[]> {
  const rows = await c.rows<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
        and (?::text is null or n.nspname = ?)
        and not has_table_privilege(c.oid, 'SELECT')
      order by 1 limit 6`,
    [schema ?? null, schema ?? null],
  );
  return rows.map((r) => r.name);
}
