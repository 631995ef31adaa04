import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { startMariaDb, stopMariaDb, type MariaDbServerInfo } from '../support/mariadb-server.js';
import { pgAdmin, startPostgres, stopPostgres, type PgServerInfo } from '../support/pg-server.js';
import { processesMentioning } from '../support/processes.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { startSshd, type SshdServer } from '../support/sshd-server.js';
import { waitFor } from '../support/wait-for.js';
import { cutSsh, holdSsh } from '../support/link-faults.js';
import { farPath } from '../support/far-path.js';

// Migration end to end: install A here on the run's servers, install B "on the far side" behind a
// real OpenSSH server on 127.0.0.1, on a second PostgreSQL and a second MariaDB of its own.

const pg = inject('pg');
const maria = inject('maria');
const APP = 'branch_app';
let pg2: PgServerInfo;
let maria2: MariaDbServerInfo;
let sshd: SshdServer;
let a: RichInstall;
const made: RichInstall[] = [];
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

beforeAll(async () => {
  [pg2, maria2, sshd] = await Promise.all([startPostgres(), startMariaDb(), startSshd()]);
  a = await buildRichInstall(pg, maria, '', '', { schemaApp: APP });
  made.push(a);
}, 120_000);
afterAll(async () => {
  for (const i of made) await i.cleanup();
  await Promise.all([pg2 && stopPostgres(pg2), maria2 && stopMariaDb(maria2), sshd?.close()]);
});

/** B: the same shape as A (data source "shop", the schema sub-app) with other data, on the far servers. */
async function farInstall(): Promise<RichInstall> {
  const b = await buildRichInstall(pg2, maria2, 'create table leftover (id int);', 'create table leftover (id int);', { schemaApp: APP });
  made.push(b);
  return b;
}

const stateHere = () => richState(pg, maria, a);
const stateThere = (b: RichInstall) => richState(pg2, maria2, b);

/**
 * A stand-in for the far `mariadb` that does `work` (fail, or hang) when it is fed A's data, and is the
 * real client for everything else — the reload of B's own data (it has table leftover) when rolling back.
 */
const mariadbStandIn = (work: string) =>
  [
    '#!/bin/sh',
    'if [ "$1" = --version ]; then exec /usr/bin/mariadb --version; fi',
    't=$(mktemp); cat > "$t"',
    'if grep -q "REPLACE INTO \\`customers\\`" "$t" && ! grep -q leftover "$t"; then rm -f "$t"; ' + work + '; fi',
    '/usr/bin/mariadb "$@" < "$t"; rc=$?; rm -f "$t"; exit $rc',
    '',
  ].join('\n');

function migrate(b: RichInstall, extra: readonly string[] = [], ssh = sshd.sshCommand, env: Record<string, string> = {}) {
  return runCli(['migrate', '--from', a.dir, '--to', `127.0.0.1:${b.dir}`, '--stage', stageOf(b), '--out', tmp('nbtest-msets-'), '--no-upgrade', '--yes', '--json', ...extra], { env: { NBBACKUP_SSH: ssh.join(' '), ...env } });
}
const stageOf = (b: RichInstall) => path.join(b.dir, '..', `${path.basename(b.dir)}-stage`);

