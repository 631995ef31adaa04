import { errorLine } from '../errors.js';
import type { Config } from '../settings/config.js';
import type { Profile } from '../settings/profile.js';
import { loadProfiles } from '../settings/profile-store.js';
import { readProfileRun, type ProfileRun } from './profile-state.js';
import { lockFileOf, outDirOf } from './profile-plan.js';
import { readRunLock, isHolderAlive, type LockHolder } from './run-lock.js';
import { detectScheduler, nextRuns, readSchedule, type Schedule, type ScheduleHost } from './schedule.js';

/** A profile as the Profiles screen and `nbbackup profiles` show it: its last run, whether it runs now, when it runs next. */
export interface ProfileRow {
  readonly profile: Profile;
  /** Where its sets go, resolved. */
  readonly outDir: string;
  readonly last?: ProfileRun;
  readonly running?: LockHolder;
  readonly schedule?: Schedule;
  readonly next?: Date;
}

export interface ProfilesOverview {
  readonly rows: readonly ProfileRow[];
  /** Unknown until the schedules are read (profilesOverview). */
  readonly host?: ScheduleHost;
  /** Why the schedules could not be read, when they could not. */
  readonly scheduleError?: string;
}

/** The rows from files alone, at once: a screen draws them (and takes typed-ahead keys) in its first frame. */
export function profileRows(config: Config): ProfileRow[] {
  return loadProfiles(config).map((profile) => ({ profile, outDir: outDirOf(profile, config), last: readProfileRun(profile.name) }));
}

/** The rows with what takes a moment: the locks of running profiles, the installed schedules and next runs. */
export async function profilesOverview(config: Config, now = new Date()): Promise<ProfilesOverview> {
  const host = await detectScheduler();
  let scheduleError: string | undefined;
  const rows = await Promise.all(
    profileRows(config).map(async (row): Promise<ProfileRow> => {
      const [lock, schedule] = await Promise.all([
        readRunLock(lockFileOf(row.profile.name)).catch(() => undefined),
        readSchedule(host, row.profile.name).catch((error: unknown) => {
          scheduleError = errorLine(error);
          return undefined;
        }),
      ]);
      return { ...row, running: lock && isHolderAlive(lock) ? lock : undefined, schedule, next: schedule ? nextRuns(schedule, now, 1)[0] : undefined };
    }),
  );
  return { rows, host, scheduleError };
}
