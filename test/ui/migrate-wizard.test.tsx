import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recogniseInstall } from '../../source/core/discover/recognise-install.js';
import { ToolFinder } from '../../source/core/process/tool-finder.js';
import type { MachineScan } from '../../source/core/scan/machine-scan.js';
import { takeInventory } from '../../source/core/scan/take-inventory.js';
import { App } from '../../source/ui/app.js';
import { farPath } from '../support/far-path.js';
import { buildRichInstall, richState, type RichInstall } from '../support/fixtures.js';
import { startMariaDb, stopMariaDb, type MariaDbServerInfo } from '../support/mariadb-server.js';
import { startPostgres, stopPostgres, type PgServerInfo } from '../support/pg-server.js';
import { startSshd, type SshdServer } from '../support/sshd-server.js';
import { waitFor } from '../support/wait-for.js';
import { renderSettled } from './ui-fixtures.js';

// The migration wizard in-process, end to end against real parts: install A here on the run's
// servers, install B behind a private OpenSSH server on a second PostgreSQL and MariaDB. The ssh argv
// reaches the app as every setting does, through the config file NBBACKUP_CONFIG names.

const pg = inject('pg');
const maria = inject('maria');
const APP = 'branch_app';
let pg2: PgServerInfo;
let maria2: MariaDbServerInfo;
let sshd: SshdServer;
let a: RichInstall;
let scan: MachineScan;
let sets: string;
const made: RichInstall[] = [];
const sshFromEnv = process.env.NBBACKUP_SSH;
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

beforeAll(async () => {
  // The operator's own NBBACKUP_SSH would win over the config: the test's ssh comes from its config alone.
  delete process.env.NBBACKUP_SSH;
  [pg2, maria2, sshd] = await Promise.all([startPostgres(), startMariaDb(), startSshd()]);
  a = await buildRichInstall(pg, maria, '', '', { schemaApp: APP });
  made.push(a);
  const found = await recogniseInstall(a.dir);
  if (!found) throw new Error('install A is not recognised');
  const inventory = await takeInventory(found);
  scan = {
    walked: Promise.resolve({ installs: [found], warnings: [] }),
    tools: new ToolFinder(),
    async inventories(_options, events) {
      events?.onEach?.(inventory);
      return [inventory];
    },
  };
  sets = tmp('nbtest-wizard-sets-');
  process.env.NBBACKUP_STATE_DIR = tmp('nbtest-wizard-state-');
}, 120_000);

afterAll(async () => {
  if (sshFromEnv !== undefined) process.env.NBBACKUP_SSH = sshFromEnv;
  for (const i of made) await i.cleanup();
  for (const i of made) rmSync(stageOf(i), { recursive: true, force: true });
  await Promise.all([pg2 && stopPostgres(pg2), maria2 && stopMariaDb(maria2), sshd?.close()]);
});

async function farInstall(): Promise<RichInstall> {
  const b = await buildRichInstall(pg2, maria2, 'create table leftover (id int);', 'create table leftover (id int);', { schemaApp: APP });
  made.push(b);
  return b;
}
const stageOf = (b: RichInstall) => path.join(b.dir, '..', `${path.basename(b.dir)}-stage`);

/** The app's settings for one test: the sets' folder here and the ssh argv, in a config file of its own. */
function useSsh(ssh: readonly string[]): void {
  const file = path.join(tmp('nbtest-wizard-config-'), 'nbbackup.yaml');
  writeFileSync(file, `backupDir: ${JSON.stringify(sets)}\nssh: ${JSON.stringify(ssh)}\n`);
  process.env.NBBACKUP_CONFIG = file;
}

type Wizard = { frame: () => string; shows: (what: string | RegExp, timeoutMs?: number) => Promise<string>; type: (keys: string) => void };

/**
 * Home → "Migrate to another server" (one install: straight to the form) → destination, then `pick`
 * (left on the button), staging folder, no upgrade → connect.
 */
