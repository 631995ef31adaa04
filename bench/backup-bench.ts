/**
 * npm run bench [-- --size MB --small MB --only SECTION,… --out FILE]
 * Times nbbackup against the same work done by hand with the native tools, in one run on the same data,
 * prints every figure as a ratio, and writes bench/RESULTS.md. Goals: issue "Speed" (README, Speed).
 * `--only` runs some sections and writes nothing unless --out is given, so a part never overwrites the whole.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { holdClosedPort } from '../test/support/closed-port.js';
import { mariaAdmin, startMariaDb, stopMariaDb } from '../test/support/mariadb-server.js';
import { pgAdmin, startPostgres, stopPostgres } from '../test/support/pg-server.js';
import { buildBenchInstall, type BenchInstall } from './bench-fixture.js';
import { allAtOnce, limitJobs, oneAfterAnother, restoreJobs, seedJobs, type Servers } from './by-hand.js';
import { measure, time } from './measure.js';
import { copyOverhead, encryptionOverhead } from './overheads.js';
import { folderBytes, fresh, goal, goals, lines, medianOf, mib, ratio, s2, say, setIn } from './report.js';
import { CLI, commandSeconds, launchToFirstDump, tuiTimes } from './start-up.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '300' }, small: { type: 'string', default: '130' }, only: { type: 'string' }, out: { type: 'string' } } });
const SECTIONS = ['start-up', 'sizing', 'backup', 'encryption', 'copy', 'compression'] as const;
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown?.length) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
const runs = (section: (typeof SECTIONS)[number]) => !only || only.includes(section);
const out = values.out ?? (only ? undefined : 'bench/RESULTS.md');

async function startUp(servers: Servers, install: BenchInstall, work: string): Promise<void> {
  say('## Start-up (median of several runs)');
  say();
  const node = await commandSeconds(['-e', '0']);
  const help = await commandSeconds([CLI, '--help']);
  const scan = await commandSeconds([CLI, 'scan', '--offline', install.dir], 7, { NBBACKUP_CONFIG: '' });
  const tools = { pg_dump: path.join(servers.pg.binDir, 'pg_dump'), 'mariadb-dump': '/usr/bin/mariadb-dump', tar: '/usr/bin/tar' };
  const firstMain = await launchToFirstDump(['backup', '--install', install.dir, '--items', 'main', '--out', fresh(work, 'first')], tools);
  const firstAll = await launchToFirstDump(['backup', '--install', install.dir, '--all', '--out', fresh(work, 'first')], tools);
  say('| what | wall time | less node itself |');
  say('|---|---|---|');
  say(`| \`node -e 0\` (Node's own start) | ${s2(node)} | |`);
  say(`| \`nbbackup --help\` | ${s2(help)} | ${s2(help - node)} |`);
  say(`| \`nbbackup scan --offline\` of one install | ${s2(scan)} | ${s2(scan - node)} |`);
  say(`| launch → first dump tool running, \`backup --items main\` | ${s2(firstMain)} | ${s2(firstMain - node)} |`);
  say(`| launch → first dump tool running, \`backup --all\` (probes every server first) | ${s2(firstAll)} | ${s2(firstAll - node)} |`);
  say();
  goal('`--help` ≤ 0.3 s', s2(help), help <= 0.3);
  goal('`scan --offline` of one install ≤ 0.3 s', s2(scan), scan <= 0.3);
  goal('first dump ≤ 0.25 s after launch (`--items main`)', s2(firstMain), firstMain <= 0.25);

  // A tree of 20,000 folders around the install: the walk must not hold the first frame back.
  const roots = fresh(work, 'roots');
  for (let a = 0; a < 200; a++) for (let b = 0; b < 100; b++) mkdirSync(path.join(roots, `team${a}`, `project${b}`), { recursive: true });
  await execa('cp', ['-a', install.dir, path.join(roots, 'team199', 'project99', 'crm')]);
  const cwd = fresh(work, 'tui');
  writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${roots}\nbackupDir: ${path.join(cwd, 'sets')}\n`);
  const tui = await tuiTimes(cwd, ['Back up', '1 NocoBase install'], { NBBACKUP_STATE_DIR: path.join(cwd, 'state') });
  const walk = await time(() => execa('find', [roots, '-type', 'd'], { stdout: 'ignore' }));
  say('| interactive tool, roots holding 20,000 folders | seconds after launch |');
  say('|---|---|');
  say(`| home menu drawn | ${s2(tui['Back up'])} |`);
  say(`| the install listed (walk and inventory done) | ${s2(tui['1 NocoBase install'])} |`);
  say(`| for scale: \`find\` of the same roots | ${s2(walk)} |`);
  say();
  goal('TUI menu drawn ≤ 0.3 s whatever the roots hold', s2(tui['Back up']), tui['Back up'] <= 0.3);
}

async function sizing(work: string): Promise<void> {
  const dir = fresh(work, 'many');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'many', dependencies: { '@nocobase/cli': '1.9.3' } }));
  writeFileSync(path.join(dir, '.env'), 'DB_DIALECT=postgres\nDB_HOST=127.0.0.1\nDB_PORT=1\nDB_DATABASE=x\nDB_USER=x\nDB_PASSWORD=x\n');
  const uploads = path.join(dir, 'storage', 'uploads');
  for (let d = 0; d < 200; d++) {
    mkdirSync(path.join(uploads, String(d)), { recursive: true });
    for (let f = 0; f < 1000; f++) writeFileSync(path.join(uploads, String(d), `${f}.txt`), 'x'.repeat(f % 50));
  }
  const du = await medianOf(3, () => time(() => execa('du', ['-s', path.join(dir, 'storage')], { stdout: 'ignore' })));
  const scan = await commandSeconds([CLI, 'scan', '--offline', dir], 3, { NBBACKUP_CONFIG: '' });
  say('## Storage sizing: 200,000 files (warm cache, median of 3)');
  say();
  say('| command | wall time | ratio to du |');
  say('|---|---|---|');
  say(`| \`du -s storage\` | ${s2(du)} | 1.00 |`);
  say(`| \`nbbackup scan --offline\` (sizes every storage folder, start-up included) | ${s2(scan)} | ${ratio(scan, du)} |`);
  say();
  goal('storage sizing ≤ 2× `du -s` on 200k files', `${ratio(scan, du)}×`, scan / du <= 2);
  rmSync(dir, { recursive: true, force: true });
}

async function backupAndRestore(servers: Servers, b: BenchInstall, work: string, label: string): Promise<void> {
  say(`## ${label}`);
  say();
  // One untimed pass, so every variant reads from a warm page cache.
  await allAtOnce(limitJobs(servers, b, fresh(work, 'warm')));
  let seedBytes = 0;
  const seq = await medianOf(3, async () => {
    const out = fresh(work, 'seed');
    const t = await time(() => oneAfterAnother(seedJobs(servers, b, out)));
    seedBytes = folderBytes(out);
    return t;
  });
  const together = await medianOf(3, () => time(() => allAtOnce(seedJobs(servers, b, fresh(work, 'seedall')))));
  let limitBytes = 0;
  const limit = await medianOf(3, async () => {
    const out = fresh(work, 'limit');
    const t = await time(() => allAtOnce(limitJobs(servers, b, out)));
    limitBytes = folderBytes(out);
    return t;
  });
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const out = fresh(work, 'nb');
    runs.push({ m: await measure(process.execPath, [CLI, 'backup', '--install', b.dir, '--all', '--out', out], { env: { NBBACKUP_CONFIG: '' } }, /verifying the set/), out });
  }
  runs.sort((x, y) => x.m.seconds - y.m.seconds);
  const { m: nb, out: nbOut } = runs[1];
  const nbBytes = folderBytes(nbOut);
  const dumps = nb.markSeconds ?? nb.seconds;
  say('| full backup | wall time | output | ratio to the limit | ratio to one after another |');
  say('|---|---|---|---|---|');
  say(`| by hand, one after another (pg_dump -Fc ×3, mariadb-dump, tar -czf) | ${s2(seq)} | ${mib(seedBytes)} | ${ratio(seq, limit)} | 1.00 |`);
  say(`| by hand, the same commands all at once | ${s2(together)} | ${mib(seedBytes)} | ${ratio(together, limit)} | ${ratio(together, seq)} |`);
  say(`| the limit: all at once, raw dumps each into \`zstd -1\` | ${s2(limit)} | ${mib(limitBytes)} | 1.00 | ${ratio(limit, seq)} |`);
  say(`| \`nbbackup backup --all\`: dumps | ${s2(dumps)} | ${mib(nbBytes)} | ${ratio(dumps, limit)} | ${ratio(dumps, seq)} |`);
  say(`| \`nbbackup backup --all\`: dumps and the verify that follows | ${s2(nb.seconds)} | | ${ratio(nb.seconds, limit)} | ${ratio(nb.seconds, seq)} |`);
  say();
  say(`nbbackup itself: peak RSS ${nb.peakRssMiB.toFixed(0)} MiB; CPU ${nb.ownCpu.toFixed(2)} s against its tools' ${nb.childCpu.toFixed(2)} s (${((100 * nb.ownCpu) / (nb.childCpu || 1)).toFixed(0)} %).`);
  say();
  goal(`${label}: backup ≤ 1.1× the limit`, `${ratio(dumps, limit)}× (dumps), ${ratio(nb.seconds, limit)}× with verify`, dumps / limit <= 1.1);
  goal(`${label}: backup ≤ 0.6× one after another`, `${ratio(nb.seconds, seq)}× with verify`, nb.seconds / seq <= 0.6);
  goal(`${label}: output no larger than the seed's`, `${mib(nbBytes)} vs ${mib(seedBytes)}`, nbBytes <= seedBytes);
  goal(`${label}: peak RSS ≤ 120 MB`, `${nb.peakRssMiB.toFixed(0)} MiB`, nb.peakRssMiB <= 120);
  goal(`${label}: own CPU ≤ 10 % of the tools'`, `${((100 * nb.ownCpu) / (nb.childCpu || 1)).toFixed(0)} %`, nb.ownCpu / (nb.childCpu || 1) <= 0.1);

  // Restore: nbbackup's own set, by hand into fresh databases all at once, then by nbbackup (which
  // also restores into fresh databases and swaps them in), with and without its safety copy.
  const set = setIn(nbOut);
  const pgFiles = Object.fromEntries(
    [['main', b.pgDatabases[0]], ['external--warehouse', b.pgDatabases[1]], [`subapp--${b.pgDatabases[2]}`, b.pgDatabases[2]]].map(([file, db]) => [db, path.join(set, `${file}.pgdump.zst`)]),
  );
  const byHand = await medianOf(3, async () => {
    const into = fresh(work, 'restored');
    const suffix = `r${Math.random().toString(36).slice(2, 7)}`;
    const plan = restoreJobs(servers, b, { pg: pgFiles, maria: path.join(set, 'external--shop.sql.zst'), storage: path.join(set, 'storage--uploads.tar.zst') }, suffix, into);
    for (const db of plan.prepare) await pgAdmin(servers.pg, `create database ${db} owner ${b.user}`);
    await mariaAdmin(servers.maria, `create database ${b.mariaDatabase}_${suffix}`);
    const t = await time(() => allAtOnce(plan.jobs));
    for (const db of plan.prepare) await pgAdmin(servers.pg, `drop database ${db}`);
    await mariaAdmin(servers.maria, `drop database ${b.mariaDatabase}_${suffix}`);
    return t;
  });
  const restore = (snapshot: boolean) => measure(process.execPath, [CLI, 'restore', set, '--to', b.dir, '--yes', '--no-upgrade', '--out', fresh(work, 'safety'), ...(snapshot ? [] : ['--no-snapshot'])], { env: { NBBACKUP_CONFIG: '' } });
  const plain = await medianOf(3, async () => (await restore(false)).seconds);
  const withCopy = await medianOf(3, async () => (await restore(true)).seconds);
  say('| restore of that set | wall time | ratio to by hand |');
  say('|---|---|---|');
  say(`| by hand: \`zstd -d \\| pg_restore\` ×3, \`\\| mariadb\`, \`tar -x\`, all at once, into fresh databases | ${s2(byHand)} | 1.00 |`);
  say(`| \`nbbackup restore --no-snapshot\` (preflight, verify, fresh databases swapped in) | ${s2(plain)} | ${ratio(plain, byHand)} |`);
  say(`| \`nbbackup restore\` with its safety copy (the copy alone: ${s2(withCopy - plain)}) | ${s2(withCopy)} | ${ratio(withCopy, byHand)} |`);
  say();
  goal(`${label}: restore ≤ 1.15× by hand`, `${ratio(plain, byHand)}×`, plain / byHand <= 1.15);
}

async function compressionChoice(servers: Servers, b: BenchInstall, work: string): Promise<void> {
  say('## Compression: the whole limit job with each zstd setting');
  say();
  say('| zstd setting (one per dump, all at once) | wall time | output |');
  say('|---|---|---|');
  for (const args of [['-1'], ['-1', '-T0'], ['-3'], ['-3', '-T0']]) {
    let bytes = 0;
    const t = await medianOf(3, async () => {
      const out = fresh(work, 'z');
      const jobs = limitJobs(servers, b, out, args);
      const s = await time(() => allAtOnce(jobs));
      bytes = folderBytes(out);
      return s;
    });
    say(`| zstd ${args.join(' ')} | ${s2(t)} | ${mib(bytes)} |`);
  }
  say();
}

async function main(): Promise<void> {
  const big = Number(values.size);
  const small = Number(values.small);
  say('# Benchmark results');
  say();
  const flags = `--size ${big} --small ${small}${only ? ` --only ${only.join(',')}` : ''}`;
  say(`Run on ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- ${flags}\`.`);
  const cpu = (os.cpus()[0]?.model ?? 'unknown').trim();
  say(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; PostgreSQL and MariaDB from the test harness (fsync off), load before the run ${os.loadavg()[0].toFixed(2)}.`);
  say();
  const [pg, maria] = await Promise.all([startPostgres(), startMariaDb()]);
  const port = await holdClosedPort();
  const work = mkdtempSync(path.join(os.tmpdir(), 'nbbench-out-'));
  const servers = { pg, maria };
  const installs: BenchInstall[] = [];
  try {
    const compressible = await buildBenchInstall(pg, maria, small, 'compressible', port.port);
    const mixed = await buildBenchInstall(pg, maria, big, 'mixed', port.port);
    installs.push(compressible, mixed);
    say(`Fixtures: main PostgreSQL (with a schema-mode sub-app), a PostgreSQL and a MariaDB data source, a sub-app database and storage/uploads — *compressible* (${small} MB of repetitive records, as most NocoBase databases are) and *mixed* (${big} MB, partly random rows, half the uploads incompressible).`);
    say();
    if (runs('start-up')) await startUp(servers, compressible, work);
    if (runs('sizing')) await sizing(work);
    for (const [b, label] of [[compressible, `Compressible profile, ${small} MB`], [mixed, `Mixed profile, ${big} MB`]] as const) {
      if (runs('backup')) await backupAndRestore(servers, b, work, label);
      if (runs('encryption')) await encryptionOverhead(servers, b, work, label);
      if (runs('copy')) await copyOverhead(b, work, label);
    }
    if (runs('compression')) await compressionChoice(servers, mixed, work);
    if (goals.length) {
      say('## Goals');
      say();
      say('| goal | measured | |');
      say('|---|---|---|');
      for (const g of goals) say(g);
      say();
    }
  } finally {
    port.release();
    await Promise.all([stopPostgres(pg), stopMariaDb(maria)]);
    rmSync(work, { recursive: true, force: true });
    for (const install of installs) rmSync(install.dir, { recursive: true, force: true });
  }
  if (out) writeFileSync(out, `${lines.join('\n')}\n`);
}

await main();