describe('nbbackup migrate', () => {
  it('makes the far install exactly what this one is, and no password is ever in an argv on either side', async () => {
    const b = await farInstall();
    const before = await stateHere();
    const seen = new Set<string>();
    const run = migrate(b);
    const sampler = setInterval(() => processesMentioning(HARD_PASSWORD).forEach((c) => seen.add(c)), 10);
    const result = await run.finally(() => clearInterval(sampler));
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.result).toBe('migrated');
    const after = await stateThere(b);
    expect(after.pg.schema).toBe(before.pg.schema);
    expect(after.pg.tables).toEqual(before.pg.tables);
    expect(after.pg.sequences).toEqual(before.pg.sequences);
    expect(after.maria).toEqual(before.maria);
    expect(after.uploads).toEqual(before.uploads);
    expect(after.keys).toBe(before.keys);
    expect(await stateHere()).toEqual(before);
    expect([...seen]).toEqual([]);
    expect(`${result.stdout}${result.stderr}`).not.toContain(HARD_PASSWORD);
    // The plan showed where each item went and how the two .env files differ; the far .env is untouched.
    expect(report.plan.rows.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['main', 'external:shop', `subapp:${APP}`]));
    expect(report.plan.env.find((e: { name: string }) => e.name === 'DB_PORT')).toEqual({ name: 'DB_PORT', here: String(pg.port), there: String(pg2.port), same: false });
    expect(readFileSync(path.join(b.dir, '.env'), 'utf8')).toContain(`DB_PORT=${pg2.port}`);
    // The shop's views, routines and triggers run as root@localhost: named, and found on the far server.
    expect(report.plan.notes).toContain('external:shop: views, routines, triggers and events run as root@localhost (DEFINER), which exists there');
    // The set stays on both sides, and what B held before is in a safety set there.
    expect(existsSync(path.join(report.set, 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(report.farSet, 'manifest.json'))).toBe(true);
    expect(report.restore.safetySet).toMatch(new RegExp(`^${stageOf(b)}/`));
    expect(report.restore.steps.every((s: { status: string }) => s.status === 'restored')).toBe(true);
  });

  it('moves a Docker Compose install here to a source install there', async () => {
    // The official compose layout: databases as services with no published port, reached through
    // docker compose exec (test/support/bin/docker stands in for the CLI: no Docker engine runs here).
    const inner = await buildRichInstall(pg, maria, '', '', { schemaApp: APP });
    made.push(inner);
    const compose = tmp('nbtest-mcompose-');
    cpSync(path.join(inner.dir, 'storage'), path.join(compose, 'storage'), { recursive: true });
    writeFileSync(
      path.join(compose, 'docker-compose.yml'),
      `services:\n  app:\n    image: nocobase/nocobase:1.9.3-full\n    environment:\n      DB_DIALECT: postgres\n      DB_HOST: postgres\n      DB_PORT: 5432\n      DB_DATABASE: ${inner.pgDb}\n      DB_USER: ${inner.user}\n      DB_PASSWORD: "${HARD_PASSWORD.replace(/\$/g, '$$$$').replace(/"/g, '\\"')}"\n    volumes:\n      - ./storage:/app/nocobase/storage\n  postgres:\n    image: postgres:15\n  mariadb:\n    image: mariadb:11\n`,
    );
    await pgAdmin(pg, `update "dataSources" set options = jsonb_set(jsonb_set(options, '{host}', '"mariadb"'), '{port}', '3306') where key = 'shop'`, inner.pgDb);
    const b = await farInstall();
    const dockerEnv = { PATH: `${path.resolve(import.meta.dirname, '../support/bin')}:${process.env.PATH}`, NBTEST_DOCKER_PORTS: JSON.stringify({ 5432: pg.port, 3306: maria.port }) };
    const result = await runCli(['migrate', '--from', compose, '--to', `127.0.0.1:${b.dir}`, '--stage', stageOf(b), '--out', tmp('nbtest-msets-'), '--no-upgrade', '--yes', '--json'], { env: { NBBACKUP_SSH: sshd.sshCommand.join(' '), ...dockerEnv } });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.plan.rows.find((r: { id: string }) => r.id === 'main')).toMatchObject({ here: `postgres ${inner.pgDb} in service postgres`, there: `postgres ${b.pgDb} on 127.0.0.1:${pg2.port}` });
    const [before, after] = [await richState(pg, maria, { ...inner, dir: compose }), await stateThere(b)];
    expect(after.pg.tables).toEqual(before.pg.tables);
    expect(after.pg.schema).toBe(before.pg.schema);
    expect(after.maria).toEqual(before.maria);
    expect(after.uploads).toEqual(before.uploads);
  });

  it('moves a source install here to a Docker Compose install there whose database is published to its host', async () => {
    const inner = await farInstall();
    const compose = tmp('nbtest-mfarcompose-');
    cpSync(path.join(inner.dir, 'storage'), path.join(compose, 'storage'), { recursive: true });
    writeFileSync(
      path.join(compose, 'docker-compose.yml'),
      `services:\n  app:\n    image: nocobase/nocobase:1.9.3-full\n    environment:\n      DB_DIALECT: postgres\n      DB_HOST: postgres\n      DB_PORT: 5432\n      DB_DATABASE: ${inner.pgDb}\n      DB_USER: ${inner.user}\n      DB_PASSWORD: "${HARD_PASSWORD.replace(/\$/g, '$$$$').replace(/"/g, '\\"')}"\n    volumes:\n      - ./storage:/app/nocobase/storage\n  postgres:\n    image: postgres:15\n    ports:\n      - "127.0.0.1:${pg2.port}:5432"\n`,
    );
    const result = await runCli(['migrate', '--from', a.dir, '--to', `127.0.0.1:${compose}`, '--stage', tmp('nbtest-mstage-'), '--out', tmp('nbtest-msets-'), '--no-upgrade', '--yes', '--json'], { env: { NBBACKUP_SSH: sshd.sshCommand.join(' ') } });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.plan.rows.find((r: { id: string }) => r.id === 'main')).toMatchObject({ there: `postgres ${inner.pgDb} on 127.0.0.1:${pg2.port}` });
    const [before, after] = [await stateHere(), await richState(pg2, maria2, { ...inner, dir: compose })];
    expect(after.pg.tables).toEqual(before.pg.tables);
    expect(after.maria).toEqual(before.maria);
    expect(after.uploads).toEqual(before.uploads);
    expect(after.keys).toBe(before.keys);
  });

  it('goes on from what arrived when the link drops mid-transfer, and the restore there checks out', async () => {
    const b = await farInstall();
    const before = await stateHere();
    const result = await migrate(b, [], [process.execPath, cutSsh(), ...sshd.sshCommand.slice(1)]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(String(result.stderr)).toMatch(/the link dropped \(the connection to .* was lost\); going on from what arrived/);
    expect(report.transfer.files.some((f: { resumedFrom: number }) => f.resumedFrom > 0)).toBe(true);
    const after = await stateThere(b);
    expect(after.pg.tables).toEqual(before.pg.tables);
    expect(after.maria).toEqual(before.maria);
    expect(after.uploads).toEqual(before.uploads);
  });

  it('refuses at preflight when the far side lacks a tool, or the disk where the set lands is too small', async () => {
    const b = await farInstall();
    const before = await stateThere(b);
    const noZstd = await migrate(b, [], sshd.variant({ sessionPath: farPath({}, ['zstd']) }));
    expect(noZstd.exitCode, String(noZstd.stderr)).toBe(3);
    expect(String(noZstd.stderr)).toMatch(/✖ zstd is missing on \S+\n\s+fix: install zstd there/);
    expect(JSON.parse(String(noZstd.stdout)).set).toBeUndefined();

    // A small disk there is a tmpfs of its own, which only root may mount.
    if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs: run the suite as root (as CI does)');
    const small = tmp('nbtest-smalldisk-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8k,mode=0700', 'tmpfs', small]);
    try {
      const full = await migrate(b, ['--stage', small]);
      expect(full.exitCode, String(full.stderr)).toBe(3);
      const report = JSON.parse(String(full.stdout));
      expect(report.plan.problems).toEqual([expect.objectContaining({ id: 'stage-disk' })]);
      expect(report.reason).toMatch(/free where the set lands on \S+ \(.*\); the set \(.*\) and the safety copy of the storage it replaces need about/);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
    expect(await stateThere(b)).toEqual(before);
  });

  it('refuses an unknown host key, a helper folder another user could change, and a stage that is a file', async () => {
    const b = await farInstall();
    const before = await stateThere(b);
    // A host key not in known_hosts: one line, and nothing is typed for the operator.
    const unknown = await migrate(b, [], sshd.variant({ unknownHost: true }));
    expect(unknown.exitCode, String(unknown.stderr)).toBe(1);
    expect(JSON.parse(String(unknown.stdout)).reason).toMatch(/^the host key of \S+ is not known here \(not in known_hosts\)$/);
    const notAFolder = await migrate(b, ['--stage', path.join(b.dir, '.env')]);
    expect(notAFolder.exitCode, String(notAFolder.stderr)).toBe(3);
    expect(JSON.parse(String(notAFolder.stdout)).plan.problems).toEqual([expect.objectContaining({ id: 'stage', reason: expect.stringMatching(/\.env is not a folder$/) })]);
    // ~/.cache there is a link into a folder anyone may write in: the helper's folder could be swapped.
    const cache = path.join(sshd.home, '.cache');
    const open = tmp('nbtest-worldwritable-');
    chmodSync(open, 0o777);
    renameSync(cache, `${cache}.kept`);
    symlinkSync(open, cache);
    try {
      const result = await migrate(b);
      expect(result.exitCode, String(result.stderr)).toBe(3);
      expect(JSON.parse(String(result.stdout)).reason).toMatch(new RegExp(`${open}, above nbbackup's helper folder, may be changed by another user`));
    } finally {
      rmSync(cache);
      renameSync(`${cache}.kept`, cache);
    }
    expect(await stateThere(b)).toEqual(before);
  });

  it('rolls the far install back when its restore fails there', async () => {
    const b = await farInstall();
    const before = await stateThere(b);
    const failing = mariadbStandIn('echo "ERROR 1064 (42000) at line 1: stand-in failure" >&2; exit 1');
    const result = await migrate(b, [], sshd.variant({ sessionPath: farPath({ mariadb: failing, mysql: failing }) }));
    expect(result.exitCode, String(result.stderr)).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.result).toBe('failed');
    expect(report.restore.steps).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'main', status: 'rolled-back' }), expect.objectContaining({ id: 'external:shop', status: 'failed' })]));
    expect(await stateThere(b)).toEqual(before);
    // The set that could not be restored is not left taking room there.
    expect(readdirSync(stageOf(b)).filter((n) => n.startsWith(path.basename(a.dir)))).toEqual([]);
  });

  describe('Ctrl+C leaves both sides as they were', () => {
    it.each([
      ['while inspecting the far side', 'inspect'],
      ['while backing up here', 'backup'],
      ['while sending the set', 'transfer'],
      ['while restoring there', 'restore'],
    ])('%s', async (_what, stage) => {
      const b = await farInstall();
      const [here, there] = [await stateHere(), await stateThere(b)];
      const mark = path.join(tmp('nbtest-mark-'), 'reached');
      const hang = `touch ${mark}; exec sleep 600`;
      const localBin = tmp('nbtest-localbin-');
      if (stage === 'backup') writeFileSync(path.join(localBin, 'mariadb-dump'), `#!/bin/sh\nif [ "$1" = --version ]; then exec /usr/bin/mariadb-dump --version; fi\n${hang}\n`, { mode: 0o755 });
      // The far side's tool check hangs until killed (its own 10 s limit ends it): Ctrl+C lands mid-inspect.
      const slowVersion = `#!/bin/sh\nif [ "$1" = --version ]; then ${hang}; fi\nexec /usr/bin/mariadb "$@"\n`;
      const ssh = stage === 'inspect' ? sshd.variant({ sessionPath: farPath({ mariadb: slowVersion }) }) : stage === 'restore' ? sshd.variant({ sessionPath: farPath({ mariadb: mariadbStandIn(hang), mysql: mariadbStandIn(hang) }) }) : stage === 'transfer' ? [process.execPath, holdSsh(mark), ...sshd.sshCommand.slice(1)] : sshd.sshCommand;
      const out = tmp('nbtest-msets-');
      const run = migrate(b, ['--out', out], ssh, { PATH: `${localBin}:${process.env.PATH}` });
      await waitFor(() => existsSync(mark), { what: `the migration to reach the ${stage} stage`, timeoutMs: 120_000 });
      run.kill('SIGINT');
      const result = await run;
      expect(result.exitCode, String(result.stderr)).toBe(130);
      const report = JSON.parse(String(result.stdout));
      expect(report.result).toBe('interrupted');
      expect(await stateThere(b)).toEqual(there);
      expect(await stateHere()).toEqual(here);
      // The set made here is a backup like any other once it is whole; nothing of it stays there.
      expect(report.set === undefined).toBe(stage === 'backup' || stage === 'inspect');
      expect(readdirSync(out)).toEqual(report.set ? [path.basename(report.set)] : []);
      const name = report.set ? path.basename(report.set) : '';
      const leftThere = existsSync(stageOf(b)) ? readdirSync(stageOf(b)) : [];
      expect(leftThere.filter((n) => name && n.includes(name))).toEqual([]);
      await waitFor(() => processesMentioning(b.dir).length === 0 && processesMentioning(mark).length === 0, { what: 'every process of the migration to end', lastSeen: () => processesMentioning(b.dir).join('\n') });
    });
  });
});
