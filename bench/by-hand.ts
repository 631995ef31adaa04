/**
 * The same jobs as nbbackup's, done by hand with the native tools — the yardsticks every bench figure is a
 * ratio of. Pipes go process to process (the kernel copies, not Node), as a shell's `|` would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { MariaDbServerInfo } from '../test/support/mariadb-server.js';
import type { PgServerInfo } from '../test/support/pg-server.js';
import type { BenchInstall } from './bench-fixture.js';

export interface Cmd {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

/** Runs `a | b | …` with stdout of the last into `outFile` (or nowhere), stdin of the first from `inFile`. */
export function pipeline(cmds: readonly Cmd[], outFile?: string, inFile?: string): Promise<void> {
  const out = outFile ? openSync(outFile, 'w', 0o600) : 'ignore';
  const input = inFile ? openSync(inFile, 'r') : 'ignore';
  const children: ChildProcess[] = [];
  let stdin: number | 'ignore' | NodeJS.ReadableStream = input;
  for (const [i, cmd] of cmds.entries()) {
    const last = i === cmds.length - 1;
    const child = spawn(cmd.file, [...cmd.args], { env: { ...process.env, ...cmd.env }, stdio: [stdin as never, last ? out : 'pipe', 'pipe'] });
    children.push(child);
    // The next child holds its own copy of this pipe; ours is closed so the child's end is seen.
    if (typeof stdin === 'object') (stdin as NodeJS.ReadableStream & { destroy(): void }).destroy();
    if (!last) stdin = child.stdout as NodeJS.ReadableStream;
  }
  const done = children.map(
    (child, i) =>
      new Promise<void>((resolve, reject) => {
        let err = '';
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 || (cmds[i].file === 'tar' && code === 1) ? resolve() : reject(new Error(`${cmds[i].file} exit ${code}: ${err.slice(-300)}`))));
      }),
  );
  return Promise.all(done).then(
    () => undefined,
    (error: unknown) => {
      for (const child of children) child.kill();
      throw error;
    },
  ).finally(() => {
    if (typeof out === 'number') closeSync(out);
    if (typeof input === 'number') closeSync(input);
  });
}

export interface Servers {
  readonly pg: PgServerInfo;
  readonly maria: MariaDbServerInfo;
}

const pgConn = (s: Servers, b: BenchInstall, db: string) => ['-h', '127.0.0.1', '-p', String(s.pg.port), '-U', b.user, '-d', db];
const mariaConn = (s: Servers, b: BenchInstall) => ['-h', '127.0.0.1', '-P', String(s.maria.port), '-u', b.user];

/** What an operator types today (the seed's commands): pg_dump -Fc per database, mariadb-dump, tar -czf. */
export function seedJobs(s: Servers, b: BenchInstall, out: string): (() => Promise<void>)[] {
  const pgEnv = { PGPASSWORD: b.password };
  return [
    ...b.pgDatabases.map((db) => () => pipeline([{ file: path.join(s.pg.binDir, 'pg_dump'), args: ['-Fc', '-b', ...pgConn(s, b, db), '-f', path.join(out, `${db}.dump`)], env: pgEnv }])),
    () => pipeline([{ file: 'mariadb-dump', args: ['--single-transaction', '--routines', '--triggers', ...mariaConn(s, b), b.mariaDatabase], env: { MYSQL_PWD: b.password } }], path.join(out, 'shop.sql')),
    () => pipeline([{ file: 'tar', args: ['-czf', path.join(out, 'storage.tgz'), '-C', b.dir, 'storage'] }]),
  ];
}

/** One dump of the limit job: its pipeline and the file it ends in. */
export interface LimitStep {
  readonly cmds: readonly Cmd[];
  readonly file: string;
}

/** The machine's limit: the same dumps at once, raw, each piped into a single-threaded `zstd -1`. */
export function limitSteps(s: Servers, b: BenchInstall, out: string, level: readonly string[] = ['-1']): LimitStep[] {
  const zstd = { file: 'zstd', args: [...level, '-q', '-c'] };
  const pgEnv = { PGPASSWORD: b.password };
  return [
    ...b.pgDatabases.map((db) => ({ cmds: [{ file: path.join(s.pg.binDir, 'pg_dump'), args: ['-Fc', '-Z0', '-b', ...pgConn(s, b, db)], env: pgEnv }, zstd], file: path.join(out, `${db}.dump.zst`) })),
    { cmds: [{ file: 'mariadb-dump', args: ['--single-transaction', '--routines', '--triggers', ...mariaConn(s, b), b.mariaDatabase], env: { MYSQL_PWD: b.password } }, zstd], file: path.join(out, 'shop.sql.zst') },
    { cmds: [{ file: 'tar', args: ['-cf', '-', '-C', b.dir, 'storage'] }, zstd], file: path.join(out, 'storage.tar.zst') },
  ];
}

export function limitJobs(s: Servers, b: BenchInstall, out: string, level: readonly string[] = ['-1']): (() => Promise<void>)[] {
  return limitSteps(s, b, out, level).map((step) => () => pipeline(step.cmds, step.file));
}

export async function oneAfterAnother(jobs: readonly (() => Promise<void>)[]): Promise<void> {
  for (const job of jobs) await job();
}

export async function allAtOnce(jobs: readonly (() => Promise<void>)[]): Promise<void> {
  await Promise.all(jobs.map((job) => job()));
}

/** A restore by hand of nbbackup's own set files into fresh databases and a fresh folder, all at once. */
export function restoreJobs(s: Servers, b: BenchInstall, files: { pg: Record<string, string>; maria: string; storage: string }, suffix: string, into: string): { prepare: string[]; jobs: (() => Promise<void>)[] } {
  const unzst = (file: string) => ({ file: 'zstd', args: ['-d', '-q', '-c', file] });
  return {
    prepare: Object.keys(files.pg).map((db) => `${db}_${suffix}`),
    jobs: [
      ...Object.entries(files.pg).map(([db, file]) => () => pipeline([unzst(file), { file: path.join(s.pg.binDir, 'pg_restore'), args: ['-h', '127.0.0.1', '-p', String(s.pg.port), '-U', b.user, '--no-owner', '--dbname', `${db}_${suffix}`], env: { PGPASSWORD: b.password } }])),
      () => pipeline([unzst(files.maria), { file: 'mariadb', args: [...mariaConn(s, b), `${b.mariaDatabase}_${suffix}`], env: { MYSQL_PWD: b.password } }]),
      () => pipeline([{ file: 'tar', args: ['--zstd', '-xf', files.storage, '-C', into] }]),
    ],
  };
}
