import type { ServerTarget } from '../db/db-target.js';
import { errorLine } from '../errors.js';
import type { DatabaseItem } from '../inventory/item.js';
import { withClient, type SqlClient } from '../db/sql-client.js';
import type { Check } from './check.js';

type Rights = Omit<Check, 'name'>;

/** Privileges the MySQL/MariaDB step uses: it dumps the database for rollback, empties it, and loads tables, views, routines, triggers and events. */
const MYSQL_NEEDED = ['SELECT', 'SHOW VIEW', 'LOCK TABLES', 'CREATE', 'DROP', 'ALTER', 'INSERT', 'INDEX', 'CREATE VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'TRIGGER', 'EVENT'];

/**
 * Whether the target's own user may do what its restore step does, asked of the server before anything
 * is touched: a missing right found halfway would cost a rollback. Only the engines restored over a connection are asked (SQLite needs no rights).
 */
export async function rightsCheck(item: DatabaseItem, schema?: string): Promise<Check | undefined> {
  const t = item.target;
  if (!t || (t.engine !== 'postgres' && t.engine !== 'mysql' && t.engine !== 'mariadb') || t.docker) return undefined;
  const name = `${item.id} rights`;
  try {
    const rights = await withClient(t, (c) => (t.engine !== 'postgres' ? mysqlRights(c, t) : schema ? pgSchemaRights(c, t, schema) : pgDatabaseRights(c, t)), { connectTimeoutMs: 5000 });
    return { name, ...rights };
  } catch (error) {
    return { name, ok: false, detail: `could not read ${t.user}'s rights: ${errorLine(error)}`, fix: 'check the connection settings of the target' };
  }
}

/** A whole database is restored into a fresh one and renamed: CREATEDB, and owning the database being renamed. */
async function pgDatabaseRights(c: SqlClient, t: ServerTarget): Promise<Rights> {
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
async function pgSchemaRights(c: SqlClient, t: ServerTarget, schema: string): Promise<Rights> {
  const [r] = await c.rows<{ superuser: boolean; create: boolean; owner: boolean | null }>(
    `select r.rolsuper as superuser, has_database_privilege(current_database(), 'CREATE') as create,
            (select pg_has_role(current_user, n.nspowner, 'MEMBER') from pg_namespace n where n.nspname = $1) as owner
       from pg_roles r where r.rolname = current_user`,
    [schema],
  );
  if (r?.superuser) return { ok: true, detail: `${t.user} is a superuser` };
  const missing = [!r?.create && `CREATE on ${t.database}`, r?.owner === false && `ownership of schema ${schema}`].filter(Boolean);
  return missing.length
    ? { ok: false, detail: `${t.user} lacks ${missing.join(' and ')}`, fix: `as a superuser: GRANT CREATE ON DATABASE "${t.database}" TO "${t.user}"; ALTER SCHEMA "${schema}" OWNER TO "${t.user}"` }
    : { ok: true, detail: `${t.user} may replace schema ${schema}` };
}

async function enabledRoles(c: SqlClient): Promise<number> {
  const rows = await c.rows<{ n: number }>('select count(role_name) as n from information_schema.enabled_roles').catch(() => [{ n: 0 }]);
  return Number(rows[0]?.n ?? 0);
}

/** Global and database-level grants of the connected account. */
async function mysqlRights(c: SqlClient, t: ServerTarget): Promise<Rights> {
  const [{ account }] = await c.rows<{ account: string }>('select current_user() as account');
  const at = account.lastIndexOf('@');
  const grantee = `'${account.slice(0, at)}'@'${account.slice(at + 1)}'`;
  const rows = await c.rows<{ privilege: string }>(
    `select privilege_type as privilege from information_schema.user_privileges where grantee = ?
     union select privilege_type from information_schema.schema_privileges where grantee = ? and ? like table_schema`,
    [grantee, grantee, t.database],
  );
  const held = new Set(rows.map((r) => String(r.privilege).toUpperCase()));
  const missing = MYSQL_NEEDED.filter((p) => !held.has(p));
  // Rights granted through roles do not show in these tables: with a role enabled, do not refuse on a guess.
  if (missing.length && (await enabledRoles(c)) > 0) return { ok: true, detail: `${t.user} holds part of its rights through roles; not checked further` };
  return missing.length
    ? { ok: false, detail: `${t.user} lacks ${missing.join(', ')} on ${t.database}`, fix: `as an administrator: GRANT ALL ON \`${t.database}\`.* TO ${grantee} (or grant the role that holds them as its default role)` }
    : { ok: true, detail: `${t.user} may empty and reload ${t.database}` };
}
