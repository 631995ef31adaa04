import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { mariaAdmin } from '../support/mariadb-server.js';
import { pgAdmin } from '../support/pg-server.js';
import { backUpInto, runCli } from '../support/run-cli.js';
import { failingShopCopy, tamperedCopy } from '../support/damaged-sets.js';

const pg = inject('pg');
const maria = inject('maria');
const APP = 'branch_app';
let a: RichInstall;
let set: string;
const made: RichInstall[] = [];

/** Install B: same shape as A (data source "shop", sub-app schema), other data, and objects A never had. */
async function targetInstall(): Promise<RichInstall> {
  const b = await buildRichInstall(pg, maria, `create table leftover (id int); create view leftover_v as select 1 as x; select lo_from_bytea(0, 'stray large object');`, `create table leftover (id int);`, { schemaApp: APP });
  await pgAdmin(pg, `set role ${b.user}; insert into customers (email) values ('only-in-b@example.com'); create table ${APP}.extra (id int);`, b.pgDb);
  made.push(b);
  return b;
}

const state = (install: RichInstall) => richState(pg, maria, install);

beforeAll(async () => {
  a = await buildRichInstall(pg, maria, '', '', { schemaApp: APP });
  made.push(a);
  set = await backUpInto(a.dir, 'all');
});
afterAll(async () => {
  for (const i of made) await i.cleanup();
});

