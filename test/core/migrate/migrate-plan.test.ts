import { describe, expect, it } from 'vitest';
import type { InstallInventory } from '../../../source/core/inventory/install-inventory.js';
import type { Item } from '../../../source/core/inventory/item.js';
import { appKeyMac, type FarFacts, type FarItem } from '../../../source/core/migrate/far-facts.js';
import { planMigration, roomProblem } from '../../../source/core/migrate/migrate-plan.js';

// The plan decides what a migration refuses before anything is dumped or sent: each rule here with
// the line an operator reads.

const NONCE = 'n0nce';
const env = { DB_DIALECT: 'postgres', DB_HOST: '10.0.0.1', DB_PORT: '5432', DB_DATABASE: 'nocobase', DB_USER: 'nb', DB_PASSWORD: 'secret-here', APP_KEY: 'key-here' };

const main: Item = { id: 'main', group: 'main', label: 'Main database', kind: 'database', engine: 'postgres', status: 'ok', selected: true, serverVersion: '15.4', sizeBytes: 1000, target: { engine: 'postgres', host: '10.0.0.1', port: 5432, database: 'nocobase', user: 'nb', password: 'secret-here' } };
const shop: Item = { id: 'external:shop', group: 'external', label: 'Shop', kind: 'database', engine: 'mariadb', status: 'ok', selected: true, serverVersion: '10.11.6-MariaDB', sizeBytes: 500, target: { engine: 'mariadb', host: '10.0.0.2', port: 3306, database: 'shop', user: 'nb', password: 'secret-here' } };
const uploads: Item = { id: 'storage:uploads', group: 'storage', label: 'uploads', kind: 'files', path: '/srv/app/storage/uploads', root: '/srv/app/storage', folder: 'uploads', status: 'ok', selected: true, sizeBytes: 1_000_000 };

const source: InstallInventory = { install: { path: '/srv/app', name: 'app', layout: 'create-app', env, storagePath: '/srv/app/storage', warnings: [] }, nocobaseVersion: '1.9.3', items: [main, shop, uploads], warnings: [] };

function far(change: { items?: FarItem[]; settings?: Record<string, string>; version?: string; tools?: FarFacts['tools']; stageFree?: number; appKey?: string; definers?: FarFacts['definers']; noInstall?: boolean } = {}): FarFacts {
  return {
    host: 'new-server',
    os: 'Debian GNU/Linux 12',
    node: '20.11.0',
    user: 'deploy',
    stage: { path: '/home/deploy/nbbackup-migrate', freeBytes: change.stageFree ?? 10_000_000_000 },
    tools: change.tools ?? [
      { label: 'pg_restore', path: '/usr/lib/postgresql/16/bin/pg_restore', major: 16 },
      { label: 'mariadb or mysql', path: '/usr/bin/mariadb', major: 10 },
      { label: 'tar', path: '/usr/bin/tar', major: 1 },
      { label: 'zstd', path: '/usr/bin/zstd', major: 1 },
    ],
    definers: change.definers,
    ...(change.noInstall
      ? { installError: { reason: '/srv/nocobase does not exist' } }
      : {
          install: {
            path: '/srv/nocobase',
            name: 'nocobase',
            layout: 'docker',
            nocobaseVersion: change.version ?? '1.9.3',
            envFile: '/srv/nocobase/.env',
            settings: { DB_DIALECT: 'postgres', DB_UNDERSCORED: '', DB_TABLE_PREFIX: '', DB_SCHEMA: '', USE_DB_SCHEMA_IN_SUBAPP: '', DB_HOST: 'postgres', DB_PORT: '5432', DB_DATABASE: 'nocobase', DB_USER: 'nocobase', ...change.settings },
            appKeyMac: appKeyMac(change.appKey ?? 'key-here', NONCE),
            storagePath: '/srv/nocobase/storage',
            storageFreeBytes: 10_000_000_000,
            items: change.items ?? [
              { id: 'main', kind: 'database', engine: 'postgres', status: 'ok', place: 'nocobase in service postgres', serverVersion: '16.2' },
              { id: 'external:shop', kind: 'database', engine: 'mariadb', status: 'ok', place: 'shop on db2:3306', serverVersion: '11.4.2-MariaDB' },
            ],
          },
        }),
  };
}