async function openPlan(b: RichInstall, pick?: (wizard: Wizard) => Promise<void>) {
  const ui = await renderSettled(<App scan={scan} />);
  const frame = () => ui.lastFrame() ?? '';
  const footer = () => frame().split('\n').at(-1) ?? '';
  const shows = (what: string | RegExp, timeoutMs?: number) => waitFor(() => (typeof what === 'string' ? frame().includes(what) : what.test(frame())) && frame(), { what: String(what), lastSeen: frame, timeoutMs });
  const type = (keys: string) => ui.stdin.write(keys);
  await shows('❯ Back up');
  // Down twice and enter, typed ahead: the form opens with the destination field taking the keys.
  type('jj\r');
  await shows(/Migrate \S+ to another server/);
  type(`127.0.0.1:${b.dir}\r`);
  await shows(/❯ \[ Connect and inspect \]/);
  await pick?.({ frame, shows, type });
  // Up to the staging folder: emptied (Ctrl+U) and typed; then the upgrade off, and down to the button.
  type('kkkk\r');
  await shows('enter done');
  type(`\u0015${stageOf(b)}\r`);
  await shows(new RegExp(`Staging there\\s+${stageOf(b).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  type('j ');
  await shows('‹ no: keep the version there ›');
  type('jjj\r');
  return { ui, frame, footer, shows, type };
}

/** Down the plan until `what` is in view: each j moves it a line, until its end is in view. */
async function scrollTo(ui: { stdin: { write: (s: string) => void } }, frame: () => string, what: RegExp): Promise<string> {
  while (!what.test(frame())) {
    // The plan's end is in view and `what` is not: it is not in the plan.
    expect(frame(), `${what} in the plan`).toMatch(/↓ \d+ more/);
    const before = frame();
    ui.stdin.write('j');
    await waitFor(() => frame() !== before, { what: 'the plan to move down a line', lastSeen: frame });
  }
  return frame();
}

describe('the migration wizard', () => {
  it('refuses with each problem and its fix when the far side lacks zstd, and offers only going back', async () => {
    const b = await farInstall();
    const before = await richState(pg2, maria2, b);
    useSsh(sshd.variant({ sessionPath: farPath({}, ['zstd']) }));
    const { frame, footer, shows, type } = await openPlan(b);
    await shows('Cannot migrate', 60_000);
    expect(frame()).toMatch(/✖ zstd is missing on \S+/);
    expect(frame()).toMatch(/ {4}fix: install zstd there/);
    expect(frame()).toContain('[ Cannot migrate: see the ✖ above; esc goes back ]');
    expect(footer()).not.toContain('enter');
    expect(footer()).toContain('esc back');
    // Enter does nothing here: had it opened the typed name, the esc after it would close that, not go back.
    type('\r');
    type('\u001B');
    await shows(/❯ \[ Connect and inspect \]/);
    expect(frame()).toContain(`127.0.0.1:${b.dir}`);
    expect(readdirSync(sets)).toEqual([]);
    expect(await richState(pg2, maria2, b)).toEqual(before);
  });

  it('shows the plan side by side, starts nothing on a wrong name, and on the right one makes the far install what this one is', async () => {
    const b = await farInstall();
    const here = await richState(pg, maria, a);
    useSsh(sshd.sshCommand);
    const { ui, frame, footer, shows, type } = await openPlan(b);
    await shows('Nothing stands in the way', 60_000);
    expect(frame()).toMatch(/What moves \(\d+ items\): here → there/);
    expect(frame()).toMatch(/main\s/);
    expect(footer()).toContain('enter go on');
    const plan = await scrollTo(ui, frame, new RegExp(`DB_PORT\\s+${pg.port} → ${pg2.port}`));
    expect(plan).toContain('Settings that differ');
    expect(plan).not.toMatch(/PASSWORD/);
    await scrollTo(ui, frame, new RegExp(`subapp:${APP}`));
    await scrollTo(ui, frame, /external:shop/);

    const name = path.basename(b.dir);
    type('\r');
    await shows(`Type the far install's name (${name}) to overwrite it on`);
    type('nope\r');
    await shows(`That is not ${name}.`);
    expect(readdirSync(sets)).toEqual([]);
    expect(frame()).not.toContain('Backing up here');

    type(`\u007F\u007F\u007F\u007F${name}\r`);
    await shows(/back up here|send the set|restore there/);
    expect(footer()).toContain('c cancel');
    const done = await shows(/Migrated\.|Migration (failed|refused|interrupted)/, 120_000);
    expect(done).toContain('✔ Migrated.');
    expect(done).toMatch(/The set is kept here: /);
    expect(readdirSync(sets)).toHaveLength(1);

    const there = await richState(pg2, maria2, b);
    expect(there.pg.schema).toBe(here.pg.schema);
    expect(there.pg.tables).toEqual(here.pg.tables);
    expect(there.pg.sequences).toEqual(here.pg.sequences);
    expect(there.maria).toEqual(here.maria);
    expect(there.uploads).toEqual(here.uploads);
    expect(there.keys).toBe(here.keys);
    expect(await richState(pg, maria, a)).toEqual(here);
    expect(readdirSync(stageOf(b)).some((n) => existsSync(path.join(stageOf(b), n, 'manifest.json')))).toBe(true);
  });

  it('moves only what is ticked under What moves, and keeps the choice going back from the plan', async () => {
    const b = await farInstall();
    useSsh(sshd.sshCommand);
    const setsBefore = readdirSync(sets);
    let chosen = '';
    const { ui, frame, shows, type } = await openPlan(b, async (w) => {
      // Up from the button to What moves; enter opens the backup's checklist for install A.
      w.type('kkkkk');
      await w.shows(/❯ What moves\s+what a backup takes: \d+ of \d+ items/);
      w.type('\r');
      await w.shows(/Migrate \S+ — tick what moves/);
      expect(w.frame()).toMatch(/\[x\] main database/);
      while (!/❯ \[x\] Shop/.test(w.frame())) {
        const before = w.frame();
        w.type('j');
        await waitFor(() => w.frame() !== before, { what: 'the cursor to move down', lastSeen: w.frame });
      }
      w.type(' ');
      await w.shows('❯ [ ] Shop');
      w.type('\r');
      chosen = (await w.shows(/❯ What moves\s+\d+ of \d+ items/)).match(/What moves\s+(\d+ of \d+ items)/)![1];
      w.type('jjjjj');
      await w.shows(/❯ \[ Connect and inspect \]/);
    });
    await shows('Nothing stands in the way', 60_000);
    expect(frame()).toContain(`What moves (${chosen.split(' ')[0]} items): here → there`);
    // Down the whole list of rows, to the settings under it: the unticked item is not among them.
    const seen = [frame()];
    while (!/Settings/.test(frame())) {
      const before = frame();
      ui.stdin.write('j');
      seen.push(await waitFor(() => frame() !== before && frame(), { what: 'the plan to move down a line', lastSeen: frame }));
    }
    expect(seen.join('\n')).toMatch(/main\s/);
    expect(seen.join('\n')).not.toContain('external:shop');
    type('\u001B');
    await shows(/❯ \[ Connect and inspect \]/);
    expect(frame()).toMatch(new RegExp(`What moves\\s+${chosen}`));
    expect(readdirSync(sets)).toEqual(setsBefore);
  });
});
