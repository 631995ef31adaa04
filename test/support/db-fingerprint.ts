import { execa } from 'execa';
import { mariaAdmin, type MariaDbServerInfo } from './mariadb-server.js';
import { pgAdmin, type PgServerInfo } from './pg-server.js';
import path from 'node:path';

/** Everything that makes two PostgreSQL databases the same: the schema dump and a checksum per table. */
export async function pgFingerprint(pg: PgServerInfo, database: string, schemaOnly?: string): Promise<{ schema: string; tables: Record<string, string>; sequences: Record<string, string>; largeObjects: number }> {
  // Owners and grants are left out: restores run with --no-owner, so the app's own user owns everything.
  const args = ['--schema-only', '--no-owner', '--no-privileges', '--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres', '--dbname', database];
  if (schemaOnly) args.push('--schema', schemaOnly);
  const { stdout } = await execa(path.join(pg.binDir, 'pg_dump'), args);
  // pg_dump's \restrict key is random per run (CVE-2025-8714 hardening).
  const schema = stdout.replace(/^-- Dumped (from|by) .*$/gm, '').replace(/^\\(un)?restrict .*$/gm, '');
  const filter = schemaOnly ? `table_schema = '${schemaOnly}'` : `table_schema not in ('pg_catalog', 'information_schema')`;
  const [{ rows: tables }] = await pgAdmin(pg, `select table_schema || '.' || table_name as t from information_schema.tables where table_type = 'BASE TABLE' and ${filter} order by 1`, database);
  const sums: Record<string, string> = {};
  for (const { t } of tables as { t: string }[]) {
    const [schemaName, table] = t.split('.');
    const [{ rows }] = await pgAdmin(pg, `select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as s from "${schemaName}"."${table}" x`, database);
    sums[t] = rows[0].s;
  }
  const [{ rows: seqs }] = await pgAdmin(pg, `select schemaname || '.' || sequencename as s, coalesce(last_value, 0)::text as v from pg_sequences order by 1`, database);
  const [{ rows: los }] = await pgAdmin(pg, `select count(*)::int as n from pg_largeobject_metadata`, database);
  return { schema, tables: sums, sequences: Object.fromEntries((seqs as { s: string; v: string }[]).map((r) => [r.s, r.v])), largeObjects: los[0].n };
}

/** The same for MariaDB: every object's definition (with the database name taken out) and CHECKSUM TABLE. */
export async function mariaFingerprint(maria: MariaDbServerInfo, database: string): Promise<Record<string, unknown>> {
  const q = async (sql: string) => (await mariaAdmin(maria, sql, database)) as Record<string, unknown>[];
  const tables = await q(`select table_name as n, table_type as t from information_schema.tables where table_schema = database() order by 1`);
  const out: Record<string, unknown> = {};
  for (const { n, t } of tables as { n: string; t: string }[]) {
    const [create] = await q(`show create ${t === 'VIEW' ? 'view' : 'table'} \`${n}\``);
    out[`create:${n}`] = String(create['Create Table'] ?? create['Create View']).replace(/ AUTO_INCREMENT=\d+/, '');
    if (t !== 'VIEW') out[`checksum:${n}`] = (await q(`checksum table \`${n}\``))[0].Checksum;
  }
  for (const r of await q(`select routine_type, routine_name, routine_definition, dtd_identifier from information_schema.routines where routine_schema = database() order by 2`)) out[`routine:${r.routine_name}`] = r;
  for (const r of await q(`select trigger_name, action_timing, event_manipulation, action_statement from information_schema.triggers where trigger_schema = database() order by 1`)) out[`trigger:${r.trigger_name}`] = r;
  for (const r of await q(`select event_name, event_definition, interval_value, interval_field, starts, status from information_schema.events where event_schema = database() order by 1`)) out[`event:${r.event_name}`] = { ...r, starts: String(r.starts) };
  return JSON.parse(JSON.stringify(out).replaceAll(`\`${database}\``, '`DB`'));
}
