import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { recogniseInstall } from '../../source/core/discover/recognise-install.js';
import { ToolFinder } from '../../source/core/process/tool-finder.js';
import type { MachineScan } from '../../source/core/scan/machine-scan.js';
import { takeInventory, type InstallInventory } from '../../source/core/scan/take-inventory.js';
import { loadConfig } from '../../source/core/settings/config.js';
import { loadProfiles, saveProfile } from '../../source/core/settings/profile-store.js';
import { App } from '../../source/ui/app.js';
import { nocobaseSchemaSql } from '../support/nocobase-schema.js';
import { waitFor } from '../support/wait-for.js';
import { renderSettled } from './ui-fixtures.js';

// The Profiles screens in-process against a real SQLite install: real dumps, real sets, profiles in
// the test's own state folder and schedules in its own folder (never the machine's cron or systemd).

let install: string;
let sets: string;
let inventory: InstallInventory;
let scan: MachineScan;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-profiles-ui-'));
  install = path.join(dir, 'app');
  sets = path.join(dir, 'sets');
  mkdirSync(path.join(install, 'storage/db'), { recursive: true });
  mkdirSync(path.join(install, 'storage/uploads'), { recursive: true });
  writeFileSync(path.join(install, 'package.json'), JSON.stringify({ name: 'tiny', dependencies: { '@nocobase/app': '2.1.3' } }));
  writeFileSync(path.join(install, '.env'), 'APP_ENV=development\nDB_DIALECT=sqlite\n');
  writeFileSync(path.join(install, 'storage/uploads/a.txt'), 'an upload\n');
  await execa('sqlite3', [path.join(install, 'storage/db/nocobase.sqlite')], { input: nocobaseSchemaSql('postgres', {}, { version: '2.1.3' }) });
  writeFileSync(path.join(dir, 'nbbackup.yaml'), `backupDir: ${JSON.stringify(sets)}\n`);
  process.env.NBBACKUP_CONFIG = path.join(dir, 'nbbackup.yaml');
  process.env.NBBACKUP_STATE_DIR = path.join(dir, 'state');
  process.env.NBBACKUP_SCHEDULE_DIR = path.join(dir, 'schedule');
  process.env.NBBACKUP_SCHEDULER = 'cron.d';
  mkdirSync(process.env.NBBACKUP_SCHEDULE_DIR);
  const found = await recogniseInstall(install);
  if (!found) throw new Error('the test install is not recognised');
  inventory = await takeInventory(found);
  scan = {
    walked: Promise.resolve({ installs: [found], warnings: [] }),
    tools: new ToolFinder(),
    async inventories(_options, events) {
      events?.onEach?.(inventory);
      return [inventory];
    },
  };
});

async function start() {
  const ui = await renderSettled(<App scan={scan} />);
  const frame = () => ui.lastFrame() ?? '';
  const shows = (what: string | RegExp, timeoutMs?: number) => waitFor(() => (typeof what === 'string' ? frame().includes(what) : what.test(frame())) && frame(), { what: String(what), lastSeen: frame, timeoutMs });
  await shows('❯ Back up');
  return { ui, frame, shows, type: (keys: string) => ui.stdin.write(keys) };
}

const setsOf = () => (existsSync(sets) ? readdirSync(sets).filter((n) => !n.startsWith('.')) : []);

