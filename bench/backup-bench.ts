/**
 * npm run bench [-- --size MB]
 * Times nbbackup against doing the same work by hand with the native tools, in the same run on the
 * same data, and writes the results to bench/RESULTS.md.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { startMariaDb, stopMariaDb } from '../test/support/mariadb-server.js';
import { startPostgres, stopPostgres } from '../test/support/pg-server.js';
import { buildBenchInstall, type BenchInstall } from './bench-fixture.js';
import { measure, time } from './measure.js';
import { TmuxSession } from '../test/support/tmux.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '300' }, out: { type: 'string', default: 'bench/RESULTS.md' } } });
const SIZE = Number(values.size);
const CLI = path.resolve('dist/cli.js');
const lines: string[] = [];
const say = (line = '') => {
  console.log(line);
  lines.push(line);
};
const fmt = (s: number) => `${s.toFixed(2)} s`;
const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true }).reduce((sum: number, f) => {
    const st = statSync(path.join(dir, String(f)));
    return sum + (st.isFile() ? st.size : 0);
  }, 0);
}

/** CPU seconds of a live process and of the children it has waited for. */
function cpuOf(pid: number): { own: number; children: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { own: (Number(fields[11]) + Number(fields[12])) / 100, children: (Number(fields[13]) + Number(fields[14])) / 100 };
}

async function manualSequential(install: BenchInstall, pgPort: number, mariaPort: number, out: string): Promise<number> {
  const env = { PGPASSWORD: install.password };
  return time(async () => {
    for (const db of install.pgDatabases) {
      await execa('pg_dump', ['-Fc', '-b', '--quote-all-identifiers', '-h', '127.0.0.1', '-p', String(pgPort), '-U', install.user, '-d', db, '-f', path.join(out, `${db}.dump`)], { env });
    }
    await execa('mariadb-dump', ['--single-transaction', '--routines', '--triggers', '-h', '127.0.0.1', '-P', String(mariaPort), '-u', install.user, install.mariaDatabase], {
      env: { MYSQL_PWD: install.password },
      stdout: { file: path.join(out, 'shop.sql') },
    });
    await execa('tar', ['-czf', path.join(out, 'storage.tgz'), '-C', install.dir, 'storage']);
  });
}

async function nbbackup(install: BenchInstall, out: string, selection: string[]) {
  return measure(process.execPath, [CLI, 'backup', '--install', install.dir, ...selection, '--out', out], { env: { NBBACKUP_CONFIG: '' } });
}

