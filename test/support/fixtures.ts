import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from './child-env.js';
import { mariaFingerprint, pgFingerprint } from './db-fingerprint.js';
import { snapshot } from './tree-snapshot.js';
import type { MariaDbServerInfo } from './mariadb-server.js';
import { mariaAdmin } from './mariadb-server.js';
import { nocobaseSchemaSql } from './nocobase-schema.js';
import { pgAdmin, type PgServerInfo } from './pg-server.js';
import { encryptSecret, HARD_PASSWORD } from './secrets.js';

/** A second password, for the compose install, written the way compose files need it ($$ for $). */
export const DOCKER_PASSWORD = `dock er'pw$x`;

export interface World {
  readonly root: string;
  readonly user: string;
  readonly paths: { source: string; createApp: string; compose: string; badDialect: string };
  readonly db: {
    srcMain: string;
    extPg: string;
    extMaria: string;
    subDb: string;
    subSchema: string;
    caMain: string;
    caSub: string;
    dcMain: string;
    dockerUser: string;
  };
  /** Files written under each install's storage, relative path → bytes. */
  readonly storageFiles: Record<string, number>;
  cleanup(): Promise<void>;
}

/**
 * Lays out realistic NocoBase installs on the test servers: a Git source install on PostgreSQL with
 * external sources and sub-apps (own database and schema), a create-app install on MariaDB with
 * underscored, prefixed tables, a Docker Compose install, and one with an unknown dialect.
 */
