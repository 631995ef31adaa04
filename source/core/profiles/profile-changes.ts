import path from 'node:path';
import type { Config } from '../settings/config.js';
import { UsageError } from '../errors.js';
import { defaultOutDir } from '../settings/defaults.js';
import type { ProfileBody } from '../settings/profile.js';
import { checkProfileName, deleteProfile, loadProfiles, renameProfile, saveProfile } from '../settings/profile-store.js';
import { detectScheduler, installSchedule, readSchedule, removeSchedule, runCommandFor } from './schedule.js';

/**
 * Deleting or renaming a profile also moves its timer or cron entry: a schedule left behind would run
 * `nbbackup run OLD` every night and fail.
 */
export async function deleteProfileAndSchedule(name: string, config: Config): Promise<string[]> {
  const host = await detectScheduler();
  const removed = (await readSchedule(host, name).catch(() => undefined)) ? await removeSchedule(host, name) : [];
  await deleteProfile(name, config);
  return removed;
}

/**
 * The new schedule goes in first: it refuses a name whose schedule file is another profile's (cron.d
 * makes `c.d` and `c_d` one file), before anything has changed. Only once the profile is renamed is the
 * old schedule removed; a rename that fails takes the new schedule out again and leaves the old one.
 */
export async function renameProfileAndSchedule(from: string, to: string, config: Config): Promise<void> {
  checkProfileName(to);
  const host = await detectScheduler();
  const schedule = await readSchedule(host, from).catch(() => undefined);
  if (!schedule) return renameProfile(from, to, config);
  // Installing over `to`'s own schedule, then undoing it, would lose that schedule: refuse first.
  if (loadProfiles(config).some((p) => p.name === to)) throw new UsageError(`a profile named "${to}" exists already`, 'pick another name');
  if ((await readSchedule(host, to).catch(() => 'unreadable' as const)) !== undefined) {
    throw new UsageError(`a schedule for "${to}" exists already`, `remove it first (nbbackup profile schedule ${to} --remove), or pick another name`);
  }
  await installSchedule(host, to, schedule, runCommandFor(to), { replacing: from });
  try {
    await renameProfile(from, to, config);
  } catch (error) {
    await removeSchedule(host, to).catch(() => undefined);
    // `from` and `to` may share one cron.d file, which the new schedule replaced: put the old one back.
    if ((await readSchedule(host, from).catch(() => undefined)) === undefined) await installSchedule(host, from, schedule, runCommandFor(from)).catch(() => undefined);
    throw error;
  }
  await removeSchedule(host, from);
}

/** The TUI's edit form: a new name renames first (schedule and run log move along), then the body is saved. */
export async function saveEditedProfile(from: string | undefined, name: string, body: ProfileBody, config: Config): Promise<string> {
  checkProfileName(name);
  // The form shows the default folder as empty: fixed (and absolute) once saved, as `profile save` does.
  body = { ...body, outDir: path.resolve(body.outDir || config.backupDir || defaultOutDir()) };
  if (from && from !== name) await renameProfileAndSchedule(from, name, config);
  else if (!from && loadProfiles(config).some((p) => p.name === name)) throw new UsageError(`a profile named "${name}" exists already`, 'pick another name, or edit that profile');
  return saveProfile(name, body, config);
}
