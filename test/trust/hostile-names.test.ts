import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { mariaAdmin } from '../support/mariadb-server.js';
import { pgAdmin } from '../support/pg-server.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';

const pg = inject('pg');
const maria = inject('maria');

/**
 * Database names an app admin can type into a data source: each must stay a name — never a connection
 * string, an option, a pattern or a path. 63 bytes is PostgreSQL's limit, reached with two-byte letters.
 */
const HOSTILE = ['a=b host=127.0.0.2 port=1 dbname=x', '-x', '--all-databases', '*', 'a?b', `it's "q"`, 'back\\slash', 'line\nbreak', `${'ä'.repeat(31)}x`, '..'];

let rich: RichInstall;
const pgNames: string[] = [];
const mariaNames: string[] = [];
const pgq = (n: string) => `"${n.replace(/"/g, '""')}"`;
const myq = (n: string) => `\`${n.replace(/`/g, '``')}\``;
const pgIds = () => pgNames.map((_, i) => `external:pg${i}`);
const mariaIds = () => mariaNames.map((_, i) => `external:my${i}`);

async function markers(): Promise<string[]> {
  const out: string[] = [];
  for (const n of pgNames) out.push(String((await pgAdmin(pg, 'select x from marker', n))[0].rows[0].x));
  for (const n of mariaNames) out.push(String(((await mariaAdmin(maria, 'select x from marker', n)) as { x: string }[])[0].x));
  return out;
}

beforeAll(async () => {
  rich = await buildRichInstall(pg, maria);
  for (const name of HOSTILE) {
    await pgAdmin(pg, `create database ${pgq(name)} owner ${rich.user}`);
    await pgAdmin(pg, `set role ${rich.user}; create table marker (x text); insert into marker values (${`'${name.replace(/'/g, "''")}'`})`, name);
    pgNames.push(name);
    // MariaDB refuses some names outright: those are the server's limits, not nbbackup's.
    const made = await mariaAdmin(maria, `create database ${myq(name)}`).then(() => true, () => false);
    if (!made) continue;
    await mariaAdmin(maria, `create table marker (x text); insert into marker values (?)`.replace('?', `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`), name);
    mariaNames.push(name);
  }
  const rows = [
    ...pgNames.map((n, i) => ({ key: `pg${i}`, type: 'postgres', database: n, port: pg.port })),
    ...mariaNames.map((n, i) => ({ key: `my${i}`, type: 'mariadb', database: n, port: maria.port })),
  ];
  const values = rows.map((r) => `('${r.key}', '${r.key}', '${r.type}', '${JSON.stringify({ host: '127.0.0.1', port: r.port, database: r.database, username: rich.user, password: HARD_PASSWORD }).replace(/'/g, "''")}', true)`);
  // A sub-app row NocoBase itself would refuse (its uid rule), named as a pg_dump pattern that matches every schema.
  await pgAdmin(pg, `insert into "dataSources" (key, "displayName", type, options, enabled) values ${values.join(', ')}; insert into applications (name, status, options) values ('*', 'running', '{"dbConnType":"new_schema"}')`, rich.pgDb);
});
afterAll(async () => {
  for (const n of pgNames) await pgAdmin(pg, `drop database if exists ${pgq(n)} with (force)`).catch(() => undefined);
  for (const n of mariaNames) await mariaAdmin(maria, `drop database if exists ${myq(n)}`).catch(() => undefined);
  await rich?.cleanup();
});

