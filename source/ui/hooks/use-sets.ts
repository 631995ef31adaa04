import { useCallback, useEffect, useRef, useState } from 'react';
import { listSets, type SetSummary } from '../../core/set/backup-set.js';
import { newestFirst } from '../../core/set/set-time.js';
import { errorLine } from '../../core/errors.js';
import { copiesBySet, type CopyRecord } from '../../core/copy/copy-records.js';

export interface SetsState {
  readonly loading: boolean;
  /** Newest first. */
  readonly sets: readonly SetSummary[];
  readonly error?: string;
  /** Each set's off-site copies as this machine recorded them, by set folder. */
  readonly copies: ReadonlyMap<string, readonly CopyRecord[]>;
  /** Reads the folder again (after a set was deleted); resolves once the new list is in place. */
  reload(): Promise<void>;
}

/** The backup sets in a folder, read once per folder and again on demand. */
export function useSets(dir: string): SetsState {
  const [state, setState] = useState<{ loading: boolean; sets: readonly SetSummary[]; error?: string; copies: ReadonlyMap<string, readonly CopyRecord[]> }>({ loading: true, sets: [], copies: new Map() });
  const live = useRef(true);
  const read = useCallback(
    () =>
      listSets(dir).then(
        (sets) => void (live.current && setState({ loading: false, sets: newestFirst(sets), copies: copiesBySet() })),
        (error: unknown) => void (live.current && setState({ loading: false, sets: [], error: errorLine(error), copies: new Map() })),
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
