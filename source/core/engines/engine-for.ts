import { NbError } from '../errors.js';
import type { DatabaseEngine } from './dump-spec.js';
import { kingbaseEngine } from './kingbase-engine.js';
import { mssqlEngine } from './mssql-engine.js';
import { mysqlEngine } from './mysql-engine.js';
import { oracleEngine } from './oracle-engine.js';
import { pgEngine } from './pg-engine.js';
import { sqliteEngine } from './sqlite-engine.js';

const ENGINES: Readonly<Record<string, DatabaseEngine>> = {
  postgres: pgEngine,
  mysql: mysqlEngine,
  mariadb: mysqlEngine,
  sqlite: sqliteEngine,
  kingbase: kingbaseEngine,
  mssql: mssqlEngine,
  oracle: oracleEngine,
};

export function engineFor(engine: string): DatabaseEngine {
  const found = ENGINES[engine];
  if (!found) throw new NbError(`dumping ${engine} databases is not available in this version of nbbackup`, 'back it up with the vendor tool meanwhile', 'unsupported');
  return found;
}
