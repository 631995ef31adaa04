import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { waitFor } from '../../support/wait-for.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { filesHolding } from '../../support/password-files.js';
import { stillRunning, treePids } from '../../support/processes.js';
import { runCli } from '../../support/run-cli.js';
import { HARD_PASSWORD } from '../../support/secrets.js';
import { configFile, folderState, installWithSources, leftoversBeside, listener, recordedArgv, type VendorInstall } from './vendor-fixtures.js';

// test/support/bin-oracle/{expdp,impdp,sqlplus} stand in for the Oracle tools and server (see their headers).
const BIN = path.resolve(import.meta.dirname, '../../support/bin-oracle');
// Oracle passwords cannot hold a double quote; the rest of the hard password (space, quote, dollar) stays.
const PASSWORD = HARD_PASSWORD.replace(/"/g, '');
const pg = inject('pg');
let install: VendorInstall;
let port: Awaited<ReturnType<typeof listener>>;
let state: string;
let dumpDir: string;
let config: string;
let set: string;

const schemaFile = (name: string) => path.join(state, 'schemas', `${name}.json`);
const objects = (name: string) => JSON.parse(readFileSync(schemaFile(name), 'utf8')).objects;
const env = (extra: Record<string, string> = {}) => ({ PATH: `${BIN}:${process.env.PATH}`, NBTEST_ORACLE_STATE: state, NBTEST_ORACLE_DUMP_DIR: dumpDir, NBTEST_ORACLE_PASSWORD: PASSWORD, NBBACKUP_CONFIG: config, ...extra });
const serverState = () => Object.fromEntries(Object.entries(folderState(path.join(state, 'schemas'))).map(([file, text]) => [file, JSON.parse(text)]));
const BACKED_UP = {
  NOCOBASE: { 'TABLE ORDERS': [[1, 'first'], [2, 'second']], 'SEQUENCE ORDERS_SEQ': 2, 'VIEW OPEN_ORDERS': 'select * from orders' },
  CRM: { 'TABLE LEADS': [[1, 'ada']], 'TABLE NOTES': [] },
};

/** What the app wrote after the backup: changed rows and objects the set never had. */
function changeAfterBackup(): void {
  writeFileSync(schemaFile('NOCOBASE'), JSON.stringify({ objects: { ...BACKED_UP.NOCOBASE, 'TABLE ORDERS': [[1, 'first'], [3, 'late']], 'TABLE AUDIT': [], 'SEQUENCE AUDIT_SEQ': 7 } }));
  writeFileSync(schemaFile('CRM'), JSON.stringify({ objects: { 'TABLE LEADS': [[1, 'ada'], [2, 'bob']] } }));
  rmSync(path.join(state, 'calls.json'), { force: true });
}

beforeAll(async () => {
  state = mkdtempSync(path.join(os.tmpdir(), 'nbtest-oracle-state-'));
  dumpDir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-oracle-dpdir-'));
  config = configFile(state, { oracleDumpDir: dumpDir });
  port = await listener();
  const options = (username: string) => ({ host: '127.0.0.1', port: port.port, database: 'ORCLPDB1', username, password: PASSWORD });
  install = await installWithSources(pg, [{ key: 'orders', type: 'oracle', options: options('nocobase') }, { key: 'crm', type: 'oracle', options: options('crm') }]);
  mkdirSync(path.join(state, 'schemas'));
  for (const [schema, objs] of Object.entries(BACKED_UP)) writeFileSync(schemaFile(schema), JSON.stringify({ objects: objs }));
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-oracle-sets-'));
  const backup = await runCli(['backup', '--install', install.dir, '--items', 'external:orders,external:crm', '--out', out, '--json'], { env: env() });
  expect(backup.exitCode, String(backup.stderr)).toBe(0);
  set = JSON.parse(String(backup.stdout)).set;
});
afterAll(async () => {
  await install?.cleanup();
  await port?.close();
  for (const dir of [state, dumpDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Oracle restore through Data Pump', () => {
  it('empties each schema and imports the set into it, leaving no dump, parameter file or password behind', async () => {
    changeAfterBackup();
    const safety = mkdtempSync(path.join(os.tmpdir(), 'nbtest-oracle-safety-'));
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--out', safety, '--json'], { env: env() });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.preflight.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.preflight.find((c: { id: string }) => c.id === 'rights:external:orders')).toMatchObject({ ok: true, detail: 'NOCOBASE may empty and re-import its own schema through DATA_PUMP_DIR' });
    expect(report.items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`)).toEqual(['external:orders:restored', 'external:crm:restored', 'keys:restored']);
    expect(objects('NOCOBASE')).toEqual(BACKED_UP.NOCOBASE);
    expect(objects('CRM')).toEqual(BACKED_UP.CRM);
    expect(report.safetySet).toMatch(new RegExp(`^${safety}/`));
    expect((await runCli(['verify', report.safetySet], { env: env() })).exitCode).toBe(0);
    // Parameter files and private HOMEs lived in work folders that are gone; none reached a set.
    expect(Object.keys({ ...folderState(set), ...folderState(report.safetySet) }).filter((f) => /\.par$|\.kbpass$|^\.work/.test(f))).toEqual([]);
    expect(readdirSync(dumpDir)).toEqual([]);
    expect(leftoversBeside(install.dir)).toEqual([]);
    const argv = recordedArgv(path.join(state, 'argv.log'));
    expect(argv).toContain('"impdp"');
    expect(argv).not.toContain(PASSWORD);
  });

  it('puts a schema back from its own rollback export when the import fails halfway', async () => {
    changeAfterBackup();
    const before = serverState();
    // The first impdp (the set's export into the emptied schema) stops halfway; the second puts the schema back.
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_ORACLE_FAIL: 'impdp#1' }) });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(String(result.stdout)).items).toEqual([{ id: 'external:orders', status: 'failed', error: expect.stringMatching(/^impdp failed: ORA-39126/) }]);
    expect(serverState()).toEqual(before);
    expect(readdirSync(dumpDir)).toEqual([]);
    expect(leftoversBeside(install.dir)).toEqual([]);
  });

  it('undoes a restored schema when a later one fails', async () => {
    changeAfterBackup();
    const before = serverState();
    const result = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_ORACLE_FAIL: 'impdp#2' }) });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(String(result.stdout)).items).toEqual([
      { id: 'external:orders', status: 'rolled-back' },
      { id: 'external:crm', status: 'failed', error: expect.stringContaining('ORA-39126') },
    ]);
    expect(serverState()).toEqual(before);
    expect(readdirSync(dumpDir)).toEqual([]);
  });

  it('refuses at preflight without DATA_PUMP_DIR rights, or without oracleDumpDir', async () => {
    const before = serverState();
    const rights = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--json'], { env: env({ NBTEST_ORACLE_PRIVS: '{"dir":["READ"]}' }) });
    expect(rights.exitCode).toBe(3);
    expect(JSON.parse(String(rights.stdout)).preflight.find((c: { id: string }) => c.id === 'rights:external:crm')).toMatchObject({ ok: false, detail: 'CRM lacks WRITE on DATA_PUMP_DIR', fix: expect.stringContaining('GRANT READ, WRITE ON DIRECTORY DATA_PUMP_DIR TO CRM') });

    const unset = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--json'], { env: env({ NBBACKUP_CONFIG: configFile(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rc-')), {}) }) });
    expect(unset.exitCode).toBe(3);
    expect(JSON.parse(String(unset.stdout)).preflight.find((c: { id: string }) => c.id === 'rights:external:orders')).toMatchObject({
      ok: false,
      detail: 'Oracle reads and writes Data Pump files only in its DATA_PUMP_DIR on the server',
      fix: 'set oracleDumpDir in .nbbackuprc to that folder as seen from here (same host, or a shared mount)',
    });
    expect(serverState()).toEqual(before);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while impdp loads the set stops it and puts the schema back as it was (exit 130)', async (signal) => {
    const before = serverState();
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'impdp', NBTEST_HANG_MARK: mark }) });
    await waitFor(() => existsSync(mark), { what: 'impdp to be loading' });
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(JSON.parse(String(result.stdout)).result).toBe('interrupted');
    expect(serverState()).toEqual(before);
  });

  it('SIGKILL while impdp loads the set ends impdp with nbbackup and leaves no parameter file beside the install; the next restore says first that the schema may be half-loaded', async () => {
    changeAfterBackup();
    const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'impdp', NBTEST_HANG_MARK: mark, NBBACKUP_RUNTIME_DIR: runtime }) });
    await waitFor(() => existsSync(mark), { what: 'impdp to be loading' });
    // While impdp works its parameter file holds the login: the checks below can fail.
    expect(filesHolding(PASSWORD, runtime, install.dir)).toHaveLength(1);
    const tree = treePids(child.pid as number);
    child.kill('SIGKILL');
    await child;
    await waitFor(() => stillRunning(tree).length === 0, { what: 'impdp to end with nbbackup', lastSeen: () => stillRunning(tree).join('\n') });
    // Oracle cannot rename a schema: it was emptied before the import. Its own export is in the work folder.
    expect(objects('NOCOBASE')).toEqual({});
    const [work] = leftoversBeside(install.dir);
    expect(readdirSync(path.join(install.dir, work))).toEqual(['rollback-external_orders.dmp.zst']);
    expect(filesHolding(PASSWORD, install.dir, set, dumpDir)).toEqual([]);
    const next = await runCli(['restore', set, '--to', install.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBBACKUP_RUNTIME_DIR: runtime }) });
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false, detail: expect.stringContaining(path.join(install.dir, work)) }));
    expect(filesHolding(PASSWORD, runtime)).toEqual([]);
    rmSync(path.join(install.dir, work), { recursive: true });
    for (const left of readdirSync(dumpDir)) rmSync(path.join(dumpDir, left));
  });
});
