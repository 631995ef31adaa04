import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closedPort } from '../support/child-env.js';
import { envText } from '../support/fixtures.js';
import { nocobaseSchemaSql } from '../support/nocobase-schema.js';
import { pgAdmin } from '../support/pg-server.js';
import { CLI } from '../support/run-cli.js';
import { HARD_PASSWORD } from '../support/secrets.js';
import { TmuxSession } from '../support/tmux.js';

// An operator over SSH: keys typed ahead in bursts, help opened mid-run, the window resized, a big
// install. The real CLI in tmux against the run's PostgreSQL; nothing may run off the screen.

const pg = inject('pg');
const suffix = randomBytes(4).toString('hex');
const user = `forty_${suffix}`;
const mainDb = `fortymain_${suffix}`;
const extDb = `fortyext_${suffix}`;
const SOURCES = 36;
let dir: string;
let tui: TmuxSession | undefined;

/** A source install with a main database, 36 external PostgreSQL sources and storage: 40 items and more. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-forty-'));
  await pgAdmin(pg, `create role ${user} login createdb password '${HARD_PASSWORD.replace(/'/g, "''")}'`);
  for (const db of [mainDb, extDb]) await pgAdmin(pg, `create database ${db} owner ${user}`);
  const dataSources = Array.from({ length: SOURCES }, (_, i) => ({
    key: `src${String(i).padStart(2, '0')}`,
    displayName: `Source number ${i} with a long display name that is cut`,
    type: 'postgres',
    options: { host: '127.0.0.1', port: pg.port, database: extDb, username: user, password: HARD_PASSWORD },
  }));
  await pgAdmin(pg, `set role ${user}; ${nocobaseSchemaSql('postgres', {}, { version: '1.9.3', dataSources })}`, mainDb);
  await pgAdmin(pg, `set role ${user}; create table stock (id serial primary key, sku text); insert into stock (sku) values ('a'), ('b');`, extDb);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'forty', dependencies: { '@nocobase/cli': '1.9.3' } }));
  writeFileSync(path.join(dir, '.env'), envText({ APP_PORT: closedPort(), DB_DIALECT: 'postgres', DB_HOST: '127.0.0.1', DB_PORT: pg.port, DB_DATABASE: mainDb, DB_USER: user, DB_PASSWORD: HARD_PASSWORD }));
  for (const part of ['uploads', 'apps/main', 'plugins']) mkdirSync(path.join(dir, 'storage', part), { recursive: true });
  writeFileSync(path.join(dir, 'storage/uploads/a.txt'), 'attachment');
});
afterAll(async () => {
  await tui?.kill();
  for (const db of [mainDb, extDb]) await pgAdmin(pg, `drop database if exists ${db} with (force)`).catch(() => undefined);
  await pgAdmin(pg, `drop owned by ${user} cascade; drop role if exists ${user}`).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'nbbackup · NocoBase backups';
/** Every line within the terminal, the header once and on top, the footer on the last line used. */
function expectFits(screen: string, columns: number, rows: number) {
  const lines = screen.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
  expect(lines[0].startsWith(HEADER)).toBe(true);
  expect(screen.split(HEADER)).toHaveLength(2);
  expect(lines.filter((l) => l.trim()).at(-1)).toMatch(/\? (help|close this help)/);
}

describe.each([
  [80, 24],
  [60, 20],
])('an operator at %i×%i', (columns, rows) => {
  it('backs up a 40-item install with keys typed ahead, help opened mid-run, and a resize, all on screen', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-op-'));
    const out = path.join(cwd, 'sets');
    const stderr = path.join(cwd, 'stderr.txt');
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${dir}\nbackupDir: ${out}\njobs: 4\n`);
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI} 2>${stderr}`, { columns, rows, env: { NBBACKUP_STATE_DIR: `${cwd}/state` } });
    expectFits(await tui.waitFor('1 NocoBase install on this machine.', 30_000), columns, rows);

    // Home: down, down, up, up, enter as one burst opens Back up (the first item), not what the first key left.
    await tui.burst('j', 'j', 'k', 'k', 'Enter');
    await tui.waitFor(/❯ nbtest-forty-\w+\s+create-app 1\.9\.3\s+4\d items/);
    await tui.burst('Enter');
    // The checklist: none, then tick main, the last source and the uploads, typed ahead in one go.
    await tui.waitFor('tick what to back up');
    await tui.burst('n', 'Space', 'End', 'Space', 'Home', 'a');
    const checklist = await tui.waitFor(/Selected: \d{2} items/);
    expectFits(checklist, columns, rows);
    expect(checklist).toContain('❯ [x] main database');

    // Options: down three times and enter, then ? at once: the help covers the run, which goes on.
    await tui.burst('Enter');
    await tui.waitFor('[ Start backup of');
    await tui.burst('j', 'j', 'j', 'Enter', '?');
    expectFits(await tui.waitFor('Keys'), columns, rows);
    await tui.resize(columns + 40, rows + 16);
    await tui.resize(columns, rows);
    await tui.burst('?');
    const summary = await tui.waitFor(/Backup finished[\s\S]*enter do it/, 60_000);
    expectFits(summary, columns, rows);
    expect(summary).toMatch(/❯ Verify the set again/);
    expect(summary).toMatch(/↓ \d+ more/);

    // ? on the summary, twice: it writes no new set.
    await tui.burst('?', '?');
    await tui.waitFor(/Backup finished[\s\S]*enter do it/);
    const sets = readdirSync(out);
    expect(sets).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(path.join(out, sets[0], 'manifest.json'), 'utf8'));
    expect(manifest.items.filter((i: { status: string }) => i.status === 'ok').length).toBeGreaterThanOrEqual(SOURCES + 2);

    // Down ×3, enter in one burst: the fourth action (back to the menu), then q quits with 0.
    await tui.burst('j', 'j', 'j', 'Enter');
    expectFits(await tui.waitFor('❯ Back up'), columns, rows);
    await tui.send('q');
    await tui.ended();
    expect(readFileSync(stderr, 'utf8')).toBe('');
  }, 180_000);
});
