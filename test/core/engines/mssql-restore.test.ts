import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { waitFor } from '../../support/wait-for.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { filesHolding } from '../../support/password-files.js';
import { stillRunning, treePids } from '../../support/processes.js';
import { runCli } from '../../support/run-cli.js';
import { HARD_PASSWORD } from '../../support/secrets.js';
import { configFile, folderState, installWithSources, leftoversBeside, listener, recordedArgv, seedMssqlDatabase, type VendorInstall } from './vendor-fixtures.js';

// test/support/bin-mssql/sqlcmd stands in for sqlcmd and the server (see its header).
const BIN = path.resolve(import.meta.dirname, '../../support/bin-mssql');
// Names come from app data: quotes, brackets and sqlcmd's $(var) syntax must all pass through as data.
const ERP = "erp]'$(x)";
const CRM = 'crm';
const pg = inject('pg');
let install: VendorInstall;
let port: Awaited<ReturnType<typeof listener>>;
let state: string;
let shared: string;
let config: string;
let set: string;

const dbFile = (name: string) => path.join(state, 'databases', `${encodeURIComponent(name)}.json`);
const content = (name: string) => JSON.parse(readFileSync(dbFile(name), 'utf8')).content;
const env = (extra: Record<string, string> = {}) => ({ PATH: `${BIN}:${process.env.PATH}`, NBTEST_MSSQL_STATE: state, NBTEST_MSSQL_PASSWORD: HARD_PASSWORD, NBBACKUP_CONFIG: config, ...extra });
const serverState = () => folderState(state, ['argv.log', 'statements.log', 'injected.log', 'nbbackuprc.json']);

const seed = (name: string, data: unknown) => seedMssqlDatabase(state, name, data);

