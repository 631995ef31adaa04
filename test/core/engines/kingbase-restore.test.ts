import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { waitFor } from '../../support/wait-for.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgFingerprint } from '../../support/db-fingerprint.js';
import type { RichInstall } from '../../support/fixtures.js';
import { pgAdmin } from '../../support/pg-server.js';
import { filesHolding } from '../../support/password-files.js';
import { stillRunning, treePids } from '../../support/processes.js';
import { runCli } from '../../support/run-cli.js';
import { HARD_PASSWORD } from '../../support/secrets.js';
import { folderState, kingbaseAdminDatabase, kingbaseInstall, leftoversBeside, recordedArgv } from './vendor-fixtures.js';

// test/support/bin-kingbase/sys_dump and sys_restore stand in for the vendor tools (see their headers):
// they take only the documented options and the .kbpass login, and drive the real pg_dump/pg_restore.
const BIN = path.resolve(import.meta.dirname, '../../support/bin-kingbase');
const APP = 'kb_branch';
const pg = inject('pg');
const maria = inject('maria');
const made: RichInstall[] = [];
let a: RichInstall;
let set: string;
const argvLog = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-kb-argv-')), 'argv.log');
const env = (extra: Record<string, string> = {}) => ({
  PATH: `${BIN}:${process.env.PATH}`,
  NBTEST_PG_DUMP: path.join(pg.binDir, 'pg_dump'),
  NBTEST_PG_RESTORE: path.join(pg.binDir, 'pg_restore'),
  NBTEST_ARGV_LOG: argvLog,
  ...extra,
});

/** A KingbaseES install, remembered for cleanup. */
async function kingbaseApp(extraPg = ''): Promise<RichInstall> {
  const install = await kingbaseInstall(pg, maria, { extraPg, schemaApp: APP });
  made.push(install);
  return install;
}

/** Install B: the same shape as A, with data and objects A never had. */
async function targetInstall(): Promise<RichInstall> {
  const b = await kingbaseApp(`create table leftover (id int); create view leftover_v as select 1 as x;`);
  await pgAdmin(pg, `set role ${b.user}; insert into customers (email) values ('only-in-b@example.com'); create table ${APP}.extra (id int);`, b.pgDb);
  return b;
}

const databasesLike = async (name: string) => (await pgAdmin(pg, `select datname from pg_database where datname like '${name}%' order by 1`))[0].rows.map((r) => r.datname);

beforeAll(async () => {
  await kingbaseAdminDatabase(pg);
  a = await kingbaseApp();
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-kb-sets-'));
  const backup = await runCli(['backup', '--install', a.dir, '--items', `main,subapp:${APP}`, '--out', out, '--json'], { env: env() });
  expect(backup.exitCode, String(backup.stderr)).toBe(0);
  set = JSON.parse(String(backup.stdout)).set;
});
afterAll(async () => {
  for (const i of made) await i.cleanup();
});

