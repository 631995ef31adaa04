import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWorld, DOCKER_PASSWORD, type World } from '../support/fixtures.js';
import { pgAdmin } from '../support/pg-server.js';
import { mariaAdmin } from '../support/mariadb-server.js';
import { runCli } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';

const pg = inject('pg');
const maria = inject('maria');
let world: World;

type ItemJson = Record<string, unknown> & { id: string; status: string; sizeBytes?: number };
type InstallJson = { path: string; layout: string; name: string; nocobaseVersion?: string; items: ItemJson[] };

beforeAll(async () => {
  world = await buildWorld(pg, maria);
});
afterAll(async () => {
  await world?.cleanup();
});

async function scanJson(...extra: string[]): Promise<{ installs: InstallJson[]; warnings?: string[] }> {
  const result = await runCli(['scan', world.root, '--json', ...extra]);
  expect(result.exitCode, String(result.stderr)).toBe(0);
  return JSON.parse(String(result.stdout));
}

const byId = (install: InstallJson) => Object.fromEntries(install.items.map((i) => [i.id, i]));

describe('nbbackup scan', () => {
  it('finds every install, and only installs', async () => {
    const { installs } = await scanJson();
    expect(installs.map((i) => [i.path, i.layout]).sort()).toEqual(
      [
        [world.paths.source, 'source'],
        [world.paths.createApp, 'create-app'],
        [world.paths.compose, 'docker'],
        [world.paths.badDialect, 'create-app'],
      ].sort(),
    );
  });

  it('lists the source install with exactly its items, statuses and sizes', async () => {
    const { installs } = await scanJson();
    const install = installs.find((i) => i.path === world.paths.source) as InstallJson;
    expect(install.nocobaseVersion).toBe('1.9.3');
    const items = byId(install);
    expect(Object.keys(items)).toEqual([
      'main',
      'external:ext_pg',
      'external:ext_maria',
      'external:ext_api',
      'external:ext_mssql',
      'external:ext_stopped',
      'external:ext_badpw',
      `subapp:${world.db.subDb}`,
      `subapp:${world.db.subSchema}`,
      'storage',
      'storage:apps',
      'storage:logs',
      'storage:plugins',
      'storage:tmp',
      'storage:uploads',
    ]);
    const [{ rows: [mainSize] }] = await pgAdmin(pg, `select pg_database_size('${world.db.srcMain}')::bigint as s`);
    expect(items.main).toMatchObject({ status: 'ok', engine: 'postgres', host: '127.0.0.1', port: pg.port, database: world.db.srcMain, schema: 'public', excludeSchemas: [world.db.subSchema] });
    expect(items.main.sizeBytes).toBe(Number(mainSize.s));
    // The secret password came from NocoBase's encrypted variables: reaching the server proves it decrypted.
    expect(items['external:ext_pg']).toMatchObject({ status: 'ok', engine: 'postgres', database: world.db.extPg, label: 'Warehouse' });
    expect(items['external:ext_maria']).toMatchObject({ status: 'ok', engine: 'mariadb', database: world.db.extMaria, port: maria.port });
    expect(items['external:ext_api']).toMatchObject({ status: 'unsupported', selected: false });
    expect(items['external:ext_api'].reason).toMatch(/REST API/);
    expect(items['external:ext_mssql']).toMatchObject({ status: 'unreachable' });
    expect(items['external:ext_stopped']).toMatchObject({ status: 'unreachable', selected: false });
    expect(items['external:ext_badpw']).toMatchObject({ status: 'auth-failed', selected: false });
    expect(items[`subapp:${world.db.subDb}`]).toMatchObject({ status: 'ok', database: world.db.subDb, label: 'Branch A' });
    expect(items[`subapp:${world.db.subSchema}`]).toMatchObject({ status: 'ok', database: world.db.srcMain, schema: world.db.subSchema });

    const size = (prefix: string) => Object.entries(world.storageFiles).filter(([f]) => f.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
    const count = (prefix: string) => Object.keys(world.storageFiles).filter((f) => f.startsWith(prefix)).length;
    for (const part of ['uploads', 'plugins', 'apps', 'logs', 'tmp']) {
      expect(items[`storage:${part}`], part).toMatchObject({ status: 'ok', sizeBytes: size(`${part}/`), files: count(`${part}/`) });
    }
    expect(items.storage).toMatchObject({ sizeBytes: size(''), files: count('') });
    expect([items['storage:uploads'].selected, items['storage:plugins'].selected, items['storage:apps'].selected]).toEqual([true, true, true]);
    expect([items['storage:logs'].selected, items['storage:tmp'].selected]).toEqual([false, false]);
  });

  it('reads underscored, prefixed tables of a MariaDB create-app install', async () => {
    const { installs } = await scanJson();
    const install = installs.find((i) => i.path === world.paths.createApp) as InstallJson;
    expect(install.nocobaseVersion).toBe('2.0.1');
    const items = byId(install);
    const rows = (await mariaAdmin(maria, `select sum(data_length + index_length) as s from information_schema.tables where table_schema = '${world.db.caMain}'`)) as { s: string }[];
    expect(items.main).toMatchObject({ status: 'ok', engine: 'mariadb', database: world.db.caMain, sizeBytes: Number(rows[0].s) });
    expect(items['external:ext_pg2']).toMatchObject({ status: 'auth-failed', label: 'Ledger' });
    expect(items[`subapp:${world.db.caSub}`]).toMatchObject({ status: 'ok', engine: 'mariadb', database: world.db.caSub });
  });

  it('reads a compose install through env_file, environment and the published database port', async () => {
    const { installs } = await scanJson();
    const install = installs.find((i) => i.path === world.paths.compose) as InstallJson;
    expect(install.nocobaseVersion).toBe('1.7.14');
    const items = byId(install);
    expect(items.main).toMatchObject({ status: 'ok', host: '127.0.0.1', port: pg.port, database: world.db.dcMain, user: world.db.dockerUser });
    expect(items['storage:uploads']).toMatchObject({ status: 'ok', sizeBytes: 2048, selected: true });
    expect(items['storage:db']).toMatchObject({ status: 'unsupported', selected: false });
  });

  it('shows an unknown dialect as unsupported and still lists the storage', async () => {
    const { installs } = await scanJson();
    const items = byId(installs.find((i) => i.path === world.paths.badDialect) as InstallJson);
    expect(items.main).toMatchObject({ status: 'unsupported' });
    expect(items.main.reason).toMatch(/oracle/);
    expect(items['storage:uploads']).toMatchObject({ status: 'ok', sizeBytes: 3 });
  });

  it('never shows a password, in JSON, text or logs', async () => {
    for (const args of [['--json'], [], ['--offline']]) {
      const result = await runCli(['scan', world.root, ...args]);
      const all = `${result.stdout}\n${result.stderr}`;
      expect(all).not.toContain(HARD_PASSWORD);
      expect(all).not.toContain(DOCKER_PASSWORD);
      expect(all).not.toContain('wrong password');
      expect(all).not.toContain('secret-app-key');
    }
  });

  it('prints a readable table with the reason under each unavailable item', async () => {
    const result = await runCli(['scan', world.paths.source]);
    expect(result.exitCode).toBe(0);
    const text = String(result.stdout);
    expect(text).toContain(`src-app  (source, NocoBase 1.9.3)  ${world.paths.source}`);
    expect(text).toMatch(/\[x\]\s+main\s+postgres\s+\S+ on 127\.0\.0\.1:\d+\s+[\d.]+ [kM]B\s+ok/);
    expect(text).toMatch(/\[ \]\s+external:ext_badpw\s+postgres.*auth-failed\n\s+✖ login refused for user/);
  });

  it('reads files only with --offline', async () => {
    const { installs } = await scanJson('--offline');
    const items = byId(installs.find((i) => i.path === world.paths.source) as InstallJson);
    expect(Object.keys(items).filter((id) => id.startsWith('external:') || id.startsWith('subapp:'))).toEqual([]);
    expect(items.main.status).toBe('ok');
    expect(items.main.sizeBytes).toBeUndefined();
  });

  it('warns about a missing root and carries on', async () => {
    const result = await runCli(['scan', '/nonexistent/place', world.paths.badDialect, '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(String(result.stdout));
    expect(json.installs).toHaveLength(1);
    expect(json.warnings).toEqual(['scan root /nonexistent/place skipped: does not exist']);
  });
});
