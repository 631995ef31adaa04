import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mariaAdmin, type MariaDbServerInfo } from '../test/support/mariadb-server.js';
import { nocobaseSchemaSql } from '../test/support/nocobase-schema.js';
import { pgAdmin, type PgServerInfo } from '../test/support/pg-server.js';

export interface BenchInstall {
  readonly dir: string;
  readonly profile: Profile;
  readonly user: string;
  readonly password: string;
  readonly pgDatabases: string[];
  readonly mariaDatabase: string;
  readonly schemaApp: string;
}

const PASSWORD = "bench pa'ss$1";

/**
 * `mixed`: rows of partly random text and uploads half incompressible (the 300 MB bench).
 * `compressible`: what most NocoBase databases look like — tens of MB of repetitive records (three
 * PostgreSQL databases of 150k rows in all, a 40 MB MariaDB) and small uploads.
 */
export type Profile = 'mixed' | 'compressible';

/** Roughly `mb` MiB of rows in a PostgreSQL table. */
const pgFill = (profile: Profile, mb: number) =>
  profile === 'mixed'
    ? `create table payload (id bigserial primary key, kind int, body text, created timestamptz default now());
  insert into payload (kind, body) select g % 17, repeat(md5(g::text), 3) || md5(random()::text) from generate_series(1, ${Math.max(1, Math.round(mb * 7000))}) g;
  create index payload_kind on payload(kind);`
    : `create table payload (id bigserial primary key, kind int, title text, body text, status text, created timestamptz default now());
  insert into payload (kind, title, body, status) select g % 17, 'Order ' || g, repeat('Customer note: delivered on time, invoice attached. ', 8), (array['open','paid','shipped'])[g % 3 + 1] from generate_series(1, ${Math.max(1, Math.round(mb * 1650))}) g;
  create index payload_kind on payload(kind);`;
const mariaFill = (profile: Profile, mb: number) =>
  profile === 'mixed'
    ? `create table payload (id bigint auto_increment primary key, kind int, body text, key (kind));
  insert into payload (kind, body) select seq % 17, concat(repeat(md5(seq), 3), md5(rand())) from seq_1_to_${Math.max(1, Math.round(mb * 7000))};`
    : `create table payload (id bigint auto_increment primary key, kind int, body text, key (kind));
  insert into payload (kind, body) select seq % 17, repeat('Stock movement: warehouse A to B, checked. ', 10) from seq_1_to_${Math.max(1, Math.round(mb * 2200))};`;

/** main + two externals (PostgreSQL, MariaDB) + two sub-apps (database, schema) + storage, about `totalMb` in all. */
export async function buildBenchInstall(pg: PgServerInfo, maria: MariaDbServerInfo, totalMb: number, profile: Profile, appPort: number): Promise<BenchInstall> {
  // Shares of the total: main, its schema sub-app, the PostgreSQL source, the sub-app database, MariaDB, uploads.
  const share = profile === 'mixed' ? [0.3, 0.05, 0.15, 0.1, 0.15, 0.25] : [0.25, 0.03, 0.2, 0.2, 0.3, 0.02];
  const id = randomBytes(3).toString('hex');
  const user = `bench_${id}`;
  const main = `bmain_${id}`;
  const extPg = `bextpg_${id}`;
  const subDb = `bsub_${id}`;
  const schemaApp = `bschema_${id}`;
  const mariaDb = `bextm_${id}`;
  await pgAdmin(pg, `create role ${user} login createdb password '${PASSWORD.replace(/'/g, "''")}'`);
  for (const db of [main, extPg, subDb]) await pgAdmin(pg, `create database ${db} owner ${user}`);
  await pgAdmin(
    pg,
    `set role ${user}; ${nocobaseSchemaSql('postgres', {}, {
      version: '1.9.3',
      dataSources: [
        { key: 'warehouse', displayName: 'Warehouse', type: 'postgres', options: { host: '127.0.0.1', port: pg.port, database: extPg, username: user, password: PASSWORD } },
        { key: 'shop', displayName: 'Shop', type: 'mariadb', options: { host: '127.0.0.1', port: maria.port, database: mariaDb, username: user, password: PASSWORD } },
      ],
      applications: [{ name: subDb }, { name: schemaApp, options: { dbConnType: 'new_schema' } }],
    })} ${pgFill(profile, totalMb * share[0])} create schema ${schemaApp}; set search_path = ${schemaApp}; ${pgFill(profile, totalMb * share[1])}`,
    main,
  );
  await pgAdmin(pg, `set role ${user}; ${pgFill(profile, totalMb * share[2])}`, extPg);
  await pgAdmin(pg, `set role ${user}; ${pgFill(profile, totalMb * share[3])}`, subDb);
  const mpw = PASSWORD.replace(/'/g, "\\'");
  await mariaAdmin(maria, `create user '${user}'@'127.0.0.1' identified by '${mpw}'; grant all on *.* to '${user}'@'127.0.0.1'; create database ${mariaDb};`);
  await mariaAdmin(maria, mariaFill(profile, totalMb * share[4]), mariaDb);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbbench-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench', dependencies: { '@nocobase/cli': '1.9.3' } }));
  writeFileSync(path.join(dir, '.env'), `DB_DIALECT=postgres\nDB_HOST=127.0.0.1\nDB_PORT=${pg.port}\nDB_DATABASE=${main}\nDB_USER=${user}\nDB_PASSWORD=\`${PASSWORD}\`\nAPP_PORT=${appPort}\n`);
  // Uploads as a real app has them: many small files, some large, half of them incompressible.
  const uploads = path.join(dir, 'storage/uploads');
  const bytes = totalMb * share[5] * 1024 * 1024;
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const folder = path.join(uploads, String(i % 50));
    mkdirSync(folder, { recursive: true });
    const size = i % 20 === 0 ? 2 * 1024 * 1024 : 40 * 1024;
    const body = i % 2 && profile === 'mixed' ? randomBytes(size) : Buffer.from('x'.repeat(size / 2) + randomBytes(size / 4).toString('hex'));
    writeFileSync(path.join(folder, `f${i}.bin`), body);
    written += size;
  }
  mkdirSync(path.join(dir, 'storage/apps/main'), { recursive: true });
  writeFileSync(path.join(dir, 'storage/apps/main/aes_key.dat'), randomBytes(32));
  mkdirSync(path.join(dir, 'storage/plugins/@acme/plugin-x'), { recursive: true });
  writeFileSync(path.join(dir, 'storage/plugins/@acme/plugin-x/index.js'), 'module.exports = {};');
  return { dir, profile, user, password: PASSWORD, pgDatabases: [main, extPg, subDb], mariaDatabase: mariaDb, schemaApp };
}
