import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mariaFingerprint, pgFingerprint } from '../support/db-fingerprint.js';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { mariaAdmin } from '../support/mariadb-server.js';
import { pgAdmin } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';

const pg = inject('pg');
const maria = inject('maria');
let rich: RichInstall;
let set: string;

beforeAll(async () => {
  rich = await buildRichInstall(pg, maria);
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sets-'));
  const result = await runCli(['backup', '--install', rich.dir, '--all', '--out', out, '--json']);
  expect(result.exitCode, String(result.stderr)).toBe(0);
  set = JSON.parse(String(result.stdout)).set;
});
afterAll(async () => {
  await rich?.cleanup();
});

/** A plain native restore, the way an operator would do it by hand: zstd -d | pg_restore / mariadb. */
async function pgRestoreInto(file: string, database: string): Promise<void> {
  await pgAdmin(pg, `create database ${database}`);
  const restore = execa(path.join(pg.binDir, 'pg_restore'), ['--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres', '--dbname', database, '--exit-on-error']);
  execa('zstd', ['-d', '-c', path.join(set, file)]).stdout?.pipe(restore.stdin!);
  await restore;
}

describe('backup fidelity', () => {
  it('a PostgreSQL main database restores to an identical schema and identical data', async () => {
    const target = `restored_${path.basename(set).slice(-8).toLowerCase()}_pg`;
    await pgRestoreInto('main.pgdump.zst', target);
    const [source, restored] = await Promise.all([pgFingerprint(pg, rich.pgDb), pgFingerprint(pg, target)]);
    // The schema-mode sub-app is its own item: the main dump leaves its schema out.
    expect(source.schema).toContain(`CREATE SCHEMA ${rich.schemaApp};`);
    expect(restored.schema).not.toContain(rich.schemaApp);
    const withoutApp = (s: string) => s.split('\n--\n').filter((block) => !block.includes(rich.schemaApp)).join('\n--\n');
    expect(restored.schema).toBe(withoutApp(source.schema));
    for (const thing of ['CREATE TYPE public.mood', 'CREATE MATERIALIZED VIEW', 'CREATE PROCEDURE', 'CREATE TRIGGER', 'CREATE UNIQUE INDEX customers_email_lower', "DEFAULT 'anonymous'", 'COMMENT ON TABLE', 'CREATE SCHEMA reporting']) {
      expect(restored.schema).toContain(thing);
    }
    expect(restored.tables).toEqual(Object.fromEntries(Object.entries(source.tables).filter(([t]) => !t.startsWith(rich.schemaApp))));
    expect(restored.sequences).toEqual(Object.fromEntries(Object.entries(source.sequences).filter(([q]) => !q.startsWith(rich.schemaApp))));
    expect(restored.sequences['public.invoice_no']).toBe('5000');
    expect(restored.largeObjects).toBe(1);
    await pgAdmin(pg, `drop database ${target} with (force)`);
  });

  it('a schema-mode sub-app restores on its own into the schema of an empty database', async () => {
    const target = `restored_${path.basename(set).slice(-8).toLowerCase()}_app`;
    await pgRestoreInto(`subapp--${rich.schemaApp}.pgdump.zst`, target);
    const [source, restored] = await Promise.all([pgFingerprint(pg, rich.pgDb, rich.schemaApp), pgFingerprint(pg, target, rich.schemaApp)]);
    expect(restored.schema).toBe(source.schema);
    expect(restored.tables).toEqual(source.tables);
    expect(restored.largeObjects).toBe(0);
    await pgAdmin(pg, `drop database ${target} with (force)`);
  });

  it('a MariaDB database restores into a database of another name with routines, triggers, events and views', async () => {
    const target = `restored_${path.basename(set).slice(-8).toLowerCase()}_m`;
    await mariaAdmin(maria, `create database ${target}`);
    const restore = execa('mariadb', ['--no-defaults', `--socket=${maria.socket}`, '-uroot', target]);
    execa('zstd', ['-d', '-c', path.join(set, 'external--shop.sql.zst')]).stdout?.pipe(restore.stdin!);
    await restore;
    const [source, restored] = await Promise.all([mariaFingerprint(maria, rich.mariaDb), mariaFingerprint(maria, target)]);
    expect(Object.keys(source)).toEqual(expect.arrayContaining(['routine:revenue_of', 'routine:bump_totals', 'trigger:orders_note', 'event:nightly', 'create:big_orders']));
    expect(restored).toEqual(source);
    // Nothing was written into the source database by the restore.
    expect(((await mariaAdmin(maria, `select count(*) as n from orders`, rich.mariaDb)) as { n: number }[])[0].n).toBe(2000);
    await mariaAdmin(maria, `drop database ${target}`);
  });

  it('directory format with parallel jobs restores in parallel to the same database', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-pgdir-'));
    const result = await runCli(['backup', '--install', rich.dir, '--items', 'main', '--pg-jobs', '2', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const dirSet = JSON.parse(String(result.stdout)).set;
    expect(JSON.parse(String(result.stdout)).items[0].file).toBe('main.pgdir.tar.zst');
    expect((await runCli(['verify', dirSet])).exitCode).toBe(0);
    const unpacked = mkdtempSync(path.join(os.tmpdir(), 'nbtest-pgdir-x-'));
    await execa('tar', ['--zstd', '-xf', path.join(dirSet, 'main.pgdir.tar.zst'), '-C', unpacked]);
    const target = `restored_${path.basename(dirSet).slice(-8).toLowerCase()}_dir`;
    await pgAdmin(pg, `create database ${target}`);
    await execa(path.join(pg.binDir, 'pg_restore'), ['--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres', '--dbname', target, '--jobs', '2', '--exit-on-error', unpacked]);
    const [source, restored] = await Promise.all([pgFingerprint(pg, rich.pgDb), pgFingerprint(pg, target)]);
    expect(restored.tables).toEqual(Object.fromEntries(Object.entries(source.tables).filter(([t]) => !t.startsWith(rich.schemaApp))));
    await pgAdmin(pg, `drop database ${target} with (force)`);
  });

  it('writes a self-describing set: 0700 folder, 0600 files, manifest with versions, settings, plugins and keys', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    expect(statSync(set).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(set)) expect(statSync(path.join(set, f)).mode & 0o777, f).toBe(0o600);
    const manifest = JSON.parse(readFileSync(path.join(set, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'nbbackup-set', formatVersion: 1, source: { installPath: rich.dir, nocobaseVersion: '1.9.3', layout: 'create-app' }, settings: { DB_DIALECT: 'postgres' } });
    expect(manifest.plugins).toEqual([{ name: 'users', packageName: '@nocobase/plugin-users', version: '1.9.3', enabled: true, inStorage: false }]);
    const main = manifest.items.find((i: { id: string }) => i.id === 'main');
    expect(main).toMatchObject({ status: 'ok', engine: 'postgres', format: 'pg-custom', compression: 'zstd', tool: 'pg_dump', excludeSchemas: [rich.schemaApp] });
    expect(main.serverVersion).toMatch(/^\d+\.\d+/);
    expect(main.toolVersion).toMatch(/pg_dump \(PostgreSQL\) \d+/);
    expect(manifest.items.find((i: { id: string }) => i.id === 'keys')).toMatchObject({ status: 'ok', files: ['apps/main/aes_key.dat'] });
    const listing = await execa('tar', ['--zstd', '-tf', path.join(set, 'keys.tar.zst')]);
    expect(listing.stdout.split('\n')).toEqual(['apps/main/aes_key.dat']);
  });

  it('verify passes, then fails naming the file when one byte of it is flipped', async () => {
    const { copyFileSync, cpSync, readFileSync, writeFileSync } = await import('node:fs');
    expect((await runCli(['verify', set])).exitCode).toBe(0);
    for (const file of readdirSync(set).filter((f) => f !== 'manifest.json')) {
      const copy = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tamper-'));
      cpSync(set, copy, { recursive: true });
      const bytes = readFileSync(path.join(copy, file));
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      writeFileSync(path.join(copy, file), bytes);
      const result = await runCli(['verify', copy, '--json']);
      expect(result.exitCode, file).toBe(1);
      const verdict = JSON.parse(String(result.stdout));
      expect(verdict.ok).toBe(false);
      expect(verdict.items.filter((i: { ok: boolean }) => !i.ok).map((i: { file: string; error: string }) => [i.file, i.error])).toEqual([[file, `${file} does not match the manifest (changed or damaged)`]]);
      void copyFileSync;
    }
  });
});
