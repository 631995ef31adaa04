import { useCallback, useEffect, useRef, useState } from 'react';
import { listSets, type SetSummary } from '../../core/set/backup-set.js';
import { newestFirst } from '../../core/set/set-time.js';
import { errorLine } from '../../core/errors.js';

export interface SetsState {
  readonly loading: boolean;
  /** Newest first. */
  readonly sets: readonly SetSummary[];
  readonly error?: string;
  /** Reads the folder again (after a set was deleted); resolves once the new list is in place. */
  reload(): Promise<void>;
}

/** The backup sets in a folder, read once per folder and again on demand. */
export function useSets(dir: string): SetsState {
  const [state, setState] = useState<{ loading: boolean; sets: readonly SetSummary[]; error?: string }>({ loading: true, sets: [] });
  const live = useRef(true);
  const read = useCallback(
    () =>
      listSets(dir).then(
        (sets) => void (live.current && setState({ loading: false, sets: newestFirst(sets) })),
        (error: unknown) => void (live.current && setState({ loading: false, sets: [], error: errorLine(error) })),
      ),
    [dir],
  );
  useEffect(() => {
    live.current = true;
    void read();
    return () => {
      live.current = false;
    };
  }, [read]);
  return { ...state, reload: read };
}