describe('profiles in the TUI', () => {
  it('saves the items of a finished backup as a profile, runs it from the menu, edits its retention and schedules it', async () => {
    const { shows, type, frame } = await start();
    // Back up → the install → its checklist as ticked → options → start.
    type('\r');
    await shows(/❯ app\s/);
    type('\r');
    await shows('tick what to back up');
    type('\r');
    await shows(/Start backup of \d items/);
    type('\r');
    await shows('Backup finished', 60_000);
    expect(setsOf()).toHaveLength(1);

    // The summary offers to save what was just backed up.
    await shows('Save as a profile');
    type('jj\r');
    await shows('Save as a profile ·');
    // The form opens on its name field, empty.
    type('\r');
    await shows('enter done');
    type('nightly\r');
    await shows(/Name\s+nightly/);
    // Copy to: a destination typed in; a bad one is named on the field and nothing is saved.
    type('jjjjjjj\r');
    await shows('enter done');
    type('-oProxyCommand=x:y\r');
    await shows(/Copy to\s+-oProxyCommand=x:y/);
    type('jjjj\r');
    await shows(/✖ Copy to: "-oProxyCommand=x" is not a host name/);
    const offsite = path.join(path.dirname(sets), 'offsite');
    type('\r');
    await shows('enter done');
    type(`\u0015${offsite}\r`);
    await shows(new RegExp(`Copy to\\s+${offsite}`));
    type('jjjj\r');
    await shows(/Profiles[\s\S]*nightly\s+never run\s+no schedule/);
    expect(frame()).toContain('Saved profile nightly');
    const saved = loadProfiles(await loadConfig()).find((p) => p.name === 'nightly');
    expect(saved).toMatchObject({ install, items: inventory.items.filter((i) => i.selected && i.status === 'ok').map((i) => i.id), outDir: sets, copies: [{ to: offsite }] });

    // Enter runs it with the live panes; the summary is the backup's own.
    type('\r');
    await shows('Backup finished', 60_000);
    expect(await shows(/✔ Verified:/)).not.toContain('Saved profile');
    expect(frame()).not.toContain('Save as a profile');
    expect(setsOf()).toHaveLength(2);
    const newest = setsOf().sort().at(-1)!;
    expect(JSON.parse(readFileSync(path.join(sets, newest, 'manifest.json'), 'utf8')).profile).toBe('nightly');

    // Back at the profiles: its last run, then e to keep one set, typed as digits.
    type('jj\r');
    await shows('❯ Profiles');
    type('\r');
    await shows(/nightly\s+ok \d\d-\d\d \d\d:\d\d/);
    type('e');
    await shows('Edit profile nightly');
    type('jjj1\r');
    await shows(/Keep last\s+‹ 1 ›/);
    // A change not saved yet: esc and q both ask before it is dropped.
    type('\u001B');
    await shows('Leave without saving your changes?');
    type('n');
    type('q');
    await shows('Quit nbbackup? What you typed is not kept.');
    type('n');
    // Once the question is gone its footer is too: the form has the keys again.
    await waitFor(() => !frame().includes('Quit nbbackup?') && /❯ Keep last\s+‹ 1 ›[\s\S]*enter edit \/ save/.test(frame()), { what: 'the form again', lastSeen: frame });
    type('jjjjjjjj\r');
    await shows('Keeps: last 1');
    expect(frame()).toMatch(/Copies to: \S+offsite/);

    // s: every day at 03:15, written in the test's own cron.d folder, and shown as the next run.
    type('s');
    await shows('Schedule profile nightly');
    type('\r');
    await shows('enter done');
    type('\u0015every day at 03:15\r');
    await shows('Written:');
    const cron = readFileSync(path.join(process.env.NBBACKUP_SCHEDULE_DIR!, 'nbbackup-nightly'), 'utf8');
    expect(cron).toMatch(/^15 3 \* \* \* root .*'run' 'nightly'/m);
    type('\u001B');
    await shows(/nightly\s+ok .*next \d\d-\d\d 03:15/);

    // Run again: retention keeps the newest set of this profile; the first set, made by hand, stays.
    type('\r');
    await shows('Backup finished', 60_000);
    await shows('Retention pruned 1 older set');
    expect(setsOf()).toHaveLength(2);

    // d deletes the profile and its schedule after asking; the sets stay.
    type('jj\r');
    await shows('❯ Profiles');
    type('\r');
    await shows(/nightly\s+ok/);
    type('d');
    await shows('Delete profile nightly and its schedule?');
    type('y');
    await shows('No profiles yet');
    expect(existsSync(path.join(process.env.NBBACKUP_SCHEDULE_DIR!, 'nbbackup-nightly'))).toBe(false);
    expect(setsOf()).toHaveLength(2);
  });

  it('lists a profile saved headless, with its items and the keys that act on it', async () => {
    saveProfile('headless', { install, items: ['storage:uploads'], outDir: sets }, await loadConfig());
    const { shows, type, frame } = await start();
    type('jjjj');
    await shows('❯ Profiles');
    type('\r');
    await shows(/headless\s+never run\s+no schedule/);
    expect(frame()).toContain('Items: storage:uploads');
    expect(frame()).toMatch(/enter run · e edit · s schedule · d delete/);
  });
});
