import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mariaFingerprint, pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { mariaAdmin } from '../support/mariadb-server.js';
import { pgAdmin } from '../support/pg-server.js';
import { filesHolding } from '../support/password-files.js';
import { processesMentioning, stillRunning, treePids } from '../support/processes.js';
import { backUpInto, runCli } from '../support/run-cli.js';
import { waitFor } from '../support/wait-for.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { snapshot } from '../support/tree-snapshot.js';

const pg = inject('pg');
const maria = inject('maria');
// Big enough that each restore step takes a moment to interrupt.
const BIG_PG = `create table big as select g, md5(g::text) || md5((g * 7)::text) as t from generate_series(1, 300000) g;`;
const BIG_MARIA = `create table big as select s1.seq * 1000 + s2.seq as n, md5(s1.seq * 1000 + s2.seq) as t from seq_1_to_150 s1, seq_1_to_1000 s2;`;
let a: RichInstall;
let b: RichInstall;
let set: string;


async function state(install: RichInstall) {
  return {
    pg: await pgFingerprint(pg, install.pgDb),
    maria: await mariaFingerprint(maria, install.mariaDb),
    storage: snapshot(path.join(install.dir, 'storage')),
  };
}

/** Starts a restore of the set into B and waits until `ready(stderr)` says the chosen moment has come. */
async function restoreUntil(ready: (stderr: string, safetyDir: string) => boolean | Promise<boolean>, snapshotFirst: boolean, items: readonly string[] = []) {
  const safetyDir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-safety-'));
  const only = items.length ? ['--items', items.join(',')] : [];
  const child = runCli(['restore', set, '--to', b.dir, ...only, '--yes', '--no-upgrade', '--json', '--out', safetyDir, ...(snapshotFirst ? [] : ['--no-snapshot'])], { env: { NBBACKUP_RUNTIME_DIR: runtime } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitFor(() => child.exitCode !== null || ready(stderr, safetyDir), { timeoutMs: 60_000, what: 'the chosen moment of the restore', lastSeen: () => stderr });
  expect(child.exitCode, `the restore ended before the chosen moment:\n${stderr}`).toBeNull();
  return { child, stderr: () => stderr };
}

// The restores' private runtime folder, where pipes and password files would be left.
const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
const partialIn = (dir: string) => readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.partial'));
const MOMENTS = {
  'the safety copy': (_: string, safety: string) => partialIn(safety),
  'the PostgreSQL restore': (e: string) => /\[main\] start/.test(e),
  'the MariaDB reload': (e: string) => /\[external:shop\] start/.test(e),
  // Past its rollback dump: the emptied database is being loaded from the set.
  'the MariaDB load': async (e: string) => /\[external:shop\] start/.test(e) && (await loadingInto(b.mariaDb)),
  // After both databases: the interrupt must take back a PostgreSQL swap and a MariaDB reload already done.
  'the storage restore': (e: string) => /\[storage:uploads\] start/.test(e),
} as const;

/** Whether a dump is being loaded into the database right now (one of its REPLACE statements is running). */
async function loadingInto(database: string): Promise<boolean> {
  const rows = (await mariaAdmin(maria, `select count(*) as n from information_schema.processlist where db = '${database}' and info like 'REPLACE INTO%'`)) as { n: number }[];
  return Number(rows[0].n) > 0;
}

beforeAll(async () => {
  a = await buildRichInstall(pg, maria, BIG_PG, BIG_MARIA);
  // Big enough that unpacking the uploads takes a moment to interrupt.
  writeFileSync(path.join(a.dir, 'storage/uploads/big.bin'), randomBytes(64 * 1024 * 1024));
  b = await buildRichInstall(pg, maria);
  set = await backUpInto(a.dir, ['main', 'external:shop', 'storage:uploads']);
});
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
});

