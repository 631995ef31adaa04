import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../source/core/process/free-port.js';
import { pgAdmin } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';
import { api, APP_DIR, configure, ensureNocoBase, NOCOBASE_VERSION, waitHealthy, yarn } from './nocobase-app.js';

const pg = inject('pg');
const PASSWORD = "nb pa'ss$1";
const log = (line: string) => process.stdout.write(`[nocobase] ${line}\n`);
let port: number;
let database: string;

async function start(): Promise<void> {
  const started = await yarn(['start', '-d']);
  if (started.failed) throw new Error(`yarn start -d failed: ${started.all}`);
  await waitHealthy(port);
}

async function stop(): Promise<void> {
  await yarn(['pm2', 'kill']);
}

const nicknames = async () => {
  const call = await api(port);
  const users = (await call('users:list?pageSize=200')).data as { nickname: string }[];
  return users.map((u) => u.nickname).sort();
};

beforeAll(async () => {
  await ensureNocoBase(log);
  port = await freePort();
  database = `nocobase_${Date.now()}`;
  await pgAdmin(pg, `create role nbreal login createdb password '${PASSWORD.replace(/'/g, "''")}'`).catch(() => undefined);
  await pgAdmin(pg, `create database ${database} owner nbreal`);
  configure({ DB_DIALECT: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: pg.port, DB_DATABASE: database, DB_USER: 'nbreal', DB_PASSWORD: `\`${PASSWORD}\``, APP_PORT: port, TZ: 'UTC', APP_ENV: 'production' });
  log(`installing into database ${database}`);
  const install = await yarn(['nocobase', 'install', '--lang=en-US', '-f']);
  if (install.failed) throw new Error(`nocobase install failed: ${install.all}`);
}, 30 * 60_000);

afterAll(async () => {
  await stop();
});

describe(`a real NocoBase ${NOCOBASE_VERSION}`, () => {
  it('comes back from a restore — upgraded, restarted, answering — with exactly the backed-up data', async () => {
    await start();
    const before = await api(port);
    await before('users:create', { nickname: 'in-the-backup', email: 'in-the-backup@example.com' });
    expect(await nicknames()).toContain('in-the-backup');
    await stop();

    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-real-sets-'));
    const backup = await runCli(['backup', '--install', APP_DIR, '--all', '--out', out, '--json']);
    log(String(backup.stderr).trim());
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const set = JSON.parse(String(backup.stdout)).set;

    await start();
    const after = await api(port);
    await after('users:create', { nickname: 'made-after-the-backup', email: 'after@example.com' });
    expect(await nicknames()).toContain('made-after-the-backup');

    // The app is still running: nbbackup stops it (pm2), restores, upgrades, starts it and waits for its answer.
    const restore = await runCli(['restore', set, '--to', APP_DIR, '--yes', '--stop-app', '--start', '--out', out, '--json']);
    log(String(restore.stderr).trim());
    expect(restore.exitCode, String(restore.stderr)).toBe(0);
    const report = JSON.parse(String(restore.stdout));
    expect(report.upgrade).toMatchObject({ ran: true, ok: true });
    expect(report.started).toEqual({ ok: true, detail: `started; NocoBase answers its health check on port ${port}` });

    const names = await nicknames();
    log(`users after restore: ${names.join(', ')}`);
    expect(names).toContain('in-the-backup');
    expect(names).not.toContain('made-after-the-backup');
  }, 20 * 60_000);
});
