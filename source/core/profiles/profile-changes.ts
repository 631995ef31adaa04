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

export async function renameProfileAndSchedule(from: string, to: string, config: Config): Promise<void> {
  const host = await detectScheduler();
  const schedule = await readSchedule(host, from).catch(() => undefined);
  await renameProfile(from, to, config);
  if (!schedule) return;
  await removeSchedule(host, from);
  await installSchedule(host, to, schedule, runCommandFor(to));
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
