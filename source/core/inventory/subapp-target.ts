import path from 'node:path';
import { DEFAULT_PORTS, isEngine, isPgFamily, type DbTarget, type ServerTarget } from '../db/db-target.js';
import type { EnvMap } from '../discover/env-file.js';
import { NbError } from '../errors.js';
import { decryptSecret } from './app-keys.js';

export interface AppRecord {
  readonly name: string;
  readonly displayName?: string;
  readonly options: Record<string, unknown>;
}

/**
 * A sub-app's database, derived the way NocoBase's appOptionsFactory does: a copy of the main
 * settings, then the SQLite file, schema or database named after the app, then the app's own
 * `options.database` deep-merged on top (its own connection).
 */
export function subAppTarget(main: DbTarget, app: AppRecord, env: EnvMap): DbTarget {
  const own = (app.options.database ?? {}) as Record<string, unknown>;
  if (main.engine === 'sqlite') {
    // A connection of its own on a server engine (deep-merged over the SQLite defaults), or a file beside the main one.
    if (typeof own.dialect === 'string' && own.dialect !== 'sqlite' && isEngine(own.dialect)) {
      const engine = own.dialect as ServerTarget['engine'];
      return {
        engine,
        host: str(own.host) ?? 'localhost',
        port: Number(own.port) || DEFAULT_PORTS[engine],
        database: str(own.database) ?? app.name,
        user: str(own.username) ?? str(own.user) ?? '',
        password: ownPassword(app, own, env) ?? '',
        schema: str(own.schema),
      };
    }
    const file = typeof own.storage === 'string' ? own.storage : path.join(path.dirname(main.file), `${app.name}.sqlite`);
    return { engine: 'sqlite', file };
  }
  const connType = app.options.dbConnType;
  let target: ServerTarget = { ...main, schema: undefined };
  if (isPgFamily(main.engine) && (env.USE_DB_SCHEMA_IN_SUBAPP === 'true' || connType === 'new_schema')) {
    target = { ...target, schema: app.name };
  } else if (connType !== 'new_schema') {
    target = { ...target, database: app.name };
  }
  const dialect = typeof own.dialect === 'string' && isEngine(own.dialect) && own.dialect !== 'sqlite' ? own.dialect : target.engine;
  return {
    ...target,
    engine: dialect,
    host: str(own.host) ?? target.host,
    port: own.port !== undefined ? Number(own.port) : target.port,
    database: str(own.database) ?? target.database,
    user: str(own.username) ?? str(own.user) ?? target.user,
    password: ownPassword(app, own, env) ?? target.password,
    schema: str(own.schema) ?? target.schema,
    // A connection of its own leaves the main server's compose route behind.
    docker: own.host !== undefined ? undefined : target.docker,
  };
}

/** `new_connection` apps may keep their password encrypted with APP_SUPERVISOR_AES_SECRET_KEY. */
function ownPassword(app: AppRecord, own: Record<string, unknown>, env: EnvMap): string | undefined {
  const encrypted = typeof app.options.encryptedDbPassword === 'string' ? app.options.encryptedDbPassword : app.options.encryptedDbPassword === true ? str(own.password) : undefined;
  if (encrypted === undefined) return str(own.password);
  if (!env.APP_SUPERVISOR_AES_SECRET_KEY) {
    throw new NbError(`sub-app ${app.name}: its database password is encrypted and APP_SUPERVISOR_AES_SECRET_KEY is not set`, 'set APP_SUPERVISOR_AES_SECRET_KEY as the app has it');
  }
  return decryptSecret(encrypted, Buffer.from(env.APP_SUPERVISOR_AES_SECRET_KEY, 'hex'));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}
