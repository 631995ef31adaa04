import { DEFAULT_PORTS, SERVER_ENGINES, type ServerTarget } from '../db/db-target.js';
import type { DataSourceRecord } from './app-records.js';
import { hasTemplate } from './env-variables.js';
import { NbError } from '../errors.js';

/** Data source types that are not databases at all, and what to tell the operator about them. */
const NOT_DATABASES: Readonly<Record<string, string>> = {
  http: 'a REST API source keeps no data of its own to back up',
  'rest-api': 'a REST API source keeps no data of its own to back up',
  api: 'a REST API source keeps no data of its own to back up',
};

export function isDumpableType(type: string): type is ServerTarget['engine'] {
  return (SERVER_ENGINES as readonly string[]).includes(type);
}

export function notDumpableReason(type: string): string {
  return NOT_DATABASES[type] ?? `data source type "${type}" is not one this tool can dump (postgres, mysql, mariadb, mssql, oracle, kingbase)`;
}

/** The external database a data source points at, with `{{$env.NAME}}` values resolved by `resolve`. */
export async function dataSourceTarget(ds: DataSourceRecord, resolve: (value: string) => Promise<string>): Promise<ServerTarget> {
  if (!isDumpableType(ds.type)) throw new NbError(notDumpableReason(ds.type), undefined, 'unsupported');
  const option = async (name: string): Promise<string | undefined> => {
    const value = ds.options[name];
    if (value === undefined || value === null || value === '') return undefined;
    return hasTemplate(value) ? resolve(value) : String(value);
  };
  const port = await option('port');
  const ssl = ds.options.ssl;
  return {
    engine: ds.type,
    host: (await option('host')) ?? 'localhost',
    port: port ? Number(port) : DEFAULT_PORTS[ds.type],
    database: (await option('database')) ?? '',
    user: (await option('username')) ?? (await option('user')) ?? '',
    password: (await option('password')) ?? '',
    schema: ds.type === 'postgres' || ds.type === 'kingbase' ? await option('schema') : undefined,
    ssl: ssl && typeof ssl === 'object' ? { mode: 'require', ...(ssl as object) } : ssl === true ? { mode: 'require' } : undefined,
  };
}
