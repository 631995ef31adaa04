import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRichInstall, type RichInstall } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { processesMentioning, treeOf } from '../support/processes.js';
import { waitFor } from '../support/wait-for.js';

const pg = inject('pg');
const maria = inject('maria');
let rich: RichInstall;

// Big enough that a dump takes a moment to interrupt: ~60 MB in PostgreSQL, ~25 MB in MariaDB.
const BIG_PG = `create table big as select g, md5(g::text) || md5((g * 7)::text) as t from generate_series(1, 700000) g;`;
const BIG_MARIA = `create table big as select s1.seq * 1000 + s2.seq as n, md5(s1.seq * 1000 + s2.seq) as t from seq_1_to_300 s1, seq_1_to_1000 s2;`;

beforeAll(async () => {
  rich = await buildRichInstall(pg, maria, BIG_PG, BIG_MARIA);
});
afterAll(async () => {
  await rich?.cleanup();
});


function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

// The backups' private runtime folder, where a login pipe would be left.
const runtime = path.join(mkdtempSync(path.join(os.tmpdir(), 'nbtest-rt-')), 'run');

async function startBackup(out: string) {
  const child = runCli(['backup', '--install', rich.dir, '--all', '--out', out, '--compress', 'gzip', '--jobs', '3'], { env: { NBBACKUP_RUNTIME_DIR: runtime } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Interrupt only once the main dump is really under way: its pg_dump running and its part file on disk.
  const underWay = () =>
    /\[main\] started/.test(stderr) &&
    processesMentioning(rich.pgDb).some((c) => c.includes('pg_dump')) &&
    filesUnder(out).some((f) => f.endsWith('.partial'));
  await waitFor(underWay, { what: 'the main dump to be under way', lastSeen: () => `${stderr}\n${filesUnder(out).join('\n')}` });
  return { child, stderr: () => stderr };
}

describe('interrupting a backup', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops every child, removes partial files and exits 130', async (signal) => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-int-'));
    const { child, stderr } = await startBackup(out);
    expect(processesMentioning(rich.pgDb).some((c) => c.includes('pg_dump'))).toBe(true);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, stderr()).toBe(130);
    // Stopped before the exit, not some time after it: nothing of it may still run now.
    expect(processesMentioning(rich.pgDb)).toEqual([]);
    expect(processesMentioning(out)).toEqual([]);
    expect(filesUnder(out)).toEqual([]);
  });

  it('SIGKILL leaves nothing that list or verify take for a complete set', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-kill-'));
    const { child } = await startBackup(out);
    child.kill('SIGKILL');
    await child;
    const [set] = readdirSync(out);
    expect(filesUnder(path.join(out, set)).some((f) => f.endsWith('.partial'))).toBe(true);
    expect(filesUnder(path.join(out, set))).not.toContain('manifest.json');
    const list = await runCli(['list', out, '--json']);
    expect(JSON.parse(String(list.stdout)).sets).toEqual([expect.objectContaining({ set: path.join(out, set), complete: false })]);
    const verify = await runCli(['verify', path.join(out, set)]);
    expect(verify.exitCode).toBe(1);
    expect(String(verify.stderr)).toContain('is not a complete backup set');
    // The kernel ends the dump tools with nbbackup (their parent-death signal).
    await waitFor(() => processesMentioning(rich.pgDb).length === 0, { what: 'the dump tools to end with nbbackup', lastSeen: () => processesMentioning(rich.pgDb).join('\n') });
    // The MariaDB login went through a named pipe: no file anywhere holds the password.
    // Regular files only: a named pipe left by the killed run would block a read.
    const holding = (dir: string) => filesUnder(dir).filter((f) => lstatSync(path.join(dir, f)).isFile() && readFileSync(path.join(dir, f), 'utf8').includes(HARD_PASSWORD));
    expect([...holding(out), ...(existsSync(runtime) ? holding(runtime) : [])]).toEqual([]);
  });

  it('never puts a password in a child argv, the manifest or the output', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nbtest-argv-'));
    const child = runCli(['backup', '--install', rich.dir, '--all', '--out', out, '--json']);
    const seen = new Set<string>();
    // Every command line nbbackup and its children run, sampled until it exits.
    await waitFor(
      () => {
        for (const cmd of treeOf(child.pid as number)) seen.add(cmd);
        return child.exitCode !== null;
      },
      { intervalMs: 5, timeoutMs: 50_000, what: 'the backup to finish' },
    );
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const commands = [...seen];
    expect(commands.some((c) => /pg_dump .*--dbname=dbname='richpg_/.test(c))).toBe(true);
    expect(commands.some((c) => /(mariadb-dump|mysqldump) --defaults-extra-file=/.test(c))).toBe(true);
    for (const cmd of commands) expect(cmd).not.toContain(HARD_PASSWORD);
    const set = JSON.parse(String(result.stdout)).set;
    expect(readFileSync(path.join(set, 'manifest.json'), 'utf8')).not.toContain(HARD_PASSWORD);
    expect(`${result.stdout}${result.stderr}`).not.toContain(HARD_PASSWORD);
    // Big dumps read back too (pg_restore --list stops after the table of contents).
    expect((await runCli(['verify', set])).exitCode).toBe(0);
    // The option file that carried the MariaDB password is gone with the work folder.
    expect(filesUnder(set).filter((f) => f.includes('.cnf') || f.startsWith('.work'))).toEqual([]);
  });
});
