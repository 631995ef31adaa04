import { describe, expect, it } from 'vitest';
import type { ServerTarget } from '../../../source/core/db/db-target.js';
import { movesFor, parseFileList, restoreStatement, serverJoin } from '../../../source/core/engines/mssql/mssql-file-list.js';
import { mssqlLoginProblem, serverMessage } from '../../../source/core/engines/mssql/sqlcmd.js';
import { impdpParfile } from '../../../source/core/engines/oracle/oracle-import.js';
import { oracleLogin } from '../../../source/core/engines/oracle/oracle-login.js';

const mssql: ServerTarget = { engine: 'mssql', host: 'sql.local', port: 1433, database: 'erp', user: 'sa', password: 'pw' };
const row = (logical: string, type: string, fileId: number) => [logical, `/var/opt/mssql/data/${logical}.x`, type, 'PRIMARY', '8388608', '0', String(fileId), ...Array(15).fill('0')];

describe('SQL Server restore statements', () => {
  it('reads the logical names from RESTORE FILELISTONLY and moves each file under a name made here', () => {
    const files = parseFileList([row("erp]'x", 'D', 1), row('erp_log', 'L', 2), row('erp_2', 'D', 3)]);
    const moves = movesFor(files, { data: '/var/opt/mssql/data/', log: '/var/opt/mssql/log' }, 'nbbackup_1_ab');
    expect(moves).toEqual([
      { logical: "erp]'x", physical: '/var/opt/mssql/data/nbbackup_1_ab_1.mdf' },
      { logical: 'erp_log', physical: '/var/opt/mssql/log/nbbackup_1_ab_2.ldf' },
      { logical: 'erp_2', physical: '/var/opt/mssql/data/nbbackup_1_ab_3.ndf' },
    ]);
    expect(restoreStatement("erp]'x_nbr_1", "/srv/it's.bak", moves.slice(0, 2))).toBe(
      "RESTORE DATABASE [erp]]'x_nbr_1] FROM DISK = N'/srv/it''s.bak' WITH CHECKSUM, MOVE N'erp]''x' TO N'/var/opt/mssql/data/nbbackup_1_ab_1.mdf', MOVE N'erp_log' TO N'/var/opt/mssql/log/nbbackup_1_ab_2.ldf'",
    );
    expect(serverJoin('C:\\Program Files\\MSSQL\\DATA\\', 'a.mdf')).toBe('C:\\Program Files\\MSSQL\\DATA\\a.mdf');
  });

  it('refuses a file list a `|` in a name has shifted, rather than move the wrong file', () => {
    expect(() => parseFileList([['erp', ...row('a', 'D', 1)], row('erp_log', 'L', 2)])).toThrow(/could not read the file list/);
    expect(() => parseFileList([])).toThrow(/could not read the file list/);
  });

  it('refuses logins that would break sqlcmd: a line break, a leading dash', () => {
    expect(mssqlLoginProblem(mssql)).toBeUndefined();
    expect(mssqlLoginProblem({ ...mssql, database: 'erp\nGO' })).toMatch(/control character/);
    expect(mssqlLoginProblem({ ...mssql, user: '-Q' })).toMatch(/would read as a sqlcmd option/);
  });

  it("tells SQL Server's own reason, not the generic 3013 trailer", () => {
    const out = 'Msg 3201, Level 16, State 2, Server x, Line 1\nCannot open backup device.\nMsg 3013, Level 16, State 1, Server x, Line 1\nRESTORE DATABASE is terminating abnormally.';
    expect(serverMessage(out)).toBe('Cannot open backup device.');
  });
});

describe('Oracle import parameters', () => {
  it('imports the login’s own schema from DATA_PUMP_DIR, the password double-quoted', () => {
    const t: ServerTarget = { engine: 'oracle', host: 'db', port: 1521, database: 'ORCLPDB1', user: 'nocobase', password: "p@ss w'rd$1&x" };
    expect(oracleLogin(t)).toBe(`nocobase/"p@ss w'rd$1&x"@//db:1521/ORCLPDB1`);
    expect(impdpParfile(t, 'nbrestore_1').split('\n')).toEqual([`userid=nocobase/"p@ss w'rd$1&x"@//db:1521/ORCLPDB1`, 'schemas=NOCOBASE', 'directory=DATA_PUMP_DIR', 'dumpfile=nbrestore_1.dmp', 'logfile=nbrestore_1.log', '']);
  });
});
