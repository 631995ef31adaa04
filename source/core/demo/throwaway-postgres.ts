/** PostgreSQL servers of our own: the test bed's and the demo install's (temp data dir, free port, socket inside). */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../process/free-port.js';
import { runAs, serverDir } from '../process/run-as-user.js';

export interface PgServerInfo {
  readonly port: number;
  /** Folder holding the unix socket: superuser access with no password. */
  readonly socketDir: string;
  readonly dataDir: string;
  readonly binDir: string;
  readonly version: number;
}

/** The newest installed PostgreSQL server binaries. */
export function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin/initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (!majors.length) throw new Error('PostgreSQL server binaries not found: run scripts/setup.sh (apt-get install postgresql)');
  return path.join(root, majors[0], 'bin');
}

/** A throw-away PostgreSQL: temp data dir, free port, socket in the data dir, fsync off. */
export async function startPostgres(prefix = 'nbtest-pg-'): Promise<PgServerInfo> {
  const binDir = pgBinDir();
  const dataDir = serverDir(prefix, 'postgres');
  const port = await freePort();
  await runAs('postgres', path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  await runAs('postgres', path.join(binDir, 'pg_ctl'), [
    '-D', dataDir, '-l', path.join(dataDir, 'log'), '-w', '-o',
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`,
    'start',
  ]);
  return { port, socketDir: dataDir, dataDir, binDir, version: Number(path.basename(path.dirname(binDir))) };
}

export async function stopPostgres(info: PgServerInfo): Promise<void> {
  await runAs('postgres', path.join(info.binDir, 'pg_ctl'), ['-D', info.dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
  rmSync(info.dataDir, { recursive: true, force: true });
}

/** Runs SQL as the superuser through the socket. */
export async function pgAdmin(info: PgServerInfo, sql: string, database = 'postgres'): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ host: info.socketDir, port: info.port, user: 'postgres', database });
  await client.connect();
  try {
    const result = await client.query(sql);
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}
