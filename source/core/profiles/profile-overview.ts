import { errorLine } from '../errors.js';
import type { Config } from '../settings/config.js';
import type { Profile } from '../settings/profile.js';
import { loadProfiles } from '../settings/profile-store.js';
import { readProfileRun, type ProfileRun } from './profile-state.js';
import { lockFileOf } from './profile-plan.js';
import { readRunLock, isHolderAlive, type LockHolder } from './run-lock.js';
import { detectScheduler, nextRuns, readSchedule, type Schedule, type ScheduleHost } from './schedule.js';

/** A profile as the Profiles screen and `nbbackup profiles` show it: its last run, whether it runs now, when it runs next. */
export interface ProfileRow {
  readonly profile: Profile;
  readonly last?: ProfileRun;
  readonly running?: LockHolder;
  readonly schedule?: Schedule;
  readonly next?: Date;
}

export interface ProfilesOverview {
  readonly rows: readonly ProfileRow[];
  readonly host: ScheduleHost;
  /** Why the schedules could not be read, when they could not. */
  readonly scheduleError?: string;
}

export async function profilesOverview(config: Config, now = new Date()): Promise<ProfilesOverview> {
  const host = await detectScheduler();
  let scheduleError: string | undefined;
  const rows = await Promise.all(
    loadProfiles(config).map(async (profile): Promise<ProfileRow> => {
      const [last, lock, schedule] = await Promise.all([
        readProfileRun(profile.name),
        readRunLock(lockFileOf(profile.name)).catch(() => undefined),
        readSchedule(host, profile.name).catch((error: unknown) => {
          scheduleError = errorLine(error);
          return undefined;
        }),
      ]);
      return { profile, last, running: lock && isHolderAlive(lock) ? lock : undefined, schedule, next: schedule ? nextRuns(schedule, now, 1)[0] : undefined };
    }),
  );
  return { rows, host, scheduleError };
}
