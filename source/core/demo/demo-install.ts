import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSqliteFile } from '../engines/sqlite/sqlite-wasm.js';

export const DEMO_PASSWORD = 'demo pa$$ word';

/** Where the demo lives: NBBACKUP_DEMO_DIR, else the user's data folder. */
export function demoRoot(): string {
  if (process.env.NBBACKUP_DEMO_DIR) return path.resolve(process.env.NBBACKUP_DEMO_DIR);
  const data = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'nbbackup', 'demo');
}

export function demoAppPath(root = demoRoot()): string {
  return path.join(root, 'nocobase-demo');
}

/** Where the demo's PostgreSQL listens this session, when this machine has server binaries. */
export interface DemoServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/**
 * Builds (or reuses) a create-app install on SQLite with real-looking storage: uploads, a plugin,
 * app keys, logs. With a PostgreSQL server of this session it also gets an external data source and
 * a sub-app on its own connection; without one, a sub-app in its own SQLite file.
 */
export async function ensureDemo(server?: DemoServer, root = demoRoot()): Promise<{ path: string; created: boolean }> {
  const app = demoAppPath(root);
  const created = !(await stat(path.join(app, 'package.json')).then(() => true, () => false));
  if (created) await layFiles(app);
  await writeDatabase(app, server);
  return { path: app, created };
}

export async function removeDemo(root = demoRoot()): Promise<boolean> {
  const existed = await stat(root).then(() => true, () => false);
  await rm(root, { recursive: true, force: true });
  return existed;
}

async function layFiles(app: string): Promise<void> {
  const files: Record<string, string | Buffer> = {
    'package.json': JSON.stringify({ name: 'nocobase-demo', private: true, description: 'nbbackup demo install: safe to delete (nbbackup demo --remove)', scripts: { nocobase: 'nocobase', start: 'nocobase start' }, dependencies: { '@nocobase/cli': '1.9.3' } }, null, 2),
    '.env': '# nbbackup demo install\nAPP_ENV=production\nAPP_PORT=13000\nDB_DIALECT=sqlite\nDB_STORAGE=storage/db/nocobase.sqlite\nTZ=UTC\n',
    'storage/uploads/2026/11/invoice-1042.pdf': `%PDF-1.4\n% demo invoice\n${'0123456789abcdef'.repeat(2048)}\n%%EOF\n`,
    'storage/uploads/2026/11/team-photo.jpg': randomBytes(48 * 1024),
    'storage/uploads/avatars/admin.png': randomBytes(6 * 1024),
    'storage/plugins/@demo/plugin-hello/package.json': JSON.stringify({ name: '@demo/plugin-hello', version: '1.0.0', main: 'dist/server/index.js' }, null, 2),
    'storage/plugins/@demo/plugin-hello/dist/server/index.js': "module.exports = class HelloPlugin {};\n",
    'storage/apps/main/aes_key.dat': randomBytes(32),
    'storage/apps/main/jwt_secret.dat': randomBytes(32).toString('hex'),
    'storage/logs/main/request_2026-11-24.log': 'GET /api/app:getInfo 200\n'.repeat(200),
    'storage/tmp/upload-7f3a.part': 'partial upload',
  };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(app, rel);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, content, { mode: 0o600 });
  }
}

/** The main database, rewritten each session so its data sources point at this session's server. */
async function writeDatabase(app: string, server?: DemoServer): Promise<void> {
  const db = path.join(app, 'storage/db');
  await mkdir(db, { recursive: true, mode: 0o700 });
  const q = (v: unknown) => `'${String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/'/g, "''")}'`;
  const pg = server && { host: '127.0.0.1', port: server.port, username: server.user, password: server.password };
  const sql = [
    `create table "dataSources" ("key" varchar(255) primary key, "displayName" varchar(255), "type" varchar(255), "options" json, "enabled" boolean default true, "fixed" boolean default false)`,
    `create table "applications" ("name" varchar(255) primary key, "displayName" varchar(255), "status" varchar(255), "options" json)`,
    `create table "applicationVersion" ("id" integer primary key, "value" varchar(255))`,
    `create table "applicationPlugins" ("id" integer primary key, "name" varchar(255), "packageName" varchar(255), "version" varchar(255), "enabled" boolean)`,
    `create table "users" ("id" integer primary key, "nickname" varchar(255), "email" varchar(255) unique)`,
    `create table "posts" ("id" integer primary key, "title" varchar(255), "createdById" integer references "users"("id"))`,
    `insert into "applicationVersion" ("value") values ('1.9.3')`,
    `insert into "applicationPlugins" ("name", "packageName", "version", "enabled") values ('users', '@nocobase/plugin-users', '1.9.3', 1), ('hello', '@demo/plugin-hello', '1.0.0', 1)`,
    `insert into "users" ("nickname", "email") values ('Super Admin', 'admin@nocobase.com'), ('Ada', 'ada@example.com')`,
    `insert into "posts" ("title", "createdById") values ('Welcome to the nbbackup demo', 1), ('Backups are dumps plus storage', 2)`,
    `insert into "dataSources" values ('main', 'Main', 'main', '{}', 1, 1)`,
    pg ? `insert into "dataSources" values ('warehouse', 'Warehouse (PostgreSQL)', 'postgres', ${q({ ...pg, database: 'warehouse' })}, 1, 0)` : '',
    `insert into "dataSources" values ('weather', 'Weather API', 'http', ${q({ baseURL: 'https://api.example.com' })}, 1, 0)`,
    pg
      ? `insert into "applications" values ('branch', 'Branch office', 'running', ${q({ dbConnType: 'new_connection', database: { dialect: 'postgres', ...pg, database: 'branch' } })})`
      : `insert into "applications" values ('branch', 'Branch office', 'running', '{}')`,
  ].filter(Boolean);
  const main = path.join(db, 'nocobase.sqlite');
  await rm(main, { force: true });
  await createSqliteFile(main, sql.map((s) => `${s};`).join('\n'));
  if (!pg) {
    const branch = path.join(db, 'branch.sqlite');
    if (!(await stat(branch).then(() => true, () => false))) {
      await createSqliteFile(branch, `create table "tasks" ("id" integer primary key, "title" varchar(255)); insert into "tasks" ("title") values ('Open the branch'), ('Hire staff');`);
    }
  }
}