describe('hostile database names from the app’s own tables', () => {
  it('are created on both servers, MariaDB taking at least the option and pattern look-alikes', () => {
    expect(pgNames).toEqual(HOSTILE);
    expect(mariaNames).toEqual(expect.arrayContaining(['--all-databases', '-x', '*', 'a?b', `it's "q"`, 'a=b host=127.0.0.2 port=1 dbname=x']));
  });

  it('are probed, dumped, read back, checked for rights and restored as the very databases they name', async () => {
    const scan = await runCli(['scan', rich.dir, '--json']);
    const items = Object.fromEntries(JSON.parse(String(scan.stdout)).installs[0].items.map((i: { id: string }) => [i.id, i]));
    for (const id of [...pgIds(), ...mariaIds()]) expect(items[id], id).toMatchObject({ status: 'ok' });
    // NocoBase's own rule refuses the name `*`: reported, never used as a schema pattern.
    expect(items['subapp:*']).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('is not one NocoBase accepts') });
    expect(items.main.excludeSchemas ?? []).not.toContain('*');

    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-names-'));
    const ids = ['main', ...pgIds(), ...mariaIds()];
    const backup = await runCli(['backup', '--install', rich.dir, '--items', ids.join(','), '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    const report = JSON.parse(String(backup.stdout));
    expect(report.items.filter((i: { status: string }) => i.status !== 'ok')).toEqual([]);
    // Each MariaDB dump holds its own database only: `--all-databases` stayed a name.
    for (const [i, name] of mariaNames.entries()) {
      const file = report.items.find((x: { id: string }) => x.id === `external:my${i}`).file;
      const sql = (await execa('zstd', ['-dc', path.join(report.set, file)])).stdout;
      expect(sql, name).not.toMatch(/CREATE DATABASE|^USE /m);
      expect(sql.match(/CREATE TABLE/g)).toHaveLength(1);
    }
    // The main database kept all its tables: the `*` row never became an --exclude-schema pattern.
    const mainFile = report.items.find((x: { id: string }) => x.id === 'main').file;
    const toc = (await execa('bash', ['-c', 'zstd -dc "$0" | pg_restore --list', path.join(report.set, mainFile)])).stdout;
    expect(toc).toMatch(/TABLE public "?posts"?/);

    for (const n of pgNames) await pgAdmin(pg, `update marker set x = 'changed'`, n);
    for (const n of mariaNames) await mariaAdmin(maria, `update marker set x = 'changed'`, n);
    const restore = await runCli(['restore', report.set, '--to', rich.dir, '--items', [...pgIds(), ...mariaIds()].join(','), '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(restore.exitCode, `${restore.stderr}${restore.stdout}`).toBe(0);
    expect(await markers()).toEqual([...pgNames, ...mariaNames]);
    // No fresh or kept-aside copy was left behind, 63-byte names included.
    const [{ rows }] = await pgAdmin(pg, `select datname from pg_database where datname ~ '_nb(r|old)_\\d{14}$'`);
    const ours = (rows as { datname: string }[]).filter((r) => pgNames.some((n) => n.startsWith(r.datname.replace(/_nb(r|old)_\d{14}$/, ''))));
    expect(ours).toEqual([]);
    // A scan, a backup and a restore of every hostile name: over a minute when the suite's tmux tests
    // share the two cores with it.
  }, 240_000);
});

describe('a target the app user cannot fully read, or with a sub-app that never started', () => {
  it('restores main when a schema-mode sub-app named in the target has no schema yet', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-ghost-'));
    const backup = await runCli(['backup', '--install', rich.dir, '--items', 'main', '--out', out, '--json']);
    expect(backup.exitCode, String(backup.stderr)).toBe(0);
    await pgAdmin(pg, `insert into applications (name, status, options) values ('ghost_app', 'running', '{"dbConnType":"new_schema"}')`, rich.pgDb);
    const restore = await runCli(['restore', JSON.parse(String(backup.stdout)).set, '--to', rich.dir, '--items', 'main', '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(restore.exitCode, `${restore.stderr}${restore.stdout}`).toBe(0);
  });

  it('names, before asking anything, a table the app user cannot read', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-unreadable-'));
    const backup = await runCli(['backup', '--install', rich.dir, '--items', 'main', '--out', out, '--json']);
    await pgAdmin(pg, `create table not_yours (x int); revoke all on not_yours from public`, rich.pgDb);
    const restore = await runCli(['restore', JSON.parse(String(backup.stdout)).set, '--to', rich.dir, '--items', 'main', '--yes', '--no-upgrade', '--json']);
    expect(restore.exitCode).toBe(3);
    const rights = JSON.parse(String(restore.stdout)).preflight.find((c: { id: string }) => c.id === 'rights:main');
    expect(rights).toMatchObject({ ok: false, detail: expect.stringContaining('cannot read public.not_yours') });
    await pgAdmin(pg, `drop table not_yours`, rich.pgDb);
  });
});
