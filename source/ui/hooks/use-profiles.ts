import { useCallback, useEffect, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import { deleteProfileAndSchedule } from '../../core/profiles/profile-changes.js';
import { profileRows, profilesOverview, type ProfilesOverview } from '../../core/profiles/profile-overview.js';
import type { Config } from '../../core/settings/config.js';

export interface ProfilesState {
  readonly overview?: ProfilesOverview;
  readonly error?: string;
  /** A line about the last change (deleted, saved). */
  readonly notice?: string;
  reload(): void;
  remove(name: string): void;
}

/** Rows from the files at once (keys typed ahead find them), then the schedules and locks. */
function firstView(config: Config | undefined): { overview?: ProfilesOverview; error?: string } {
  if (!config) return {};
  try {
    return { overview: { rows: profileRows(config) } };
  } catch (error) {
    return { error: errorLine(error) };
  }
}

/** The saved profiles with their last run and schedule, read through core; deleting goes through core too. */
export function useProfiles(config: Config | undefined): ProfilesState {
  const [state, setState] = useState<{ overview?: ProfilesOverview; error?: string; notice?: string }>(() => firstView(config));
  const reload = useCallback(() => {
    if (!config) return;
    profilesOverview(config).then(
      (overview) => setState((s) => ({ ...s, overview, error: undefined })),
      (error: unknown) => setState((s) => ({ ...s, error: errorLine(error) })),
    );
  }, [config]);
  const remove = useCallback(
    (name: string) => {
      if (!config) return;
      deleteProfileAndSchedule(name, config).then(
        () => {
          setState((s) => ({ ...s, notice: `Deleted profile ${name}; its backup sets stay where they are.` }));
          reload();
        },
        (error: unknown) => setState((s) => ({ ...s, notice: undefined, error: errorLine(error) })),
      );
    },
    [config, reload],
  );
  useEffect(reload, [reload]);
  return { ...state, reload, remove };
}