const plan = (facts: FarFacts, selected: Item[] = [main, shop, uploads]) => planMigration({ source, selected, far: facts, to: 'new-server:/srv/nocobase', nonce: NONCE });

describe('the migration plan', () => {
  it('maps each item to its counterpart there and refuses nothing when the far side can take it all', () => {
    const p = plan(far());
    expect(p.problems).toEqual([]);
    expect(p.rows).toEqual([
      { id: 'main', label: 'Main database', here: 'postgres nocobase on 10.0.0.1:5432', there: 'postgres nocobase in service postgres', sizeBytes: 1000 },
      { id: 'external:shop', label: 'Shop', here: 'mariadb shop on 10.0.0.2:3306', there: 'mariadb shop on db2:3306', sizeBytes: 500 },
      { id: 'storage:uploads', label: 'uploads', here: '/srv/app/storage/uploads', there: '/srv/nocobase/storage/uploads', sizeBytes: 1_000_000 },
    ]);
    expect(p.farName).toBe('nocobase');
    // The data source's connection travels inside main: where the app there will connect is said.
    expect(p.notes).toContain('external:shop: its connection is kept in the main database, so after the migration the app there connects to mariadb shop on 10.0.0.2:3306, as here; the data goes into mariadb shop on db2:3306: point data source "shop" there at it (NocoBase: Settings → Data sources)');
    expect(plan(far(), [shop]).notes.some((n) => n.includes('connection is kept'))).toBe(false);
    // Left out, it is still what the app there connects to: said too.
    expect(plan(far(), [main, uploads]).notes).toContain('external:shop does not move: after the migration the app there connects to mariadb shop on 10.0.0.2:3306 as this one does');
  });

  it('shows the env differences, the APP_KEY only as same or not, and never a password', () => {
    const p = plan(far({ appKey: 'another-key' }));
    expect(p.env.filter((e) => !e.same).map((e) => `${e.name}: ${e.here} | ${e.there}`)).toEqual(['DB_HOST: 10.0.0.1 | postgres', 'DB_USER: nb | nocobase', 'APP_KEY: set | set, different']);
    expect(JSON.stringify(p)).not.toMatch(/secret-here|key-here|another-key/);
    expect(p.notes).toContain('APP_KEY differs: sign-ins made here are not valid there, users sign in again');
    expect(plan(far()).env.find((e) => e.name === 'APP_KEY')).toEqual({ name: 'APP_KEY', here: 'set', there: 'set, the same', same: true });
  });

  it('refuses an older database server there, a server of another kind, and one it cannot reach', () => {
    const older = plan(far({ items: [{ id: 'main', kind: 'database', engine: 'postgres', status: 'ok', serverVersion: '14.9' }, { id: 'external:shop', kind: 'database', engine: 'mysql', status: 'ok', serverVersion: '8.0.36' }] }));
    expect(older.problems.map((p) => p.reason)).toEqual(['main: postgres 14.9 there is older than 15.4 here', 'external:shop is mariadb here but mysql there']);
    expect(older.problems[0].fix).toBe('use a server of version 15 or newer there; dumps do not load into older servers');
    const down = plan(far({ items: [{ id: 'main', kind: 'database', engine: 'postgres', status: 'unreachable', reason: 'connection refused on postgres:5432' }] }));
    expect(down.problems.map((p) => p.reason)).toEqual(['main cannot be reached from new-server: connection refused on postgres:5432', 'external:shop: the destination has no data source "shop"']);
    // A Docker install there whose database has no published port: restore cannot reach into the network.
    const compose = plan(far({ items: [{ id: 'main', kind: 'database', engine: 'postgres', status: 'ok', serverVersion: '16.2', place: 'nocobase in service postgres', insideCompose: true }] }), [main]);
    expect(compose.problems).toEqual([{ id: 'main', reason: 'main is reachable only inside its compose network on new-server (nocobase in service postgres)', fix: expect.stringMatching(/^publish its port to that host/) }]);
  });

  it('refuses a database there that is the one here (one server address seen from both machines)', () => {
    const shared = plan(far({ items: [{ id: 'main', kind: 'database', engine: 'postgres', status: 'ok', serverVersion: '16.2', place: 'nocobase on 10.0.0.9:5432' }, { id: 'external:shop', kind: 'database', engine: 'mariadb', status: 'ok', serverVersion: '11.4.2', place: 'shop on 10.0.0.2:3306' }] }));
    expect(shared.problems).toEqual([{ id: 'external:shop', reason: 'external:shop there is the very database it is here (shop on 10.0.0.2:3306): restoring it would empty and reload this install\'s own', fix: 'point it there at its own database (NocoBase there: Settings → Data sources), or leave it out (migrate --exclude external:shop)' }]);
    // 127.0.0.1 on each machine is that machine's own server.
    const local: Item = { ...main, target: { engine: 'postgres', host: '127.0.0.1', port: 5432, database: 'nocobase', user: 'nb', password: 'x' } } as Item;
    expect(plan(far({ items: [{ id: 'main', kind: 'database', engine: 'postgres', status: 'ok', serverVersion: '16.2', place: 'nocobase on 127.0.0.1:5432' }] }), [local]).problems).toEqual([]);
  });

  it('refuses other naming settings, an older NocoBase, no install at all, and missing or too old tools', () => {
    expect(plan(far({ settings: { DB_UNDERSCORED: 'true' } })).problems.map((p) => p.id)).toEqual(['settings-match']);
    expect(plan(far({ version: '1.8.0' })).problems).toEqual([{ id: 'nocobase-version', reason: 'NocoBase 1.8.0 there is older than 1.9.3 here', fix: 'upgrade the destination to 1.9.3 or newer first; NocoBase does not support downgrades' }]);
    expect(plan(far({ version: '2.0.0' })).notes).toContain('NocoBase 2.0.0 there is newer than 1.9.3 here: nocobase upgrade runs there after the restore');
    expect(plan(far({ noInstall: true })).problems[0]).toMatchObject({ id: 'far-install', reason: 'no NocoBase install at new-server:/srv/nocobase: /srv/nocobase does not exist' });
    const tools = plan(far({ tools: [{ label: 'pg_restore', path: '/usr/bin/pg_restore', major: 13 }, { label: 'mariadb or mysql' }, { label: 'tar', path: '/bin/tar' }, { label: 'zstd', path: '/usr/bin/zstd' }] }));
    expect(tools.problems.map((p) => `${p.reason} → ${p.fix}`)).toEqual([
      'mariadb or mysql is missing on new-server → install mariadb there (mariadb-client or mysql-client)',
      'pg_restore 13 on new-server cannot read dumps of PostgreSQL 15 → install postgresql-client-15 or newer there',
    ]);
  });

  it('refuses SQLite on either side: the far helper cannot read SQLite files back', () => {
    const file: Item = { id: 'main', group: 'main', label: 'Main database', kind: 'database', engine: 'sqlite', status: 'ok', selected: true, target: { engine: 'sqlite', file: '/srv/app/storage/db/nocobase.sqlite' } };
    expect(plan(far(), [file]).problems.map((p) => p.reason)).toContain('SQLite databases are not migrated over ssh (main)');
    expect(plan(far({ settings: { DB_DIALECT: 'sqlite' } }), [uploads]).problems.map((p) => p.id)).toEqual(['sqlite', 'settings-match']);
  });

  it('refuses a staging disk that cannot hold the storage, then one that cannot hold the set it made', () => {
    expect(plan(far({ stageFree: 500_000 })).problems.map((p) => p.id)).toEqual(['stage-disk']);
    const facts = far({ stageFree: 2_000_000 });
    expect(roomProblem(1_500_000, facts, ['main'])).toBeUndefined();
    expect(roomProblem(2_500_000, facts, ['main'])?.reason).toBe('2 MB free where the set lands on new-server (/home/deploy/nbbackup-migrate); the set (2.5 MB) and the safety copy of the storage it replaces need about 2.5 MB');
  });

  it('names each MySQL DEFINER account and whether it exists there', () => {
    const p = plan(far({ definers: { 'external:shop': [{ definer: 'root@localhost', exists: false }, { definer: 'app@%', exists: true }, { definer: 'ops@10.%' }] } }));
    expect(p.problems).toEqual([]);
    expect(p.notes.filter((n) => n.includes('DEFINER'))).toEqual([
      'external:shop: views, routines, triggers and events run as app@% (DEFINER), which exists there',
      'external:shop: DEFINER root@localhost does not exist on the server there: those objects fail when used until the account is created (or they are re-created with another DEFINER)',
      'external:shop: DEFINER ops@10.% could not be checked there (its login may not read mysql.user); loading them needs that account, or SUPER / SET USER for the login',
    ]);
  });
});
