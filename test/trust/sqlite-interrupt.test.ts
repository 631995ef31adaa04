import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../support/child-env.js';
import { nocobaseSchemaSql } from '../support/nocobase-schema.js';
import { processesMentioning, stillRunning, treePids } from '../support/processes.js';
import { runCli } from '../support/run-cli.js';
import { waitFor } from '../support/wait-for.js';

let dir: string;
let main: string;
let set: string;


/** A SQLite install big enough (~40 MB) that its backup and restore take a moment to interrupt. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-int-'));
  mkdirSync(path.join(dir, 'storage/db'), { recursive: true });
  mkdirSync(path.join(dir, 'storage/uploads'), { recursive: true });
  writeFileSync(path.join(dir, 'storage/uploads/a.txt'), 'attachment');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'dev', dependencies: { '@nocobase/app': '2.1.3' } }));
  writeFileSync(path.join(dir, '.env'), `DB_DIALECT=sqlite\nAPP_PORT=${closedPort()}\n`);
  main = path.join(dir, 'storage/db/nocobase.sqlite');
  const big = `create table big (x text); with recursive n(i) as (select 1 union all select i + 1 from n where i < 400000) insert into big select hex(randomblob(48)) from n;`;
  await execa('sqlite3', [main], { input: `${nocobaseSchemaSql('postgres', {}, { version: '2.1.3' })}\n${big}` });
  const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-int-sets-'));
  const backup = await runCli(['backup', '--install', dir, '--items', 'main,storage:uploads', '--out', out, '--compress', 'gzip', '--json']);
  expect(backup.exitCode, String(backup.stderr)).toBe(0);
  set = JSON.parse(String(backup.stdout)).set;
});

describe('interrupting a SQLite install', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s during its backup stops sqlite3 and zstd and leaves no set (exit 130)', async (signal) => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-sqlite-int-b-'));
    const child = runCli(['backup', '--install', dir, '--items', 'main,storage:uploads', '--out', out]);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => /\[main\] started/.test(stderr) && readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.partial')), { what: 'the SQLite dump to be under way', lastSeen: () => stderr });
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(readdirSync(out)).toEqual([]);
    expect(processesMentioning(main)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s during its restore leaves the live file exactly as it was, with no copy beside it (exit 130)', async (signal) => {
    await execa('sqlite3', [main, "insert into posts (title, body) values ('after the backup', 'x')"]);
    const before = readFileSync(main);
    const child = runCli(['restore', set, '--to', dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => /\[main\] start/.test(stderr) && readdirSync(path.dirname(main)).some((f) => f.includes('.nbr-')), { what: 'the SQLite file to be being written', lastSeen: () => stderr });
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(readFileSync(main).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(main)).filter((f) => /\.nb(r|old)-/.test(f))).toEqual([]);
    expect(existsSync(path.join(dir, 'storage/uploads/a.txt'))).toBe(true);
  });

  it('SIGKILL during its restore leaves the live file exactly as it was; the next restore says so first, naming the half-written copy', async () => {
    await execa('sqlite3', [main, "insert into posts (title, body) values ('before the kill', 'x')"]);
    const before = readFileSync(main);
    const child = runCli(['restore', set, '--to', dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => /\[main\] start/.test(stderr) && readdirSync(path.dirname(main)).some((f) => f.includes('.nbr-')), { what: 'the SQLite file to be being written', lastSeen: () => stderr });
    const tree = treePids(child.pid as number);
    child.kill('SIGKILL');
    await child;
    await waitFor(() => stillRunning(tree).length === 0, { what: 'its children to end with it', lastSeen: () => stillRunning(tree).join('\n') });
    expect(readFileSync(main).equals(before)).toBe(true);
    const [copy] = readdirSync(path.dirname(main)).filter((f) => f.includes('.nbr-'));
    const stamp = /\.nbr-(\d{14})$/.exec(copy)?.[1];
    expect(stamp, copy).toBeDefined();
    const next = await runCli(['restore', set, '--to', dir, '--yes', '--no-upgrade', '--no-snapshot', '--json']);
    expect(next.exitCode).toBe(3);
    expect(JSON.parse(String(next.stdout)).preflight).toContainEqual(expect.objectContaining({ id: 'earlier-restore', ok: false, fix: expect.stringContaining(`after ${stamp}`) }));
    expect(readFileSync(main).equals(before)).toBe(true);
    rmSync(path.join(path.dirname(main), copy));
    for (const left of readdirSync(dir).filter((n) => n.startsWith('.nbrestore-'))) rmSync(path.join(dir, left), { recursive: true });
  });
});