async function main(): Promise<void> {
  say(`# Benchmark results`);
  say();
  say(`Run on ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- --size ${SIZE}\`.`);
  const cpu = (os.cpus()[0]?.model ?? 'unknown').trim();
  say(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL and MariaDB from the test harness (fsync off).`);
  say();
  const [pg, maria] = await Promise.all([startPostgres(), startMariaDb()]);
  const work = mkdtempSync(path.join(os.tmpdir(), 'nbbench-out-'));
  try {
    const small = await buildBenchInstall(pg, maria, SIZE / 4);
    const full = await buildBenchInstall(pg, maria, SIZE);
    say(`Fixture: main PostgreSQL (with a schema-mode sub-app), PostgreSQL and MariaDB data sources, a sub-app database, and storage/uploads; about ${SIZE} MB of data.`);
    say();

    const manualDir = mkdtempSync(path.join(work, 'manual-'));
    const manual = await manualSequential(full, pg.port, maria.port, manualDir);
    const manualBytes = folderBytes(manualDir);

    const ids = ['main', 'external:warehouse', 'external:shop', `subapp:${full.pgDatabases[2]}`, `subapp:${full.schemaApp}`, 'storage:uploads'];
    const single: Record<string, number> = {};
    for (const id of ids) single[id] = (await nbbackup(full, mkdtempSync(path.join(work, 'one-')), ['--items', id])).seconds;
    const slowest = Math.max(...Object.values(single));

    const allDir = mkdtempSync(path.join(work, 'all-'));
    const all = await nbbackup(full, allDir, ['--all']);
    const allBytes = folderBytes(allDir);
    const allSmall = await nbbackup(small, mkdtempSync(path.join(work, 'small-')), ['--all']);

    say('## Full backup');
    say();
    say('| what | wall time | output | ratio |');
    say('|---|---|---|---|');
    say(`| by hand, one after another (pg_dump -Fc ×3, mariadb-dump, tar -czf) | ${fmt(manual)} | ${mib(manualBytes)} | 1.00 |`);
    say(`| \`nbbackup backup --all\` | ${fmt(all.seconds)} | ${mib(allBytes)} | ${(all.seconds / manual).toFixed(2)} |`);
    say(`| slowest single item alone (nbbackup) | ${fmt(slowest)} | | ${(slowest / manual).toFixed(2)} |`);
    say();
    say('| item alone (nbbackup --items) | wall time |');
    say('|---|---|');
    for (const [id, s] of Object.entries(single)) say(`| ${id.replace(/_[0-9a-f]{6}$/, '')} | ${fmt(s)} |`);
    say();
    say('## The tool itself');
    say();
    say('| data | peak RSS of nbbackup | nbbackup CPU | dump tools CPU | nbbackup share |');
    say('|---|---|---|---|---|');
    for (const [label, m] of [[`${SIZE / 4} MB`, allSmall], [`${SIZE} MB`, all]] as const) {
      say(`| ${label} | ${m.peakRssMiB.toFixed(0)} MiB | ${m.ownCpu.toFixed(2)} s | ${m.childCpu.toFixed(2)} s | ${((100 * m.ownCpu) / (m.ownCpu + m.childCpu || 1)).toFixed(0)} % |`);
    }
    say();

    say('## The interactive tool');
    say();
    const tuiDir = mkdtempSync(path.join(work, 'tui-'));
    writeFileSync(path.join(tuiDir, '.nbbackuprc'), `roots:\n  - ${full.dir}\nbackupDir: ${path.join(tuiDir, 'sets')}\n`);
    const tui = await TmuxSession.start(`cd ${tuiDir} && NBBACKUP_STATE_DIR=${tuiDir}/state exec ${process.execPath} ${CLI}`);
    try {
      await tui.waitFor('1 NocoBase install on this machine.', 60000);
      const pid = await tui.pid();
      await tui.keys('Enter');
      await tui.waitFor('Which install?');
      await tui.keys('Enter');
      await tui.waitFor('tick what to back up');
      await tui.keys('Enter');
      await tui.waitFor('[ Start backup of');
      const before = cpuOf(pid);
      const started = process.hrtime.bigint();
      await tui.keys('Enter');
      const done = await tui.waitFor(/✔ Verified:|✖/, 600000);
      if (done.includes('✖')) throw new Error(`the interactive backup did not come out clean:\n${done}`);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const after = cpuOf(pid);
      const own = after.own - before.own;
      const kids = after.children - before.children;
      say('| backup of the default selection from the TUI | wall time | TUI process CPU | dump tools CPU | TUI share |');
      say('|---|---|---|---|---|');
      say(`| progress panes redrawn at most 10×/s | ${fmt(seconds)} | ${own.toFixed(2)} s | ${kids.toFixed(2)} s | ${((100 * own) / (own + kids || 1)).toFixed(0)} % |`);
      say();
      say('The TUI figure includes the verify that follows the backup (re-reading every file).');
      say();
    } finally {
      await tui.kill();
    }

    say('## Compression of the main database');
    say();
    const env = { PGPASSWORD: full.password };
    const conn = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', full.user, '-d', full.pgDatabases[0]];
    const fcFile = path.join(work, 'main-default.dump');
    const fc = await time(() => execa('pg_dump', ['-Fc', '-b', ...conn, '-f', fcFile], { env }));
    const zFile = path.join(work, 'main-z0.dump.zst');
    const z = await time(async () => {
      const dump = execa('pg_dump', ['-Fc', '-Z0', '-b', ...conn], { env, buffer: false });
      const zstd = execa('zstd', ['-3', '-T0', '-q', '-c'], { stdout: { file: zFile } });
      dump.stdout?.pipe(zstd.stdin!);
      await Promise.all([dump, zstd]);
    });
    say('| command | wall time | size |');
    say('|---|---|---|');
    say(`| pg_dump -Fc (built-in zlib) | ${fmt(fc)} | ${mib(statSync(fcFile).size)} |`);
    say(`| pg_dump -Fc -Z0 \\| zstd -3 -T0 (what nbbackup runs) | ${fmt(z)} | ${mib(statSync(zFile).size)} |`);
    say();

    say('## Parallel dump and restore of the main database');
    say();
    const customDir = mkdtempSync(path.join(work, 'custom-'));
    const customDump = await nbbackup(full, customDir, ['--items', 'main']);
    const dirDir = mkdtempSync(path.join(work, 'dir-'));
    const dirDump = await nbbackup(full, dirDir, ['--items', 'main', '--pg-jobs', '2']);
    const setOf = (d: string) => path.join(d, readdirSync(d)[0]);
    const admin = ['--host', pg.socketDir, '--port', String(pg.port), '--username', 'postgres'];
    const { pgAdmin } = await import('../test/support/pg-server.js');
    await pgAdmin(pg, 'create database bench_restore_custom');
    await pgAdmin(pg, 'create database bench_restore_dir');
    const restoreCustom = await time(async () => {
      const restore = execa(path.join(pg.binDir, 'pg_restore'), [...admin, '--dbname', 'bench_restore_custom']);
      const unzip = execa('zstd', ['-d', '-c', path.join(setOf(customDir), 'main.pgdump.zst')], { buffer: false });
      unzip.stdout?.pipe(restore.stdin!);
      await Promise.all([unzip, restore]);
    });
    const unpacked = mkdtempSync(path.join(work, 'unpacked-'));
    const restoreDir = await time(async () => {
      await execa('tar', ['--zstd', '-xf', path.join(setOf(dirDir), 'main.pgdir.tar.zst'), '-C', unpacked]);
      await execa(path.join(pg.binDir, 'pg_restore'), [...admin, '--dbname', 'bench_restore_dir', '--jobs', '2', unpacked]);
    });
    say('| format | dump (nbbackup) | restore | ratio of restore |');
    say('|---|---|---|---|');
    say(`| custom, streamed (default): zstd -d \\| pg_restore, one job | ${fmt(customDump.seconds)} | ${fmt(restoreCustom)} | 1.00 |`);
    say(`| directory, --pg-jobs 2: untar, pg_restore -j 2 | ${fmt(dirDump.seconds)} | ${fmt(restoreDir)} | ${(restoreDir / restoreCustom).toFixed(2)} |`);
    say();

    say('## Storage');
    say();
    const tzFile = path.join(work, 'uploads.tar.zst');
    const tz = await time(async () => {
      const tar = execa('tar', ['-cf', '-', '-C', path.join(full.dir, 'storage'), 'uploads'], { buffer: false });
      const zstd = execa('zstd', ['-3', '-T0', '-q', '-c'], { stdout: { file: tzFile } });
      tar.stdout?.pipe(zstd.stdin!);
      await Promise.all([tar, zstd]);
    });
    say('| command | wall time | ratio |');
    say('|---|---|---|');
    say(`| tar -cf - uploads \\| zstd -3 -T0 | ${fmt(tz)} | 1.00 |`);
    say(`| nbbackup --items storage:uploads | ${fmt(single['storage:uploads'])} | ${(single['storage:uploads'] / tz).toFixed(2)} |`);
    say();
    say('Times include starting Node and taking the inventory (about 0.3 s per nbbackup run).');
    for (const inst of [small, full]) rmSync(inst.dir, { recursive: true, force: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
    await Promise.all([stopPostgres(pg), stopMariaDb(maria)]);
  }
  writeFileSync(values.out as string, `${lines.join('\n')}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
