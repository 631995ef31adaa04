import type { ServerTarget } from '../../db/db-target.js';
import { errorHint, errorLine } from '../../errors.js';
import type { ToolFinder } from '../../process/tool-finder.js';
import type { Rights } from '../check.js';
import { engineOptions } from '../engine-options.js';
import { checkPlaceable } from '../server-side-file.js';
import { DEFAULT_MSSQL_BACKUP_DIR } from './mssql-dump.js';
import { quoteName, quoteString, sqlcmd } from './sqlcmd.js';

/**
 * What the SQL Server step needs, asked before anything is touched: a folder here the server reads the
 * .bak from, and a login that may RESTORE a new database (dbcreator, or CREATE ANY DATABASE) and rename,
 * set SINGLE_USER and at last drop the live one (CONTROL on it, which holds ALTER).
 */
export async function mssqlRestoreRights(t: ServerTarget, tools: ToolFinder): Promise<Rights> {
  const folder = (await engineOptions(undefined)).mssqlBackupDir ?? DEFAULT_MSSQL_BACKUP_DIR;
  try {
    await checkPlaceable(folder, 'mssqlBackupDir', 'SQL Server');
  } catch (error) {
    return { ok: false, detail: errorLine(error), fix: errorHint(error) };
  }
  const sql = await sqlcmd(t, tools);
  const [row] = await sql.rows(
    `SELECT DB_ID(${quoteString(t.database)}), IS_SRVROLEMEMBER('sysadmin'), IS_SRVROLEMEMBER('dbcreator'), HAS_PERMS_BY_NAME(NULL, NULL, 'CREATE ANY DATABASE'), HAS_PERMS_BY_NAME(${quoteString(t.database)}, 'DATABASE', 'CONTROL')`,
  );
  const [id, sysadmin, dbcreator, createAny, control] = row ?? [];
  if (!id || id === 'NULL') return { ok: false, detail: `database ${t.database} does not exist on the server (or ${t.user} cannot see it)`, fix: 'create it (empty) first, or fix the data source settings' };
  if (sysadmin === '1') return { ok: true, detail: `${t.user} is a sysadmin` };
  // dbcreator members may create, alter, drop and restore any database.
  if (dbcreator === '1') return { ok: true, detail: `${t.user} is a member of dbcreator` };
  const missing = [createAny !== '1' && 'CREATE ANY DATABASE', control !== '1' && `CONTROL on ${t.database}`].filter(Boolean);
  return missing.length
    ? { ok: false, detail: `${t.user} lacks ${missing.join(' and ')}`, fix: `as an administrator: ALTER SERVER ROLE [dbcreator] ADD MEMBER ${quoteName(t.user)}` }
    : { ok: true, detail: `${t.user} may create databases and owns ${t.database}` };
}
