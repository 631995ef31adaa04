import type { ServerTarget } from '../../db/db-target.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { Rights } from '../check.js';

/** Privileges the MySQL/MariaDB step uses: it dumps the database for rollback, empties it, and loads tables, views, routines, triggers and events. */
const MYSQL_NEEDED = ['SELECT', 'SHOW VIEW', 'LOCK TABLES', 'CREATE', 'DROP', 'ALTER', 'INSERT', 'INDEX', 'CREATE VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'TRIGGER', 'EVENT'];

async function enabledRoles(c: SqlClient): Promise<number> {
  const rows = await c.rows<{ n: number }>('select count(role_name) as n from information_schema.enabled_roles').catch(() => [{ n: 0 }]);
  return Number(rows[0]?.n ?? 0);
}

/** Global and database-level grants of the connected account. */
export async function mysqlRights(c: SqlClient, t: ServerTarget): Promise<Rights> {
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
