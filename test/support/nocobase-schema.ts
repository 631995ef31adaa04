import { snakeCase } from '../../source/core/inventory/table-names.js';

export interface NamingFixture {
  readonly underscored?: boolean;
  readonly prefix?: string;
  readonly schema?: string;
}

export interface AppRows {
  readonly version?: string;
  readonly dataSources?: { key: string; displayName: string; type: string; options: object; enabled?: boolean }[];
  readonly applications?: { name: string; displayName?: string; options?: object }[];
  readonly variables?: { name: string; type: 'secret' | 'default'; value: string }[];
  readonly plugins?: { name: string; packageName?: string; version: string; enabled: boolean }[];
}

type Dialect = 'postgres' | 'mysql';

/** The system tables nbbackup reads, shaped as NocoBase creates them, plus a little business data. */
export function nocobaseSchemaSql(dialect: Dialect, naming: NamingFixture, rows: AppRows): string {
  const q = (id: string) => (dialect === 'postgres' ? `"${id}"` : `\`${id}\``);
  const col = (name: string) => q(naming.underscored ? snakeCase(name) : name);
  const table = (name: string) => {
    const t = q(`${naming.prefix ?? ''}${naming.underscored ? snakeCase(name) : name}`);
    return naming.schema && dialect === 'postgres' ? `${q(naming.schema)}.${t}` : t;
  };
  const json = dialect === 'postgres' ? 'jsonb' : 'json';
  const id = dialect === 'postgres' ? 'bigserial primary key' : 'bigint auto_increment primary key';
  const lit = (v: unknown) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : `'${String(v).replace(/'/g, "''")}'`);
  const out: string[] = [];
  if (naming.schema && dialect === 'postgres') out.push(`create schema if not exists ${q(naming.schema)}`);
  out.push(
    `create table ${table('dataSources')} (${col('key')} varchar(255) primary key, ${col('displayName')} varchar(255), ${col('type')} varchar(255), ${col('options')} ${json}, ${col('enabled')} boolean default true, ${col('fixed')} boolean default false)`,
    `create table ${table('applications')} (${col('name')} varchar(255) primary key, ${col('displayName')} varchar(255), ${col('status')} varchar(255), ${col('options')} ${json})`,
    `create table ${table('applicationVersion')} (${col('id')} ${id}, ${col('value')} varchar(255))`,
    `create table ${table('applicationPlugins')} (${col('id')} ${id}, ${col('name')} varchar(255), ${col('packageName')} varchar(255), ${col('version')} varchar(255), ${col('enabled')} boolean)`,
    `create table ${table('environmentVariables')} (${col('name')} varchar(255) primary key, ${col('type')} varchar(255), ${col('value')} text)`,
    `create table ${table('posts')} (${col('id')} ${id}, ${col('title')} varchar(255), ${col('body')} text)`,
  );
  out.push(`insert into ${table('dataSources')} (${col('key')}, ${col('displayName')}, ${col('type')}, ${col('options')}, ${col('enabled')}) values ('main', 'Main', 'main', '{}', true)`);
  for (const ds of rows.dataSources ?? []) {
    out.push(`insert into ${table('dataSources')} (${col('key')}, ${col('displayName')}, ${col('type')}, ${col('options')}, ${col('enabled')}) values (${lit(ds.key)}, ${lit(ds.displayName)}, ${lit(ds.type)}, ${lit(JSON.stringify(ds.options))}, ${lit(ds.enabled ?? true)})`);
  }
  for (const app of rows.applications ?? []) {
    out.push(`insert into ${table('applications')} (${col('name')}, ${col('displayName')}, ${col('status')}, ${col('options')}) values (${lit(app.name)}, ${lit(app.displayName ?? app.name)}, 'running', ${lit(JSON.stringify(app.options ?? {}))})`);
  }
  for (const v of rows.variables ?? []) {
    out.push(`insert into ${table('environmentVariables')} (${col('name')}, ${col('type')}, ${col('value')}) values (${lit(v.name)}, ${lit(v.type)}, ${lit(v.value)})`);
  }
  for (const p of rows.plugins ?? [{ name: 'users', version: rows.version ?? '1.9.3', enabled: true }]) {
    const pkg = p.packageName ?? `@nocobase/plugin-${p.name}`;
    out.push(`insert into ${table('applicationPlugins')} (${col('name')}, ${col('packageName')}, ${col('version')}, ${col('enabled')}) values (${lit(p.name)}, ${lit(pkg)}, ${lit(p.version)}, ${lit(p.enabled)})`);
  }
  if (rows.version) out.push(`insert into ${table('applicationVersion')} (${col('value')}) values (${lit(rows.version)})`);
  out.push(`insert into ${table('posts')} (${col('title')}, ${col('body')}) values ('hello', 'first post'), ('second', 'more text')`);
  return out.map((s) => `${s};`).join('\n');
}