describe('KingbaseES restore through sys_restore', () => {
  it('makes B exactly what A was: a fresh database swapped in by renames, the sub-app schema renamed aside and recreated', async () => {
    const b = await targetInstall();
    const safety = mkdtempSync(path.join(os.tmpdir(), 'nbtest-kb-safety-'));
    const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--out', safety, '--json'], { env: env() });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.preflight.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(report.preflight.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['rights:main', `rights:subapp:${APP}`, 'tool:sys_restore']));
    expect(report.items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`)).toEqual(['main:restored', `subapp:${APP}:restored`, 'keys:restored']);
    const [before, after] = [await pgFingerprint(pg, a.pgDb), await pgFingerprint(pg, b.pgDb)];
    expect(after.schema).toBe(before.schema);
    expect(after.tables).toEqual(before.tables);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.largeObjects).toBe(before.largeObjects);
    expect(await databasesLike(b.pgDb)).toEqual([b.pgDb]);
    // The safety copy was taken with sys_dump and reads back through sys_restore --list.
    expect(report.safetySet).toMatch(new RegExp(`^${safety}/`));
    expect((await runCli(['verify', report.safetySet], { env: env() })).exitCode).toBe(0);
    // The login went only into private .kbpass files, removed with the work folder.
    const argv = recordedArgv(argvLog);
    expect(argv).toContain('"sys_restore"');
    expect(argv).not.toContain(HARD_PASSWORD);
    // Parameter files and private HOMEs lived in work folders that are gone; none reached a set.
    expect(Object.keys({ ...folderState(set), ...folderState(report.safetySet) }).filter((f) => /\.par$|\.kbpass$|^\.work/.test(f))).toEqual([]);
    expect(leftoversBeside(b.dir)).toEqual([]);
  });

  it('drops the fresh database when sys_restore fails into it, leaving B as it was', async () => {
    const b = await targetInstall();
    const before = await pgFingerprint(pg, b.pgDb);
    const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_SYS_RESTORE_FAIL: '_nbr_' }) });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.items).toEqual([{ id: 'main', status: 'failed', error: expect.stringMatching(/^sys_restore reported 1 error\(s\): could not execute query: injected failure/) }]);
    expect(await pgFingerprint(pg, b.pgDb)).toEqual(before);
    expect(await databasesLike(b.pgDb)).toEqual([b.pgDb]);
  });

  it('renames the database back when the sub-app schema fails after it, leaving B as it was', async () => {
    const b = await targetInstall();
    const before = await pgFingerprint(pg, b.pgDb);
    const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_SYS_RESTORE_FAIL: `^${b.pgDb}$` }) });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(String(result.stdout)).items).toEqual([
      { id: 'main', status: 'rolled-back' },
      { id: `subapp:${APP}`, status: 'failed', error: expect.stringContaining('injected failure') },
    ]);
    expect(await pgFingerprint(pg, b.pgDb)).toEqual(before);
    expect(await databasesLike(b.pgDb)).toEqual([b.pgDb]);
    expect(readFileSync(argvLog, 'utf8')).not.toContain(HARD_PASSWORD);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while sys_restore fills the fresh database stops it and leaves B as it was (exit 130)', async (signal) => {
    const b = await targetInstall();
    const before = await pgFingerprint(pg, b.pgDb);
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'sys_restore --no-owner', NBTEST_HANG_MARK: mark }) });
    await waitFor(() => existsSync(mark), { what: 'sys_restore to be restoring' });
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(await pgFingerprint(pg, b.pgDb)).toEqual(before);
    expect(await databasesLike(b.pgDb)).toEqual([b.pgDb]);
  });

  it('SIGKILL while sys_restore fills the fresh database leaves B as it was, no tool running, no .kbpass beside the install; the next restore says so first, naming the fresh copy', async () => {
    const b = await targetInstall();
    const before = await pgFingerprint(pg, b.pgDb);
    const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
    const mark = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-hang-')), 'hanging');
    const child = runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBTEST_HANG: 'sys_restore --no-owner', NBTEST_HANG_MARK: mark, NBBACKUP_RUNTIME_DIR: runtime }) });
    await waitFor(() => existsSync(mark), { what: 'sys_restore to be restoring' });
    // While sys_restore works its .kbpass exists: the checks below can fail.
    expect(filesHolding(HARD_PASSWORD, runtime, b.dir)).toHaveLength(1);
    const tree = treePids(child.pid as number);
    child.kill('SIGKILL');
    await child;
    await waitFor(() => stillRunning(tree).length === 0, { what: 'the tools to end with nbbackup', lastSeen: () => stillRunning(tree).join('\n') });
    expect(await pgFingerprint(pg, b.pgDb)).toEqual(before);
    expect(filesHolding(HARD_PASSWORD, b.dir, set)).toEqual([]);
    // The killed run's fresh copy is still there: the next restore names it before anything else.
    const [fresh] = (await databasesLike(b.pgDb)).filter((d) => d !== b.pgDb);
    expect(fresh).toMatch(/_nbr_\d{14}$/);
    const next = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json'], { env: env({ NBBACKUP_RUNTIME_DIR: runtime }) });
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false, fix: expect.stringContaining(`after ${fresh.slice(-14)}`) }));
    // That start swept the killed run's private folder.
    expect(filesHolding(HARD_PASSWORD, runtime)).toEqual([]);
    await pgAdmin(pg, `drop database ${fresh} with (force)`);
  });
});
