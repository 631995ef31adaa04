import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import { verdictOf } from '../../core/verify/verified-sets.js';
import { verifySet } from '../../core/verify/verify-set.js';
import type { SetCheck } from '../set-row.js';

export interface SetChecks {
  /** The set's read-back in this session: running, its verdict, or none. */
  of(dir: string): SetCheck | undefined;
  /** Reads the set back; a second v while it runs does nothing. */
  verify(dir: string): void;
  /** Whether a read-back of the set is under way (a set being read is not deleted). */
  running(dir: string): boolean;
}

/**
 * Read-backs of several sets at once, each kept by folder. Verdicts from earlier in the session (a
 * backup's own read-back, a visit to this screen before) come from core's record of them.
 */
export function useSetChecks(): SetChecks {
  const [checks, setChecks] = useState<Readonly<Record<string, SetCheck>>>({});
  const runningNow = useRef(new Set<string>());
  const abort = useRef(new AbortController());
  useEffect(() => () => abort.current.abort(), []);
  const tools = useRef<ToolFinder>(undefined);
  const verify = useCallback((dir: string) => {
    if (runningNow.current.has(dir)) return;
    runningNow.current.add(dir);
    setChecks((c) => ({ ...c, [dir]: { running: true } }));
    tools.current ??= new ToolFinder();
    const done = (check: SetCheck) => {
      runningNow.current.delete(dir);
      if (!abort.current.signal.aborted) setChecks((c) => ({ ...c, [dir]: check }));
    };
    verifySet(dir, tools.current, abort.current.signal).then(
      (verdict) => done({ running: false, verdict }),
      (error: unknown) => done({ running: false, error: errorLine(error) }),
    );
  }, []);
  const of = (dir: string): SetCheck | undefined => {
    const here = checks[dir];
    if (here) return here;
    const verdict = verdictOf(dir);
    return verdict ? { running: false, verdict } : undefined;
  };
  return { of, verify, running: (dir) => runningNow.current.has(dir) };
}
