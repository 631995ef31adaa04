import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configFile, installWithSources, kingbaseInstall, listener, seedMssqlDatabase } from '../core/engines/vendor-fixtures.js';
import { filesHolding } from '../support/password-files.js';
import { stillRunning, treePids } from '../support/processes.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { waitFor } from '../support/wait-for.js';

// Each vendor's stand-ins (test/support/bin-*) hang on cue (NBTEST_HANG, see stand-in-hang.mjs) while
// they dump: nbbackup is signalled while its dump tool is mid-work and its login is handed over.
const SUPPORT = path.resolve(import.meta.dirname, '../support');
const pg = inject('pg');
const maria = inject('maria');
// Oracle passwords cannot hold a double quote.
const ORACLE_PASSWORD = HARD_PASSWORD.replace(/"/g, '');

interface Vendor {
  readonly install: string;
  readonly item: string;
  readonly password: string;
  /** What the stand-in waits on: a text of the call that dumps. */
  readonly hang: string;
  /** Whether the login is in a file while the tool works (KingbaseES's .kbpass, Oracle's parameter file), not the environment. */
  readonly loginFile: boolean;
  /** Folders the database server writes its backup into, as seen here. */
  readonly serverDirs: readonly string[];
  env(): Record<string, string>;
}

const vendors: Record<string, Vendor> = {};
const cleanups: (() => Promise<void> | void)[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

beforeAll(async () => {
  const kb = await kingbaseInstall(pg, maria);
  cleanups.push(() => kb.cleanup());
  vendors.KingbaseES = {
    install: kb.dir,
    item: 'main',
    password: HARD_PASSWORD,
    hang: 'sys_dump',
    loginFile: true,
    serverDirs: [],
    env: () => ({ PATH: `${SUPPORT}/bin-kingbase:${process.env.PATH}`, NBTEST_PG_DUMP: path.join(pg.binDir, 'pg_dump'), NBTEST_PG_RESTORE: path.join(pg.binDir, 'pg_restore') }),
  };

  const port = await listener();
  cleanups.push(() => port.close());
  const msState = tmp('nbtest-mssql-state-');
  const msShared = tmp('nbtest-mssql-shared-');
  const msConfig = configFile(msState, { mssqlBackupDir: msShared });
  seedMssqlDatabase(msState, 'erp', { orders: [[1, 'first']] });
  const ms = await installWithSources(pg, [{ key: 'erp', type: 'mssql', options: { host: '127.0.0.1', port: port.port, database: 'erp', username: 'sa', password: HARD_PASSWORD } }]);
  cleanups.push(() => ms.cleanup());
  vendors['SQL Server'] = {
    install: ms.dir,
    item: 'external:erp',
    password: HARD_PASSWORD,
    hang: 'BACKUP DATABASE',
    loginFile: false,
    serverDirs: [msShared],
    env: () => ({ PATH: `${SUPPORT}/bin-mssql:${process.env.PATH}`, NBTEST_MSSQL_STATE: msState, NBTEST_MSSQL_PASSWORD: HARD_PASSWORD, NBBACKUP_CONFIG: msConfig }),
  };

  const oraState = tmp('nbtest-oracle-state-');
  const oraDumpDir = tmp('nbtest-oracle-dpdir-');
  const oraConfig = configFile(oraState, { oracleDumpDir: oraDumpDir });
  mkdirSync(path.join(oraState, 'schemas'));
  writeFileSync(path.join(oraState, 'schemas', 'NOCOBASE.json'), JSON.stringify({ objects: { 'TABLE ORDERS': [[1, 'first']] } }));
  const ora = await installWithSources(pg, [{ key: 'orders', type: 'oracle', options: { host: '127.0.0.1', port: port.port, database: 'ORCLPDB1', username: 'nocobase', password: ORACLE_PASSWORD } }]);
  cleanups.push(() => ora.cleanup());
  vendors.Oracle = {
    install: ora.dir,
    item: 'external:orders',
    password: ORACLE_PASSWORD,
    hang: 'expdp',
    loginFile: true,
    serverDirs: [oraDumpDir],
    env: () => ({ PATH: `${SUPPORT}/bin-oracle:${process.env.PATH}`, NBTEST_ORACLE_STATE: oraState, NBTEST_ORACLE_DUMP_DIR: oraDumpDir, NBTEST_ORACLE_PASSWORD: ORACLE_PASSWORD, NBBACKUP_CONFIG: oraConfig }),
  };
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Starts a backup of the vendor's item and returns once its dump tool hangs mid-work. */
async function backupUntilDumping(v: Vendor, out: string, runtime: string) {
  const mark = path.join(tmp('nbtest-hang-'), 'hanging');
  const child = runCli(['backup', '--install', v.install, '--items', v.item, '--out', out, '--json'], { env: { ...v.env(), NBTEST_HANG: v.hang, NBTEST_HANG_MARK: mark, NBBACKUP_RUNTIME_DIR: runtime } });
  await waitFor(() => existsSync(mark) || child.exitCode !== null, { timeoutMs: 60_000, what: `${v.hang} to be dumping` });
  expect(existsSync(mark), 'the dump tool never started').toBe(true);
  // In an object: an async function returning the subprocess itself would wait for it to end.
  return { child };
}

const VENDORS = ['KingbaseES', 'SQL Server', 'Oracle'] as const;
const cases = VENDORS.flatMap((vendor) => (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [vendor, signal] as const));

describe('interrupting a vendor backup', () => {
  it.each(cases)('%s: %s while the dump tool works stops it and every child, leaves no set and no password file (exit 130)', async (vendor, signal) => {
    const v = vendors[vendor];
    const out = tmp('nbtest-vint-');
    const runtime = path.join(tmp('nbtest-rt-'), 'run');
    const { child } = await backupUntilDumping(v, out, runtime);
    // The check below can fail: while the tool works, its login file is there, in the private runtime folder only.
    expect(filesHolding(v.password, runtime).length).toBe(v.loginFile ? 1 : 0);
    const tree = treePids(child.pid as number);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    // Stopped before the exit, not some time after it.
    expect(stillRunning(tree)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
    expect(filesHolding(v.password, out, v.install, runtime, ...v.serverDirs)).toEqual([]);
    for (const dir of v.serverDirs) expect(readdirSync(dir)).toEqual([]);
  });

  it.each(VENDORS)('%s: SIGKILL while the dump tool works leaves no tool running, nothing list or verify take for a set, and no password file once nbbackup starts again', async (vendor) => {
    const v = vendors[vendor];
    const out = tmp('nbtest-vkill-');
    const runtime = path.join(tmp('nbtest-rt-'), 'run');
    const { child } = await backupUntilDumping(v, out, runtime);
    const tree = treePids(child.pid as number);
    child.kill('SIGKILL');
    await child;
    // The kernel ends the tools with nbbackup (their parent-death signal).
    await waitFor(() => stillRunning(tree).length === 0, { what: 'the tools to end with nbbackup', lastSeen: () => stillRunning(tree).join('\n') });
    const sets = readdirSync(out).map((name) => path.join(out, name));
    const list = await runCli(['list', out, '--json'], { env: { NBBACKUP_RUNTIME_DIR: runtime } });
    expect(JSON.parse(String(list.stdout)).sets.filter((s: { complete: boolean }) => s.complete)).toEqual([]);
    for (const set of sets) {
      const verify = await runCli(['verify', set], { env: { NBBACKUP_RUNTIME_DIR: runtime } });
      expect(verify.exitCode, set).toBe(1);
    }
    // The login never reached the set or the install; the killed run's private folder is swept at the next start.
    expect(filesHolding(v.password, out, v.install, runtime, ...v.serverDirs)).toEqual([]);
  });
});
