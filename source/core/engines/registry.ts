import type { Engine } from '../db/db-target.js';
import { NbError } from '../errors.js';
import type { DumpFormat } from '../stream/dump-spec.js';
import type { EngineModule } from './engine.js';
import { filesEngine } from './files/files-engine.js';
import { kingbaseEngine } from './kingbase/kingbase-engine.js';
import { mssqlEngine } from './mssql/mssql-engine.js';
import { mysqlEngine } from './mysql/mysql-engine.js';
import { oracleEngine } from './oracle/oracle-engine.js';
import { postgresEngine } from './postgres/postgres-engine.js';
import { sqliteEngine } from './sqlite/sqlite-engine.js';

/** Every engine module: adding an engine is one folder and one line here. */
export const ENGINE_MODULES: readonly EngineModule[] = [postgresEngine, kingbaseEngine, mysqlEngine, sqliteEngine, mssqlEngine, oracleEngine, filesEngine];

/** The module for a database engine name (DB_DIALECT or a data source type). */
export function engineModule(engine: Engine | string): EngineModule {
  const found = ENGINE_MODULES.find((m) => (m.engines as readonly string[]).includes(engine));
  if (!found) throw new NbError(`${engine} databases are not supported by this version of nbbackup`, 'back it up with the vendor tool meanwhile', 'unsupported');
  return found;
}

export function isKnownEngine(engine: string): boolean {
  return ENGINE_MODULES.some((m) => (m.engines as readonly string[]).includes(engine));
}

/** The module that wrote (and so reads and restores) a dump format. */
export function moduleForFormat(format: DumpFormat | string): EngineModule {
  const found = ENGINE_MODULES.find((m) => (m.formats as readonly string[]).includes(format));
  if (!found) throw new NbError(`this set holds a ${format} dump, which this version of nbbackup does not know`, 'use the nbbackup version that made the set', 'unsupported');
  return found;
}

/** The module behind an item: its engine's, or files for folders. */
export function moduleForItem(item: { readonly kind: string; readonly engine?: string }): EngineModule {
  return item.kind === 'database' ? engineModule(item.engine ?? '') : filesEngine;
}