describe('nbbackup restore', () => {
  it('fixes what pg_restore cannot do under its empty search_path, and says so', async () => {
    const src = await buildRichInstall(pg, maria, `create function customer_count() returns bigint language sql stable as 'select count(*) from customers'; create materialized view customer_stats as select customer_count() as n;`, '', { schemaApp: APP });
    made.push(src);
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-mv-'));
    const backup = await runCli(['backup', '--install', src.dir, '--items', 'main', '--out', out, '--json']);
    const mvSet = JSON.parse(String(backup.stdout)).set;
    const b = await targetInstall();
    const result = await runCli(['restore', mvSet, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.items[0]).toMatchObject({ id: 'main', status: 'restored', notes: [expect.stringMatching(/materialized view refresh\(es\) failed under pg_restore's empty search_path and were refreshed again/)] });
    const [{ rows }] = await pgAdmin(pg, 'select n from customer_stats', b.pgDb);
    expect(Number(rows[0].n)).toBe(300);
  });

  it('makes install B exactly what A was: schema, data, sequences, routines, storage and keys', async () => {
    const b = await targetInstall();
    const safety = mkdtempSync(path.join(os.tmpdir(), 'nbtest-safety-'));
    const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--out', safety, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.result).toBe('restored');
    expect(report.items.map((i: { id: string; status: string }) => `${i.id}:${i.status}`)).toEqual(['main:restored', 'external:shop:restored', `subapp:${APP}:restored`, 'storage:apps:restored', 'storage:uploads:restored', 'keys:restored']);
    const [before, after] = [await state(a), await state(b)];
    expect(after.pg.schema).toBe(before.pg.schema);
    expect(after.pg.tables).toEqual(before.pg.tables);
    expect(after.pg.sequences).toEqual(before.pg.sequences);
    expect(after.pg.largeObjects).toBe(before.pg.largeObjects);
    expect(after.maria).toEqual(before.maria);
    expect(after.uploads).toEqual(before.uploads);
    expect(after.keys).toBe(before.keys);
    // What B had is kept aside: a safety set, and the storage it replaced.
    expect(report.safetySet).toMatch(new RegExp(`^${safety}/`));
    expect((await runCli(['verify', report.safetySet])).exitCode).toBe(0);
    expect(report.notes.join('\n')).toMatch(/what storage held before is kept in .*storage-bak-/);
  });

  it('with --items restores only those items: the databases and keys left out are untouched', async () => {
    const b = await targetInstall();
    const before = await state(b);
    const result = await runCli(['restore', set, '--to', b.dir, '--items', 'storage:uploads', '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout));
    expect(report.items.map((i: { id: string }) => i.id)).toEqual(['storage:uploads']);
    expect(report.preflight.some((c: { id: string }) => c.id === 'reachable:main')).toBe(false);
    const after = await state(b);
    expect(after.uploads).toEqual((await state(a)).uploads);
    expect(after.pg).toEqual(before.pg);
    expect(after.maria).toEqual(before.maria);
    expect(after.keys).toBe(before.keys);
  });

  it('rolls every item back when one fails midway, leaving B exactly as it was', async () => {
    const b = await targetInstall();
    // A set whose MariaDB dump fails to load halfway, yet verifies (its hash is updated with it).
    const broken = await failingShopCopy(set);

    const before = await state(b);
    const result = await runCli(['restore', broken, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(String(result.stdout));
    expect(report.result).toBe('failed');
    expect(report.reason).toMatch(/loading the dump failed: .*no_such_table/);
    expect(report.items).toEqual([
      { id: 'main', status: 'rolled-back' },
      { id: 'external:shop', status: 'failed', error: expect.stringMatching(/no_such_table/) },
    ]);
    expect(await state(b)).toEqual(before);
    const dbs = await pgAdmin(pg, `select datname from pg_database where datname like '${b.pgDb}%'`);
    expect(dbs[0].rows.map((r) => r.datname)).toEqual([b.pgDb]);
  });

  it('refuses a tampered set at preflight, changing nothing (exit 3)', async () => {
    const b = await targetInstall();
    const tampered = tamperedCopy(set);
    const before = await state(b);
    const result = await runCli(['restore', tampered, '--to', b.dir, '--yes', '--no-upgrade', '--json']);
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(String(result.stdout));
    expect(report.preflight.find((c: { name: string }) => c.name === 'set verifies')).toMatchObject({ ok: false, detail: 'main.pgdump.zst does not match the manifest (changed or damaged)' });
    expect(String(result.stderr)).toContain('✖ set verifies');
    expect(await state(b)).toEqual(before);
    // Left out, the damaged file is not read: the rest of the set passes and is restored.
    const without = await runCli(['restore', tampered, '--to', b.dir, '--items', 'storage:uploads', '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    const rest = JSON.parse(String(without.stdout));
    expect(rest.preflight.find((c: { name: string }) => c.name === 'set verifies')).toMatchObject({ ok: true, detail: 'the files to restore match the manifest; damaged, and left out: main' });
    expect(without.exitCode).toBe(0);
    expect((await state(b)).pg).toEqual(before.pg);
  });

  it('refuses without --yes when there is no terminal, and a set from a newer NocoBase', async () => {
    const b = await targetInstall();
    const noYes = await runCli(['restore', set, '--to', b.dir, '--no-upgrade']);
    expect(noYes.exitCode).toBe(3);
    expect(String(noYes.stderr)).toContain('without a terminal, confirm with --yes');

    const newer = mkdtempSync(path.join(os.tmpdir(), 'nbtest-newer-'));
    cpSync(set, newer, { recursive: true });
    const manifestFile = path.join(newer, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.source.nocobaseVersion = '2.2.15';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const result = await runCli(['restore', newer, '--to', b.dir, '--yes', '--no-upgrade', '--json']);
    expect(result.exitCode).toBe(3);
    expect(JSON.parse(String(result.stdout)).preflight.find((c: { name: string }) => c.name === 'NocoBase version')).toMatchObject({ ok: false, detail: 'set 2.2.15, target 1.9.3' });
  });

  it('refuses a target missing a plugin the set enables, unless its plugin storage comes along', async () => {
    const src = await buildRichInstall(pg, maria, `insert into "applicationPlugins" (name, "packageName", version, enabled) values ('crm', '@my-org/plugin-crm', '1.0.0', true);`, '', { schemaApp: APP });
    made.push(src);
    mkdirSync(path.join(src.dir, 'storage/plugins/@my-org/plugin-crm'), { recursive: true });
    writeFileSync(path.join(src.dir, 'storage/plugins/@my-org/plugin-crm/package.json'), JSON.stringify({ name: '@my-org/plugin-crm', version: '1.0.0' }));
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-plugin-'));
    const backup = await runCli(['backup', '--install', src.dir, '--items', 'main,storage:plugins', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const pluginSet = JSON.parse(String(backup.stdout)).set;
    const b = await targetInstall();
    const before = await state(b);

    const refused = await runCli(['restore', pluginSet, '--to', b.dir, '--items', 'main', '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(refused.exitCode).toBe(3);
    expect(JSON.parse(String(refused.stdout)).preflight.find((c: { name: string }) => c.name === 'plugins present')).toMatchObject({
      ok: false,
      detail: 'missing on the target: @my-org/plugin-crm 1.0.0',
      fix: expect.stringContaining('restore storage:plugins with the set'),
    });
    expect(String(refused.stderr)).toContain('✖ plugins present');
    expect(await state(b)).toEqual(before);

    const restored = await runCli(['restore', pluginSet, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(restored.exitCode, String(restored.stderr)).toBe(0);
    expect(existsSync(path.join(b.dir, 'storage/plugins/@my-org/plugin-crm/package.json'))).toBe(true);
  });

  it("refuses a target whose users may not replace its databases, naming the missing rights", async () => {
    const b = await targetInstall();
    await pgAdmin(pg, `alter role ${b.user} nocreatedb`);
    await mariaAdmin(maria, `revoke event, create routine on *.* from '${b.user}'@'127.0.0.1'`);
    const before = await state(b);
    const result = await runCli(['restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode).toBe(3);
    const checks = JSON.parse(String(result.stdout)).preflight;
    expect(checks.find((c: { name: string }) => c.name === 'main rights')).toMatchObject({ ok: false, detail: `${b.user} lacks CREATEDB`, fix: expect.stringContaining('CREATEDB') });
    expect(checks.find((c: { name: string }) => c.name === 'external:shop rights')).toMatchObject({ ok: false, detail: `${b.user} lacks CREATE ROUTINE, EVENT on ${b.mariaDb}` });
    expect(checks.find((c: { name: string }) => c.name === `subapp:${APP} rights`)).toMatchObject({ ok: true });
    expect(await state(b)).toEqual(before);
  });
});
