import path from 'node:path';
import { useCallback, useEffect, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import { detectScheduler, installSchedule, manualInstructions, readSchedule, removeSchedule, runCommandFor, type Schedule, type ScheduleHost } from '../../core/profiles/schedule.js';

export interface ScheduleState {
  readonly host?: ScheduleHost;
  readonly current?: Schedule;
  readonly busy: boolean;
  readonly error?: string;
  readonly done?: string;
  save(schedule: Schedule): void;
  remove(): void;
  /** What to add by hand where this machine has no scheduler nbbackup can write. */
  manual(schedule: Schedule): string;
}

/** A profile's timer or cron entry, read and written through core. */
export function useSchedule(profile: string, configFile?: string): ScheduleState {
  const [state, setState] = useState<{ host?: ScheduleHost; current?: Schedule; busy: boolean; error?: string; done?: string }>({ busy: true });
  // Asked once; a schedule typed before the answer is written once it comes.
  const [found] = useState(() => detectScheduler());
  useEffect(() => {
    found
      .then(async (host) => ({ host, current: await readSchedule(host, profile) }))
      .then(
        ({ host, current }) => setState({ host, current, busy: false }),
        (error: unknown) => setState({ busy: false, error: errorLine(error) }),
      );
  }, [found, profile]);
  const save = useCallback(
    (schedule: Schedule) => {
      setState((s) => ({ ...s, busy: true, error: undefined }));
      found
        .then(async (host) => (host.scheduler === 'none' ? undefined : installSchedule(host, profile, schedule, runCommandFor(profile, process.env, configFile))))
        .then(
          (installed) => setState((s) => ({ ...s, busy: false, ...(installed ? { current: schedule, done: `Written: ${written(installed.files)}` } : {}) })),
          (error: unknown) => setState((s) => ({ ...s, busy: false, error: errorLine(error) })),
        );
    },
    [found, profile, configFile],
  );
  const remove = useCallback(() => {
    setState((s) => ({ ...s, busy: true, error: undefined }));
    found.then((host) => removeSchedule(host, profile)).then(
      (files) => setState((s) => ({ ...s, busy: false, current: undefined, done: files.length ? `Removed: ${written(files)}` : 'There was no schedule.' })),
      (error: unknown) => setState((s) => ({ ...s, busy: false, error: errorLine(error) })),
    );
  }, [found, profile]);
  const manual = useCallback((schedule: Schedule) => manualInstructions(profile, schedule, runCommandFor(profile, process.env, configFile)), [profile, configFile]);
  return { ...state, save, remove, manual };
}

/** "nbbackup-x.service, nbbackup-x.timer in /etc/systemd/system": the names first, so a narrow screen keeps them. */
function written(files: readonly string[]): string {
  const dirs = [...new Set(files.map((f) => path.dirname(f)))];
  return dirs.length === 1 && dirs[0] !== '.' ? `${files.map((f) => path.basename(f)).join(', ')} in ${dirs[0]}` : files.join(', ');
}
