import { useEffect, useState } from 'react';
import { listSets, type SetSummary } from '../../core/set/backup-set.js';
import { errorLine } from '../../core/errors.js';

/** The backup sets in a folder, read once per folder. */
export function useSets(dir: string): { loading: boolean; sets: readonly SetSummary[]; error?: string } {
  const [state, setState] = useState<{ loading: boolean; sets: readonly SetSummary[]; error?: string }>({ loading: true, sets: [] });
  useEffect(() => {
    let live = true;
    listSets(dir).then(
      (sets) => live && setState({ loading: false, sets: [...sets].reverse() }),
      (error: unknown) => live && setState({ loading: false, sets: [], error: errorLine(error) }),
    );
    return () => {
      live = false;
    };
  }, [dir]);
  return state;
}