beforeAll(async () => {
  state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-mssql-state-'));
  shared = mkdtempSync(path.join(os.tmpdir(), 'nbtest-mssql-shared-'));
  config = configFile(state, { mssqlBackupDir: shared });
  port = await listener();
  const options = (database: string) => ({ host: '127.0.0.1', port: port.port, database, username: 'sa', password: HARD_PASSWORD });
  install = await installWithSources(pg, [{ key: 'erp', type: 'mssql', options: options(ERP) }, { key: 'crm', type: 'mssql', options: options(CRM) }]);
  seed(ERP, { orders: [[1, 'first'], [2, 'second']] });
  seed(CRM, { leads: [[1, 'ada']] });
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-mssql-sets-'));
  const backup = await runCli(['backup', '--install', install.dir, '--items', 'external:erp,external:crm', '--out', out, '--json'], { env: env() });
  expect(backup.exitCode, String(backup.stderr)).toBe(0);
  set = JSON.parse(String(backup.stdout)).set;
});
afterAll(async () => {
  await install?.cleanup();
  await port?.close();
  for (const dir of [state, shared]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the app wrote after the backup: more rows, and a table the set never had. */
function changeAfterBackup(): void {
  const erp = JSON.parse(readFileSync(dbFile(ERP), 'utf8'));
  writeFileSync(dbFile(ERP), JSON.stringify({ ...erp, content: { orders: [[1, 'first'], [2, 'changed'], [3, 'late']], audit: [] } }, null, 1));
}

describe('SQL Server restore through sqlcmd', () => {
  it('restores each database from its .bak into a fresh one and swaps it in, leaving no file or password behind', async () => {
    changeAfterBackup();
    const safety = mkdtempSync(path.join(os.tmpdir(), 'nbtest-mssql-safety-'));
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--out', safety, '--json'], { env: env() });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.preflight.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.preflight.find((c: { id: string }) => c.id === 'rights:external:erp')).toMatchObject({ ok: true, detail: 'sa is a member of dbcreator' });
    expect(report.items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`)).toEqual(['external:erp:restored', 'external:crm:restored', 'keys:restored']);
    expect(content(ERP)).toEqual({ orders: [[1, 'first'], [2, 'second']] });
    expect(content(CRM)).toEqual({ leads: [[1, 'ada']] });
    // Only the live databases remain, open to all again; the kept-aside ones were dropped with their files.
    expect(readdirSync(path.join(state, 'databases')).map(decodeURIComponent).sort()).toEqual([`${CRM}.json`, `${ERP}.json`]);
    expect(JSON.parse(readFileSync(dbFile(ERP), 'utf8')).access).toBe('MULTI_USER');
    expect(readdirSync(path.join(state, 'data'))).toHaveLength(4);
    // The safety copy of what was there holds the changed data, and reads back.
    expect(report.safetySet).toMatch(new RegExp(`^${safety}/`));
    expect((await runCli(['verify', report.safetySet], { env: env() })).exitCode).toBe(0);
    expect(readdirSync(shared)).toEqual([]);
    expect(leftoversBeside(install.dir)).toEqual([]);
    expect(recordedArgv(path.join(state, 'argv.log'))).not.toContain(HARD_PASSWORD);
    const statements = readFileSync(path.join(state, 'statements.log'), 'utf8');
    expect(statements).toContain(`RESTORE DATABASE [erp]]'$(x)_nbr_`);
    expect(statements).toContain(`ALTER DATABASE [erp]]'$(x)] SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
  });

  it('takes back the renames when one fails midway, leaving the server exactly as it was', async () => {
    changeAfterBackup();
    const before = serverState();
    // The second rename (fresh → live) fails: the first is taken back and the fresh copy dropped.
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_MSSQL_FAIL: `MODIFY NAME = [erp]]'$(x)]` }) });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.items).toEqual([{ id: 'external:erp', status: 'failed', error: expect.stringContaining('could not be exclusively locked') }]);
    expect(serverState()).toEqual(before);
    expect(readdirSync(shared)).toEqual([]);
  });

  it('undoes a restored database when a later one fails', async () => {
    changeAfterBackup();
    const before = serverState();
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_MSSQL_FAIL: 'RESTORE DATABASE [crm' }) });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.items).toEqual([
      { id: 'external:erp', status: 'rolled-back', notes: [expect.stringMatching(/files are now/)] },
      { id: 'external:crm', status: 'failed', error: expect.stringContaining('injected') },
    ]);
    expect(serverState()).toEqual(before);
    expect(readdirSync(shared)).toEqual([]);
    expect(leftoversBeside(install.dir)).toEqual([]);
  });

  it('refuses at preflight when the login may not create databases, or the shared folder is not writable here', async () => {
    const before = serverState();
    const rights = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--json'], { env: env({ NBTEST_MSSQL_RIGHTS: '{"dbcreator":0,"createAny":0}' }) });
    expect(rights.exitCode).toBe(3);
    expect(JSON.parse(String(rights.stdout)).preflight.find((c: { id: string }) => c.id === 'rights:external:erp')).toMatchObject({ ok: false, detail: 'sa lacks CREATE ANY DATABASE', fix: expect.stringContaining('dbcreator') });

    const missing = path.join(shared, 'not-mounted');
    const folder = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--json'], { env: env({ NBBACKUP_CONFIG: configFile(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rc-')), { mssqlBackupDir: missing }) }) });
    expect(folder.exitCode).toBe(3);
    expect(JSON.parse(String(folder.stdout)).preflight.find((c: { id: string }) => c.id === 'rights:external:crm')).toMatchObject({
      ok: false,
      detail: `SQL Server reads the restore file from ${missing}, which nbbackup cannot write here`,
      fix: expect.stringContaining('set mssqlBackupDir in .nbbackuprc to a folder shared with the server'),
    });
    expect(existsSync(missing)).toBe(false);
    expect(serverState()).toEqual(before);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while SQL Server restores the fresh copy stops sqlcmd and leaves the server as it was (exit 130)', async (signal) => {
    changeAfterBackup();
    const before = serverState();
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'RESTORE DATABASE', NBTEST_HANG_MARK: mark }) });
    await waitFor(() => existsSync(mark), { what: 'sqlcmd to be restoring' });
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(JSON.parse(String(result.stdout)).result).toBe('interrupted');
    expect(serverState()).toEqual(before);
    expect(readdirSync(shared)).toEqual([]);
  });

  it('SIGKILL while SQL Server restores the fresh copy ends sqlcmd with nbbackup, leaves the server as it was; the next restore says so first, naming the restore file left', async () => {
    changeAfterBackup();
    const before = serverState();
    const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'RESTORE DATABASE', NBTEST_HANG_MARK: mark, NBBACKUP_RUNTIME_DIR: runtime }) });
    await waitFor(() => existsSync(mark), { what: 'sqlcmd to be restoring' });
    const tree = treePids(child.pid as number);
    expect(tree.length).toBeGreaterThan(1);
    child.kill('SIGKILL');
    await child;
    // A sqlcmd left running would finish the RESTORE (and a rename after it) with nobody watching.
    await waitFor(() => stillRunning(tree).length === 0, { what: 'sqlcmd to end with nbbackup', lastSeen: () => stillRunning(tree).join('\n') });
    expect(serverState()).toEqual(before);
    expect(filesHolding(HARD_PASSWORD, install.dir, set, shared, runtime)).toEqual([]);
    // The .bak placed for the server stays (nobody was left to remove it): the next restore names it by the run's stamp.
    const [placed] = readdirSync(shared);
    const stamp = /^nbrestore-(\d{14})-[0-9a-f]+\.bak$/.exec(placed)?.[1];
    expect(stamp, placed).toBeDefined();
    const next = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBBACKUP_RUNTIME_DIR: runtime }) });
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false, fix: expect.stringContaining(`after ${stamp}`) }));
    expect(serverState()).toEqual(before);
    rmSync(path.join(shared, placed));
    for (const left of leftoversBeside(install.dir)) rmSync(path.join(install.dir, left), { recursive: true });
  });
});
