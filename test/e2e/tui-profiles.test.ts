import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWorld, type World } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { keepScreen } from '../support/screen-snapshot.js';
import { TmuxSession } from '../support/tmux.js';

const pg = inject('pg');
const maria = inject('maria');
const SCREENS = path.resolve(import.meta.dirname, 'screens');
let world: World;
let tui: TmuxSession | undefined;

beforeAll(async () => {
  world = await buildWorld(pg, maria);
});
afterAll(async () => {
  await tui?.kill();
  await world?.cleanup();
});

describe('profiles in an 80×24 terminal', () => {
  it('saves a backup as a profile from its summary, runs it from the Profiles screen, and shows its schedule', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'nbtest-tui-'));
    const out = path.join(cwd, 'sets');
    const schedule = path.join(cwd, 'schedule');
    mkdirSync(out);
    mkdirSync(schedule);
    writeFileSync(path.join(cwd, '.nbbackuprc'), `roots:\n  - ${world.paths.source}\nbackupDir: ${out}\n`);
    const env = { NBBACKUP_STATE_DIR: `${cwd}/state`, NBBACKUP_SCHEDULE_DIR: schedule, NBBACKUP_SCHEDULER: 'systemd-user' };
    tui = await TmuxSession.start(`cd ${cwd} && exec ${process.execPath} ${CLI}`, { env });

    await tui.waitFor('1 NocoBase install on this machine.');
    await tui.keys('Enter');
    await tui.waitFor(/❯ src-app/);
    await tui.keys('Enter');
    await tui.waitFor('tick what to back up');
    // Main alone.
    await tui.keys('n', 'Space');
    await tui.waitFor('Selected: 1 item');
    await tui.keys('Enter');
    await tui.waitFor('[ Start backup of 1 item ]');
    await tui.keys('Enter');
    await tui.waitFor(/Save as a profile[\s\S]*↑↓ move · enter do it/, 60_000);
    await tui.keys('j', 'j', 'Enter');
    await tui.waitFor(/Save as a profile ·[\s\S]*❯ Name/);
    await tui.keys('Enter');
    await tui.waitFor('enter done');
    for (const c of 'nightly') await tui.send(c);
    await tui.keys('Enter');
    await tui.waitFor(/Name\s+nightly/);
    // Down to retention, typed as digits: keep the last 3.
    await tui.keys('j', 'j', 'j', '3');
    await tui.waitFor(/❯ Keep last\s+‹ 3 ›/);
    const form = await tui.screen();
    keepScreen(SCREENS, '10-profile-edit', form);
    for (let i = 0; i < 8; i++) await tui.send('j');
    await tui.waitFor(/❯ \s*\[ Save profile \]/);
    await tui.keys('Enter');
    const list = await tui.waitFor(/Saved profile nightly[\s\S]*❯ nightly\s+never run\s+no schedule[\s\S]*enter run · e edit · s schedule · d delete/);
    keepScreen(SCREENS, '11-profiles', list);
    expect(list).toContain('Items: main');
    expect(list).toContain('Keeps: last 3');

    // Enter runs it; the live panes, then the backup's own summary.
    await tui.keys('Enter');
    const summary = await tui.waitFor(/Backup finished[\s\S]*✔ Verified:[\s\S]*↑↓ move · enter do it/, 60_000);
    expect(summary).not.toContain('Save as a profile');
    const sets = readdirSync(out).sort();
    expect(sets).toHaveLength(2);
    expect(JSON.parse(readFileSync(path.join(out, sets[1], 'manifest.json'), 'utf8')).profile).toBe('nightly');
    expect((await runCli(['verify', path.join(out, sets[1])])).exitCode).toBe(0);

    // s: the schedule, typed in words and checked as typed, written as a user timer in the test's folder.
    await tui.keys('j', 'j', 'Enter');
    await tui.waitFor('❯ Profiles');
    await tui.keys('Enter');
    await tui.waitFor(/nightly\s+ok \d\d-\d\d \d\d:\d\d/);
    await tui.keys('s');
    await tui.waitFor('Schedule profile nightly');
    await tui.keys('Enter');
    await tui.waitFor('enter done');
    await tui.send('C-u');
    for (const c of 'every sunday at 03:00') await tui.send(c);
    await tui.waitFor(/would run: \d{4}-\d\d-\d\d 03:00/);
    await tui.keys('Enter');
    const written = await tui.waitFor('Written:');
    keepScreen(SCREENS, '12-schedule', written);
    const timer = readFileSync(path.join(schedule, 'nbbackup-nightly.timer'), 'utf8');
    expect(timer).toMatch(/^OnCalendar=Sun \*-\*-\* 03:00:00$/m);
    expect(readFileSync(path.join(schedule, 'nbbackup-nightly.service'), 'utf8')).toMatch(/^ExecStart=.* "run" "nightly"$/m);
    await tui.keys('Escape');
    await tui.waitFor(/nightly\s+ok .*next \d\d-\d\d 03:00/);
    await tui.send('q');
    await tui.ended();
  });
});
