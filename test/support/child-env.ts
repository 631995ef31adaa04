import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { SandboxInfo } from './sandbox.js';

/** The run's sandbox (made by the global setup). */
export function sandbox(): SandboxInfo {
  return inject('sandbox');
}

/** A port held closed for the whole run by the global setup: APP_PORT of fixtures, dead data sources. */
export function closedPort(): number {
  return inject('closedPort');
}

export interface ChildEnv {
  readonly env: Record<string, string>;
  readonly home: string;
  /** The child's TMPDIR: the product's own temp folders (work folders, the demo's server) land here. */
  readonly tmp: string;
  /** The child's private runtime folder (pipes, vendor password files): never the machine's /run/nbbackup. */
  readonly runtime: string;
}

/** All a child takes from the environment the tests run in: anything else could change a result. */
const PASSED = ['PATH', 'USER', 'LOGNAME'] as const;

/**
 * The environment of one child the tests start: a home, XDG folders and TMPDIR of its own in the
 * run's sandbox (and a runtime folder: never the machine's /run/nbbackup), a fixed locale, time zone and shell, and nothing else of the developer's (no
 * NO_COLOR, CI, TMUX, PG*, MYSQL*, NBBACKUP_*). libpq and the MariaDB client fall back to the run's
 * closed port and an empty socket folder, so a call that forgets its host or port fails loudly instead
 * of reaching the machine's own servers on 5432 or 3306. `extra` goes on top (undefined removes).
 */
export function childEnv(extra: Readonly<Record<string, string | undefined>> = {}): ChildEnv {
  const home = mkdtempSync(path.join(sandbox().homes, 'home-'));
  const dir = (...parts: string[]) => {
    const full = path.join(home, ...parts);
    mkdirSync(full, { recursive: true });
    chmodSync(full, 0o755);
    return full;
  };
  chmodSync(home, 0o755);
  const tmp = dir('tmp');
  const noServer = dir('no-server');
  const port = String(closedPort());
  // Made by the product itself (it refuses a folder open to others).
  const runtime = path.join(home, 'run');
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: dir('.config'),
    XDG_DATA_HOME: dir('.local/share'),
    XDG_STATE_HOME: dir('.local/state'),
    XDG_CACHE_HOME: dir('.cache'),
    TMPDIR: tmp,
    NBBACKUP_RUNTIME_DIR: runtime,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    SHELL: '/bin/sh',
    PGHOST: noServer,
    PGPORT: port,
    MYSQL_UNIX_PORT: path.join(noServer, 'mysqld.sock'),
    MYSQL_TCP_PORT: port,
  };
  for (const name of PASSED) if (process.env[name] !== undefined) env[name] = process.env[name] as string;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return { env, home, tmp, runtime: env.NBBACKUP_RUNTIME_DIR ?? runtime };
}
