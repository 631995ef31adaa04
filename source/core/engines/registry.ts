import { NbError } from '../errors.js';
import type { DatabaseEngine } from '../stream/dump-spec.js';
import { kingbaseEngine } from './kingbase/kingbase-dump.js';
import { mssqlEngine } from './mssql/mssql-dump.js';
import { mysqlEngine } from './mysql/mysql-dump.js';
import { oracleEngine } from './oracle/oracle-dump.js';
import { pgEngine } from './postgres/pg-dump.js';
import { sqliteEngine } from './sqlite/sqlite-dump.js';

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
