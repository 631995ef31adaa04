import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mariaAdmin, type MariaDbServerInfo } from '../test/support/mariadb-server.js';
import { nocobaseSchemaSql } from '../test/support/nocobase-schema.js';
import { pgAdmin, type PgServerInfo } from '../test/support/pg-server.js';

export interface BenchInstall {
  readonly dir: string;
  readonly user: string;
  readonly password: string;
  readonly pgDatabases: string[];
  readonly mariaDatabase: string;
  readonly schemaApp: string;
}

const PASSWORD = "bench pa'ss$1";

/** Rows of mixed, partly compressible data: roughly `mb` MiB in a PostgreSQL table. */
const pgFill = (mb: number) => `create table payload (id bigserial primary key, kind int, body text, created timestamptz default now());
  insert into payload (kind, body) select g % 17, repeat(md5(g::text), 3) || md5(random()::text) from generate_series(1, ${Math.max(1, Math.round(mb * 7000))}) g;
  create index payload_kind on payload(kind);`;
const mariaFill = (mb: number) => `create table payload (id bigint auto_increment primary key, kind int, body text, key (kind));
  insert into payload (kind, body) select seq % 17, concat(repeat(md5(seq), 3), md5(rand())) from seq_1_to_${Math.max(1, Math.round(mb * 7000))};`;

/** main + two externals (PostgreSQL, MariaDB) + two sub-apps (database, schema) + storage, about `totalMb` in all. */
export async function buildBenchInstall(pg: PgServerInfo, maria: MariaDbServerInfo, totalMb: number): Promise<BenchInstall> {
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
    })} ${pgFill(totalMb * 0.3)} create schema ${schemaApp}; set search_path = ${schemaApp}; ${pgFill(totalMb * 0.05)}`,
    main,
  );
  await pgAdmin(pg, `set role ${user}; ${pgFill(totalMb * 0.15)}`, extPg);
  await pgAdmin(pg, `set role ${user}; ${pgFill(totalMb * 0.1)}`, subDb);
  const mpw = PASSWORD.replace(/'/g, "\\'");
  await mariaAdmin(maria, `create user '${user}'@'127.0.0.1' identified by '${mpw}'; grant all on *.* to '${user}'@'127.0.0.1'; create database ${mariaDb};`);
  await mariaAdmin(maria, mariaFill(totalMb * 0.15), mariaDb);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbbench-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench', dependencies: { '@nocobase/cli': '1.9.3' } }));
  writeFileSync(path.join(dir, '.env'), `DB_DIALECT=postgres\nDB_HOST=127.0.0.1\nDB_PORT=${pg.port}\nDB_DATABASE=${main}\nDB_USER=${user}\nDB_PASSWORD=\`${PASSWORD}\`\n`);
  // Uploads as a real app has them: many small files, some large, half of them incompressible.
  const uploads = path.join(dir, 'storage/uploads');
  const bytes = totalMb * 0.25 * 1024 * 1024;
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const folder = path.join(uploads, String(i % 50));
    mkdirSync(folder, { recursive: true });
    const size = i % 20 === 0 ? 2 * 1024 * 1024 : 40 * 1024;
    const body = i % 2 ? randomBytes(size) : Buffer.from('x'.repeat(size / 2) + randomBytes(size / 4).toString('hex'));
    writeFileSync(path.join(folder, `f${i}.bin`), body);
    written += size;
  }
  mkdirSync(path.join(dir, 'storage/apps/main'), { recursive: true });
  writeFileSync(path.join(dir, 'storage/apps/main/aes_key.dat'), randomBytes(32));
  mkdirSync(path.join(dir, 'storage/plugins/@acme/plugin-x'), { recursive: true });
  writeFileSync(path.join(dir, 'storage/plugins/@acme/plugin-x/index.js'), 'module.exports = {};');
  return { dir, user, password: PASSWORD, pgDatabases: [main, extPg, subDb], mariaDatabase: mariaDb, schemaApp };
}
