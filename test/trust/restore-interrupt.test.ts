import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mariaFingerprint, pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { pgAdmin } from '../support/pg-server.js';
import { processesMentioning } from '../support/processes.js';
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


/** Files under `dir` (if it exists) holding the password. */
function filesWithPassword(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    // The install's own settings file holds it by design.
    .filter((f) => path.basename(f) !== '.env')
    .filter((f) => {
      try {
        return readFileSync(f, 'utf8').includes(HARD_PASSWORD);
      } catch {
        return false;
      }
    });
}

async function state(install: RichInstall) {
  return {
    pg: await pgFingerprint(pg, install.pgDb),
    maria: await mariaFingerprint(maria, install.mariaDb),
    storage: snapshot(path.join(install.dir, 'storage')),
  };
}

/** Starts a restore of the set into B and waits until `ready(stderr)` says the chosen moment has come. */
async function restoreUntil(ready: (stderr: string, safetyDir: string) => boolean, snapshotFirst: boolean) {
  const safetyDir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-safety-'));
  const child = runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--json', '--out', safetyDir, ...(snapshotFirst ? [] : ['--no-snapshot'])], { env: { NBBACKUP_RUNTIME_DIR: runtime } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitFor(() => child.exitCode !== null || ready(stderr, safetyDir), { timeoutMs: 60_000, what: 'the chosen moment of the restore', lastSeen: () => stderr });
  return { child, stderr: () => stderr };
}

// The restores' private runtime folder, where pipes and password files would be left.
const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');
const partialIn = (dir: string) => readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.partial'));
const MOMENTS = {
  'the safety copy': (_: string, safety: string) => partialIn(safety),
  'the PostgreSQL restore': (e: string) => /\[main\] start/.test(e),
  'the MariaDB reload': (e: string) => /\[external:shop\] start/.test(e),
} as const;

beforeAll(async () => {
  a = await buildRichInstall(pg, maria, BIG_PG, BIG_MARIA);
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
    expect([...filesWithPassword(runtime), ...filesWithPassword(b.dir), ...filesWithPassword(set)]).toEqual([]);
  });

  it('SIGKILL during the PostgreSQL restore leaves B as before, no tool running, no password; the next restore says so first', async () => {
    const before = await state(b);
    const { child } = await restoreUntil(MOMENTS['the PostgreSQL restore'], false);
    child.kill('SIGKILL');
    await child;
    // The kernel ends the tools with nbbackup (their parent-death signal).
    await waitFor(() => processesMentioning(set).length === 0, { what: 'the tools to end with nbbackup', lastSeen: () => processesMentioning(set).join('\n') });
    expect(await state(b)).toEqual(before);
    expect([...filesWithPassword(runtime), ...filesWithPassword(b.dir)]).toEqual([]);
    const next = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false }));
  });
});
