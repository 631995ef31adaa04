import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configFile, installWithSources, listener, seedMssqlDatabase, type SourceRow, type VendorInstall } from '../core/engines/vendor-fixtures.js';
import { pgAdmin, startPostgres, stopPostgres, type PgServerInfo } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';

/**
 * The names of hostile-names.test.ts (which covers PostgreSQL and MariaDB), typed by an app admin into
 * KingbaseES, SQL Server and Oracle data sources and driven through the stand-ins (test/support/bin-*):
 * each is probed, dumped, checked for rights and restored as the very database it names — never an
 * option, a connection string, a way out of a quoted identifier or a parameter file line — or refused
 * at once with one line saying why.
 */
const HOSTILE = ['a=b host=127.0.0.2 port=1 dbname=x', '-x', '--all-databases', '*', 'a?b', `it's "q"`, 'back\\slash', 'line\nbreak', `${'ä'.repeat(31)}x`, '..'];
const SUPPORT = path.resolve(import.meta.dirname, '../support');
const pg = inject('pg');
// Oracle passwords cannot hold a double quote.
const ORACLE_PASSWORD = HARD_PASSWORD.replace(/"/g, '');
const CONTROL = /control character/;

interface Row {
  readonly id: string;
  readonly name: string;
  /** Why nbbackup refuses it, when it does. */
  readonly refused?: RegExp;
}

// KingbaseES: a database name only ever goes inside libpq's quoted dbname='…' (and .kbpass names no database).
const KINGBASE: Row[] = [...HOSTILE.map((name, i) => ({ id: `external:kb${i}`, name })), { id: 'external:kbuser', name: 'line\nbreak', refused: /\.kbpass, one login a line/ }];
// SQL Server: names only inside [ ] and N' ' of a -Q statement; a line break would end sqlcmd's batch.
const MSSQL: Row[] = [...HOSTILE.map((name, i) => ({ id: `external:ms${i}`, name, refused: name.includes('\n') ? CONTROL : undefined })), { id: 'external:msuser', name: '-x', refused: /would read as a sqlcmd option/ }];
// Oracle: service names and users go into parameter files and CONNECT lines; only plain ones pass.
const ORACLE_SERVICES = new Set(['-x', '--all-databases', '..']);
const ORACLE: Row[] = [
  ...HOSTILE.map((name, i) => ({ id: `external:or${i}`, name, refused: ORACLE_SERVICES.has(name) ? undefined : /is not a plain service name/ })),
  ...HOSTILE.map((name, i) => ({ id: `external:oruser${i}`, name, refused: /is not a plain Oracle name/ })),
];
const ROWS = [...KINGBASE, ...MSSQL, ...ORACLE];
const taken = (rows: readonly Row[]) => rows.filter((r) => !r.refused);

let kbPg: PgServerInfo;
let install: VendorInstall;
let port: Awaited<ReturnType<typeof listener>>;
let state: string;
let config: string;
const kbArgv = () => path.join(state, 'kb-argv.log');
const msState = () => path.join(state, 'mssql');
const oraState = () => path.join(state, 'oracle');
const shared = () => path.join(state, 'mssql-shared');
const dumpDir = () => path.join(state, 'oracle-dpdir');
const env = () => ({
  PATH: `${SUPPORT}/bin-kingbase:${SUPPORT}/bin-mssql:${SUPPORT}/bin-oracle:${process.env.PATH}`,
  NBTEST_PG_DUMP: path.join(kbPg.binDir, 'pg_dump'),
  NBTEST_PG_RESTORE: path.join(kbPg.binDir, 'pg_restore'),
  NBTEST_ARGV_LOG: kbArgv(),
  NBTEST_MSSQL_STATE: msState(),
  NBTEST_MSSQL_PASSWORD: HARD_PASSWORD,
  NBTEST_ORACLE_STATE: oraState(),
  NBTEST_ORACLE_DUMP_DIR: dumpDir(),
  NBTEST_ORACLE_PASSWORD: ORACLE_PASSWORD,
  NBBACKUP_CONFIG: config,
});
const pgq = (n: string) => `"${n.replace(/"/g, '""')}"`;
const lit = (n: string) => `'${n.replace(/'/g, "''")}'`;
const msFile = (name: string) => path.join(msState(), 'databases', `${encodeURIComponent(name)}.json`);
const oraFile = (i: number) => path.join(oraState(), 'schemas', `SVC${i}.json`);
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** What each taken name's database holds: its own name as written at the start, or 'changed'. */
async function contents(): Promise<string[]> {
  const out: string[] = [];
  for (const r of taken(KINGBASE)) out.push(String((await pgAdmin(kbPg, 'select x from marker', r.name))[0].rows[0].x));
  for (const r of taken(MSSQL)) out.push(JSON.parse(readFileSync(msFile(r.name), 'utf8')).content.marker);
  for (const r of taken(ORACLE)) out.push(JSON.parse(readFileSync(oraFile(ORACLE.indexOf(r)), 'utf8')).objects['TABLE MARKER']);
  return out;
}

async function changeAll(): Promise<void> {
  for (const r of taken(KINGBASE)) await pgAdmin(kbPg, `update marker set x = 'changed'`, r.name);
  for (const r of taken(MSSQL)) seedMssqlDatabase(msState(), r.name, { marker: 'changed', late: [] });
  for (const r of taken(ORACLE)) writeFileSync(oraFile(ORACLE.indexOf(r)), JSON.stringify({ objects: { 'TABLE MARKER': 'changed', 'TABLE LATE': [] } }));
}

beforeAll(async () => {
  // KingbaseES is played by a PostgreSQL of this file's own: the names are the same ones
  // hostile-names.test.ts makes on the shared server, and its `test` database is the one nbbackup renames from.
  kbPg = await startPostgres('nbtest-kbpg-');
  await pgAdmin(kbPg, `create role kbuser login createdb password ${lit(HARD_PASSWORD)}`);
  await pgAdmin(kbPg, 'create database test');
  for (const r of taken(KINGBASE)) {
    await pgAdmin(kbPg, `create database ${pgq(r.name)} owner kbuser`);
    await pgAdmin(kbPg, `set role kbuser; create table marker (x text); insert into marker values (${lit(r.name)})`, r.name);
  }
  state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-vnames-'));
  for (const dir of [shared(), dumpDir(), path.join(oraState(), 'schemas')]) mkdirSync(dir, { recursive: true });
  config = configFile(state, { mssqlBackupDir: shared(), oracleDumpDir: dumpDir() });
  for (const name of HOSTILE) seedMssqlDatabase(msState(), name, { marker: name });
  for (const r of taken(ORACLE)) writeFileSync(oraFile(ORACLE.indexOf(r)), JSON.stringify({ objects: { 'TABLE MARKER': r.name } }));
  port = await listener();
  const source = (key: string, type: string, options: Record<string, unknown>): SourceRow => ({ key, type, options: { host: '127.0.0.1', ...options } });
  install = await installWithSources(pg, [
    ...KINGBASE.map((r) => source(r.id.slice(9), 'kingbase', r.id.endsWith('user') ? { port: kbPg.port, database: 'kbplain', username: r.name, password: HARD_PASSWORD } : { port: kbPg.port, database: r.name, username: 'kbuser', password: HARD_PASSWORD })),
    ...MSSQL.map((r) => source(r.id.slice(9), 'mssql', r.id.endsWith('user') ? { port: port.port, database: 'plain', username: r.name, password: HARD_PASSWORD } : { port: port.port, database: r.name, username: 'sa', password: HARD_PASSWORD })),
    ...ORACLE.map((r, i) => source(r.id.slice(9), 'oracle', r.id.includes('user') ? { port: port.port, database: 'ORCLPDB1', username: r.name, password: ORACLE_PASSWORD } : { port: port.port, database: r.name, username: `svc${i}`, password: ORACLE_PASSWORD })),
  ]);
});
afterAll(async () => {
  await install?.cleanup();
  await port?.close();
  if (kbPg) await stopPostgres(kbPg);
  if (state) rmSync(state, { recursive: true, force: true });
});

describe('hostile names in KingbaseES, SQL Server and Oracle data sources', () => {
  it('are probed as names, or refused at once with one line saying why', async () => {
    const scan = await runCli(['scan', install.dir, '--json'], { env: env() });
    expect(scan.exitCode, String(scan.stderr)).toBe(0);
    const items = Object.fromEntries(JSON.parse(String(scan.stdout)).installs[0].items.map((i: { id: string }) => [i.id, i]));
    for (const row of ROWS) {
      if (!row.refused) expect(items[row.id], `${row.id} ${JSON.stringify(row.name)}`).toMatchObject({ status: 'ok' });
      else {
        expect(items[row.id], `${row.id} ${JSON.stringify(row.name)}`).toMatchObject({ status: 'unsupported', reason: expect.stringMatching(row.refused) });
        expect(items[row.id].reason).not.toMatch(/\n/);
      }
    }
  });

  it('are dumped, checked for rights and restored as the very databases they name; the tools see them only as names', async () => {
    const out = mkdtempSync(path.join(state, 'sets-'));
    const backup = await runCli(['backup', '--install', install.dir, '--items', ROWS.map((r) => r.id).join(','), '--out', out, '--json'], { env: env() });
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const report = JSON.parse(String(backup.stdout));
    const status = Object.fromEntries(report.items.map((i: { id: string; status: string; reason?: string }) => [i.id, i]));
    for (const row of ROWS) expect(status[row.id], row.id).toMatchObject(row.refused ? { status: 'skipped', reason: expect.stringMatching(row.refused) } : { status: 'ok' });

    // KingbaseES: each name reached sys_dump once, inside dbname='…' with its quotes escaped, never as an argument of its own.
    const dumps = lines(kbArgv()).filter((l) => l.tool === 'sys_dump' && l.argv[0] !== '--version').map((l) => l.argv as string[]);
    const dbnames = dumps.map((argv) => /^dbname='((?:[^'\\]|\\.)*)'$/.exec(argv.find((a) => a.startsWith('--dbname='))?.slice(9) ?? '')?.[1].replace(/\\(.)/g, '$1'));
    expect(dbnames.sort()).toEqual(taken(KINGBASE).map((r) => r.name).sort());
    for (const argv of dumps) for (const row of KINGBASE) expect(argv, JSON.stringify(row.name)).not.toContain(row.name);
    // SQL Server: every sqlcmd call has nbbackup's fixed options, the names only inside the -Q statement.
    for (const argv of lines(path.join(msState(), 'argv.log')) as string[][]) {
      if (argv[0] === '--version') continue;
      const q = argv.indexOf('-Q');
      expect([...argv.slice(0, q), ...argv.slice(q + 2)].join(' ')).toMatch(/^-S tcp:127\.0\.0\.1,\d+ -U sa -d master -b -C -x( -h -1 -W -s \|)?$/);
    }
    const statements = lines(path.join(msState(), 'statements.log')) as string[];
    for (const row of taken(MSSQL)) expect(statements, JSON.stringify(row.name)).toContainEqual(expect.stringMatching(new RegExp(`^BACKUP DATABASE \\[${row.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] TO DISK = N'${shared()}/nbbackup-[\\w.-]+\\.bak'`)));
    // Oracle: expdp and impdp only ever get a parameter file, sqlplus only -S /nolog (the login on stdin).
    for (const l of lines(path.join(oraState(), 'argv.log'))) {
      if (l.argv[0] === '--version') continue;
      expect(l.argv.join(' '), l.tool).toMatch(l.tool === 'sqlplus' ? /^-S \/nolog$/ : new RegExp(`^parfile=[^\\s]+\\.par$`));
    }

    await changeAll();
    const restore = await runCli(['restore', report.set, '--to', install.dir, '--items', taken(ROWS).map((r) => r.id).join(','), '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env() });
    expect(restore.exitCode, `${restore.stderr}${restore.stdout}`).toBe(0);
    const result = JSON.parse(String(restore.stdout));
    for (const row of taken(ROWS)) expect(result.preflight, row.id).toContainEqual(expect.objectContaining({ id: `rights:${row.id}`, ok: true }));
    expect(await contents()).toEqual(taken(ROWS).map((r) => r.name));
    // No fresh or kept-aside copy is left, 63-byte names included; no file placed for a server stays.
    const [{ rows: copies }] = await pgAdmin(kbPg, `select datname from pg_database where datname ~ '_nb(r|old)_\\d{14}$'`);
    expect(copies).toEqual([]);
    expect(readdirSync(path.join(msState(), 'databases')).map(decodeURIComponent).sort()).toEqual(HOSTILE.map((name) => `${name}.json`).sort());
    expect([...readdirSync(shared()), ...readdirSync(dumpDir())]).toEqual([]);
  }, 240_000);

  it('make a restore skip the item with the reason when the target holds them, before anything is touched', async () => {
    const out = mkdtempSync(path.join(state, 'sets-'));
    const ids = ['external:kb1', 'external:ms1', 'external:or1'];
    const backup = await runCli(['backup', '--install', install.dir, '--items', ids.join(','), '--out', out, '--json'], { env: env() });
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const before = await contents();
    // The target's data sources now hold logins no tool can take safely.
    const set = (key: string, change: string) => pgAdmin(pg, `update "dataSources" set options = options || ${lit(change)}::jsonb where key = ${lit(key)}`, install.db);
    await set('kb1', JSON.stringify({ username: 'kb\nuser' }));
    await set('ms1', JSON.stringify({ database: 'ms1\nGO' }));
    await set('or1', JSON.stringify({ username: 'x@evil' }));
    try {
      const restore = await runCli(['restore', JSON.parse(String(backup.stdout)).set, '--to', install.dir, '--items', ids.join(','), '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env() });
      expect(restore.exitCode).toBe(3);
      expect(JSON.parse(String(restore.stdout)).skipped).toEqual([
        { id: 'external:kb1', reason: expect.stringMatching(/\.kbpass, one login a line/) },
        { id: 'external:ms1', reason: expect.stringMatching(CONTROL) },
        { id: 'external:or1', reason: expect.stringMatching(/is not a plain Oracle name/) },
      ]);
      expect(await contents()).toEqual(before);
    } finally {
      await set('kb1', JSON.stringify({ username: 'kbuser' }));
      await set('ms1', JSON.stringify({ database: HOSTILE[1] }));
      await set('or1', JSON.stringify({ username: 'svc1' }));
    }
  });
});
