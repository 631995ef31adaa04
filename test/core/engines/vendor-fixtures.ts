import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../../support/child-env.js';
import { buildRichInstall, type RichInstall } from '../../support/fixtures.js';
import type { MariaDbServerInfo } from '../../support/mariadb-server.js';
import { nocobaseSchemaSql } from '../../support/nocobase-schema.js';
import { pgAdmin, type PgServerInfo } from '../../support/pg-server.js';
import { HARD_PASSWORD } from '../../support/secrets.js';

/**
 * What the SQL Server and Oracle restore tests share: an install whose main database is the test
 * PostgreSQL and whose data sources point at a vendor server stood in for by test/support/bin-<vendor>,
 * a port that answers like that server's listener, and snapshots of the stand-ins' state folders.
 */
export interface VendorInstall {
  readonly dir: string;
  /** Its main database on the test PostgreSQL, holding the data sources table. */
  readonly db: string;
  cleanup(): Promise<void>;
}

export interface SourceRow {
  readonly key: string;
  readonly type: string;
  readonly options: Record<string, unknown>;
}

export async function installWithSources(pg: PgServerInfo, sources: readonly SourceRow[]): Promise<VendorInstall> {
  const suffix = randomBytes(4).toString('hex');
  const user = `vend_${suffix}`;
  const db = `vendmain_${suffix}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-vendor-'));
  await pgAdmin(pg, `create role ${user} login createdb password '${HARD_PASSWORD.replace(/'/g, "''")}'`);
  await pgAdmin(pg, `create database ${db} owner ${user}`);
  await pgAdmin(pg, `set role ${user}; ${nocobaseSchemaSql('postgres', {}, { version: '1.9.3', dataSources: sources.map((s) => ({ ...s, displayName: s.key })) })}`, db);
  const files: Record<string, string | Buffer> = {
    'package.json': JSON.stringify({ name: 'vendor', dependencies: { '@nocobase/cli': '1.9.3' } }),
    // APP_PORT a port nothing holds: "is the app stopped?" must not depend on this machine.
    '.env': `DB_DIALECT=postgres\nDB_HOST=127.0.0.1\nDB_PORT=${pg.port}\nDB_DATABASE=${db}\nDB_USER=${user}\nDB_PASSWORD=\`${HARD_PASSWORD}\`\nAPP_PORT=${closedPort()}\n`,
    'storage/apps/main/aes_key.dat': randomBytes(32),
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return {
    dir,
    db,
    async cleanup() {
      await pgAdmin(pg, `drop database if exists ${db} with (force); drop role if exists ${user}`).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A rich install whose .env says KingbaseES; the test PostgreSQL answers for it (test/support/bin-kingbase). */
export async function kingbaseInstall(pg: PgServerInfo, maria: MariaDbServerInfo, options: { extraPg?: string; schemaApp?: string } = {}): Promise<RichInstall> {
  const install = await buildRichInstall(pg, maria, options.extraPg ?? '', '', { schemaApp: options.schemaApp });
  writeFileSync(path.join(install.dir, '.env'), `DB_DIALECT=kingbase\nDB_HOST=127.0.0.1\nDB_PORT=${pg.port}\nDB_DATABASE=${install.pgDb}\nDB_USER=${install.user}\nDB_PASSWORD=\`${HARD_PASSWORD}\`\nAPP_PORT=${closedPort()}\n`);
  return install;
}

/**
 * KingbaseES's initdb makes a `test` database, the one nbbackup connects to while it renames: the test
 * PostgreSQL playing it gets one too. Made once for the run's server, never dropped (test files sharing
 * the server run at once), and made by whichever file comes first.
 */
export async function kingbaseAdminDatabase(pg: PgServerInfo): Promise<void> {
  const [{ rows }] = await pgAdmin(pg, `select 1 from pg_database where datname = 'test'`);
  if (!rows.length) await pgAdmin(pg, 'create database test').catch((error: Error) => {
    if (!/already exists|duplicate key/.test(error.message)) throw error;
  });
}

/** A database as the SQL Server stand-in keeps it in `state`: a data and a log file, and what it holds. */
export function seedMssqlDatabase(state: string, name: string, content: unknown): void {
  mkdirSync(path.join(state, 'data'), { recursive: true });
  mkdirSync(path.join(state, 'databases'), { recursive: true });
  const files = [
    { logical: name, physical: path.join(state, 'data', `${encodeURIComponent(name)}.mdf`), type: 'D', fileId: 1 },
    { logical: `${name}_log`, physical: path.join(state, 'data', `${encodeURIComponent(name)}_log.ldf`), type: 'L', fileId: 2 },
  ];
  for (const f of files) writeFileSync(f.physical, '');
  writeFileSync(path.join(state, 'databases', `${encodeURIComponent(name)}.json`), JSON.stringify({ name, access: 'MULTI_USER', files, content }, null, 1));
}

/** Something listening where the vendor server would: the inventory's reachability probe is a TCP connect. */
export async function listener(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A .nbbackuprc for the CLI (NBBACKUP_CONFIG), holding the server-side folders. */
export function configFile(dir: string, settings: Record<string, string>): string {
  const file = path.join(dir, 'nbbackuprc.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

/** Every file under `dir`, relative path → content: the stand-in server's whole state, to compare before and after. */
export function folderState(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, name.name);
      if (skip.includes(child)) continue;
      if (name.isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/** The argv each stand-in recorded, one JSON value a line. */
export function recordedArgv(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Nothing nbbackup wrote for a restore is left beside the install's storage (private work folders, option files). */
export function leftoversBeside(installDir: string): string[] {
  return readdirSync(installDir).filter((n) => n.startsWith('.nbrestore-'));
}
