import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../../core/errors.js';
import type { Install } from '../../core/discover/install.js';
import { executeRestore, prepareRestore, type PreparedRestore, type RestoreEvent, type RestoreOutcome } from '../../core/restore/restore-runner.js';
import { ToolFinder } from '../../core/process/tool-finder.js';
import { stopAppAndWait } from '../../core/restore/app-control.js';

export interface StepLine {
  readonly id: string;
  readonly phase: 'start' | 'done' | 'failed' | 'undone';
  readonly detail?: string;
}

export interface RestoreState {
  readonly preparing: boolean;
  readonly prepared?: PreparedRestore;
  readonly running: boolean;
  readonly lines: readonly StepLine[];
  readonly safetySet?: string;
  readonly outcome?: RestoreOutcome;
  readonly error?: string;
  /** What the last app stop said. */
  readonly note?: string;
}

export interface RestoreChoices {
  readonly snapshot: boolean;
  readonly upgrade: boolean;
  readonly startApp: boolean;
  readonly safetyDir: string;
}

/** Reads set and target (preflight) on mount; runs the restore when told to; events reach the screen ≤ 10×/s. */
export function useRestore(setDir: string, target: Install): { state: RestoreState; start: (choices: RestoreChoices) => void; stopApp: () => void } {
  const live = useRef<RestoreState>({ preparing: true, running: false, lines: [] });
  const [state, setState] = useState<RestoreState>(live.current);
  const tools = useRef(new ToolFinder());
  const update = (patch: Partial<RestoreState>) => {
    live.current = { ...live.current, ...patch };
  };
  const prepare = useCallback(() => {
    update({ preparing: true });
    prepareRestore(setDir, target, undefined, tools.current).then(
      (prepared) => update({ preparing: false, prepared }),
      (error: unknown) => update({ preparing: false, error: errorLine(error) }),
    );
  }, [setDir, target]);
  useEffect(() => {
    const timer = setInterval(() => setState((s) => (s === live.current ? s : live.current)), 100);
    prepare();
    return () => clearInterval(timer);
  }, [prepare]);
  /** Stops the running app (pm2 or compose) and checks everything again. */
  const stopApp = useCallback(() => {
    update({ preparing: true, note: 'Stopping the app…' });
    stopAppAndWait(target, tools.current).then((outcome) => {
      update({ note: outcome?.detail ?? 'The app was not running.' });
      prepare();
    });
  }, [target, prepare]);
  const start = useCallback((choices: RestoreChoices) => {
    const prepared = live.current.prepared;
    if (!prepared || live.current.running) return;
    update({ running: true });
    const onEvent = (event: RestoreEvent) => {
      if (event.type === 'step') update({ lines: [...live.current.lines, { id: event.id, phase: event.phase, detail: event.detail }] });
      else if (event.type === 'safety') update({ safetySet: event.dir });
      else if (event.type === 'app') update({ note: event.outcome.detail });
    };
    executeRestore(prepared, { ...choices, tools: tools.current, onEvent }).then(
      (outcome) => update({ running: false, outcome }),
      (error: unknown) => update({ running: false, error: errorLine(error) }),
    );
  }, []);
  return { state, start, stopApp };
}
