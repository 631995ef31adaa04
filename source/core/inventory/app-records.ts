import type { NamingSettings } from './app-settings.js';
import type { SqlClient } from '../db/sql-client.js';
import type { AppRecord } from './subapp-target.js';
import { column, findTable, jsonColumn, qualified } from './table-names.js';

export interface DataSourceRecord {
  readonly key: string;
  readonly displayName?: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly options: Record<string, unknown>;
}

export interface PluginRecord {
  readonly name: string;
  /** The npm package (`@nocobase/plugin-users`); older rows may lack it. */
  readonly packageName?: string;
  readonly version?: string;
  readonly enabled: boolean;
}

/** What the main database says about itself; `undefined` means the table is not there (plugin never enabled). */
export interface AppRecords {
  readonly dataSources?: DataSourceRecord[];
  readonly applications?: AppRecord[];
  readonly plugins?: PluginRecord[];
  readonly dbVersion?: string;
}

export async function readAppRecords(client: SqlClient, naming: NamingSettings, schema?: string): Promise<AppRecords> {
  const all = async (collection: string) => {
    const table = await findTable(client, collection, naming, schema);
    return table ? client.rows(`select * from ${qualified(client, table)}`) : undefined;
  };
  const [dataSources, applications, plugins, versions] = [
    await all('dataSources'),
    await all('applications'),
    await all('applicationPlugins'),
    await all('applicationVersion'),
  ];
  return {
    dataSources: dataSources?.map((row) => ({
      key: String(column(row, 'key')),
      displayName: column<string>(row, 'displayName') ?? undefined,
      type: String(column(row, 'type') ?? ''),
      enabled: truthy(column(row, 'enabled') ?? true),
      options: jsonColumn(column(row, 'options')),
    })),
    applications: applications?.map((row) => ({
      name: String(column(row, 'name')),
      displayName: column<string>(row, 'displayName') ?? undefined,
      options: jsonColumn(column(row, 'options')),
    })),
    plugins: plugins?.map((row) => ({
      name: String(column(row, 'name')),
      packageName: column<string>(row, 'packageName') ?? undefined,
      version: column<string>(row, 'version') ?? undefined,
      enabled: truthy(column(row, 'enabled')),
    })),
    dbVersion: versions?.length ? String(column(versions[0], 'value') ?? '') || undefined : undefined,
  };
}

/** Booleans arrive as true/false, 1/0 or '1'/'0' depending on the engine. */
function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}
