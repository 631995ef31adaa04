import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameProfileAndSchedule } from '../../../source/core/profiles/profile-changes.js';
import { detectScheduler, installSchedule, readSchedule, runCommandFor, type Schedule } from '../../../source/core/profiles/schedule.js';
import type { Config } from '../../../source/core/settings/config.js';
import { loadProfiles, saveProfile } from '../../../source/core/settings/profile-store.js';

// A real profile store and cron.d folder, each in a temp dir (NBBACKUP_STATE_DIR, NBBACKUP_SCHEDULE_DIR):
// a rename must never end with the profile's schedule gone, whatever step fails.

const NIGHTLY: Schedule = { every: 'day', hour: 2, minute: 30 };
const BODY = { install: '/srv/crm', items: 'all' as const };
const saved = { ...process.env };
let cronDir = '';

beforeEach(() => {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'nbtest-profile-changes-'));
  cronDir = path.join(temp, 'cron.d');
  mkdirSync(cronDir);
  Object.assign(process.env, { NBBACKUP_STATE_DIR: path.join(temp, 'state'), NBBACKUP_SCHEDULE_DIR: cronDir, NBBACKUP_SCHEDULER: 'cron.d' });
});

afterEach(() => {
  for (const name of ['NBBACKUP_STATE_DIR', 'NBBACKUP_SCHEDULE_DIR', 'NBBACKUP_SCHEDULER']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

async function scheduled(name: string, config: Config = {}): Promise<void> {
  if (!config.profiles?.[name]) saveProfile(name, BODY, config);
  await installSchedule(await detectScheduler(), name, NIGHTLY, runCommandFor(name));
}

const names = (config: Config = {}) => loadProfiles(config).map((p) => p.name);
const scheduleOf = async (name: string) => readSchedule(await detectScheduler(), name);
/** The profile a cron.d file runs: the last word before the output is discarded. */
const runs = (file: string) => /'run' '([^']+)' >>/.exec(readFileSync(path.join(cronDir, file), 'utf8'))?.[1];

describe('renaming a profile with its schedule', () => {
  it('moves the schedule to the new name and removes the old one', async () => {
    await scheduled('nightly');
    await renameProfileAndSchedule('nightly', 'daily', {});
    expect(names()).toEqual(['daily']);
    expect(readdirSync(cronDir)).toEqual(['nbbackup-daily']);
    expect(runs('nbbackup-daily')).toBe('daily');
    expect(await scheduleOf('daily')).toEqual(NIGHTLY);
  });

  it('refuses a new name whose cron.d file another profile has, and changes nothing: the schedule is not lost', async () => {
    await scheduled('c.d');
    await scheduled('nightly');
    await expect(renameProfileAndSchedule('nightly', 'c_d', {})).rejects.toThrow(/nbbackup-c_d already schedules profile c\.d/);
    expect(names()).toEqual(['c.d', 'nightly']);
    expect(readdirSync(cronDir).sort()).toEqual(['nbbackup-c_d', 'nbbackup-nightly']);
    expect(runs('nbbackup-nightly')).toBe('nightly');
    expect(runs('nbbackup-c_d')).toBe('c.d');
    expect(await scheduleOf('nightly')).toEqual(NIGHTLY);
  });

  it('renames between two names that share one cron.d file (c.d to c_d)', async () => {
    await scheduled('c.d');
    await renameProfileAndSchedule('c.d', 'c_d', {});
    expect(names()).toEqual(['c_d']);
    expect(readdirSync(cronDir)).toEqual(['nbbackup-c_d']);
    expect(runs('nbbackup-c_d')).toBe('c_d');
    expect(await scheduleOf('c_d')).toEqual(NIGHTLY);
  });

  it('takes the new schedule out again when the rename itself fails, and keeps the old one', async () => {
    // A profile a .nbbackuprc ships cannot be renamed from nbbackup: the store refuses, after the schedule went in.
    const config: Config = { file: '/srv/crm/.nbbackuprc', profiles: { nightly: BODY, 'c.d': BODY } };
    await scheduled('nightly', config);
    await expect(renameProfileAndSchedule('nightly', 'daily', config)).rejects.toThrow(/comes from \/srv\/crm\/\.nbbackuprc/);
    expect(readdirSync(cronDir)).toEqual(['nbbackup-nightly']);
    expect(runs('nbbackup-nightly')).toBe('nightly');
    // The same when both names share one file, which the new schedule had replaced.
    await scheduled('c.d', config);
    await expect(renameProfileAndSchedule('c.d', 'c_d', config)).rejects.toThrow(/comes from/);
    expect(readdirSync(cronDir).sort()).toEqual(['nbbackup-c_d', 'nbbackup-nightly']);
    expect(runs('nbbackup-c_d')).toBe('c.d');
    expect(await scheduleOf('c.d')).toEqual(NIGHTLY);
  });

  it('never touches the schedule of a profile that has the new name already', async () => {
    await scheduled('nightly');
    await installSchedule(await detectScheduler(), 'daily', { every: 'hour', minute: 5 }, runCommandFor('daily'));
    await expect(renameProfileAndSchedule('nightly', 'daily', {})).rejects.toThrow(/a schedule for "daily" exists already/);
    saveProfile('daily', BODY, {});
    await expect(renameProfileAndSchedule('nightly', 'daily', {})).rejects.toThrow(/a profile named "daily" exists already/);
    expect(await scheduleOf('daily')).toEqual({ every: 'hour', minute: 5 });
    expect(await scheduleOf('nightly')).toEqual(NIGHTLY);
  });
});
