import { useCallback, useEffect, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import { verifySet, type SetVerdict } from '../../core/verify/verify-set.js';

export interface VerifyState {
  readonly running: boolean;
  readonly verdict?: SetVerdict;
  readonly error?: string;
  run(): void;
}

/** Verifies a set on demand (and once at mount when `now`). */
export function useVerify(dir: string | undefined, now = false): VerifyState {
  const [state, setState] = useState<{ running: boolean; verdict?: SetVerdict; error?: string }>({ running: false });
  const run = useCallback(() => {
    if (!dir) return;
    setState({ running: true });
    verifySet(dir, new ToolFinder()).then(
      (verdict) => setState({ running: false, verdict }),
      (error: unknown) => setState({ running: false, error: errorLine(error) }),
    );
  }, [dir]);
  useEffect(() => {
    if (now) run();
  }, [now, run]);
  return { ...state, run };
}