describe('interrupting a restore', () => {
  const cases = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).flatMap((signal) => Object.keys(MOMENTS).map((moment) => [signal, moment] as const));
  it.each(cases)('%s during %s rolls back: B is exactly as before, no tool runs on, no password is left (exit 130)', async (signal, moment) => {
    const before = await state(b);
    const { child, stderr } = await restoreUntil(MOMENTS[moment as keyof typeof MOMENTS], moment === 'the safety copy');
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, stderr()).toBe(130);
    expect(JSON.parse(String(result.stdout))).toMatchObject({ result: 'interrupted' });
    expect(await state(b), `${String(result.stdout)}\n${stderr()}`).toEqual(before);
    expect(processesMentioning(b.pgDb)).toEqual([]);
    expect(processesMentioning(set)).toEqual([]);
    expect(readdirSync(b.dir).filter((n) => n.startsWith('.nbrestore-'))).toEqual([]);
    const [{ rows }] = await pgAdmin(pg, `select datname from pg_database where datname like '${b.pgDb}_nb%'`);
    expect(rows).toEqual([]);
    expect(filesHolding(HARD_PASSWORD, runtime, b.dir, set)).toEqual([]);
  });

  it('SIGKILL during the MariaDB load leaves no tool and no password; the next restore and backup say first that the database may be part-loaded, and once a person has looked, a restore makes it whole', async () => {
    // The data source alone: a main database restored before it would point B's `shop` at A's database.
    const { child } = await restoreUntil(MOMENTS['the MariaDB load'], false, ['external:shop']);
    const tree = treePids(child.pid as number);
    child.kill('SIGKILL');
    await child;
    await waitFor(() => stillRunning(tree).length === 0, { what: 'the tools to end with nbbackup', lastSeen: () => stillRunning(tree).join('\n') });
    expect(filesHolding(HARD_PASSWORD, runtime, b.dir, set)).toEqual([]);
    const [work] = readdirSync(b.dir).filter((n) => n.startsWith('.nbrestore-'));
    const next = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(next.exitCode).toBe(3);
    const checks = JSON.parse(String(next.stdout)).preflight;
    expect(checks).toContainEqual({
      id: 'unfinished-load:external:shop',
      name: 'external:shop loaded whole',
      ok: false,
      detail: expect.stringMatching(new RegExp(`^${b.mariaDb} may be part-loaded: a restore that began reloading it at \\S+ was stopped before it finished \\(its rollback dump: ${path.join(b.dir, work)}\\)$`)),
      fix: expect.stringContaining('drop the table nbbackup_unfinished_restore'),
      items: ['external:shop'],
    });
    expect(checks).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false }));
    // A backup now would make a set that looks whole: the item fails, saying why.
    const backup = await runCli(['backup', '--install', b.dir, '--items', 'external:shop', '--out', mkdtempSync(path.join(os.tmpdir(), 'nbtest-half-')), '--json']);
    expect(backup.exitCode).toBe(1);
    expect(`${backup.stdout}${backup.stderr}`).toContain(`${b.mariaDb} may be part-loaded`);
    // A person looks, then does what the check says: the marker and the work folder go, and a restore makes it whole.
    await mariaAdmin(maria, 'drop table nbbackup_unfinished_restore', b.mariaDb);
    rmSync(path.join(b.dir, work), { recursive: true });
    const again = await runCli(['restore', set, '--to', b.dir, '--items', 'external:shop', '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(again.exitCode, String(again.stdout)).toBe(0);
    expect(await mariaFingerprint(maria, b.mariaDb)).toEqual(await mariaFingerprint(maria, a.mariaDb));
  });

  it('SIGKILL during the PostgreSQL restore leaves B as before, no tool running, no password; the next restore says so first', async () => {
    const before = await state(b);
    const { child } = await restoreUntil(MOMENTS['the PostgreSQL restore'], false);
    child.kill('SIGKILL');
    await child;
    // The kernel ends the tools with nbbackup (their parent-death signal).
    await waitFor(() => processesMentioning(set).length === 0, { what: 'the tools to end with nbbackup', lastSeen: () => processesMentioning(set).join('\n') });
    expect(await state(b)).toEqual(before);
    expect(filesHolding(HARD_PASSWORD, runtime, b.dir)).toEqual([]);
    const next = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false }));
  });
});
