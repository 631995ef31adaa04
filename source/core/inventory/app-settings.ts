import path from 'node:path';
import { hostPathFor, serviceByHost } from '../discover/compose-file.js';
import { DEFAULT_PORTS, isEngine, type DbTarget, type ServerTarget, type SslOptions } from '../db/db-target.js';
import type { EnvMap } from '../discover/env-file.js';
import { NbError } from '../errors.js';
import type { Install } from '../discover/install.js';

/** Settings NocoBase's own migration tools require to match between a backup and its restore target. */
export const MUST_MATCH = ['DB_DIALECT', 'DB_UNDERSCORED', 'DB_TABLE_PREFIX', 'DB_SCHEMA', 'USE_DB_SCHEMA_IN_SUBAPP'] as const;

/** Non-secret settings every manifest records: those that must match, and those worth knowing at restore. */
export const RECORDED_SETTINGS: readonly string[] = [...MUST_MATCH, 'COLLECTION_MANAGER_SCHEMA', 'DB_TIMEZONE'];

/** The settings that decide table names, read as NocoBase reads them. */
export interface NamingSettings {
  readonly dialect: string;
  readonly underscored: boolean;
  readonly tablePrefix: string;
  readonly schema?: string;
  readonly useDbSchemaInSubapp: boolean;
}

export function namingSettings(env: EnvMap): NamingSettings {
  return {
    dialect: env.DB_DIALECT ?? '',
    underscored: env.DB_UNDERSCORED === 'true',
    tablePrefix: env.DB_TABLE_PREFIX ?? '',
    schema: env.DB_SCHEMA || undefined,
    useDbSchemaInSubapp: env.USE_DB_SCHEMA_IN_SUBAPP === 'true',
  };
}

/** The main database of an install, as NocoBase's database helpers build it from the environment. */
export function mainTarget(install: Install): DbTarget {
  const env = install.env;
  const dialect = env.DB_DIALECT;
  if (!dialect) throw new NbError('DB_DIALECT is not set', `set DB_DIALECT in ${install.envFile ?? 'the app environment'}`, 'unsupported');
  if (!isEngine(dialect) || dialect === 'mssql' || dialect === 'oracle') {
    throw new NbError(`unknown DB_DIALECT "${dialect}"`, 'NocoBase supports postgres, mysql, mariadb, kingbase and sqlite', 'unsupported');
  }
  if (dialect === 'sqlite') {
    return { engine: 'sqlite', file: appPath(install, env.DB_STORAGE || 'storage/db/nocobase.sqlite') };
  }
  const base = {
    engine: dialect,
    host: env.DB_HOST || 'localhost',
    port: Number(env.DB_PORT) || DEFAULT_PORTS[dialect],
    database: env.DB_DATABASE ?? '',
    user: env.DB_USER ?? '',
    password: env.DB_PASSWORD ?? '',
    schema: isPgDialect(dialect) ? env.DB_SCHEMA || undefined : undefined,
    ssl: sslOptions(install, env),
  } satisfies ServerTarget;
  return routeThroughCompose(install, base);
}

/**
 * A database host named after a sibling compose service is reachable from the host only through a
 * published port; without one, tools must run inside that service's container.
 */
export function routeThroughCompose(install: Install, target: ServerTarget): ServerTarget {
  const project = install.compose?.project;
  if (!project) return target;
  const service = serviceByHost(project, target.host);
  if (!service) return target;
  const published = service.ports.find((p) => p.target === target.port && p.published !== undefined);
  if (published?.published !== undefined) {
    const hostIp = published.hostIp && published.hostIp !== '0.0.0.0' && published.hostIp !== '::' ? published.hostIp : '127.0.0.1';
    return { ...target, host: hostIp, port: published.published };
  }
  return { ...target, docker: { composeFile: project.file, service: service.name } };
}

/** A path as the app sees it (relative to its root, or inside the container), as a host path. */
export function appPath(install: Install, value: string): string {
  if (install.compose) {
    const service = install.compose.project.services.find((s) => s.name === install.compose?.service);
    const mapped = service && hostPathFor(service, value);
    if (mapped) return mapped;
    return path.resolve(install.path, value.replace(/^\/app\/nocobase\/?/, ''));
  }
  return path.resolve(install.path, value);
}

function isPgDialect(dialect: string): boolean {
  return dialect === 'postgres' || dialect === 'kingbase';
}

function sslOptions(install: Install, env: EnvMap): SslOptions | undefined {
  const mode = env.DB_DIALECT_OPTIONS_SSL_MODE;
  const ca = env.DB_DIALECT_OPTIONS_SSL_CA;
  const key = env.DB_DIALECT_OPTIONS_SSL_KEY;
  const cert = env.DB_DIALECT_OPTIONS_SSL_CERT;
  const reject = env.DB_DIALECT_OPTIONS_SSL_REJECT_UNAUTHORIZED;
  if (!mode && !ca && !key && !cert && reject === undefined) return undefined;
  return {
    mode,
    ca: ca ? appPath(install, ca) : undefined,
    key: key ? appPath(install, key) : undefined,
    cert: cert ? appPath(install, cert) : undefined,
    rejectUnauthorized: reject === undefined ? undefined : reject === 'true',
  };
}
