import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  createSqliteFile
} from "./chunk-DIZIYRKV.js";

// dist/source/core/demo/demo-install.js
import { randomBytes } from "node:crypto";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
var DEMO_PASSWORD = "demo pa$$ word";
function demoRoot() {
  if (process.env.NBBACKUP_DEMO_DIR)
    return path.resolve(process.env.NBBACKUP_DEMO_DIR);
  const data = process.env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(data, "nbbackup", "demo");
}
function demoAppPath(root = demoRoot()) {
  return path.join(root, "nocobase-demo");
}
async function ensureDemo(server, root = demoRoot()) {
  const app = demoAppPath(root);
  const created = !await stat(path.join(app, "package.json")).then(() => true, () => false);
  if (created)
    await layFiles(app);
  await writeDatabase(app, server);
  return { path: app, created };
}
async function removeDemo(root = demoRoot()) {
  const existed = await stat(root).then(() => true, () => false);
  await rm(root, { recursive: true, force: true });
  return existed;
}
async function layFiles(app) {
  const files = {
    "package.json": JSON.stringify({ name: "nocobase-demo", private: true, description: "nbbackup demo install: safe to delete (nbbackup demo --remove)", scripts: { nocobase: "nocobase", start: "nocobase start" }, dependencies: { "@nocobase/cli": "1.9.3" } }, null, 2),
    ".env": "# nbbackup demo install\nAPP_ENV=production\nAPP_PORT=13000\nDB_DIALECT=sqlite\nDB_STORAGE=storage/db/nocobase.sqlite\nTZ=UTC\n",
    "storage/uploads/2026/11/invoice-1042.pdf": `%PDF-1.4
% demo invoice
${"0123456789abcdef".repeat(2048)}
%%EOF
`,
    "storage/uploads/2026/11/team-photo.jpg": randomBytes(48 * 1024),
    "storage/uploads/avatars/admin.png": randomBytes(6 * 1024),
    "storage/plugins/@demo/plugin-hello/package.json": JSON.stringify({ name: "@demo/plugin-hello", version: "1.0.0", main: "dist/server/index.js" }, null, 2),
    "storage/plugins/@demo/plugin-hello/dist/server/index.js": "module.exports = class HelloPlugin {};\n",
    "storage/apps/main/aes_key.dat": randomBytes(32),
    "storage/apps/main/jwt_secret.dat": randomBytes(32).toString("hex"),
    "storage/logs/main/request_2026-11-24.log": "GET /api/app:getInfo 200\n".repeat(200),
    "storage/tmp/upload-7f3a.part": "partial upload"
  };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(app, rel);
    await mkdir(path.dirname(file), { recursive: true, mode: 448 });
    await writeFile(file, content, { mode: 384 });
  }
}
async function writeDatabase(app, server) {
  const db = path.join(app, "storage/db");
  await mkdir(db, { recursive: true, mode: 448 });
  const q = (v) => `'${String(typeof v === "object" ? JSON.stringify(v) : v).replace(/'/g, "''")}'`;
  const pg = server && { host: "127.0.0.1", port: server.port, username: server.user, password: server.password };
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
    pg ? `insert into "dataSources" values ('warehouse', 'Warehouse (PostgreSQL)', 'postgres', ${q({ ...pg, database: "warehouse" })}, 1, 0)` : "",
    `insert into "dataSources" values ('weather', 'Weather API', 'http', ${q({ baseURL: "https://api.example.com" })}, 1, 0)`,
    pg ? `insert into "applications" values ('branch', 'Branch office', 'running', ${q({ dbConnType: "new_connection", database: { dialect: "postgres", ...pg, database: "branch" } })})` : `insert into "applications" values ('branch', 'Branch office', 'running', '{}')`
  ].filter(Boolean);
  const main = path.join(db, "nocobase.sqlite");
  await rm(main, { force: true });
  await createSqliteFile(main, sql.map((s) => `${s};`).join("\n"));
  if (!pg) {
    const branch = path.join(db, "branch.sqlite");
    if (!await stat(branch).then(() => true, () => false)) {
      await createSqliteFile(branch, `create table "tasks" ("id" integer primary key, "title" varchar(255)); insert into "tasks" ("title") values ('Open the branch'), ('Hire staff');`);
    }
  }
}

export {
  DEMO_PASSWORD,
  demoRoot,
  demoAppPath,
  ensureDemo,
  removeDemo
};