export async function buildWorld(pg: PgServerInfo, maria: MariaDbServerInfo): Promise<World> {
  const suffix = randomBytes(4).toString('hex');
  const root = mkdtempSync(path.join(os.tmpdir(), 'nbtest-world-'));
  const user = `nbu_${suffix}`;
  const db = {
    srcMain: `src_${suffix}`,
    extPg: `extpg_${suffix}`,
    extMaria: `extmaria_${suffix}`,
    subDb: `sdb_${suffix}`,
    subSchema: `ssc_${suffix}`,
    caMain: `ca_${suffix}`,
    caSub: `cas_${suffix}`,
    dcMain: `dc_${suffix}`,
    dockerUser: `nbd_${suffix}`,
  };
  const paths = {
    source: path.join(root, 'srv/src-app'),
    createApp: path.join(root, 'home/deploy/crm'),
    compose: path.join(root, 'opt/nocobase-docker'),
    badDialect: path.join(root, 'srv/legacy'),
  };
  const pgPw = HARD_PASSWORD.replace(/'/g, "''");
  await pgAdmin(pg, `create role ${user} login createdb password '${pgPw}'; create role ${db.dockerUser} login password '${DOCKER_PASSWORD.replace(/'/g, "''")}'`);
  for (const name of [db.srcMain, db.extPg, db.subDb, db.dcMain]) await pgAdmin(pg, `create database ${name} owner ${name === db.dcMain ? db.dockerUser : user}`);
  const mariaPw = HARD_PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  await mariaAdmin(
    maria,
    `create user '${user}'@'127.0.0.1' identified by '${mariaPw}'; create user '${user}'@'localhost' identified by '${mariaPw}';
     grant all on *.* to '${user}'@'127.0.0.1'; grant all on *.* to '${user}'@'localhost';
     create database ${db.extMaria}; create database ${db.caMain}; create database ${db.caSub};`,
  );

  const storageFiles: Record<string, number> = {};
  const key = randomBytes(32);
  // Held closed for the whole run: the data sources that must not answer, and every app's port (restore checks the app is stopped there).
  const deadPort = closedPort();

  // Git source install on PostgreSQL.
  write(paths.source, 'package.json', JSON.stringify({ name: 'nocobase', private: true, workspaces: ['packages/*/*', 'packages/*/*/*'] }));
  write(paths.source, 'packages/core/server/package.json', JSON.stringify({ name: '@nocobase/server', version: '1.9.3' }));
  write(paths.source, '.env', envText({ APP_ENV: 'production', APP_PORT: deadPort, DB_DIALECT: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: pg.port, DB_DATABASE: db.srcMain, DB_USER: user, DB_PASSWORD: HARD_PASSWORD }));
  layStorage(path.join(paths.source, 'storage'), key, storageFiles);
  await pgAdmin(
    pg,
    `set role ${user};
     ${nocobaseSchemaSql('postgres', {}, {
       version: '1.9.3',
       dataSources: [
         { key: 'ext_pg', displayName: 'Warehouse', type: 'postgres', options: { host: '127.0.0.1', port: pg.port, database: db.extPg, username: user, password: '{{$env.EXT_PG_PASSWORD}}' } },
         { key: 'ext_maria', displayName: 'Shop', type: 'mariadb', options: { host: '127.0.0.1', port: String(maria.port), database: db.extMaria, username: user, password: HARD_PASSWORD } },
         { key: 'ext_api', displayName: 'Weather API', type: 'http', options: { baseUrl: 'http://127.0.0.1:1/' } },
         { key: 'ext_mssql', displayName: 'ERP', type: 'mssql', options: { host: '127.0.0.1', port: deadPort, database: 'erp', username: 'sa', password: 'x' } },
         { key: 'ext_stopped', displayName: 'Old reports', type: 'postgres', options: { host: '127.0.0.1', port: deadPort, database: 'reports', username: user, password: HARD_PASSWORD } },
         { key: 'ext_badpw', displayName: 'Analytics', type: 'postgres', options: { host: '127.0.0.1', port: pg.port, database: db.extPg, username: user, password: 'wrong password' } },
       ],
       applications: [
         { name: db.subDb, displayName: 'Branch A' },
         { name: db.subSchema, displayName: 'Branch B', options: { dbConnType: 'new_schema' } },
       ],
       variables: [{ name: 'EXT_PG_PASSWORD', type: 'secret', value: encryptSecret(HARD_PASSWORD, key) }],
     })}
     create schema ${db.subSchema}; create table ${db.subSchema}.orders (id serial primary key, total numeric); insert into ${db.subSchema}.orders (total) values (1), (2);`,
    db.srcMain,
  );
  await pgAdmin(pg, `set role ${user}; create table stock (id serial primary key, sku text unique); insert into stock (sku) select 'sku-' || g from generate_series(1, 500) g;`, db.extPg);
  await pgAdmin(pg, `set role ${user}; create table tasks (id serial primary key, title text); insert into tasks (title) values ('a');`, db.subDb);
  await mariaAdmin(maria, `create table products (id int auto_increment primary key, name varchar(100)); insert into products (name) values ('cup'), ('plate');`, db.extMaria);

  // create-nocobase-app install (v1.x–2.0 shape) on MariaDB, underscored and prefixed.
  write(paths.createApp, 'package.json', JSON.stringify({ name: 'crm', private: true, scripts: { nocobase: 'nocobase', start: 'nocobase start' }, dependencies: { '@nocobase/cli': '^2.0.1' } }));
  write(paths.createApp, 'node_modules/@nocobase/server/package.json', JSON.stringify({ name: '@nocobase/server', version: '2.0.1' }));
  write(paths.createApp, '.env', envText({ APP_PORT: deadPort, DB_DIALECT: 'mariadb', DB_HOST: '127.0.0.1', DB_PORT: maria.port, DB_DATABASE: db.caMain, DB_USER: user, DB_PASSWORD: HARD_PASSWORD, DB_UNDERSCORED: 'true', DB_TABLE_PREFIX: 'nb_' }, true));
  write(paths.createApp, 'storage/uploads/invoice.pdf', 'x'.repeat(1000));
  await mariaAdmin(
    maria,
    nocobaseSchemaSql('mysql', { underscored: true, prefix: 'nb_' }, {
      version: '2.0.1',
      dataSources: [{ key: 'ext_pg2', displayName: 'Ledger', type: 'postgres', options: { host: '127.0.0.1', port: pg.port, database: db.extPg, username: user, password: 'not it' } }],
      applications: [{ name: db.caSub, displayName: 'Franchise' }],
    }),
    db.caMain,
  );
  await mariaAdmin(maria, `create table nb_users (id int primary key); insert into nb_users values (1);`, db.caSub);

  // Docker Compose install: database as a sibling service with a published port, settings in env_file and environment.
  write(paths.compose, 'docker-compose.yml', composeYaml(pg.port, deadPort));
  write(paths.compose, '.env', `DB_NAME=${db.dcMain}\n`);
  write(paths.compose, 'app.env', `DB_USER=${db.dockerUser}\nDB_PASSWORD="${DOCKER_PASSWORD.replace(/\$/g, '$$$$')}"\nAPP_KEY=secret-app-key\n`);
  write(paths.compose, 'storage/uploads/logo.png', 'p'.repeat(2048));
  write(paths.compose, 'storage/db/postgres/PG_VERSION', '16\n');
  write(paths.compose, 'storage/apps/main/jwt_secret.dat', 'j'.repeat(64));
  await pgAdmin(pg, `set role ${db.dockerUser}; ${nocobaseSchemaSql('postgres', {}, { version: '1.7.14' })}`, db.dcMain);

  // An install whose dialect nbbackup cannot know: the storage must still be listed.
  write(paths.badDialect, 'package.json', JSON.stringify({ name: 'legacy', dependencies: { '@nocobase/app': '2.1.0' }, scripts: { start: 'nocobase-v1 start' } }));
  write(paths.badDialect, '.env', `APP_PORT=${deadPort}\nDB_DIALECT=oracle\nDB_HOST=10.0.0.9\n`);
  write(paths.badDialect, 'storage/uploads/a.txt', 'abc');

  // Things discovery must not take for installs, and must not loop on.
  write(root, 'srv/other-node-app/package.json', JSON.stringify({ name: 'other', dependencies: { express: '^4' } }));
  write(root, 'srv/other-node-app/node_modules/fake/package.json', JSON.stringify({ name: 'nocobase', workspaces: ['packages/*/*'] }));
  symlinkSync(path.join(root, 'srv'), path.join(root, 'srv/loop'));

  return {
    root,
    user,
    paths,
    db,
    storageFiles,
    async cleanup() {
      await pgAdmin(pg, `${[db.srcMain, db.extPg, db.subDb, db.dcMain].map((n) => `drop database if exists ${n} with (force);`).join(' ')} drop role if exists ${user}; drop role if exists ${db.dockerUser};`).catch(() => undefined);
      await mariaAdmin(maria, `drop database if exists ${db.extMaria}; drop database if exists ${db.caMain}; drop database if exists ${db.caSub}; drop user if exists '${user}'@'127.0.0.1'; drop user if exists '${user}'@'localhost';`).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** storage/ of the source install: what a real one holds, with known sizes. */
function layStorage(storage: string, key: Buffer, sizes: Record<string, number>): void {
  const files: Record<string, string | Buffer> = {
    'uploads/2026/report.pdf': 'r'.repeat(3000),
    'uploads/avatar.png': Buffer.alloc(1234, 7),
    'plugins/@my-org/plugin-crm/package.json': JSON.stringify({ name: '@my-org/plugin-crm', version: '1.0.0' }),
    'plugins/@my-org/plugin-crm/dist/server/index.js': 'module.exports = {};\n',
    'apps/main/aes_key.dat': key,
    'apps/main/jwt_secret.dat': 's'.repeat(64),
    'logs/main/request_2026-11-24.log': 'GET /api\n'.repeat(100),
    'tmp/upload-123.part': 'partial',
  };
  for (const [rel, content] of Object.entries(files)) {
    write(storage, rel, content);
    sizes[rel] = Buffer.byteLength(content);
  }
  symlinkSync('avatar.png', path.join(storage, 'uploads/avatar-link.png'));
  sizes['uploads/avatar-link.png'] = 'avatar.png'.length;
  utimesSync(path.join(storage, 'uploads/avatar.png'), new Date('2025-01-02T03:04:05Z'), new Date('2025-01-02T03:04:05Z'));
}

function composeYaml(pgPort: number, appPort: number): string {
  return `networks:
  nocobase:
    driver: bridge
services:
  app:
    image: nocobase/nocobase:1.7.14-full
    restart: always
    networks:
      - nocobase
    depends_on:
      - postgres
    env_file: ./app.env
    environment:
      - DB_DIALECT=postgres
      - DB_HOST=postgres
      - DB_PORT=5432
      - DB_DATABASE=\${DB_NAME}
      - TZ=UTC
    volumes:
      - ./storage:/app/nocobase/storage
    ports:
      - "${appPort}:80"
  postgres:
    image: postgres:16
    restart: always
    command: postgres -c wal_level=logical
    environment:
      POSTGRES_USER: nocobase
      POSTGRES_DB: nocobase
    volumes:
      - ./storage/db/postgres:/var/lib/postgresql/data
    ports:
      - "127.0.0.1:${pgPort}:5432"
    networks:
      - nocobase
`;
}

/** `.env` text with the quoting real files use; `crlf` for files edited on Windows. */
export function envText(vars: Record<string, string | number>, crlf = false): string {
  const lines = ['# generated by the nbbackup test bed'];
  for (const [k, v] of Object.entries(vars)) lines.push(`${k}=${String(v).includes(' ') || String(v).includes("'") ? `\`${v}\`` : v}`);
  return lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
}

function write(base: string, rel: string, content: string | Buffer): void {
  const file = path.join(base, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export interface RichInstall {
  readonly dir: string;
  readonly pgDb: string;
  readonly mariaDb: string;
  readonly schemaApp: string;
  readonly user: string;
  cleanup(): Promise<void>;
}

/**
 * One create-app install whose main PostgreSQL database holds every kind of schema object, with a
 * schema-mode sub-app beside it and a MariaDB data source holding routines, triggers, events and views.
 */
export async function buildRichInstall(pg: PgServerInfo, maria: MariaDbServerInfo, extraPg = '', extraMaria = '', options: { schemaApp?: string; version?: string } = {}): Promise<RichInstall> {
  const { PG_RICH_SCHEMA, MARIA_RICH_SCHEMA } = await import('./rich-schema.js');
  const suffix = randomBytes(4).toString('hex');
  const user = `rich_${suffix}`;
  const pgDb = `richpg_${suffix}`;
  const mariaDb = `richmaria_${suffix}`;
  const schemaApp = options.schemaApp ?? `app_${suffix}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-rich-'));
  const pgPw = HARD_PASSWORD.replace(/'/g, "''");
  await pgAdmin(pg, `create role ${user} login createdb password '${pgPw}'`);
  await pgAdmin(pg, `create database ${pgDb} owner ${user}`);
  await pgAdmin(
    pg,
    `set role ${user}; ${PG_RICH_SCHEMA}; ${nocobaseSchemaSql('postgres', {}, {
      version: options.version ?? '1.9.3',
      dataSources: [{ key: 'shop', displayName: 'Shop', type: 'mariadb', options: { host: '127.0.0.1', port: maria.port, database: mariaDb, username: user, password: HARD_PASSWORD } }],
      applications: [{ name: schemaApp, options: { dbConnType: 'new_schema' } }],
    })}
    create schema ${schemaApp}; create table ${schemaApp}.notes (id serial primary key, body text default 'x'); insert into ${schemaApp}.notes (body) values ('one'), ('two'); ${extraPg}`,
    pgDb,
  );
  const mariaPw = HARD_PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  await mariaAdmin(maria, `create user '${user}'@'127.0.0.1' identified by '${mariaPw}'; grant all on *.* to '${user}'@'127.0.0.1'; create database ${mariaDb};`);
  await mariaAdmin(maria, MARIA_RICH_SCHEMA + extraMaria, mariaDb);
  write(dir, 'package.json', JSON.stringify({ name: 'rich', dependencies: { '@nocobase/cli': options.version ?? '1.9.3' } }));
  write(dir, '.env', envText({ APP_PORT: closedPort(), DB_DIALECT: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: pg.port, DB_DATABASE: pgDb, DB_USER: user, DB_PASSWORD: HARD_PASSWORD }));
  write(dir, 'storage/uploads/a.txt', `attachment of ${suffix}`);
  write(dir, `storage/uploads/only-${suffix}.bin`, randomBytes(3000));
  write(dir, 'storage/apps/main/aes_key.dat', randomBytes(32));
  return {
    dir,
    pgDb,
    mariaDb,
    schemaApp,
    user,
    async cleanup() {
      await pgAdmin(pg, `drop database if exists ${pgDb} with (force)`).catch(() => undefined);
      await pgAdmin(pg, `drop owned by ${user} cascade; drop role if exists ${user}`).catch(() => undefined);
      await mariaAdmin(maria, `drop database if exists ${mariaDb}; drop user if exists '${user}'@'127.0.0.1'`).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a restore of a rich install must keep or change: its databases, its uploads and its key file. */
export async function richState(pg: PgServerInfo, maria: MariaDbServerInfo, install: RichInstall) {
  return {
    pg: await pgFingerprint(pg, install.pgDb),
    maria: await mariaFingerprint(maria, install.mariaDb),
    uploads: snapshot(path.join(install.dir, 'storage/uploads')),
    keys: readFileSync(path.join(install.dir, 'storage/apps/main/aes_key.dat')).toString('hex'),
  };
}
