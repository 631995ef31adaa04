import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import mysql from 'mysql2/promise';
import { freePort } from '../../source/core/process/free-port.js';
import { IS_ROOT, runAs, serverDir } from '../../source/core/process/run-as-user.js';
import { waitFor } from './wait-for.js';

export interface MariaDbServerInfo {
  readonly port: number;
  readonly socket: string;
  readonly dataDir: string;
  /** Its own temp folder: in a shared /tmp, something else may remove its temp tables' files. */
  readonly tmpDir: string;
  readonly pid: number;
}

function binary(...names: string[]): string {
  for (const name of names) for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin']) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`${names[0]} not found: run scripts/setup.sh (apt-get install mariadb-server)`);
}

/** A throw-away MariaDB: temp data dir, free port, root with no password on the socket only. */
export async function startMariaDb(): Promise<MariaDbServerInfo> {
  const dataDir = serverDir('nbtest-maria-', 'mysql');
  const tmpDir = serverDir('nbtest-maria-tmp-', 'mysql');
  const port = await freePort();
  const user = IS_ROOT ? ['--user=mysql'] : [];
  await runAs('mysql', binary('mariadb-install-db', 'mysql_install_db'), ['--no-defaults', `--datadir=${dataDir}`, ...user, '--skip-test-db', '--auth-root-authentication-method=normal', `--tmpdir=${tmpDir}`]);
  const socket = path.join(dataDir, 's.sock');
  const child = runAs('mysql', binary('mariadbd', 'mysqld'), [
    '--no-defaults', `--datadir=${dataDir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`,
    `--pid-file=${path.join(dataDir, 'p.pid')}`, `--log-error=${path.join(dataDir, 'err')}`, ...user, '--skip-log-bin',
    '--innodb-flush-log-at-trx-commit=0', '--innodb-buffer-pool-size=64M', `--tmpdir=${tmpDir}`,
  ], { detached: true, stdio: 'ignore' });
  child.catch(() => undefined);
  await waitFor(() => existsSync(socket), { timeoutMs: 60_000, what: `MariaDB's socket (see ${path.join(dataDir, 'err')})` });
  return { port, socket, dataDir, tmpDir, pid: child.pid ?? 0 };
}

export async function stopMariaDb(info: MariaDbServerInfo): Promise<void> {
  const pidFile = path.join(info.dataDir, 'p.pid');
  const pid = existsSync(pidFile) ? Number((await execa('cat', [pidFile])).stdout) : info.pid;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await waitFor(() => !alive(pid), { timeoutMs: 60_000, what: `MariaDB (pid ${pid}) to stop` }).catch(() => undefined);
  for (const dir of [info.dataDir, info.tmpDir]) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs SQL as root through the socket. */
export async function mariaAdmin(info: MariaDbServerInfo, sql: string, database?: string): Promise<unknown> {
  const connection = await mysql.createConnection({ socketPath: info.socket, user: 'root', database, multipleStatements: true });
  try {
    const [rows] = await connection.query(sql);
    return rows;
  } finally {
    await connection.end();
  }
}
