import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../db/db-target.js';

/** The client tools each engine is dumped with, preferred first. */
export const DUMP_TOOLS: Readonly<Record<Engine, readonly string[]>> = {
  postgres: ['pg_dump'],
  kingbase: ['sys_dump'],
  mysql: ['mysqldump', 'mariadb-dump'],
  mariadb: ['mariadb-dump', 'mysqldump'],
  sqlite: ['sqlite3'],
  mssql: ['sqlcmd'],
  oracle: ['expdp'],
};

/** What to tell an operator who lacks the tools (Debian/Ubuntu package names where there are some). */
export const INSTALL_HINTS: Readonly<Record<Engine, string>> = {
  postgres: 'install the PostgreSQL client: apt-get install postgresql-client',
  kingbase: "install KingbaseES client tools (sys_dump) from the vendor's package and put them on PATH",
  mysql: 'install the MySQL/MariaDB client: apt-get install mariadb-client (or mysql-client)',
  mariadb: 'install the MariaDB client: apt-get install mariadb-client',
  sqlite: 'install sqlite3: apt-get install sqlite3',
  mssql: "install Microsoft's mssql-tools18 (sqlcmd) and put it on PATH",
  oracle: 'install Oracle Instant Client with the Tools package (expdp) and put it on PATH',
};

/** Finds executables on PATH and in the usual versioned client folders (PostgreSQL keeps one per major). */
export class ToolFinder {
  private readonly cache = new Map<string, Promise<string[]>>();

  constructor(private readonly searchPath: string = process.env.PATH ?? '') {}

  /** Every copy of `name` found, PATH first. */
  all(name: string): Promise<string[]> {
    let found = this.cache.get(name);
    if (!found) {
      found = this.scan(name);
      this.cache.set(name, found);
    }
    return found;
  }

  async first(names: readonly string[]): Promise<string | undefined> {
    for (const name of names) {
      const [hit] = await this.all(name);
      if (hit) return hit;
    }
    return undefined;
  }

  private async scan(name: string): Promise<string[]> {
    const dirs = this.searchPath.split(path.delimiter).filter(Boolean);
    if (name.startsWith('pg_') || name === 'psql') dirs.push(...(await versionedDirs('/usr/lib/postgresql', 'bin')));
    const hits: string[] = [];
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (!hits.includes(file) && (await isExecutable(file))) hits.push(file);
    }
    return hits;
  }
}

/** `/usr/lib/postgresql/<major>/bin`, newest major first. */
async function versionedDirs(parent: string, sub: string): Promise<string[]> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  return entries
    .filter((e) => /^\d+(\.\d+)?$/.test(e))
    .sort((a, b) => Number(b) - Number(a))
    .map((e) => path.join(parent, e, sub));
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}
