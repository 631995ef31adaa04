import type { ServerTarget } from '../../db/db-target.js';
import { errorHint, errorLine } from '../../errors.js';
import type { ToolFinder } from '../../process/tool-finder.js';
import type { Rights } from '../check.js';
import { engineOptions } from '../engine-options.js';
import { checkPlaceable } from '../server-side-file.js';
import { ORACLE_HINT, oracleDumpDir } from './oracle-dump.js';
import { runSqlplus } from './oracle-sqlplus.js';

/** System privileges a schema-mode import of NocoBase's tables needs in the login's own schema. */
const NEEDED = ['CREATE SESSION', 'CREATE TABLE', 'CREATE SEQUENCE'];

/** What the login holds: system privileges (through roles too), its grants on DATA_PUMP_DIR, its quota on its default tablespace. */
export const RIGHTS_QUERIES = `
SELECT 'priv:' || privilege FROM session_privs;
SELECT 'dir:' || privilege FROM all_tab_privs WHERE table_name = 'DATA_PUMP_DIR';
SELECT 'quota:' || q.max_bytes FROM user_ts_quotas q JOIN user_users u ON q.tablespace_name = u.default_tablespace;`;

/**
 * Asked before anything is touched: a folder here behind DATA_PUMP_DIR, then through sqlplus whether the
 * login may connect, create tables and sequences, read and write DATA_PUMP_DIR and fill its tablespace.
 * Views, procedures or triggers in the export need their own CREATE privileges: impdp names a missing one,
 * and the step then puts the schema back.
 */
export async function oracleRestoreRights(t: ServerTarget, tools: ToolFinder): Promise<Rights> {
  try {
    await checkPlaceable(oracleDumpDir(await engineOptions(undefined)), 'oracleDumpDir', 'Oracle');
  } catch (error) {
    return { ok: false, detail: errorLine(error), fix: errorHint(error) };
  }
  // The step empties the schema with sqlplus and takes its rollback copy with expdp, beside impdp.
  for (const tool of ['sqlplus', 'expdp']) if (!(await tools.first([tool]))) return { ok: false, detail: `${tool} not found on this machine`, fix: ORACLE_HINT };
  const lines = await runSqlplus(t, tools, RIGHTS_QUERIES);
  const values = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const privs = new Set(values('priv:'));
  const dir = new Set(values('dir:'));
  const quota = privs.has('UNLIMITED TABLESPACE') || values('quota:').some((q) => q === '-1' || Number(q) > 0);
  const missing = [...NEEDED.filter((p) => !privs.has(p)), ...['READ', 'WRITE'].filter((p) => !dir.has(p)).map((p) => `${p} on DATA_PUMP_DIR`), ...(quota ? [] : ['a quota on its default tablespace'])];
  const user = t.user.toUpperCase();
  return missing.length
    ? { ok: false, detail: `${user} lacks ${missing.join(', ')}`, fix: `as a DBA: GRANT CREATE SESSION, CREATE TABLE, CREATE SEQUENCE TO ${user}; GRANT READ, WRITE ON DIRECTORY DATA_PUMP_DIR TO ${user}; ALTER USER ${user} QUOTA UNLIMITED ON <its tablespace>` }
    : { ok: true, detail: `${user} may empty and re-import its own schema through DATA_PUMP_DIR` };
}
