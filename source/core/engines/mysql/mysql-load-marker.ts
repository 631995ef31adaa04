import type { ServerTarget } from '../../db/db-target.js';
import type { SqlClient } from '../../db/sql-client.js';
import { withMysql } from './mysql-client.js';

/**
 * MySQL cannot rename a database, so its reload (empty it, load the dump) is not atomic: a SIGKILL or
 * a power cut in the middle leaves it part-loaded. While a reload runs, this table in the database says
 * so; it is dropped only once the database holds a whole dump again. Found later, it names the run.
 */
export const MARKER_TABLE = 'nbbackup_unfinished_restore';

export interface UnfinishedLoad {
  /** When the stopped reload began (UTC, ISO 8601). */
  readonly started: string;
  /** The work folder beside the install that holds that run's rollback dump. */
  readonly workFolder: string;
}

/** Marks the database as being reloaded (before it is emptied): one row per run, all kept until a whole load clears them. */
export async function markLoading(target: ServerTarget, workFolder: string): Promise<void> {
  await withMysql(target, async (c) => {
    await c.rows(`create table if not exists ${c.quote(MARKER_TABLE)} (started varchar(32) not null, work_folder text not null)`);
    await c.rows(`insert into ${c.quote(MARKER_TABLE)} (started, work_folder) values (?, ?)`, [new Date().toISOString(), workFolder]);
  });
}

/** The database holds a whole dump again. */
export async function clearMarker(target: ServerTarget): Promise<void> {
  await withMysql(target, (c) => c.rows(`drop table if exists ${c.quote(MARKER_TABLE)}`));
}

/** The reloads stopped midway in this database, oldest first; none when it was always loaded whole. */
export async function unfinishedLoads(c: SqlClient): Promise<UnfinishedLoad[]> {
  const [{ n }] = await c.rows<{ n: number }>('select count(*) as n from information_schema.tables where table_schema = database() and table_name = ?', [MARKER_TABLE]);
  if (!Number(n)) return [];
  const rows = await c.rows<{ started: string; work_folder: string }>(`select started, work_folder from ${c.quote(MARKER_TABLE)} order by started`);
  return rows.map((r) => ({ started: String(r.started), workFolder: String(r.work_folder) }));
}

/** What the next restore and backup say first about a database a reload left part-loaded. */
export function unfinishedLoadProblem(database: string, loads: readonly UnfinishedLoad[]): { detail: string; fix: string } | undefined {
  const first = loads[0];
  if (!first) return undefined;
  return {
    detail: `${database} may be part-loaded: a restore that began reloading it at ${first.started} was stopped before it finished (its rollback dump: ${first.workFolder})`,
    fix: `look at ${database} first; to make it whole again, drop the table ${MARKER_TABLE} in it and restore again (the safety set that run made, or a set of your choice), or load that rollback dump by hand`,
  };
}
