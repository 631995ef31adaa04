import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { closedPort } from '../support/child-env.js';
import { nocobaseSchemaSql } from '../support/nocobase-schema.js';
import { runCli } from '../support/run-cli.js';

const pg = inject('pg');
let dir: string;
let main: string;
let sub: string;

/** A development install on SQLite: main file, a sub-app file beside it, and an external PostgreSQL source. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-'));
  mkdirSync(path.join(dir, 'storage/db'), { recursive: true });
  mkdirSync(path.join(dir, 'storage/uploads'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'dev', dependencies: { '@nocobase/app': '2.1.3' } }));
  // APP_PORT is held closed for the run: restore checks that nothing answers there.
  writeFileSync(path.join(dir, '.env'), `APP_ENV=development\nAPP_PORT=${closedPort()}\nDB_DIALECT=sqlite\n`);
  main = path.join(dir, 'storage/db/nocobase.sqlite');
  sub = path.join(dir, 'storage/db/branch.sqlite');
  const schema = nocobaseSchemaSql('postgres', {}, {
    version: '2.1.3',
    dataSources: [{ key: 'pgsrc', displayName: 'PG', type: 'postgres', options: { host: '127.0.0.1', port: pg.port, database: 'postgres', username: 'nobody', password: 'nope' } }],
    applications: [{ name: 'branch' }],
  });
  await execa('sqlite3', [main], { input: `${schema}\ncreate view recent as select * from "posts";\ncreate trigger t after insert on "posts" begin select 1; end;\ncreate index posts_title on "posts"("title");` });
  await execa('sqlite3', [sub], { input: 'create table notes (id integer primary key, body text); insert into notes (body) values (\'hi\');' });
});

const dump = async (file: string) => (await execa('sqlite3', [file, '.dump'])).stdout;

describe('a SQLite install', () => {
  it('lists the main file, the sub-app file beside it and the sources its records name', async () => {
    const result = await runCli(['scan', dir, '--json']);
    const items = Object.fromEntries(JSON.parse(String(result.stdout)).installs[0].items.map((i: { id: string }) => [i.id, i]));
    expect(items.main).toMatchObject({ status: 'ok', engine: 'sqlite', file: main });
    expect(items['subapp:branch']).toMatchObject({ status: 'ok', engine: 'sqlite', file: sub });
    expect(items['external:pgsrc']).toMatchObject({ status: 'auth-failed' });
    expect(items['storage:db']).toMatchObject({ status: 'unsupported', selected: false });
  });

  it('backs up each file through SQLite’s online backup, restorable as an identical database', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-sets-'));
    const result = await runCli(['backup', '--install', dir, '--items', 'main,subapp:branch', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    for (const [file, source] of [['main.sqlite.zst', main], ['subapp--branch.sqlite.zst', sub]]) {
      const restored = path.join(out, `${file}.restored`);
      await execa('zstd', ['-d', '-q', '-o', restored, path.join(set, file)]);
      expect(await dump(restored)).toBe(await dump(source));
    }
    expect((await runCli(['verify', set])).exitCode).toBe(0);
  });
});

describe('a SQLite install on a machine without the sqlite3 CLI', () => {
  it('is backed up by SQLite in WebAssembly when nothing has the file open, and refused while something does', async () => {
    const { symlinkSync } = await import('node:fs');
    const { open } = await import('node:fs/promises');
    const bin = mkdtempSync(path.join(os.tmpdir(), 'nbtest-nosqlite-'));
    for (const tool of ['node', 'zstd', 'tar', 'pg_dump']) {
      const found = (await execa('which', [tool === 'node' ? process.execPath : tool], { reject: false })).stdout || process.execPath;
      symlinkSync(found, path.join(bin, tool));
    }
    const env = { PATH: bin };
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-nosqlite-sets-'));
    const result = await runCli(['backup', '--install', dir, '--items', 'main', '--out', out, '--json'], { env });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const set = JSON.parse(String(result.stdout)).set;
    const restored = path.join(out, 'restored.sqlite');
    await execa('zstd', ['-d', '-q', '-o', restored, path.join(set, 'main.sqlite.zst')]);
    expect(await dump(restored)).toBe(await dump(main));

    // A process holding the database open may be writing it: no raw copy then.
    const handle = await open(main, 'r');
    try {
      const busy = await runCli(['backup', '--install', dir, '--items', 'main', '--out', out, '--json'], { env });
      expect(busy.exitCode).toBe(1);
      expect(JSON.parse(String(busy.stdout)).items[0].error).toMatch(/nocobase\.sqlite is in use and sqlite3 is not installed for an online backup \(install sqlite3/);
    } finally {
      await handle.close();
    }
  });
});

describe('restoring a SQLite install', () => {
  it('swaps the database file and the whole storage folder in, keeping raw database folders and the old storage', async () => {
    const { cpSync, existsSync, readdirSync: ls, writeFileSync: write } = await import('node:fs');
    const { snapshot } = await import('../support/tree-snapshot.js');
    write(path.join(dir, 'storage/uploads/photo.jpg'), 'the backed-up photo');
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-restore-sets-'));
    const backup = await runCli(['backup', '--install', dir, '--items', 'main,storage', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const set = JSON.parse(String(backup.stdout)).set;

    const target = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-target-'));
    cpSync(dir, target, { recursive: true });
    const targetDb = path.join(target, 'storage/db/nocobase.sqlite');
    await execa('sqlite3', [targetDb, `insert into "posts" ("title") values ('written after the backup'); create table later (x);`]);
    write(path.join(target, 'storage/uploads/photo.jpg'), 'changed later');
    write(path.join(target, 'storage/uploads/new-after-backup.txt'), 'x');

    const result = await runCli(['restore', set, '--to', target, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(await dump(targetDb)).toBe(await dump(main));
    expect(snapshot(path.join(target, 'storage/uploads'))).toEqual(snapshot(path.join(dir, 'storage/uploads')));
    // storage/db was never archived: the restored database file sits where it was swapped in.
    expect(existsSync(path.join(target, 'storage/db/branch.sqlite'))).toBe(true);
    const backupFolder = ls(target).find((n) => n.startsWith('storage-bak-'));
    expect(backupFolder).toBeDefined();
    expect(readFileSync(path.join(target, backupFolder as string, 'uploads/photo.jpg'), 'utf8')).toBe('changed later');
  });
});
