/** Engines NocoBase can keep data in, as the main database or a data source. */
export type Engine = 'postgres' | 'mysql' | 'mariadb' | 'kingbase' | 'mssql' | 'oracle' | 'sqlite';

export const SERVER_ENGINES: readonly Engine[] = ['postgres', 'mysql', 'mariadb', 'kingbase', 'mssql', 'oracle'];

export const DEFAULT_PORTS: Readonly<Record<Exclude<Engine, 'sqlite'>, number>> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
  kingbase: 54321,
  mssql: 1433,
  oracle: 1521,
};

export interface SslOptions {
  readonly mode?: string;
  readonly ca?: string; // file paths, as NocoBase takes them
  readonly key?: string;
  readonly cert?: string;
  readonly rejectUnauthorized?: boolean;
}

/** How to reach a database server that only lives inside a compose network. */
export interface DockerRoute {
  readonly composeFile: string;
  readonly service: string;
}

/** Where one database lives and how to log in. The password never leaves core except into a child's environment. */
export interface ServerTarget {
  readonly engine: Exclude<Engine, 'sqlite'>;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** PostgreSQL/KingbaseES: the schema the item is about (a schema-mode sub-app, or DB_SCHEMA). */
  readonly schema?: string;
  readonly ssl?: SslOptions;
  readonly docker?: DockerRoute;
}

export interface SqliteTarget {
  readonly engine: 'sqlite';
  readonly file: string;
}

export type DbTarget = ServerTarget | SqliteTarget;

export function isEngine(value: string): value is Engine {
  return ['postgres', 'mysql', 'mariadb', 'kingbase', 'mssql', 'oracle', 'sqlite'].includes(value);
}

/** PostgreSQL-family engines share schemas, pg_dump-style tools and the pg wire protocol. */
export function isPgFamily(engine: Engine): engine is 'postgres' | 'kingbase' {
  return engine === 'postgres' || engine === 'kingbase';
}

/** Where a database lives, one way everywhere: `crm.app1 on db:5432`, `crm in service postgres`, or the file. */
export function targetPlace(target: DbTarget): string {
  if (target.engine === 'sqlite') return target.file;
  const name = `${target.database}${target.schema ? `.${target.schema}` : ''}`;
  return target.docker ? `${name} in service ${target.docker.service}` : `${name} on ${target.host}:${target.port}`;
}

/** The place with its engine, for messages that stand alone. */
export function describeTarget(target: DbTarget): string {
  return target.engine === 'sqlite' ? target.file : `${target.engine} ${targetPlace(target)}`;
}
