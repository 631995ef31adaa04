import { stat } from 'node:fs/promises';
import { tcpOpen } from '../process/tcp-probe.js';
import { classifyDbError, type StatusVerdict } from '../db/db-status.js';
import { isMysqlFamily, isPgFamily, type DbTarget, type ServerTarget } from '../db/db-target.js';
import { dockerSqlClient } from '../db/docker-sql-client.js';
import { withClient, type SqlClient } from '../db/sql-client.js';
import { DUMP_TOOLS, INSTALL_HINTS, type ToolFinder } from '../process/tool-finder.js';

export interface ProbeResult {
  readonly verdict?: StatusVerdict;
  readonly sizeBytes?: number;
  readonly serverVersion?: string;
}

/** Can this database be dumped from here, and how big is it? Every failure becomes a status, never a throw. */
export async function probeDatabase(target: DbTarget, tools: ToolFinder, offline: boolean): Promise<ProbeResult> {
  const tool = await tools.first(target.engine !== 'sqlite' && target.docker ? ['docker'] : DUMP_TOOLS[target.engine]);
  if (target.engine === 'sqlite') {
    const size = await sqliteSize(target.file);
    if (size === undefined) return { verdict: { status: 'not-found', reason: `SQLite file ${target.file} does not exist`, hint: 'check DB_STORAGE' } };
    // Without the CLI the engine copies files nothing has open (SQLite in WebAssembly); it says so when it cannot.
    return { sizeBytes: size };
  }
  if (offline) return tool ? {} : { verdict: missingTool(target) };
  if (target.docker) {
    if (!tool) return { verdict: missingTool(target) };
    if (!isPgFamily(target.engine) && !isMysqlFamily(target.engine)) {
      return { verdict: { status: 'unsupported', reason: `${target.engine} inside a compose service is not reachable from here`, hint: 'publish its port in the compose file' } };
    }
    try {
      return await measure(dockerSqlClient(target, tool), target);
    } catch (error) {
      const verdict = classifyDbError(error, target);
      return { verdict: { ...verdict, reason: `${verdict.reason} (inside compose service ${target.docker.service})` } };
    }
  }
  if (!isPgFamily(target.engine) && !isMysqlFamily(target.engine)) {
    // No pure-JS driver for MSSQL/Oracle here: a TCP check says whether the server answers at all.
    const open = await tcpOpen(target.host, target.port, 3000);
    if (!open) return { verdict: { status: 'unreachable', reason: `no answer from ${target.host}:${target.port}`, hint: `start the ${target.engine} server or check host and port` } };
    return tool ? {} : { verdict: missingTool(target) };
  }
  let result: ProbeResult;
  try {
    result = await withClient(target, (client) => measure(client, target));
  } catch (error) {
    return { verdict: classifyDbError(error, target) };
  }
  return tool ? result : { ...result, verdict: missingTool(target) };
}

export function missingTool(target: DbTarget): StatusVerdict {
  const names = target.engine !== 'sqlite' && target.docker ? ['docker'] : DUMP_TOOLS[target.engine];
  return { status: 'missing-tool', reason: `${names.join(' or ')} not found on this machine`, hint: INSTALL_HINTS[target.engine] };
}

async function measure(client: SqlClient, target: ServerTarget): Promise<ProbeResult> {
  if (isPgFamily(target.engine)) {
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
  const [row] = await client.rows<{ size: string; version: string }>(
    `select (select coalesce(sum(data_length + index_length), 0) from information_schema.tables where table_schema = database()) as size, version() as version`,
  );
  return { sizeBytes: Number(row.size), serverVersion: row.version };
}

async function sqliteSize(file: string): Promise<number | undefined> {
  const main = await stat(file).catch(() => undefined);
  if (!main?.isFile()) return undefined;
  const wal = await stat(`${file}-wal`).catch(() => undefined);
  return main.size + (wal?.size ?? 0);
}
