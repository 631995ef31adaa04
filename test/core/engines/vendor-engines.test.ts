import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerTarget } from '../../../source/core/db/db-target.js';
import { kbpassLine } from '../../../source/core/engines/kingbase/kbpass.js';
import { sqlcmdBackupArgs } from '../../../source/core/engines/mssql/mssql-dump.js';
import { expdpParfile } from '../../../source/core/engines/oracle/oracle-dump.js';
import { pgFingerprint } from '../../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../../support/fixtures.js';
import { pgAdmin } from '../../support/pg-server.js';
import { closedPort } from '../../support/child-env.js';
import { runCli } from '../../support/run-cli.js';
import { HARD_PASSWORD } from '../../support/secrets.js';

const target: ServerTarget = { engine: 'mssql', host: 'sql.local', port: 1433, database: "erp]x", user: 'sa', password: HARD_PASSWORD };

describe('vendor tool command lines', () => {
  it('SQL Server: a copy-only BACKUP through sqlcmd, the password left to SQLCMDPASSWORD', () => {
    const args = sqlcmdBackupArgs(target, "/var/opt/mssql/data/it's.bak");
    expect(args).toEqual(['-S', 'tcp:sql.local,1433', '-U', 'sa', '-d', 'master', '-b', '-C', '-x', '-Q', "BACKUP DATABASE [erp]]x] TO DISK = N'/var/opt/mssql/data/it''s.bak' WITH COPY_ONLY, INIT, FORMAT, CHECKSUM"]);
    expect(args.join(' ')).not.toContain(HARD_PASSWORD);
  });

  it('Oracle: an expdp parameter file holding the login, the password double-quoted so spaces and symbols stay in it', () => {
    const password = HARD_PASSWORD.replace(/"/g, '');
    const par = expdpParfile({ ...target, engine: 'oracle', database: 'ORCLPDB1', user: 'nocobase', port: 1521, password }, 'nbbackup_1');
    expect(par.split('\n')).toEqual([
      `userid=nocobase/"${password}"@//sql.local:1521/ORCLPDB1`,
      'schemas=NOCOBASE',
      'directory=DATA_PUMP_DIR',
      'dumpfile=nbbackup_1.dmp',
      'logfile=nbbackup_1.log',
      'flashback_time=systimestamp',
      'reuse_dumpfiles=yes',
      '',
    ]);
  });

  it('Oracle: refuses a login that would add lines of its own to a parameter file or a CONNECT line', () => {
    const oracle: ServerTarget = { ...target, engine: 'oracle', database: 'ORCLPDB1', user: 'nocobase', port: 1521, password: 'secret' };
    // Oracle passwords cannot hold a double quote; a line break would start a new parameter.
    expect(() => expdpParfile({ ...oracle, password: HARD_PASSWORD }, 'n')).toThrow(/double quote or a control character/);
    expect(() => expdpParfile({ ...oracle, password: 'a\nschemas=SYS' }, 'n')).toThrow(/control character/);
    expect(() => expdpParfile({ ...oracle, user: 'x@evil' }, 'n')).toThrow(/not a plain Oracle name/);
    expect(() => expdpParfile({ ...oracle, host: 'h\nHOST rm' }, 'n')).toThrow(/not a host name/);
    expect(() => expdpParfile({ ...oracle, database: 'svc dir=X' }, 'n')).toThrow(/not a plain service name/);
  });

  it('KingbaseES: a .kbpass line with its separators escaped', () => {
    expect(kbpassLine({ ...target, engine: 'kingbase', host: 'h', port: 54321, database: 'd', user: 'u', password: 'a:b\\c' })).toBe('h:54321:d:u:a\\:b\\\\c');
  });
});

describe('a KingbaseES main database', () => {
  const pg = inject('pg');
  const maria = inject('maria');
  let rich: RichInstall;
  beforeAll(async () => {
    rich = await buildRichInstall(pg, maria);
    writeFileSync(path.join(rich.dir, '.env'), `APP_PORT=${closedPort()}\nDB_DIALECT=kingbase\nDB_HOST=127.0.0.1\nDB_PORT=${pg.port}\nDB_DATABASE=${rich.pgDb}\nDB_USER=${rich.user}\nDB_PASSWORD=\`${HARD_PASSWORD}\`\n`);
  });
  afterAll(async () => {
    await rich?.cleanup();
  });

  it('is dumped with sys_dump, its password only in a private .kbpass', async () => {
    // test/support/bin-kingbase/sys_dump stands in for the vendor tool (see its header).
    const bin = path.resolve(import.meta.dirname, '../../support/bin-kingbase');
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-kb-'));
    mkdirSync(out, { recursive: true });
    const env = { PATH: `${bin}:${process.env.PATH}`, NBTEST_PG_DUMP: path.join(pg.binDir, 'pg_dump'), NBTEST_PG_RESTORE: path.join(pg.binDir, 'pg_restore') };
    const result = await runCli(['backup', '--install', rich.dir, '--items', 'main', '--out', out, '--json'], { env });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const target = `fromkb_${path.basename(out).slice(-6).toLowerCase()}`;
    await pgAdmin(pg, `create database ${target}`);
    const restore = execa(path.join(pg.binDir, 'pg_restore'), ['--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres', '--dbname', target]);
    execa('zstd', ['-d', '-c', path.join(set, 'main.kbdump.zst')]).stdout?.pipe(restore.stdin!);
    await restore;
    expect((await pgFingerprint(pg, target)).tables['public.orders']).toBe((await pgFingerprint(pg, rich.pgDb)).tables['public.orders']);
    await pgAdmin(pg, `drop database ${target} with (force)`);
  });
});
